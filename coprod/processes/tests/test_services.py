"""Creating a participatory process ("démarche de progrès")."""

import pytest
from django.core.exceptions import PermissionDenied

from coprod.processes.models import Process
from coprod.processes.services import create_process
from coprod.testing.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_process_keeps_its_priority_items_in_order_and_its_target_publics(chargee):
    process = create_process(
        actor=chargee,
        title="Démarche de progrès du Parc",
        priority_items=["Mobilité", "Services de proximité", "Insertion"],
        target_publics=["Jeunes", "Personnes âgées"],
    )
    assert list(process.owners.all()) == [chargee]
    assert list(process.priority_items.values_list("text", flat=True)) == [
        "Mobilité",
        "Services de proximité",
        "Insertion",
    ]
    assert sorted(process.target_publics.values_list("name", flat=True)) == [
        "Jeunes",
        "Personnes âgées",
    ]


def test_only_accounts_allowed_to_own_processes_create_one(facilitator, stranger):
    """A workshop facilitator who owns no process runs workshops, does not create processes;
    owning one already, or the permission given in the admin site, allows it."""
    with pytest.raises(PermissionDenied, match="Seuls les chargés de mission"):
        create_process(actor=facilitator, title="Une démarche de plus")
    assert not Process.objects.filter(title="Une démarche de plus").exists()
    ProcessFactory(owners=[stranger])
    create_process(actor=stranger, title="Sa deuxième démarche")
    assert Process.objects.filter(title="Sa deuxième démarche", owners=stranger).exists()
