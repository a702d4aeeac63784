"""Where new proposals fit among groups already formed (coprod/grouping/placing.py)."""

import numpy as np
import pytest

from coprod.grouping import placing, similarity

from .test_similarity import EMPLOYMENT, SERVICES, TRANSPORT

GROUPS = [SERVICES, EMPLOYMENT, TRANSPORT]
LATE = [
    "Aider les personnes sans permis à se déplacer grâce à un minibus",
    "Un accompagnement vers l'emploi des jeunes",
    "Une navette de bus entre les villages et la gare",
    "Des permanences pour les démarches en ligne à la mairie",
    "Former les chômeurs aux métiers du bâtiment",
    "Un bus",
]


def test_closest_group_places_a_new_proposal():
    index, score = placing.closest_group(LATE[0], GROUPS)
    assert index == 2
    assert -1.0 <= score <= 1.0
    index, _ = placing.closest_group(LATE[1], GROUPS)
    assert index == 1


def test_closest_group_without_groups():
    assert placing.closest_group("Un bus", []) is None
    assert placing.closest_group("Un bus", [[], []]) is None
    assert placing.closest_group("Un bus", [[], TRANSPORT])[0] == 1
    assert placing.closest_groups([], GROUPS) == []


@pytest.mark.parametrize("backend", ["use_tfidf", "tfidf"])
def test_each_text_goes_where_a_batch_of_it_and_the_groups_would_put_it(backend):
    """The mean similarity to each group's texts, as `similarity.pairwise_similarity` gives it
    for a batch of the new text and the groups' ones: same group, same score within 0.01."""
    members = [text for group in GROUPS for text in group]
    bounds = np.cumsum([0, *map(len, GROUPS)])
    found = placing.closest_groups(LATE, GROUPS, backend=backend)
    for text, (index, score) in zip(LATE, found, strict=True):
        row = similarity.pairwise_similarity([text, *members], backend=backend)[0, 1:]
        means = [row[bounds[g] : bounds[g + 1]].mean() for g in range(len(GROUPS))]
        assert index == int(np.argmax(means)), text
        assert score == pytest.approx(means[index], abs=0.01)


def test_a_text_goes_to_the_same_group_whatever_comes_with_it():
    alone = [placing.closest_group(text, GROUPS) for text in LATE]
    together = placing.closest_groups(list(reversed(LATE)), GROUPS)[::-1]
    assert [index for index, _ in together] == [index for index, _ in alone]
    assert [score for _, score in together] == pytest.approx([score for _, score in alone])


def test_other_groups_other_places():
    """The transport texts moved into the first group take the minibus proposal with them."""
    assert placing.closest_group(LATE[0], GROUPS)[0] == 2
    moved = [SERVICES + TRANSPORT, EMPLOYMENT, ["Un chantier de rénovation du patrimoine"]]
    assert placing.closest_group(LATE[0], moved)[0] == 0


def test_each_text_is_analysed_once_and_the_cache_stays_bounded():
    ngrams = placing.NgramCounts(max_texts=16)
    first = ngrams.counts(LATE[:2])
    again = ngrams.counts([LATE[1], *LATE[:2]])
    assert len(ngrams) == 2
    assert np.array_equal(again.indices[: again.indptr[1]], first.indices[first.indptr[1] :])
    ngrams.counts(TRANSPORT + SERVICES + EMPLOYMENT + LATE[2:])
    assert len(ngrams) == 16
    assert ngrams.counts([]).indptr.tolist() == [0]
