"""Export → import → export gives the same content; a re-import replaces, never duplicates."""

import json

import pytest

from coprod.action_sheets import services as sheets
from coprod.action_sheets.models import FieldValue
from coprod.archives import fileformat, services
from coprod.catalogue.models import Action, Lever
from coprod.participants.models import Participant
from coprod.proposals.models import Proposal
from coprod.restitution.models import Publication
from coprod.workshops.models import Workshop

from .conftest import read_data, read_manifest, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def central(complete, facilitator):
    """The central server's view: the facilitator also owns the process there."""
    complete.workshop.process.owners.add(facilitator)
    return complete


def test_round_trip_gives_the_same_content(central, facilitator):
    """The central server, given the laptop's archive of a deleted workshop, rebuilds it so
    exactly that its own export holds the same data, dates of every row included."""
    first = services.export_workshop(central.workshop, actor=facilitator)
    before = row_counts()
    central.workshop.delete()
    loaded = services.import_archive(first.body, actor=facilitator)
    assert not loaded.replaced
    after = row_counts()
    assert after.pop("workshops.workshop") == before.pop("workshops.workshop")
    # The catalogue kept its actions and levers when the workshop went: found again, not doubled.
    assert after == before
    second = services.export_workshop(loaded.workshop, actor=facilitator)
    assert read_data(second.body) == read_data(first.body)
    assert read_manifest(second.body)["files"] == read_manifest(first.body)["files"]
    tables = read_data(first.body)["tables"]
    assert len(tables["participants.participant"]) == 6
    assert len(tables["voting.consentballot"]) == 18
    assert len(tables["action_sheets.revision"]) >= 13


def test_the_rebuilt_workshop_has_its_own_secrets(central, facilitator):
    """Join code, board address and phone tokens are this server's own, never the laptop's."""
    old = central.workshop
    old_hashes = set(Participant.objects.filter(workshop=old).values_list("token_hash", flat=True))
    body = services.export_workshop(old, actor=facilitator).body
    old_code, old_board = old.join_code, old.board_key
    old.delete()
    new = services.import_archive(body, actor=facilitator).workshop
    assert new.uuid == old.uuid
    assert (new.join_code, new.board_key) != (old_code, old_board)
    hashes = set(Participant.objects.filter(workshop=new).values_list("token_hash", flat=True))
    assert len(hashes) == 6 and not hashes & old_hashes
    assert b"token_hash" not in body and old_board.encode() not in body


def test_sheet_lists_point_to_the_rebuilt_rows(central, facilitator):
    """A sheet's publics, existing actions and levers name the same things after the trip."""
    body = services.export_workshop(central.workshop, actor=facilitator).body
    central.workshop.delete()
    new = services.import_archive(body, actor=facilitator).workshop
    sheet = new.sheets.get(number=1)
    values = {
        v.name: json.loads(v.value)
        for v in FieldValue.objects.filter(sheet=sheet)
        if v.name in ("publics", "builds_on", "levers")
    }
    assert [p.name for p in new.process.target_publics.filter(pk__in=values["publics"])] == [
        "Personnes âgées"
    ]
    assert list(
        Action.objects.filter(pk__in=values["builds_on"]).values_list("title", flat=True)
    ) == ["Transport à la demande de Magny"]
    lever = Lever.objects.get(pk__in=values["levers"])
    assert lever.workshop == new and lever.title == "Appel à projets mobilité rurale"


def test_reimport_replaces_in_place_without_duplicating(central, facilitator):
    """Importing the same workshop again keeps its row and address and adds no row anywhere;
    what changed on the laptop since the first archive is what the central server shows."""
    workshop = central.workshop
    body = services.export_workshop(workshop, actor=facilitator).body
    services.import_archive(body, actor=facilitator)  # the first trip home
    before = row_counts()
    code = Workshop.objects.get(pk=workshop.pk).join_code
    # Meanwhile on the laptop: a proposal is reworded, a sheet field is edited.
    proposal = Proposal.objects.filter(workshop=workshop).first()
    Proposal.objects.filter(pk=proposal.pk).update(text="Un minibus le vendredi aussi")
    sheet = workshop.sheets.get(number=2)
    sheets.save_field(sheet, "means", value="Une subvention", base_version=0, actor=facilitator)
    later = services.export_workshop(workshop, actor=facilitator).body

    loaded = services.import_archive(later, actor=facilitator)

    assert loaded.replaced and loaded.workshop.pk == workshop.pk
    assert Workshop.objects.filter(uuid=workshop.uuid).count() == 1
    assert Workshop.objects.get(pk=workshop.pk).join_code == code
    after = row_counts()
    # The new edit added one field value and one revision; nothing else moved.
    assert after.pop("action_sheets.fieldvalue") == before.pop("action_sheets.fieldvalue") + 1
    assert after.pop("action_sheets.revision") == before.pop("action_sheets.revision") + 1
    assert after == before
    assert Proposal.objects.filter(workshop=workshop, text="Un minibus le vendredi aussi").exists()
    assert FieldValue.objects.get(
        sheet__workshop=workshop, sheet__number=2, name="means"
    ).value == ("Une subvention")


def test_reimport_keeps_the_public_restitution_address(central, facilitator):
    """A published restitution stays at the address already shared after a re-import."""
    workshop = central.workshop
    publication = Publication.objects.create(workshop=workshop, published=True)
    body = services.export_workshop(workshop, actor=facilitator).body
    assert publication.key.encode() not in body
    services.import_archive(body, actor=facilitator)
    again = Publication.objects.get(workshop=workshop)
    assert again.key == publication.key and again.published


def test_reimport_follows_the_levers_renamed_on_the_laptop(central, facilitator):
    """A lever renamed since the first trip replaces the old one instead of adding a second."""
    workshop = central.workshop
    services.import_archive(
        services.export_workshop(workshop, actor=facilitator).body, actor=facilitator
    )
    count = Lever.objects.count()
    lever = workshop.levers.get(title="Fonds départemental")
    Lever.objects.filter(pk=lever.pk).update(title="Fonds départemental d'innovation")
    body = services.export_workshop(workshop, actor=facilitator).body
    Lever.objects.filter(pk=lever.pk).update(title="Fonds départemental")  # the central copy

    services.import_archive(body, actor=facilitator)

    assert Lever.objects.count() == count
    titles = set(workshop.levers.values_list("title", flat=True))
    assert "Fonds départemental d'innovation" in titles and "Fonds départemental" not in titles


def test_control_characters_kept_by_a_laptop_are_dropped_on_import(
    central, facilitator, no_archive_key
):
    """A laptop's SQLite kept the NULs and escapes sent before they were refused, and
    PostgreSQL cannot hold a NUL: the import drops them, the words arrive as people saw them."""
    body = services.export_workshop(central.workshop, actor=facilitator).body
    data = read_data(body)
    proposal = data["tables"]["proposals.proposal"][0]
    person = data["tables"]["participants.participant"][0]
    said, name = proposal["text"], person["name"]
    proposal["text"] = f"{said[:3]}\x00{said[3:]}\x1b"
    person["name"] = f"{name}\x00\x7f"
    central.workshop.delete()
    archive = fileformat.write(read_manifest(body), data)
    new = services.import_archive(archive, actor=facilitator).workshop
    assert Proposal.objects.filter(workshop=new, text=said).exists()
    assert Participant.objects.filter(workshop=new, name=name).exists()
    assert not Proposal.objects.filter(text__contains="\x1b").exists()


def test_both_texts_of_a_step_travel(central, facilitator, no_archive_key):
    """The participants' text and the facilitator's notes both leave and come back."""
    step = central.workshop.steps.order_by("position").first()
    step.instructions, step.facilitator_notes = "Bienvenue à tous.", "Penser au micro."
    step.save()
    body = services.export_workshop(central.workshop, actor=facilitator).body
    row = next(r for r in read_data(body)["tables"]["agenda.step"] if r["position"] == 1)
    assert (row["instructions"], row["facilitator_notes"]) == (
        "Bienvenue à tous.",
        "Penser au micro.",
    )
    central.workshop.delete()
    new = services.import_archive(body, actor=facilitator).workshop
    first = new.steps.order_by("position").first()
    assert (first.instructions, first.facilitator_notes) == (
        "Bienvenue à tous.",
        "Penser au micro.",
    )


def test_an_archive_from_before_the_two_texts_is_split_on_import(
    central, facilitator, no_archive_key
):
    """An archive written when a step had one text (`instructions` only): the built-in
    template's text, meant for the facilitator, arrives as the notes and the room gets the
    template's participant text; a text the facilitator typed stays for the room."""
    from coprod.agenda.presets import VEXIN_RUNNING_ORDER

    seed_text = next(text for kind, *_r, text in VEXIN_RUNNING_ORDER if kind == "proposals")
    body = services.export_workshop(central.workshop, actor=facilitator).body
    data = read_data(body)
    for row in data["tables"]["agenda.step"]:
        del row["facilitator_notes"]
        row["instructions"] = seed_text if row["kind"] == "proposals" else "Texte tapé."
    central.workshop.delete()
    archive = fileformat.write(read_manifest(body), data)
    new = services.import_archive(archive, actor=facilitator).workshop
    proposals = new.steps.get(kind="proposals")
    assert proposals.instructions.startswith("Écrivez vos propositions")
    assert proposals.facilitator_notes == seed_text
    other = new.steps.exclude(kind="proposals").first()
    assert (other.instructions, other.facilitator_notes) == ("Texte tapé.", "")
