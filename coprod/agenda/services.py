"""Agenda writes: preparing the running order and driving it live.

Every function authorises, validates, writes in a transaction (locking the workshop row so two
facilitator clicks cannot both move the agenda), then publishes after commit.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.core.idempotency import clean_key, create_once
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .kinds import StepKind
from .models import MAX_STEP_MINUTES, Step
from .presets import TEMPLATES, template_steps

MAX_EXTEND_MINUTES = 60


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _clean_minutes(minutes) -> int:
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise ValidationError(_("La durée doit être un nombre entier de minutes.")) from None
    if not 1 <= minutes <= MAX_STEP_MINUTES:
        raise ValidationError(
            _("La durée doit être comprise entre 1 et %(max)d minutes.") % {"max": MAX_STEP_MINUTES}
        )
    return minutes


def _clean_step_fields(kind, title, minutes, instructions, facilitator_notes) -> dict:
    if kind not in StepKind.values:
        raise ValidationError(_("Type de séquence inconnu."))
    title = cleaning.line(title, label=_("Titre"), max_length=200)
    if not title:
        raise ValidationError(_("Donnez un titre à la séquence."))
    return {
        "kind": kind,
        "title": title,
        "minutes": _clean_minutes(minutes),
        "instructions": cleaning.block(
            instructions, label=_("Consignes pour les participants"), max_length=5000
        ),
        "facilitator_notes": cleaning.block(
            facilitator_notes, label=_("Notes pour l'animateur"), max_length=5000
        ),
    }


# --- Preparing the agenda -------------------------------------------------------------------


def apply_template(workshop: Workshop, *, actor, template: str = "co-production") -> list[Step]:
    """Replace a not-yet-started agenda by a built-in template."""
    require(actor, "workshops.change_workshop", workshop)
    if template not in TEMPLATES:
        raise ValidationError(_("Modèle de déroulé inconnu."))
    with transaction.atomic():
        workshop = _locked(workshop)
        if workshop.status != Workshop.Status.DRAFT:
            raise ValidationError(_("On ne remplace pas le déroulé d'un atelier déjà commencé."))
        workshop.steps.all().delete()
        steps = Step.objects.bulk_create(
            Step(workshop=workshop, position=i, **fields)
            for i, fields in enumerate(template_steps(template), start=1)
        )
        publish_on_commit(workshop.pk, "agenda.changed")
    return steps


def add_step(
    workshop: Workshop,
    *,
    actor,
    kind,
    title,
    minutes,
    instructions="",
    facilitator_notes="",
    client_key="",
) -> Step:
    """A step at the end of the agenda; the same `client_key` again adds nothing more."""
    require(actor, "workshops.change_workshop", workshop)
    fields = _clean_step_fields(kind, title, minutes, instructions, facilitator_notes)
    client_key = clean_key(client_key)

    def create():
        locked = _locked(workshop)
        last = locked.steps.aggregate(last=Max("position"))["last"] or 0
        step = Step.objects.create(
            workshop=locked, position=last + 1, client_key=client_key, **fields
        )
        publish_on_commit(locked.pk, "agenda.changed")
        return step

    return create_once(workshop.steps.all(), client_key, create)


def update_step(
    step: Step, *, actor, kind, title, minutes, instructions="", facilitator_notes=""
) -> Step:
    require(actor, "workshops.change_workshop", step.workshop)
    fields = _clean_step_fields(kind, title, minutes, instructions, facilitator_notes)
    with transaction.atomic():
        _locked(step.workshop)
        step = Step.objects.get(pk=step.pk)
        if step.is_live and fields["minutes"] != step.minutes:
            raise ValidationError(
                _("Pour une séquence en cours, utilisez « Prolonger » plutôt que changer sa durée.")
            )
        for name, value in fields.items():
            setattr(step, name, value)
        step.version = F("version") + 1
        step.save()
        step.refresh_from_db()
        publish_on_commit(step.workshop_id, "agenda.changed")
    return step


def delete_step(step: Step, *, actor) -> None:
    require(actor, "workshops.change_workshop", step.workshop)
    with transaction.atomic():
        workshop = _locked(step.workshop)
        step = Step.objects.get(pk=step.pk)
        if step.is_live:
            raise ValidationError(_("On ne supprime pas la séquence en cours."))
        step.delete()
        _renumber(workshop)
        publish_on_commit(workshop.pk, "agenda.changed")


def move_step(step: Step, *, actor, offset: int) -> None:
    """Move a step up (offset -1) or down (+1) the running order."""
    require(actor, "workshops.change_workshop", step.workshop)
    with transaction.atomic():
        workshop = _locked(step.workshop)
        steps = list(workshop.steps.order_by("position"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        target = index + offset
        if not 0 <= target < len(steps):
            raise ValidationError(_("Cette séquence est déjà en bout de déroulé."))
        steps.insert(target, steps.pop(index))
        _renumber(workshop, steps)
        publish_on_commit(workshop.pk, "agenda.changed")


def _renumber(workshop: Workshop, steps: list[Step] | None = None) -> None:
    steps = steps if steps is not None else list(workshop.steps.order_by("position"))
    for position, s in enumerate(steps, start=1):
        s.position = position
    Step.objects.bulk_update(steps, ["position"])


# --- Running it live --------------------------------------------------------------------------


def _live_step(workshop: Workshop) -> Step | None:
    return workshop.steps.live().first()


def _run(step: Step, now, seconds: int | None = None) -> None:
    step.status = Step.Status.RUNNING
    step.started_at = now
    step.ends_at = now + timedelta(seconds=seconds if seconds is not None else step.minutes * 60)
    step.remaining_seconds = None
    step.finished_at = None
    step.save()


def _close(step: Step, now, status=Step.Status.DONE) -> None:
    step.status = status
    step.finished_at = now if status == Step.Status.DONE else None
    step.ends_at = None
    step.remaining_seconds = None
    if status == Step.Status.PLANNED:
        step.started_at = None
    step.save()


def start_workshop(workshop: Workshop, *, actor) -> Step:
    """Open the workshop and start its first step."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        workshop = _locked(workshop)
        if workshop.status == Workshop.Status.ENDED:
            raise ValidationError(_("Cet atelier est terminé."))
        if _live_step(workshop):
            raise ValidationError(_("L'atelier est déjà en cours."))
        first = workshop.steps.order_by("position").first()
        if first is None:
            raise ValidationError(_("Ajoutez au moins une séquence avant de commencer."))
        now = timezone.now()
        workshop.status = Workshop.Status.LIVE
        workshop.started_at = workshop.started_at or now
        workshop.save(update_fields=["status", "started_at", "updated_at"])
        _run(first, now)
        publish_on_commit(workshop.pk, "step.changed", {"step": first.pk})
    return first


def go_to_step(workshop: Workshop, *, actor, offset: int) -> Step:
    """Move the live agenda to the next (+1) or previous (-1) step."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        workshop = _locked(workshop)
        steps = list(workshop.steps.order_by("position"))
        index = next((i for i, s in enumerate(steps) if s.is_live), None)
        if workshop.status != Workshop.Status.LIVE or index is None:
            raise ValidationError(_("L'atelier n'est pas en cours : commencez-le d'abord."))
        current = steps[index]
        if not 0 <= index + offset < len(steps):
            raise ValidationError(
                _("C'est la dernière séquence : terminez l'atelier quand vous êtes prêts.")
                if offset > 0
                else _("C'est déjà la première séquence.")
            )
        target = steps[index + offset]
        now = timezone.now()
        # Going back puts the current step back to "à venir": it has not really been done.
        _close(current, now, Step.Status.DONE if offset > 0 else Step.Status.PLANNED)
        _run(target, now)
        publish_on_commit(workshop.pk, "step.changed", {"step": target.pk})
    return target


def end_workshop(workshop: Workshop, *, actor) -> None:
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        workshop = _locked(workshop)
        now = timezone.now()
        if current := _live_step(workshop):
            _close(current, now)
        workshop.status = Workshop.Status.ENDED
        workshop.ended_at = now
        workshop.save(update_fields=["status", "ended_at", "updated_at"])
        publish_on_commit(workshop.pk, "step.changed", {"step": None})


def _timer_change(workshop: Workshop, actor, change) -> Step:
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        workshop = _locked(workshop)
        step = _live_step(workshop)
        if step is None:
            raise ValidationError(_("Aucune séquence n'est en cours."))
        change(step, timezone.now())
        step.save()
        publish_on_commit(workshop.pk, "timer.changed", {"step": step.pk})
    return step


def pause_timer(workshop: Workshop, *, actor) -> Step:
    def pause(step, now):
        if step.status != Step.Status.RUNNING:
            raise ValidationError(_("Le minuteur est déjà en pause."))
        step.remaining_seconds = max(0, round((step.ends_at - now).total_seconds()))
        step.ends_at = None
        step.status = Step.Status.PAUSED

    return _timer_change(workshop, actor, pause)


def resume_timer(workshop: Workshop, *, actor) -> Step:
    def resume(step, now):
        if step.status != Step.Status.PAUSED:
            raise ValidationError(_("Le minuteur n'est pas en pause."))
        step.ends_at = now + timedelta(seconds=step.remaining_seconds or 0)
        step.remaining_seconds = None
        step.status = Step.Status.RUNNING

    return _timer_change(workshop, actor, resume)


def extend_timer(workshop: Workshop, *, actor, minutes) -> Step:
    minutes = _clean_minutes(minutes)
    if minutes > MAX_EXTEND_MINUTES:
        raise ValidationError(
            _("On prolonge de %(max)d minutes au plus à la fois.") % {"max": MAX_EXTEND_MINUTES}
        )

    def extend(step, now):
        if step.status == Step.Status.PAUSED:
            step.remaining_seconds = (step.remaining_seconds or 0) + minutes * 60
        else:
            # An overrun timer restarts from now: "5 more minutes" means five from now.
            step.ends_at = max(step.ends_at, now) + timedelta(minutes=minutes)

    return _timer_change(workshop, actor, extend)
