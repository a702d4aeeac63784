"""The facilitator's proposals page and the phone's proposals panel."""

import pytest
from django.urls import reverse

from coprod.participants.session import SESSION_KEY
from coprod.proposals.models import Proposal
from coprod.testing.factories import ParticipantFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BUS = "Créer un transport à la demande pour les personnes âgées sans voiture"


@pytest.fixture
def phone(client, workshop):
    """A browser that joined `workshop` as Alice."""
    alice = ParticipantFactory(workshop=workshop, name="Alice")
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    client.alice = alice
    return client


def test_phone_sends_a_proposal_during_the_step_and_sees_it(phone, workshop, items, proposals_step):
    response = phone.post(
        f"/p/{workshop.pk}/propositions/",
        {"text": BUS, "client_key": "k"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Merci, votre proposition est enregistrée." in response.content.decode()
    assert BUS in response.content.decode()
    assert Proposal.objects.get().author == phone.alice


def test_phone_error_keeps_the_draft_and_says_why(phone, workshop, items, proposals_step):
    phone.post(f"/p/{workshop.pk}/propositions/", {"text": BUS})
    response = phone.post(
        f"/p/{workshop.pk}/propositions/", {"text": BUS + " ", "client_key": "other"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "soutenir" in page
    assert BUS in page  # the draft is still in the text area
    # The reason sits beside the field, which is marked invalid and described by it.
    assert 'id="proposal-text-error"' in page
    assert 'aria-invalid="true" aria-describedby="proposal-text-error"' in page


def test_a_proposal_sent_without_javascript_gets_a_whole_page(
    phone, workshop, items, proposals_step
):
    """A plain form post (no script yet on a weak connection) gets the panel on a page with
    the layout and a way back, not a bare fragment; a refusal keeps the draft there too."""
    response = phone.post(f"/p/{workshop.pk}/propositions/", {"text": BUS, "client_key": "k"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert "Merci, votre proposition est enregistrée." in page
    assert f'<a href="/p/{workshop.pk}/">Retour à l\'atelier</a>' in page
    refused = phone.post(f"/p/{workshop.pk}/propositions/", {"text": "", "client_key": "k2"})
    assert refused.status_code == 400 and "<html" in refused.content.decode()
    assert Proposal.objects.count() == 1


def test_typing_shows_close_proposals_to_support(phone, workshop, items, proposals_step):
    Proposal.objects.create(workshop=workshop, text=BUS, normalized="x", priority_item=items[0])
    response = phone.get(
        f"/p/{workshop.pk}/propositions/proches/",
        {"text": "un transport à la demande pour les aînés sans voiture"},
    )
    page = response.content.decode()
    assert BUS in page and "Soutenir" in page


def test_phone_panel_is_on_the_phone_page_in_the_proposals_step(
    phone, workshop, items, proposals_step
):
    page = phone.get(f"/p/{workshop.pk}/").content.decode()
    assert "Envoyer ma proposition" in page


def test_facilitator_page_lists_and_pastes_post_its(facilitator_client, workshop, items):
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/propositions/post-its/",
        {"block": f"{BUS}\nGarder une épicerie dans chaque village"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 propositions ajoutées." in page
    assert BUS in page


def test_the_post_it_form_sent_twice_adds_its_lines_once(facilitator_client, workshop, items):
    """The form carries a key made when it was shown: a second click while the first answer is
    slow, or a retry after a dropped connection, adds nothing more."""
    import re

    page = facilitator_client.get(f"/ateliers/{workshop.pk}/propositions/").content.decode()
    key = re.search(r'name="client_key" value="([0-9a-f]+)"', page).group(1)
    form = {"block": f"{BUS}\nGarder une épicerie dans chaque village", "client_key": key}
    url = f"/ateliers/{workshop.pk}/propositions/post-its/"
    assert facilitator_client.post(url, form).status_code == 302
    assert facilitator_client.post(url, form).status_code == 302
    assert Proposal.objects.filter(workshop=workshop).count() == 2


def test_facilitator_page_escapes_markup(facilitator_client, workshop, items):
    Proposal.objects.create(
        workshop=workshop, text="<b>gras</b> <script>x()</script>", normalized="y"
    )
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/propositions/").content.decode()
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_participant_browser_cannot_open_the_facilitator_page(phone, workshop, items):
    response = phone.get(f"/ateliers/{workshop.pk}/propositions/")
    assert response.status_code == 302  # to the facilitator login


def test_stranger_facilitator_is_refused(client, stranger, workshop, items):
    client.force_login(stranger)
    assert client.get(f"/ateliers/{workshop.pk}/propositions/").status_code == 403


def test_malformed_ids_get_a_french_message_or_a_404(facilitator_client, workshop, items):
    """A tampered form never causes a server error."""
    proposal = ProposalFactory(workshop=workshop, text="Un bus le samedi matin")
    url = reverse("proposals:moderate", args=[workshop.pk, proposal.pk, "item"])
    response = facilitator_client.post(url, {"item": "abc"}, follow=True)
    assert "ne fait pas partie des items plébiscités" in response.content.decode()
    url = reverse("proposals:add_for", args=[workshop.pk])
    assert facilitator_client.post(url, {"author": "x", "text": "Un bus"}).status_code == 404


def test_a_phone_sending_too_fast_keeps_its_draft_and_learns_when_to_send(
    clock, phone, workshop, items, proposals_step, settings
):
    settings.PROPOSALS_PER_MINUTE = 2
    for n in range(2):
        sent = phone.post(
            f"/p/{workshop.pk}/propositions/",
            {"text": f"Idée numéro {n} pour le parc", "client_key": f"k{n}"},
            headers={"HX-Request": "true"},
        )
        assert sent.status_code == 200
    response = phone.post(
        f"/p/{workshop.pk}/propositions/",
        {"text": BUS, "client_key": "k-bus"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "vous pourrez envoyer celle-ci dans 60 secondes" in page
    assert f">{BUS}</textarea>" in page  # the draft is still in the text area
    assert 'value="k-bus"' in page  # sent again later, it is still one proposal
    assert Proposal.objects.count() == 2
