"""French plurals on the console: « jusqu'à 1 personne », « jusqu'à 2 personnes »."""

import pytest

from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("expected", "said"), [(1, "1 personne,"), (2, "2 personnes,")])
def test_registration_line_agrees_with_the_head_count(facilitator_client, workshop, expected, said):
    workshop.expected_participants = expected
    workshop.save()
    page = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert f"inscriptions ouvertes jusqu'à {said} puis sur votre accord" in page
