"""Growth stays linear: with proposals arriving after the grouping, the board, the console and
the groups read, moving a proposal and opening a vote run the same queries for 50 proposals as
for 10, and cut each text into n-grams once, not once for every new proposal.

Speed itself is measured by `python -m bench.growth` (see bench/README.md).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer

from coprod.agenda.kinds import StepKind
from coprod.grouping import services
from coprod.grouping.models import Placement, Synthesis
from coprod.proposals.models import Proposal
from coprod.testing.api import bearer
from coprod.testing.factories import ProposalFactory, WorkshopFactory, seed_agenda
from coprod.testing.pages import visible_text
from coprod.voting import services as voting

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(facilitator, run_to):
    """A workshop at its proposals step with `n` proposals: half grouped in three groups (each
    put to the vote if `all_under_vote`), half sent after that (not placed yet)."""

    def room(n: int, *, all_under_vote: bool = False):
        workshop = WorkshopFactory(facilitators=[facilitator])
        seed_agenda(workshop)
        run_to(workshop, StepKind.PROPOSALS)
        ProposalFactory.create_batch(n // 2, workshop=workshop)
        for cluster in services.auto_group(workshop, actor=facilitator, k=3):
            if all_under_vote:
                voting.open_validation(cluster.synthesis, actor=facilitator)
        ProposalFactory.create_batch(n // 2, workshop=workshop)
        return workshop

    return room


@pytest.fixture
def analysed(monkeypatch):
    """Every text scikit-learn cuts into n-grams (the costly part of comparing texts)."""
    texts = []
    for vectorizer in (TfidfVectorizer, HashingVectorizer):
        original = vectorizer.build_analyzer

        def counting(self, original=original):
            analyse = original(self)

            def analyse_and_count(text):
                texts.append(text)
                return analyse(text)

            return analyse_and_count

        monkeypatch.setattr(vectorizer, "build_analyzer", counting)
    return texts


READS = {
    "board": lambda w, token: (f"/tableau/{w.pk}/live/", {}),
    "console": lambda w, token: (f"/animer/{w.pk}/live/", {}),
    "groups": lambda w, token: (f"/api/v1/workshops/{w.pk}/groups", bearer(token)),
}


def queries_of(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize("read", READS)
def test_reads_take_as_many_queries_for_50_proposals_as_for_10(
    read, room, facilitator_client, facilitator_token, django_assert_max_num_queries
):
    def get(workshop):
        url, headers = READS[read](workshop, facilitator_token)
        response = facilitator_client.get(url, headers=headers)
        assert response.status_code == 200
        return response

    small_room = room(10)
    small = queries_of(lambda: get(small_room))
    large = room(50)
    with django_assert_max_num_queries(small):
        response = get(large)
    # Every proposal is shown, the new ones in their closest group.
    if read == "groups":
        shown = {p for group in response.json() for p in group["proposals"]}
        assert shown == set(large.proposals.values_list("pk", flat=True))
    else:
        page = visible_text(response)
        assert all(p.text in page for p in large.proposals.all())


def test_a_read_cuts_each_text_once_and_then_only_a_new_one(room, facilitator_client, analysed):
    """Before, each new proposal was compared with a fresh analysis of every grouped text:
    25 new proposals beside 25 grouped ones cut 650 texts at each read."""
    workshop = room(50)
    analysed.clear()
    assert facilitator_client.get(f"/tableau/{workshop.pk}/live/").status_code == 200
    assert len(analysed) <= 50
    analysed.clear()
    assert facilitator_client.get(f"/animer/{workshop.pk}/live/").status_code == 200
    late = ProposalFactory(workshop=workshop, text="Une navette du marché pour les aînés")
    assert facilitator_client.get(f"/tableau/{workshop.pk}/live/").status_code == 200
    assert analysed == [late.text]


@pytest.mark.parametrize("waiting", [True, False], ids=["every-group-under-vote", "open-groups"])
def test_moving_a_proposal_takes_as_many_queries_for_50_proposals_as_for_10(
    waiting, room, facilitator, django_assert_max_num_queries
):
    """Moving stores first where every new proposal was shown: in its closest open group, or,
    when every group is under vote, in a new group of its own."""

    def move(workshop):
        late = workshop.proposals.filter(placement__isnull=True).last()
        return lambda: services.move_proposal(late, actor=facilitator, to=None)

    small = queries_of(move(room(10, all_under_vote=waiting)))
    large = room(50, all_under_vote=waiting)
    moving = move(large)
    with django_assert_max_num_queries(small):
        moving()
    assert not Proposal.objects.filter(workshop=large, placement__isnull=True).exists()
    expected_groups = 3 + 25 if waiting else 3 + 1
    assert large.clusters.count() == expected_groups


def test_opening_a_vote_takes_as_many_queries_for_50_proposals_as_for_10(
    room, facilitator, django_assert_max_num_queries
):
    def open_vote(workshop):
        synthesis = Synthesis.objects.filter(cluster__workshop=workshop).first()
        return lambda: voting.open_validation(synthesis, actor=facilitator)

    small = queries_of(open_vote(room(10)))
    large = room(50)
    opening = open_vote(large)
    with django_assert_max_num_queries(small):
        opening()
    assert Placement.objects.filter(cluster__workshop=large).count() == 50
