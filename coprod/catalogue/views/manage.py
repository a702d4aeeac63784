"""Keeping the catalogue: list and search, one action, create and edit, import, export.

The catalogue belongs to a process (it outlives each workshop): pages live under
/demarches/<id>/actions/ and need `catalogue.view_catalogue` or `catalogue.change_catalogue`.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coprod.core.downloads import attachment
from coprod.processes.models import Process

from .. import importing, spreadsheets
from ..forms import ActionForm, ImportForm, PublicForm, SearchForm
from ..models import Action
from ..services import actions as services

PAGE_SIZE = 50
PREVIEW_ROWS = 200  # rows shown in the preview table; every error is listed apart
PENDING_KEY = "catalogue_imports"
PENDING_MAX_AGE = 24 * 3600


def _process(request, process_id, perm="catalogue.view_catalogue") -> Process:
    process = get_object_or_404(Process, pk=process_id)
    if not request.user.has_perm(perm, process):
        raise PermissionDenied(
            _(
                "Le catalogue est tenu par les chargés de mission de la démarche et les "
                "animateurs de ses ateliers."
            )
        )
    return process


def _can_change(request, process) -> bool:
    return request.user.has_perm("catalogue.change_catalogue", process)


@login_required
@require_GET
def action_list(request, process_id):
    process = _process(request, process_id)
    form = SearchForm(request.GET, process=process)
    filters = form.filters()
    actions = services.search_actions(process, **filters).prefetch_related("publics")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "process": process,
        "form": form,
        "page": page,
        "count": page.paginator.count,
        "searching": any(filters.values()),
        "can_change": _can_change(request, process),
        "public_form": PublicForm(),
        "formats": importing.FORMATS,
    }
    return render(request, "catalogue/list.html", context)


@login_required
@require_GET
def action_detail(request, process_id, action_id):
    process = _process(request, process_id)
    action = get_object_or_404(
        Action.objects.prefetch_related("publics", "priority_items"),
        pk=action_id,
        process=process,
    )
    context = {
        "process": process,
        "action": action,
        "links": services.link_list(action),
        "testimonies": action.testimonies.select_related("workshop").order_by("-created_at"),
        "levers": action.levers.all(),
        "can_change": _can_change(request, process),
    }
    return render(request, "catalogue/detail.html", context)


def _form_page(request, process, form, action=None, status=200):
    context = {"process": process, "form": form, "action": action}
    return render(request, "catalogue/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def action_form(request, process_id, action_id=None):
    """Create an action, or edit one when `action_id` is given."""
    process = _process(request, process_id, "catalogue.change_catalogue")
    action = None
    if action_id is not None:
        action = get_object_or_404(Action, pk=action_id, process=process)
    if request.method == "GET":
        initial = ActionForm.initial_for(action) if action else None
        return _form_page(request, process, ActionForm(initial=initial, process=process), action)
    form = ActionForm(request.POST, process=process)
    if form.is_valid():
        try:
            saved = services.save_action(
                process, actor=request.user, data=form.cleaned_data, action=action
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Action enregistrée.") if action else _("Action ajoutée au catalogue."),
            )
            return redirect("catalogue:detail", process.pk, saved.pk)
    return _form_page(request, process, form, action, status=400)


@login_required
@require_POST
def add_public(request, process_id):
    process = _process(request, process_id, "catalogue.change_catalogue")
    form = PublicForm(request.POST)
    if form.is_valid():
        try:
            public = services.add_public(
                process, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Public cible « %(name)s » disponible.") % {"name": public})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("catalogue:list", process.pk)


@login_required
@require_GET
def export(request, process_id, fmt):
    process = _process(request, process_id)
    if fmt not in importing.FORMATS:
        raise Http404
    content, content_type, filename = importing.export_actions(process, actor=request.user, fmt=fmt)
    return attachment(content, content_type, filename)


# --- Import: upload → preview → confirm ---------------------------------------------------------
# The uploaded file waits between the two steps in the data folder (a session would carry
# megabytes at every request); the session only remembers its random name.


def _pending_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep_upload(request, process, *, filename, data, create_publics) -> str:
    folder = _pending_dir()
    for old in folder.glob("*.upload"):  # forgotten previews
        if old.stat().st_mtime < time.time() - PENDING_MAX_AGE:
            old.unlink(missing_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.upload").write_bytes(data)
    pending = request.session.get(PENDING_KEY, {})
    if previous := pending.get(str(process.pk)):
        (folder / f"{previous['token']}.upload").unlink(missing_ok=True)
    pending[str(process.pk)] = {
        "token": token,
        "filename": filename,
        "create_publics": create_publics,
    }
    request.session[PENDING_KEY] = pending
    return token


def _pending(request, process) -> dict | None:
    return request.session.get(PENDING_KEY, {}).get(str(process.pk))


def _forget_upload(request, process) -> None:
    pending = request.session.get(PENDING_KEY, {})
    if entry := pending.pop(str(process.pk), None):
        (_pending_dir() / f"{entry['token']}.upload").unlink(missing_ok=True)
        request.session[PENDING_KEY] = pending


def _import_page(request, process, *, form=None, preview=None, token="", errors=(), status=200):
    context = {
        "process": process,
        "form": form or ImportForm(),
        "preview": preview,
        "shown_rows": preview.rows[:PREVIEW_ROWS] if preview else [],
        "hidden_rows": max(0, len(preview.rows) - PREVIEW_ROWS) if preview else 0,
        "token": token,
        "confirm_errors": errors,
        "columns": importing.COLUMNS,
        "max_rows": spreadsheets.MAX_ROWS,
    }
    return render(request, "catalogue/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, process_id):
    process = _process(request, process_id, "catalogue.change_catalogue")
    if request.method == "GET":
        return _import_page(request, process)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, process, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(spreadsheets.MAX_BYTES + 1)
    create_publics = form.cleaned_data["create_publics"]
    try:
        preview = importing.preview(process, upload.name, data, create_publics=create_publics)
    except ValidationError as error:
        form.add_error("file", error)
        return _import_page(request, process, form=form, status=400)
    token = ""
    if preview.ok:
        token = _keep_upload(
            request, process, filename=upload.name, data=data, create_publics=create_publics
        )
    return _import_page(request, process, form=form, preview=preview, token=token)


@login_required
@require_POST
def import_confirm(request, process_id):
    process = _process(request, process_id, "catalogue.change_catalogue")
    pending = _pending(request, process)
    path = _pending_dir() / f"{pending['token']}.upload" if pending else None
    if pending is None or not path.exists():
        messages.error(
            request,
            _("Le fichier à importer n'est plus disponible : déposez-le de nouveau."),
        )
        return redirect("catalogue:import", process.pk)
    data = path.read_bytes()
    if request.POST.get("token") != pending["token"]:
        # Another tab uploaded a newer file: show what would really be imported.
        preview = importing.preview(
            process, pending["filename"], data, create_publics=pending["create_publics"]
        )
        errors = [_("Un autre fichier a été déposé depuis : vérifiez cet aperçu avant d'importer.")]
        return _import_page(
            request, process, preview=preview, token=pending["token"], errors=errors, status=409
        )
    try:
        result = importing.import_actions(
            process,
            actor=request.user,
            filename=pending["filename"],
            data=data,
            create_publics=pending["create_publics"],
        )
    except ValidationError as error:
        try:
            preview = importing.preview(
                process, pending["filename"], data, create_publics=pending["create_publics"]
            )
        except ValidationError:
            preview = None
        return _import_page(
            request,
            process,
            preview=preview,
            token=pending["token"] if preview and preview.ok else "",
            errors=error.messages,
            status=400,
        )
    _forget_upload(request, process)
    messages.success(
        request,
        _("Import terminé : %(created)s, %(updated)s, %(duplicates)s.")
        % {
            "created": ngettext("%(n)d action créée", "%(n)d actions créées", result.created)
            % {"n": result.created},
            "updated": ngettext(
                "%(n)d action mise à jour", "%(n)d actions mises à jour", result.updated
            )
            % {"n": result.updated},
            "duplicates": ngettext(
                "%(n)d doublon ignoré", "%(n)d doublons ignorés", result.duplicates
            )
            % {"n": result.duplicates},
        },
    )
    return redirect("catalogue:list", process.pk)
