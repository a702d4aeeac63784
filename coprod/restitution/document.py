"""The content of a restitution, as plain data every format renders the same way.

A workshop's document is a cover and its sections. A process's document is a cover, its own
(cross-workshop) sections, then one `Part` per workshop: a heading, a few facts (who presents
it…) and that workshop's sections, one heading level down.

Pure: no Django. `assembly.py` fills it from the database; `render_*` modules turn it into
Markdown, PDF, ODT and DOCX. Texts are already in the reader's language (French by default)
and already typeset (`typography.french`); renderers only lay them out and escape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .layout import SHORT_TABLE


@dataclass
class Bar:
    """One bar of a chart: a label and a count (charts are drawn from these in each format)."""

    label: str
    value: int


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    unit: str = ""  # e.g. "votes", "personnes"
    unit_one: str = ""  # the unit after 0 or 1 (French), e.g. "personne" (default: `unit`)


@dataclass
class Table:
    """A table with a header row; cells are plain text."""

    caption: str
    header: list[str]
    rows: list[list[str]]

    @property
    def keep_whole(self) -> bool:
        """Short enough to move to the next page whole rather than be split (every format)."""
        return len(self.rows) <= SHORT_TABLE


@dataclass
class Item:
    """A titled block of text with optional details (label → text) and sub-items."""

    title: str
    text: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)


@dataclass
class Section:
    key: str  # stable id: "items", "participants", "mood", "syntheses", "actions", "levers",
    #           "orientations", "sheets", "referents", "timing"
    title: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Cover:
    process: str
    workshop: str
    question: str
    date: str  # already formatted, e.g. « jeudi 26 novembre 2026, 18 h 00 »
    place: str
    status: str  # « document final » or « document provisoire (généré le …) »


@dataclass
class Part:
    """One workshop inside a process's document."""

    key: str  # stable id, unique in the document: "atelier-1"…
    title: str  # the workshop's title
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, text): presented by…
    sections: list[Section] = field(default_factory=list)


@dataclass
class Document:
    cover: Cover
    sections: list[Section]
    language: str = "fr"
    parts: list[Part] = field(default_factory=list)  # only in a process's document

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def outline(self) -> list[Heading]:
        """Every section and part in reading order: the document's own sections, then its parts,
        at level 1 ("1", "2"…), a part's sections at level 2 ("3.1", "3.2"…). Every renderer
        numbers its headings from here."""
        found = [
            Heading(str(n), 1, section, f"s-{section.key}")
            for n, section in enumerate(self.sections, start=1)
        ]
        for n, part in enumerate(self.parts, start=len(self.sections) + 1):
            found.append(Heading(str(n), 1, part, part.key))
            found += [
                Heading(f"{n}.{sub}", 2, section, f"{part.key}-s-{section.key}")
                for sub, section in enumerate(part.sections, start=1)
            ]
        return found


class Heading(NamedTuple):
    number: str
    level: int
    block: Section | Part
    anchor: str  # an id unique in the document, for links inside it

    @property
    def is_part(self) -> bool:
        return isinstance(self.block, Part)
