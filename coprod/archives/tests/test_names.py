"""An archive never carries the name of a participant who did not consent to it: they travel
as « Participant N », their organisation kept; names they consented to travel as written."""

import pytest

from coprod.action_sheets import services as sheets
from coprod.archives import services
from coprod.catalogue import models as catalogue
from coprod.participants.models import Participant

from .conftest import read_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(complete, facilitator):
    """Alice consented, nobody else did; Bruno (no consent) wrote a comment and a sheet field
    on a sheet; Farid's testimony lost its link to him (as after his removal), not its name."""
    people = complete.people
    Participant.objects.filter(workshop=complete.workshop).update(name_consent=False)
    Participant.objects.filter(pk=people[0].pk).update(name_consent=True)
    bruno = people[1]
    sheet = complete.sheets[1]
    sheets.add_comment(
        sheet,
        participant=bruno,
        actor=facilitator,
        text="Qui conduit le camion ?",
        is_critique=True,
        suggestion="Un chauffeur bénévole",
    )
    sheets.save_field(
        sheet,
        "means",
        value="Un camion prêté",
        base_version=0,
        participant=bruno,
        actor=facilitator,
    )
    catalogue.Testimony.objects.filter(witness=people[5]).update(witness=None)
    return complete


def test_names_without_consent_never_travel(mixed, facilitator):
    body = services.export_workshop(mixed.workshop, actor=facilitator).body
    data = read_data(body)
    text = body.decode("latin-1") + repr(data)
    for person in mixed.people[1:]:
        assert person.name not in text, person.name
    participants = data["tables"]["participants.participant"]
    assert [p["name"] for p in participants][:3] == [
        "Alice Martin",
        "Participant 2",
        "Participant 3",
    ]
    assert participants[1]["organisation"] == "Mairie de Marines"
    comments = data["tables"]["action_sheets.comment"]
    assert [c["author_name"] for c in comments] == ["Participant 2"]
    revisions = data["tables"]["action_sheets.revision"]
    assert "Participant 2" in {r["author_name"] for r in revisions}
    witnesses = [t["witness_name"] for t in data["tables"]["catalogue.testimony"]]
    assert witnesses == ["Participant 6", "Gérard Témoin"]  # an outside witness keeps their name


def test_a_pseudonymised_participant_stays_anonymous_after_the_trip(mixed, facilitator):
    """Imported, they are « Participant 2 » on the central server too, still without consent."""
    mixed.workshop.process.owners.add(facilitator)
    body = services.export_workshop(mixed.workshop, actor=facilitator).body
    mixed.workshop.delete()
    new = services.import_archive(body, actor=facilitator).workshop
    names = list(new.participants.order_by("joined_at", "id").values_list("name", "name_consent"))
    assert names[:2] == [("Alice Martin", True), ("Participant 2", False)]
