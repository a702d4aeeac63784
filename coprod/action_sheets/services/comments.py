"""Comments on a sheet or one of its fields; the charter's rule holds here too: a critique
always comes with a suggestion."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.core.idempotency import clean_key, create_once
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit

from ..models import COMMENT_MAX, Comment, Sheet
from .common import check_writer, write_with_retry
from .editing import field_named


def add_comment(
    sheet: Sheet,
    *,
    text,
    field="",
    is_critique=False,
    suggestion="",
    participant: Participant | None = None,
    actor=None,
    client_key="",
) -> Comment:
    """Comment the sheet (or one field of it); a critique needs its suggestion. The same
    `client_key` again (a double tap, a retry) returns the same comment."""
    author, author_name = check_writer(sheet.workshop, participant=participant, actor=actor)
    field = field_named(field).name if field else ""
    errors = {}
    try:
        text = cleaning.block(text, label=_("Commentaire"), max_length=COMMENT_MAX)
        if not text:
            errors["text"] = [_("Écrivez votre commentaire.")]
    except ValidationError as error:
        errors["text"] = error.messages
    try:
        suggestion = cleaning.block(suggestion, label=_("Suggestion"), max_length=COMMENT_MAX)
    except ValidationError as error:
        errors["suggestion"] = error.messages
    is_critique = bool(is_critique) and is_critique not in ("0", "false", "False", "off")
    if is_critique and not errors.get("suggestion") and not suggestion:
        errors["suggestion"] = [
            _(
                "« Toute critique doit être associée à une suggestion » (règles du jeu) : "
                "proposez une suggestion avec votre critique."
            )
        ]
    if errors:
        raise ValidationError(errors)
    client_key = clean_key(client_key)
    mine = Comment.objects.filter(sheet=sheet)
    mine = mine.filter(entered_by=actor) if actor is not None else mine.filter(author=author)
    if client_key and (again := mine.filter(client_key=client_key).first()) is not None:
        return again

    def write():
        comment = Comment.objects.create(
            client_key=client_key,
            sheet=sheet,
            field=field,
            text=text,
            is_critique=is_critique,
            suggestion=suggestion,
            author=author,
            entered_by=actor,
            author_name=author_name,
        )
        publish_on_commit(sheet.workshop_id, "sheet.commented", {"sheet": sheet.pk})
        return comment

    return create_once(mine, client_key, lambda: write_with_retry(write, retry_collisions=False))


def comments_of(sheet: Sheet, field: str | None = None) -> list[Comment]:
    """The sheet's comments in the order they came (`field=""`: on the whole sheet only)."""
    found = Comment.objects.filter(sheet=sheet)
    if field is not None:
        found = found.filter(field=field)
    return list(found.order_by("created_at", "id"))
