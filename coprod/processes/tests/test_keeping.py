"""Keeping a process: its details, priority items (order, removal) and target publics."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.processes import services
from coprod.processes.models import PriorityItem
from coprod.testing.factories import (
    PriorityItemFactory,
    ProposalFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def texts(process):
    return list(process.priority_items.values_list("text", flat=True))


def test_a_process_keeps_its_territory_and_dates(chargee):
    process = services.create_process(
        actor=chargee,
        title="  Démarche   2027 ",
        territory="Parc naturel régional du Vexin français",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 6, 30),
    )
    process.refresh_from_db()
    assert process.title == "Démarche 2027"
    assert process.territory == "Parc naturel régional du Vexin français"
    assert (process.starts_on, process.ends_on) == (date(2027, 1, 10), date(2027, 6, 30))


def test_a_process_cannot_end_before_it_starts(process, chargee):
    with pytest.raises(ValidationError, match="ne peut pas précéder son début"):
        services.update_process(
            process, actor=chargee, starts_on=date(2027, 6, 1), ends_on=date(2027, 5, 1)
        )
    process.refresh_from_db()
    assert process.starts_on is None


def test_text_with_control_characters_or_too_long_is_refused(process, chargee):
    with pytest.raises(ValidationError, match="caractères invisibles"):
        services.update_process(process, actor=chargee, title="Démarche\x00")
    with pytest.raises(ValidationError, match="300 caractères"):
        services.add_priority_item(process, actor=chargee, text="x" * 301)
    with pytest.raises(ValidationError, match="Écrivez l'intitulé"):
        services.add_priority_item(process, actor=chargee, text="   ")
    assert texts(process) == ["Mobilité", "Services de proximité", "Insertion"]


def test_only_the_owners_keep_a_process(process, facilitator, stranger):
    """A facilitator of one of its workshops reads it but does not change it."""
    WorkshopFactory(process=process, facilitators=[facilitator])
    for user in (facilitator, stranger):
        with pytest.raises(PermissionDenied, match="Seuls les chargés de mission"):
            services.add_priority_item(process, actor=user, text="Santé")
        with pytest.raises(PermissionDenied):
            services.update_process(process, actor=user, title="Autre")
    assert facilitator.has_perm("processes.view_process", process)
    assert not stranger.has_perm("processes.view_process", process)
    assert UserFactory(is_superuser=True).has_perm("processes.change_process", process)


def test_items_are_added_last_and_renamed(process, chargee):
    item = services.add_priority_item(process, actor=chargee, text="Santé")
    services.rename_priority_item(item, actor=chargee, text="Accès aux soins")
    assert texts(process) == ["Mobilité", "Services de proximité", "Insertion", "Accès aux soins"]


def test_an_item_moves_up_and_down_and_stays_at_either_end(process, chargee):
    mobility, services_item, insertion = process.priority_items.all()
    services.move_priority_item(insertion, actor=chargee, offset=-1)
    assert texts(process) == ["Mobilité", "Insertion", "Services de proximité"]
    services.move_priority_item(mobility, actor=chargee, offset=-1)
    assert texts(process) == ["Mobilité", "Insertion", "Services de proximité"]
    services.move_priority_item(mobility, actor=chargee, offset=1)
    assert texts(process) == ["Insertion", "Mobilité", "Services de proximité"]


def test_reordering_needs_every_item_once(process, chargee):
    a, b, c = process.priority_items.values_list("pk", flat=True)
    other = PriorityItemFactory()
    for wrong in ([a, b], [a, b, b], [a, b, c, other.pk], [a, b, other.pk]):
        with pytest.raises(ValidationError, match="une fois chacun"):
            services.reorder_priority_items(process, actor=chargee, ordered_ids=wrong)
    services.reorder_priority_items(process, actor=chargee, ordered_ids=[c, a, b])
    assert texts(process) == ["Insertion", "Mobilité", "Services de proximité"]


def test_an_item_with_proposals_is_removed_only_moving_them(process, chargee):
    mobility, proximity, insertion = process.priority_items.all()
    workshop = WorkshopFactory(process=process, facilitators=[chargee])
    workshop.priority_items.set([mobility, insertion])
    proposal = ProposalFactory(workshop=workshop, priority_item=mobility)
    with pytest.raises(ValidationError, match="1 proposition"):
        services.remove_priority_item(mobility, actor=chargee)
    assert PriorityItem.objects.filter(pk=mobility.pk).exists()
    with pytest.raises(ValidationError, match="Choisissez un autre item"):
        services.remove_priority_item(mobility, actor=chargee, move_to=PriorityItemFactory().pk)
    with pytest.raises(ValidationError, match="Choisissez un autre item"):
        services.remove_priority_item(mobility, actor=chargee, move_to=mobility.pk)

    moved = services.remove_priority_item(mobility, actor=chargee, move_to=proximity.pk)

    assert moved == 1
    proposal.refresh_from_db()
    assert proposal.priority_item == proximity
    assert texts(process) == ["Services de proximité", "Insertion"]
    # The workshop offers the item its proposals now serve.
    assert set(workshop.priority_items.all()) == {proximity, insertion}
    assert list(process.priority_items.values_list("position", flat=True)) == [1, 2]


def test_an_unused_item_is_removed_at_once(process, chargee):
    services.remove_priority_item(process.priority_items.last(), actor=chargee)
    assert texts(process) == ["Mobilité", "Services de proximité"]


def test_target_publics_are_added_renamed_removed_and_unique(process, chargee):
    youth = services.add_target_public(process, actor=chargee, name="Familles")
    with pytest.raises(ValidationError, match="existe déjà"):
        services.add_target_public(process, actor=chargee, name=" Familles ")
    elderly = services.add_target_public(process, actor=chargee, name="Aînés")
    with pytest.raises(ValidationError, match="existe déjà"):
        services.rename_target_public(elderly, actor=chargee, name="Familles")
    services.rename_target_public(elderly, actor=chargee, name="Personnes âgées")
    services.remove_target_public(youth, actor=chargee)
    kept = list(process.target_publics.values_list("name", flat=True))
    assert kept == ["Jeunes", "Personnes âgées"]


def test_item_changes_are_announced_to_the_workshops_not_over(
    process, chargee, django_capture_on_commit_callbacks
):
    """Phones and boards show the items: their workshops re-render; an ended one is left."""
    from coprod.realtime import events

    running = WorkshopFactory(process=process, status="live")
    WorkshopFactory(process=process, status="ended")
    heard = []

    def record(sender, workshop_id, event_type, **kwargs):
        heard.append((workshop_id, event_type))

    events.published.connect(record, dispatch_uid="test-items")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.rename_priority_item(
                process.priority_items.first(), actor=chargee, text="Mobilités"
            )
    finally:
        events.published.disconnect(dispatch_uid="test-items")
    assert heard == [(running.pk, "workshop.changed")]
