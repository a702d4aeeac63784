"""Text people typed, checked for the services: `core.text`'s rule with French messages.

Every service that stores text calls `line` or `block`; one message for control characters and
one for text that is too long, whatever the field.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import text


def invisible(label) -> ValidationError:
    return ValidationError(
        _("« %(label)s » contient des caractères invisibles non autorisés.") % {"label": label},
        code="invisible",
    )


def too_long(label, max_length: int) -> ValidationError:
    return ValidationError(
        _("« %(label)s » ne doit pas dépasser %(max)d caractères.")
        % {"label": label, "max": max_length},
        code="too_long",
    )


def _checked(clean, raw, label, max_length: int | None) -> str:
    try:
        value = clean(raw)
    except text.Invisible:
        raise invisible(label) from None
    if max_length is not None and len(value) > max_length:
        raise too_long(label, max_length)
    return value


def line(raw, *, label, max_length: int | None = None) -> str:
    """One line of text (a name, a title, a label), spacing made single."""
    return _checked(text.clean_line, raw, label, max_length)


def block(raw, *, label, max_length: int | None = None) -> str:
    """Text of several lines (a description, a comment), line breaks kept."""
    return _checked(text.clean_block, raw, label, max_length)


def file_text(data: bytes) -> str:
    """An uploaded CSV or text file as text (`core.text.decode`), or a French refusal."""
    try:
        return text.decode(data)
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "Ce fichier commence comme un texte %(encoding)s mais la suite ne se lit pas "
                "ainsi : enregistrez-le de nouveau (« CSV UTF-8 » de préférence)."
            )
            % {"encoding": error.encoding.upper().removesuffix("-LE").removesuffix("-BE")},
            code="unreadable",
        ) from None
