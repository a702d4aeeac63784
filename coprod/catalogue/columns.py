"""The catalogue file's columns: their French headers, the other words people write for them,
and what a file's header row gives. Pure computation: no Django.

Only the title is required: a file without it has no usable column (`NoTitleColumn`), whatever
else it holds, since every action is found again by its title (and its organisation).
"""

from dataclasses import dataclass

from coprod.core.headers import map_headers

# Columns in export order, with their French header.
COLUMNS = [
    ("title", "Titre"),
    ("description", "Description"),
    ("organisation", "Structure porteuse"),
    ("partners", "Partenaires"),
    ("publics", "Publics"),
    ("scope", "Territoire"),
    ("places", "Communes"),
    ("status", "État"),
    ("started_on", "Début"),
    ("ended_on", "Fin"),
    ("contact", "Contact"),
    ("links", "Liens"),
    ("priority_items", "Items plébiscités"),
]
# Other headers people write (folded, parentheses and punctuation removed).
HEADER_WORDS = {
    "title": ("titre", "intitule", "nom", "nom de l action", "action", "titre de l action"),
    "description": ("description", "descriptif", "presentation", "resume"),
    "organisation": (
        "structure porteuse",
        "structure",
        "porteur",
        "porteur de projet",
        "porteur du projet",
        "organisation",
        "organisme",
    ),
    "partners": ("partenaires", "partenaire"),
    "publics": ("publics", "public", "publics cibles", "public cible", "publics vises"),
    "scope": ("territoire", "perimetre", "echelle"),
    "places": ("communes", "commune", "communes concernees", "lieux", "lieu"),
    "status": ("etat", "statut", "avancement"),
    "started_on": ("debut", "date de debut", "demarrage", "depuis"),
    "ended_on": ("fin", "date de fin", "jusqu au"),
    "contact": ("contact", "contacts", "referent"),
    "links": ("liens", "lien", "site", "site web", "sites", "url", "adresse web", "adresses web"),
    "priority_items": (
        "items plebiscites",
        "item plebiscite",
        "items plebiscites servis",
        "items",
        "item",
    ),
}
LABELS = dict(COLUMNS)


class NoTitleColumn(ValueError):
    """`found`: the file's headers as written."""

    def __init__(self, found: list[str]):
        super().__init__(found)
        self.found = found


@dataclass
class Columns:
    found: dict[str, int]  # field → its column (0-based)
    understood: list[tuple[str, str]]  # (the header as written, the column it gives), in order
    ignored: list[str]


def read_columns(headers: list) -> Columns:
    found, ignored = map_headers(headers, HEADER_WORDS)
    if "title" not in found:
        raise NoTitleColumn([str(h).strip() for h in headers if str(h or "").strip()])
    understood = [
        (str(headers[index]).strip(), LABELS[field])
        for field, index in sorted(found.items(), key=lambda pair: pair[1])
    ]
    return Columns(found, understood, ignored)
