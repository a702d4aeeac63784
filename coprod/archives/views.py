"""Download a workshop's archive (its facilitators), import one (any signed-in account; the
service decides what that account may replace)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from coprod.core.downloads import attachment
from coprod.workshops.access import facilitated
from coprod.workshops.models import Workshop

from . import services
from .fileformat import MAX_UPLOAD_BYTES
from .forms import ImportForm

DONE_KEY = "archives_imported"


@login_required
@require_GET
def export(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    exported = services.export_workshop(workshop, actor=request.user)
    return attachment(exported.body, "application/zip", exported.filename)


def _done(request) -> dict | None:
    """What the last import of this session did, shown once after the redirect."""
    done = request.session.pop(DONE_KEY, None)
    if not isinstance(done, dict):
        return None
    workshop = Workshop.objects.filter(pk=done.get("workshop")).first()
    if workshop is None or not request.user.has_perm("workshops.view_workshop", workshop):
        return None
    return {**done, "workshop": workshop}


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    if request.method == "GET":
        return render(
            request, "archives/import.html", {"form": ImportForm(), "done": _done(request)}
        )
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        raw = form.cleaned_data["file"].read(MAX_UPLOAD_BYTES + 1)
        try:
            loaded = services.import_archive(raw, actor=request.user)
        except services.Refused as refused:
            form.add_error("file", refused.message)
        else:
            request.session[DONE_KEY] = {
                "workshop": loaded.workshop.pk,
                "replaced": loaded.replaced,
                "reused_actions": loaded.reused.get("catalogue.action", 0),
                "created_actions": loaded.created.get("catalogue.action", 0),
            }
            return redirect("archives:import")
    return render(request, "archives/import.html", {"form": form}, status=400)
