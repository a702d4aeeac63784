#!/usr/bin/env python3
"""Build coprod/locale/fr: only the plural entries, French plural rule (0 and 1 are singular)."""

import pathlib
import subprocess
import sys

import polib

root = pathlib.Path(__file__).resolve().parents[1] / "coprod"
venv_bin = pathlib.Path(sys.executable).parent
subprocess.run(
    [str(venv_bin / "coprod"), "makemessages", "-l", "fr", "--no-obsolete"],
    cwd=root,
    check=True,
    capture_output=True,
)
path = root / "locale/fr/LC_MESSAGES/django.po"
po = polib.pofile(str(path))
keep = polib.POFile()
keep.metadata = dict(po.metadata)
keep.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
keep.metadata["Language"] = "fr"
keep.header = (
    "French is the source language: only plural forms live here, so that\n"
    "0 and 1 take the singular as French grammar wants (gettext's default is n != 1).\n"
    "Regenerate with scripts/french_plurals.py after makemessages."
)
for e in po:
    if e.msgid_plural:
        e.msgstr_plural = {0: e.msgid, 1: e.msgid_plural}
        e.flags = [f for f in e.flags if f != "fuzzy"]
        keep.append(e)
keep.save(str(path))
keep.save_as_mofile(str(path.with_suffix(".mo")))
print(len(keep), "plural entries")
