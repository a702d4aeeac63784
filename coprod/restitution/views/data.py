"""Open data downloads of a workshop (JSON, ZIP of CSV files), for facilitators and process owners.

No participant's name is in them (`opendata`); the schema is in docs/open-data.md.
"""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from coprod.core.downloads import attachment, json_attachment

from .. import opendata
from .documents import _workshop, file_name_stem


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
    name = f"{file_name_stem(found, 'donnees')}.zip"
    return attachment(opendata.workshop_csv(found), "application/zip", name)
