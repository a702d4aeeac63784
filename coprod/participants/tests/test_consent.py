"""Type of organisation and consent to be named: the join card, the phone's own card, the
facilitator's form for people without a phone, and the API."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.participants.models import Participant
from coprod.testing.factories import WorkshopFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

CONSENT = "J'accepte que mon nom figure dans la restitution de l'atelier"
CONSENT_HELP = (
    "Dans le document remis aux participants et aux partenaires ; sinon, seule votre structure "
    "est comptée. La version publiée en ligne ne contient aucun nom."
)
UNKNOWN_KIND = (
    "Type de structure inconnu : « mairie ». Valeurs possibles : collectivite, etat, "
    "association, social, entreprise, habitant, autre, ou vide."
)


def card(workshop, **fields):
    return {
        "code": workshop.join_code,
        "name": "Jeanne Martin",
        "organisation": "Mairie de Théméricourt",
        "accept_charter": "on",
    } | fields


# --- The join card ----------------------------------------------------------------------------


def test_join_card_asks_the_type_and_offers_an_unticked_consent(client, workshop):
    response = client.get(f"/j/{workshop.join_code}/")
    body = response.content.decode()
    text = visible_text(response)
    assert "Type de structure (facultatif)" in text
    assert '<select name="organisation_kind" id="id_organisation_kind">' in body
    assert '<option value="collectivite">Collectivité, élu·e</option>' in body
    assert CONSENT in text and CONSENT_HELP in text
    assert (
        '<input type="checkbox" name="name_consent" '
        'aria-describedby="id_name_consent_helptext" id="id_name_consent">'
    ) in body  # unticked, its help read with it


def test_joining_with_consent_and_type(client, workshop):
    response = client.post(
        f"/j/{workshop.join_code}/",
        card(workshop, organisation_kind="collectivite", name_consent="on"),
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.organisation_kind, participant.name_consent) == ("collectivite", True)


def test_joining_without_ticking_gives_no_consent(client, workshop):
    assert client.post(f"/j/{workshop.join_code}/", card(workshop)).status_code == 302
    participant = Participant.objects.get()
    assert (participant.organisation_kind, participant.name_consent) == ("", False)


def test_joining_with_an_unknown_type_is_refused_in_french(client, workshop):
    response = client.post(f"/j/{workshop.join_code}/", card(workshop, organisation_kind="mairie"))
    assert response.status_code == 400
    assert "Choisissez un type de structure de la liste." in visible_text(response)
    assert not Participant.objects.exists()


def test_join_card_keeps_the_answers_after_an_error(client, workshop):
    """A missing name sends the card back with the type and the consent still as given."""
    response = client.post(
        f"/j/{workshop.join_code}/",
        card(workshop, name="", organisation_kind="association", name_consent="on"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert '<option value="association" selected>Association</option>' in body
    assert (
        'name="name_consent" aria-describedby="id_name_consent_helptext" id="id_name_consent" checked'
        in body
    )


# --- The phone's own card -----------------------------------------------------------------------


HTMX = {"HX-Request": "true"}  # what the round-table form sends


def join_as(client, workshop, **fields) -> Participant:
    assert client.post(f"/j/{workshop.join_code}/", card(workshop, **fields)).status_code == 302
    return Participant.objects.get(workshop=workshop)


def test_participant_changes_their_consent_from_their_phone(client, workshop, run_to):
    """During the round table their card shows their answers; they tick, then untick."""
    participant = join_as(client, workshop, organisation_kind="etat")
    run_to(workshop, StepKind.ROUND_TABLE)
    page = client.get(f"/p/{workshop.pk}/").content.decode()
    assert CONSENT in visible_text(page)
    assert '<option value="etat" selected>' in page
    assert (
        'name="name_consent" aria-describedby="me-name_consent_helptext" id="me-name_consent">'
        in page
    )

    mine = {"name": "Jeanne Martin", "organisation": "DDT", "organisation_kind": "etat"}
    response = client.post(f"/p/{workshop.pk}/carte/", mine | {"name_consent": "on"}, headers=HTMX)
    assert "Votre carte est à jour." in visible_text(response)
    participant.refresh_from_db()
    assert participant.name_consent is True
    assert 'id="me-name_consent" checked' in response.content.decode()

    client.post(f"/p/{workshop.pk}/carte/", mine, headers=HTMX)  # unticked: consent withdrawn
    participant.refresh_from_db()
    assert participant.name_consent is False


def test_each_phone_shows_its_own_answers_on_its_card(client, workshop, run_to):
    """The card's choices are rendered once per answer and language: each phone still gets its
    own type and consent, and the page in English gets English labels."""
    join_as(client, workshop, organisation_kind="etat", name_consent="on")
    other_phone = type(client)()
    other = {"code": workshop.join_code, "name": "Paul Roux", "accept_charter": "on"}
    joined = other_phone.post(f"/j/{workshop.join_code}/", other | {"organisation_kind": "social"})
    assert joined.status_code == 302
    run_to(workshop, StepKind.ROUND_TABLE)

    mine = client.get(f"/p/{workshop.pk}/").content.decode()
    theirs = other_phone.get(f"/p/{workshop.pk}/").content.decode()
    assert '<option value="etat" selected>' in mine and 'id="me-name_consent" checked' in mine
    assert '<option value="social" selected>' in theirs
    assert 'value="etat" selected' not in theirs and 'id="me-name_consent">' in theirs

    english = client.get(f"/p/{workshop.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Type of organisation" in english and "Type de structure" not in english
    assert '<option value="etat" selected>' in english


def test_a_participant_changes_only_their_own_consent(client, workshop, run_to):
    """Joined workshop A, the phone cannot touch anyone's card in workshop B."""
    other = WorkshopFactory(process=workshop.process)
    someone = Participant.objects.create(
        workshop=other, name="Paul Roux", token_hash="x" * 64, name_consent=False
    )
    join_as(client, workshop)
    response = client.post(f"/p/{other.pk}/carte/", {"name": "Paul Roux", "name_consent": "on"})
    assert response.status_code == 403
    someone.refresh_from_db()
    assert someone.name_consent is False


# --- The facilitator, for someone without a phone -------------------------------------------------


def test_facilitator_adds_someone_without_phone_with_their_consent(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/participants/",
        {
            "name": "Marcel",
            "organisation": "Club des aînés",
            "organisation_kind": "habitant",
            "name_consent": "on",
        },
    )
    assert response.status_code == 302
    marcel = workshop.participants.get()
    assert (marcel.has_phone, marcel.organisation_kind, marcel.name_consent) == (
        False,
        "habitant",
        True,
    )


# --- The API ----------------------------------------------------------------------------------


def api_join(client, workshop, **fields):
    payload = {"code": workshop.join_code, "name": "Jeanne"} | fields
    return client.post("/api/v1/join", payload, content_type="application/json")


def test_api_join_with_type_and_consent(client, workshop):
    response = api_join(client, workshop, organisation_kind="entreprise", name_consent=True)
    assert response.status_code == 201
    participant = Participant.objects.get(pk=response.json()["participant"])
    assert (participant.organisation_kind, participant.name_consent) == ("entreprise", True)


def test_api_join_without_them_gives_no_consent(client, workshop):
    response = api_join(client, workshop)
    assert response.status_code == 201
    participant = Participant.objects.get()
    assert (participant.organisation_kind, participant.name_consent) == ("", False)


def test_api_join_with_an_unknown_type_is_400_in_french(client, workshop):
    response = api_join(client, workshop, organisation_kind="mairie")
    assert response.status_code == 400
    assert response.json() == {"detail": UNKNOWN_KIND}
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("fields", "detail"),
    [
        ({"name_consent": "peut-être"}, "« name_consent » n'a pas le bon type."),
        ({"organisation_kind": "x" * 21}, "« organisation_kind » ne doit pas dépasser 20"),
    ],
)
def test_api_join_schema_errors_are_422_in_french(client, workshop, fields, detail):
    response = api_join(client, workshop, **fields)
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert not Participant.objects.exists()


def test_openapi_schema_shows_the_type_and_the_consent(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["JoinIn"]
    kind = schema["properties"]["organisation_kind"]
    assert kind["enum"] == [
        "",
        "collectivite",
        "etat",
        "association",
        "social",
        "entreprise",
        "habitant",
        "autre",
    ]
    assert schema["properties"]["name_consent"] == {
        "default": False,
        "description": schema["properties"]["name_consent"]["description"],
        "title": "Name Consent",
        "type": "boolean",
    }
    assert "restitution" in schema["properties"]["name_consent"]["description"]
    assert "name_consent" not in schema.get("required", [])
