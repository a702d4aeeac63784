"""Proposals on three clearly distinct themes, for grouping tests (written for these tests)."""

THEMES = {
    "transport": [
        "Un transport à la demande pour les villages sans ligne de bus",
        "Plus de bus entre les villages et la gare",
        "Un minibus pour les personnes âgées sans voiture",
    ],
    "shops": [
        "Garder la boulangerie et l'épicerie du village ouvertes",
        "Une épicerie ambulante dans les hameaux sans commerce",
        "Un commerce multiservice avec épicerie et dépôt de pain",
    ],
    "jobs": [
        "Accompagner les demandeurs d'emploi vers un travail sur le territoire",
        "Des chantiers d'insertion pour retrouver un emploi",
        "Aider les jeunes sans emploi à trouver un apprentissage",
    ],
}
