"""Prioritisation polls: majority judgment (ranking, ties, profiles) and dots (limits)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.voting import services
from coprod.voting.models import DotBallot, GradeBallot, Poll

from .conftest import make_synthesis

pytestmark = pytest.mark.django_db


@pytest.fixture
def mj(workshop, facilitator, validated):
    poll = services.create_poll(
        workshop, actor=facilitator, title="Nos priorités", method="majority_judgment"
    )
    return services.open_poll(poll, actor=facilitator)


@pytest.fixture
def dots(workshop, facilitator, validated):
    poll = services.create_poll(
        workshop, actor=facilitator, title="Gommettes", method="dots", dots=3, max_per_item=2
    )
    return services.open_poll(poll, actor=facilitator)


def options(poll):
    return list(poll.options.all())


def test_default_options_are_the_validated_syntheses(workshop, facilitator, validated):
    make_synthesis(workshop, "Une synthèse encore en brouillon", position=9)
    poll = services.create_poll(workshop, actor=facilitator, title="Priorités", method="dots")
    assert [o.synthesis for o in options(poll)] == validated
    assert poll.status == Poll.Status.DRAFT and poll.dots == 3 and poll.max_per_item == 2


def test_a_poll_needs_two_options(workshop, facilitator, validated):
    with pytest.raises(ValidationError, match="au moins deux options"):
        services.create_poll(
            workshop, actor=facilitator, title="Seul", method="dots", syntheses=validated[:1]
        )


def test_only_the_facilitator_creates_a_poll(workshop, stranger, validated):
    with pytest.raises(PermissionDenied):
        services.create_poll(workshop, actor=stranger, title="X", method="dots")


def test_majority_judgment_ranks_with_equal_rank_for_exact_ties(mj, people):
    a, b, c = options(mj)
    # a and c get exactly the same grades; b is better.
    for person, grades in zip(people[:3], [(4, 6, 4), (2, 5, 2), (3, 5, 3)], strict=True):
        services.cast_grades(
            mj, participant=person, grades={a.pk: grades[0], b.pk: grades[1], c.pk: grades[2]}
        )
    results = services.poll_results(mj)
    assert [(r["option"], r["rank"]) for r in results["rows"]] == [(b, 1), (a, 2), (c, 2)]
    assert results["voters"] == 3
    top = results["rows"][0]
    assert top["median_label"] == "Très bien"
    assert top["profile"][5] == pytest.approx(66.7) and top["profile"][6] == pytest.approx(33.3)
    assert sum(s["width"] for s in top["segments"]) == pytest.approx(100, abs=0.05)


def test_every_option_needs_a_grade_and_grades_can_change(mj, people):
    a, b, c = options(mj)
    with pytest.raises(ValidationError, match="il en manque 1"):
        services.cast_grades(mj, participant=people[0], grades={a.pk: 3, b.pk: 3})
    with pytest.raises(ValidationError, match="Mention inconnue"):
        services.cast_grades(mj, participant=people[0], grades={a.pk: 3, b.pk: 3, c.pk: 9})
    services.cast_grades(mj, participant=people[0], grades={a.pk: 3, b.pk: 3, c.pk: 3})
    services.cast_grades(mj, participant=people[0], grades={a.pk: 6, b.pk: 0, c.pk: 1})
    assert GradeBallot.objects.count() == 3
    assert services.my_ballot(mj, people[0]) == {a.pk: 6, b.pk: 0, c.pk: 1}


def test_dots_limits_are_explained_in_french(dots, people):
    a, b, c = options(dots)
    with pytest.raises(ValidationError, match="Au plus 2 gommettes sur une même option"):
        services.cast_dots(dots, participant=people[0], dots={a.pk: 3})
    with pytest.raises(ValidationError, match="Vous avez 3 gommettes en tout et vous en placez 4"):
        services.cast_dots(dots, participant=people[0], dots={a.pk: 2, b.pk: 2})
    with pytest.raises(ValidationError, match="négatif"):
        services.cast_dots(dots, participant=people[0], dots={a.pk: -1, b.pk: 2})
    with pytest.raises(ValidationError, match="entier"):
        services.cast_dots(dots, participant=people[0], dots={a.pk: "deux"})
    with pytest.raises(ValidationError, match="au moins une gommette"):
        services.cast_dots(dots, participant=people[0], dots={a.pk: 0})
    with pytest.raises(ValidationError, match="options du vote"):
        services.cast_dots(dots, participant=people[0], dots={999999: 1})
    assert not DotBallot.objects.exists()


def test_dots_are_totalled_and_changeable(dots, people):
    a, b, c = options(dots)
    services.cast_dots(dots, participant=people[0], dots={a.pk: 2, b.pk: 1})
    services.cast_dots(dots, participant=people[0], dots={c.pk: 2, b.pk: 1})  # changed mind
    services.cast_dots(dots, participant=people[1], dots={c.pk: 1, a.pk: 1})
    results = services.poll_results(dots)
    assert [(r["option"], r["dots"], r["rank"]) for r in results["rows"]] == [
        (c, 3, 1),
        (a, 1, 2),
        (b, 1, 2),
    ]
    assert results["voters"] == 2


def test_closed_or_draft_poll_refuses_ballots(workshop, facilitator, validated, people):
    poll = services.create_poll(workshop, actor=facilitator, title="Plus tard", method="dots")
    a = options(poll)[0]
    with pytest.raises(services.VoteClosed):
        services.cast_dots(poll, participant=people[0], dots={a.pk: 1})
    services.open_poll(poll, actor=facilitator)
    services.close_poll(poll, actor=facilitator)
    with pytest.raises(services.VoteClosed):
        services.cast_dots(poll, participant=people[0], dots={a.pk: 1})
    with pytest.raises(ValidationError):
        services.open_poll(poll, actor=facilitator)


def test_wrong_method_is_refused(mj, dots, people):
    with pytest.raises(ValidationError, match="jugement majoritaire"):
        services.cast_dots(mj, participant=people[0], dots={})
    with pytest.raises(ValidationError, match="gommettes"):
        services.cast_grades(dots, participant=people[0], grades={})


def test_facilitator_grades_for_someone_without_a_phone(mj, offline, facilitator):
    grades = {o.pk: 4 for o in options(mj)}
    services.cast_grades(mj, participant=offline, grades=grades, actor=facilitator)
    assert services.poll_results(mj)["voters"] == 1


def test_board_summary_shows_closed_poll_rankings(workshop, mj, people, facilitator):
    a, b, c = options(mj)
    services.cast_grades(mj, participant=people[0], grades={a.pk: 1, b.pk: 2, c.pk: 3})
    summary = services.board_summary(workshop)
    assert summary["open_polls"][0]["voters"] == 1 and not summary["results"]
    services.close_poll(mj, actor=facilitator)
    summary = services.board_summary(workshop)
    assert [r["option"] for r in summary["results"][0]["rows"]] == [c, b, a]
    assert services.phone_key(workshop) == ""
