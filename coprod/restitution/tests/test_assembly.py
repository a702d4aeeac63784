"""The restitution document read from a complete workshop: sections, numbers, privacy."""

import dataclasses

from coprod.action_sheets import services as sheets
from coprod.restitution import assembly
from coprod.restitution.typography import NBSP, NNBSP
from coprod.testing.factories import ParticipantFactory
from coprod.testing.scenarios import BUS, CONSENTING, NAMES, NOT_CONSENTING, REJECTED, SHOPS

KEYS = [
    "items",
    "participants",
    "mood",
    "syntheses",
    "priorities",
    "actions",
    "levers",
    "orientations",
    "sheets",
    "referents",
    "timing",
]


def texts(value) -> list[str]:
    """Every string anywhere in the document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts(v)]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in texts(getattr(value, f.name))]
    return []


def test_sections_in_order(complete):
    """Every section is there, with its stable key, in the documented order."""
    document = assembly.build(complete.workshop)
    assert [s.key for s in document.sections] == KEYS
    assert all(s.title for s in document.sections)


def test_cover(complete):
    """The cover names the process, the workshop, the date in French and says it is final."""
    cover = assembly.build(complete.workshop).cover
    assert cover.process == complete.workshop.process.title
    assert cover.date == f"jeudi 26 novembre 2026, 18{NBSP}h{NBSP}00"
    assert cover.place == "Salle des fêtes de Marines"
    assert cover.status == "document final"
    assert cover.question.endswith(f"publics spécifiques{NNBSP}?")


def test_provisional_cover(workshop):
    """Before the end the document says it is provisional and when it was generated."""
    cover = assembly.build(workshop).cover
    assert cover.status.startswith("document provisoire, généré le ")


def test_participants_by_organisation(complete):
    """Counts per organisation, the names of those who agreed and the others counted, and the
    chart's bars."""
    section = assembly.build(complete.workshop).section("participants")
    assert section.tables[0].header == ["Structure", "Participants", "Noms"]
    rows = {row[0]: row[1:] for row in section.tables[0].rows}
    assert rows == {
        "Mairie de Marines": ["3", "Alice Martin et 2 autres personnes"],
        "Association Le Panier": ["2", "Émilie Petit et 1 autre personne"],
        "Centre social du Vexin": ["1", "Farid Benali"],
    }
    bars = {bar.label: bar.value for bar in section.charts[0].bars}
    assert bars == {"Mairie de Marines": 3, "Association Le Panier": 2, "Centre social du Vexin": 1}
    assert section.intro.startswith("6 participants de 3 structures.")
    assert "Seules les personnes qui l'ont accepté sont nommées" in section.intro


def test_participation_by_type_of_organisation(complete):
    """One bar per type someone belongs to, in the list's order, « Non précisé » last; types
    nobody belongs to are left out."""
    chart = assembly.build(complete.workshop).section("participants").charts[1]
    assert chart.title == "Participation par type de structure"
    assert [(bar.label, bar.value) for bar in chart.bars] == [
        ("Collectivité, élu·e", 2),
        ("Association", 2),
        ("Structure sociale ou médico-sociale", 1),
        ("Non précisé", 1),
    ]
    assert chart.unit == "personnes"


def test_organisation_counted_without_any_name(workshop):
    """Nobody of an organisation agreed: « 3 personnes »; everybody agreed: « A, B et C »."""
    for name in ("Paul Roux", "Lina Haddad", "Yves Caron"):
        ParticipantFactory(workshop=workshop, name=name, organisation="Mairie de Vigny")
    for name in ("Zoé Lambert", "Marc Girard", "Anne Fontaine"):
        ParticipantFactory(
            workshop=workshop, name=name, organisation="Office de tourisme", name_consent=True
        )
    ParticipantFactory(workshop=workshop, name="Hugo Blanc", organisation="")
    document = assembly.build(workshop)
    rows = {row[0]: row[2] for row in document.section("participants").tables[0].rows}
    assert rows == {
        "Mairie de Vigny": "3 personnes",
        "Office de tourisme": "Anne Fontaine, Marc Girard et Zoé Lambert",
        "Sans structure": "1 personne",
    }
    everything = "\n".join(texts(document))
    for name in ("Paul Roux", "Lina Haddad", "Yves Caron", "Hugo Blanc"):
        assert name not in everything
    [kinds] = document.section("participants").charts[1:]
    assert [(bar.label, bar.value) for bar in kinds.bars] == [("Non précisé", 7)]


def test_no_type_chart_without_participants(workshop):
    """An empty workshop has no bar to draw by type of organisation."""
    section = assembly.build(workshop).section("participants")
    assert [chart.title for chart in section.charts] == ["Participation par structure"]


def test_facilitators_version_names_only_those_who_agreed(complete):
    """The names of those who agreed (as participants, witness, referent), no other name
    anywhere (cover, sections, details, charts)."""
    document = assembly.build(complete.workshop)
    everything = "\n".join(texts(document))
    for name in NOT_CONSENTING:
        assert name not in everything
    assert "Gérard Témoin" not in everything  # a witness who is not a participant
    for name in CONSENTING:
        assert name in everything
    referents = [i.title for i in document.section("referents").items]
    assert referents == ["Alice Martin (Mairie de Marines)", "Référent 2 (Association Le Panier)"]


def test_public_version_has_no_name(complete):
    """`public=True`: no participant's name anywhere, not even of those who agreed."""
    document = assembly.build(complete.workshop, public=True)
    everything = "\n".join(texts(document))
    for name in [*NAMES, "Gérard Témoin"]:
        assert name not in everything
    section = document.section("participants")
    assert section.tables[0].header == ["Structure", "Participants"]
    assert [row[1] for row in section.tables[0].rows] == ["3", "2", "1"]
    assert "Les noms ne sont pas publiés" in section.intro
    assert [b.value for b in section.charts[1].bars] == [2, 2, 1, 1]  # by type, as internally
    referents = [i.title for i in document.section("referents").items]
    assert referents == ["Référent 1 (Mairie de Marines)", "Référent 2 (Association Le Panier)"]
    testimonies = [c.title for a in document.section("actions").items for c in a.children]
    assert testimonies == ["Témoignage (Centre social du Vexin)", "Témoignage (Épicerie de Vigny)"]


def test_witness_without_consent_shown_by_organisation(complete):
    """Farid agreed: his testimony bears his name; once he withdraws, only his organisation."""
    witness = complete.people[5]
    title = assembly.build(complete.workshop).section("actions").items[0].children[0].title
    assert title == "Témoignage de Farid Benali (Centre social du Vexin)"
    witness.name_consent = False
    witness.save()
    document = assembly.build(complete.workshop)
    title = document.section("actions").items[0].children[0].title
    assert title == "Témoignage (Centre social du Vexin)"
    assert "Farid" not in "\n".join(texts(document))


def test_mood(complete):
    """Counts per level, once (a chart, no table repeating it), and the words."""
    section = assembly.build(complete.workshop).section("mood")
    assert section.intro == "6 réponses anonymes."
    assert section.tables == []
    (chart,) = section.charts
    assert {b.label: b.value for b in chart.bars} == {
        "Pas bien du tout": 0,
        "Pas très bien": 1,
        "Comme ci, comme ça": 1,
        "Bien": 3,
        "Très bien": 1,
    }
    assert section.items[0].text == "content, curieux, fatigué, prêt"


def test_an_empty_workshop_says_so_once_per_section(workshop):
    """No answer, no action, no lever, no orientation: one sentence each, not a chart of zeros,
    « 0 levier, par type… » or a bare heading."""
    document = assembly.build(workshop)
    mood = document.section("mood")
    assert mood.intro == "Personne n'a répondu."
    assert (mood.items, mood.tables, mood.charts) == ([], [], [])
    assert document.section("actions").intro == "Aucune action existante présentée."
    assert document.section("levers").intro == "Aucun levier noté."
    assert document.section("orientations").intro == "Aucune orientation votée."


def test_syntheses_with_votes_and_proposals(complete):
    """Validated syntheses first with voters, share and answered objections; then the rejected
    one, marked as such; the proposals behind each."""
    section = assembly.build(complete.workshop).section("syntheses")
    titles = [i.title for i in section.items]
    assert titles == [BUS, SHOPS, REJECTED]
    bus = dict(section.items[0].details)
    assert bus["État"] == "validée"
    assert bus["Votants"] == "6"
    assert bus["Pour ou peuvent vivre avec"] == f"5 (83{NBSP}%)"
    assert bus["Objections répondues"] == "1 / 1"
    proposals = section.items[0].children[-1]
    assert [c.title for c in proposals.children] == GROUPS_BUS
    assert dict(section.items[2].details)["État"] == "non validée"
    assert section.intro == "2 synthèses validées sur 3 soumises au vote."
    assert [b.value for b in section.charts[0].bars] == [83, 83]


GROUPS_BUS = ["Un minibus le jeudi vers le marché", "Un taxi solidaire pour les rendez-vous"]


def test_priorities(complete):
    """The closed poll's ranking with median grades."""
    table = assembly.build(complete.workshop).section("priorities").tables[0]
    assert table.rows[0][:3] == ["1", BUS, "Excellent"]
    assert table.rows[0][3] == "6"
    assert "6 votants" in table.caption


def test_actions_levers_orientations(complete):
    """Presented actions with testimonies; levers by type, deadlines first; the decision."""
    document = assembly.build(complete.workshop)
    actions = document.section("actions").items
    assert [a.title for a in actions] == ["Transport à la demande de Magny", "Épicerie solidaire"]
    assert actions[0].children[0].title == "Témoignage de Farid Benali (Centre social du Vexin)"
    assert actions[1].children[0].title == "Témoignage (Épicerie de Vigny)"
    assert ("Mise en œuvre", "Depuis 2021, deux fois par semaine") in actions[0].children[0].details
    levers = document.section("levers").items
    assert [g.title for g in levers] == ["Partenaire", "Appel à projets ou financement"]
    assert [c.title for c in levers[1].children] == [
        "Appel à projets mobilité rurale",
        "Fonds départemental",
    ]
    assert levers[1].children[0].details[0] == ("Échéance", "mercredi 31 mars 2027")
    orientation = document.section("orientations").items[0]
    assert orientation.title == BUS
    details = dict(orientation.details)
    assert details["Décision"] == "s'appuyer sur des actions existantes"
    assert details["Votants"] == "6"
    assert orientation.children[0].children[0].title == "Transport à la demande de Magny"


def test_sheets_in_full(complete):
    """The filled fields with their French labels, list fields by name, and the completeness;
    an empty field is left out rather than shown as « — »."""
    items = assembly.build(complete.workshop).section("sheets").items
    assert items[0].title == "Table 1 : Bus des villages".replace(" :", f"{NBSP}:")
    details = dict(items[0].details)
    assert details["Publics cibles"] == "Personnes âgées"
    assert details["Actions existantes sur lesquelles il s'appuie"] == (
        "Transport à la demande de Magny"
    )
    assert details["Leviers mobilisés"] == "Appel à projets mobilité rurale"
    assert "Risques" not in details and "Moyens et budget" not in details
    assert "Titre du projet" not in details  # it is the item's title
    assert details["Complétude"] == f"100{NBSP}%"
    assert details["Objectif"].endswith(f"marché{NBSP}: chaque jeudi{NNBSP}!")
    second = dict(items[1].details)
    assert list(second) == ["Objectif", "Complétude", "À compléter"]
    assert "Description" in second["À compléter"]
    assert items[1].children == []  # nobody criticised it
    assert assembly.EMPTY not in texts(items)


def test_empty_sheet_says_so_once(long_run):
    """A sheet nobody filled in: its table and one « Fiche non remplie », no field rows."""
    items = assembly.build(long_run.workshop).section("sheets").items
    empty = items[2:]
    assert [i.title for i in empty] == [f"Table {n}{NBSP}: Fiche {n}" for n in (3, 4)]
    assert [(i.text, i.details, i.children) for i in empty] == [("Fiche non remplie", [], [])] * 2


def test_sheets_carry_their_critiques_and_suggestions(complete, facilitator):
    """Issue 17: a critique and its suggestion reach the restitution, under its sheet."""
    first, second = complete.sheets
    sheets.add_comment(first, text="Une remarque", actor=facilitator)
    sheets.add_comment(
        first,
        text="Un seul trajet par semaine",
        field="calendar",
        is_critique=True,
        suggestion="Deux trajets : mardi et vendredi",
        actor=facilitator,
    )
    items = assembly.build(complete.workshop).section("sheets").items
    (said,) = items[0].children
    assert said.title == "Critiques et suggestions"
    (critique,) = said.children  # the plain remark is not a critique
    assert critique.title == "Un seul trajet par semaine"
    assert critique.details == [
        ("Sur", "Calendrier et jalons"),
        ("Suggestion", f"Deux trajets{NBSP}: mardi et vendredi"),
    ]
    assert items[1].children == []


def test_timing(complete):
    """Planned and actual start and minutes, and the difference, per step."""
    rows = assembly.build(complete.workshop).section("timing").tables[0].rows
    assert len(rows) == 9
    assert rows[0][1] == f"18{NBSP}h{NBSP}00"
    assert rows[0][2:] == ["10", f"18{NBSP}h{NBSP}00", "12", f"+2{NBSP}min"]
    assert rows[1][1] == f"18{NBSP}h{NBSP}10"
    assert rows[1][3] == f"18{NBSP}h{NBSP}12"
    assert rows[2][5] == f"0{NBSP}min"


def test_a_step_never_reached_says_so_once(complete):
    """A workshop ended early: its steps not played read « non jouée », not a row of « — »."""
    last = complete.workshop.steps.order_by("position").last()
    last.started_at = last.finished_at = None
    last.save()
    rows = assembly.build(complete.workshop).section("timing").tables[0].rows
    assert rows[-1][3:] == ["non jouée", "", ""]


def test_bounded_queries(complete, django_assert_max_num_queries):
    """A fixed number of queries, whatever the size of the workshop."""
    with django_assert_max_num_queries(30):
        assembly.build(complete.workshop)
