import pytest
from django.urls import reverse

from coprod.grouping import services
from coprod.grouping.models import Cluster, Placement

pytestmark = pytest.mark.django_db


def page(workshop):
    return reverse("grouping:manage", args=[workshop.pk])


def test_the_page_groups_in_one_click(facilitator_client, workshop, themed):
    response = facilitator_client.get(page(workshop))
    assert "9 propositions à regrouper" in response.content.decode()
    response = facilitator_client.post(
        reverse("grouping:regroup", args=[workshop.pk]), {"how": "count", "k": "3"}, follow=True
    )
    html = response.content.decode()
    assert "Propositions regroupées : 3 groupes à relire." in html
    assert html.count('class="card group') == 3
    assert "Déplacer vers" in html and "Fusionner ce groupe dans" in html


def test_a_bad_number_of_groups_gets_a_french_message(facilitator_client, workshop, themed):
    response = facilitator_client.post(
        reverse("grouping:regroup", args=[workshop.pk]), {"how": "count", "k": "abc"}, follow=True
    )
    assert "Indiquez un nombre entier de groupes." in response.content.decode()
    assert not Cluster.objects.exists()


def test_move_with_the_select_form(facilitator_client, workshop, facilitator, themed):
    first, second, _third = services.auto_group(workshop, actor=facilitator, k=3)
    proposal = first.placements.first().proposal
    url = reverse("grouping:move", args=[workshop.pk, proposal.pk])
    response = facilitator_client.post(url, {"to": str(second.pk)}, follow=True)
    assert "Proposition déplacée" in response.content.decode()
    assert Placement.objects.get(proposal=proposal).cluster == second
    assert facilitator_client.post(url, {"to": "nonsense"}).status_code == 404


def test_a_too_long_synthesis_is_shown_back_with_its_text(
    facilitator_client, workshop, facilitator, themed
):
    (cluster, *_rest) = services.auto_group(workshop, actor=facilitator, k=3)
    long_text = "Une synthèse trop longue " * 30
    url = reverse("grouping:cluster_action", args=[workshop.pk, cluster.pk, "synthese"])
    response = facilitator_client.post(url, {f"{cluster.pk}-text": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "500 caractères au plus" in html and long_text.strip()[:100] in html


def test_synthesis_text_is_escaped(facilitator_client, workshop, facilitator, themed):
    (cluster, *_rest) = services.auto_group(workshop, actor=facilitator, k=3)
    url = reverse("grouping:cluster_action", args=[workshop.pk, cluster.pk, "synthese"])
    facilitator_client.post(url, {f"{cluster.pk}-text": "<script>alert(1)</script> Bus"})
    html = facilitator_client.get(page(workshop)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_participants_and_strangers_cannot_group(client, stranger, workshop, themed):
    url = reverse("grouping:regroup", args=[workshop.pk])
    assert client.post(url, {"how": "auto"}).status_code == 302  # to the login page
    client.force_login(stranger)
    assert client.get(page(workshop)).status_code == 403
    assert client.post(url, {"how": "auto"}).status_code == 403
    assert not Cluster.objects.exists()
