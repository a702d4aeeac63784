"""docs/architecture.md matches the code: its app table names every app of the project, and
its "How to add a step kind" names the files a step kind really lives in."""

import re
from pathlib import Path

from django.conf import settings

from coprod.agenda.kinds import StepKind
from coprod.live.panels import PANELS

ROOT = Path(__file__).resolve().parents[3]


def doc() -> str:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_app_table_lists_every_app_and_only_them():
    ours = {
        app.removeprefix("coprod.") for app in settings.INSTALLED_APPS if app.startswith("coprod.")
    }
    listed = set(re.findall(r"^\| `(\w+)` \|", doc(), flags=re.M))
    assert listed == ours


def test_how_to_add_a_step_kind_names_files_that_exist():
    text = doc()
    assert "## How to add a step kind" in text
    for path in (
        "coprod/live/panels.py",
        "coprod/agenda/kinds.py",
        "coprod/live/tests/test_panels.py",
        "coprod/live/templates/live/_personal_region.html",
    ):
        assert (ROOT / path).exists(), path
    # Every template the table names follows the documented rule.
    for panel in PANELS.values():
        for page in ("phone", "personal", "board", "console"):
            template = getattr(panel, page)
            if template:
                assert re.fullmatch(rf"\w+/live/{page}_\w+\.html", template), template
    assert set(PANELS) == set(StepKind.values)
