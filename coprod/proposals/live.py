"""What the phones show during the proposals step (a row of `coprod.live.panels`): the form
and the participant's own proposals. The board's and the console's panel (the proposals by
priority item, or the groups once there are some) is read by `grouping.live`, which may read
both apps."""

from .forms import ProposalForm


def personal(participant, state) -> dict:
    return phone_panel_context(participant)


def phone_panel_context(participant, *, form=None, **extra) -> dict:
    """What the phone shows in the proposals step: the form and the participant's proposals."""
    items = list(participant.workshop.priority_items.all())
    return {
        "workshop": participant.workshop,
        "me": participant,
        "items": items,
        "proposal_form": form or ProposalForm(items=items),
        "my_proposals": participant.proposals.visible().select_related("priority_item"),
        **extra,
    }
