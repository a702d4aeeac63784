"""Done when: a purge run on the demo process leaves no participant's name in the database, the
restitution documents or the open data; the facilitators' accounts stay."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from coprod.accounts.models import User
from coprod.demo.services import ensure_demo
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job, jobs_dir
from coprod.privacy.models import AuditEntry
from coprod.restitution import assembly, formats, opendata, opendata_process, process, tasks
from coprod.restitution import services as restitution
from coprod.testing.documents import read_back
from coprod.testing.scenarios import NAMES, run_to_the_end
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db
WITNESS = "Gérard Témoin"  # a witness who is not a participant (run_to_the_end)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def names_in_database(names) -> dict[str, list[str]]:
    """Every text column of every table, searched for each name: {name: ["app.Model.field"]}."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._base_manager.values_list(*(f.attname for f in fields)):
            for f, value in zip(fields, row, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for name in names:
                    if name.casefold() in (text or "").casefold():
                        found.setdefault(name, []).append(f"{model._meta.label}.{f.name}")
    return found


def names_in(text: str, names) -> list[str]:
    return [n for n in names if n.casefold() in text.casefold()]


@pytest.fixture
def demo(clock, settings):
    """The demo workshop run to its end by six named participants, with a restitution already
    published and a document made (a file with names) before the purge."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    ensure_demo()
    workshop = Workshop.objects.get(title__contains="Atelier")
    user = workshop.facilitators.get()
    # The scenario adds this public to the process itself.
    workshop.process.target_publics.filter(name="Personnes âgées").delete()
    ran = run_to_the_end(workshop, user, clock)
    restitution.publish(workshop, actor=user)
    jobs.start(
        tasks.workshop_document,
        kind=Kind.WORKSHOP_DOCUMENT,
        actor=user,
        workshop=workshop,
        params={"format": "md", "public": False},
    )
    return ran


def test_the_demo_holds_the_names_before_the_purge(demo):
    """The scans find what they look for: the names are in the database, the documents made
    earlier and the facilitators' restitution before the purge."""
    found = names_in_database([*NAMES, WITNESS])
    assert set(found) == {*NAMES, WITNESS}
    assert "participants.Participant.name" in found["Alice Martin"]
    files = [p.read_text() for p in jobs_dir().rglob("result")]
    assert "Alice Martin" in "".join(files)  # she agreed to be named
    document = assembly.build(demo.workshop, public=False)
    _headings, lines = read_back("md", formats.render(document, "md"))
    assert "Alice Martin" in "\n".join(lines)


def test_a_purge_past_the_retention_leaves_no_name_anywhere(
    demo, clock, client, django_capture_on_commit_callbacks
):
    workshop = demo.workshop
    workshop.refresh_from_db()
    due = workshop.process.retention_due()
    facilitators = set(User.objects.values_list("username", flat=True))
    clock.now += timedelta(days=1)
    call_command("purge", stdout=io.StringIO())
    workshop.refresh_from_db()
    assert workshop.purged_at is None, "not before the due date"

    clock.now = clock.now.replace(year=due.year, month=due.month, day=due.day)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the files go once it is written
        call_command("purge", stdout=out)
    assert "6 participants pseudonymisés" in out.getvalue()
    workshop.refresh_from_db()
    assert workshop.purged_at == clock.now

    everyone = [*NAMES, WITNESS]
    assert names_in_database(everyone) == {}
    assert [p.name for p in workshop.participants.order_by("joined_at", "id")] == [
        f"Participant {n}" for n in range(1, 7)
    ]
    assert set(User.objects.values_list("username", flat=True)) == facilitators
    assert not [p for p in jobs_dir().rglob("*") if p.is_file()], "documents made earlier"
    assert not Job.objects.filter(workshop=workshop).exists()

    for public in (False, True):
        document = assembly.build(workshop, public=public)
        for fmt in formats.FORMATS:
            _headings, lines = read_back(fmt, formats.render(document, fmt))
            assert names_in("\n".join(lines), everyone) == [], (fmt, public)
        whole = process.build(workshop.process, public=public)
        _headings, lines = read_back("md", formats.render(whole, "md"))
        assert names_in("\n".join(lines), everyone) == []

    data = json.dumps(opendata.workshop_data(workshop), ensure_ascii=False)
    data += json.dumps(opendata_process.process_data(workshop.process), ensure_ascii=False)
    for archive in (
        opendata.workshop_csv(workshop),
        opendata_process.process_csv(workshop.process),
    ):
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            data += "".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert names_in(data, everyone) == []

    client.force_login(demo.facilitator)
    for url in (
        reverse("restitution:workshop", args=[workshop.pk]),
        reverse("restitution:public", args=[workshop.publication.key]),
        reverse("restitution:process", args=[workshop.process.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert names_in(page.content.decode(), everyone) == [], url
    page = client.get(reverse("workshops:detail", args=[workshop.pk]))
    assert "Données personnelles pseudonymisées le" in page.content.decode()

    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.actor is None and entry.details["participants"] == 6
    assert names_in(json.dumps(entry.details, ensure_ascii=False) + entry.target, everyone) == []
