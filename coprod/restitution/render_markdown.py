"""The restitution as Markdown: headings, lists, pipe tables; charts become tables. Pure."""

import re

from .document import Chart, Document, Item, Part, Section, Table

# Characters that would start markup inside a line of text.
_SPACES = re.compile(r"[ \t\r\n]+")  # not str.split(): it would eat the no-break spaces
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _text(value: str) -> str:
    return _SPACES.sub(" ", str(value)).strip(" ").translate(_ESCAPES)


def _cell(value: str) -> str:
    return _text(value) or " "


def _table(table: Table) -> list[str]:
    lines = [f"*{_text(table.caption)}*", ""] if table.caption else []
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    lines.append("|" + "|".join(" --- " for _h in table.header) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines + [""]


def _chart(chart: Chart) -> list[str]:
    unit = chart.unit or "nombre"
    return _table(
        Table(
            caption=f"Graphique\u00a0: {chart.title}",
            header=["", unit],
            rows=[[bar.label, str(bar.value)] for bar in chart.bars],
        )
    )


def _item(item: Item, depth: int) -> list[str]:
    pad = "  " * depth
    head = f"**{_text(item.title)}**" if depth == 0 else _text(item.title)
    if item.text:
        head += f" — {_text(item.text)}"
    lines = [f"{pad}- {head}"]
    for label, value in item.details:
        lines.append(f"{pad}  - {_text(label)}\u00a0: {_text(value)}")
    for child in item.children:
        lines.extend(_item(child, depth + 1))
    return lines


def _part(number: str, part: Part) -> list[str]:
    lines = [f"## {number}. {_text(part.title)}", ""]
    lines += [f"- {_text(label)}\u00a0: {_text(value)}" for label, value in part.facts]
    return lines + [""] if part.facts else lines


def _section(number: str, section: Section, level: int = 1) -> list[str]:
    lines = [f"{'#' * (level + 1)} {number}. {_text(section.title)}", ""]
    if section.intro:
        lines += [_text(section.intro), ""]
    if section.items:
        for item in section.items:
            lines.extend(_item(item, 0))
        lines.append("")
    for table in section.tables:
        lines.extend(_table(table))
    for chart in section.charts:
        lines.extend(_chart(chart))
    return lines


def render(document: Document) -> str:
    cover = document.cover
    lines = [
        f"# {_text(cover.workshop)}",
        "",
        f"**{_text(cover.process)}**",
        "",
        f"> {_text(cover.question)}",
        "",
        f"- Date\u00a0: {_text(cover.date)}",
        *([f"- Lieu\u00a0: {_text(cover.place)}"] if cover.place else []),
        f"- État\u00a0: {_text(cover.status)}",
        "",
    ]
    for number, level, block, _anchor in document.outline():
        if isinstance(block, Part):
            lines.extend(_part(number, block))
        else:
            lines.extend(_section(number, block, level))
    return "\n".join(lines).rstrip() + "\n"
