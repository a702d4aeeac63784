"""What the facilitator should do next, from a few facts about the step under way.

Django-free: the console's template tag (`templatetags/console.py`) gathers the facts and says
the answer in French.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Facts:
    status: str  # the workshop's: draft, live, ended
    panel: str | None = None  # the current step's panel (None for a free step)
    in_step: bool = False  # a step is running or paused
    is_last: bool = False
    open_votes: int = 0  # validation votes, polls and orientations open
    open_objections: int = 0
    missing: int = 0  # admitted people who have not answered an open vote yet (the most)
    proposals: int = 0
    groups: int = 0
    syntheses_to_vote: int = 0  # written, neither at the vote nor validated
    action_on_screen: bool = False
    more_actions: bool = False  # a presented action after the one on screen
    orientations: int = 0
    undecided: int = 0  # closed orientations without a confirmed decision
    sheets: int = 0  # the tables (one sheet each)
    unseated: int = 0  # admitted people at no table
    incomplete: int = 0  # sheets with fields still empty
    referents: int = 0


def next_action(facts: Facts) -> str:
    """A key of `templatetags.console.HINTS`."""
    if facts.status == "ended":
        return "ended"
    if facts.status == "draft" or facts.panel is None and not facts.in_step:
        return "start"
    if facts.open_objections:
        return "answer_objections"
    if facts.open_votes:
        return "wait_votes" if facts.missing else "close_vote"
    if facts.panel == "proposals":
        if not facts.proposals:
            return "wait_proposals"
        if not facts.groups:
            return "group"
        if facts.syntheses_to_vote:
            return "open_validation"
    if facts.panel == "existing_actions" and (facts.more_actions or not facts.action_on_screen):
        return "show_next_action"
    if facts.panel == "orientation":
        if not facts.orientations:
            return "open_orientation"
        if facts.undecided:
            return "confirm_orientation"
    if facts.panel == "projects":
        if not facts.sheets:
            return "create_tables"
        if facts.unseated:
            return "seat_people"
        if facts.incomplete:
            return "follow_sheets"
    if facts.panel == "finalisation" and facts.referents < 2:
        return "choose_referents"
    return "end" if facts.is_last else "next_step"
