"""Orientation (« supports ou nouveau ? »): phones vote once each, the facilitator confirms a
decision and its actions, recorded for the projects step; the board shows aggregates only."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from coprod.agenda.kinds import StepKind
from coprod.catalogue.models import Presentation
from coprod.participants.session import SESSION_KEY
from coprod.processes.models import PriorityItem
from coprod.testing.factories import ActionFactory, ParticipantFactory, UserFactory, WorkshopFactory
from coprod.testing.pages import visible_text
from coprod.voting import services
from coprod.voting.models import Orientation, OrientationBallot

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def actions(workshop):
    """Two actions presented in the workshop, one more in the catalogue only."""
    found = [
        ActionFactory(process=workshop.process, title="Transport à la demande"),
        ActionFactory(process=workshop.process, title="Épicerie itinérante"),
        ActionFactory(process=workshop.process, title="Permanences emploi"),
    ]
    for position, action in enumerate(found[:2], start=1):
        Presentation.objects.create(workshop=workshop, action=action, position=position)
    return found


@pytest.fixture
def opened(workshop, facilitator, validated, actions):
    return services.open_orientations(workshop, actor=facilitator)


def test_one_orientation_per_validated_synthesis(workshop, facilitator, validated, opened):
    assert [o.synthesis for o in opened] == validated
    assert all(o.is_open for o in opened)
    with pytest.raises(ValidationError, match="déjà ouvert"):
        services.open_orientations(workshop, actor=facilitator)


def test_without_validated_synthesis_one_per_priority_item(workshop, facilitator):
    items = [
        PriorityItem.objects.create(process=workshop.process, text=t, position=i)
        for i, t in enumerate(["Transports", "Services"], start=1)
    ]
    workshop.priority_items.set(items)
    opened = services.open_orientations(workshop, actor=facilitator)
    assert [o.subject for o in opened] == ["Transports", "Services"]


def test_ballots_count_once_each_and_change_until_closed(opened, people, actions, facilitator):
    first = opened[0]
    services.cast_orientation(
        first, participant=people[0], choice="build_on", actions=[actions[0].pk]
    )
    services.cast_orientation(first, participant=people[0], choice="new")
    services.cast_orientation(
        first, participant=people[1], choice="build_on", actions=[actions[0], actions[1]]
    )
    services.cast_orientation(first, participant=people[2], choice="build_on", actions=[actions[1]])
    (result,) = services.orientation_results([first])
    assert result["voters"] == 3
    assert result["counts"] == {"build_on": 2, "new": 1}
    assert result["leading"] == "build_on"
    assert [(a["title"], a["count"]) for a in result["actions"]] == [
        ("Épicerie itinérante", 2),
        ("Transport à la demande", 1),
    ]
    services.close_orientation(first, actor=facilitator)
    with pytest.raises(services.VoteClosed):
        services.cast_orientation(first, participant=people[3], choice="new")


def test_building_on_needs_presented_actions(opened, people, actions):
    with pytest.raises(ValidationError, match="au moins une action"):
        services.cast_orientation(opened[0], participant=people[0], choice="build_on")
    with pytest.raises(ValidationError, match="actions proposées"):
        services.cast_orientation(
            opened[0], participant=people[0], choice="build_on", actions=[actions[2].pk]
        )
    with pytest.raises(ValidationError, match="Choisissez"):
        services.cast_orientation(opened[0], participant=people[0], choice="maybe")


def test_participant_of_another_workshop_cannot_vote(opened):
    with pytest.raises(PermissionDenied):
        services.cast_orientation(opened[0], participant=ParticipantFactory(), choice="new")


def test_confirm_records_the_decision_and_its_actions(opened, facilitator, actions):
    first = services.confirm_orientation(
        opened[0], actor=facilitator, decision="build_on", actions=[actions[2].pk, actions[0].pk]
    )
    assert first.decision == "build_on" and first.status == "closed"
    assert set(first.actions.all()) == {actions[0], actions[2]}  # any catalogue action
    assert first.decided_by == facilitator and first.decided_at is not None
    second = services.confirm_orientation(opened[1], actor=facilitator, decision="new")
    assert second.decision == "new" and not second.actions.exists()


def test_confirm_is_refused_to_participants_and_other_workshops(
    opened, facilitator, stranger, actions
):
    with pytest.raises(PermissionDenied):
        services.confirm_orientation(opened[0], actor=stranger, decision="new")
    with pytest.raises(ValidationError, match="Cochez"):
        services.confirm_orientation(opened[0], actor=facilitator, decision="build_on")
    foreign = ActionFactory(title="Ailleurs")
    with pytest.raises(ValidationError):
        services.confirm_orientation(
            opened[0], actor=facilitator, decision="build_on", actions=[foreign.pk]
        )
    other = WorkshopFactory(facilitators=[UserFactory()])
    with pytest.raises(PermissionDenied):
        services.open_orientations(other, actor=facilitator)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_taps_store_one_ballot_each():
    facilitator = UserFactory(username="camille-orientation")
    workshop = WorkshopFactory(facilitators=[facilitator])
    item = PriorityItem.objects.create(process=workshop.process, text="Transports")
    workshop.priority_items.set([item])
    (orientation,) = services.open_orientations(workshop, actor=facilitator)
    people = [ParticipantFactory(workshop=workshop) for _ in range(8)]
    barrier = threading.Barrier(len(people) * 2)
    errors = []

    def tap(person, choice):
        try:
            barrier.wait()
            services.cast_orientation(orientation, participant=person, choice=choice)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=tap, args=(p, c)) for p in people for c in ("new", "build_on")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert OrientationBallot.objects.filter(orientation=orientation).count() == len(people)


# --- Pages ---------------------------------------------------------------------------------------


@pytest.fixture
def phone(client, workshop, people):
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): people[0].pk}
    session.save()
    return client


def test_phone_shows_the_open_orientation_whatever_the_step(phone, workshop, opened, actions):
    page = phone.get(f"/p/{workshop.pk}/")
    text = visible_text(page)
    assert "S'appuyer sur l'existant ou développer du nouveau ?" in text
    assert "Transport à la demande" in text and "Permanences emploi" not in text
    assert 'id="phone-personal-' in page.content.decode()


def test_phone_votes_and_errors_keep_the_choice(phone, workshop, opened, actions, people):
    key = f"o{opened[0].pk}"
    url = f"/p/{workshop.pk}/votes/orientation/{opened[0].pk}/"
    bad = phone.post(url, {f"{key}-choice": "build_on"}, headers=HX)
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'role="alert"' in body and "Cochez au moins une action" in body
    assert f'id="{key}-build_on" name="{key}-choice" value="build_on" checked' in body
    good = phone.post(
        url, {f"{key}-choice": "build_on", f"{key}-actions": [actions[1].pk]}, headers=HX
    )
    assert good.status_code == 200
    assert "Merci, votre réponse est enregistrée." in visible_text(good)
    assert OrientationBallot.objects.get(participant=people[0]).choice == "build_on"


def test_an_orientation_answers_with_its_own_section_and_its_error_beside_the_field(
    phone, workshop, opened, actions
):
    """The phone's htmx form swaps only its section: the reply holds that vote alone, with the
    refusal inside the fieldset it is about (described by it, the boxes marked invalid) and
    the choice just sent still ticked."""
    first, second = (f"o{o.pk}" for o in opened[:2])
    url = f"/p/{workshop.pk}/votes/orientation/{opened[0].pk}/"
    bad = phone.post(url, {f"{first}-choice": "build_on"}, headers=HX)
    assert bad.status_code == 400
    body = bad.content.decode()
    assert body.count("<section") == 1 and f'id="ballot-{first}"' in body
    assert f'id="ballot-{second}"' not in body
    assert f'<fieldset aria-describedby="{first}-actions-error">' in body
    assert f'id="{first}-actions-error">Cochez au moins une action' in body
    assert f'name="{first}-actions" value="{actions[0].pk}" aria-invalid="true"' in body
    assert f'id="{first}-build_on" name="{first}-choice" value="build_on" checked' in body


def test_an_error_on_one_orientation_does_not_stop_the_others_being_counted(
    phone, workshop, opened, actions, people
):
    """Refused on the first, answered on the second, then fixed on the first: both count."""
    first, second = opened[:2]
    base = f"/p/{workshop.pk}/votes/orientation"
    refused = phone.post(f"{base}/{first.pk}/", {f"o{first.pk}-choice": "build_on"}, headers=HX)
    assert refused.status_code == 400
    answered = phone.post(f"{base}/{second.pk}/", {f"o{second.pk}-choice": "new"}, headers=HX)
    assert answered.status_code == 200
    # Only the second's section comes back: the first keeps its error and its choice on screen.
    body = answered.content.decode()
    assert body.count("<section") == 1 and f'id="ballot-o{second.pk}"' in body
    fixed = phone.post(
        f"{base}/{first.pk}/",
        {f"o{first.pk}-choice": "build_on", f"o{first.pk}-actions": [actions[0].pk]},
        headers=HX,
    )
    assert fixed.status_code == 200
    ballots = OrientationBallot.objects.filter(participant=people[0])
    assert {(b.orientation_id, b.choice) for b in ballots} == {
        (first.pk, "build_on"),
        (second.pk, "new"),
    }


def test_an_orientation_without_htmx_answers_the_whole_panel_with_the_error_beside_it(
    phone, workshop, opened, actions
):
    key = f"o{opened[0].pk}"
    response = phone.post(
        f"/p/{workshop.pk}/votes/orientation/{opened[0].pk}/", {f"{key}-choice": "maybe"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Retour à l'atelier" in visible_text(response)
    assert all(f'id="ballot-o{o.pk}"' in body for o in opened)
    assert f'id="{key}-choice-error">Choisissez' in body
    assert f'<fieldset aria-describedby="{key}-choice-error">' in body


def test_a_closed_orientation_answers_in_the_whole_region(phone, workshop, opened, facilitator):
    services.close_orientation(opened[0], actor=facilitator)
    key = f"o{opened[0].pk}"
    response = phone.post(
        f"/p/{workshop.pk}/votes/orientation/{opened[0].pk}/", {f"{key}-choice": "new"}, headers=HX
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "closest .personal"
    assert "Ce vote est clos" in visible_text(response)


def test_board_shows_aggregates_never_names(facilitator_client, workshop, opened, people, run_to):
    run_to(workshop, StepKind.ORIENTATION)
    services.cast_orientation(opened[0], participant=people[0], choice="new")
    page = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/live/"))
    assert "1 réponse" in page and "développer du nouveau : 1 (100 %)" in page
    assert people[0].name not in page


def test_facilitator_opens_follows_and_confirms(facilitator_client, workshop, validated, actions):
    url = f"/ateliers/{workshop.pk}/orientation/"
    page = facilitator_client.get(url)
    assert "Ouvrir le vote d'orientation" in visible_text(page)
    opened = facilitator_client.post(f"{url}ouvrir/", headers=HX)
    assert "Vote d'orientation ouvert" in visible_text(opened)
    first = Orientation.objects.filter(workshop=workshop).first()
    missing = facilitator_client.post(
        f"{url}{first.pk}/confirmer/", {"decision": "build_on"}, headers=HX
    )
    assert missing.status_code == 400
    assert 'role="alert"' in missing.content.decode()
    done = facilitator_client.post(
        f"{url}{first.pk}/confirmer/",
        {"decision": "build_on", "actions": [actions[0].pk]},
        headers=HX,
    )
    assert "Décision enregistrée" in visible_text(done)
    first.refresh_from_db()
    assert first.decision == "build_on" and list(first.actions.all()) == [actions[0]]


def test_participants_cannot_reach_the_orientation_page(client, stranger, workshop):
    client.force_login(stranger)
    assert client.get(f"/ateliers/{workshop.pk}/orientation/").status_code == 403
    assert client.post(f"/ateliers/{workshop.pk}/orientation/ouvrir/").status_code == 403


def test_orientation_step_pages_use_few_queries(
    facilitator_client, workshop, opened, people, run_to, django_assert_max_num_queries
):
    run_to(workshop, StepKind.ORIENTATION)
    for person in people:
        services.cast_orientation(opened[0], participant=person, choice="new")
    # The console also reads its votes and orientation regions (decision forms, candidate
    # actions, who has not answered): more, but a fixed number whatever the head count.
    for url, most in (("/animer/{pk}/", 32), ("/tableau/{pk}/live/", 15)):
        with django_assert_max_num_queries(most):
            response = facilitator_client.get(url.format(pk=workshop.pk))
        assert "6 réponses" in visible_text(response)
    ParticipantFactory.create_batch(10, workshop=workshop)
    with django_assert_max_num_queries(32):
        facilitator_client.get(f"/animer/{workshop.pk}/")
