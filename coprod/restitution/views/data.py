"""Open data downloads of a workshop (JSON, ZIP of CSV files), for facilitators and process owners.

No participant's name is in them (`opendata`); the schema is in docs/open-data.md.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .. import opendata
from .documents import _workshop, file_name_stem


@login_required
@require_GET
def data_json(request, workshop_id):
    found = _workshop(request, workshop_id)
    body = json.dumps(opendata.workshop_data(found), ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name_stem(found, "donnees")}.json"'
    )
    return response


@login_required
@require_GET
def data_csv(request, workshop_id):
    found = _workshop(request, workshop_id)
    response = HttpResponse(opendata.workshop_csv(found), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name_stem(found, "donnees")}.zip"'
    )
    return response
