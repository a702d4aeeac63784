import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.grouping import services
from coprod.grouping.models import Cluster, Placement, Synthesis
from coprod.testing.factories import ProposalFactory, WorkshopFactory
from coprod.testing.themes import THEMES

pytestmark = pytest.mark.django_db


def texts_by_group(workshop):
    return [{p.text for p in view.proposals} for view in services.groups_of(workshop).groups]


def test_one_click_groups_close_sentences_together(workshop, facilitator, themed):
    """Auto-grouping in three finds the three themes; each group gets a draft synthesis."""
    services.auto_group(workshop, actor=facilitator, k=3)
    assert sorted(texts_by_group(workshop), key=sorted) == sorted(
        (set(t) for t in THEMES.values()), key=sorted
    )
    for view in services.groups_of(workshop).groups:
        assert view.synthesis.text in {p.text for p in view.proposals}
        assert view.synthesis.status == Synthesis.Status.DRAFT


def test_grouping_without_a_number_lets_the_proposals_decide(workshop, facilitator, themed):
    clusters = services.auto_group(workshop, actor=facilitator)
    assert 1 <= len(clusters) <= len(themed)
    assert Placement.objects.filter(cluster__workshop=workshop).count() == len(themed)


def test_hidden_proposals_are_left_out(workshop, facilitator, themed):
    themed[0].hidden = True
    themed[0].save()
    services.auto_group(workshop, actor=facilitator, k=3)
    shown = set().union(*texts_by_group(workshop))
    assert themed[0].text not in shown and len(shown) == len(themed) - 1


def test_a_new_proposal_appears_in_its_closest_group(workshop, facilitator, themed):
    services.auto_group(workshop, actor=facilitator, k=3)
    late = ProposalFactory(
        workshop=workshop, text="Une navette de bus entre les villages et la gare"
    )
    group = next(g for g in texts_by_group(workshop) if late.text in g)
    assert group - {late.text} == set(THEMES["transport"])
    # Stored as soon as the facilitator adjusts anything.
    services.rename_cluster(Cluster.objects.first(), actor=facilitator, label="Mobilité")
    services.settle(workshop)
    assert Placement.objects.get(proposal=late).cluster.placements.count() == 4


def test_move_to_another_group_and_to_a_new_group(workshop, facilitator, themed):
    first, second, *_ = services.auto_group(workshop, actor=facilitator, k=3)
    moved = first.placements.first().proposal
    services.move_proposal(moved, actor=facilitator, to=second)
    assert Placement.objects.get(proposal=moved).cluster == second
    alone = services.move_proposal(moved, actor=facilitator, to=None)
    assert list(alone.proposals.all()) == [moved]
    assert alone.synthesis.text == moved.text


def test_moving_the_last_proposal_out_removes_the_empty_group(workshop, facilitator, themed):
    clusters = services.auto_group(workshop, actor=facilitator, k=3)
    lonely = services.move_proposal(themed[0], actor=facilitator, to=None)
    services.move_proposal(themed[0], actor=facilitator, to=clusters[1])
    assert not Cluster.objects.filter(pk=lonely.pk).exists()


def test_merge_keeps_the_receiving_name_and_synthesis(workshop, facilitator, themed):
    a, b, _c = services.auto_group(workshop, actor=facilitator, k=3)
    together = a.placements.count() + b.placements.count()
    services.rename_cluster(b, actor=facilitator, label="Services de proximité")
    services.write_synthesis(b, actor=facilitator, text="Garder des services près de chez soi")
    services.merge_clusters(a, into=b, actor=facilitator)
    b.refresh_from_db()
    assert not Cluster.objects.filter(pk=a.pk).exists()
    assert b.placements.count() == together
    assert (b.label, b.synthesis.text) == (
        "Services de proximité",
        "Garder des services près de chez soi",
    )


def test_split_cuts_a_group_in_two_by_meaning(workshop, facilitator, themed):
    (both,) = services.auto_group(workshop, actor=facilitator, k=1)  # every theme together
    first, second = services.split_cluster(both, actor=facilitator)
    sizes = sorted([first.placements.count(), second.placements.count()])
    assert sum(sizes) == len(themed) and sizes[0] >= 1
    assert second.synthesis.text


def test_coarser_and_finer_change_the_number_of_groups(workshop, facilitator, themed):
    services.auto_group(workshop, actor=facilitator, k=3)
    assert len(services.regroup_step(workshop, actor=facilitator, finer=True)) == 4
    assert len(services.regroup_step(workshop, actor=facilitator, finer=False)) == 3
    services.auto_group(workshop, actor=facilitator, k=1)
    with pytest.raises(ValidationError, match="qu'un groupe"):
        services.regroup_step(workshop, actor=facilitator, finer=False)


def test_a_group_under_vote_is_frozen_and_kept_by_regrouping(workshop, facilitator, themed):
    clusters = services.auto_group(workshop, actor=facilitator, k=3)
    frozen = clusters[0]
    Synthesis.objects.filter(cluster=frozen).update(status=Synthesis.Status.VOTING)
    members = set(frozen.placements.values_list("proposal_id", flat=True))
    frozen.refresh_from_db()
    with pytest.raises(ValidationError, match="soumis au vote"):
        services.move_proposal(frozen.placements.first().proposal, actor=facilitator, to=None)
    with pytest.raises(ValidationError, match="soumis au vote"):
        services.write_synthesis(frozen, actor=facilitator, text="Autre chose")
    services.auto_group(workshop, actor=facilitator, k=2)
    assert set(frozen.placements.values_list("proposal_id", flat=True)) == members
    assert workshop.clusters.count() == 3


def test_synthesis_and_label_are_validated(workshop, facilitator, themed):
    (cluster, *_rest) = services.auto_group(workshop, actor=facilitator, k=3)
    with pytest.raises(ValidationError, match="Écrivez"):
        services.write_synthesis(cluster, actor=facilitator, text="   ")
    with pytest.raises(ValidationError, match="500 caractères"):
        services.write_synthesis(cluster, actor=facilitator, text="x" * 501)
    with pytest.raises(ValidationError, match="120 caractères"):
        services.rename_cluster(cluster, actor=facilitator, label="x" * 121)


def test_control_characters_in_a_label_or_a_synthesis_are_refused(workshop, facilitator, themed):
    (cluster, *_rest) = services.auto_group(workshop, actor=facilitator, k=3)
    with pytest.raises(ValidationError, match="« Nom du groupe » contient des caractères"):
        services.rename_cluster(cluster, actor=facilitator, label="Mobilité\x00")
    with pytest.raises(ValidationError, match="« Synthèse » contient des caractères"):
        services.write_synthesis(cluster, actor=facilitator, text="Des bus\x1b le soir")
    cluster.refresh_from_db()
    assert "\x00" not in cluster.label


def test_only_the_workshops_facilitators_group(workshop, stranger, themed):
    with pytest.raises(PermissionDenied):
        services.auto_group(workshop, actor=stranger)


def test_groups_of_another_workshop_cannot_be_targeted(workshop, facilitator, themed):
    services.auto_group(workshop, actor=facilitator, k=3)
    other = WorkshopFactory(process=workshop.process)
    other.facilitators.add(facilitator)
    ProposalFactory(workshop=other, text="Une proposition ailleurs")
    (foreign,) = services.auto_group(other, actor=facilitator, k=1)
    with pytest.raises(ValidationError, match="n'appartient pas"):
        services.move_proposal(themed[0], actor=facilitator, to=foreign)
    with pytest.raises(ValidationError, match="même atelier"):
        services.merge_clusters(workshop.clusters.first(), into=foreign, actor=facilitator)


def test_nothing_to_group_says_so(workshop, facilitator):
    with pytest.raises(ValidationError, match="Aucune proposition"):
        services.auto_group(workshop, actor=facilitator)


def test_moving_a_hidden_proposal_that_was_never_placed_says_so(workshop, facilitator):
    """Hidden before any grouping: no group holds it, the facilitator is told to show it first."""
    hidden = ProposalFactory(workshop=workshop, text="Un marché le dimanche", hidden=True)
    with pytest.raises(ValidationError, match="masquée et dans aucun groupe"):
        services.move_proposal(hidden, actor=facilitator, to=None)
    assert not workshop.clusters.exists()


def names(workshop):
    return [view.cluster.name for view in services.groups_of(workshop).groups]


def test_a_group_keeps_its_number_when_another_empties(workshop, facilitator, themed):
    """« Groupe 3 » stays « Groupe 3 » when group 2 empties; a new group takes number 4."""
    first, second, third = services.auto_group(workshop, actor=facilitator, k=3)
    assert names(workshop) == ["Groupe 1", "Groupe 2", "Groupe 3"]
    for placement in list(second.placements.all()):
        services.move_proposal(placement.proposal, actor=facilitator, to=first)
    assert names(workshop) == ["Groupe 1", "Groupe 3"]
    third.refresh_from_db()
    assert str(third) == "Groupe 3"
    alone = services.move_proposal(themed[0], actor=facilitator, to=None)
    assert alone.number == 4 and names(workshop)[-1] == "Groupe 4"


def test_a_new_group_never_takes_the_number_of_one_that_exists(workshop, facilitator, themed):
    """Group 1 emptied, group 3 still there: the next new group is 4, never 1 nor 3."""
    first, _second, _third = services.auto_group(workshop, actor=facilitator, k=3)
    for placement in list(first.placements.all()):
        services.move_proposal(placement.proposal, actor=facilitator, to=_second)
    alone = services.move_proposal(themed[1], actor=facilitator, to=None)
    assert alone.number == 4
    assert sorted(c.number for c in workshop.clusters.all()) == [2, 3, 4]


def test_a_label_shows_beside_the_stable_name(workshop, facilitator, themed):
    cluster = services.auto_group(workshop, actor=facilitator, k=3)[1]
    services.rename_cluster(cluster, actor=facilitator, label="Mobilité")
    cluster.refresh_from_db()
    assert (str(cluster), cluster.name) == ("Mobilité", "Groupe 2")


def test_split_keeps_the_group_and_numbers_the_new_part_next(workshop, facilitator, themed):
    (both,) = services.auto_group(workshop, actor=facilitator, k=1)
    services.rename_cluster(both, actor=facilitator, label="Tout")
    kept, other = services.split_cluster(both, actor=facilitator)
    kept.refresh_from_db()
    assert (kept.pk, kept.number, kept.label) == (both.pk, 1, "Tout")
    assert other.number == 2
    assert Placement.objects.get(proposal=themed[0]).cluster == kept  # the first proposal stays
    # Each part's draft synthesis is one of its own proposals.
    for part in (kept, other):
        texts = set(part.placements.values_list("proposal__text", flat=True))
        assert Synthesis.objects.get(cluster=part).text in texts


def test_split_moves_move_and_merge_are_refused_for_a_frozen_group(workshop, facilitator, themed):
    frozen, open_group, _third = services.auto_group(workshop, actor=facilitator, k=3)
    Synthesis.objects.filter(cluster=frozen).update(status=Synthesis.Status.VALIDATED)
    frozen.refresh_from_db()
    with pytest.raises(ValidationError, match="soumis au vote ou validé"):
        services.split_cluster(frozen, actor=facilitator)
    with pytest.raises(ValidationError, match="soumis au vote ou validé"):
        services.move_proposal(open_group.placements.first().proposal, actor=facilitator, to=frozen)
    with pytest.raises(ValidationError, match="soumis au vote ou validé"):
        services.merge_clusters(open_group, into=frozen, actor=facilitator)
    assert workshop.clusters.count() == 3


def test_a_stranger_cannot_move_nor_split(workshop, facilitator, stranger, themed):
    first, second, _third = services.auto_group(workshop, actor=facilitator, k=3)
    with pytest.raises(PermissionDenied):
        services.move_proposal(themed[0], actor=stranger, to=second)
    with pytest.raises(PermissionDenied):
        services.split_cluster(first, actor=stranger)
    assert workshop.clusters.count() == 3


def test_fewer_groups_merges_the_two_closest_and_keeps_the_facilitators_moves(
    workshop, facilitator, themed
):
    """« Moins de groupes » merges two groups and leaves the others as they are: their
    numbers, names and the proposals the facilitator moved by hand."""
    services.auto_group(workshop, actor=facilitator, k=3)
    transport = Placement.objects.get(proposal=themed[0]).cluster
    services.move_proposal(themed[0], actor=facilitator, to=None)  # a group of its own: 4
    moved_by_hand = Placement.objects.get(proposal=themed[0]).cluster
    services.rename_cluster(transport, actor=facilitator, label="Mobilité")
    services.regroup_step(workshop, actor=facilitator, finer=False)
    # The lone transport proposal joined its theme's group, which kept its number and name.
    transport.refresh_from_db()
    assert Placement.objects.get(proposal=themed[0]).cluster == transport
    assert transport.label == "Mobilité"
    assert not Cluster.objects.filter(pk=moved_by_hand.pk).exists()
    assert names(workshop) == ["Groupe 1", "Groupe 2", "Groupe 3"]


def test_more_groups_splits_the_least_cohesive_group(workshop, facilitator, themed):
    services.auto_group(workshop, actor=facilitator, k=2)
    before = {c.pk: c.number for c in workshop.clusters.all()}
    services.regroup_step(workshop, actor=facilitator, finer=True)
    after = {c.pk: c.number for c in workshop.clusters.all()}
    assert len(after) == 3
    assert all(after[pk] == number for pk, number in before.items())  # nobody renumbered
