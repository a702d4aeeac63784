"""The public JSON API v1 (/api/v1/): live state, joining, driving, mood."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from coprod.accounts.models import ApiToken
from coprod.accounts.services import create_api_token
from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.participants.models import MoodVote, Participant
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, StepFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant_token(workshop):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")
    return "jeton-de-jeanne"


def get_workshop(client, workshop, token):
    return client.get(f"/api/v1/workshops/{workshop.pk}", headers=bearer(token))


# --- Reading the live state -------------------------------------------------------------------


def test_workshop_state_before_the_start(client, workshop, facilitator_token):
    """Title, question, the nine steps with type/title/minutes/status, no current step nor timer."""
    response = get_workshop(client, workshop, facilitator_token)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == workshop.title
    assert body["question"] == workshop.question
    assert body["status"] == "draft"
    assert body["current_step"] is None
    assert body["timer"] is None
    assert [s["minutes"] for s in body["steps"]] == [10, 20, 5, 15, 15, 10, 5, 35, 10]
    assert body["steps"][2] | {"id": None} == {
        "id": None,
        "position": 3,
        "type": "mood",
        "title": "Comment ça va ?",
        "minutes": 5,
        "status": "planned",
        "instructions": "Dites-nous comment vous allez. Votre réponse est anonyme.",
        "facilitator_notes": "Comment ça va ?",
    }


def test_facilitator_notes_reach_facilitator_tokens_only(
    client, workshop, facilitator_token, participant_token
):
    """Every reader gets the participants' text; only a facilitator's token gets the notes,
    also in the answer to a step move."""
    room = get_workshop(client, workshop, participant_token).json()["steps"][3]
    assert room["instructions"].startswith("Écrivez vos propositions")
    assert "facilitator_notes" not in room
    assert "tableau" not in get_workshop(client, workshop, participant_token).text
    facilitator = get_workshop(client, workshop, facilitator_token).json()["steps"][3]
    assert facilitator["instructions"] == room["instructions"]
    assert "L’inscrire sur le tableau" in facilitator["facilitator_notes"]
    started = client.post(
        f"/api/v1/workshops/{workshop.pk}/start", headers=bearer(facilitator_token)
    ).json()
    assert started["steps"][0]["facilitator_notes"].startswith("Rappel du titre")


def test_running_timer_gives_its_absolute_end(
    client, workshop, facilitator, facilitator_token, clock
):
    first = agenda.start_workshop(workshop, actor=facilitator)
    body = get_workshop(client, workshop, facilitator_token).json()
    assert body["status"] == "live"
    assert body["current_step"] == first.pk
    assert body["steps"][0]["status"] == "running"
    assert body["timer"]["status"] == "running"
    assert body["timer"]["remaining_seconds"] is None
    assert datetime.fromisoformat(body["timer"]["ends_at"]) == clock.now + timedelta(minutes=10)


def test_paused_timer_gives_the_seconds_left(
    client, workshop, facilitator, facilitator_token, clock
):
    agenda.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=3, seconds=30)
    agenda.pause_timer(workshop, actor=facilitator)
    timer = get_workshop(client, workshop, facilitator_token).json()["timer"]
    assert timer == {"status": "paused", "ends_at": None, "remaining_seconds": 390}


def test_participant_token_reads_its_own_workshop_only(client, workshop, participant_token):
    assert get_workshop(client, workshop, participant_token).status_code == 200
    other = WorkshopFactory()
    response = get_workshop(client, other, participant_token)
    assert response.status_code == 403
    assert response.json() == {"detail": "Ce jeton ne donne pas accès à cet atelier."}


def test_facilitator_token_reads_only_the_workshops_they_run(client, stranger, workshop):
    response = get_workshop(client, workshop, create_api_token(stranger))
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, bearer("jeton-inventé"), {"Authorization": "Basic eDp5"}])
def test_missing_or_bad_token_is_401_in_french(client, workshop, headers):
    response = client.get(f"/api/v1/workshops/{workshop.pk}", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'accès manquant ou invalide."}


@pytest.mark.parametrize("path", ["/workshops/{id}", "/workshops/{id}/proposals"])
def test_an_expired_facilitator_token_is_401_saying_so(client, workshop, facilitator, path):
    """Past its date (90 days by default) a token is refused with the date it expired, so its
    owner knows to ask for a new one rather than hunt for a typo."""
    token = create_api_token(facilitator)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    response = client.get("/api/v1" + path.format(id=workshop.pk), headers=bearer(token))
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert detail.startswith("Ce jeton d'accès a expiré le ")
    assert detail.endswith(" : demandez-en un nouveau.")


@pytest.mark.parametrize("path", ["/workshops/999999", "/workshops/999999/proposals"])
def test_unknown_workshop_is_404_in_french(client, facilitator_token, path):
    response = client.get(f"/api/v1{path}", headers=bearer(facilitator_token))
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable : rien ne correspond à cette adresse."}


# --- Joining ----------------------------------------------------------------------------------


def test_join_returns_a_participant_token_that_reads_the_workshop(client, workshop):
    code = workshop.join_code
    response = client.post(
        "/api/v1/join",
        {"code": f"{code[:3].lower()} {code[3:]}", "name": "Jeanne", "organisation": "CCAS"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    participant = Participant.objects.get()
    assert (body["workshop"], body["participant"]) == (workshop.pk, participant.pk)
    assert participant.organisation == "CCAS"
    assert get_workshop(client, workshop, body["token"]).json()["participants"] == 1


def test_join_with_an_unknown_code_is_400_in_french(client, workshop):
    response = client.post(
        "/api/v1/join", {"code": "ZZZZZZ", "name": "Jeanne"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ce code ne correspond à aucun atelier.")


def test_join_without_accepting_the_charter_is_400(client, workshop):
    response = client.post(
        "/api/v1/join",
        {"code": workshop.join_code, "name": "Jeanne", "accept_charter": False},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "acceptez les règles du jeu" in response.json()["detail"]
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ({"code": "ABCDEF"}, "Le champ « name » est obligatoire."),
        (
            {"code": "ABCDEF", "name": "x" * 81},
            "« name » ne doit pas dépasser 80 caractères.",
        ),
    ],
)
def test_join_schema_errors_are_422_in_french(client, payload, detail):
    response = client.post("/api/v1/join", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


def test_join_limits_wrong_codes_never_the_right_one(client, workshop, monkeypatch):
    """Past 10 wrong codes from one client the next wrong one gets 429; the right code joins."""
    from django_ratelimit import core

    now = core.time.time()
    monkeypatch.setattr(core, "time", type("FrozenTime", (), {"time": lambda: now}))

    def join(code):
        return client.post(
            "/api/v1/join", {"code": code, "name": "X"}, content_type="application/json"
        )

    assert [join("ZZZZZZ").status_code for _ in range(10)] == [400] * 10
    response = join("ZZZZZZ")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de codes erronés.")
    joined = join(workshop.join_code)
    assert joined.status_code == 201
    assert joined.json()["admission"] == "admitted"


# --- Driving the agenda -----------------------------------------------------------------------


def post(client, url, token, payload=None):
    return client.post(url, payload or {}, content_type="application/json", headers=bearer(token))


def test_facilitator_token_moves_to_the_next_and_previous_step(client, workshop, facilitator_token):
    base = f"/api/v1/workshops/{workshop.pk}"
    started = post(client, f"{base}/start", facilitator_token).json()
    steps = [s["id"] for s in started["steps"]]
    assert started["current_step"] == steps[0]
    after_next = post(client, f"{base}/steps/next", facilitator_token)
    assert after_next.status_code == 200
    assert after_next.json()["current_step"] == steps[1]
    assert after_next.json()["steps"][0]["status"] == "done"
    after_previous = post(client, f"{base}/steps/previous", facilitator_token).json()
    assert after_previous["current_step"] == steps[0]
    assert after_previous["steps"][1]["status"] == "planned"


def test_next_before_the_start_is_400_in_french(client, workshop, facilitator_token):
    response = post(client, f"/api/v1/workshops/{workshop.pk}/steps/next", facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "L'atelier n'est pas en cours : commencez-le d'abord."}


@pytest.mark.parametrize("action", ["start", "steps/next", "steps/previous"])
def test_participant_token_cannot_drive_the_workshop(
    client, workshop, facilitator, participant_token, action
):
    agenda.start_workshop(workshop, actor=facilitator)
    response = post(client, f"/api/v1/workshops/{workshop.pk}/{action}", participant_token)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Un jeton de participant ne permet pas d'animer l'atelier."
    }
    assert workshop.steps.live().get().position == 1


def test_facilitator_token_cannot_drive_another_workshop(client, facilitator_token):
    other = WorkshopFactory()
    response = post(client, f"/api/v1/workshops/{other.pk}/start", facilitator_token)
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == "draft"


def test_bad_token_cannot_drive(client, workshop):
    response = post(client, f"/api/v1/workshops/{workshop.pk}/start", "jeton-inventé")
    assert response.status_code == 401


# --- Mood -------------------------------------------------------------------------------------


def mood(client, workshop, token, payload):
    return post(client, f"/api/v1/workshops/{workshop.pk}/mood", token, payload)


def test_participant_answers_the_mood_check(client, workshop, participant_token, run_to):
    run_to(workshop, StepKind.MOOD)
    response = mood(client, workshop, participant_token, {"value": 4, "word": "Curieuse"})
    assert response.status_code == 200
    assert response.json() == {"value": 4, "word": "Curieuse"}
    assert mood(client, workshop, participant_token, {"value": 2}).json()["value"] == 2
    assert list(MoodVote.objects.values_list("value", flat=True)) == [2]


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ({"value": 0}, "« value » est hors des valeurs permises."),
        ({"value": 6}, "« value » est hors des valeurs permises."),
        ({"value": "beaucoup"}, "« value » n'a pas le bon type."),
        ({}, "Le champ « value » est obligatoire."),
        ({"value": 3, "word": "x" * 41}, "« word » ne doit pas dépasser 40 caractères."),
    ],
)
def test_bad_mood_values_are_422_in_french(
    client, workshop, participant_token, run_to, payload, detail
):
    run_to(workshop, StepKind.MOOD)
    response = mood(client, workshop, participant_token, payload)
    assert response.status_code == 422
    assert response.json() == {"detail": detail}
    assert not MoodVote.objects.exists()


def test_mood_outside_the_mood_step_is_400(client, workshop, participant_token, run_to):
    run_to(workshop, StepKind.ROUND_TABLE)
    response = mood(client, workshop, participant_token, {"value": 4})
    assert response.status_code == 400
    assert "n'est pas la séquence en cours" in response.json()["detail"]


def test_mood_on_another_workshop_is_403(client, participant_token, facilitator, run_to):
    other = WorkshopFactory(facilitators=[facilitator])
    StepFactory(workshop=other, kind=StepKind.MOOD)
    run_to(other, StepKind.MOOD)
    assert mood(client, other, participant_token, {"value": 4}).status_code == 403
    assert not MoodVote.objects.exists()


def test_mood_needs_a_participant_token(client, workshop, facilitator_token, run_to):
    """A facilitator's API token is not a participant: it cannot answer for itself."""
    run_to(workshop, StepKind.MOOD)
    assert mood(client, workshop, facilitator_token, {"value": 4}).status_code == 401


# --- Schema -----------------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/workshops/{workshop_id}",
        "/api/v1/join",
        "/api/v1/workshops/{workshop_id}/start",
        "/api/v1/workshops/{workshop_id}/steps/next",
        "/api/v1/workshops/{workshop_id}/steps/previous",
        "/api/v1/workshops/{workshop_id}/mood",
    } <= set(paths)
    assert "post" in paths["/api/v1/join"]
    mood_schema = response.json()["components"]["schemas"]["MoodIn"]["properties"]["value"]
    assert (mood_schema["minimum"], mood_schema["maximum"]) == (1, 5)
