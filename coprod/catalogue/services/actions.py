"""Keeping the catalogue of existing actions: create, edit, search; the managed target publics.

Validation lives in `check_fields`, shared with the file import so that a row of a spreadsheet
and the form obey exactly the same rules and give the same French messages.
"""

import re
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coprod.core import cleaning
from coprod.core import text as core_text
from coprod.core.params import posted_id
from coprod.processes.models import PriorityItem, Process, TargetPublic

from .. import text
from ..models import FIELD_MAX, TEXT_MAX, TITLE_MAX, Action

KEY_MAX = Action._meta.get_field("key").max_length
PUBLIC_MAX = TargetPublic._meta.get_field("name").max_length
QUERY_MAX = 200

# Text fields, their limit and their name in messages.
TEXT_FIELDS = {
    "title": (TITLE_MAX, gettext_lazy("titre")),
    "description": (TEXT_MAX, gettext_lazy("description")),
    "organisation": (TITLE_MAX, gettext_lazy("structure porteuse")),
    "partners": (FIELD_MAX, gettext_lazy("partenaires")),
    "places": (Action._meta.get_field("places").max_length, gettext_lazy("communes")),
    "contact": (Action._meta.get_field("contact").max_length, gettext_lazy("contact")),
}
LINKS_MAX = Action._meta.get_field("links").max_length
SCALAR_FIELDS = (*TEXT_FIELDS, "scope", "status", "started_on", "ended_on", "links", "is_example")

# French words people write in a spreadsheet for each choice (folded), besides the labels.
SCOPE_WORDS = {
    Action.Scope.COMMUNES: ("commune", "communes", "communal", "locale", "local"),
    Action.Scope.INTERCOMMUNALITY: (
        "intercommunalite",
        "intercommunal",
        "communaute de communes",
        "epci",
        "cc",
    ),
    Action.Scope.PARK: (
        "parc",
        "tout le parc",
        "pnr",
        "parc naturel regional",
        "territoire du parc",
    ),
}
STATUS_WORDS = {
    Action.Status.PLANNED: ("projet", "en projet", "prevue", "prevu", "a venir", "envisagee"),
    Action.Status.RUNNING: ("en cours", "active", "actif", "en place"),
    Action.Status.ENDED: ("terminee", "termine", "finie", "fini", "achevee", "arretee", "close"),
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
_url = URLValidator(schemes=["http", "https"])


def require(actor, perm: str, process: Process) -> None:
    if actor is None or not actor.has_perm(perm, process):
        raise PermissionDenied(
            _(
                "Seuls les chargés de mission de la démarche et les animateurs de ses ateliers "
                "peuvent faire cela."
            )
        )


# --- Reading values people typed ---------------------------------------------------------------


def cell_text(value) -> str:
    """What was typed in a form or a spreadsheet cell, as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 2.0 is the 2 that was typed
    return str(value)


def clean_text(value) -> str:
    """Trimmed text with its line breaks kept, Windows line ends made plain, for reading a
    code or a name to match (control characters dropped); stored text goes through
    `core.cleaning`, which refuses them."""
    value = core_text.without_control_characters(cell_text(value))
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines).strip()


def parse_date(value) -> date | None:
    """JJ/MM/AAAA (or ISO, or a spreadsheet's date cell); ValueError when unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    if not raw:
        return None
    raw = raw.split(" ")[0].split("T")[0]  # « 2024-03-01 00:00:00 » from a spreadsheet
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


_choice_lookups: dict = {}


def parse_choice(value, choices, words: dict) -> str | None:
    """A choice from its code, its French label or a usual word; None when unknown."""
    language = translation.get_language()
    lookup = _choice_lookups.get((choices, language))
    if lookup is None:  # labels are translated: one lookup per language
        lookup = {w: code for code, ws in words.items() for w in ws}
        for code, label in choices.choices:
            lookup[code] = lookup[text.fold(label)] = code
        _choice_lookups[(choices, language)] = lookup
    return lookup.get(text.fold(value))


def clean_links(value) -> tuple[str, list[str]]:
    """One address per line; returns the cleaned text and the lines that are not web addresses."""
    lines = [line.strip() for line in clean_text(value).split("\n") if line.strip()]
    bad = []
    for line in lines:
        try:
            _url(line)
        except ValidationError:
            bad.append(line)
    return "\n".join(lines), bad


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def check_fields(data: dict, *, current: dict | None = None) -> tuple[dict, dict[str, list[str]]]:
    """Validate the plain fields of an action; no database access.

    `data` holds what was typed (strings, dates or codes); keys that are absent keep their
    `current` value (or the default). Returns the clean values and the French errors by field.
    """
    base = current or {}
    values, errors = {}, {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for field, (limit, label) in TEXT_FIELDS.items():
        if field not in data:
            values[field] = base.get(field, "")
            continue
        clean = cleaning.line if field == "title" else cleaning.block
        try:
            values[field] = clean(cell_text(data[field]), label=label, max_length=limit)
        except ValidationError as error:
            values[field] = ""
            err(field, " ".join(error.messages))
        if field == "title" and not values[field] and field not in errors:
            err(field, _("Le titre est obligatoire."))

    for field, choices, words, label in (
        ("scope", Action.Scope, SCOPE_WORDS, _("Territoire")),
        ("status", Action.Status, STATUS_WORDS, _("État")),
    ):
        default = base.get(field, Action._meta.get_field(field).default)
        raw = data.get(field, "") if field in data else ""
        if clean_text(raw) == "":
            values[field] = default
            continue
        code = parse_choice(raw, choices, words)
        if code is None:
            err(
                field,
                _("%(label)s inconnu : « %(value)s » (valeurs possibles : %(choices)s).")
                % {
                    "label": label,
                    "value": clean_text(raw)[:80],
                    "choices": ", ".join(str(lbl) for lbl in choices.labels),
                },
            )
        values[field] = code or default

    for field, label in (("started_on", _("début")), ("ended_on", _("fin"))):
        if field not in data:
            values[field] = base.get(field)
            continue
        try:
            values[field] = parse_date(data[field])
        except ValueError as bad:
            err(
                field,
                _("Date de %(label)s illisible : « %(value)s » (JJ/MM/AAAA attendu).")
                % {"label": label, "value": str(bad)[:40]},
            )
            values[field] = None
    start, end = values["started_on"], values["ended_on"]
    if start and end and end < start:
        err(
            "ended_on",
            _("La fin (%(end)s) précède le début (%(start)s).")
            % {"end": format_date(end), "start": format_date(start)},
        )

    links, bad = clean_links(data["links"]) if "links" in data else (base.get("links", ""), [])
    if "links" in data and core_text.has_control_characters(cell_text(data["links"])):
        err("links", cleaning.invisible(_("liens")).messages[0])
    for line in bad:
        err(
            "links",
            _("Lien invalide : « %(link)s » (une adresse en http:// ou https:// par ligne).")
            % {"link": line[:100]},
        )
    if len(links) > LINKS_MAX:
        err("links", cleaning.too_long(_("liens"), LINKS_MAX).messages[0])
    values["links"] = links
    values["is_example"] = bool(data.get("is_example", base.get("is_example", False)))
    return values, errors


def derived(values: dict, public_names) -> dict:
    """The duplicate key and the folded search text of an action's values."""
    searchable = [values[f] for f in TEXT_FIELDS] + list(public_names)
    return {
        "key": text.action_key(values["title"], values["organisation"])[:KEY_MAX],
        "search_text": text.fold(" ".join(searchable)),
    }


def duplicate_message(title: str, organisation: str) -> str:
    if organisation:
        return _("L'action « %(title)s » portée par « %(org)s » est déjà au catalogue.") % {
            "title": title,
            "org": organisation,
        }
    return _("L'action « %(title)s » (sans structure porteuse) est déjà au catalogue.") % {
        "title": title
    }


def _owned(process: Process, model, given, message: str) -> list:
    """Publics or items by instance or id, all of them of `process`."""
    ids = {g.pk if isinstance(g, model) else posted_id(g) for g in given or ()}
    ids.discard(None)
    found = list(model.objects.filter(process=process, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(message)
    return found


# --- Writes -----------------------------------------------------------------------------------


def save_action(process: Process, *, actor, data: dict, action: Action | None = None) -> Action:
    """Create an action in the catalogue of `process`'s organisation, or update `action`.

    `data` holds the model's fields (text, codes or French labels, dates or JJ/MM/AAAA) and
    `publics` / `priority_items` as instances or ids, those of `process`: the links an action
    has to another process's publics and items (of an earlier year) stay. A key left out keeps
    its current value. Raises ValidationError with French messages by field.
    """
    require(actor, "catalogue.change_catalogue", process)
    if action is not None and action.owner_id != process.organisation_id:
        raise PermissionDenied(_("Cette action appartient au catalogue d'une autre organisation."))
    current = None
    if action is not None:
        current = {f: getattr(action, f) for f in SCALAR_FIELDS}
    values, errors = check_fields(data, current=current)
    publics = items = None
    try:
        if "publics" in data:
            publics = _owned(
                process,
                TargetPublic,
                data["publics"],
                _("Ce public cible n'appartient pas à cette démarche."),
            )
    except ValidationError as e:
        errors.setdefault("publics", []).extend(e.messages)
    try:
        if "priority_items" in data:
            items = _owned(
                process,
                PriorityItem,
                data["priority_items"],
                _("Cet item plébiscité n'appartient pas à cette démarche."),
            )
    except ValidationError as e:
        errors.setdefault("priority_items", []).extend(e.messages)
    if errors:
        raise ValidationError(errors)
    if action is not None:
        # Links to the publics and items of the organisation's other processes stay.
        kept = list(action.publics.exclude(process=process))
        publics = kept + (publics if publics is not None else list(action.publics.all()))
        publics = list(dict.fromkeys(publics))
        if items is not None:
            items = list(action.priority_items.exclude(process=process)) + items
    elif publics is None:
        publics = []
    values.update(derived(values, [p.name for p in publics]))
    same = Action.objects.filter(owner_id=process.organisation_id, key=values["key"])
    if action is not None:
        same = same.exclude(pk=action.pk)
    if same.exists():
        raise ValidationError(
            {"title": [duplicate_message(values["title"], values["organisation"])]}
        )
    try:
        with transaction.atomic():
            if action is None:
                action = Action.objects.create(
                    owner_id=process.organisation_id, origin_process=process, **values
                )
            else:
                for field, value in values.items():
                    setattr(action, field, value)
                action.save()
            action.publics.set(publics)
            if items is not None:
                action.priority_items.set(items)
    except IntegrityError:  # the same action saved at the same moment by someone else
        raise ValidationError(
            {"title": [duplicate_message(values["title"], values["organisation"])]}
        ) from None
    return action


def refresh_derived(action: Action) -> Action:
    """Recompute the key and search text after a write that bypassed `save_action` (admin)."""
    values = {f: getattr(action, f) for f in TEXT_FIELDS}
    found = derived(values, action.publics.values_list("name", flat=True))
    Action.objects.filter(pk=action.pk).update(**found)
    action.key, action.search_text = found["key"], found["search_text"]
    return action


def clean_public_name(value) -> str:
    return cleaning.line(cell_text(value), label=_("public cible"), max_length=PUBLIC_MAX)


def add_public(process: Process, *, actor, name) -> TargetPublic:
    """Add a target public to the process's list; the same name (any case or accent) is reused."""
    require(actor, "catalogue.change_catalogue", process)
    name = clean_public_name(name)
    if not name:
        raise ValidationError(_("Donnez le nom du public cible."))
    folded = text.fold(name)
    for public in process.target_publics.all():
        if text.fold(public.name) == folded:
            return public
    try:
        with transaction.atomic():
            return TargetPublic.objects.create(process=process, name=name)
    except IntegrityError:
        return TargetPublic.objects.get(process=process, name=name)


# --- Reads ------------------------------------------------------------------------------------


def search_words(q) -> list[str]:
    return text.fold(str(q or "")[:QUERY_MAX]).split()


def search_actions(process: Process, *, q="", public=None, scope=None, item=None, status=None):
    """The actions of the process's organisation matching every word of `q` (any case, any
    accent) and the filters, in alphabetical order of their title (accents ignored)."""
    actions = Action.objects.of_process(process)
    for word in search_words(q):
        # `contains` on already folded text: the same on SQLite and PostgreSQL.
        actions = actions.filter(search_text__contains=word)
    if public not in (None, ""):
        actions = actions.filter(publics=public.pk if hasattr(public, "pk") else posted_id(public))
    if item not in (None, ""):
        actions = actions.filter(priority_items=item.pk if hasattr(item, "pk") else posted_id(item))
    if scope:
        actions = actions.filter(scope=scope)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by("key", "id")


_LINK = re.compile(r"^https?://", re.IGNORECASE)


def link_list(action: Action) -> list[str]:
    """The action's web addresses (only http and https ones are ever stored)."""
    return [line for line in action.links.split("\n") if _LINK.match(line)]
