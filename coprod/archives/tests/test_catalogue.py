"""Shared rows are merged by identity: the process by its uuid, priority items and publics by
their folded text, actions by title and organisation, accounts by username (never created)."""

import pytest

from coprod.archives import services
from coprod.catalogue import text
from coprod.catalogue.models import Action, Presentation
from coprod.processes.models import PriorityItem, Process, TargetPublic

from .conftest import row_counts

pytestmark = pytest.mark.django_db


def test_an_action_already_in_the_central_catalogue_is_reused(complete, facilitator):
    """The central catalogue holds one of the workshop's actions (written in other capitals and
    accents) but not the other: the first is reused as it is, the second is added."""
    workshop = complete.workshop
    process = workshop.process
    process.owners.add(facilitator)
    body = services.export_workshop(workshop, actor=facilitator).body
    workshop.delete()
    magny = Action.objects.of_process(process).get(title="Transport à la demande de Magny")
    Action.objects.filter(pk=magny.pk).update(
        title="TRANSPORT a la demande de magny", description="La fiche du catalogue central"
    )
    Action.objects.of_process(process).filter(title="Épicerie solidaire").delete()

    loaded = services.import_archive(body, actor=facilitator)

    assert Action.objects.of_process(process).count() == 2
    magny.refresh_from_db()
    assert magny.description == "La fiche du catalogue central"  # the central copy wins
    shown = Presentation.objects.filter(workshop=loaded.workshop).order_by("position")
    assert [p.action_id for p in shown][0] == magny.pk
    added = Action.objects.of_process(process).get(title="Épicerie solidaire")
    assert added.key == text.action_key(added.title, added.organisation)
    assert loaded.reused["catalogue.action"] == 1 and loaded.created["catalogue.action"] == 1
    # The orientation confirmed on the laptop still builds on the reused action.
    orientation = loaded.workshop.orientations.exclude(decision="").get()
    assert list(orientation.actions.all()) == [magny]


def test_priority_items_and_publics_are_matched_by_their_text(complete, facilitator):
    workshop = complete.workshop
    workshop.process.owners.add(facilitator)
    body = services.export_workshop(workshop, actor=facilitator).body
    workshop.delete()
    before = row_counts()
    loaded = services.import_archive(body, actor=facilitator)
    after = row_counts()
    for table in ("processes.process", "processes.priorityitem", "processes.targetpublic"):
        assert after[table] == before[table], table
    assert set(loaded.workshop.priority_items.all()) == set(
        PriorityItem.objects.filter(process=workshop.process)
    )
    assert TargetPublic.objects.filter(process=workshop.process).count() == 1


def test_a_server_without_the_process_gets_it_whole(complete, facilitator, chargee):
    """On a server that never saw the process and where nobody is called like the laptop's
    facilitator, the process is created with its uuid and catalogue, the person importing
    runs it, and no account is created."""
    workshop = complete.workshop
    process_uuid = workshop.process.uuid
    body = services.export_workshop(workshop, actor=facilitator).body
    workshop.process.delete()
    facilitator.username = "camille-ailleurs"
    facilitator.save()
    before = row_counts()

    loaded = services.import_archive(body, actor=chargee)

    assert loaded.process_created
    process = Process.objects.get(uuid=process_uuid)
    assert list(process.owners.all()) == [chargee]
    assert list(loaded.workshop.facilitators.all()) == [chargee]
    assert Action.objects.of_process(process).count() == 2
    assert PriorityItem.objects.filter(process=process).count() == 2
    assert row_counts()["accounts"] == before["accounts"]


def test_an_account_that_may_not_own_processes_cannot_create_one_by_import(
    complete, facilitator, stranger
):
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    complete.workshop.process.delete()
    before = row_counts()
    with pytest.raises(services.Refused, match="seuls les chargés de mission"):
        services.import_archive(body, actor=stranger)
    assert row_counts() == before


def test_facilitators_known_here_keep_running_the_workshop(complete, facilitator, stranger):
    """An account of the same username is the same facilitator; the importer, already
    entitled, adds nobody."""
    workshop = complete.workshop
    workshop.process.owners.add(stranger)
    body = services.export_workshop(workshop, actor=facilitator).body
    workshop.delete()
    loaded = services.import_archive(body, actor=stranger)
    assert list(loaded.workshop.facilitators.all()) == [facilitator]
