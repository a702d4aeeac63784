"""A full room for the board tests: 30 participants, 40 proposals, 8 groups with syntheses,
testimonies, levers, orientations, 6 filled action sheets with critiques — written through the
services, step by step as a facilitator's session would (run inside the test server with
`coprod shell -c "from coprod.live.tests import board_volumes; board_volumes.<step>(id)"`).

The texts are the length of what a hall writes: a sentence or two, some longer.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from coprod.action_sheets import services as sheets
from coprod.agenda import services as agenda
from coprod.catalogue.models import Action
from coprod.catalogue.services import live as catalogue
from coprod.demo.services import FACILITATOR
from coprod.grouping import services as grouping
from coprod.participants import services as participants
from coprod.proposals import services as proposals
from coprod.voting import services as voting
from coprod.workshops.models import Workshop

ORGANISATIONS = [
    "Mairie de Théméricourt",
    "Centre social du Vexin",
    "Association Familles rurales",
    "Mission locale",
    "Communauté de communes Vexin centre",
    "Habitant",
    "Parc naturel régional",
    "Club des aînés",
]
FIRST = [
    "Alice",
    "Bruno",
    "Chantal",
    "Didier",
    "Élise",
    "Fabrice",
    "Gaëlle",
    "Hervé",
    "Inès",
    "Jacques",
]
LAST = ["Martin", "Lefèvre", "Moreau", "Petit", "Roux"]

PROPOSALS = [
    "Un transport à la demande le jour du marché pour les personnes âgées sans voiture",
    "Organiser du covoiturage solidaire entre voisins avec une plateforme simple",
    "Des permanences des services publics itinérantes dans les petites communes",
    "Un minibus partagé entre les associations pour les sorties des jeunes",
    "Recenser les chauffeurs bénévoles et les mettre en relation avec ceux qui en ont besoin",
    "Maintenir l'épicerie du village en y ajoutant un point poste et un relais colis",
    "Un café associatif qui accueille aussi des permanences de santé",
    "Aider les commerçants ambulants à venir dans les hameaux isolés chaque semaine",
    "Créer une maison France services mobile qui passe dans chaque commune une fois par mois",
    "Former des jeunes du territoire aux métiers de l'aide à domicile avec un contrat local",
    "Des stages découverte dans les entreprises du Parc pour les collégiens",
    "Un forum de l'emploi rural avec les artisans et les agriculteurs qui recrutent",
    "Accompagner les demandeurs d'emploi pour passer le permis de conduire",
    "Louer des scooters à petit prix aux jeunes qui commencent un apprentissage",
    "Mettre en place un chantier d'insertion autour de l'entretien des chemins",
    "Développer le télétravail dans des tiers-lieux proches des gares",
    "Un guichet unique qui informe sur toutes les aides à la mobilité du territoire",
    "Des ateliers numériques pour les aînés dans les mairies",
    "Une ligne de bus le samedi vers la gare et le marché de Magny-en-Vexin",
    "Un réseau d'autostop organisé avec des arrêts identifiés et sécurisés",
    "Des vélos à assistance électrique en prêt longue durée pour aller au travail",
    "Faire connaître les actions existantes grâce à un journal distribué dans les boîtes",
    "Des médecins qui consultent à tour de rôle dans les villages sans cabinet",
    "Une crèche intercommunale avec des horaires adaptés aux travailleurs postés",
    "Parrainer les jeunes par des retraités pour trouver un premier emploi",
    "Des navettes vers les zones d'activité aux heures d'embauche",
    "Relancer le marché du dimanche avec les producteurs locaux",
    "Une conciergerie rurale qui rend des services aux habitants isolés",
    "Regrouper les demandes de transport des personnes âgées pour remplir les véhicules",
    "Une épicerie solidaire ambulante pour les familles en difficulté",
    "Mieux relier les horaires des cars à ceux des trains en gare de Pontoise",
    "Des formations qualifiantes au plus près des communes, sans devoir aller en ville",
    "Un annuaire des entreprises qui recrutent localement, tenu à jour par la mission locale",
    "Organiser des visites de prévention à domicile pour les plus de 75 ans",
    "Ouvrir les cantines scolaires aux aînés le midi pour rompre l'isolement",
    "Développer l'apprentissage dans les exploitations agricoles du Parc",
    "Un lieu unique d'accueil pour les jeunes : information, orientation, loisirs",
    "Donner accès aux minibus des communes le week-end pour les associations",
    "Créer un point relais numérique avec une personne pour aider aux démarches en ligne",
    "Soutenir les petits commerces qui livrent à domicile dans les villages",
]
GROUPS = [
    (
        "Transport à la demande",
        "Un transport à la demande pour les personnes sans voiture, "
        "réservé la veille, qui desserve les marchés, les gares et les services.",
    ),
    (
        "Covoiturage solidaire",
        "Un réseau de covoiturage et d'autostop solidaire animé par les "
        "communes, avec des arrêts identifiés.",
    ),
    (
        "Services itinérants",
        "Des services publics et de santé qui viennent dans les villages à jours fixes.",
    ),
    (
        "Commerces de proximité",
        "Maintenir et faire venir les commerces dans les villages, avec des services ajoutés.",
    ),
    (
        "Insertion des jeunes",
        "Des formations et des stages proches des communes pour que les "
        "jeunes trouvent un emploi sur le territoire.",
    ),
    (
        "Emploi local",
        "Faire se rencontrer les employeurs du territoire et les demandeurs d'emploi.",
    ),
    ("Isolement des aînés", "Rompre l'isolement des aînés par des lieux et des visites."),
    ("Information", "Un guichet et un journal qui font connaître toutes les aides et actions."),
]
LEVERS = [
    (
        "funding",
        "Appel à projets « Mobilités rurales » de la Région",
        40,
        "Jusqu'à 80 % des dépenses d'investissement, dossiers en deux temps.",
    ),
    ("funding", "Fonds LEADER du GAL Vexin", 90, "Pour les projets de coopération entre communes."),
    ("funding", "Programme France mobilités — territoires ruraux", None, ""),
    (
        "policy",
        "Plan de mobilité simplifié de la communauté de communes",
        150,
        "En cours d'élaboration : les propositions de l'atelier peuvent y entrer.",
    ),
    (
        "policy",
        "Schéma départemental d'amélioration de l'accessibilité des services",
        None,
        "Révision prévue l'an prochain.",
    ),
    (
        "partner",
        "La Poste : partenariat facteur-service",
        None,
        "Visites aux personnes âgées isolées déjà proposées dans trois communes.",
    ),
    ("partner", "Mission locale de la vallée", None, ""),
    ("partner", "Association des maires ruraux", None, "Réseau d'élus prêts à mutualiser."),
    ("event", "Fête du Parc", 60, "Un stand pour présenter les projets."),
    ("event", "Semaine européenne de la mobilité", 200, ""),
    ("infrastructure", "Tiers-lieu de la gare de Chars", None, "Ouvert en septembre."),
    ("other", "Bénévoles du club des aînés", None, "Une dizaine de chauffeurs volontaires."),
]
SHEET_TEXT = {
    "objective": "Permettre aux personnes sans voiture d'aller au marché, chez le médecin et à "
    "la gare au moins deux fois par semaine, sans dépendre de leurs voisins.",
    "description": "Un véhicule de neuf places réservé la veille par téléphone ou en ligne, "
    "qui passe dans chaque hameau à jours fixes. Les réservations sont regroupées pour remplir "
    "le véhicule ; les chauffeurs sont salariés en insertion ou bénévoles formés.",
    "partners": "Communauté de communes, Région, centre social, club des aînés, La Poste",
    "carrier": "Communauté de communes Vexin centre",
    "means": "Un véhicule (45 000 €, subventionné à 80 %), un mi-temps de coordination, "
    "la plateforme de réservation régionale.",
    "calendar": "Étude des besoins au printemps, test sur trois communes à l'automne, "
    "extension l'année suivante.",
    "indicators": "Nombre de trajets par mois, taux de remplissage, personnes nouvelles "
    "transportées, satisfaction.",
    "next_steps": "Réunir les élus des communes volontaires ; déposer le dossier de l'appel à "
    "projets ; recenser les chauffeurs.",
    "risks": "Coût de fonctionnement après la période de test ; trop peu de réservations.",
}


def _ctx(workshop_id: int):
    return Workshop.objects.get(pk=workshop_id), get_user_model().objects.get(username=FACILITATOR)


def _voting_for(participant, user):
    """Ballots are secret: people with a phone vote themselves, the facilitator for the rest."""
    return None if participant.has_phone else user


def people(workshop_id: int) -> None:
    """30 people join (28 from their phone, 2 entered by the facilitator) and the session
    starts."""
    workshop, user = _ctx(workshop_id)
    for i in range(28):
        participants.join(
            code=workshop.join_code,
            name=f"{FIRST[i % 10]} {LAST[i // 10 + i % 3]}",
            organisation=ORGANISATIONS[i % len(ORGANISATIONS)],
            link_to_theme="Élu·e, bénévole ou usager des transports",
            name_consent=True,
        )
    for name in ("Marcel Petit", "Odile Roux"):
        participants.add_participant_without_phone(
            workshop, actor=user, name=name, organisation="Habitant", name_consent=True
        )
    agenda.start_workshop(workshop, actor=user)


def next_step(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    agenda.go_to_step(workshop, actor=user, offset=1)


def moods(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    words = ["curieux", "motivée", "fatigué", "", "content d'être là", ""]
    for i, p in enumerate(workshop.participants.admitted().order_by("pk")):
        participants.cast_mood(p, value=1 + i % 5, word=words[i % len(words)], actor=user)


def proposals_sent(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    people_ = list(workshop.participants.admitted().order_by("pk"))
    for i, text in enumerate(PROPOSALS):
        proposals.submit_proposal(workshop, text_value=text, author=people_[i % 30], actor=user)


def grouped(workshop_id: int) -> None:
    """8 groups with their syntheses: 5 validated by the room, one put to the vote."""
    workshop, user = _ctx(workshop_id)
    clusters = grouping.auto_group(workshop, actor=user, k=len(GROUPS))
    room = list(workshop.participants.admitted().order_by("pk"))
    for n, (cluster, (label, text)) in enumerate(zip(clusters, GROUPS, strict=True)):
        grouping.rename_cluster(cluster, actor=user, label=label)
        synthesis = grouping.write_synthesis(cluster, actor=user, text=text)
        if n <= 5:
            vote = voting.open_validation(synthesis, actor=user)
            for i, p in enumerate(room):
                choice = "objection" if i == 0 and n == 5 else ("for", "live_with")[i % 2]
                objection = choice == "objection"
                voting.cast_consent(
                    vote,
                    participant=p,
                    choice=choice,
                    reason="Trop vague" if objection else "",
                    suggestion="Préciser les communes concernées" if objection else "",
                    actor=_voting_for(p, user),
                )
            if n < 5:
                voting.close_validation(vote, actor=user)


def presented(workshop_id: int) -> None:
    """The example actions are presented; the first is on the board with two testimonies."""
    workshop, user = _ctx(workshop_id)
    actions = list(Action.objects.of_process(workshop.process_id).order_by("pk")[:4])
    shown = catalogue.present_actions(workshop, actor=user, actions=actions)
    catalogue.show(workshop, shown[0], actor=user)
    room = list(workshop.participants.admitted().order_by("pk"))
    for p in room[:2]:
        catalogue.testify(
            shown[0],
            participant=p,
            actor=user,
            partners="La mairie, le centre social et deux associations de parents d'élèves.",
            implementation="Une réunion par trimestre, un agent à mi-temps, des bénévoles "
            "pour l'accueil ; lancé il y a deux ans.",
            content="Des permanences chaque mardi, un accompagnement pour les démarches, "
            "des ateliers collectifs une fois par mois.",
            link_to_problem="Touche surtout des personnes âgées qui ne peuvent plus conduire.",
        )


def levers(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    today = date.today()
    for kind, title, days, description in LEVERS:
        due = (today + timedelta(days=days)).isoformat() if days else ""
        catalogue.add_lever(
            workshop, actor=user, kind=kind, title=title, description=description, due_on=due
        )


def oriented(workshop_id: int) -> None:
    """Every orientation opened; a third of the room wants something new, the rest builds on
    one of the presented actions."""
    workshop, user = _ctx(workshop_id)
    room = list(workshop.participants.admitted().order_by("pk"))
    actions = voting.candidate_actions(workshop)
    for orientation in voting.open_orientations(workshop, actor=user):
        for i, p in enumerate(room):
            new = i % 3 == 0
            voting.cast_orientation(
                orientation,
                participant=p,
                choice="new" if new else "build_on",
                actions=() if new else [actions[i % len(actions)]],
                actor=_voting_for(p, user),
            )


def projects(workshop_id: int) -> None:
    """The votes closed; 6 tables, every sheet mostly filled, critiques with suggestions."""
    workshop, user = _ctx(workshop_id)
    # The facilitator closes what the room voted on before the tables start.
    for vote in voting.open_votes(workshop):
        voting.close_validation(vote, actor=user)
    for orientation in voting.orientations_of(workshop, status="open"):
        voting.close_orientation(orientation, actor=user)
    made = sheets.create_sheets(workshop, actor=user, count=6)
    sheets.assign_tables(workshop, actor=user, count=6)
    for n, sheet in enumerate(made):
        values = {"title": GROUPS[n][0] + " : un projet pour tout le territoire", **SHEET_TEXT}
        if n % 2:
            values.pop("risks")
            values.pop("means")
        for name, value in values.items():
            sheets.save_field(sheet, name, value=value, base_version=0, actor=user)
        for i in range(3):
            sheets.add_comment(
                sheet,
                text=f"Le calendrier semble trop court pour trois communes ({i + 1}).",
                is_critique=True,
                suggestion="Commencer par une seule commune volontaire au printemps.",
                actor=user,
            )


def finalised(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    duo = list(workshop.participants.admitted().order_by("pk")[:2])
    sheets.designate_referents(workshop, actor=user, participants=duo)


def ended(workshop_id: int) -> None:
    workshop, user = _ctx(workshop_id)
    agenda.end_workshop(workshop, actor=user)
