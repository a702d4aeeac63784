"""Built-in agenda templates. The French one is the seed running order of the Vexin workshop 4."""

import re

from django.utils.translation import gettext_lazy as _

from .kinds import StepKind

# (kind, title, minutes, facilitator notes) — durations and wording from the seed running order,
# which is written for the facilitator (« Préciser la mission… », « L'inscrire sur le tableau »).
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

# What the room reads at each step of that running order (board and phones): short, addressed
# to the participants.
VEXIN_PARTICIPANT_TEXTS = {
    StepKind.INTRODUCTION: "Bienvenue ! Ensemble, nous allons construire une action qui répond à "
    "la question de l’atelier. Prenez connaissance des règles du jeu.",
    StepKind.ROUND_TABLE: "Présentez-vous : votre nom, votre structure et votre lien avec le "
    "thème (une expérience, une réflexion).",
    StepKind.MOOD: "Dites-nous comment vous allez. Votre réponse est anonyme.",
    StepKind.PROPOSALS: "Écrivez vos propositions pour améliorer la situation, une idée par "
    "phrase. Soutenez celles des autres qui vous parlent.",
    StepKind.EXISTING_ACTIONS: "Découvrez ce qui se fait déjà sur le territoire. Vous connaissez "
    "une de ces actions ? Témoignez-en.",
    StepKind.LEVERS: "Quelles conjonctures favorables sur notre territoire ? Ajoutez les leviers "
    "que vous connaissez : appels à projets, politiques, partenaires, événements.",
    StepKind.ORIENTATION: "Faut-il s’appuyer sur ces expériences ou développer quelque chose de "
    "nouveau ? Donnez votre avis.",
    StepKind.PROJECTS: "Construisez le projet à votre table : remplissez sa fiche action ensemble.",
    StepKind.FINALISATION: "Relisez votre fiche action et préparez la restitution avec le duo de "
    "référents.",
}


def template_steps(key: str) -> list[dict]:
    """The steps of a built-in template, as Step fields."""
    return [
        {
            "kind": kind,
            "title": title,
            "minutes": minutes,
            "instructions": VEXIN_PARTICIPANT_TEXTS.get(kind, ""),
            "facilitator_notes": notes,
        }
        for kind, title, minutes, notes in TEMPLATES[key][1]
    ]


def _folded(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def split_single_text(kind: str, text: str) -> tuple[str, str]:
    """(instructions, facilitator notes) for a step that had one text shown to everyone.

    The built-in template's texts were written for the facilitator: they become the notes and
    the room gets the template's participant text. Any other text was typed by a facilitator
    who saw it on the board and the phones: the room keeps reading it. Used by the migration
    that split the two texts and by the import of archives written before it.
    """
    for preset_kind, _title, _minutes, notes in VEXIN_RUNNING_ORDER:
        if preset_kind == kind and _folded(text) == _folded(notes):
            return VEXIN_PARTICIPANT_TEXTS.get(kind, ""), notes
    return text or "", ""


TEMPLATES = {
    "co-production": (
        _("Atelier de co-production (déroulé du Vexin, 125 min)"),
        VEXIN_RUNNING_ORDER,
    ),
}
