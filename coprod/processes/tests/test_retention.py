"""The process's retention of personal data, set on its form and shown on its page."""

import datetime

import pytest

from coprod.processes.models import Process
from coprod.testing.factories import WorkshopFactory

from .test_views import logged_in

pytestmark = pytest.mark.django_db


def edit(client, process, months):
    return client.post(
        f"/demarches/{process.pk}/modifier/",
        {"title": process.title, "expected_participants": "60", "retention_months": months},
    )


def test_the_owner_sets_the_retention_and_the_page_says_when_names_go(process, chargee):
    owner = logged_in(chargee)
    page = owner.get(f"/demarches/{process.pk}/").content.decode()
    assert "jusqu'à la restitution + 6 mois" in page  # the organisation's default
    assert "pseudonymisation à partir du" not in page  # nothing dated yet
    WorkshopFactory(
        process=process, starts_at=datetime.datetime(2027, 3, 10, 17, tzinfo=datetime.UTC)
    )
    assert edit(owner, process, "12").status_code == 302
    assert Process.objects.get(pk=process.pk).retention_months == 12
    page = owner.get(f"/demarches/{process.pk}/").content.decode()
    assert "jusqu'à la restitution + 12 mois" in page
    assert "pseudonymisation à partir du 11 mars 2028" in page
    assert (
        "après la restitution" in owner.get(f"/demarches/{process.pk}/modifier/").content.decode()
    )
    assert edit(owner, process, "").status_code == 302
    assert Process.objects.get(pk=process.pk).retention_months is None


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("0", "au moins un mois"),
        ("121", "Au plus 120 mois"),
        ("six", "nombre entier de mois"),
    ],
)
def test_a_bad_retention_gets_a_french_message(process, chargee, months, message):
    answer = edit(logged_in(chargee), process, months)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert Process.objects.get(pk=process.pk).retention_months is None
