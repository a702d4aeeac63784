"""Publishing the restitution: the buttons, the public page and the share page."""

import pytest
from django.urls import reverse

from coprod.restitution.models import Publication
from coprod.testing.jobs import job_result
from coprod.testing.scenarios import NAMES


def publish(client, workshop):
    return client.post(reverse("restitution:publish", args=[workshop.pk]))


def public_url(workshop):
    return reverse("restitution:public", args=[Publication.objects.get(workshop=workshop).key])


def test_publish_then_unpublish(complete, facilitator_client, client):
    workshop = complete.workshop
    preview = facilitator_client.get(reverse("restitution:workshop", args=[workshop.pk]))
    assert "Publier la restitution" in preview.content.decode()

    response = publish(facilitator_client, workshop)
    assert response.status_code == 302
    publication = Publication.objects.get(workshop=workshop)
    assert publication.published and publication.published_at
    assert len(publication.key) >= 20

    page = client.get(public_url(workshop))  # anonymous
    assert page.status_code == 200
    body = page.content.decode()
    assert workshop.title in body
    assert "Les noms ne sont pas publiés" in body  # the public document
    for name in NAMES:  # not even those who agreed to be named in the facilitators' version
        assert name not in body
    md = job_result(client, reverse("restitution:public_download", args=[publication.key, "md"]))
    assert md["Content-Disposition"].endswith('-public.md"')
    for name in NAMES:
        assert name not in md.content.decode()
    pdf = job_result(client, reverse("restitution:public_download", args=[publication.key, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    odt = client.get(reverse("restitution:public_download", args=[publication.key, "odt"]))
    assert odt.status_code == 404

    preview = facilitator_client.get(reverse("restitution:workshop", args=[workshop.pk]))
    assert "Retirer la publication" in preview.content.decode()
    assert public_url(workshop) in preview.content.decode()

    response = facilitator_client.post(reverse("restitution:unpublish", args=[workshop.pk]))
    assert response.status_code == 302
    assert client.get(public_url(workshop)).status_code == 404
    assert (
        client.get(reverse("restitution:public_download", args=[publication.key, "md"])).status_code
        == 404
    )
    assert client.get(reverse("restitution:share", args=[publication.key])).status_code == 404

    publish(facilitator_client, workshop)  # the same key again: links shared earlier work
    assert client.get(public_url(workshop)).status_code == 200


def test_unknown_key_is_404(db, client):
    assert client.get(reverse("restitution:public", args=["nope"])).status_code == 404


@pytest.mark.parametrize("name", ["restitution:publish", "restitution:unpublish"])
def test_strangers_cannot_publish(workshop, client, stranger, name):
    client.force_login(stranger)
    assert client.post(reverse(name, args=[workshop.pk])).status_code == 403
    assert not Publication.objects.filter(workshop=workshop, published=True).exists()


def test_publish_needs_post(workshop, facilitator_client):
    response = facilitator_client.get(reverse("restitution:publish", args=[workshop.pk]))
    assert response.status_code == 405


def test_share_page(workshop, facilitator_client, client):
    publish(facilitator_client, workshop)
    key = Publication.objects.get(workshop=workshop).key
    response = client.get(reverse("restitution:share", args=[key]))
    assert response.status_code == 200
    body = response.content.decode()
    link = f"http://testserver{reverse('restitution:public', args=[key])}"
    assert f'<a href="{link}">{link}</a>' in body
    assert "<svg" in body
    assert 'role="img"' in body
    assert "Partager la restitution" in body
