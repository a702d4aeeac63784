"""What the phone and the facilitator's sheet page share when a sheet is written: the posted
fields read, saved through the services with the writer's authorisation (`participant=` for a
phone, `actor=` for the facilitator writing on behalf of the table), and what each field answers
in `action_sheets/_live_field.html`: saved, the conflict with both versions, the error with the
text kept, or « Garder la leur » (nothing written).

An answer is a dict of `live.field_context` keywords; a page shows it in the field's place.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from coprod.core.forms import refusal_text
from coprod.core.params import posted_id

from .. import services
from ..fields import FIELDS


@dataclass(frozen=True)
class FieldAnswer:
    """One field after a save: its state now, the HTTP status, what its fragment shows."""

    state: services.FieldState
    status: int
    answer: dict


def _raw(post, field, key="value"):
    return post.getlist(key) if field.is_list else post.get(key, "")


def _mine(field, raw):
    return [posted_id(v) for v in raw] if field.is_list else raw


def save_posted_field(sheet, field, post, **writer) -> FieldAnswer:
    """One field as sheets.js posts it (`value`, `base_version`; `choice=theirs` for « Garder
    la leur », which writes nothing)."""
    raw = _raw(post, field)
    if post.get("choice") == "theirs":
        return FieldAnswer(services.field_state(sheet, field.name), 200, {"kept_theirs": True})
    try:
        result = services.save_field(
            sheet, field.name, value=raw, base_version=post.get("base_version"), **writer
        )
    except ValidationError as error:
        answer = {
            "mine": _mine(field, raw),
            "error": refusal_text(error),
            # The next save still starts from the version first read: others are still seen.
            "base": posted_id(post.get("base_version")),
        }
        return FieldAnswer(services.field_state(sheet, field.name), 400, answer)
    if result.conflict:
        answer = {"mine": result.conflict.mine, "conflict": result.conflict}
        return FieldAnswer(result.state, 409, answer)
    return FieldAnswer(result.state, 200, {"saved": True})


def save_posted_sheet(sheet, post, **writer) -> tuple[dict[str, dict], int]:
    """The sheet's one button (a page without JavaScript): every field sent as `value-<name>`
    with the version it was written on (`base-<name>`); those the writer changed are saved.
    « Garder ma version » sends the form again (its field now starts from their version),
    « Garder la leur » names its field (`theirs`): left as it is. The answers per field, and
    the status: 400 if a field was refused, 409 if one met a conflict, else 200."""
    theirs = str(post.get("theirs", ""))
    edits = {
        f.name: (_raw(post, f, f"value-{f.name}"), post.get(f"base-{f.name}"))
        for f in FIELDS
        if f"base-{f.name}" in post and f.name != theirs
    }
    done = services.save_sheet(sheet, edits, **writer)
    answers = {}
    for name, result in done.results.items():
        if result.conflict:
            answers[name] = {"mine": result.conflict.mine, "conflict": result.conflict}
        else:
            answers[name] = {"saved": True}
    for name, messages in done.errors.items():
        raw, base = edits[name]
        answers[name] = {
            "mine": _mine(services.field_named(name), raw),
            "error": " ".join(messages),
            "base": posted_id(base),
        }
    if theirs in {f.name for f in FIELDS}:
        answers[theirs] = {"kept_theirs": True}
    status = 400 if done.errors else 409 if any(r.conflict for r in done.results.values()) else 200
    return answers, status
