"""Keeping the catalogue: list and search, one action, create and edit, import, export.

The catalogue belongs to the organisation (it outlives each workshop and each process); it is
kept from one of its processes: pages live under /demarches/<id>/actions/ and need `catalogue.view_catalogue` or `catalogue.change_catalogue`.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coprod.core import spreadsheets
from coprod.core.downloads import attachment
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job
from coprod.processes.models import Process

from .. import importing, tasks
from ..forms import ActionForm, ImportForm, PublicForm, SearchForm
from ..models import Action
from ..services import actions as services

PAGE_SIZE = 50


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


def _testimonies(user, action) -> list:
    """Each with `shown_name`: its witness's name for the facilitators of the workshop where
    it was given, elsewhere only with the witness's consent (`Testimony.name_seen_from`)."""
    found = list(action.testimonies.select_related("workshop", "witness").order_by("-created_at"))
    for t in found:
        runs_it = t.workshop is not None and user.has_perm("workshops.run_workshop", t.workshop)
        t.shown_name = t.name_seen_from(t.workshop_id if runs_it else None)
    return found


@login_required
@require_GET
def action_detail(request, process_id, action_id):
    process = _process(request, process_id)
    action = get_object_or_404(
        Action.objects.of_process(process)
        .select_related("origin_process")
        .prefetch_related("publics", "priority_items"),
        pk=action_id,
    )
    origin = action.origin_process
    context = {
        "process": process,
        "action": action,
        # Another process's title only for those who may read that process.
        "origin": origin
        if origin and request.user.has_perm("processes.view_process", origin)
        else None,
        "links": services.link_list(action),
        "testimonies": _testimonies(request.user, action),
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
        action = get_object_or_404(Action.objects.of_process(process), pk=action_id)
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
# Both reading the file for its preview and importing it run in the worker (tasks.py): the upload
# waits in the preview job's folder, and the confirmation starts the import from that same file.


def _import_page(request, process, *, form=None, preview=None, preview_job=None, status=200):
    context = {
        "process": process,
        "form": form or ImportForm(),
        "preview": preview,
        "shown_rows": preview["rows"] if preview else [],
        "hidden_rows": preview["hidden"] if preview else 0,
        "preview_job": preview_job,
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
    try:
        spreadsheets.check_file(upload.name, upload.size)
    except ValidationError as error:
        form.add_error("file", error)
        return _import_page(request, process, form=form, status=400)
    job = jobs.start(
        tasks.preview_catalogue,
        kind=Kind.CATALOGUE_PREVIEW,
        actor=request.user,
        process=process,
        params={"filename": upload.name, "create_publics": form.cleaned_data["create_publics"]},
        upload=upload.read(spreadsheets.MAX_BYTES + 1),
        back_url=reverse("catalogue:import", args=[process.pk]),
    )
    return redirect(job)


def _preview_job(request, process, job_id) -> Job | None:
    """The preview `job_id` names (`jobs.kept_preview`: this person's, of this process, still
    kept); its id is the token the confirmation sends, the file waits in its folder."""
    return jobs.kept_preview(request.user, job_id, kind=Kind.CATALOGUE_PREVIEW, process=process)


def _posted_preview(request, process) -> Job | None:
    return _preview_job(request, process, request.POST.get("preview", ""))


def _gone(request, process):
    """A preview that is not (or no longer) there: unknown, foreign, tampered, forgotten."""
    messages.error(
        request, _("Le fichier à importer n'est plus disponible : déposez-le de nouveau.")
    )
    return redirect("catalogue:import", process.pk)


@login_required
@require_GET
def import_preview(request, process_id, job_id):
    process = _process(request, process_id, "catalogue.change_catalogue")
    job = _preview_job(request, process, job_id)
    if job is None:
        return _gone(request, process)
    preview = json.loads(job.result_path.read_text(encoding="utf-8"))
    return _import_page(request, process, preview=preview, preview_job=job)


@login_required
@require_POST
def import_confirm(request, process_id):
    process = _process(request, process_id, "catalogue.change_catalogue")
    preview_job = _posted_preview(request, process)
    if preview_job is None:
        return _gone(request, process)
    # Confirming twice (a double click, the back button) follows the import already started.
    if started := jobs.started_from(request.user, preview_job, kind=Kind.CATALOGUE_IMPORT):
        return redirect(started)
    job = jobs.start(
        tasks.import_catalogue,
        kind=Kind.CATALOGUE_IMPORT,
        actor=request.user,
        process=process,
        params={
            "filename": preview_job.params["filename"],
            "create_publics": preview_job.params["create_publics"],
            "preview": str(preview_job.pk),
        },
        upload=preview_job.input_path.read_bytes(),
        back_url=reverse("catalogue:import_preview", args=[process.pk, preview_job.pk]),
    )
    return redirect(job)


@login_required
@require_POST
def import_cancel(request, process_id):
    """Forget the uploaded file at once: nothing was imported, nothing of it stays here."""
    process = _process(request, process_id, "catalogue.change_catalogue")
    preview_job = _posted_preview(request, process)
    if preview_job is not None:
        preview_job.remove_files()
    messages.success(request, _("Import annulé : le catalogue n'a pas changé."))
    return redirect("catalogue:import", process.pk)
