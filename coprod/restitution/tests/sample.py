"""A realistic restitution `Document`, built by hand, for the tests of every format.

It holds every section key, French typography (« », accents, no-break spaces) and a text that
looks like markup, which every format must keep as plain text.
"""

from coprod.restitution.document import Bar, Chart, Cover, Document, Item, Section, Table

NBSP = "\u00a0"
NNBSP = "\u202f"

SCRIPT = '<script>alert("x")</script> & <b>gras</b>'
QUOTED = f"«{NBSP}Un bus à la demande, c'est possible{NNBSP}!{NBSP}»"

SECTION_TITLES = {
    "items": "Ordre du jour",
    "participants": "Participants",
    "mood": "Comment ça va ?",
    "syntheses": "Synthèses des propositions",
    "priorities": "Priorités votées",
    "actions": "Actions présentées",
    "levers": "Leviers",
    "orientations": "Orientations",
    "sheets": "Fiches action",
    "referents": "Référents",
    "timing": "Déroulé et durées",
}


def sample_document() -> Document:
    cover = Cover(
        process="Démarche de mobilité du Vexin français",
        workshop="Atelier 3 : se déplacer sans voiture",
        question=f"Comment mieux se déplacer sans voiture dans nos villages{NNBSP}?",
        date=f"jeudi 26 novembre 2026, 18{NBSP}h{NBSP}00",
        place="Salle des fêtes de Marines",
        status="document final",
    )
    sections = [
        Section(
            key="items",
            title=SECTION_TITLES["items"],
            intro="Les séquences de l'atelier, dans l'ordre où elles ont eu lieu.",
            items=[
                Item(title="Se connaître et poser les bases", text="Accueil et règles du jeu."),
                Item(title="Tour de table", text="Chacun dit son lien avec la thématique."),
                Item(title="Propositions pour améliorer la situation"),
            ],
        ),
        Section(
            key="participants",
            title=SECTION_TITLES["participants"],
            intro="24 personnes ont participé.",
            tables=[
                Table(
                    caption="Participants par structure",
                    header=["Nom", "Structure", "Lien avec la thématique"],
                    rows=[
                        ["Élodie Martin", "Mairie de Marines", "Élue aux mobilités"],
                        ["Bruno Lefèvre", "Association « Vexin à vélo »", "Cycliste"],
                        ["Zoé N'Diaye", "Lycée de Chars", SCRIPT],
                    ],
                )
            ],
        ),
        Section(
            key="mood",
            title=SECTION_TITLES["mood"],
            charts=[
                Chart(
                    title="Humeur au début de l'atelier",
                    bars=[Bar("Très bien", 7), Bar("Bien", 12), Bar("Moyen", 4), Bar("Mal", 1)],
                    unit="personnes",
                )
            ],
        ),
        Section(
            key="syntheses",
            title=SECTION_TITLES["syntheses"],
            intro="Les propositions regroupées par thème et leur synthèse validée.",
            items=[
                Item(
                    title="Transport à la demande",
                    text=f"Développer le transport à la demande {QUOTED}",
                    details=[("Propositions", "6"), ("Groupe", "Groupe 1")],
                    children=[
                        Item(title="Un minibus le samedi matin pour le marché"),
                        Item(title=SCRIPT),
                    ],
                ),
                Item(
                    title="Commerces de proximité",
                    text="Maintenir une épicerie et un point poste dans chaque village.",
                    details=[("Propositions", "4")],
                ),
                Item(
                    title="Covoiturage",
                    text="Une aire de covoiturage près de chaque gare.",
                    details=[("Propositions", "3")],
                ),
            ],
        ),
        Section(
            key="priorities",
            title=SECTION_TITLES["priorities"],
            charts=[
                Chart(
                    title="Votes par proposition",
                    bars=[
                        Bar("Transport à la demande", 18),
                        Bar("Commerces de proximité", 11),
                        Bar("Covoiturage", 0),
                    ],
                    unit="votes",
                )
            ],
            tables=[
                Table(
                    caption="Classement",
                    header=["Rang", "Proposition", "Votes"],
                    rows=[
                        ["1", "Transport à la demande", "18"],
                        ["2", "Commerces de proximité", "11"],
                        ["3", "Covoiturage", "0"],
                    ],
                )
            ],
        ),
        Section(
            key="actions",
            title=SECTION_TITLES["actions"],
            items=[
                Item(
                    title="Navette intercommunale",
                    text="Une navette relie les bourgs au marché.",
                    details=[
                        ("Porteur", "Communauté de communes"),
                        ("Coût", f"12{NNBSP}000{NBSP}€"),
                    ],
                )
            ],
        ),
        Section(
            key="levers",
            title=SECTION_TITLES["levers"],
            items=[Item(title="Mutualiser les véhicules des associations")],
        ),
        Section(
            key="orientations",
            title=SECTION_TITLES["orientations"],
            intro="Ce que les participants retiennent pour la suite.",
            items=[Item(title="Priorité aux personnes âgées et aux jeunes sans permis")],
        ),
        Section(
            key="sheets",
            title=SECTION_TITLES["sheets"],
            items=[
                Item(
                    title="Fiche 1 : minibus du samedi",
                    text="Un minibus réservable la veille par téléphone.",
                    details=[
                        ("Publics", "Personnes âgées, jeunes"),
                        ("Partenaires", "Mairies, associations"),
                        ("Échéance", "printemps 2027"),
                    ],
                ),
                Item(
                    title="Fiche 2 : épicerie itinérante",
                    text="Une épicerie qui passe une fois par semaine.",
                    details=[("Publics", "Tous les habitants")],
                ),
            ],
        ),
        Section(
            key="referents",
            title=SECTION_TITLES["referents"],
            tables=[
                Table(
                    caption="Référents des fiches",
                    header=["Fiche", "Référent"],
                    rows=[["Fiche 1", "Élodie Martin"], ["Fiche 2", "Bruno Lefèvre"]],
                )
            ],
        ),
        Section(
            key="timing",
            title=SECTION_TITLES["timing"],
            charts=[
                Chart(
                    title="Durée des séquences",
                    bars=[Bar("Tour de table", 25), Bar("Propositions", 40), Bar("Vote", 15)],
                    unit="minutes",
                )
            ],
        ),
    ]
    return Document(cover=cover, sections=sections, language="fr")
