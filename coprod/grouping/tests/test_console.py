"""Grouping in the facilitator's console: one click to group, each synthesis written in place,
the vote opened from its group."""

from html import unescape

import pytest
from django.test import Client

from coprod.grouping.models import Cluster

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SYNTHESIS = "Des transports partagés relient chaque village à la gare."


def html(response) -> str:
    return unescape(response.content.decode())


def test_group_then_write_a_synthesis_then_open_its_vote(facilitator_client, workshop, themed):
    grouped = facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    page = html(grouped)
    assert grouped.status_code == 200
    n = Cluster.objects.filter(workshop=workshop).count()
    assert n >= 2
    assert f"Propositions regroupées : {n} groupes à relire." in page
    assert f"{n} groupes</h2>" in page
    cluster = Cluster.objects.filter(workshop=workshop).first()
    saved = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{cluster.pk}/synthese/", {"text": SYNTHESIS}, headers=HX
    )
    assert "Synthèse enregistrée." in html(saved)
    assert f">{SYNTHESIS}</textarea>" in html(saved)
    assert f'id="console-open-vote-{cluster.pk}"' in html(saved)
    opened = facilitator_client.post(
        f"/animer/{workshop.pk}/votes/syntheses/{cluster.synthesis.pk}/ouvrir/",
        {"min_share": "2/3"},
        headers=HX,
    )
    assert SYNTHESIS in html(opened)
    # The group is now frozen: its sentence shows, no longer a form.
    page = html(facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX))
    assert f"« {SYNTHESIS} »" in page
    assert f'id="console-synthesis-{cluster.pk}"' not in page


def test_grouping_nothing_says_so(facilitator_client, workshop):
    response = facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    assert response.status_code == 400
    assert "Aucune proposition à regrouper" in html(response)


def test_an_empty_synthesis_is_refused(facilitator_client, workshop, themed):
    facilitator_client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    cluster = Cluster.objects.filter(workshop=workshop).first()
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/groupes/{cluster.pk}/synthese/", {"text": ""}, headers=HX
    )
    assert response.status_code == 400
    assert "Écrivez la phrase de synthèse" in html(response)


def test_only_the_workshops_facilitators(stranger, workshop, themed):
    client = Client()
    client.force_login(stranger)
    response = client.post(f"/animer/{workshop.pk}/groupes/regrouper/", headers=HX)
    assert response.status_code == 403
    assert "Seuls les animateurs de cet atelier" in html(response)
    assert not Cluster.objects.exists()
