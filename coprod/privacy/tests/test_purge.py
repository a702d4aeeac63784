"""The retention purge on a workshop run to its end: what it keeps, what it cuts, when."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from coprod.jobs import daily
from coprod.participants.models import Participant
from coprod.privacy import services
from coprod.privacy.models import AuditEntry
from coprod.testing.factories import ParticipantFactory, WorkshopFactory, seed_agenda
from coprod.testing.scenarios import NAMES
from coprod.voting import services as voting
from coprod.voting.models import ConsentBallot, DotBallot, GradeBallot, OrientationBallot, Poll

pytestmark = pytest.mark.django_db
# `complete` ends on 26 November 2026: kept six months, through 26 May 2027.
KEPT = datetime(2027, 5, 26, 12, tzinfo=UTC)
PAST = datetime(2027, 5, 27, 12, tzinfo=UTC)


@pytest.fixture
def workshop(facilitator):
    """The seed workshop `complete` runs (this folder's conftest has a bare one)."""
    workshop = WorkshopFactory(facilitators=[facilitator])
    seed_agenda(workshop)
    return workshop


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def tallies(workshop) -> dict:
    """Every result a restitution shows of the workshop's votes."""
    polls = {}
    for poll in Poll.objects.filter(workshop=workshop).order_by("pk"):
        results = voting.poll_results(poll)
        polls[poll.pk] = (
            results["voters"],
            [(r["option"].pk, r["rank"], r.get("counts"), r.get("dots")) for r in results["rows"]],
        )
    consent = {v.pk: voting.tally(v) for v in workshop.validation_votes.order_by("pk")}
    orientations = [
        {k: v for k, v in r.items() if k != "orientation"}
        for r in voting.orientation_results(list(workshop.orientations.order_by("pk")))
    ]
    return {"polls": polls, "consent": consent, "orientations": orientations}


def dots_poll(ran):
    """A closed dots poll: Alice puts 2 on the first option, the others 1 on each of two."""
    poll = voting.create_poll(ran.workshop, actor=ran.facilitator, title="Gommettes", method="dots")
    voting.open_poll(poll, actor=ran.facilitator)
    first, second, *_ = poll.options.order_by("position", "id")
    for i, person in enumerate(ran.people):
        dots = {first.pk: 2} if i == 0 else {first.pk: 1, second.pk: 1}
        voting.cast_dots(poll, participant=person, dots=dots, actor=ran.facilitator)
    voting.close_poll(poll, actor=ran.facilitator)
    return poll


def test_tallies_read_the_same_once_ballots_no_longer_say_whose(complete, clock):
    dots_poll(complete)
    before = tallies(complete.workshop)
    assert before["polls"] and before["consent"] and before["orientations"]
    clock.now = PAST
    purge()
    for model in (ConsentBallot, GradeBallot, DotBallot, OrientationBallot):
        assert model.objects.exists()
        assert not model.objects.filter(participant__isnull=False).exists(), model
    assert tallies(complete.workshop) == before
    # One voter's grades stay together under one anonymous number, in no telling order.
    voters = set(GradeBallot.objects.values_list("voter", flat=True))
    assert voters == set(range(1, len(NAMES) + 1))


def test_nothing_changes_before_the_due_date_and_a_second_run_changes_nothing(complete, clock):
    clock.now = KEPT
    assert "Aucune donnée personnelle" in purge()
    assert set(Participant.objects.values_list("name", flat=True)) == set(NAMES)
    clock.now = PAST
    assert "1 atelier purgé" in purge()
    names = list(Participant.objects.order_by("pk").values_list("name", "organisation"))
    assert "Aucune donnée personnelle" in purge()
    assert list(Participant.objects.order_by("pk").values_list("name", "organisation")) == names
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).count() == 1


def test_the_dry_run_says_what_would_change_in_french_and_writes_nothing(complete, clock):
    clock.now = PAST
    out = purge("--dry-run")
    assert "Simulation : rien n'est modifié." in out
    assert "restitution le 26 novembre 2026, conservation jusqu'au 27 mai 2027" in out
    assert f"« {complete.workshop.title} » : 6 participants à pseudonymiser" in out
    linked = sum(
        m.objects.count() for m in (ConsentBallot, GradeBallot, DotBallot, OrientationBallot)
    )
    assert f"{linked} bulletins à détacher de leur votant" in out
    assert "1 atelier serait purgé." in out
    assert set(Participant.objects.values_list("name", flat=True)) == set(NAMES)
    assert not AuditEntry.objects.exists()
    complete.workshop.refresh_from_db()
    assert complete.workshop.purged_at is None


def test_one_process_only_and_an_unknown_one_gets_a_french_message(complete, clock):
    clock.now = PAST
    other = complete.workshop.process.pk + 1000
    with pytest.raises(CommandError, match="Aucune démarche n'a le numéro"):
        purge("--process", str(other))
    assert "1 atelier purgé" in purge("--process", str(complete.workshop.process.pk))


def test_a_shorter_retention_of_the_process_comes_first(complete, clock):
    process = complete.workshop.process
    process.retention_months = 1
    process.save()
    clock.now = datetime(2026, 12, 27, 12, tzinfo=UTC)
    assert "1 atelier purgé" in purge()
    assert not Participant.objects.filter(name__in=NAMES).exists()


def test_a_live_workshop_waits_for_its_end(complete, clock):
    complete.workshop.status = "live"
    complete.workshop.save()
    clock.now = PAST
    assert not services.purge_due()
    assert set(Participant.objects.values_list("name", flat=True)) == set(NAMES)


def test_participants_lose_what_identifies_them_and_keep_the_rest(complete, clock):
    kinds = dict(Participant.objects.values_list("pk", "organisation_kind"))
    clock.now = PAST
    purge()
    for p in Participant.objects.all():
        assert p.name.startswith("Participant ") and p.organisation == "" == p.link_to_theme
        assert p.organisation_kind == kinds[p.pk]  # the participation chart stays
    entry = AuditEntry.objects.get()
    assert entry.details["participants"] == 6 and entry.details["ballots"] > 0


def test_the_worker_daily_chores_run_the_real_purge(complete, clock):
    clock.now = PAST
    assert daily.Chores().tick(PAST) == ["purge"]
    assert not Participant.objects.filter(name__in=NAMES).exists()


def test_a_process_still_within_its_retention_is_left_alone(complete, clock):
    """Another process, whose workshop came later, keeps its names the same day."""
    later = WorkshopFactory(starts_at=datetime(2027, 3, 1, 17, tzinfo=UTC))
    kept = ParticipantFactory(workshop=later, name="Hélène Garnier")
    clock.now = PAST
    purge()
    kept.refresh_from_db()
    assert kept.name == "Hélène Garnier"
    later.refresh_from_db()
    assert later.purged_at is None
    assert not Participant.objects.filter(name__in=NAMES).exists()


def test_an_open_vote_keeps_its_ballots_linked_until_it_closes(complete, clock):
    """Ballots are unlinked once the vote is closed: a poll closed after the purge is unlinked
    by the next run, with the same result."""
    poll = voting.create_poll(complete.workshop, actor=complete.facilitator, title="Encore")
    voting.open_poll(poll, actor=complete.facilitator)
    first = poll.options.order_by("position", "id").first()
    for person in complete.people[:3]:
        grades = {o.pk: 4 for o in poll.options.all()} | {first.pk: 6}
        voting.cast_grades(poll, participant=person, grades=grades, actor=complete.facilitator)
    clock.now = PAST
    purge()
    still = GradeBallot.objects.filter(option__poll=poll)
    assert still.count() == still.filter(participant__isnull=False).count() > 0
    voting.close_poll(poll, actor=complete.facilitator)
    before = voting.poll_results(poll)["voters"], voting.poll_results(poll)["rows"][0]["counts"]
    assert "0 participant à pseudonymiser, 6 bulletins à détacher" in purge("--dry-run")
    purge()
    assert not still.filter(participant__isnull=False).exists()
    after = voting.poll_results(poll)["voters"], voting.poll_results(poll)["rows"][0]["counts"]
    assert after == before and before[0] == 3
    assert "Aucune donnée personnelle" in purge()
