"""What the live pages show of the votes: the open votes and polls, at any step (a block the
three pages share, not a panel), each phone's ballots, and the orientation step's panel (a row
of `coprod.live.panels`)."""

from .forms import ConsentForm
from .models import ConsentBallot, Grade, Orientation, OrientationBallot, Poll, ValidationVote
from .services import (
    board_summary,
    candidate_actions,
    console_votes,
    my_ballot,
    my_orientation_ballots,
    open_votes,
    orientation_results,
    orientations_of,
    phone_key_of,
)

__all__ = ["phone_key_of"]


def orientation(state) -> list[dict]:
    """The orientation step's panel: every orientation of the workshop with its counts."""
    return orientation_results(orientations_of(state.workshop))


def summary(state, orientation_rows=None) -> dict:
    """The open votes and polls and the validated syntheses, for the board and the console;
    `orientation_rows` when the panel already read every orientation's results."""
    return board_summary(state.workshop, orientation_rows=orientation_rows)


def console(state) -> dict:
    """The console's votes region (tallies, objections, who has not voted, the people without a
    phone): read for the facilitators only, once per rendering of the console — its « prochaine
    action » reads the same (`live.state.LiveState.console_votes`). The room the console reads
    anyway gives who is there."""
    people = sorted(state.room["admitted"], key=lambda p: (p.name, p.pk))
    return console_votes(state.workshop, people=people)


def ballot_personal(participant, state) -> dict:
    return phone_panel_context(participant)


def grades_best_first():
    return [(g.value, g.label) for g in reversed(Grade)]


def _poll_entry(poll: Poll, values: dict, **extra) -> dict:
    options = list(poll.options.all())
    return {
        "poll": poll,
        "options": [{"option": o, "value": values.get(o.pk)} for o in options],
        **extra,
    }


def phone_panel_context(participant, *, forms=None, poll_values=None, **extra) -> dict:
    """What a phone shows while votes are open: every open validation vote and poll, each with
    the participant's own answer, so they can change it until the vote closes.

    `forms` maps a vote id to a bound ConsentForm (after an error: what was typed is kept);
    `poll_values` maps a poll id to the values just sent. `extra` may hold `saved` (a vote or
    poll key such as "v3" / "p2"), `errors` ({key: message}), `field_errors` ({key: {field:
    message}}, orientations) and `reveal` (vote ids whose objection fields must show).
    """
    forms = forms or {}
    poll_values = poll_values or {}
    errors = extra.pop("errors", {})
    field_errors = extra.pop("field_errors", {})
    reveal = set(extra.pop("reveal", ()))
    workshop = participant.workshop
    mine = {
        b.vote_id: b
        for b in ConsentBallot.objects.filter(
            participant=participant, vote__status=ValidationVote.Status.OPEN
        )
    }
    votes = []
    for vote in open_votes(workshop):
        ballot = mine.get(vote.pk)
        form = forms.get(vote.pk) or ConsentForm(
            initial={
                "choice": ballot.choice if ballot else None,
                "reason": ballot.reason if ballot else "",
                "suggestion": ballot.suggestion if ballot else "",
            },
            prefix=f"v{vote.pk}",
        )
        chosen = form["choice"].value()
        votes.append(
            {
                "vote": vote,
                "synthesis": vote.synthesis,
                "ballot": ballot,
                "form": form,
                "chosen": chosen,
                "show_objection": chosen == ConsentBallot.Choice.OBJECTION or vote.pk in reveal,
                "error": errors.get(f"v{vote.pk}"),
                "key": f"v{vote.pk}",
            }
        )
    polls = []
    for poll in Poll.objects.filter(workshop=workshop, status=Poll.Status.OPEN):
        key = f"p{poll.pk}"
        values = poll_values.get(poll.pk)
        has_ballot = False
        if values is None:
            values = my_ballot(poll, participant)
            has_ballot = bool(values)
        polls.append(
            _poll_entry(poll, values, error=errors.get(key), key=key, has_ballot=has_ballot)
        )
    orientations = orientation_entries(
        participant,
        values=extra.pop("orientation_values", None),
        errors=errors,
        field_errors=field_errors,
    )
    shown = (
        {item["key"] for item in votes}
        | {entry["key"] for entry in polls}
        | {entry["key"] for entry in orientations}
    )
    return {
        "workshop": workshop,
        "me": participant,
        # An error about a vote no longer shown (it closed meanwhile) goes on top of the panel.
        "error": " ".join(
            [m for k, m in errors.items() if k not in shown and m]
            + [m for k, by in field_errors.items() if k not in shown for m in by.values()]
        ),
        "votes": votes,
        "polls": polls,
        "orientations": orientations,
        "orientation_choices": OrientationBallot.Choice.choices,
        "grades": grades_best_first(),
        "choices": ConsentBallot.Choice.choices,
        **extra,
    }


def orientation_entries(participant, *, values=None, errors=None, field_errors=None) -> list[dict]:
    """Each open orientation with the participant's answer (or what they just sent, after an
    error), the actions they may build on, and its errors: `errors` maps a key to a message for
    the whole vote, `field_errors` a key to {"choice" or "actions": message} shown in the
    fieldset it is about."""
    workshop = participant.workshop
    errors = errors or {}
    field_errors = field_errors or {}
    open_ones = orientations_of(workshop, status=Orientation.Status.OPEN)
    if not open_ones:
        return []
    mine = my_orientation_ballots(participant, [o.pk for o in open_ones])
    actions = candidate_actions(workshop)
    entries = []
    for orientation in open_ones:
        key = f"o{orientation.pk}"
        sent = (values or {}).get(orientation.pk)
        ballot = mine.get(orientation.pk)
        current = sent or ballot or {"choice": "", "actions": set()}
        by_field = dict(field_errors.get(key, {}))
        if not actions:  # no actions are offered: nowhere to show their error but on top
            by_field.pop("actions", None)
        elsewhere = [m for f, m in field_errors.get(key, {}).items() if f not in by_field]
        entries.append(
            {
                "orientation": orientation,
                "key": key,
                "ballot": ballot,
                "choice": current["choice"],
                "chosen": current["actions"],
                "actions": actions,
                "error": " ".join(filter(None, [errors.get(key), *elsewhere])),
                "field_errors": by_field,
            }
        )
    return entries
