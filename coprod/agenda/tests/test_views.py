"""The agenda editor and the new-workshop page, as a facilitator uses them in a browser."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from coprod.agenda import services
from coprod.processes.models import Process
from coprod.testing.factories import ProcessFactory, StepFactory, WorkshopFactory, may_own_processes
from coprod.testing.pages import visible_text
from coprod.workshops import codes
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def editor(workshop) -> str:
    return f"/ateliers/{workshop.pk}/deroule/"


def titles(workshop) -> list[str]:
    return list(workshop.steps.order_by("position").values_list("title", flat=True))


def step_form(prefix, **fields):
    values = {"kind": "free", "title": "Pause café", "minutes": "10", "instructions": ""} | fields
    return {f"{prefix}-{name}": value for name, value in values.items()}


# --- The editor page --------------------------------------------------------------------------


def test_editor_shows_each_step_with_its_planned_start(facilitator_client, workshop):
    """With a 14:00 start the seed agenda lasts 125 minutes and ends at 16:05."""
    workshop.starts_at = datetime(2026, 3, 12, 14, 0, tzinfo=PARIS)
    workshop.save()
    response = facilitator_client.get(editor(workshop))
    assert response.status_code == 200
    page = visible_text(response)
    assert "125 minutes au total, de 14:00 à 16:05." in page
    assert "14:30 — Comment ça va ?" in page
    assert "15:55 — Finalisation et préparation de la restitution" in page


def test_editor_is_for_the_workshop_facilitators_only(client, stranger, workshop):
    """Anonymous visitors are sent to log in; other accounts get 403."""
    response = client.get(editor(workshop))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    client.force_login(stranger)
    assert client.get(editor(workshop)).status_code == 403


def test_add_step(facilitator_client, workshop):
    response = facilitator_client.post(f"{editor(workshop)}ajouter/", step_form("new"), follow=True)
    assert response.redirect_chain == [(editor(workshop), 302)]
    assert "Séquence ajoutée." in visible_text(response)
    assert titles(workshop)[-1] == "Pause café"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minutes": "0"}, "Au moins 1 minute."),
        ({"minutes": "481"}, "Au plus 480 minutes."),
        ({"minutes": "dix"}, "Indiquez un nombre entier de minutes."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"title": "x" * 201}, "Assurez-vous que cette valeur comporte au plus 200 caractères"),
    ],
)
def test_add_step_errors_re_render_with_400_in_french(
    facilitator_client, workshop, fields, message
):
    """A bad step is not added; the page comes back with the French reason and the typed values."""
    response = facilitator_client.post(f"{editor(workshop)}ajouter/", step_form("new", **fields))
    assert response.status_code == 400
    assert message in visible_text(response)
    assert workshop.steps.count() == 9


def test_update_step(facilitator_client, workshop):
    step = workshop.steps.get(position=2)
    response = facilitator_client.post(
        f"{editor(workshop)}{step.pk}/",
        step_form(f"s{step.pk}", kind="round_table", title="Tour de table rapide", minutes="12"),
        follow=True,
    )
    assert "Séquence « Tour de table rapide » enregistrée." in visible_text(response)
    step.refresh_from_db()
    assert (step.title, step.minutes) == ("Tour de table rapide", 12)


def test_editor_shows_and_saves_the_two_texts_of_a_step(facilitator_client, workshop):
    """The editor shows what the room reads apart from the facilitator's own notes, and saves
    each in its place."""
    page = visible_text(facilitator_client.get(editor(workshop)))
    assert "Aux participants : Écrivez vos propositions" in page
    assert "Vos notes (vous seul·e les voyez) : Lecture des propositions" in page
    step = workshop.steps.get(position=4)
    facilitator_client.post(
        f"{editor(workshop)}{step.pk}/",
        step_form(
            f"s{step.pk}",
            kind=step.kind,
            title=step.title,
            minutes="15",
            instructions="Une idée par phrase, s'il vous plaît.",
            facilitator_notes="Penser au tableau papier.",
        ),
    )
    step.refresh_from_db()
    assert (step.instructions, step.facilitator_notes) == (
        "Une idée par phrase, s'il vous plaît.",
        "Penser au tableau papier.",
    )


def test_update_step_errors_re_render_with_400(facilitator_client, workshop):
    step = workshop.steps.get(position=2)
    response = facilitator_client.post(
        f"{editor(workshop)}{step.pk}/", step_form(f"s{step.pk}", minutes="600")
    )
    assert response.status_code == 400
    assert "Au plus 480 minutes." in visible_text(response)
    step.refresh_from_db()
    assert step.minutes == 20


def test_changing_the_live_step_duration_explains_extend(facilitator_client, facilitator, workshop):
    """The service refuses; the editor shows its French message with a 400."""
    step = services.start_workshop(workshop, actor=facilitator)
    response = facilitator_client.post(
        f"{editor(workshop)}{step.pk}/", step_form(f"s{step.pk}", title=step.title, minutes="30")
    )
    assert response.status_code == 400
    assert "utilisez « Prolonger » plutôt que changer sa durée" in visible_text(response)


def test_delete_step(facilitator_client, workshop):
    step = workshop.steps.get(position=3)
    response = facilitator_client.post(f"{editor(workshop)}{step.pk}/supprimer/", follow=True)
    assert "Séquence « Comment ça va ? » supprimée." in visible_text(response)
    assert workshop.steps.count() == 8


def test_deleting_the_live_step_shows_an_error(facilitator_client, facilitator, workshop):
    step = services.start_workshop(workshop, actor=facilitator)
    response = facilitator_client.post(f"{editor(workshop)}{step.pk}/supprimer/", follow=True)
    assert "On ne supprime pas la séquence en cours." in visible_text(response)
    assert workshop.steps.count() == 9


def test_move_step_up_and_down(facilitator_client, workshop):
    mood = workshop.steps.get(position=3)
    facilitator_client.post(f"{editor(workshop)}{mood.pk}/monter/")
    assert titles(workshop)[1] == "Comment ça va ?"
    response = facilitator_client.post(f"{editor(workshop)}{mood.pk}/descendre/", follow=True)
    assert titles(workshop)[2] == "Comment ça va ?"
    assert "Séquence « Comment ça va ? » déplacée." in visible_text(response)


def test_moving_the_first_step_up_says_why_not(facilitator_client, workshop):
    first = workshop.steps.get(position=1)
    response = facilitator_client.post(f"{editor(workshop)}{first.pk}/monter/", follow=True)
    assert "Cette séquence est déjà en bout de déroulé." in visible_text(response)


def test_unknown_move_direction_is_404(facilitator_client, workshop):
    step = workshop.steps.get(position=2)
    assert facilitator_client.post(f"{editor(workshop)}{step.pk}/sauter/").status_code == 404


def test_step_of_another_workshop_is_404(facilitator_client, facilitator, workshop):
    """A step id from another workshop cannot be edited through this workshop's URL."""
    foreign = StepFactory(workshop=WorkshopFactory(facilitators=[facilitator]))
    url = f"{editor(workshop)}{foreign.pk}/supprimer/"
    assert facilitator_client.post(url).status_code == 404
    assert foreign.__class__.objects.filter(pk=foreign.pk).exists()


def test_editing_actions_need_post(facilitator_client, workshop):
    step = workshop.steps.get(position=1)
    assert facilitator_client.get(f"{editor(workshop)}{step.pk}/supprimer/").status_code == 405
    assert workshop.steps.count() == 9


def test_stranger_cannot_edit_the_agenda(client, stranger, workshop):
    client.force_login(stranger)
    step = workshop.steps.get(position=1)
    assert client.post(f"{editor(workshop)}ajouter/", step_form("new")).status_code == 403
    assert client.post(f"{editor(workshop)}{step.pk}/supprimer/").status_code == 403
    assert workshop.steps.count() == 9


def test_apply_template_from_the_editor(facilitator_client, facilitator):
    workshop = WorkshopFactory(facilitators=[facilitator])
    response = facilitator_client.post(
        f"{editor(workshop)}modele/", {"template": "co-production"}, follow=True
    )
    assert "Déroulé remplacé par le modèle." in visible_text(response)
    assert workshop.steps.count() == 9


def test_unknown_template_from_the_editor(facilitator_client, workshop):
    response = facilitator_client.post(f"{editor(workshop)}modele/", {"template": "x"}, follow=True)
    assert "Modèle de déroulé inconnu." in visible_text(response)


# --- New workshop -----------------------------------------------------------------------------


def new_workshop_form(**fields):
    return {
        "title": "Atelier 5 — Mobilités",
        "question": "Comment se déplacer sans voiture ?",
        "charter": "Une règle\nUne autre règle",
        "template": "co-production",
    } | fields


def test_new_workshop_form_proposes_the_seed_charter(facilitator_client):
    response = facilitator_client.get("/ateliers/nouveau/")
    assert response.status_code == 200
    assert "Toute critique doit être associée à une suggestion" in visible_text(response)


def test_create_workshop_from_the_template(facilitator_client, facilitator):
    """The new workshop gets a join code, its creator as facilitator and the 9 seed steps."""
    process = ProcessFactory(owners=[facilitator])
    response = facilitator_client.post("/ateliers/nouveau/", new_workshop_form(process=process.pk))
    workshop = Workshop.objects.get(title="Atelier 5 — Mobilités")
    assert response.status_code == 302
    assert response["Location"] == editor(workshop)
    assert workshop.process == process
    assert list(workshop.facilitators.all()) == [facilitator]
    assert codes.looks_valid(workshop.join_code)
    assert workshop.steps.count() == 9
    assert workshop.charter_rules == ["Une règle", "Une autre règle"]


def test_create_workshop_with_a_new_process_and_an_empty_agenda(facilitator_client, facilitator):
    may_own_processes(facilitator)
    facilitator_client.post(
        "/ateliers/nouveau/", new_workshop_form(new_process="Démarche mobilité", template="")
    )
    workshop = Workshop.objects.get()
    assert workshop.process.title == "Démarche mobilité"
    assert list(workshop.process.owners.all()) == [facilitator]
    assert not workshop.steps.exists()


def test_a_facilitator_who_owns_no_process_is_told_so_on_the_form(facilitator_client):
    response = facilitator_client.post(
        "/ateliers/nouveau/", new_workshop_form(new_process="Démarche mobilité", template="")
    )
    assert "Seuls les chargés de mission créent une démarche" in visible_text(response)
    assert not Workshop.objects.exists()


def test_create_workshop_needs_a_process(facilitator_client):
    response = facilitator_client.post("/ateliers/nouveau/", new_workshop_form())
    assert "Choisissez une démarche ou donnez le titre d'une nouvelle." in visible_text(response)
    assert not Workshop.objects.exists()


def test_cannot_create_a_workshop_in_someone_elses_process(facilitator_client):
    """Only processes one owns or already facilitates in are offered, and accepted."""
    foreign = ProcessFactory(title="Démarche d'un autre territoire")
    page = visible_text(facilitator_client.get("/ateliers/nouveau/"))
    assert "Démarche d'un autre territoire" not in page
    response = facilitator_client.post("/ateliers/nouveau/", new_workshop_form(process=foreign.pk))
    assert "Sélectionnez un choix valide" in visible_text(response)
    assert not Workshop.objects.exists()
    assert Process.objects.count() == 1


def test_a_new_workshop_expects_its_process_head_count_unless_told(facilitator_client, facilitator):
    """Left empty, the expected head count is the process's; typed in, it is the workshop's."""
    process = ProcessFactory(owners=[facilitator], expected_participants=25)
    facilitator_client.post("/ateliers/nouveau/", new_workshop_form(process=process.pk))
    facilitator_client.post(
        "/ateliers/nouveau/",
        new_workshop_form(process=process.pk, title="Grand atelier", expected_participants="120"),
    )
    expected = dict(Workshop.objects.values_list("title", "expected_participants"))
    assert expected == {"Atelier 5 — Mobilités": 25, "Grand atelier": 120}


@pytest.mark.parametrize(("value", "message"), [("0", "au moins une"), ("trois", "nombre entier")])
def test_a_wrong_head_count_is_refused_in_french(facilitator_client, facilitator, value, message):
    process = ProcessFactory(owners=[facilitator])
    response = facilitator_client.post(
        "/ateliers/nouveau/", new_workshop_form(process=process.pk, expected_participants=value)
    )
    assert response.status_code == 200
    assert message in visible_text(response)
    assert not Workshop.objects.exists()
