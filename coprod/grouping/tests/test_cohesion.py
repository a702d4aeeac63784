"""How well each proposal sits in its group, and a group cut in two, by the similarity that
formed the groups."""

import numpy as np
import pytest

from coprod.grouping import cohesion, similarity
from coprod.testing.themes import THEMES

TRANSPORT, SHOPS, JOBS = THEMES["transport"], THEMES["shops"], THEMES["jobs"]


def test_the_centred_cosines_are_the_ones_grouping_uses():
    texts = TRANSPORT + SHOPS + JOBS
    from coprod.grouping.backends import get_backend

    ours = cohesion.centred_cosines(texts, get_backend())
    theirs = similarity.pairwise_similarity(texts, centred=True)
    assert np.abs(ours - theirs).max() < 1e-4


def test_an_intruder_is_far_and_says_which_group_it_belongs_to():
    intruder = SHOPS[2]
    groups = [[*TRANSPORT, intruder], SHOPS[:2], JOBS]
    fits = cohesion.member_fits(groups)
    theirs = fits[0][3]
    assert theirs.weak and theirs.closer_group == 1
    assert theirs.level == cohesion.FAR
    assert all(not fit.weak for fit in fits[2])
    assert all(fit.level in (cohesion.CLOSE, cohesion.VERY_CLOSE) for fit in fits[2])
    # Each text is scored against the others of its group, itself left out.
    assert theirs.similarity < min(f.similarity for f in fits[0][:3])


def test_a_proposal_alone_in_its_group_is_said_to_be_alone():
    fits = cohesion.member_fits([TRANSPORT, [SHOPS[0]]])
    assert fits[1] == [cohesion.Fit(cohesion.ALONE)]
    assert cohesion.member_fits([[TRANSPORT[0]]]) == [[cohesion.Fit(cohesion.ALONE)]]


def test_split_cuts_two_themes_apart_the_first_text_in_part_zero():
    texts = [TRANSPORT[0], JOBS[0], TRANSPORT[1], JOBS[1], TRANSPORT[2], JOBS[2]]
    assert cohesion.split_in_two(texts) == [0, 1, 0, 1, 0, 1]
    with pytest.raises(ValueError):
        cohesion.split_in_two([TRANSPORT[0]])


def test_the_closest_pair_is_two_halves_of_one_theme():
    groups = [TRANSPORT[:2], SHOPS, [TRANSPORT[2]], JOBS]
    assert cohesion.closest_pair(groups) == (0, 2)


def test_the_least_cohesive_group_is_the_mixed_one():
    groups = [TRANSPORT, [*SHOPS, *JOBS], [SHOPS[0]]]
    assert cohesion.least_cohesive(groups) == 1
    assert cohesion.least_cohesive([[SHOPS[0]], [JOBS[0]]]) is None
