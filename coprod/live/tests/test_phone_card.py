"""A participant's own card on a page of its own, at any step: name, organisation and consent to
be named can be changed (or withdrawn) after the round table too."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.participants.models import Participant
from coprod.testing.factories import WorkshopFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

CARD_LINK = "Ma carte : nom, structure, accord pour figurer dans la restitution"


@pytest.fixture
def me(client, workshop):
    response = client.post(
        f"/j/{workshop.join_code}/",
        {
            "code": workshop.join_code,
            "name": "Jeanne Martin",
            "organisation": "Mairie de Théméricourt",
            "organisation_kind": "collectivite",
            "name_consent": "on",
            "accept_charter": "on",
        },
    )
    assert response.status_code == 302
    return Participant.objects.get(workshop=workshop)


def card_url(workshop) -> str:
    return f"/p/{workshop.pk}/carte/"


def test_the_phone_page_links_to_the_card_at_any_step(client, workshop, me, run_to):
    run_to(workshop, StepKind.MOOD)
    page = client.get(f"/p/{workshop.pk}/").content.decode()
    assert f'<a href="{card_url(workshop)}">{CARD_LINK}</a>' in page

    card = client.get(card_url(workshop))
    body = card.content.decode()
    assert card.status_code == 200
    assert "Vous pouvez le changer à tout moment" in visible_text(card)
    assert 'value="Jeanne Martin"' in body and 'value="Mairie de Théméricourt"' in body
    assert '<option value="collectivite" selected>' in body
    assert 'id="me-name_consent" checked' in body
    assert "hx-post" not in body  # a plain form: it works without JavaScript too


def test_withdrawing_consent_after_the_round_table(client, workshop, me, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    card = {"name": "Jeanne Martin", "organisation": "Mairie", "organisation_kind": "collectivite"}
    response = client.post(card_url(workshop), card)  # the box unticked
    assert response.status_code == 302 and response["Location"] == f"/p/{workshop.pk}/"
    me.refresh_from_db()
    assert (me.name_consent, me.organisation) == (False, "Mairie")
    assert "Votre carte est à jour." in visible_text(client.get(f"/p/{workshop.pk}/"))


def test_a_refused_card_keeps_what_was_typed(client, workshop, me):
    response = client.post(
        card_url(workshop), {"name": "", "organisation": "CCAS <b>Magny</b>", "name_consent": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Votre carte n'a pas été enregistrée : voyez le champ signalé." in visible_text(response)
    # The reason sits beside the field it is about, which points to it.
    assert '<p class="error" id="me-name-error">Ce champ est obligatoire.</p>' in body
    assert 'aria-invalid="true" aria-describedby="me-name-error"' in body
    assert 'value="CCAS &lt;b&gt;Magny&lt;/b&gt;"' in body  # kept, and escaped
    assert 'id="me-name_consent">' in body  # the unticked box stays unticked
    me.refresh_from_db()
    assert (me.name, me.organisation, me.name_consent) == (
        "Jeanne Martin",
        "Mairie de Théméricourt",
        True,
    )


def test_only_a_participant_of_the_workshop_reaches_its_card(client, workshop, me):
    other_workshop = WorkshopFactory(process=workshop.process)
    """Another workshop's card, or a browser that has not joined: the code form (never the
    workshop's join link); a post: 403."""
    to_join = client.get(card_url(other_workshop))
    assert to_join.status_code == 302 and to_join["Location"] == "/"
    assert client.post(card_url(other_workshop), {"name": "Intrus"}).status_code == 403
    stranger = type(client)()
    assert stranger.get(card_url(workshop))["Location"] == "/"
    assert stranger.post(card_url(workshop), {"name": "Intrus"}).status_code == 403
    me.refresh_from_db()
    assert me.name == "Jeanne Martin"


def test_the_card_page_in_english(client, workshop, me):
    page = client.get(card_url(workshop), HTTP_ACCEPT_LANGUAGE="en")
    text = visible_text(page)
    assert "My card" in text and "Ma carte" not in text
