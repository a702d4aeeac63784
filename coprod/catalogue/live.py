"""What the live pages show of the catalogue during the existing actions and levers steps (the
rows of `coprod.live.panels`): the action on the board with its testimonies, the levers by type,
and each phone's own region.

The writes and the reads they share live in `services.live` (presentations, testimonies) and
`services.levers`; the facilitator's and the phones' endpoints in `views.live` and
`views.levers`.
"""

import dataclasses

from .live_forms import LeverForm, TestimonyForm
from .models import Presentation, Testimony
from .services import live as services


@dataclasses.dataclass
class ActionOnBoard:
    """The existing actions panel: the action on the board (None between two) and its
    testimonies (not read for the phones, which only need the action)."""

    presentation: Presentation | None = None
    testimonies: list = dataclasses.field(default_factory=list)


def existing_actions(state) -> ActionOnBoard:
    presentation = services.current_presentation(state.workshop)
    testimonies = (
        services.testimonies(state.workshop, [presentation.action_id]) if presentation else []
    )
    return ActionOnBoard(presentation, testimonies)


def action_for_phones(state) -> ActionOnBoard:
    """What the phones read per request: the action on the board, part of their personal
    region's id (a new action on screen brings a fresh region)."""
    return ActionOnBoard(services.current_presentation(state.workshop))


def action_key(state) -> str:
    presentation = state.data.presentation if state.data else None
    return f"a{presentation.pk}" if presentation is not None else ""


def testimony_personal(participant, state) -> dict:
    if state.data is not None:
        presentation = state.data.presentation
    else:
        presentation = services.current_presentation(state.workshop)
    return testimony_phone_context(participant, presentation)


def levers(state) -> list[dict]:
    """The levers step's panel: the workshop's levers grouped by type."""
    return services.levers_by_kind(services.levers_of(state.workshop))


def lever_personal(participant, state) -> dict:
    return lever_phone_context(participant)


def testimony_phone_context(participant, presentation, *, form=None, **extra) -> dict:
    """What the phone shows in the existing actions step: the action on screen and the
    participant's testimony on it (or the offer to testify while a witness slot is free)."""
    context = {"presentation": presentation, "testimony_form": form, **extra}
    if presentation is None:
        return context
    mine = services.my_testimony(presentation, participant)
    witnesses = Testimony.objects.filter(
        action_id=presentation.action_id, workshop_id=presentation.workshop_id
    ).count()
    context.update(
        my_testimony=mine,
        witnesses=witnesses,
        max_witnesses=Testimony.MAX_WITNESSES,
        full=mine is None and witnesses >= Testimony.MAX_WITNESSES,
    )
    if context.get("editing") and form is None:
        initial = {f: getattr(mine, f) for f in TestimonyForm.FIELDS} if mine else None
        context["testimony_form"] = TestimonyForm(initial=initial)
    return context


def lever_choices(workshop):
    items = list(workshop.priority_items.all())
    actions = [p.action for p in services.presented(workshop)]
    return items, actions


def lever_phone_context(participant, *, form=None, **extra) -> dict:
    workshop = participant.workshop
    items, actions = lever_choices(workshop)
    return {
        "lever_form": form or LeverForm(items=items, actions=actions),
        "my_levers": services.levers_of(workshop, author=participant),
        **extra,
    }
