"""Proposals collected before the workshop, imported from a CSV, XLSX or ODS file.

Two steps, both in the worker (tasks.py). `preview` reads the file (`reading` decides, without
Django, what each row becomes) and writes nothing: the columns understood, the proposals it will
create, the rows it skips with their line number and a French reason. `import_proposals`, once
the facilitator has confirmed, reads the same file again and creates exactly what the preview
showed; if the workshop changed in between (an item removed, a proposal typed meanwhile that the
file repeats), it creates nothing and says so, rather than something nobody saw.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coprod.core import cleaning, spreadsheets
from coprod.workshops.services import require

from . import reading
from .models import TEXT_MAX, Proposal
from .services import add_many

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
EXTENSIONS = (".csv", ".txt", ".xlsx", ".ods")
FIELD_LABELS = {
    reading.TEXT: gettext_lazy("texte de la proposition"),
    reading.ITEM: gettext_lazy("item plébiscité"),
}


def check_file(filename: str, size: int) -> None:
    """Refuse at once a file too large or of a format this import does not read."""
    if size > MAX_BYTES:
        raise ValidationError(_("Le fichier dépasse 2 Mo."))
    if not (filename or "").lower().endswith(EXTENSIONS):
        raise ValidationError(_("Format non reconnu : importez un fichier .csv, .xlsx ou .ods."))


def _no_rows() -> ValidationError:
    return ValidationError(_("Le fichier ne contient aucune proposition."))


def _table(filename: str, data: bytes) -> spreadsheets.Table:
    check_file(filename, len(data))
    # Separators and quotes alone (« ; » on an empty line) say nothing: no rows, not a
    # malformed table.
    text_file = filename.lower().endswith((".csv", ".txt"))
    if text_file and not cleaning.file_text(data).strip(" \t\r\n;,\"'"):
        raise _no_rows()
    return spreadsheets.read_table(filename, data)


def no_usable_column(found: list[str]) -> ValidationError:
    return ValidationError(
        _(
            "Aucune colonne de propositions dans ce fichier. Colonnes attendues : « Proposition » "
            "(ou « Texte ») et, si besoin, « Item » (le numéro ou le texte de l'item "
            "plébiscité), nommées sur la première ligne ; ou une seule colonne, une proposition "
            "par ligne, sans en-tête. Colonnes trouvées : %(found)s."
        )
        % {"found": ", ".join(f"« {h} »" for h in found) or _("aucune")},
        code="no_usable_column",
    )


def preview(workshop, filename: str, data: bytes) -> reading.Reading:
    """What importing this file into `workshop` would create and skip; writes nothing."""
    table = _table(filename, data)
    try:
        return reading.read(
            table.headers,
            table.rows,
            header_line=table.header_line,
            items=[item.text for item in _items(workshop)],
            existing=set(workshop.proposals.values_list("normalized", flat=True)),
            max_length=TEXT_MAX,
            max_rows=MAX_ROWS,
        )
    except reading.NoRows:
        raise _no_rows() from None
    except reading.NoUsableColumn as refused:
        raise no_usable_column(refused.found) from None
    except reading.TooManyRows as refused:
        raise ValidationError(
            _("Le fichier compte %(n)d propositions : %(max)d au plus par import.")
            % {"n": refused.count, "max": refused.limit}
        ) from None


def _items(workshop) -> list:
    return list(workshop.priority_items.all())


def skip_message(skipped: reading.Skipped) -> str:
    """Why a row is not imported, in French, with its line."""
    if skipped.reason == reading.INVISIBLE:
        why = cleaning.invisible(_("proposition")).messages[0]
    else:
        why = {
            reading.EMPTY: _("proposition vide."),
            reading.TOO_LONG: _(
                "proposition trop longue (%(length)d caractères, %(max)d au plus) : « %(text)s »."
            ),
            reading.UNKNOWN_ITEM: _("item « %(item)s » inconnu dans cet atelier."),
            reading.REPEATED: _("même proposition que la ligne %(first)d : « %(text)s »."),
            reading.EXISTING: _("déjà dans l'atelier : « %(text)s »."),
        }[skipped.reason] % {
            "length": skipped.other,
            "max": TEXT_MAX,
            "text": skipped.value,
            "item": skipped.value,
            "first": skipped.other,
        }
    return _("Ligne %(n)d : %(e)s") % {"n": skipped.line, "e": why}


def _planned(result: reading.Reading, items: list) -> list[tuple]:
    return [(row.text, None if row.item is None else items[row.item]) for row in result.rows]


def fingerprint(result: reading.Reading, items: list) -> str:
    """What the import will create (line, text, item), summed up: the confirmation checks it."""
    planned = [
        (row.line, text, item.pk if item else None)
        for row, (text, item) in zip(result.rows, _planned(result, items), strict=True)
    ]
    return hashlib.sha256(json.dumps(planned).encode()).hexdigest()


def preview_data(result: reading.Reading, workshop, *, filename: str, shown: int) -> dict:
    """The preview as its page shows it (JSON, kept with the job): the columns understood, the
    count and the first `shown` proposals to create, every skipped line."""
    items = _items(workshop)
    return {
        "filename": filename,
        "has_header": result.has_header,
        "columns": [
            {"header": c.header, "position": c.position + 1, "field": str(FIELD_LABELS[c.field])}
            for c in result.columns
        ],
        "ignored_columns": result.ignored,
        "count": len(result.rows),
        "rows": [
            {
                "line": row.line,
                "text": row.text,
                "item": None if row.item is None else items[row.item].text,
            }
            for row in result.rows[:shown]
        ],
        "skipped": [skip_message(s) for s in result.skipped],
        "fingerprint": fingerprint(result, items),
    }


def import_proposals(
    workshop, *, actor, filename: str, data: bytes, expected: str | None = None
) -> dict:
    """Create the proposals the file's preview showed; `expected` is that preview's
    `fingerprint` (None: whatever the file gives now). Returns the proposals created, the
    repeats found while writing (`duplicates`) and the lines skipped (`skipped`, in French)."""
    require(actor, "workshops.run_workshop", workshop)
    result = preview(workshop, filename, data)
    items = _items(workshop)
    if expected is not None and fingerprint(result, items) != expected:
        raise ValidationError(
            _(
                "Les propositions ou les items de l'atelier ont changé depuis l'aperçu : rien "
                "n'a été importé. Déposez de nouveau le fichier pour revoir l'aperçu."
            )
        )
    created = add_many(
        workshop, actor=actor, planned=_planned(result, items), source=Proposal.Source.IMPORT
    )
    return {**created, "skipped": [skip_message(s) for s in result.skipped]}


def summary(result: dict) -> str:
    """What the import did, as the job's page says it."""
    created, duplicates, skipped = len(result["created"]), result["duplicates"], result["skipped"]
    lines = [
        ngettext("%(n)d proposition ajoutée.", "%(n)d propositions ajoutées.", created)
        % {"n": created}
    ]
    if duplicates:
        lines.append(
            _("Déjà présentes, non ajoutées : %(list)s") % {"list": " ; ".join(duplicates)}
        )
    if skipped:
        lines.append(
            ngettext(
                "%(n)d ligne ignorée, comme l'aperçu l'annonçait.",
                "%(n)d lignes ignorées, comme l'aperçu l'annonçait.",
                len(skipped),
            )
            % {"n": len(skipped)}
        )
    return "\n".join(lines)
