"""Where things go on the printed poster and table cards, in millimetres (no Django).

The poster is read from the back of a village hall, the cards from across a table: every size
here is chosen for paper, not for a screen. The template positions each block absolutely with
the numbers computed here, so a long title can never push the QR code onto a second page.

Fonts are DejaVu (the system's, as for the restitution): the join code and the address are set
in DejaVu Sans Mono Bold, whose every glyph is 0.602 em wide and whose capitals are 0.729 em
high, so their width and height are known before printing.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import segno

QUIET = 4  # modules of white around the symbol (ISO/IEC 18004's quiet zone)
# A short address would fit version 2 or 3; the smallest version kept is 4, whose spare room
# becomes a higher error-correction level (Q or H): a crease or a reflection on a pinned poster
# then still reads, and the symbol spans more of the width a 4-module quiet zone leaves.
MIN_VERSION = 4
MONO_ADVANCE = 0.602  # DejaVu Sans Mono: advance of every glyph, in em
CAP_HEIGHT = 0.729  # DejaVu Sans and Sans Mono: height of a capital, in em
# Average advance of French text in DejaVu Sans Bold is 0.57 em; a little more for the words
# that wrap early.
TEXT_ADVANCE = 0.62
CODE_SPACING = 0.08  # letter-spacing of the join code, in em
A4_WIDTH = 210.0


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    width: float
    height: float


PAPERS = {
    "a4": Paper("a4", "A4", 210.0, 297.0),
    "a3": Paper("a3", "A3", 297.0, 420.0),
}


@dataclass(frozen=True)
class Block:
    """One block of text: its box on the sheet (or on a card's face), its font size and its
    line height, all in mm."""

    name: str
    top: float
    left: float
    width: float
    lines: int
    size: float
    line: float

    @property
    def height(self) -> float:
        return self.lines * self.line

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Qr:
    """The QR code's box, quiet zone included: `side` mm from `left`, `top`."""

    top: float
    left: float
    side: float
    modules: int

    @property
    def module(self) -> float:
        return self.side / (self.modules + 2 * QUIET)

    @property
    def symbol(self) -> float:
        """The width of the symbol itself, without its quiet zone."""
        return self.module * self.modules


@dataclass(frozen=True)
class Poster:
    paper: Paper
    blocks: tuple[Block, ...]
    qr: Qr


@dataclass(frozen=True)
class Cards:
    """Tent cards: `count` cards one above the other, each of two faces `face_height` high,
    the upper face printed upside down so that both read once folded."""

    paper: Paper
    count: int
    face_height: float
    blocks: tuple[Block, ...]
    qr: Qr

    @property
    def card_height(self) -> float:
        return 2 * self.face_height


def qr_code(url: str) -> segno.QRCode:
    code = segno.make(url, error="m")
    if code.version < MIN_VERSION:  # type: ignore[operator]  # an int for a QR code
        code = segno.make(url, error="m", version=MIN_VERSION)
    return code


def qr_svg(code: segno.QRCode) -> str:
    """The symbol and its quiet zone, one unit per module: the stylesheet gives its size."""
    return code.svg_inline(scale=1, border=QUIET, dark="#000", light="#fff", omitsize=True)


def display_address(url: str) -> str:
    """The join address as people type it: no scheme, no trailing slash
    (`coprod.example.fr/j/ACDEFG`; the server adds the slash)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def only_this_computer(url: str) -> bool:
    """Whether the address reaches only the computer it was opened on (phones cannot use it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in {"localhost", "::1"} or host.startswith("127.") or host.endswith(".localhost")


def line_count(text: str, size: float, width: float, advance: float = TEXT_ADVANCE) -> int:
    """How many lines `text` takes at `size` mm in a box `width` mm wide (greedy wrap)."""
    per_line = max(1, int(width / (size * advance)))
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) if used == 0 else used + 1 + len(word)
        if needed <= per_line:
            used = needed
        else:
            lines += 1 + (len(word) - 1) // per_line
            used = (len(word) - 1) % per_line + 1
    return lines


def _fitting_size(text: str, sizes: list[float], width: float, height: float, leading: float):
    """The largest of `sizes` at which `text` fits the box, and its line count (the smallest
    size and as many lines as the box holds when none does)."""
    for size in sizes:
        lines = line_count(text, size, width)
        if lines * size * leading <= height:
            return size, lines
    size = sizes[-1]
    return size, max(1, int(height / (size * leading)))


def mono_size(chars: int, width: float, spacing: float = 0.0) -> float:
    """The font size (mm) at which `chars` monospaced characters fill `width` mm."""
    return width / (max(chars, 1) * (MONO_ADVANCE + spacing))


def _stack(specs, top: float, left: float, width: float, gap: float) -> list[Block]:
    """Blocks one under the other from `top`, `gap` mm apart; `specs` are
    (name, lines, size, line height)."""
    blocks = []
    for name, lines, size, line in specs:
        block = Block(name, top, left, width, lines, size, line)
        blocks.append(block)
        top = block.bottom + gap
    return blocks


def _height(specs, gap: float) -> float:
    return sum(lines * line for _name, lines, _size, line in specs) + gap * (len(specs) - 1)


def poster(paper: Paper, *, title: str, tagline: str, address: str, no_phone: str, modules: int):
    """The poster: title and tagline above the QR code, the join code, the address and the
    line for people without a phone below it. Sizes are the A4 ones scaled to the paper's
    width; the QR code takes all the rest, as wide as the paper allows."""
    s = paper.width / A4_WIDTH
    margin_x, margin_y, gap = 10 * s, 8 * s, 2.5 * s
    edge = 2.5 * s  # paper left beyond the quiet zone, for a printer's unprintable border
    width = paper.width - 2 * margin_x
    code_size = 36 * s  # capitals 26 mm high on A4, 37 mm on A3
    address_size = min(9 * s, mono_size(len(address), width))
    no_phone_size = 4.2 * s
    tagline_size = 7 * s
    above = [("tagline", 1, tagline_size, 1.2 * tagline_size)]
    below = [
        # Capitals only: a line of 0.8 em holds them, from 0.02 em above to 0.05 em below.
        ("code", 1, code_size, 0.8 * code_size),
        ("address", 1, address_size, 1.25 * address_size),
        (
            "no-phone",
            line_count(no_phone, no_phone_size, width, 0.56),
            no_phone_size,
            1.3 * no_phone_size,
        ),
    ]
    title_size, title_lines = _fitting_size(
        title, [x * s for x in (9, 8, 7, 6, 5.3, 4.6, 4.2)], width, 15 * s, 1.15
    )
    above.insert(0, ("title", title_lines, title_size, 1.15 * title_size))
    text = _height(above, gap) + _height(below, gap)
    side = min(paper.width - 2 * edge, paper.height - 2 * margin_y - text)
    spare = paper.height - 2 * margin_y - text - side
    top = margin_y + spare / 2
    blocks = _stack(above, top, margin_x, width, gap)
    qr = Qr(top=blocks[-1].bottom, left=(paper.width - side) / 2, side=side, modules=modules)
    blocks += _stack(below, qr.top + side, margin_x, width, gap)
    return Poster(paper=paper, blocks=tuple(blocks), qr=qr)


def table_cards(
    paper: Paper, *, title: str, tagline: str, address: str, no_phone: str, modules: int
):
    """Tent cards: two per A4 sheet (faces 210 × 74 mm), one per A3 sheet (297 × 210 mm).
    On each face the QR code stands on the left, the text on the right; positions are within
    a face, the same on every face."""
    count = 2 if paper.key == "a4" else 1
    face_w, face_h = paper.width, paper.height / count / 2
    pad = max(5.0, 0.06 * face_h)
    side = min(face_h - 4, 0.4 * face_w)  # 2 mm at least between the quiet zone and the fold
    qr_left = min((face_h - side) / 2, pad)
    qr = Qr(top=(face_h - side) / 2, left=qr_left, side=side, modules=modules)
    left = qr_left + side + 0.02 * face_w
    width = face_w - left - pad
    tagline_size = min(0.07 * face_h, 8.0, width / (len(tagline) * 0.58))
    code_size = min(0.3 * face_h, mono_size(6, width, CODE_SPACING))
    address_size = min(0.08 * face_h, mono_size(len(address), width))
    no_phone_size = min(0.045 * face_h, 4.5)
    title_size = min(0.055 * face_h, 7.0)
    # An A4 face has room for one line of title (cut short), an A3 face for two.
    title_lines = min(1 if face_h < 100 else 2, line_count(title, title_size, width))
    specs = [
        ("title", title_lines, title_size, 1.2 * title_size),
        ("tagline", 1, tagline_size, 1.2 * tagline_size),
        ("code", 1, code_size, 0.8 * code_size),
        ("address", 1, address_size, 1.25 * address_size),
        (
            "no-phone",
            min(2, line_count(no_phone, no_phone_size, width, 0.56)),
            no_phone_size,
            1.25 * no_phone_size,
        ),
    ]
    gap = 0.025 * face_h
    top = max(pad, (face_h - _height(specs, gap)) / 2)
    blocks = _stack(specs, top, left, width, gap)
    return Cards(paper=paper, count=count, face_height=face_h, blocks=tuple(blocks), qr=qr)


def _mm(value: float) -> str:
    return f"{value:.2f}mm"


def _block_css(block: Block) -> str:
    return (
        f".b-{block.name} {{ top: {_mm(block.top)}; left: {_mm(block.left)}; "
        f"width: {_mm(block.width)}; height: {_mm(block.height)}; "
        f"font-size: {_mm(block.size)}; line-height: {_mm(block.line)}; }}"
    )


def _title_clamp(title: Block, browser: bool) -> str:
    """A title longer than its lines ends with an ellipsis: `line-clamp` for WeasyPrint, the
    `-webkit-` box for browsers (which WeasyPrint would warn about)."""
    if browser:
        return (
            f".b-title {{ -webkit-line-clamp: {title.lines}; display: -webkit-box; "
            "-webkit-box-orient: vertical; }"
        )
    return f".b-title {{ line-clamp: {title.lines}; }}"


def _qr_css(qr: Qr) -> str:
    return (
        f".qr {{ top: {_mm(qr.top)}; left: {_mm(qr.left)}; "
        f"width: {_mm(qr.side)}; height: {_mm(qr.side)}; }}"
    )


def css(layout: Poster | Cards, *, browser: bool = False) -> str:
    """The stylesheet of one layout: page size and every block's box (numbers only), for
    WeasyPrint or for a `browser`."""
    paper = layout.paper
    rules = [
        f"@page {{ size: {paper.name} portrait; margin: 0; }}",
        # A hair shorter than the page: a browser's rounding never adds an empty second page.
        f".sheet {{ width: {_mm(paper.width)}; height: {_mm(paper.height - 0.5)}; }}",
        _qr_css(layout.qr),
        *(_block_css(block) for block in layout.blocks),
        _title_clamp(next(block for block in layout.blocks if block.name == "title"), browser),
    ]
    if isinstance(layout, Cards):
        rules.append(f".face {{ height: {_mm(layout.face_height)}; }}")
        rules.append(f".card {{ height: {_mm(layout.card_height)}; }}")
        rules.append(f".fold {{ top: {_mm(layout.face_height)}; }}")
    return "\n".join(rules)
