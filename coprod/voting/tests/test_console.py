"""The votes in the facilitator's console: tallies, objections, who has not voted, answers
entered for people without a phone, and who may use these controls."""

from html import unescape

import pytest
from django.test import Client

from coprod.participants.session import SESSION_KEY
from coprod.testing.factories import ParticipantFactory
from coprod.voting import services
from coprod.voting.models import ConsentBallot, GradeBallot, Orientation, OrientationBallot, Poll

from .conftest import BUS, SHOPS

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
REASON = "Les aînés ne sont pas cités."
SUGGESTION = "Ajouter « y compris les aînés sans voiture »."


def html(response) -> str:
    """The answer's text as a person reads it (entities such as &#x27; decoded)."""
    return unescape(response.content.decode())


def region(client, workshop) -> str:
    response = client.get(f"/animer/{workshop.pk}/votes/", headers=HX)
    assert response.status_code == 200
    return html(response)


@pytest.fixture
def objection(vote, people):
    services.cast_consent(vote, participant=people[0], choice="for")
    services.cast_consent(vote, participant=people[1], choice="live_with")
    return services.cast_consent(
        vote, participant=people[2], choice="objection", reason=REASON, suggestion=SUGGESTION
    )


def test_region_shows_the_tally_the_objection_and_who_has_not_voted(
    facilitator_client, workshop, vote, people, offline, objection
):
    page = region(facilitator_client, workshop)
    assert BUS in page
    assert "3 réponses" in page
    assert "1 personne peut vivre avec" in page
    assert "1 objection (anonyme) — 1 sans réponse" in page
    assert REASON in page and SUGGESTION in page
    assert "Si vous closez maintenant : synthèse non validée." in page
    # Six with a phone and Bernard without: three answered, four have not.
    assert "4 personnes n'ont pas encore voté :" in page
    for person in (people[3], people[4], people[5]):
        assert person.name in page
    assert "Bernard (sans téléphone)" in page
    # Never who objected.
    assert people[2].name not in page.split("n'ont pas encore voté")[0]


def test_answering_an_objection_in_place_unblocks_the_vote_and_is_announced(
    facilitator_client, workshop, vote, objection
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/objections/{objection.pk}/repondre/",
        {"answer": "Ils sont compris dans « chaque village »."},
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 200
    objection.refresh_from_db()
    assert objection.answer == "Ils sont compris dans « chaque village »."
    assert "Réponse :</strong> Ils sont compris" in page
    assert "Si vous closez maintenant : synthèse validée." in page
    assert '<p id="console-announce" hx-swap-oob="innerHTML">Réponse enregistrée' in page


def test_an_empty_answer_gets_a_french_alert_and_changes_nothing(
    facilitator_client, workshop, vote, objection
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/objections/{objection.pk}/repondre/",
        {"answer": "  "},
        headers=HX,
    )
    assert response.status_code == 400
    assert 'role="alert">Écrivez la réponse' in html(response)
    objection.refresh_from_db()
    assert objection.answer == ""


def test_the_vote_of_a_person_without_a_phone_is_recorded_and_they_leave_the_missing_list(
    facilitator_client, facilitator, workshop, vote, people, offline
):
    before = region(facilitator_client, workshop)
    assert "7 personnes n'ont pas encore voté :" in before
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{offline.pk}/",
        {"choice": "live_with"},
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 200
    ballot = ConsentBallot.objects.get(vote=vote, participant=offline)
    assert (ballot.choice, ballot.entered_by) == ("live_with", facilitator)
    assert "6 personnes n'ont pas encore voté :" in page
    assert "Réponse de Bernard enregistrée." in page
    assert "1 personne peut vivre avec" in page


def test_an_objection_for_a_person_without_a_phone_needs_its_reason(
    facilitator_client, workshop, vote, offline
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{offline.pk}/",
        {"choice": "objection", "suggestion": SUGGESTION},
        headers=HX,
    )
    assert response.status_code == 400
    assert "s'accompagne de sa raison" in html(response)
    assert not ConsentBallot.objects.exists()


def test_the_facilitator_cannot_vote_for_someone_with_a_phone(
    facilitator_client, workshop, vote, people
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{people[0].pk}/",
        {"choice": "for"},
        headers=HX,
    )
    assert response.status_code == 403
    assert "vote depuis son téléphone" in html(response)
    assert not ConsentBallot.objects.exists()


def test_the_last_vote_says_everyone_has_voted(facilitator_client, workshop, vote, offline):
    facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{offline.pk}/", {"choice": "for"}, headers=HX
    )
    assert "Tout le monde a voté." in region(facilitator_client, workshop)


def test_open_then_close_a_validation_vote_from_the_console(
    facilitator_client, workshop, synthesis, offline
):
    opened = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/syntheses/{synthesis.pk}/ouvrir/",
        {"min_share": "1/2"},
        headers=HX,
    )
    assert opened.status_code == 200
    assert "Vote de validation ouvert" in html(opened)
    vote = services.open_votes(workshop)[0]
    assert vote.min_share == "1/2"
    facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{offline.pk}/", {"choice": "for"}, headers=HX
    )
    closed = facilitator_client.post(f"/animer/{workshop.pk}/votes/{vote.pk}/clore/", headers=HX)
    page = html(closed)
    assert "Vote clos : la synthèse est validée." in page
    assert BUS not in page  # no open vote left in the region
    synthesis.refresh_from_db()
    assert synthesis.status == "validated"


def test_closing_twice_is_a_french_message_not_an_error(facilitator_client, workshop, vote):
    facilitator_client.post(f"/animer/{workshop.pk}/votes/{vote.pk}/clore/", headers=HX)
    again = facilitator_client.post(f"/animer/{workshop.pk}/votes/{vote.pk}/clore/", headers=HX)
    assert again.status_code == 400
    assert "Ce vote est déjà clos." in html(again)


def test_without_htmx_a_control_comes_back_to_the_console(
    facilitator_client, workshop, vote, offline
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{offline.pk}/", {"choice": "for"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/animer/{workshop.pk}/"


# --- Polls and orientation ----------------------------------------------------------------------


def test_a_poll_is_opened_voted_for_a_person_without_a_phone_and_closed(
    facilitator_client, facilitator, workshop, validated, offline, people
):
    poll = services.create_poll(workshop, actor=facilitator, title="Nos priorités")
    page = region(facilitator_client, workshop)
    assert "Nos priorités" in page and "Ouvrir le vote de priorités" in page
    facilitator_client.post(f"/animer/{workshop.pk}/votes/priorites/{poll.pk}/ouvrir/", headers=HX)
    options = list(poll.options.values_list("pk", flat=True))
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/priorites/{poll.pk}/pour/{offline.pk}/",
        {f"grade-{poll.pk}-{o}": "5" for o in options},
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 200
    assert GradeBallot.objects.filter(participant=offline).count() == len(options)
    assert "1 personne a voté" in page
    assert "6 personnes n'ont pas encore voté :" in page
    facilitator_client.post(f"/animer/{workshop.pk}/votes/priorites/{poll.pk}/clore/", headers=HX)
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED


def test_orientation_opened_answered_for_a_person_without_a_phone_and_confirmed(
    facilitator_client, workshop, validated, offline, people
):
    opened = facilitator_client.post(f"/animer/{workshop.pk}/orientation/ouvrir/", headers=HX)
    assert opened.status_code == 200
    page = html(opened)
    assert 'id="console-orientation"' in page
    assert "7 personnes n'ont pas encore voté :" in page
    orientation = Orientation.objects.get(synthesis=validated[1])
    answered = facilitator_client.post(
        f"/animer/{workshop.pk}/orientation/{orientation.pk}/pour/{offline.pk}/",
        {"choice": "new"},
        headers=HX,
    )
    assert answered.status_code == 200
    assert OrientationBallot.objects.get(participant=offline).choice == "new"
    confirmed = facilitator_client.post(
        f"/animer/{workshop.pk}/orientation/{orientation.pk}/confirmer/",
        {"decision": "new"},
        headers=HX,
    )
    assert confirmed.status_code == 200
    assert "Décision enregistrée" in html(confirmed)
    orientation.refresh_from_db()
    assert (orientation.decision, orientation.is_open) == ("new", False)
    assert SHOPS in html(confirmed)


def test_a_refused_decision_keeps_what_was_chosen(facilitator_client, workshop, validated):
    facilitator_client.post(f"/animer/{workshop.pk}/orientation/ouvrir/", headers=HX)
    orientation = Orientation.objects.get(synthesis=validated[0])
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/orientation/{orientation.pk}/confirmer/",
        {"decision": "build_on"},
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 400
    assert "Cochez la ou les actions existantes" in page
    assert (
        f'id="console-decision-{orientation.pk}-build_on" name="decision" value="build_on" checked'
        in page
    )


# --- Who may ------------------------------------------------------------------------------------


def _controls(workshop, vote, ballot, person):
    return [
        f"/animer/{workshop.pk}/votes/{vote.pk}/pour/{person.pk}/",
        f"/animer/{workshop.pk}/votes/objections/{ballot.pk}/repondre/",
        f"/animer/{workshop.pk}/votes/{vote.pk}/clore/",
        f"/animer/{workshop.pk}/orientation/ouvrir/",
    ]


def test_another_workshops_facilitator_is_refused_in_french(
    stranger, workshop, vote, objection, offline
):
    client = Client()
    client.force_login(stranger)
    for url in _controls(workshop, vote, objection, offline):
        response = client.post(url, {"choice": "for", "answer": "Non."}, headers=HX)
        assert response.status_code == 403, url
        assert "Seuls les animateurs de cet atelier" in html(response)
    assert client.get(f"/animer/{workshop.pk}/votes/", headers=HX).status_code == 403
    objection.refresh_from_db()
    assert objection.answer == "" and vote.ballots.count() == 3
    assert Orientation.objects.count() == 0


def test_a_participants_phone_is_refused_in_french(workshop, vote, objection, offline):
    phone = Client()
    alice = ParticipantFactory(workshop=workshop, name="Alice")
    session = phone.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    for url in _controls(workshop, vote, objection, offline):
        response = phone.post(url, {"choice": "for", "answer": "Non."}, headers=HX)
        assert response.status_code == 403, url
        assert "Seuls les animateurs de cet atelier" in html(response)
    assert vote.ballots.count() == 3


def test_an_unknown_workshop_is_a_404(facilitator_client, workshop):
    assert facilitator_client.post("/animer/999999/votes/1/clore/", headers=HX).status_code == 404
