"""The step-kind table (live/panels.py) decides what every live page shows and what participants
may write: every kind walked through every page, and every write tried at every kind."""

import itertools

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from coprod.action_sheets import services as sheet_services
from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.catalogue.services import live as catalogue
from coprod.catalogue.services.levers import add_lever
from coprod.live import regions
from coprod.live.panels import NO_STEP, PANELS
from coprod.proposals import services as proposal_services
from coprod.testing.factories import (
    SAID,
    ActionFactory,
    ParticipantFactory,
    PriorityItemFactory,
    SheetFactory,
    StepFactory,
)
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as
from coprod.voting.models import Orientation

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
PROPOSAL = "Un minibus le samedi matin pour aller au marché de Magny"
ACTION = "Transport solidaire du Vexin"
LEVER = "Appel à projets mobilité rurale"
ORGANISATION = "Mairie de Magny-en-Vexin"


# --- The table --------------------------------------------------------------------------------


def test_the_table_has_a_row_for_every_step_kind():
    assert set(PANELS) == set(StepKind.values)
    for kind, panel in PANELS.items():
        assert panel.kind == kind


@pytest.mark.parametrize("panel", [*PANELS.values(), NO_STEP], ids=lambda p: p.kind or "none")
def test_every_template_of_the_table_exists(panel):
    for template in (panel.phone, panel.personal, panel.board, panel.console):
        if template:
            get_template(template)
    # A region the phone cannot fill would stay empty: a personal template needs its context,
    # unless it shows a fixed text (orientation: the ballot comes with the open vote).
    if panel.personal_context:
        assert panel.personal


# --- A room at every step ---------------------------------------------------------------------


class Room:
    """A running workshop with something to show at every step: a participant's phone, a
    person without a phone, a proposal, an action on screen, a lever, a closed orientation vote,
    a table's sheet; and a free step at the end of the seed's agenda."""

    def __init__(self, workshop, facilitator):
        self.workshop, self.facilitator = workshop, facilitator
        StepFactory(workshop=workshop, kind=StepKind.FREE, title="Pause café")
        self.phone = Client(REMOTE_ADDR="10.17.0.1")
        self.me = join_as(self.phone, workshop, name="Jeanne Martin", organisation=ORGANISATION)
        ParticipantFactory(workshop=workshop, name="Bernard Petit", has_phone=False)
        self.board = Client(REMOTE_ADDR="10.17.0.2")
        self.board.force_login(facilitator)
        agenda.start_workshop(workshop, actor=facilitator)
        self.go_to(StepKind.PROPOSALS)
        proposal_services.submit_proposal(workshop, text_value=PROPOSAL, author=self.me)
        action = ActionFactory(process=workshop.process, title=ACTION)
        self.presentation = catalogue.present_actions(
            workshop, actor=facilitator, actions=[action.pk]
        )[0]
        catalogue.show(workshop, self.presentation, actor=facilitator)
        add_lever(workshop, actor=facilitator, kind="funding", title=LEVER)
        item = PriorityItemFactory(process=workshop.process, text="Se déplacer sans voiture")
        Orientation.objects.create(
            workshop=workshop,
            position=1,
            priority_item=item,
            status=Orientation.Status.CLOSED,
            closed_at=timezone.now(),
        )
        self.sheet = SheetFactory(workshop=workshop, number=1)

    def go_to(self, kind):
        """Forward or back through the agenda, as the facilitator would."""
        kinds = list(self.workshop.steps.order_by("position").values_list("kind", flat=True))
        live = self.workshop.steps.live().first()
        while live.kind != kind:
            offset = 1 if kinds.index(kind) > kinds.index(live.kind) else -1
            live = agenda.go_to_step(self.workshop, actor=self.facilitator, offset=offset)


@pytest.fixture
def room(workshop, facilitator):
    return Room(workshop, facilitator)


# What each kind shows of its own, by page: `phone` in the phone's shared region (page, region
# and push), `personal` in its own region (page, region, and the region fetched alone),
# `board` and `console` in those pages, their regions and their pushes.
SHOWN = {
    StepKind.INTRODUCTION: {
        "phone": ["Règles du jeu", "Les personnes interviennent à titre personnel"],
        "board": ["Règles du jeu", "Les personnes interviennent à titre personnel"],
    },
    StepKind.ROUND_TABLE: {
        "personal": ["Votre carte pour le tour de table", 'value="Jeanne Martin"'],
        "board": [f"{ORGANISATION} : Jeanne Martin"],
    },
    StepKind.MOOD: {
        "personal": ["Comment ça va ? Votre réponse reste anonyme."],
        "board": ["0 réponse Pas bien du tout"],
        "console": ["Comment ça va ? 0 réponse Pas bien du tout", "Humeur de Bernard Petit"],
    },
    StepKind.PROPOSALS: {
        "personal": ["Vos propositions pour améliorer la situation", PROPOSAL],
        "board": [PROPOSAL],
        "console": ["Ajouter le post-it", "Regrouper les propositions proches", PROPOSAL],
    },
    StepKind.EXISTING_ACTIONS: {
        "personal": ["L'action à l'écran", ACTION],
        "board": [ACTION],
        "console": ["Choisir les actions présentées (page de préparation)", ACTION],
    },
    StepKind.LEVERS: {
        "personal": ["Proposez un levier favorable"],
        "board": [LEVER],
        "console": ["Ajouter un levier", LEVER],
    },
    StepKind.ORIENTATION: {
        "personal": ["s'affichera ici dès que l'animateur l'ouvrira"],
        "board": ["« Se déplacer sans voiture »", "vote clos"],
        "console": ["Page d'orientation (préparation)", "« Se déplacer sans voiture »"],
    },
    StepKind.PROJECTS: {
        "phone": ["Les fiches des tables"],
        "personal": ["Rejoindre la table 1"],
        "board": ["Table 1"],
        "console": [
            "Les tables et leurs fiches",
            "Les fiches action",
            "Créer des tables vierges",
            "Fiches entières, historique et commentaires (page de préparation)",
        ],
    },
    StepKind.FINALISATION: {
        "phone": ["Les fiches des tables"],
        "personal": ["Rejoindre la table 1"],
        "board": ["Les projets de l'atelier", "Le duo de référents", "bientôt désigné"],
        "console": ["Finaliser les fiches", "Duo de référents", "Pas encore désignés"],
    },
    StepKind.FREE: {},
}


def pages_of(room) -> dict[str, tuple[str, str]]:
    """Each live page of the workshop, fetched as its audience does: (what it shows, text)."""
    pk = room.workshop.pk
    fetched = {
        "phone page": ("phone personal", room.phone.get(f"/p/{pk}/")),
        "phone live region": ("phone personal", room.phone.get(f"/p/{pk}/live/")),
        "phone personal region": ("personal", room.phone.get(f"/p/{pk}/moi/")),
        "board page": ("board", room.board.get(f"/tableau/{pk}/")),
        "board region": ("board", room.board.get(f"/tableau/{pk}/live/")),
        "console page": ("console", room.board.get(f"/animer/{pk}/")),
        "console region": ("console", room.board.get(f"/animer/{pk}/live/")),
    }
    pages = {}
    for name, (shows, response) in fetched.items():
        assert response.status_code == 200, (name, visible_text(response))
        pages[name] = (shows, response.content.decode())
    audiences = {("board", "fr"), ("participant", "fr"), ("facilitator", "fr")}
    pushed = regions.render(pk, ["step.changed"], audiences)
    pages["pushed phone region"] = ("phone", pushed[("participant", "fr")])
    pages["pushed board region"] = ("board", pushed[("board", "fr")])
    pages["pushed console region"] = ("console", pushed[("facilitator", "fr")])
    return pages


@pytest.mark.parametrize("kind", StepKind.values)
def test_every_kind_shows_its_own_panel_on_every_page(room, kind):
    room.go_to(kind)
    panel = PANELS[kind]
    for name, (shows, html) in pages_of(room).items():
        text = visible_text(html)
        for part in shows.split():
            for wanted in SHOWN[kind].get(part, []):
                assert wanted in (html if wanted.startswith("value=") else text), (name, wanted)
        # The board's panel is the step's own, and only it.
        names = {p.name for p in PANELS.values() if p.name}
        for other in names - {panel.name}:
            assert f"panel panel-{other}" not in html, (name, other)
        if name.startswith("board") or name == "pushed board region":
            if panel.name:
                assert f'class="panel panel-{panel.name}"' in html, name
            else:
                assert 'class="panel panel-' not in html.replace("panel-votes", ""), name
        # The phone's own region is there exactly when the step has one.
        if name.startswith(("phone", "pushed phone")) and name != "phone personal region":
            assert ('id="phone-personal-' in html) == bool(panel.personal), name


def test_a_new_action_on_screen_gives_phones_a_new_personal_region(room, facilitator):
    """The row's `personal_key`: the phone re-fetches its region when the action changes."""
    room.go_to(StepKind.EXISTING_ACTIONS)
    pk = room.workshop.pk
    before = room.phone.get(f"/p/{pk}/live/").content.decode()
    assert f"-a{room.presentation.pk}" in before
    other = ActionFactory(process=room.workshop.process, title="Épicerie itinérante")
    shown = catalogue.present_actions(room.workshop, actor=facilitator, actions=[other.pk])[0]
    catalogue.show(room.workshop, shown, actor=facilitator)
    pushed = regions.render(pk, ["presentation.changed"], {("participant", "fr")})
    after = pushed[("participant", "fr")]
    assert f"-a{shown.pk}" in after and f"-a{room.presentation.pk}" not in after
    assert 'hx-trigger="load"' in after  # the new region fetches itself


def test_the_sheets_region_is_shared_from_projects_to_finalisation(room):
    """Moving on to the finalisation keeps the phone's sheet region (what is being typed)."""
    room.go_to(StepKind.PROJECTS)
    projects = room.phone.get(f"/p/{room.workshop.pk}/live/").content.decode()
    room.go_to(StepKind.FINALISATION)
    finalisation = room.phone.get(f"/p/{room.workshop.pk}/live/").content.decode()
    assert 'id="phone-personal-sheets"' in projects
    assert 'id="phone-personal-sheets"' in finalisation


# --- What participants may write, at every step ------------------------------------------------

REFUSALS = {
    "mood": "« Comment ça va ? » n'est pas la séquence en cours : réponse non enregistrée.",
    "proposal": "Les propositions s'écrivent pendant la séquence « Propositions »",
    "testimony": "Les témoignages se donnent pendant la séquence des actions existantes.",
    "lever": "Les leviers s'ajoutent pendant la séquence « Conjonctures favorables ».",
    "sheet": "Les fiches action s'écrivent pendant la construction des projets et la finalisation.",
}
_keys = itertools.count()


def write(room, what: str):
    """The participant's phone sends one `what`, as its form does."""
    pk, key = room.workshop.pk, f"k{next(_keys)}"
    if what == "mood":
        return room.phone.post(f"/p/{pk}/humeur/", {"value": 4}, headers=HX)
    if what == "proposal":
        data = {"text": f"{PROPOSAL} ({key})", "client_key": key}
        return room.phone.post(f"/p/{pk}/propositions/", data, headers=HX)
    if what == "testimony":
        data = {"presentation": room.presentation.pk, **SAID}
        return room.phone.post(f"/p/{pk}/temoignage/", data, headers=HX)
    if what == "lever":
        data = {"kind": "event", "title": f"Fête du Vexin {key}", "client_key": key}
        return room.phone.post(f"/p/{pk}/leviers/", data, headers=HX)
    version = sheet_services.field_state(room.sheet, "title").version
    data = {"value": f"Navette des villages {key}", "base_version": version}
    return room.phone.post(f"/p/{pk}/fiches/{room.sheet.pk}/title/", data, headers=HX)


@pytest.mark.parametrize("kind", StepKind.values)
def test_participants_write_exactly_what_the_step_allows(room, kind):
    room.go_to(kind)
    for what, refusal in REFUSALS.items():
        answer = write(room, what)
        if what in PANELS[kind].writes:
            assert answer.status_code == 200, (what, visible_text(answer))
            assert refusal not in visible_text(answer)
        else:
            assert answer.status_code == 400, what
            assert refusal in visible_text(answer), what


def test_every_write_is_allowed_by_some_step():
    allowed = set().union(*(p.writes for p in PANELS.values()))
    assert allowed == set(REFUSALS)
