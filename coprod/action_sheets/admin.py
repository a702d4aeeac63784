"""Read-mostly admin: sheets are written through the services (versions, conflicts, events),
so the admin shows them and lets one delete, nothing more."""

from django.contrib import admin

from .models import Comment, FieldValue, Referent, Revision, Seat, Sheet


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FieldValueInline(ReadOnlyInline):
    model = FieldValue
    fields = ["name", "value", "version", "updated_at"]
    readonly_fields = fields


class SeatInline(ReadOnlyInline):
    model = Seat
    fields = ["participant"]
    readonly_fields = fields


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sheet)
class SheetAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "workshop", "number", "orientation", "updated_at"]
    list_filter = ["workshop"]
    list_select_related = ["workshop", "orientation"]
    inlines = [FieldValueInline, SeatInline]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "name", "version", "author_name", "created_at"]
    list_filter = ["sheet__workshop", "name"]
    list_select_related = ["sheet"]
    search_fields = ["value", "author_name"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "sheet", "field", "is_critique", "author_name", "created_at"]
    list_filter = ["sheet__workshop", "is_critique"]
    list_select_related = ["sheet"]
    search_fields = ["text", "suggestion", "author_name"]


@admin.register(Referent)
class ReferentAdmin(ReadOnlyAdmin):
    list_display = ["participant", "workshop", "position"]
    list_filter = ["workshop"]
    list_select_related = ["participant", "workshop"]
