"""The tallies the facilitator reads say « 1 objection », « 1 personne peut vivre avec »."""

import pytest

from coprod.testing.pages import visible_text
from coprod.voting import services

pytestmark = pytest.mark.django_db


def controls(client, workshop, synthesis) -> str:
    return visible_text(client.get(f"/ateliers/{workshop.pk}/votes/syntheses/{synthesis.pk}/"))


def cast(vote, people, choices):
    for person, choice in zip(people, choices, strict=False):
        extra = {"reason": "Flou", "suggestion": "Préciser"} if choice == "objection" else {}
        services.cast_consent(vote, participant=person, choice=choice, **extra)


def test_one_of_each_is_singular(facilitator_client, workshop, synthesis, vote, people):
    cast(vote, people, ["for", "live_with", "objection"])
    page = controls(facilitator_client, workshop, synthesis)
    assert "3 réponses : 1 pour, 1 personne peut vivre avec, 1 objection" in page


def test_two_of_each_are_plural(facilitator_client, workshop, synthesis, vote, people):
    cast(vote, people, ["for", "for", "live_with", "live_with", "objection", "objection"])
    page = controls(facilitator_client, workshop, synthesis)
    assert "6 réponses : 2 pour, 2 personnes peuvent vivre avec, 2 objections" in page
