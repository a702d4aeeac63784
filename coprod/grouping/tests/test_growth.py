"""Growth stays linear: with proposals arriving after the grouping, reading the groups cuts each
text into n-grams once, not once for every new proposal.

Speed itself is measured by `python -m bench.growth` (see bench/README.md).
"""

import pytest
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer

from coprod.agenda.kinds import StepKind
from coprod.agenda.tests.factories import seed_agenda
from coprod.grouping import services
from coprod.proposals.tests.factories import ProposalFactory
from coprod.voting import services as voting
from coprod.workshops.tests.factories import WorkshopFactory

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
