"""The proposals step in the facilitator's console: paper post-its, proposals said aloud by a
person without a phone, setting aside what is off topic; only the workshop's facilitators."""

from html import unescape

import pytest
from django.test import Client

from coprod.proposals.models import Proposal
from coprod.testing.factories import ParticipantFactory, ProposalFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
POSTIT = "Un minibus le samedi matin pour aller au marché de Magny"


def html(response) -> str:
    return unescape(response.content.decode())


def test_a_paper_postit_is_added_in_place_and_announced(
    facilitator_client, facilitator, workshop, items
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/", {"text": POSTIT, "client_key": "k1"}, headers=HX
    )
    page = html(response)
    assert response.status_code == 200
    proposal = Proposal.objects.get()
    assert (proposal.text, proposal.source, proposal.author) == (POSTIT, "paper", None)
    assert proposal.entered_by == facilitator
    assert 'id="console-proposals"' in page and POSTIT in page
    assert "1 proposition</h2>" in page
    assert '<p id="console-announce" hx-swap-oob="innerHTML">Post-it ajouté.</p>' in page
    # The same form sent again (a retry) adds nothing.
    facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/", {"text": POSTIT, "client_key": "k1"}, headers=HX
    )
    assert Proposal.objects.count() == 1


def test_a_proposal_said_aloud_by_a_person_without_a_phone_is_theirs(
    facilitator_client, workshop, items
):
    bernard = ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/", {"text": POSTIT, "author": bernard.pk}, headers=HX
    )
    assert response.status_code == 200
    assert "Proposition de Bernard ajoutée." in html(response)
    assert Proposal.objects.get().author == bernard


def test_an_empty_postit_is_refused_in_french(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/", {"text": "  "}, headers=HX
    )
    assert response.status_code == 400
    assert "Écrivez votre proposition" in html(response)
    assert not Proposal.objects.exists()


def test_a_duplicate_postit_says_so(facilitator_client, workshop):
    ProposalFactory(workshop=workshop, text=POSTIT)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/", {"text": POSTIT}, headers=HX
    )
    assert response.status_code == 400
    assert "Cette proposition existe déjà" in html(response)


def test_hide_then_show_again(facilitator_client, workshop):
    proposal = ProposalFactory(workshop=workshop, text=POSTIT)
    hidden = facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/{proposal.pk}/masquer/", headers=HX
    )
    assert "0 proposition</h2>" in html(hidden)
    assert "1 proposition masquée" in html(hidden)
    proposal.refresh_from_db()
    assert proposal.hidden
    facilitator_client.post(
        f"/animer/{workshop.pk}/propositions/{proposal.pk}/afficher/", headers=HX
    )
    proposal.refresh_from_db()
    assert not proposal.hidden


def test_only_the_workshops_facilitators(stranger, workshop):
    proposal = ProposalFactory(workshop=workshop, text=POSTIT)
    client = Client()
    client.force_login(stranger)
    for url in (
        f"/animer/{workshop.pk}/propositions/",
        f"/animer/{workshop.pk}/propositions/{proposal.pk}/masquer/",
    ):
        response = client.post(url, {"text": "Autre chose"}, headers=HX)
        assert response.status_code == 403
        assert "Seuls les animateurs de cet atelier" in html(response)
    assert Proposal.objects.count() == 1 and not Proposal.objects.get().hidden
    assert Client().post(f"/animer/{workshop.pk}/propositions/", headers=HX).status_code == 403
