"""The event catalogue of docs/realtime.md, written from `realtime.events.EVENTS`.

`python -m coprod.realtime.catalogue --write` rewrites the part of docs/realtime.md between its
two markers; a test checks that the file holds what the table says.
"""

import sys
from pathlib import Path

from .events import EVENTS, describe

DOC = Path(__file__).resolve().parents[2] / "docs" / "realtime.md"
START = "<!-- event catalogue: written by `python -m coprod.realtime.catalogue --write` -->"
END = "<!-- end of the event catalogue -->"


def markdown() -> str:
    rows = [
        "| type | meaning | published by | data | audiences (HTML) | coalesced | phones re-read |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, event in EVENTS.items():
        audiences = ", ".join(event.audiences) or "none"
        if event.region == "sheets":
            audiences += " (sheets region only)"
        if not event.versioned:
            audiences += "; the live state's version stays"
        rows.append(
            "| "
            + " | ".join(
                [
                    f"`{name}`",
                    event.meaning,
                    event.published_by,
                    # A bar inside a table cell ends the cell, even in code.
                    " or ".join(
                        f"`{describe(shape)}`".replace("|", "\\|") for shape in event.payloads
                    ),
                    audiences,
                    "yes" if event.coalesced else "no",
                    ", ".join(f"`#{i}`" for i in event.phone_refetch) or "—",
                ]
            )
            + " |"
        )
    return "\n".join(rows)


def rewritten(text: str) -> str:
    """The doc's text with the catalogue between its markers as the table says."""
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = DOC.read_text()
    if argv[1:] == ["--write"]:
        DOC.write_text(rewritten(text))
        return 0
    print(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
