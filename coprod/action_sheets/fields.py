"""The fields of an action sheet ("fiche action"), in the order the sheet shows them.

Every field is edited on its own and versioned on its own (see models.FieldValue): two people
writing different fields never meet; two writing the same field are told.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SheetField:
    name: str
    label: str
    kind: str  # "line", "text", or a list of ids: "publics", "actions", "levers"
    max_length: int
    required: bool = False  # for the completeness check, not for saving
    help_text: str = ""

    @property
    def is_list(self) -> bool:
        return self.kind in ("publics", "actions", "levers")


FIELDS: tuple[SheetField, ...] = (
    SheetField("title", _("Titre du projet"), "line", 200, required=True),
    SheetField("objective", _("Objectif"), "text", 1000, required=True),
    SheetField("publics", _("Publics cibles"), "publics", 2000, required=True),
    SheetField("description", _("Description"), "text", 3000, required=True),
    SheetField("builds_on", _("Actions existantes sur lesquelles il s'appuie"), "actions", 2000),
    SheetField("levers", _("Leviers mobilisés"), "levers", 2000),
    SheetField("partners", _("Partenaires"), "text", 1000, required=True),
    SheetField("carrier", _("Qui le porte"), "line", 300, required=True),
    SheetField("means", _("Moyens et budget"), "text", 1000),
    SheetField(
        "calendar",
        _("Calendrier et jalons"),
        "text",
        1000,
        required=True,
        help_text=_("Un jalon par ligne, par exemple : « septembre 2027 — premier trajet »."),
    ),
    SheetField("indicators", _("Indicateurs de réussite"), "text", 1000, required=True),
    SheetField("next_steps", _("Premières étapes"), "text", 1000, required=True),
    SheetField("risks", _("Risques"), "text", 1000),
)
BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(f.name for f in FIELDS)
NAME_MAX = max(len(n) for n in NAMES)
