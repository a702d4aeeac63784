"""Who gets in: registration, the expected head count, approval, bursts, removal."""

import pytest
from django.core.exceptions import PermissionDenied

from coprod.agenda.kinds import StepKind
from coprod.live import services as live_services
from coprod.participants import services
from coprod.participants.models import Participant
from coprod.participants.tokens import workshop_id_for_token
from coprod.proposals import services as proposal_services
from coprod.testing.factories import ParticipantFactory, make_synthesis
from coprod.voting import services as voting
from coprod.workshops import services as workshop_services

pytestmark = pytest.mark.django_db

Admission = Participant.Admission


def join(workshop, name="Jeanne"):
    return services.join(code=workshop.join_code, name=name)


def test_arrivals_are_admitted_while_registration_is_open(workshop):
    participant, _token = join(workshop)
    assert participant.admission == Admission.ADMITTED


def test_once_registration_is_closed_arrivals_wait_for_approval(workshop, facilitator):
    services.set_registration(workshop, actor=facilitator, open=False)
    late, _token = join(workshop, "Retardataire")
    assert late.admission == Admission.PENDING
    services.set_admission(late, actor=facilitator, admission=Admission.ADMITTED)
    assert Participant.objects.get(pk=late.pk).admission == Admission.ADMITTED


def test_past_the_expected_head_count_arrivals_wait(workshop):
    workshop.expected_participants = 2
    workshop.save()
    assert [join(workshop, f"P{i}")[0].admission for i in range(3)] == [
        Admission.ADMITTED,
        Admission.ADMITTED,
        Admission.PENDING,
    ]


def test_a_new_workshop_expects_its_process_head_count(facilitator, workshop):
    process = workshop.process
    process.expected_participants = 25
    process.save()
    new = workshop_services.create_workshop(
        actor=facilitator, process=process, title="Atelier 5", question="Quelles actions ?"
    )
    assert new.expected_participants == 25


def test_a_fresh_code_locks_the_old_one_out_and_reopens_registration(workshop, facilitator):
    services.set_registration(workshop, actor=facilitator, open=False)
    old = workshop.join_code
    new = workshop_services.regenerate_join_code(workshop, actor=facilitator)
    assert new != old
    with pytest.raises(Exception, match="Ce code ne correspond à aucun atelier"):
        services.join(code=old, name="Intrus")
    participant, _token = services.join(code=new, name="Dans la salle")
    assert participant.admission == Admission.ADMITTED


def test_only_facilitators_decide_who_gets_in(workshop, stranger):
    participant, _token = join(workshop)
    for call in (
        lambda: services.set_registration(workshop, actor=stranger, open=False),
        lambda: services.set_admission(participant, actor=stranger, admission=Admission.REMOVED),
        lambda: services.admit_all_pending(workshop, actor=stranger),
        lambda: workshop_services.regenerate_join_code(workshop, actor=stranger),
        lambda: live_services.remove_participant(participant, actor=stranger),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Participant.objects.get(pk=participant.pk).admission == Admission.ADMITTED


@pytest.mark.parametrize("admission", [Admission.PENDING, Admission.REFUSED, Admission.REMOVED])
def test_someone_not_admitted_cannot_take_part(workshop, run_to, admission):
    """A waiting, refused or removed participant writes nothing, and their token reads
    nothing; each is told why."""
    run_to(workshop, StepKind.PROPOSALS)
    person = ParticipantFactory(workshop=workshop, token="jeton-x", admission=admission)
    with pytest.raises(PermissionDenied) as refused:
        proposal_services.submit_proposal(workshop, text_value="Un minibus", author=person)
    assert str(refused.value.args[0]).startswith(("Votre arrivée", "Vous avez été retiré"))
    with pytest.raises(PermissionDenied):
        services.cast_mood(person, value=4)
    assert workshop_id_for_token("jeton-x") is None


def test_admit_all_lets_every_waiting_arrival_in(workshop, facilitator):
    services.set_registration(workshop, actor=facilitator, open=False)
    for i in range(3):
        join(workshop, f"P{i}")
    assert services.admit_all_pending(workshop, actor=facilitator) == 3
    assert not workshop.participants.pending().exists()


# --- Bursts ---------------------------------------------------------------------------------


def test_joins_faster_than_a_room_raise_the_console_warning(workshop, facilitator, clock):
    for i in range(services.SURGE_JOINS - 1):
        join(workshop, f"P{i}")
        clock.advance(seconds=0.2)
    workshop.refresh_from_db()
    assert workshop.join_surge_at is None
    join(workshop, "Un de trop")
    workshop.refresh_from_db()
    assert workshop.join_surge_at == clock.now
    assert workshop.join_surge_count == services.SURGE_JOINS
    services.dismiss_join_surge(workshop, actor=facilitator)
    workshop.refresh_from_db()
    assert workshop.join_surge_at is None


def test_a_room_arriving_at_its_own_pace_raises_nothing(workshop, clock):
    for i in range(40):
        join(workshop, f"P{i}")
        clock.advance(seconds=1)
    workshop.refresh_from_db()
    assert workshop.join_surge_at is None


# --- Removal ------------------------------------------------------------------------------------


@pytest.fixture
def voters(workshop):
    return [ParticipantFactory(workshop=workshop, name=f"Personne {i}") for i in range(3)]


def test_removal_withdraws_the_ballots_of_open_votes_and_says_so(workshop, facilitator, voters):
    intruder = voters[0]
    synthesis = make_synthesis(workshop, "Un transport solidaire")
    vote = voting.open_validation(synthesis, actor=facilitator)
    for person in voters:
        voting.cast_consent(vote, participant=person, choice="for")
    closed_synthesis = make_synthesis(workshop, "Une épicerie", position=2)
    closed = voting.open_validation(closed_synthesis, actor=facilitator)
    voting.cast_consent(closed, participant=intruder, choice="for")
    voting.close_validation(closed, actor=facilitator)
    poll = voting.create_poll(workshop, actor=facilitator, title="Priorités", labels=["A", "B"])
    voting.open_poll(poll, actor=facilitator)
    options = list(poll.options.values_list("pk", flat=True))
    voting.cast_grades(poll, participant=intruder, grades={options[0]: 5, options[1]: 2})

    assert live_services.remove_participant(intruder, actor=facilitator) == 2

    assert voting.tally(vote)["voters"] == 2
    vote.refresh_from_db()
    assert vote.withdrawn == 1
    assert voting.voter_count(poll) == 0
    poll.refresh_from_db()
    assert poll.withdrawn == 1
    closed.refresh_from_db()  # decided with the room as it was: untouched
    assert (voting.tally(closed)["voters"], closed.withdrawn) == (1, 0)
    assert Participant.objects.get(pk=intruder.pk).admission == Admission.REMOVED


def test_a_removed_participant_leaves_the_counts(workshop, facilitator, voters):
    live_services.remove_participant(voters[0], actor=facilitator)
    names = [p.name for _org, people in services.roster_by_organisation(workshop) for p in people]
    assert names == ["Personne 1", "Personne 2"]
    assert services.room_of(workshop)["out"] == [voters[0]]


def test_a_facilitator_cannot_act_for_a_removed_person(workshop, facilitator, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    marcel = ParticipantFactory(workshop=workshop, has_phone=False, admission=Admission.REMOVED)
    with pytest.raises(PermissionDenied, match="pas admise"):
        proposal_services.submit_proposal(
            workshop, text_value="Un minibus", author=marcel, actor=facilitator
        )
