"""The retention purge: past a process's retention (coprod.privacy.retention), its participants
become « Participant 12 » in place and closed votes forget who cast each ballot.

What stays: every contribution and every tally, so the restitution documents (rendered from the
data on each request) and the open data read the same, with pseudonyms where names were. What
goes: the name and its copies (PERSON_NAMES of coprod.archives.schema, and the full name where
someone typed it in a free text of the workshop; a witness who was not a participant becomes
« Témoin 1 »), the free-text structure and link to the theme,
the phone's token, the link from a closed vote's ballots to their voter, and the workshop's
background-job files (documents and archives made earlier, with names: they are made again from
the purged data when asked). Facilitators' accounts are not participants' data: they stay.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from hashlib import sha256

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.action_sheets.models import Comment, FieldValue, Revision
from coprod.agenda.models import Step
from coprod.catalogue.models import Lever, Testimony
from coprod.grouping.models import Cluster, Synthesis
from coprod.jobs.models import Job
from coprod.participants.models import MoodVote, Participant
from coprod.processes.models import Process
from coprod.proposals import text as proposal_text
from coprod.proposals.models import Proposal
from coprod.voting.models import (
    ConsentBallot,
    DotBallot,
    GradeBallot,
    Orientation,
    OrientationBallot,
    Poll,
    ValidationVote,
)
from coprod.workshops.models import Workshop

from . import retention

# Free texts of a workshop where someone may have typed a participant's full name:
# (model, lookup to the workshop, fields).
FREE_TEXTS = [
    (Proposal, "workshop", ("text",)),
    (MoodVote, "workshop", ("word",)),
    (Cluster, "workshop", ("label",)),
    (Synthesis, "cluster__workshop", ("text",)),
    (ConsentBallot, "vote__workshop", ("reason", "suggestion", "answer")),
    (Lever, "workshop", ("title", "description", "source")),
    (Testimony, "workshop", ("partners", "implementation", "content", "link_to_problem")),
    (FieldValue, "sheet__workshop", ("value",)),
    (Revision, "sheet__workshop", ("value",)),
    (Comment, "sheet__workshop", ("text", "suggestion")),
    (Step, "workshop", ("instructions", "facilitator_notes")),
]
# Names shorter than this are not looked for in free texts (« Al » would match too much).
SHORTEST_NAME = 3


def pseudonym(number: int) -> str:
    return _("Participant %(number)d") % {"number": number}  # as coprod.privacy.rights says it


@dataclass
class WorkshopPlan:
    workshop: Workshop
    participants: int  # to pseudonymise
    ballots: int  # of closed votes, to unlink from their voter


@dataclass
class ProcessPlan:
    process: Process
    restitution: date | None
    due: date | None
    workshops: list[WorkshopPlan] = field(default_factory=list)


def plan_of(process: Process) -> ProcessPlan:
    restitution = process.restitution_date()
    return ProcessPlan(process, restitution, retention.due_date(restitution, process.kept_months))


def due_plans(now: datetime, process_id: int | None = None) -> list[ProcessPlan]:
    """The processes past their retention with workshops still to purge (or with votes closed
    since their purge), and what each holds. A live workshop waits for its end."""
    today = timezone.localdate(now)
    processes = Process.objects.select_related("organisation").order_by("pk")
    if process_id is not None:
        processes = processes.filter(pk=process_id)
    plans = []
    for process in processes:
        plan = plan_of(process)
        if not retention.is_due(plan.due, today):
            continue
        for workshop in process.workshops.exclude(status=Workshop.Status.LIVE).order_by("pk"):
            people = 0
            if workshop.purged_at is None:
                people = Participant.objects.filter(workshop=workshop).count()
            # A vote closed after its workshop's purge has its ballots unlinked the next day.
            ballots = sum(q.count() for q in _closed(workshop))
            if workshop.purged_at is None or ballots:
                plan.workshops.append(WorkshopPlan(workshop, people, ballots))
        if plan.workshops:
            plans.append(plan)
    return plans


def _closed(workshop: Workshop):
    """The still linked ballots of the workshop's closed votes, one queryset per kind."""
    linked = Q(participant__isnull=False)
    return [
        ConsentBallot.objects.filter(linked, vote__workshop=workshop).exclude(
            vote__status=ValidationVote.Status.OPEN
        ),
        OrientationBallot.objects.filter(linked, orientation__workshop=workshop).exclude(
            orientation__status=Orientation.Status.OPEN
        ),
        GradeBallot.objects.filter(linked, option__poll__workshop=workshop).exclude(
            option__poll__status=Poll.Status.OPEN
        ),
        DotBallot.objects.filter(linked, option__poll__workshop=workshop).exclude(
            option__poll__status=Poll.Status.OPEN
        ),
    ]


def purge_workshop(workshop: Workshop, now: datetime) -> dict:
    """Pseudonymise the workshop's participants and unlink its closed ballots, in the caller's
    transaction; returns the counts for the audit log (never a name)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.purged_at is not None:
        ballots = _unlink_ballots(workshop)
        return {"ballots": ballots} if ballots else {}
    people = list(Participant.objects.filter(workshop=workshop).order_by("joined_at", "id"))
    names = {p.pk: pseudonym(n) for n, p in enumerate(people, start=1)}
    originals = {p.name.strip(): names[p.pk] for p in people if p.name.strip()}
    copies = _replace_copies(workshop, names, originals)
    copies += _name_other_witnesses(workshop, originals)
    texts = _scrub_free_texts(workshop, originals)
    for p in people:
        p.name = names[p.pk]
        p.organisation = p.link_to_theme = p.client_key = ""
        p.name_consent = False
        p.token_hash = sha256(secrets.token_bytes(32)).hexdigest()  # the old phone is out
        p.connected_at = p.disconnected_at = None
    fields = ["name", "organisation", "link_to_theme", "client_key", "name_consent", "token_hash"]
    Participant.objects.bulk_update(people, [*fields, "connected_at", "disconnected_at"])
    ballots = _unlink_ballots(workshop)
    jobs = Job.objects.filter(Q(workshop=workshop) | Q(process_id=workshop.process_id))
    jobs = list(jobs.exclude(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)))
    for job in jobs:
        transaction.on_commit(job.remove_files)
    Job.objects.filter(pk__in=[j.pk for j in jobs]).delete()
    workshop.purged_at = now
    workshop.save(update_fields=["purged_at"])
    return {
        "participants": len(people),
        "name_copies": copies,
        "free_texts": texts,
        "ballots": ballots,
        "files": len(jobs),
    }


def _replace_copies(workshop: Workshop, names: dict, originals: dict) -> int:
    """The copies kept beside the link to the person (coprod.archives.schema.PERSON_NAMES), and
    those whose link was cut (an imported archive) found by the name itself."""
    changed = 0
    for model, lookup, name_field, person_field in (
        (Revision, "sheet__workshop", "author_name", "author"),
        (Comment, "sheet__workshop", "author_name", "author"),
        (Testimony, "workshop", "witness_name", "witness"),
    ):
        rows = model.objects.filter(**{lookup: workshop})
        for row in rows.filter(**{f"{person_field}__in": list(names)}):
            value = names[getattr(row, f"{person_field}_id")]
            extra = {"witness_organisation": ""} if model is Testimony else {}
            changed += model.objects.filter(pk=row.pk).update(**{name_field: value}, **extra)
        for original, value in originals.items():
            changed += rows.filter(
                **{f"{person_field}__isnull": True, f"{name_field}__iexact": original}
            ).update(**{name_field: value})
    return changed


def witness_pseudonym(number: int) -> str:
    return _("Témoin %(n)d") % {"n": number}


def _name_other_witnesses(workshop: Workshop, originals: dict) -> int:
    """A witness who was not a participant (a partner invited to testify) is a person too:
    « Témoin 1 », with their structure kept (it says what the testimony is worth). Their name
    joins `originals`, to be looked for in the free texts."""
    others = Testimony.objects.filter(workshop=workshop, witness__isnull=True).order_by("pk")
    numbers: dict[str, str] = {}
    for testimony in others:
        name = testimony.witness_name.strip()
        if name in originals.values() or name in numbers.values():
            continue  # already a pseudonym
        number = numbers.setdefault(name.casefold(), witness_pseudonym(len(numbers) + 1))
        originals.setdefault(name, number)
        testimony.witness_name = number
        testimony.save(update_fields=["witness_name"])
    return len(numbers)


def _scrub_free_texts(workshop: Workshop, originals: dict) -> int:
    """Replace each full name typed in a free text of the workshop by its pseudonym."""
    wanted = {n: p for n, p in originals.items() if len(n) >= SHORTEST_NAME}
    if not wanted:
        return 0
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(n) for n in sorted(wanted, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    by_name = {n.casefold(): p for n, p in wanted.items()}
    changed = 0
    for model, lookup, fields in FREE_TEXTS:
        query = Q()
        for f in fields:
            for name in wanted:
                query |= Q(**{f"{f}__icontains": name})
        for row in model.objects.filter(query, **{lookup: workshop}):
            for f in fields:
                new = pattern.sub(lambda m: by_name[m.group(1).casefold()], getattr(row, f))
                setattr(row, f, new)
            if model is Proposal:
                row.normalized = proposal_text.normalize(row.text)
            row.save(update_fields=[*fields, "normalized"] if model is Proposal else list(fields))
            changed += 1
    return changed


def _unlink_ballots(workshop: Workshop) -> int:
    """Cut the closed votes' ballots from their voters. A poll's ballots of one voter keep one
    anonymous number, in an order that says nothing of who (the grades and dots stay grouped, so
    the majority judgment and dot tallies read the same)."""
    unlinked = 0
    consent, orientation, grades, dots = _closed(workshop)
    for query in (grades, dots):
        polls = query.values_list("option__poll", flat=True).distinct()
        for poll in polls:
            in_poll = query.filter(option__poll=poll)
            voters = list(in_poll.values_list("participant", flat=True).distinct())
            secrets.SystemRandom().shuffle(voters)
            start = (
                query.model.objects.filter(option__poll=poll).aggregate(n=Max("voter"))["n"] or 0
            )
            for number, participant in enumerate(voters, start=start + 1):
                unlinked += in_poll.filter(participant=participant).update(
                    participant=None, voter=number
                )
    unlinked += consent.update(participant=None)
    unlinked += orientation.update(participant=None)
    return unlinked
