"""The process's restitution page, its downloads, its open data and `coprod report --process`:
for its process owners and the facilitators of its workshops, nobody else."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from coprod.participants.session import remember_participant
from coprod.restitution.typography import french
from coprod.testing.factories import ParticipantFactory, UserFactory, WorkshopFactory
from coprod.testing.jobs import job_result
from coprod.testing.process_scenario import BUS, EXTRA_NAMES, run_process

SCRIPT = '<script>alert("x")</script>'


def page(process, fmt=None):
    if fmt is None:
        return reverse("restitution:process", args=[process.pk])
    return reverse("restitution:process_download", args=[process.pk, fmt])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def run(complete):
    return run_process(complete)


def test_the_page_lists_workshops_links_and_downloads(run, facilitator_client):
    body = facilitator_client.get(page(run.process)).content.decode()
    positions = [body.index(french(w.title)) for w in run.workshops]
    assert positions == sorted(positions)  # in the order they took place
    for workshop in run.workshops:
        assert reverse("restitution:workshop", args=[workshop.pk]) in body
    for fmt in ("pdf", "odt", "docx", "md"):
        assert page(run.process, fmt) in body
    assert reverse("restitution:process_data_json", args=[run.process.pk]) in body
    assert reverse("restitution:process_data_csv", args=[run.process.pk]) in body
    assert "Des items plébiscités aux projets" in body
    assert french(BUS) in body
    assert "Présenté par" in body


def test_linked_from_each_workshop_restitution_page(run, facilitator_client):
    for workshop in run.workshops:
        url = reverse("restitution:workshop", args=[workshop.pk])
        assert page(run.process) in facilitator_client.get(url).content.decode()


def test_page_escapes_html(run, facilitator_client):
    run.process.title = SCRIPT
    run.process.save()
    body = facilitator_client.get(page(run.process)).content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;" in body


def test_process_owner_may(run):
    owner = UserFactory(username="chargee")
    run.process.owners.add(owner)
    client = logged_in(owner)
    assert client.get(page(run.process)).status_code == 200
    response = job_result(client, page(run.process, "md"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"


def test_facilitator_of_one_workshop_may_with_names_of_theirs_only(run):
    """The other workshops are shown as in their public version; no link to their pages."""
    other = UserFactory(username="animateur-vigny")
    later = run.workshops[2]
    later.facilitators.add(other)
    client = logged_in(other)
    response = client.get(page(run.process))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("restitution:workshop", args=[later.pk]) in body
    assert reverse("restitution:workshop", args=[run.workshops[1].pk]) not in body
    assert "les autres ateliers y figurent dans leur version publique" in body


def test_a_facilitator_of_another_process_is_refused(run, stranger):
    WorkshopFactory(facilitators=[stranger])  # theirs, in another process
    client = logged_in(stranger)
    for url in (page(run.process), page(run.process, "pdf")):
        assert client.get(url).status_code == 403
    data = reverse("restitution:process_data_json", args=[run.process.pk])
    assert client.get(data).status_code == 403


def test_a_participant_is_sent_to_sign_in(run):
    """A participant has no account: the page asks to sign in and shows nothing."""
    participant = ParticipantFactory(workshop=run.workshops[0])
    client = Client()
    session = client.session
    remember_participant(session, participant)
    session.save()
    response = client.get(page(run.process))
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_unknown_process_or_format(run, facilitator_client):
    assert (
        facilitator_client.get(page(run.process).replace(str(run.process.pk), "999999")).status_code
        == 404
    )
    assert facilitator_client.get(f"{page(run.process)}rtf/").status_code == 404


def test_pdf_download(run, facilitator_client):
    run.process.title = "Démarche de progrès du Vexin"
    run.process.save()
    response = job_result(facilitator_client, page(run.process, "pdf") + "?public=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="restitution-demarche-de-progres-du-vexin-public.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages)
    for name in EXTRA_NAMES:
        assert name not in text


def test_open_data_downloads(run, facilitator_client):
    response = facilitator_client.get(
        reverse("restitution:process_data_json", args=[run.process.pk])
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert [w["number"] for w in json.loads(response.content)["workshops"]] == [1, 2, 3]
    response = job_result(
        facilitator_client, reverse("restitution:process_data_csv", args=[run.process.pk])
    )
    assert response["Content-Type"] == "application/zip"
    assert "demarche_liens.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_report_command_writes_the_process(run, tmp_path):
    out = tmp_path / "demarche.md"
    stdout = io.StringIO()
    call_command(
        "report", "--process", str(run.process.pk), "--format", "md", "--output", str(out),
        stdout=stdout,
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    assert "## 2. Des items plébiscités aux projets" in text
    for workshop in run.workshops:
        assert french(workshop.title) in text
    assert "Restitution de la démarche écrite dans" in stdout.getvalue()


def test_report_command_needs_one_of_workshop_or_process(db, tmp_path):
    with pytest.raises(CommandError, match="Aucune démarche n° 999"):
        call_command(
            "report", "--process", "999", "--format", "md", "--output", str(tmp_path / "x")
        )
    with pytest.raises(CommandError, match="soit un numéro d'atelier, soit --process"):
        call_command("report", "--format", "md", "--output", str(tmp_path / "x"))
