"""The process pages: list, create, edit, and the process page that keeps its priority items
and target publics. Owners edit; facilitators of its workshops read; anyone else gets a 404.

Every control is a plain POST form answered by a redirect to the process page with a message
(no JavaScript needed); the services check and write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coprod.core.forms import refusal_text
from coprod.core.params import posted_id

from . import importing, services
from .forms import ImportForm, ItemForm, ProcessForm, PublicForm, offer_organisations
from .models import PriorityItem, Process, TargetPublic


def _process(request, pk, perm="processes.view_process") -> Process:
    """The process `request.user` may see (404 otherwise: other processes are not revealed);
    403 when they may see it but not do `perm`."""
    process = get_object_or_404(Process.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm(perm, process):
        raise PermissionDenied(
            _("Seuls les chargés de mission de cette démarche peuvent la modifier.")
        )
    return process


def _refused(request, refusal, status=403):
    return render(request, "core/refused.html", {"message": str(refusal)}, status=status)


def owner_only(view):
    """A write on the process page: its owners only (a facilitator gets the French reason)."""

    @login_required
    @require_POST
    def wrapped(request, pk, *args, **kwargs):
        try:
            process = _process(request, pk, "processes.change_process")
        except PermissionDenied as refusal:
            return _refused(request, refusal)
        try:
            return view(request, process, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, refusal_text(error))
            return redirect(process)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@login_required
def process_list(request):
    processes = Process.objects.visible_to(request.user).annotate(
        n_workshops=Count("workshops", distinct=True),
        n_items=Count("priority_items", distinct=True),
    )
    return render(
        request,
        "processes/list.html",
        {"processes": processes, "may_create": request.user.has_perm("processes.add_process")},
    )


@login_required
def process_create(request):
    if not request.user.has_perm("processes.add_process"):
        return _refused(
            request,
            _("Seuls les chargés de mission créent une démarche : demandez-le à l'un d'eux."),
        )
    return _process_form(request, None)


@login_required
def process_edit(request, pk):
    try:
        process = _process(request, pk, "processes.change_process")
    except PermissionDenied as refusal:
        return _refused(request, refusal)
    return _process_form(request, process)


def _process_form(request, process):
    """The process's form: a new one (`process` None) or an existing one's fields."""
    initial = {name: getattr(process, name) for name in ProcessForm.base_fields} if process else {}
    form = ProcessForm(request.POST or None, initial=initial)
    if process is None:
        offer_organisations(form, request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProcessForm.base_fields}
        try:
            if process is None:
                process = services.create_process(
                    actor=request.user, organisation=form.cleaned_data.get("organisation"), **fields
                )
                done = _("Démarche créée. Ajoutez ses items plébiscités.")
            else:
                services.update_process(process, actor=request.user, **fields)
                done = _("Démarche enregistrée.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(process)
    context = {"form": form, "process": process, "creating": process is None}
    return render(request, "processes/form.html", context, status=400 if form.errors else 200)


@login_required
def process_detail(request, pk):
    process = _process(request, pk)
    may_edit = request.user.has_perm("processes.change_process", process)
    items = process.priority_items.annotate(n_proposals=Count("proposals"))
    items = list(items.order_by("position", "pk"))  # GROUP BY drops Meta.ordering
    workshops = process.workshops.order_by("starts_at", "pk")
    mine = set(process.workshops.for_facilitator(request.user).values_list("pk", flat=True))
    context = {
        "process": process,
        "may_edit": may_edit,
        "items": items,
        "publics": process.target_publics.all(),
        "workshops": [
            (w, may_edit or request.user.is_superuser or w.pk in mine) for w in workshops
        ],
        "item_form": ItemForm(),
        "public_form": PublicForm(),
        "moved": posted_id(request.GET.get("deplace")),
        "direction": request.GET.get("sens", ""),
    }
    return render(request, "processes/detail.html", context)


def _typed(form_class, request) -> str:
    """The one field of an item's or a public's form, or its French refusal."""
    form = form_class(request.POST)
    (name,) = form_class.base_fields
    if not form.is_valid():
        raise ValidationError(form.errors[name])
    return form.cleaned_data[name]


def _back(request, process, anchor: str, done: str = ""):
    """The process page again, at the part the control changed, saying what it did."""
    if done:
        messages.success(request, done)
    return redirect(reverse("processes:detail", args=[process.pk]) + f"#{anchor}")


# Priority items


@owner_only
def add_item(request, process):
    services.add_priority_item(process, actor=request.user, text=_typed(ItemForm, request))
    return _back(request, process, "items", _("Item ajouté."))


def _item(process, item_id) -> PriorityItem:
    return get_object_or_404(PriorityItem, pk=item_id, process=process)


@owner_only
def rename_item(request, process, item_id):
    item = _item(process, item_id)
    services.rename_priority_item(item, actor=request.user, text=_typed(ItemForm, request))
    return _back(request, process, f"item-{item.pk}", _("Item enregistré."))


@owner_only
def move_item(request, process, item_id):
    item = _item(process, item_id)
    direction = request.POST.get("sens")
    offset = {"haut": -1, "bas": 1}.get(direction)
    if offset is None:
        raise ValidationError(_("Choisissez de monter ou de descendre l'item."))
    services.move_priority_item(item, actor=request.user, offset=offset)
    url = reverse("processes:detail", args=[process.pk])
    # No #fragment: browsers skip autofocus on a page opened at a fragment, and the focus
    # kept on the pressed button lets the keyboard press it again.
    return redirect(f"{url}?deplace={item.pk}&sens={direction}")


@owner_only
def remove_item(request, process, item_id):
    item = _item(process, item_id)
    raw = request.POST.get("move_to", "")
    move_to = posted_id(raw) if raw else None
    moved = services.remove_priority_item(item, actor=request.user, move_to=move_to)
    done = (
        ngettext(
            "Item supprimé ; sa proposition est passée à l'item choisi.",
            "Item supprimé ; ses %(n)d propositions sont passées à l'item choisi.",
            moved,
        )
        % {"n": moved}
        if moved
        else _("Item supprimé.")
    )
    return _back(request, process, "items", done)


# Importing priority items


@login_required
def import_items(request, pk):
    try:
        process = _process(request, pk, "processes.change_process")
    except PermissionDenied as refusal:
        return _refused(request, refusal)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = importing.preview(process, upload.name, upload.read(importing.MAX_BYTES + 1))
        except ValidationError as error:
            form.add_error("file", error)
    status = 400 if form.errors else 200
    context = {"process": process, "form": form, "preview": preview}
    return render(request, "processes/import.html", context, status=status)


@owner_only
def confirm_import(request, process):
    texts = request.POST.getlist("item")[: importing.MAX_ITEMS]
    if not texts:
        raise ValidationError(_("Aucun item à importer : déposez de nouveau le fichier."))
    publics = request.POST.getlist("public")[: importing.MAX_ITEMS]
    created = services.import_items(process, actor=request.user, texts=texts, publics=publics)
    n = len(created)
    return _back(
        request,
        process,
        "items",
        ngettext("%(n)d item importé.", "%(n)d items importés.", n) % {"n": n},
    )


# Target publics


def _public(process, public_id) -> TargetPublic:
    return get_object_or_404(TargetPublic, pk=public_id, process=process)


@owner_only
def add_public(request, process):
    services.add_target_public(process, actor=request.user, name=_typed(PublicForm, request))
    return _back(request, process, "publics", _("Public cible ajouté."))


@owner_only
def rename_public(request, process, public_id):
    public = _public(process, public_id)
    services.rename_target_public(public, actor=request.user, name=_typed(PublicForm, request))
    return _back(request, process, "publics", _("Public cible enregistré."))


@owner_only
def remove_public(request, process, public_id):
    services.remove_target_public(_public(process, public_id), actor=request.user)
    return _back(request, process, "publics", _("Public cible supprimé."))
