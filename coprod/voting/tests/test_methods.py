"""Pure vote tallies: consent rules, majority judgment, dot voting, approval. No database."""

import ast
import itertools
from fractions import Fraction
from pathlib import Path

import pytest

from coprod.voting import methods
from coprod.voting.methods import (
    GRADES,
    BallotError,
    ConsentRule,
    Group,
    TallyError,
    VotingError,
    approval,
    balance_tallies,
    consent_outcome,
    dot_tally,
    highest_median,
    majority_gauge_key,
    majority_judgment,
    majority_values,
    median_grade,
    merit_profile,
    rank_by,
    resolution_groups,
    satisfaction_approval,
    tally_judgments,
    winning_sets,
)


def test_methods_module_imports_no_django():
    """methods.py stays importable and testable without Django."""
    tree = ast.parse(Path(methods.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {name for name in imported if name.split(".")[0] == "django"}


# --- Consent ---------------------------------------------------------------------------------


def test_default_rule_is_two_thirds_no_open_objection_one_voter():
    """By default a synthesis needs two thirds of "for" or "live with" and no open objection."""
    rule = ConsentRule()
    assert rule.min_share == Fraction(2, 3)
    assert rule.allow_open_objections is False
    assert rule.min_voters == 1


def test_exactly_two_thirds_is_validated():
    """Two thirds exactly is enough: the threshold is inclusive."""
    outcome = consent_outcome({"for": 1, "live_with": 1, "objection": 1})
    assert outcome.validated
    assert outcome.share == Fraction(2, 3)
    assert outcome.voters == 3
    assert outcome.reason is None and outcome.reasons == ()


def test_just_under_two_thirds_is_not_validated():
    """Five agreeing voters out of eight (62.5 %) is too few."""
    outcome = consent_outcome({"for": 3, "live_with": 2, "objection": 3})
    assert not outcome.validated
    assert outcome.share == Fraction(5, 8)
    assert outcome.reason == "share_too_low"


def test_live_with_counts_like_for():
    """ "Je peux vivre avec" supports the synthesis as much as "pour"."""
    assert consent_outcome({"live_with": 4}).validated
    assert consent_outcome({"live_with": 4}).share == 1


def test_an_open_objection_blocks_even_a_large_majority():
    """One unanswered objection blocks validation by default, whatever the share."""
    outcome = consent_outcome({"for": 20, "objection": 1}, open_objections=1)
    assert not outcome.validated
    assert outcome.reason == "open_objections"


def test_answered_objections_still_count_as_voters_but_do_not_block():
    """Once answered, objections no longer block; they still weigh against the share."""
    outcome = consent_outcome({"for": 2, "objection": 1}, open_objections=0)
    assert outcome.validated and outcome.share == Fraction(2, 3)


def test_a_rule_may_allow_open_objections():
    """A group may decide that open objections do not block (plain two-thirds vote)."""
    rule = ConsentRule(allow_open_objections=True)
    assert consent_outcome({"for": 2, "objection": 1}, open_objections=1, rule=rule).validated


def test_no_voters_is_never_validated():
    """Nobody voted: not validated, share 0, reason no_voters."""
    outcome = consent_outcome({})
    assert not outcome.validated
    assert outcome.share == 0 and outcome.voters == 0
    assert outcome.reasons == ("no_voters",)


def test_too_few_voters():
    """A rule can require a quorum of voters."""
    outcome = consent_outcome({"for": 3}, rule=ConsentRule(min_voters=5))
    assert outcome.reasons == ("too_few_voters",)


def test_every_failed_condition_is_reported_most_fundamental_first():
    """A low share and an open objection: both reasons, the share first."""
    outcome = consent_outcome({"for": 1, "objection": 2}, open_objections=2)
    assert outcome.reasons == ("share_too_low", "open_objections")
    assert outcome.reason == "share_too_low"


def test_float_shares_are_read_as_exact_fractions():
    """ConsentRule(min_share=2/3) means exactly two thirds, not 0.666…6."""
    rule = ConsentRule(min_share=2 / 3)
    assert rule.min_share == Fraction(2, 3)
    assert consent_outcome({"for": 2, "objection": 1}, rule=rule).validated
    assert ConsentRule(min_share=0.75).min_share == Fraction(3, 4)


@pytest.mark.parametrize(
    ("counts", "open_objections", "code"),
    [
        ({"maybe": 1}, 0, "unknown_vote"),
        ({"for": -1}, 0, "negative_count"),
        ({"for": 1.5}, 0, "not_an_integer"),
        ({"for": 2}, -1, "negative_count"),
        ({"for": 2, "objection": 1}, 2, "open_objections_exceed_objections"),
    ],
)
def test_invalid_consent_counts_are_refused(counts, open_objections, code):
    """Unknown answers, negative or fractional counts, and more open objections than objection
    votes raise a VotingError with a machine-readable code."""
    with pytest.raises(VotingError) as raised:
        consent_outcome(counts, open_objections)
    assert raised.value.code == code


@pytest.mark.parametrize("options", [{"min_share": 1.5}, {"min_share": -0.1}, {"min_voters": 0}])
def test_invalid_consent_rules_are_refused(options):
    """A share outside [0, 1] or a quorum under one voter is not a rule."""
    with pytest.raises(VotingError) as raised:
        ConsentRule(**options)
    assert raised.value.code == "invalid_rule"


# --- Majority judgment -----------------------------------------------------------------------


def test_grades_are_stable_codes_worst_first():
    """Seven grades, from "À rejeter" (index 0) to "Excellent"."""
    assert GRADES == (
        "reject",
        "insufficient",
        "passable",
        "fairly_good",
        "good",
        "very_good",
        "excellent",
    )


def test_tally_judgments_counts_per_grade():
    """Judgments given as grade codes become counts, worst grade first."""
    assert tally_judgments(["good", "reject", "good", "excellent"]) == [1, 0, 0, 0, 2, 0, 1]
    with pytest.raises(TallyError) as raised:
        tally_judgments(["great"])
    assert raised.value.code == "unknown_grade"


def test_median_grade_is_the_lower_middle_on_even_counts():
    """With judgments reject, passable, good, excellent the median is passable (lower middle),
    or good when favouring adhesion."""
    assert median_grade([1, 0, 1, 0, 1, 0, 1]) == 2
    assert median_grade([1, 0, 1, 0, 1, 0, 1], favor_contestation=False) == 4
    assert median_grade([0, 0, 0]) == 0


def test_merit_profile_gives_exact_shares():
    """Shares per grade, summing to one; all zero without judgments."""
    assert merit_profile([1, 0, 3]) == (Fraction(1, 4), 0, Fraction(3, 4))
    assert sum(merit_profile([2, 5, 7, 1])) == 1
    assert merit_profile([0, 0]) == (0, 0)


def test_highest_median_wins():
    """Candidate B, judged better by the median voter, wins."""
    ranking = majority_judgment({"A": [2, 2, 1], "B": [1, 1, 3]})
    assert list(ranking.ranking) == ["B", "A"]
    assert ranking.ranks == {"B": 1, "A": 2}


def test_equal_medians_are_decided_by_the_larger_group_around_the_median():
    """Same median (passable); A's larger group is above it, B's below: A wins."""
    assert majority_judgment({"B": [3, 0, 2, 0, 2], "A": [2, 0, 2, 0, 3]}).ranking == ("A", "B")


def test_exact_ties_share_a_rank_and_the_next_rank_skips():
    """Identical profiles tie (1, 1) and the next candidate is third; ties keep input order."""
    ranking = majority_judgment({"A": [1, 2, 3], "B": [3, 2, 1], "C": [1, 2, 3]})
    assert ranking.ranking == ("A", "C", "B")
    assert ranking.ranks == {"A": 1, "C": 1, "B": 3}


def test_missing_judgments_count_as_reject_by_default():
    """A candidate nobody else judged gets the missing judgments at the worst grade."""
    ranking = majority_judgment({"A": [0, 0, 3], "B": [0, 0, 1]})
    assert ranking.ranks == {"A": 1, "B": 2}


def test_missing_judgments_can_be_refused_or_normalised():
    """REFUSE raises on unequal numbers of judgments; NORMALIZE compares shares."""
    with pytest.raises(TallyError) as raised:
        majority_judgment({"A": [0, 0, 3], "B": [0, 0, 1]}, missing="refuse")
    assert raised.value.code == "unbalanced"
    assert majority_judgment({"A": [0, 0, 3], "B": [0, 0, 1]}, missing="normalize").ranks == {
        "A": 1,
        "B": 1,
    }


@pytest.mark.parametrize(
    ("tallies", "code"),
    [
        ({"A": [1, -1]}, "negative_count"),
        ({"A": [1, 1.5]}, "not_a_count"),
        ({"A": [1, True]}, "not_a_count"),
        ({"A": [1, 2], "B": [1, 2, 0]}, "mishaped"),
    ],
)
def test_invalid_tallies_are_refused(tallies, code):
    """Negative, fractional or boolean counts and tallies of different lengths raise TallyError."""
    with pytest.raises(TallyError) as raised:
        majority_judgment(tallies)
    assert raised.value.code == code


def test_balance_tallies_fills_or_scales_without_changing_the_input():
    """Missing judgments go to the default grade or to the candidate's median; NORMALIZE scales
    every tally to the least common multiple of the numbers of judgments."""
    tallies = {"A": [2, 2, 2], "B": [1, 1, 1], "C": [0, 1, 0]}
    assert balance_tallies(tallies) == {"A": [2, 2, 2], "B": [4, 1, 1], "C": [5, 1, 0]}
    assert balance_tallies(tallies, missing="median_grade") == {
        "A": [2, 2, 2],
        "B": [1, 4, 1],
        "C": [0, 6, 0],
    }
    assert balance_tallies(tallies, missing="normalize") == {
        "A": [2, 2, 2],
        "B": [2, 2, 2],
        "C": [0, 6, 0],
    }
    assert tallies == {"A": [2, 2, 2], "B": [1, 1, 1], "C": [0, 1, 0]}


def test_unknown_way_to_fill_missing_judgments_is_refused():
    """`missing` must name one of the Missing choices."""
    with pytest.raises(VotingError) as raised:
        majority_judgment({"A": [1]}, missing="guess")
    assert raised.value.code == "unknown_missing"


def test_no_candidates_and_no_judgments_are_allowed():
    """An empty vote ranks nobody; candidates without judgments all tie."""
    assert majority_judgment({}).ranking == ()
    assert majority_judgment({"A": [0, 0], "B": [0, 0]}).ranks == {"A": 1, "B": 1}


def _profiles(judges, grades):
    for cut in itertools.combinations(range(judges + grades - 1), grades - 1):
        edges = (-1, *cut, judges + grades - 1)
        yield [edges[i + 1] - edges[i] - 1 for i in range(grades)]


def test_tie_break_orders_like_balinski_laraki_majority_values():
    """For every pair of profiles up to 6 judges and 4 grades, the MieuxVoter tie-break orders
    them as the lexicographic comparison of Balinski & Laraki's majority values does."""
    for judges, grades in itertools.product(range(1, 7), range(2, 5)):
        profiles = list(_profiles(judges, grades))
        keys = [majority_gauge_key(p) for p in profiles]
        values = [majority_values(p) for p in profiles]
        for i, j in itertools.combinations(range(len(profiles)), 2):
            by_key = (keys[i] > keys[j]) - (keys[i] < keys[j])
            by_values = (values[i] > values[j]) - (values[i] < values[j])
            assert by_key == by_values, (profiles[i], profiles[j])


def test_resolution_groups_explain_a_tie_break():
    """The groups the tie-break looks at, in order, starting with the median group."""
    assert resolution_groups([1, 2, 1]) == [
        Group("median", 1, 2),
        Group("contestation", 0, 1),
        Group("adhesion", 2, 1),
    ]


def test_highest_median_variants_rank_by_their_tie_break_term():
    """On equal medians, typical judgment prefers A (proponents minus opponents: 0.2 > 0.02)
    while majority judgment prefers D (its larger group, 45 % above, beats A's 30 %)."""
    tallies = {"A": [10, 60, 30], "D": [43, 12, 45]}
    assert highest_median(tallies, variant="typical").ranking == ("A", "D")
    assert highest_median(tallies, variant="majority_judgment").ranking == ("D", "A")
    assert highest_median({"A": [1, 2], "B": [1, 2]}, variant="central").ranks == {"A": 1, "B": 1}
    with pytest.raises(VotingError) as raised:
        highest_median(tallies, variant="mean")
    assert raised.value.code == "unknown_variant"


# --- Dot voting ------------------------------------------------------------------------------


def test_dots_are_added_up_and_ranked():
    """Totals per item, highest first, ties sharing a rank; listed items show at 0."""
    result = dot_tally(
        [{"A": 2, "B": 1}, {"B": 2, "C": 1}, {"A": 1}],
        dots=3,
        max_per_item=2,
        candidates=["A", "B", "C", "D"],
    )
    assert result.scores == {"A": 3, "B": 3, "C": 1, "D": 0}
    assert result.ranking == ("A", "B", "C", "D")
    assert result.ranks == {"A": 1, "B": 1, "C": 3, "D": 4}


def test_a_ballot_may_use_fewer_dots_than_allowed():
    """Unused dots are fine."""
    assert dot_tally([{"A": 1}, {}], dots=5, max_per_item=3).scores == {"A": 1}


@pytest.mark.parametrize(
    ("ballot", "code"),
    [
        ({"A": 2, "B": 2}, "too_many_dots"),
        ({"A": 3}, "over_item_limit"),
        ({"A": -1}, "negative_dots"),
        ({"A": 1.5}, "not_an_integer"),
        ({"A": True}, "not_an_integer"),
    ],
)
def test_invalid_dot_ballots_are_refused(ballot, code):
    """Over the budget, over the per-item cap, negative or non-whole dots raise BallotError
    naming the ballot."""
    with pytest.raises(BallotError) as raised:
        dot_tally([{"A": 1}, ballot], dots=3, max_per_item=2)
    assert raised.value.code == code
    assert raised.value.ballot == 1
    assert isinstance(raised.value, ValueError)


def test_dot_rules_need_at_least_one_dot():
    """A budget or per-item cap under one is not a rule."""
    with pytest.raises(VotingError) as raised:
        dot_tally([], dots=0, max_per_item=1)
    assert raised.value.code == "invalid_rule"


# --- Approval --------------------------------------------------------------------------------


def test_approval_counts_ballots_approving_each_item():
    """One point per approving ballot; ties share a rank."""
    result = approval([{"A", "B"}, {"B"}, {"C", "A"}], candidates=["A", "B", "C", "D"])
    assert result.scores == {"A": 2, "B": 2, "C": 1, "D": 0}
    assert result.ranks == {"A": 1, "B": 1, "C": 3, "D": 4}


def test_satisfaction_approval_splits_one_point_per_ballot():
    """A ballot approving three items gives each a third; scores are exact fractions, so equal
    sums tie exactly."""
    result = satisfaction_approval([["A", "B", "C"], ["A"], [], ["B", "C"]])
    assert result.scores == {"A": Fraction(4, 3), "B": Fraction(5, 6), "C": Fraction(5, 6)}
    assert result.ranks == {"A": 1, "B": 2, "C": 2}


def test_approval_ballots_must_be_sets_without_duplicates():
    """Approving an item twice, or a ballot that is not a collection, raises BallotError."""
    with pytest.raises(BallotError) as raised:
        approval([["A", "A"]])
    assert raised.value.code == "duplicate_approval"
    with pytest.raises(BallotError) as raised:
        approval(["AB"])
    assert raised.value.code == "not_a_ballot"


def test_winning_sets_list_every_tie_at_the_cut():
    """Keeping two items out of A=3, B=2, C=2: {A, B} and {A, C} are both best."""
    assert winning_sets({"A": 3, "B": 2, "C": 2}, 2) == [{"A", "B"}, {"A", "C"}]
    assert winning_sets({"A": 3, "B": 2}, 5) == [{"A", "B"}]
    assert winning_sets({"A": 3}, 0) == [set()]


def test_rank_by_uses_competition_ranks():
    """Equal keys share the better rank; the next distinct key gets its position."""
    assert rank_by({"a": 1, "b": 3, "c": 3, "d": 0}).ranks == {"b": 1, "c": 1, "a": 3, "d": 4}
