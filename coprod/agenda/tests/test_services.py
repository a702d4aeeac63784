"""Preparing a running order and driving it live, through the agenda services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coprod.agenda import services
from coprod.agenda.kinds import StepKind
from coprod.agenda.models import Step
from coprod.testing.factories import StepFactory, WorkshopFactory
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db

SEED_MINUTES = [10, 20, 5, 15, 15, 10, 5, 35, 10]


def titles(workshop) -> list[str]:
    return list(workshop.steps.order_by("position").values_list("title", flat=True))


def statuses(workshop) -> list[str]:
    return list(workshop.steps.order_by("position").values_list("status", flat=True))


def current(workshop) -> Step | None:
    return workshop.steps.live().first()


# --- Preparing --------------------------------------------------------------------------------


def test_builtin_template_is_the_seed_running_order(facilitator):
    """The co-production template gives the seed's nine steps, 125 minutes, in order."""
    workshop = WorkshopFactory(facilitators=[facilitator])
    services.apply_template(workshop, actor=facilitator)
    steps = list(workshop.steps.order_by("position"))
    assert [s.minutes for s in steps] == SEED_MINUTES
    assert sum(s.minutes for s in steps) == 125
    assert [s.position for s in steps] == list(range(1, 10))
    assert [s.kind for s in steps[:3]] == [
        StepKind.INTRODUCTION,
        StepKind.ROUND_TABLE,
        StepKind.MOOD,
    ]
    assert steps[0].title == "Se connaître et poser les bases"
    assert steps[-1].title == "Finalisation et préparation de la restitution"
    assert all(s.status == Step.Status.PLANNED for s in steps)


def test_builtin_template_talks_to_the_room_and_keeps_the_seed_for_the_facilitator(facilitator):
    """Each step of the template has a short text for the participants and, apart, the seed's
    wording, which is addressed to the facilitator."""
    workshop = WorkshopFactory(facilitators=[facilitator])
    steps = services.apply_template(workshop, actor=facilitator)
    proposals = next(s for s in steps if s.kind == StepKind.PROPOSALS)
    assert proposals.instructions.startswith("Écrivez vos propositions")
    assert "L’inscrire sur le tableau" in proposals.facilitator_notes
    assert "tableau" not in proposals.instructions
    assert steps[0].facilitator_notes.startswith(
        "Rappel du titre de l’atelier. Préciser la mission"
    )
    assert "Préciser" not in steps[0].instructions
    assert all(s.instructions and s.instructions != s.facilitator_notes for s in steps)
    assert all(len(s.instructions) <= 200 for s in steps)


def test_template_replaces_the_existing_draft_agenda(workshop, facilitator):
    """Applying the template again leaves nine steps, not eighteen."""
    StepFactory(workshop=workshop, title="Pause café")
    services.apply_template(workshop, actor=facilitator)
    assert workshop.steps.count() == 9
    assert "Pause café" not in titles(workshop)


def test_template_refused_once_the_workshop_has_started(workshop, facilitator):
    """A started workshop keeps its agenda: the template is refused with a French message."""
    services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.apply_template(workshop, actor=facilitator)
    assert workshop.steps.count() == 9


def test_unknown_template_is_refused(workshop, facilitator):
    with pytest.raises(ValidationError, match="Modèle de déroulé inconnu"):
        services.apply_template(workshop, actor=facilitator, template="hackathon")


def test_add_step_goes_last_with_clean_fields(workshop, facilitator):
    """A new step is appended at the end, its title and instructions trimmed."""
    step = services.add_step(
        workshop, actor=facilitator, kind="free", title="  Pause café ", minutes="15",
        instructions="  Dehors  ",
    )  # fmt: skip
    assert step.position == 10
    assert (step.title, step.minutes, step.instructions) == ("Pause café", 15, "Dehors")
    assert step.facilitator_notes == ""
    assert titles(workshop)[-1] == "Pause café"


def test_step_keeps_its_two_texts_apart(workshop, facilitator):
    """The participants' text and the facilitator's notes are saved each in its own field."""
    step = services.add_step(
        workshop, actor=facilitator, kind="free", title="Pause", minutes=10,
        instructions="Servez-vous un café.", facilitator_notes=" Relancer à 15:20 ",
    )  # fmt: skip
    step = services.update_step(
        step, actor=facilitator, kind="free", title="Pause", minutes=10,
        instructions="Servez-vous un café ou un thé.", facilitator_notes="Relancer à 15:25",
    )  # fmt: skip
    assert (step.instructions, step.facilitator_notes) == (
        "Servez-vous un café ou un thé.",
        "Relancer à 15:25",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minutes": 0}, "La durée doit être comprise entre 1 et 480 minutes."),
        ({"minutes": 481}, "La durée doit être comprise entre 1 et 480 minutes."),
        ({"minutes": "dix"}, "La durée doit être un nombre entier de minutes."),
        ({"title": "   "}, "Donnez un titre à la séquence."),
        ({"title": "x" * 201}, "« Titre » ne doit pas dépasser 200 caractères."),
        (
            {"instructions": "x" * 5001},
            "« Consignes pour les participants » ne doit pas dépasser 5000 caractères.",
        ),
        (
            {"facilitator_notes": "x" * 5001},
            "« Notes pour l'animateur » ne doit pas dépasser 5000 caractères.",
        ),
        ({"kind": "sieste"}, "Type de séquence inconnu."),
    ],
)
def test_add_step_rejects_bad_fields_in_french(workshop, facilitator, fields, message):
    """Out-of-range minutes, empty or too long texts and unknown kinds are refused, nothing added."""
    values = {"kind": "free", "title": "Pause", "minutes": 10, "instructions": ""} | fields
    with pytest.raises(ValidationError) as error:
        services.add_step(workshop, actor=facilitator, **values)
    assert error.value.messages == [message]
    assert workshop.steps.count() == 9


def test_add_step_accepts_the_bounds(workshop, facilitator):
    """1 and 480 minutes, and a 200-character title, are allowed."""
    services.add_step(workshop, actor=facilitator, kind="free", title="x" * 200, minutes=1)
    services.add_step(workshop, actor=facilitator, kind="free", title="Journée", minutes=480)
    assert list(workshop.steps.order_by("-position").values_list("minutes", flat=True)[:2]) == [
        480,
        1,
    ]


def test_update_step_changes_its_fields(workshop, facilitator):
    step = workshop.steps.get(position=3)
    updated = services.update_step(
        step, actor=facilitator, kind="mood", title="Météo du groupe", minutes=7
    )
    assert (updated.title, updated.minutes) == ("Météo du groupe", 7)
    assert titles(workshop)[2] == "Météo du groupe"


def test_update_step_validates_like_add(workshop, facilitator):
    step = workshop.steps.get(position=1)
    with pytest.raises(ValidationError, match="entre 1 et 480"):
        services.update_step(step, actor=facilitator, kind="free", title="Intro", minutes=500)
    step.refresh_from_db()
    assert step.minutes == 10


def test_live_step_duration_is_changed_with_extend_not_edit(workshop, facilitator):
    """Editing the running step's minutes is refused; its title may still change."""
    step = services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="Prolonger"):
        services.update_step(step, actor=facilitator, kind=step.kind, title=step.title, minutes=30)
    services.update_step(step, actor=facilitator, kind=step.kind, title="Accueil", minutes=10)
    assert current(workshop).title == "Accueil"


def test_delete_step_renumbers_the_rest(workshop, facilitator):
    """After deleting the second step the positions stay 1..8 without a gap."""
    second = workshop.steps.get(position=2)
    services.delete_step(second, actor=facilitator)
    assert workshop.steps.count() == 8
    assert "Tour de table" not in titles(workshop)
    assert list(workshop.steps.order_by("position").values_list("position", flat=True)) == list(
        range(1, 9)
    )


def test_running_step_cannot_be_deleted(workshop, facilitator):
    step = services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="On ne supprime pas la séquence en cours."):
        services.delete_step(step, actor=facilitator)
    assert workshop.steps.count() == 9


def test_move_step_up_and_down(workshop, facilitator):
    """Moving the mood check up puts it before the round table; down puts it back."""
    mood = workshop.steps.get(kind=StepKind.MOOD)
    services.move_step(mood, actor=facilitator, offset=-1)
    assert titles(workshop)[:3] == [
        "Se connaître et poser les bases",
        "Comment ça va ?",
        "Tour de table",
    ]
    services.move_step(mood, actor=facilitator, offset=+1)
    assert titles(workshop)[:3] == [
        "Se connaître et poser les bases",
        "Tour de table",
        "Comment ça va ?",
    ]


def test_move_past_either_end_is_refused(workshop, facilitator):
    first = workshop.steps.get(position=1)
    last = workshop.steps.get(position=9)
    with pytest.raises(ValidationError, match="déjà en bout de déroulé"):
        services.move_step(first, actor=facilitator, offset=-1)
    with pytest.raises(ValidationError, match="déjà en bout de déroulé"):
        services.move_step(last, actor=facilitator, offset=+1)
    assert titles(workshop)[0] == "Se connaître et poser les bases"


# --- Running live -----------------------------------------------------------------------------


def test_start_workshop_runs_the_first_step_for_its_planned_minutes(workshop, facilitator, clock):
    """Starting opens the workshop and gives the first step a timer ending 10 minutes later."""
    first = services.start_workshop(workshop, actor=facilitator)
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.LIVE
    assert workshop.started_at == clock.now
    assert first.position == 1
    assert first.status == Step.Status.RUNNING
    assert first.started_at == clock.now
    assert first.ends_at == clock.now + timedelta(minutes=10)


def test_start_needs_at_least_one_step(facilitator):
    empty = WorkshopFactory(facilitators=[facilitator])
    with pytest.raises(ValidationError, match="Ajoutez au moins une séquence"):
        services.start_workshop(empty, actor=facilitator)
    empty.refresh_from_db()
    assert empty.status == Workshop.Status.DRAFT


def test_start_twice_is_refused(workshop, facilitator):
    services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="déjà en cours"):
        services.start_workshop(workshop, actor=facilitator)


def test_next_closes_the_current_step_and_runs_the_following_one(workshop, facilitator, clock):
    """ "Séquence suivante" marks the current step done and starts the next one's timer."""
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=12)
    second = services.go_to_step(workshop, actor=facilitator, offset=+1)
    assert second.position == 2
    assert second.ends_at == clock.now + timedelta(minutes=20)
    first = workshop.steps.get(position=1)
    assert (first.status, first.finished_at) == (Step.Status.DONE, clock.now)
    assert statuses(workshop)[:3] == ["done", "running", "planned"]


def test_previous_puts_the_current_step_back_to_planned(workshop, facilitator, clock):
    """Going back restarts the previous step and the step left was not really done."""
    services.start_workshop(workshop, actor=facilitator)
    services.go_to_step(workshop, actor=facilitator, offset=+1)
    clock.advance(minutes=1)
    first = services.go_to_step(workshop, actor=facilitator, offset=-1)
    assert first.position == 1
    assert (first.status, first.finished_at) == (Step.Status.RUNNING, None)
    assert first.ends_at == clock.now + timedelta(minutes=10)
    second = workshop.steps.get(position=2)
    assert (second.status, second.started_at) == (Step.Status.PLANNED, None)


def test_next_and_previous_stop_at_the_ends(workshop, facilitator):
    """There is no step before the first one nor after the last one: French messages say so."""
    services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="C'est déjà la première séquence."):
        services.go_to_step(workshop, actor=facilitator, offset=-1)
    for _ in range(8):
        services.go_to_step(workshop, actor=facilitator, offset=+1)
    assert current(workshop).position == 9
    with pytest.raises(ValidationError, match="C'est la dernière séquence"):
        services.go_to_step(workshop, actor=facilitator, offset=+1)
    assert current(workshop).position == 9


def test_next_before_start_is_refused(workshop, facilitator):
    with pytest.raises(ValidationError, match="commencez-le d'abord"):
        services.go_to_step(workshop, actor=facilitator, offset=+1)


def test_pause_keeps_the_seconds_left_and_resume_restarts_from_them(workshop, facilitator, clock):
    """Paused 4 min into a 10-min step, resumed 3 min later: the step now ends 6 min later."""
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=4)
    paused = services.pause_timer(workshop, actor=facilitator)
    assert (paused.status, paused.remaining_seconds, paused.ends_at) == ("paused", 360, None)
    clock.advance(minutes=3)
    resumed = services.resume_timer(workshop, actor=facilitator)
    assert resumed.status == Step.Status.RUNNING
    assert resumed.ends_at == clock.now + timedelta(minutes=6)
    assert resumed.remaining_seconds is None


def test_next_from_a_paused_step(workshop, facilitator, clock):
    """Moving on while the timer is paused closes the paused step and starts the next one."""
    services.start_workshop(workshop, actor=facilitator)
    services.pause_timer(workshop, actor=facilitator)
    second = services.go_to_step(workshop, actor=facilitator, offset=+1)
    assert (second.status, second.ends_at) == ("running", clock.now + timedelta(minutes=20))
    assert statuses(workshop)[:2] == ["done", "running"]
    assert workshop.steps.get(position=1).remaining_seconds is None


def test_pause_after_the_end_leaves_zero_seconds(workshop, facilitator, clock):
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=11)
    assert services.pause_timer(workshop, actor=facilitator).remaining_seconds == 0


def test_pause_twice_and_resume_while_running_are_refused(workshop, facilitator):
    services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="n'est pas en pause"):
        services.resume_timer(workshop, actor=facilitator)
    services.pause_timer(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="déjà en pause"):
        services.pause_timer(workshop, actor=facilitator)


def test_timer_controls_need_a_live_step(workshop, facilitator):
    with pytest.raises(ValidationError, match="Aucune séquence n'est en cours."):
        services.pause_timer(workshop, actor=facilitator)


def test_extend_adds_minutes_to_the_running_timer(workshop, facilitator, clock):
    """+5 min on a step with 8 minutes left leaves 13 minutes."""
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=2)
    step = services.extend_timer(workshop, actor=facilitator, minutes=5)
    assert step.ends_at == clock.now + timedelta(minutes=13)


def test_extend_an_overrun_timer_counts_from_now(workshop, facilitator, clock):
    """ "5 more minutes" on a step already 3 minutes over means five minutes from now."""
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=13)
    step = services.extend_timer(workshop, actor=facilitator, minutes=5)
    assert step.ends_at == clock.now + timedelta(minutes=5)


def test_extend_while_paused_adds_to_the_seconds_left(workshop, facilitator, clock):
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=4)
    services.pause_timer(workshop, actor=facilitator)
    step = services.extend_timer(workshop, actor=facilitator, minutes=1)
    assert (step.status, step.remaining_seconds) == ("paused", 420)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "La durée doit être comprise entre 1 et 480 minutes."),
        (61, "On prolonge de 60 minutes au plus à la fois."),
        (None, "La durée doit être un nombre entier de minutes."),
    ],
)
def test_extend_refuses_bad_minutes(workshop, facilitator, minutes, message):
    first = services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError) as error:
        services.extend_timer(workshop, actor=facilitator, minutes=minutes)
    assert error.value.messages == [message]
    assert current(workshop).ends_at == first.ends_at


def test_end_workshop_closes_the_live_step(workshop, facilitator, clock):
    """Ending marks the workshop ended, the running step done, and nothing stays live."""
    services.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=5)
    services.end_workshop(workshop, actor=facilitator)
    workshop.refresh_from_db()
    assert (workshop.status, workshop.ended_at) == (Workshop.Status.ENDED, clock.now)
    assert current(workshop) is None
    assert statuses(workshop)[0] == "done"


def test_ended_workshop_cannot_restart(workshop, facilitator):
    services.start_workshop(workshop, actor=facilitator)
    services.end_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError, match="Cet atelier est terminé."):
        services.start_workshop(workshop, actor=facilitator)


def test_database_refuses_a_second_live_step(workshop, facilitator):
    """Whatever the code does, the database keeps at most one running or paused step."""
    services.start_workshop(workshop, actor=facilitator)
    other = workshop.steps.get(position=5)
    other.status = Step.Status.PAUSED
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    assert workshop.steps.live().count() == 1


def test_each_workshop_has_its_own_live_step(workshop, facilitator):
    """The one-live-step rule is per workshop: two workshops run at the same time."""
    other = WorkshopFactory(facilitators=[facilitator])
    StepFactory(workshop=other)
    services.start_workshop(workshop, actor=facilitator)
    services.start_workshop(other, actor=facilitator)
    assert Step.objects.live().count() == 2


def test_database_refuses_minutes_out_of_range(workshop):
    step = workshop.steps.get(position=1)
    step.minutes = 481
    with pytest.raises(IntegrityError), transaction.atomic():
        step.save()


# --- Permission -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        lambda w, u: services.apply_template(w, actor=u),
        lambda w, u: services.add_step(w, actor=u, kind="free", title="Pause", minutes=5),
        lambda w, u: services.update_step(
            w.steps.first(), actor=u, kind="free", title="Autre", minutes=5
        ),
        lambda w, u: services.delete_step(w.steps.first(), actor=u),
        lambda w, u: services.move_step(w.steps.last(), actor=u, offset=-1),
        lambda w, u: services.start_workshop(w, actor=u),
        lambda w, u: services.end_workshop(w, actor=u),
    ],
    ids=["template", "add", "update", "delete", "move", "start", "end"],
)
def test_only_facilitators_prepare_or_drive_the_agenda(workshop, stranger, action):
    """Someone who is not a facilitator of the workshop gets PermissionDenied and changes nothing."""
    before = list(workshop.steps.order_by("position").values_list("title", "minutes", "status"))
    with pytest.raises(PermissionDenied):
        action(workshop, stranger)
    after = list(workshop.steps.order_by("position").values_list("title", "minutes", "status"))
    assert after == before
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.DRAFT


@pytest.mark.parametrize(
    "action",
    [
        lambda w, u: services.go_to_step(w, actor=u, offset=1),
        lambda w, u: services.pause_timer(w, actor=u),
        lambda w, u: services.extend_timer(w, actor=u, minutes=5),
    ],
    ids=["next", "pause", "extend"],
)
def test_only_facilitators_drive_a_live_workshop(workshop, facilitator, stranger, action):
    first = services.start_workshop(workshop, actor=facilitator)
    with pytest.raises(PermissionDenied, match="Seuls les animateurs"):
        action(workshop, stranger)
    live = current(workshop)
    assert (live.pk, live.status, live.ends_at) == (first.pk, "running", first.ends_at)
