from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import text
from .models import Action, Lever, Testimony
from .services.actions import check_fields, derived, duplicate_message, refresh_derived


class ActionAdminForm(forms.ModelForm):
    """The same rules as the catalogue's form (dates, links, duplicates), in the admin."""

    class Meta:
        model = Action
        fields = [
            "owner",
            "origin_process",
            "title",
            "description",
            "organisation",
            "partners",
            "publics",
            "scope",
            "places",
            "status",
            "started_on",
            "ended_on",
            "contact",
            "links",
            "priority_items",
            "is_example",
        ]

    def clean(self):
        data = super().clean()
        fields = ("title", "description", "organisation", "partners", "places", "contact")
        plain = {f: data.get(f, "") for f in (*fields, "links", "started_on", "ended_on")}
        values, errors = check_fields(plain)
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        owner, origin = data.get("owner"), data.get("origin_process")
        if owner is not None and origin is not None and origin.organisation_id != owner.pk:
            self.add_error(
                "origin_process", _("Cette démarche est celle d'une autre organisation.")
            )
        if owner is not None and not errors:
            key = derived(values, [])["key"]
            same = Action.objects.filter(owner=owner, key=key).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("title", duplicate_message(values["title"], values["organisation"]))
        return data


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    form = ActionAdminForm
    list_display = ["title", "organisation", "owner", "scope", "status", "is_example", "pages"]
    list_filter = ["owner", "status", "scope", "is_example", "publics"]
    search_fields = ["title", "organisation", "search_text"]
    filter_horizontal = ["publics", "priority_items"]
    readonly_fields = ["key", "search_text", "created_at", "updated_at"]
    list_select_related = ["owner"]

    @admin.display(description=_("catalogue"))
    def pages(self, obj):
        if obj.origin_process_id is None:
            return ""
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("catalogue:list", args=[obj.origin_process_id]),
            _("voir le catalogue"),
            reverse("catalogue:import", args=[obj.origin_process_id]),
            _("importer"),
        )

    def get_search_results(self, request, queryset, search_term):
        # Folded words also find « Épicerie » when « epicerie » is typed.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        folded = queryset
        for word in text.fold(search_term).split():
            folded = folded.filter(search_text__contains=word)
        if search_term.strip():
            found = found | folded
        return found, duplicates

    def save_model(self, request, obj, form, change):
        values = {f: getattr(obj, f) for f in ("title", "description", "organisation")}
        values.update({f: getattr(obj, f) for f in ("partners", "places", "contact")})
        found = derived(values, [])
        obj.key, obj.search_text = found["key"], found["search_text"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_derived(form.instance)  # after the publics are saved: they are searchable


class ReadMostlyAdmin(admin.ModelAdmin):
    """Written during workshops by the live steps; the admin corrects text, nothing more."""

    def has_add_permission(self, request):
        return False


@admin.register(Testimony)
class TestimonyAdmin(ReadMostlyAdmin):
    list_display = ["witness_name", "witness_organisation", "action", "workshop", "created_at"]
    list_filter = ["workshop"]
    search_fields = ["witness_name", "witness_organisation", "content", "action__title"]
    readonly_fields = ["action", "workshop", "witness", "entered_by", "created_at", "updated_at"]
    list_select_related = ["action", "workshop"]


@admin.register(Lever)
class LeverAdmin(ReadMostlyAdmin):
    list_display = ["title", "kind", "process", "workshop", "due_on"]
    list_filter = ["kind", "process"]
    search_fields = ["title", "description", "source"]
    readonly_fields = ["process", "workshop", "author", "entered_by", "created_at", "updated_at"]
    filter_horizontal = ["priority_items", "actions"]
    list_select_related = ["process", "workshop"]
