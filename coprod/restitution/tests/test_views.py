"""The facilitator's restitution page and its downloads."""

import pytest
from django.urls import reverse

from coprod.action_sheets import services as sheets
from coprod.grouping.models import Synthesis
from coprod.testing.factories import UserFactory
from coprod.testing.jobs import job_result
from coprod.testing.scenarios import CONSENTING, NAMES, NOT_CONSENTING

SCRIPT = '<script>alert("x")</script>'


def url(workshop, fmt=None):
    if fmt is None:
        return reverse("restitution:workshop", args=[workshop.pk])
    return reverse("restitution:download", args=[workshop.pk, fmt])


def test_preview_escapes_html(complete, facilitator_client):
    """A `<script>` in a synthesis or a sheet field is shown as text."""
    Synthesis.objects.filter(cluster__workshop=complete.workshop).update(text=SCRIPT)
    sheet = complete.sheets[1]
    state = sheets.values_of(sheet)["means"]
    sheets.save_field(
        sheet, "means", value=SCRIPT, base_version=state.version, actor=complete.facilitator
    )
    response = facilitator_client.get(url(complete.workshop))
    assert response.status_code == 200
    body = response.content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    for fmt in ("pdf", "odt", "docx", "md"):
        assert url(complete.workshop, fmt) in body


def test_preview_public_names_nobody(complete, facilitator_client):
    body = facilitator_client.get(url(complete.workshop) + "?public=1").content.decode()
    for name in NAMES:
        assert name not in body
    assert "Participation par type de structure" in body


def test_preview_names_only_those_who_agreed(complete, facilitator_client):
    """The facilitators' preview names nobody who did not agree, and shows the chart by type
    of organisation as an SVG with its text alternative."""
    body = facilitator_client.get(url(complete.workshop)).content.decode()
    for name in NOT_CONSENTING:
        assert name not in body
    for name in CONSENTING:
        assert name in body
    assert "Participation par type de structure" in body
    assert 'aria-label="Participation par type de structure. Collectivité, élu·e' in body


def test_pdf_download(complete, facilitator_client):
    complete.workshop.title = "Atelier 4 : se déplacer"
    complete.workshop.save()
    response = job_result(facilitator_client, url(complete.workshop, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="restitution-atelier-4-se-deplacer.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_markdown_download(complete, facilitator_client):
    response = job_result(facilitator_client, url(complete.workshop, "md") + "?public=1")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('-public.md"')
    text = response.content.decode()
    assert "## 2. Participants" in text
    assert "Alice Martin" not in text  # the public version: not even those who agreed
    assert "| Mairie de Marines | 3 |" in text


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_office_downloads(complete, facilitator_client, fmt, content_type):
    """ODT and DOCX come from their renderers, with their content type and file name."""
    response = job_result(facilitator_client, url(complete.workshop, fmt))
    assert response["Content-Type"] == content_type
    title = complete.workshop.title.lower().replace(" ", "-")
    assert response["Content-Disposition"] == f'attachment; filename="restitution-{title}.{fmt}"'
    assert response.content.startswith(b"PK")  # both are zip packages


def test_unknown_format(complete, facilitator_client):
    path = f"/ateliers/{complete.workshop.pk}/restitution/rtf/"
    assert facilitator_client.get(path).status_code == 404


def test_process_owner_may(workshop, client):
    owner = UserFactory(username="chargee")
    workshop.process.owners.add(owner)
    client.force_login(owner)
    assert client.get(url(workshop)).status_code == 200
    assert job_result(client, url(workshop, "md")).status_code == 200


@pytest.mark.parametrize("fmt", [None, "pdf", "md"])
def test_strangers_are_refused(workshop, client, stranger, fmt):
    client.force_login(stranger)
    assert client.get(url(workshop, fmt)).status_code == 403


def test_anonymous_goes_to_login(workshop, client):
    response = client.get(url(workshop, "pdf"))
    assert response.status_code == 302


def test_linked_from_the_workshop_page(workshop, facilitator_client):
    body = facilitator_client.get(workshop.get_absolute_url()).content.decode()
    assert url(workshop) in body
