"""Built-in agenda templates. The French one is the seed running order of the Vexin workshop 4."""

from django.utils.translation import gettext_lazy as _

from .kinds import StepKind

# (kind, title, minutes, instructions) — durations and wording from the seed running order.
VEXIN_RUNNING_ORDER = [
    (
        StepKind.INTRODUCTION,
        "Se connaître et poser les bases",
        10,
        "Rappel du titre de l’atelier. Préciser la mission et le rôle des ateliers de "
        "co-production : une séance de travail basée sur la coopération entre les différentes "
        "parties prenantes ; elles sont destinées à construire ensemble une action qui répond à "
        "la question de l’atelier. Lecture des règles du jeu.",
    ),
    (
        StepKind.ROUND_TABLE,
        "Tour de table",
        20,
        "Tour de table : nom, structure et lien par rapport à la thématique (expérience ou "
        "réflexions).",
    ),
    (StepKind.MOOD, "Comment ça va ?", 5, "Comment ça va ?"),
    (
        StepKind.PROPOSALS,
        "Propositions pour améliorer la situation",
        15,
        "Lecture des propositions pour améliorer la situation. Rapprocher avec les phrases "
        "proches. Arriver à une synthèse validée par une grande partie du groupe. L’inscrire "
        "sur le tableau.",
    ),
    (
        StepKind.EXISTING_ACTIONS,
        "Expériences et actions déjà existantes",
        15,
        "Lecture des expériences/actions déjà existantes sur le territoire. Voir ce qui se fait "
        "déjà afin de mieux orienter le développement d’action. Deux personnes peuvent être "
        "témoins (partenaires, mise en œuvre, contenu, lien avec la problématique…).",
    ),
    (
        StepKind.LEVERS,
        "Conjonctures favorables",
        10,
        "Existe-t-il des conjonctures favorables sur notre territoire (utilisons les leviers "
        "existants) ?",
    ),
    (
        StepKind.ORIENTATION,
        "Supports ou nouveau ?",
        5,
        "Ces expériences peuvent-elles servir de supports pour répondre à la question ou "
        "serait-il intéressant de développer quelque chose de nouveau ?",
    ),
    (StepKind.PROJECTS, "Construction des projets", 35, "Construction du ou des projets ensemble."),
    (
        StepKind.FINALISATION,
        "Finalisation et préparation de la restitution",
        10,
        "Finalisation et préparation de la restitution.",
    ),
]

VEXIN_CHARTER = [
    "Les personnes interviennent à titre personnel",
    "Les échanges sont ouverts. L’écoute entre les participants et la prise de parole de chacun "
    "au cours de chaque séance est primordiale",
    "Toute critique doit être associée à une suggestion",
    "Les participants aux ateliers de co-production sont également des relais, prescripteurs et "
    "explorateurs de la démarche de progrès",
    "Rester dans des propositions en lien avec les items de revote",
    "Chaque atelier de co-production sera représenté par un duo de référents lors de séance de "
    "restitution",
]

TEMPLATES = {
    "co-production": (
        _("Atelier de co-production (déroulé du Vexin, 125 min)"),
        VEXIN_RUNNING_ORDER,
    ),
}
