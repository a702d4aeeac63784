"""What the board and the console show during the proposals step (a row of
`coprod.live.panels`): the groups once the facilitator has grouped, else the proposals by
priority item. Read here because grouping reads proposals, never the reverse."""

import dataclasses

from coprod.proposals import services as proposal_services

from .services import Groups, groups_of


@dataclasses.dataclass
class ProposalsPanel:
    groups: Groups
    by_item: list = dataclasses.field(default_factory=list)


def proposals_step(state) -> ProposalsPanel:
    groups = groups_of(state.workshop)
    return ProposalsPanel(groups, [] if groups else proposal_services.by_item(state.workshop))
