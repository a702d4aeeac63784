"""Open data downloads of a workshop (JSON, ZIP of CSV files), for facilitators and process owners.

No participant's name is in them (`opendata`); the schema is in docs/open-data.md.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from coprod.core.downloads import json_attachment
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind

from .. import opendata, tasks
from ..filenames import file_name_stem
from .documents import _workshop


@login_required
@require_GET
def data_json(request, workshop_id):
    found = _workshop(request, workshop_id)
    return json_attachment(
        opendata.workshop_data(found), f"{file_name_stem(found, 'donnees')}.json"
    )


@login_required
@require_GET
def data_csv(request, workshop_id):
    found = _workshop(request, workshop_id)
    job = jobs.start(
        tasks.workshop_data,
        kind=Kind.WORKSHOP_DATA,
        actor=request.user,
        workshop=found,
        back_url=reverse("restitution:workshop", args=[found.pk]),
    )
    return redirect(job)
