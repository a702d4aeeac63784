"""Live steps of the catalogue: presenting actions, testimonies (two witnesses at most, even
when three tap at once), levers (validation, idempotency, order on the board)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.catalogue.models import Lever, Presentation
from coprod.catalogue.models import Testimony as Said  # not collected as a test class
from coprod.catalogue.services import live as services
from coprod.testing.factories import (
    SAID,
    ActionFactory,
    ParticipantFactory,
    UserFactory,
    WorkshopFactory,
    seed_agenda,
)

pytestmark = pytest.mark.django_db


# --- Presenting actions -----------------------------------------------------------------------------


def test_facilitator_presents_actions_in_order_and_shows_one_at_a_time(
    workshop, facilitator, catalogue
):
    created = services.present_actions(
        workshop, actor=facilitator, actions=[catalogue[2].pk, str(catalogue[0].pk)]
    )
    assert [p.action for p in services.presented(workshop)] == [catalogue[2], catalogue[0]]
    # The same action again is not presented twice.
    assert services.present_actions(workshop, actor=facilitator, actions=[catalogue[0]]) == []
    services.show(workshop, created[0], actor=facilitator)
    services.show(workshop, created[1], actor=facilitator)
    assert Presentation.objects.filter(workshop=workshop, is_current=True).count() == 1
    assert services.current_presentation(workshop).action == catalogue[0]


def test_next_action_follows_the_order_and_stops_at_the_last(workshop, facilitator, catalogue):
    services.present_actions(workshop, actor=facilitator, actions=catalogue)
    seen = [services.show_next(workshop, actor=facilitator).action for _ in catalogue]
    assert seen == catalogue
    with pytest.raises(ValidationError, match="dernière action"):
        services.show_next(workshop, actor=facilitator)


def test_move_and_withdraw_keep_positions_consecutive(workshop, facilitator, catalogue):
    created = services.present_actions(workshop, actor=facilitator, actions=catalogue)
    services.move(created[2], actor=facilitator, offset=-1)
    assert [p.action for p in services.presented(workshop)] == [
        catalogue[0],
        catalogue[2],
        catalogue[1],
    ]
    services.withdraw(created[0], actor=facilitator)
    assert [p.position for p in services.presented(workshop)] == [1, 2]


def test_only_the_organisation_s_catalogue_can_be_presented(workshop, facilitator, catalogue):
    foreign = ActionFactory(title="Ailleurs")  # another organisation's
    with pytest.raises(ValidationError, match="catalogue de l'organisation"):
        services.present_actions(workshop, actor=facilitator, actions=[foreign.pk])
    with pytest.raises(ValidationError):
        services.present_actions(workshop, actor=facilitator, actions=["abc"])


def test_only_facilitators_present(workshop, stranger, catalogue):
    with pytest.raises(PermissionDenied):
        services.present_actions(workshop, actor=stranger, actions=catalogue)


def test_search_folds_case_and_accents(workshop, catalogue):
    assert [a.title for a in services.search_catalogue(workshop, "EPICERIE")] == [
        "Épicerie itinérante"
    ]
    assert len(services.search_catalogue(workshop, "")) == 3  # not the other process's


# --- Testimonies ------------------------------------------------------------------------------------


def test_participant_testifies_during_the_step_and_may_change_it(
    workshop, shown, people, actions_step
):
    alice = people[0]
    testimony = services.testify(shown[0], participant=alice, **SAID)
    assert (testimony.witness_name, testimony.witness_organisation) == ("Alice", "Mairie")
    assert testimony.workshop == workshop
    again = services.testify(shown[0], participant=alice, **{**SAID, "content": "Le jeudi"})
    assert again.pk == testimony.pk
    assert Said.objects.get().content == "Le jeudi"


def test_the_third_witness_is_refused_in_french(workshop, shown, people, actions_step):
    services.testify(shown[0], participant=people[0], **SAID)
    services.testify(shown[0], participant=people[1], **SAID)
    with pytest.raises(ValidationError, match="déjà ses 2 témoins"):
        services.testify(shown[0], participant=people[2], **SAID)
    # Another action has its own two places.
    services.testify(shown[1], participant=people[2], **SAID)


def test_participants_testify_only_during_the_step(workshop, shown, people, run_to):
    with pytest.raises(ValidationError, match="séquence des actions existantes"):
        services.testify(shown[0], participant=people[0], **SAID)
    run_to(workshop, StepKind.LEVERS)
    with pytest.raises(ValidationError, match="séquence des actions existantes"):
        services.testify(shown[0], participant=people[0], **SAID)


def test_participant_of_another_workshop_cannot_testify(shown, actions_step):
    outsider = ParticipantFactory(name="Zoé")
    with pytest.raises(PermissionDenied):
        services.testify(shown[0], participant=outsider, **SAID)


def test_an_empty_or_too_long_testimony_is_refused_by_field(shown, people, actions_step):
    with pytest.raises(ValidationError) as empty:
        services.testify(shown[0], participant=people[0])
    assert "content" in empty.value.message_dict
    with pytest.raises(ValidationError) as long:
        services.testify(shown[0], participant=people[0], partners="x" * 1001)
    assert "1000 caractères" in long.value.message_dict["partners"][0]


def test_facilitator_enters_a_testimony_for_someone_else(workshop, facilitator, shown):
    testimony = services.testify(
        shown[0],
        actor=facilitator,
        witness_name="Mme Durand",
        witness_organisation="CCAS de Chars",
        **SAID,
    )
    assert testimony.witness is None and testimony.entered_by == facilitator
    bernard = ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)
    assert services.testify(shown[0], actor=facilitator, participant=bernard, **SAID).witness == (
        bernard
    )
    with pytest.raises(ValidationError, match="Donnez le nom"):
        services.testify(shown[1], actor=facilitator, **SAID)
    with pytest.raises(PermissionDenied):
        services.testify(shown[1], actor=facilitator, participant=ParticipantFactory(), **SAID)


def test_facilitator_deletes_a_testimony_to_free_a_place(facilitator, shown, people, actions_step):
    first = services.testify(shown[0], participant=people[0], **SAID)
    services.testify(shown[0], participant=people[1], **SAID)
    services.delete_testimony(first, actor=facilitator)
    services.testify(shown[0], participant=people[2], **SAID)
    assert Said.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_three_witnesses_at_once_make_exactly_two_testimonies():
    facilitator = UserFactory(username="camille-temoins")
    workshop = WorkshopFactory(facilitators=[facilitator])
    seed_agenda(workshop)
    agenda.start_workshop(workshop, actor=facilitator)
    while workshop.steps.live().first().kind != StepKind.EXISTING_ACTIONS:
        agenda.go_to_step(workshop, actor=facilitator, offset=1)
    action = ActionFactory(process=workshop.process)
    presentation = services.present_actions(workshop, actor=facilitator, actions=[action])[0]
    witnesses = [ParticipantFactory(workshop=workshop) for _ in range(3)]
    barrier = threading.Barrier(len(witnesses))
    outcomes = []

    def testify(person):
        try:
            barrier.wait()
            services.testify(presentation, participant=person, **SAID)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=testify, args=(p,)) for p in witnesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes.count("ok") == 2
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == 1 and "déjà ses 2 témoins" in refusals[0]
    assert Said.objects.filter(action=action, workshop=workshop).count() == 2


# --- Levers -----------------------------------------------------------------------------------------


def test_participant_adds_a_lever_with_its_items_and_actions(
    workshop, items, shown, people, levers_step
):
    lever = services.add_lever(
        workshop,
        author=people[0],
        kind="funding",
        title="Appel à projets mobilité rurale",
        due_on="2030-06-30",
        source="Site de la Région",
        priority_items=[items[0].pk],
        actions=[shown[0].action_id],
        client_key="k1",
    )
    assert lever.due_on == date(2030, 6, 30)
    assert list(lever.priority_items.all()) == [items[0]]
    assert list(lever.actions.all()) == [shown[0].action]
    assert lever.process == workshop.process


def test_the_same_client_key_gives_the_same_lever(workshop, people, levers_step):
    first = services.add_lever(
        workshop, author=people[0], kind="event", title="Fête du Parc", client_key="k"
    )
    again = services.add_lever(
        workshop, author=people[0], kind="event", title="Fête du Parc", client_key="k"
    )
    assert first.pk == again.pk and Lever.objects.count() == 1


def test_lever_fields_are_checked_in_french(workshop, items, shown, catalogue, people, levers_step):
    with pytest.raises(ValidationError) as error:
        services.add_lever(
            workshop,
            author=people[0],
            kind="rumour",
            title="",
            due_on="31/02/2030",
            priority_items=["999999"],
            actions=[catalogue[2].pk],  # in the catalogue, but not presented here
        )
    found = error.value.message_dict
    assert found["kind"] == ["Choisissez le type de levier."]
    assert "Nommez le levier" in found["title"][0]
    assert "JJ/MM/AAAA" in found["due_on"][0]
    assert "items plébiscités" in found["priority_items"][0]
    assert "pas été présentée" in found["actions"][0]
    assert Lever.objects.count() == 0


def test_participants_add_levers_only_during_the_step(workshop, people, actions_step):
    with pytest.raises(ValidationError, match="Conjonctures favorables"):
        services.add_lever(workshop, author=people[0], kind="event", title="Fête")


def test_facilitator_edits_and_deletes_a_lever(workshop, facilitator, stranger):
    lever = services.add_lever(workshop, actor=facilitator, kind="partner", title="La CAF")
    services.update_lever(lever, actor=facilitator, kind="partner", title="La CAF du Val-d'Oise")
    assert Lever.objects.get().title == "La CAF du Val-d'Oise"
    with pytest.raises(PermissionDenied):
        services.delete_lever(lever, actor=stranger)
    services.delete_lever(lever, actor=facilitator)
    assert not Lever.objects.exists()


def test_levers_are_grouped_by_type_soonest_deadline_first(workshop, facilitator):
    def add(kind, title, due=None):
        return services.add_lever(workshop, actor=facilitator, kind=kind, title=title, due_on=due)

    add("partner", "La CAF")
    add("funding", "Fonds sans date")
    add("funding", "AAP tardif", "2031-01-10")
    add("event", "Fête du Parc", "2030-09-01")
    add("funding", "AAP proche", "2030-05-01")
    groups = services.levers_by_kind(services.levers_of(workshop))
    assert [g["kind"] for g in groups] == ["funding", "event", "partner"]
    assert [lv.title for lv in groups[0]["levers"]] == [
        "AAP proche",
        "AAP tardif",
        "Fonds sans date",
    ]
