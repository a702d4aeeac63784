from django.urls import path, register_converter

from .formats import FORMATS
from .views import documents, slides


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

urlpatterns = document_patterns + slide_patterns
