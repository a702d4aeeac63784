"""Groups of close proposals and their syntheses: one click to group, then the facilitator adjusts.

A group whose synthesis is put to the vote, or validated, is frozen: it keeps its proposals and
its sentence, and regrouping leaves it alone. New proposals join their closest unfrozen group;
that placement is computed on display and stored as soon as the facilitator touches the groups,
so what the board shows and what is stored never disagree.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.proposals.models import TEXT_MAX, Proposal
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from . import cohesion, placing, similarity
from .models import LABEL_MAX, Cluster, Placement, Synthesis, next_number

MAX_GROUPS = 40


@dataclass
class GroupView:
    cluster: Cluster
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def synthesis(self) -> Synthesis | None:
        return getattr(self.cluster, "synthesis", None)


@dataclass
class Groups:
    groups: list[GroupView] = field(default_factory=list)
    # New proposals with no open group to join yet (every group frozen): they wait for the next
    # regrouping, or form a group of their own when the facilitator next adjusts.
    waiting: list[Proposal] = field(default_factory=list)
    # New proposals shown in their closest open group, not stored there yet (see `settle`).
    shown: list[tuple[Proposal, Cluster]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups)


def groups_of(workshop: Workshop) -> Groups:
    """The workshop's groups with their visible proposals, new proposals in their closest group.

    The proposals carry their id and text only: what the board, the console, the grouping page
    and the API show of them."""
    clusters = list(workshop.clusters.select_related("synthesis"))
    if not clusters:
        return Groups()
    views = {c.pk: GroupView(c) for c in clusters}
    placed = dict(
        Placement.objects.filter(cluster__workshop=workshop).values_list(
            "proposal_id", "cluster_id"
        )
    )
    loose = []
    for proposal in workshop.proposals.visible().only("id", "workshop", "text"):
        cluster_id = placed.get(proposal.pk)
        if cluster_id in views:
            views[cluster_id].proposals.append(proposal)
        else:
            loose.append(proposal)
    grouped = Groups(groups=list(views.values()))
    open_views = [v for v in views.values() if not v.cluster.frozen and v.proposals]
    if not open_views:
        grouped.waiting = loose
    elif loose:
        fits = placing.closest_groups(
            [p.text for p in loose], [[p.text for p in v.proposals] for v in open_views]
        )
        for proposal, (index, _score) in zip(loose, fits, strict=True):
            grouped.shown.append((proposal, open_views[index].cluster))
        for proposal, cluster in grouped.shown:
            views[cluster.pk].proposals.append(proposal)
    return grouped


def settle(workshop: Workshop) -> None:
    """Store where new proposals were shown (their closest group, or a new group of their own)."""
    grouped = groups_of(workshop)
    waiting = (
        grouped.waiting
        if grouped
        else list(workshop.proposals.visible().only("id", "workshop", "text"))
    )
    own = _new_clusters(workshop, [[p.text] for p in waiting])
    placements = [
        Placement(proposal_id=p.pk, cluster_id=cluster.pk)
        for p, cluster in [*grouped.shown, *zip(waiting, own, strict=True)]
    ]
    # Two server processes may settle at once: the same placement, stored once.
    Placement.objects.bulk_create(placements, ignore_conflicts=True)


def _new_clusters(
    workshop: Workshop, texts: list[list[str]], *, position: int | None = None
) -> list[Cluster]:
    """One group per list of texts, each with its most central text as a synthesis draft,
    placed from `position` on (default: after the last group), numbered after every group of
    the workshop. Called inside the caller's transaction."""
    if not texts:
        return []
    # One numbering at a time: two new groups never take the same number.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    if position is None:
        last = workshop.clusters.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    number = next_number(workshop.pk)
    clusters = Cluster.objects.bulk_create(
        Cluster(workshop=workshop, position=position + offset, number=number + offset)
        for offset in range(len(texts))
    )
    Synthesis.objects.bulk_create(
        Synthesis(
            cluster=cluster, text=members[similarity.central_index(members)] if members else ""
        )
        for cluster, members in zip(clusters, texts, strict=True)
    )
    return clusters


def _new_cluster(workshop: Workshop, texts: list[str], *, position: int | None = None) -> Cluster:
    return _new_clusters(workshop, [texts], position=position)[0]


def _check_open(cluster: Cluster) -> None:
    if cluster.frozen:
        raise ValidationError(
            _("Le groupe « %(name)s » est soumis au vote ou validé : il ne change plus.")
            % {"name": cluster}
        )


def auto_group(
    workshop: Workshop, *, actor, k: int | None = None, threshold: float | None = None
) -> list[Cluster]:
    """Group the visible proposals by similarity; frozen groups and their proposals stay put.

    `k` asks for that many groups, `threshold` for a distance cut; neither lets the proposals
    decide. The unfrozen groups are replaced, their syntheses drafted again.
    """
    require(actor, "workshops.run_workshop", workshop)
    if k is not None and not 1 <= k <= MAX_GROUPS:
        raise ValidationError(_("Choisissez entre 1 et %(max)d groupes.") % {"max": MAX_GROUPS})
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # one regroup at a time
        frozen = [c for c in workshop.clusters.select_related("synthesis") if c.frozen]
        kept = Placement.objects.filter(cluster__in=frozen).values_list("proposal_id", flat=True)
        proposals = list(
            workshop.proposals.visible().exclude(pk__in=list(kept)).order_by("created_at", "id")
        )
        workshop.clusters.exclude(pk__in=[c.pk for c in frozen]).delete()
        if not proposals:
            raise ValidationError(_("Aucune proposition à regrouper pour l'instant."))
        texts = [p.text for p in proposals]
        labels = similarity.group(texts, k=min(k, len(texts)) if k else None, threshold=threshold)
        start = max([c.position for c in frozen], default=0)
        created = []
        for label, members in enumerate(similarity.groups_from_labels(labels)):
            cluster = _new_cluster(
                workshop, [texts[i] for i in members], position=start + label + 1
            )
            Placement.objects.filter(proposal__in=[proposals[i] for i in members]).delete()
            Placement.objects.bulk_create(
                [Placement(proposal=proposals[i], cluster=cluster) for i in members]
            )
            created.append(cluster)
        publish_on_commit(workshop.pk, "groups.changed")
    return created


def open_group_count(workshop: Workshop) -> int:
    return sum(1 for c in workshop.clusters.select_related("synthesis") if not c.frozen)


def regroup_step(workshop: Workshop, *, actor, finer: bool) -> list[Cluster]:
    """One group more (finer) or one fewer (coarser) than now, the other groups left as they
    are (their numbers, names, syntheses and the facilitator's moves): coarser merges the two
    closest open groups (the next merge average linkage makes over the groups as they stand),
    finer splits the least cohesive one in two. Re-clustering every proposal into one group
    fewer, as before, undid the facilitator's moves and renumbered every group; and a merge
    decided on the original tree kept its early mistakes."""
    require(actor, "workshops.run_workshop", workshop)
    if open_group_count(workshop) == 0:
        return auto_group(workshop, actor=actor)
    with transaction.atomic():
        settle(workshop)
        views = [v for v in groups_of(workshop).groups if not v.cluster.frozen and v.proposals]
        texts = [[p.text for p in view.proposals] for view in views]
        if finer:
            loosest = cohesion.least_cohesive(texts)
            if loosest is None:
                raise ValidationError(
                    _("Chaque groupe n'a qu'une proposition : impossible d'en faire plus.")
                )
            split_cluster(views[loosest].cluster, actor=actor)
        else:
            if len(views) < 2:
                raise ValidationError(_("Il ne reste qu'un groupe : impossible d'en faire moins."))
            pair = [views[i] for i in cohesion.closest_pair(texts)]
            # The larger group receives (the earlier one on a tie): its name and sentence stay.
            pair.sort(key=lambda view: (-len(view.proposals), view.cluster.number))
            merge_clusters(pair[1].cluster, into=pair[0].cluster, actor=actor)
    return [c for c in workshop.clusters.select_related("synthesis") if not c.frozen]


def _drop_if_empty(cluster: Cluster) -> None:
    if not cluster.placements.exists():
        cluster.delete()


def move_proposal(proposal: Proposal, *, actor, to: Cluster | None) -> Cluster:
    """Put a proposal in another group, or in a new group of its own (`to` None)."""
    workshop = proposal.workshop
    require(actor, "workshops.run_workshop", workshop)
    if to is not None and to.workshop_id != workshop.pk:
        raise ValidationError(_("Ce groupe n'appartient pas à cet atelier."))
    with transaction.atomic():
        settle(workshop)
        placement = (
            Placement.objects.select_related("cluster__synthesis").filter(proposal=proposal).first()
        )
        if placement is None:  # hidden before any grouping placed it (settle skips hidden ones)
            raise ValidationError(
                _("Cette proposition est masquée et dans aucun groupe : affichez-la d'abord.")
            )
        source = placement.cluster
        _check_open(source)
        if to is not None:
            _check_open(to)
        if to is not None and to.pk == source.pk:
            return source
        target = to or _new_cluster(workshop, [proposal.text])
        placement.cluster = target
        placement.save(update_fields=["cluster"])
        _drop_if_empty(source)
        publish_on_commit(workshop.pk, "groups.changed")
    return target


def merge_clusters(cluster: Cluster, *, into: Cluster, actor) -> Cluster:
    """Bring a group's proposals into another; the receiving group keeps its name and synthesis."""
    require(actor, "workshops.run_workshop", cluster.workshop)
    if into.workshop_id != cluster.workshop_id or into.pk == cluster.pk:
        raise ValidationError(_("Choisissez un autre groupe du même atelier."))
    _check_open(cluster)
    _check_open(into)
    with transaction.atomic():
        settle(cluster.workshop)
        Placement.objects.filter(cluster=cluster).update(cluster=into)
        cluster.delete()
        publish_on_commit(into.workshop_id, "groups.changed")
    return into


def split_cluster(cluster: Cluster, *, actor) -> list[Cluster]:
    """Cut a group in two by similarity (`cohesion.split_in_two`): the group keeps its name,
    its synthesis and the part of its first proposal; the other part becomes a new group, with
    the next number and a synthesis draft of its own."""
    workshop = cluster.workshop
    require(actor, "workshops.run_workshop", workshop)
    _check_open(cluster)
    with transaction.atomic():
        settle(workshop)
        placements = list(
            cluster.placements.filter(proposal__hidden=False)
            .select_related("proposal")
            .order_by("proposal__created_at", "proposal_id")
        )
        if len(placements) < 2:
            raise ValidationError(_("Un groupe d'une seule proposition ne se scinde pas."))
        texts = [p.proposal.text for p in placements]
        labels = cohesion.split_in_two(texts)
        second = [p for p, label in zip(placements, labels, strict=True) if label == 1]
        Cluster.objects.filter(workshop=workshop, position__gt=cluster.position).update(
            position=F("position") + 1
        )
        other = _new_cluster(
            workshop, [p.proposal.text for p in second], position=cluster.position + 1
        )
        Placement.objects.filter(pk__in=[p.pk for p in second]).update(cluster=other)
        # A draft that was the text of a proposal gone to the other part is drafted again.
        kept = [p.proposal.text for p, label in zip(placements, labels, strict=True) if not label]
        moved = {p.proposal.text for p in second}
        Synthesis.objects.filter(
            cluster=cluster, status=Synthesis.Status.DRAFT, text__in=moved - set(kept)
        ).update(text=kept[similarity.central_index(kept)])
        publish_on_commit(workshop.pk, "groups.changed")
    return [cluster, other]


def rename_cluster(cluster: Cluster, *, actor, label) -> Cluster:
    require(actor, "workshops.run_workshop", cluster.workshop)
    label = cleaning.line(label, label=_("Nom du groupe"), max_length=LABEL_MAX)
    with transaction.atomic():
        Cluster.objects.filter(pk=cluster.pk).update(label=label)
        publish_on_commit(cluster.workshop_id, "groups.changed")
    cluster.refresh_from_db()
    return cluster


def write_synthesis(cluster: Cluster, *, actor, text) -> Synthesis:
    """The facilitator's sentence for a group. A synthesis that was not validated may be
    rewritten and put to the vote again."""
    require(actor, "workshops.run_workshop", cluster.workshop)
    _check_open(cluster)
    value = cleaning.line(text, label=_("Synthèse"), max_length=TEXT_MAX)
    if not value:
        raise ValidationError(_("Écrivez la phrase de synthèse du groupe."))
    with transaction.atomic():
        synthesis, _created = Synthesis.objects.update_or_create(
            cluster=cluster, defaults={"text": value, "status": Synthesis.Status.DRAFT}
        )
        publish_on_commit(cluster.workshop_id, "groups.changed")
    return synthesis
