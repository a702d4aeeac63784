"""The content of a workshop's restitution, as plain data every format renders the same way.

Pure: no Django. `assembly.py` fills it from the database; `render_*` modules turn it into
Markdown, PDF, ODT and DOCX. Texts are already in the reader's language (French by default)
and already typeset (`typography.french`); renderers only lay them out and escape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Table:
    """A table with a header row; cells are plain text."""

    caption: str
    header: list[str]
    rows: list[list[str]]


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
class Document:
    cover: Cover
    sections: list[Section]
    language: str = "fr"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
