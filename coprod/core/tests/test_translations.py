"""The interface is French first with English available: both catalogues stay complete."""

from pathlib import Path

import polib
from django.utils import translation
from django.utils.translation import ngettext

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_zero_and_one_take_the_singular_in_french():
    """« 0 proposition ajoutée », as French grammar wants (gettext's default would say « 0 propositions »)."""
    with translation.override("fr"):
        for n, expected in [
            (0, "0 proposition ajoutée."),
            (1, "1 proposition ajoutée."),
            (2, "2 propositions ajoutées."),
        ]:
            text = ngettext("%(n)d proposition ajoutée.", "%(n)d propositions ajoutées.", n)
            assert text % {"n": n} == expected


def test_every_english_string_is_translated():
    missing = [e.msgid for e in catalogue("en") if not e.translated() or "fuzzy" in e.flags]
    assert missing == []


def test_every_plural_has_its_french_forms():
    """scripts/french_plurals.py was run after the last makemessages."""
    french = {(e.msgctxt, e.msgid) for e in catalogue("fr")}
    plurals = {(e.msgctxt, e.msgid) for e in catalogue("en") if e.msgid_plural}
    assert plurals - french == set()


def test_english_is_available_on_the_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert "Facilitator area" in page and "Espace animateur" not in page
    with translation.override("en"):
        assert ngettext("%(n)d proposition ajoutée.", "%(n)d propositions ajoutées.", 0) == (
            "%(n)d proposals added."
        )
