"""SVG bar charts from `document.Chart`, readable in black and white.

Horizontal bars filled with diagonal hatching (no meaning carried by colour), each with its label
above it and its value written at its end, so the chart reads on a photocopy or a screen reader
(`role="img"` with a text alternative that lists every bar).
"""

import itertools
from xml.sax.saxutils import escape, quoteattr

from .document import Chart

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW = LABEL_HEIGHT + BAR_HEIGHT + 10
VALUE_ROOM = 110  # room left of the right edge for the value written after the bar
MAX_LABEL = 90
_ids = itertools.count(1)  # each chart its own pattern id: ids are page-wide in HTML


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _value(value: int, chart: Chart) -> str:
    # French: « 0 réponse », « 1 réponse », « 2 réponses ».
    unit = chart.unit_one if value in (0, 1) and chart.unit_one else chart.unit
    return f"{value} {unit}".strip()


def description(chart: Chart) -> str:
    """The chart in words: its title and every bar."""
    parts = [f"{bar.label}\u00a0: {_value(bar.value, chart)}" for bar in chart.bars]
    return f"{chart.title}. " + "\u202f; ".join(parts)


def svg(chart: Chart) -> str:
    """The chart as an inline `<svg>` element (texts escaped)."""
    height = max(1, len(chart.bars)) * ROW + 6
    most = max((bar.value for bar in chart.bars), default=0) or 1
    room = WIDTH - VALUE_ROOM
    hatch = f"hatch-{next(_ids)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f"aria-label={quoteattr(description(chart))}>",
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="3"/></pattern></defs>',
    ]
    for index, bar in enumerate(chart.bars):
        top = index * ROW
        width = round(room * bar.value / most, 1)
        out.append(
            f'<text x="0" y="{top + 13}" font-size="12" fill="#000000">'
            f"{escape(_short(bar.label))}</text>"
        )
        if bar.value:
            out.append(
                f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{width}" height="{BAR_HEIGHT}" '
                f'fill="url(#{hatch})" stroke="#000000" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{width + 6}" y="{top + LABEL_HEIGHT + 12}" font-size="12" '
            f'font-weight="bold" fill="#000000">{escape(_value(bar.value, chart))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
