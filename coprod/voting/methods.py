"""Vote tallies: consent, majority judgment, dot voting, approval. Pure computation: no Django.

Every count is exact (integers and `Fraction`s, never floats), so a tie is a real tie. Rankings
are best first; candidates that tie exactly share a rank and the next rank skips (1, 1, 3); tied
candidates keep their input order. Invalid input raises a `VotingError` whose `code` is a stable,
machine-readable reason and whose message is plain English.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import combinations
from numbers import Rational
from typing import Any, Generic, Literal, TypeVar

K = TypeVar("K", bound=Hashable)


class VotingError(ValueError):
    """Invalid voting input or rule; `code` says why in a machine-readable way."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class TallyError(VotingError):
    """A merit profile (judgments counted per grade) that cannot be tallied."""


class BallotError(VotingError):
    """A ballot that breaks the vote's rules; `ballot` is its position (from 0), if known."""

    def __init__(self, code: str, message: str, *, ballot: int | None = None, item: Any = None):
        super().__init__(code, message)
        self.ballot = ballot
        self.item = item


@dataclass(frozen=True)
class Ranking(Generic[K]):
    """Candidates best first, and each candidate's rank (1 = best, equal for exact ties)."""

    ranking: tuple[K, ...]
    ranks: dict[K, int]


@dataclass(frozen=True)
class ScoredRanking(Ranking[K]):
    """A ranking by score, highest first, with each candidate's score."""

    scores: dict[K, Rational]


def rank_by(keys: Mapping[K, Any]) -> Ranking[K]:
    """Rank candidates by a comparable key, highest first; equal keys share a rank."""
    order = tuple(sorted(keys, key=keys.__getitem__, reverse=True))  # stable: ties keep order
    ranks: dict[K, int] = {}
    for position, candidate in enumerate(order):
        tied = position and keys[candidate] == keys[order[position - 1]]
        ranks[candidate] = ranks[order[position - 1]] if tied else position + 1
    return Ranking(order, ranks)


def _scored(scores: dict[K, Rational]) -> ScoredRanking[K]:
    ranked = rank_by(scores)
    return ScoredRanking(ranked.ranking, ranked.ranks, scores)


# --- Consent ---------------------------------------------------------------------------------

CONSENT_VOTES = ("for", "live_with", "objection")  # "pour", "je peux vivre avec", "objection"


@dataclass(frozen=True)
class ConsentRule:
    """When a synthesis counts as validated by the group.

    `min_share`: the least share of voters who vote "for" or "live_with" (inclusive). A float is
    read as the nearest fraction with a denominator up to 1000, so `2/3` means exactly two thirds.
    `allow_open_objections`: whether an objection nobody has answered yet may stand.
    `min_voters`: the fewest voters for a decision at all.
    """

    min_share: Fraction = Fraction(2, 3)
    allow_open_objections: bool = False
    min_voters: int = 1

    def __post_init__(self) -> None:
        share = self.min_share
        if isinstance(share, float):
            share = Fraction(share).limit_denominator(1000)
        if isinstance(share, bool) or not isinstance(share, Rational) or not 0 <= share <= 1:
            raise VotingError("invalid_rule", "min_share must be a number between 0 and 1.")
        if isinstance(self.min_voters, bool) or not isinstance(self.min_voters, int):
            raise VotingError("invalid_rule", "min_voters must be a whole number.")
        if self.min_voters < 1:
            raise VotingError("invalid_rule", "min_voters must be at least 1.")
        object.__setattr__(self, "min_share", Fraction(share))


DEFAULT_CONSENT_RULE = ConsentRule()


@dataclass(frozen=True)
class ConsentOutcome:
    """Whether a proposal is validated, on what share of the voters, and if not, why.

    `reasons` lists every failed condition, most fundamental first: "no_voters",
    "too_few_voters", "share_too_low", "open_objections".
    """

    validated: bool
    share: Fraction  # of voters who voted "for" or "live_with"; 0 when nobody voted
    voters: int
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str | None:
        """The first reason it is not validated, or None when it is."""
        return self.reasons[0] if self.reasons else None


def consent_outcome(
    counts: Mapping[str, int], open_objections: int = 0, rule: ConsentRule = DEFAULT_CONSENT_RULE
) -> ConsentOutcome:
    """Apply a consent rule to the votes counted per answer ("for", "live_with", "objection").

    `open_objections` is how many of the objections have not been answered yet (at most the
    number of objection votes). Voters are those who answered; nobody else counts.
    """
    unknown = sorted(set(counts) - set(CONSENT_VOTES))
    if unknown:
        raise VotingError("unknown_vote", f"Unknown consent vote {unknown[0]!r}.")
    for vote, count in counts.items():
        _check_whole(count, f"the count of {vote!r} votes")
    _check_whole(open_objections, "the number of open objections")
    if open_objections > counts.get("objection", 0):
        raise VotingError(
            "open_objections_exceed_objections",
            "There are more open objections than objection votes.",
        )
    voters = sum(counts.values())
    agreeing = counts.get("for", 0) + counts.get("live_with", 0)
    share = Fraction(agreeing, voters) if voters else Fraction(0)
    reasons = []
    if voters == 0:
        reasons.append("no_voters")
    elif voters < rule.min_voters:
        reasons.append("too_few_voters")
    if voters and share < rule.min_share:
        reasons.append("share_too_low")
    if open_objections and not rule.allow_open_objections:
        reasons.append("open_objections")
    return ConsentOutcome(not reasons, share, voters, tuple(reasons))


def _check_whole(value: Any, what: str, error: type[VotingError] = VotingError) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise error("not_an_integer", f"{what[0].upper()}{what[1:]} must be a whole number.")
    if value < 0:
        raise error("negative_count", f"{what[0].upper()}{what[1:]} must not be negative.")


# --- Majority judgment -----------------------------------------------------------------------

# Stable grade codes, WORST first (index 0), as in every tally of this module. The labels shown
# to people (Excellent ... À rejeter) live with the user interface, not here.
GRADES = ("reject", "insufficient", "passable", "fairly_good", "good", "very_good", "excellent")


class Missing(StrEnum):
    """What to do when candidates received different numbers of judgments."""

    REFUSE = "refuse"  # raise: every candidate must have the same number of judgments
    DEFAULT_GRADE = "default_grade"  # count each missing judgment as `default_grade`
    MEDIAN_GRADE = "median_grade"  # count each missing judgment as the candidate's own median
    NORMALIZE = "normalize"  # compare shares of judgments instead of numbers


Variant = Literal["majority_judgment", "typical", "central", "usual"]


def _missing(value: Missing | str) -> Missing:
    try:
        return Missing(value)
    except ValueError:
        choices = ", ".join(Missing)
        raise VotingError(
            "unknown_missing", f"Unknown way to fill missing judgments {value!r} (use {choices})."
        ) from None


def _checked(tally: Sequence[Any]) -> list[Rational]:
    counts = list(tally)
    for count in counts:
        if isinstance(count, bool) or not isinstance(count, Rational):
            raise TallyError("not_a_count", f"A tally holds counts of judgments, not {count!r}.")
        if count < 0:
            raise TallyError("negative_count", "A tally must not hold a negative count.")
    return counts


def tally_judgments(judgments: Iterable[Hashable], grades: Sequence[Hashable] = GRADES) -> list:
    """Count judgments per grade; `grades` are listed worst first."""
    counts = [0] * len(grades)
    position = {grade: index for index, grade in enumerate(grades)}
    for judgment in judgments:
        if judgment not in position:
            raise TallyError("unknown_grade", f"Unknown grade {judgment!r}.")
        counts[position[judgment]] += 1
    return counts


def merit_profile(counts: Sequence[Rational]) -> tuple[Fraction, ...]:
    """Share of the judgments at each grade (worst first), for charts; all 0 without judgments."""
    counts = _checked(counts)
    total = sum(counts)
    return tuple(Fraction(c) / total if total else Fraction(0) for c in counts)


def median_grade(counts: Sequence[Rational], *, favor_contestation: bool = True) -> int:
    """Index of the median grade. With an even number of judgments, the lower of the two middle
    grades (or the upper one when `favor_contestation` is False). Counts may be shares."""
    return analyze_tally(counts, favor_contestation=favor_contestation).median_grade


@dataclass(frozen=True)
class TallyAnalysis:
    """A merit profile seen from its median: the majority gauge of Balinski & Laraki.

    The contestation group holds the judgments below the median grade and the adhesion group
    those above it; `*_grade` is the grade of that group nearest to the median (0 if empty).
    The second median group is the larger of the two (on equal sizes: contestation, or adhesion
    when not favouring contestation); its sign is -1 for contestation, +1 for adhesion, 0 when it
    is empty.
    """

    amount_of_grades: int
    total_size: Rational
    median_grade: int
    median_group_size: Rational
    contestation_grade: int
    contestation_group_size: Rational
    adhesion_grade: int
    adhesion_group_size: Rational
    second_median_grade: int
    second_median_group_size: Rational
    second_median_group_sign: int


def analyze_tally(counts: Sequence[Rational], *, favor_contestation: bool = True) -> TallyAnalysis:
    """The median and the groups around it of one merit profile (counts per grade, worst first)."""
    counts = _checked(counts)
    total = sum(counts)
    median, below = 0, 0
    for grade, count in enumerate(counts):
        reached = 2 * (below + count)
        if reached >= total if favor_contestation else reached > total:
            median = grade
            break
        below += count
    else:  # no grades, or no judgments while favouring adhesion
        below = 0
    at_median = counts[median] if counts else 0
    above = total - below - at_median
    contestation = max((g for g in range(median) if counts[g] > 0), default=0)
    adhesion = min((g for g in range(median + 1, len(counts)) if counts[g] > 0), default=0)
    adhesion_wins = above > below if favor_contestation else above >= below
    size = max(above, below)
    return TallyAnalysis(
        amount_of_grades=len(counts),
        total_size=total,
        median_grade=median,
        median_group_size=at_median,
        contestation_grade=contestation,
        contestation_group_size=below,
        adhesion_grade=adhesion,
        adhesion_group_size=above,
        second_median_grade=adhesion if adhesion_wins else contestation,
        second_median_group_size=size,
        second_median_group_sign=(1 if adhesion_wins else -1) if size else 0,
    )


def _gauge_rounds(counts: Sequence[Rational], favor_contestation: bool) -> list[TallyAnalysis]:
    """Analyses of the successive rounds of the MieuxVoter tie-break: after each round the
    median group joins the second median group, until a single group is left."""
    current = _checked(counts)
    rounds = [analyze_tally(current, favor_contestation=favor_contestation)]
    while rounds[-1].second_median_group_size:
        last = rounds[-1]
        current[last.second_median_grade] += current[last.median_grade]
        current[last.median_grade] = 0
        rounds.append(analyze_tally(current, favor_contestation=favor_contestation))
    return rounds


@dataclass(frozen=True)
class Group:
    """Judgments that decide a tie-break round: "median", "contestation" or "adhesion"."""

    kind: str
    grade: int
    size: Rational


def resolution_groups(counts: Sequence[Rational], *, favor_contestation: bool = True) -> list:
    """The median group, then each group in the order the tie-break looks at it: the reasons,
    in order, why a candidate beats one with the same median (a basis for explanations)."""
    rounds = _gauge_rounds(counts, favor_contestation)
    groups = [Group("median", rounds[0].median_grade, rounds[0].median_group_size)]
    for step in rounds[:-1]:
        kind = "adhesion" if step.second_median_group_sign > 0 else "contestation"
        groups.append(Group(kind, step.second_median_grade, step.second_median_group_size))
    return groups


def majority_gauge_key(counts: Sequence[Rational], *, favor_contestation: bool = True) -> tuple:
    """A key that orders merit profiles as majority judgment does (greater is better).

    Per round: the median grade, then the share of judgments in the second median group, signed
    (adhesion counts for, contestation against). Shares make profiles of different sizes
    comparable; on equal sizes they order exactly like the counts.
    """
    key: list[tuple[int, Fraction]] = []
    for step in _gauge_rounds(counts, favor_contestation):
        signed = step.second_median_group_sign * step.second_median_group_size
        key.append(
            (step.median_grade, Fraction(signed) / step.total_size if signed else Fraction(0))
        )
    return tuple(key)


def majority_values(counts: Sequence[int]) -> list[int]:
    """Balinski & Laraki's majority value: the median grade, then the median once that judgment
    is removed, and so on until none is left. One entry per judgment: for small tallies."""
    current = _checked(counts)
    values = []
    while sum(current):
        grade = median_grade(current)
        values.append(grade)
        current[grade] -= 1
    return values


def pad_tally(counts: Sequence[int], *, amount_of_judges: int, grade: int) -> list[int]:
    """Add the judgments a candidate is missing to reach `amount_of_judges`, all at `grade`."""
    padded = _checked(counts)
    if not 0 <= grade < len(padded):
        raise TallyError("unknown_grade", f"Grade {grade} is not one of the {len(padded)} grades.")
    missing = amount_of_judges - sum(padded)
    if missing < 0:
        raise TallyError(
            "too_many_judgments",
            f"A tally holds {sum(padded)} judgments, more than the {amount_of_judges} judges.",
        )
    padded[grade] += missing
    return padded


def _validated(tallies: Mapping[K, Sequence[int]], amount_of_judges: int | None) -> tuple:
    """Checked copies of the tallies and the number of judges they are measured against."""
    checked = {candidate: _checked(counts) for candidate, counts in tallies.items()}
    if len({len(counts) for counts in checked.values()}) > 1:
        raise TallyError("mishaped", "Every tally must have the same number of grades.")
    totals = [sum(counts) for counts in checked.values()]
    judges = max(totals, default=0) if amount_of_judges is None else amount_of_judges
    if any(total > judges for total in totals):
        raise TallyError(
            "too_many_judgments", f"A candidate received more judgments than the {judges} judges."
        )
    return checked, judges


def _comparable(tallies, amount_of_judges, missing, default_grade) -> dict:
    """Tallies ready to compare: balanced, or (NORMALIZE) only checked, as the ranking keys use
    shares of judgments, which do not depend on the scale."""
    if _missing(missing) is Missing.NORMALIZE:
        return _validated(tallies, amount_of_judges)[0]
    return balance_tallies(
        tallies, amount_of_judges=amount_of_judges, missing=missing, default_grade=default_grade
    )


def balance_tallies(
    tallies: Mapping[K, Sequence[int]],
    *,
    amount_of_judges: int | None = None,
    missing: Missing | str = Missing.DEFAULT_GRADE,
    default_grade: int = 0,
) -> dict[K, list[int]]:
    """Give every candidate the same number of judgments (by default the largest number any
    candidate received), filling missing judgments as `missing` says. The input is not changed.

    REFUSE raises instead of filling; NORMALIZE scales every tally to the least common multiple
    of the numbers of judgments.
    """
    missing = _missing(missing)
    checked, judges = _validated(tallies, amount_of_judges)
    totals = {candidate: sum(counts) for candidate, counts in checked.items()}
    if missing is Missing.REFUSE:
        if any(total != judges for total in totals.values()):
            raise TallyError("unbalanced", "Candidates received different numbers of judgments.")
        return checked
    if missing is Missing.NORMALIZE:
        common = math.lcm(*(total for total in totals.values() if total))
        return {
            candidate: [count * common // totals[candidate] for count in counts]
            if totals[candidate]
            else counts
            for candidate, counts in checked.items()
        }
    return {
        candidate: pad_tally(
            counts,
            amount_of_judges=judges,
            grade=default_grade if missing is Missing.DEFAULT_GRADE else median_grade(counts),
        )
        for candidate, counts in checked.items()
    }


def majority_judgment(
    tallies: Mapping[K, Sequence[int]],
    *,
    amount_of_judges: int | None = None,
    missing: Missing | str = Missing.DEFAULT_GRADE,
    default_grade: int = 0,
    favor_contestation: bool = True,
) -> Ranking[K]:
    """Rank candidates by majority judgment (Balinski & Laraki) with MieuxVoter's tie-break.

    `tallies` maps each candidate to its judgments counted per grade, WORST grade first. The
    highest median grade wins; on equal medians, the larger of the groups around the median
    decides (adhesion helps, contestation hurts), and so on round after round. Missing
    judgments count as the worst grade unless `missing` / `default_grade` say otherwise.
    """
    comparable = _comparable(tallies, amount_of_judges, missing, default_grade)
    return rank_by(
        {
            candidate: majority_gauge_key(counts, favor_contestation=favor_contestation)
            for candidate, counts in comparable.items()
        }
    )


def tie_break_term(proponents: Rational, opponents: Rational, variant: Variant) -> Fraction:
    """The term highest-median rules add to the median grade (after Fabre, 2019).

    `proponents` / `opponents` are the shares of judgments above / below the median grade.
    typical: p - q; central: (p - q) / 2(p + q); usual: (p - q) / 2(1 - p - q);
    majority_judgment: p if p > q else -q (the first round of the majority gauge).
    """
    p, q = Fraction(proponents), Fraction(opponents)
    if variant == "typical":
        return p - q
    if variant == "central":
        return (p - q) / (2 * (p + q)) if p + q else Fraction(0)
    if variant == "usual":
        if p + q >= 1:
            raise VotingError("invalid_shares", "The median grade must hold some judgments.")
        return (p - q) / (2 * (1 - p - q))
    if variant == "majority_judgment":
        return p if p > q else -q
    raise VotingError("unknown_variant", f"Unknown highest-median variant {variant!r}.")


def highest_median(
    tallies: Mapping[K, Sequence[int]],
    *,
    variant: Variant = "majority_judgment",
    amount_of_judges: int | None = None,
    missing: Missing | str = Missing.DEFAULT_GRADE,
    default_grade: int = 0,
) -> Ranking[K]:
    """Rank by highest median, ties broken by a variant's term (see `tie_break_term`).

    "majority_judgment" is `majority_judgment` itself, with all its tie-break rounds; the other
    variants score median + term once, and equal scores are exact ties.
    """
    if variant == "majority_judgment":
        return majority_judgment(
            tallies, amount_of_judges=amount_of_judges, missing=missing, default_grade=default_grade
        )
    keys = {}
    for candidate, counts in _comparable(tallies, amount_of_judges, missing, default_grade).items():
        step = analyze_tally(counts)
        total = step.total_size or 1
        term = tie_break_term(
            Fraction(step.adhesion_group_size, total),
            Fraction(step.contestation_group_size, total),
            variant,
        )
        keys[candidate] = (step.median_grade, term)
    return rank_by(keys)


# --- Dot voting ------------------------------------------------------------------------------


def dot_tally(
    ballots: Iterable[Mapping[K, int]],
    *,
    dots: int,
    max_per_item: int,
    candidates: Iterable[K] = (),
) -> ScoredRanking[K]:
    """Add up dot-voting ballots (each maps an item to the dots put on it) and rank the items.

    Each participant may place up to `dots` dots, at most `max_per_item` on one item; a ballot
    that breaks either limit or holds a negative or non-whole number raises `BallotError`.
    `candidates` lists items to show even if nobody put a dot on them.
    """
    _check_whole(dots, "the number of dots")
    _check_whole(max_per_item, "the number of dots allowed per item")
    if dots < 1 or max_per_item < 1:
        raise VotingError("invalid_rule", "Each participant must be allowed at least one dot.")
    totals: dict[K, int] = dict.fromkeys(candidates, 0)
    for position, ballot in enumerate(ballots):
        if not isinstance(ballot, Mapping):
            raise BallotError("not_a_ballot", f"Ballot {position} does not map items to dots.")
        for item, count in ballot.items():
            where = f"ballot {position}, item {item!r}"
            if isinstance(count, bool) or not isinstance(count, int):
                raise BallotError(
                    "not_an_integer",
                    f"Dots must be whole numbers ({where}).",
                    ballot=position,
                    item=item,
                )
            if count < 0:
                raise BallotError(
                    "negative_dots",
                    f"Dots must not be negative ({where}).",
                    ballot=position,
                    item=item,
                )
            if count > max_per_item:
                raise BallotError(
                    "over_item_limit",
                    f"{where[0].upper()}{where[1:]} has {count} dots; at most {max_per_item} "
                    "are allowed on one item.",
                    ballot=position,
                    item=item,
                )
        used = sum(ballot.values())
        if used > dots:
            raise BallotError(
                "too_many_dots",
                f"Ballot {position} uses {used} dots; each participant has {dots}.",
                ballot=position,
            )
        for item, count in ballot.items():
            totals[item] = totals.get(item, 0) + count
    return _scored(totals)


# --- Approval --------------------------------------------------------------------------------


def _approval_sets(ballots: Iterable[Collection[K]]) -> list[frozenset[K]]:
    sets = []
    for position, ballot in enumerate(ballots):
        if isinstance(ballot, str | bytes | Mapping) or not isinstance(ballot, Collection):
            raise BallotError(
                "not_a_ballot",
                f"Ballot {position} is not a set of approved items.",
                ballot=position,
            )
        approved = frozenset(ballot)
        if len(approved) != len(ballot):
            raise BallotError(
                "duplicate_approval", f"Ballot {position} approves an item twice.", ballot=position
            )
        sets.append(approved)
    return sets


def approval(ballots: Iterable[Collection[K]], *, candidates: Iterable[K] = ()) -> ScoredRanking[K]:
    """Approval voting: each ballot is the set of items a participant approves; an item scores
    one point per ballot that approves it. `candidates` lists items to show even at 0."""
    scores: dict[K, int] = dict.fromkeys(candidates, 0)
    for approved in _approval_sets(ballots):
        for item in approved:
            scores[item] = scores.get(item, 0) + 1
    return _scored(scores)


def satisfaction_approval(
    ballots: Iterable[Collection[K]], *, candidates: Iterable[K] = ()
) -> ScoredRanking[K]:
    """Satisfaction approval voting: each non-empty ballot splits one point equally among the
    items it approves (a ballot approving 3 items gives each 1/3). Scores are exact fractions."""
    scores: dict[K, Fraction] = dict.fromkeys(candidates, Fraction(0))
    for approved in _approval_sets(ballots):
        for item in approved:
            scores[item] = scores.get(item, Fraction(0)) + Fraction(1, len(approved))
    return _scored(scores)


def winning_sets(scores: Mapping[K, Rational], size: int) -> list[frozenset[K]]:
    """Every set of `size` candidates with the highest total score (several when scores tie at
    the cut), e.g. the proposals to keep; in the candidates' order."""
    if size < 0:
        raise VotingError("invalid_size", "The number of winners must not be negative.")
    ordered = sorted(scores.values(), reverse=True)
    if size >= len(ordered):
        return [frozenset(scores)]
    if size == 0:
        return [frozenset()]
    cut = ordered[size - 1]
    certain = [candidate for candidate, score in scores.items() if score > cut]
    at_cut = [candidate for candidate, score in scores.items() if score == cut]
    return [
        frozenset(certain).union(chosen) for chosen in combinations(at_cut, size - len(certain))
    ]
