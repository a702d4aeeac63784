from django.urls import path, register_converter

from .formats import FORMATS
from .views import data, documents, process, publication, slides


class FormatConverter:
    """Only the download formats: other words after restitution/ stay free (the slides)."""

    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "restitution_format")

app_name = "restitution"

# The workshop's restitution document: preview and downloads (facilitators, process owners)
document_patterns = [
    path("ateliers/<int:workshop_id>/restitution/", documents.workshop, name="workshop"),
    path(
        "ateliers/<int:workshop_id>/restitution/<restitution_format:fmt>/",
        documents.download,
        name="download",
    ),
]

# Slides for the restitution session (written apart: views/slides.py)
slide_patterns = [
    path("ateliers/<int:workshop_id>/restitution/diaporama/", slides.slides, name="slides"),
]

# Open data: JSON and a ZIP of CSV files, without names (views/data.py, docs/open-data.md)
data_patterns = [
    path("ateliers/<int:workshop_id>/restitution/donnees.json", data.data_json, name="data_json"),
    path("ateliers/<int:workshop_id>/restitution/donnees.zip", data.data_csv, name="data_csv"),
]

# Publication: the facilitator's buttons, then the public pages under an unguessable key
publication_patterns = [
    path(
        "ateliers/<int:workshop_id>/restitution/publier/",
        publication.publish,
        name="publish",
    ),
    path(
        "ateliers/<int:workshop_id>/restitution/retirer/",
        publication.unpublish,
        name="unpublish",
    ),
    path("restitution/<str:key>/", publication.public, name="public"),
    path(
        "restitution/<str:key>/<restitution_format:fmt>/",
        publication.public_download,
        name="public_download",
    ),
    path("restitution/<str:key>/partager/", publication.share, name="share"),
]

# The whole process: its page, its document and its open data (views/process.py)
process_patterns = [
    path("demarches/<int:process_id>/restitution/", process.page, name="process"),
    path(
        "demarches/<int:process_id>/restitution/<restitution_format:fmt>/",
        process.download,
        name="process_download",
    ),
    path(
        "demarches/<int:process_id>/restitution/donnees.json",
        process.data_json,
        name="process_data_json",
    ),
    path(
        "demarches/<int:process_id>/restitution/donnees.zip",
        process.data_csv,
        name="process_data_csv",
    ),
]

urlpatterns = (
    document_patterns + slide_patterns + data_patterns + publication_patterns + process_patterns
)
