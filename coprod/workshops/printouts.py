"""The join poster and the table cards of a workshop, as HTML (printed from the browser) and
PDF (WeasyPrint), from one template.

They carry only what a participant needs to join: the workshop's title, its join code, the
join address and its QR code — never the board key nor a facilitator's link. Like the
restitution, nothing is fetched: the stylesheet and the QR code are inline and the fonts are
the system's.

A poster takes 45 ms (median) to print, table cards 60 to 90 ms, once WeasyPrint is loaded:
the first one in a server process also loads WeasyPrint and the fonts (about 0.5 s, once). It
is rendered within the request, not as a background job.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coprod.core import links

from . import posters
from .models import Workshop

PRINT_CSS = Path(__file__).resolve().parent / "static" / "workshops" / "printout.css"


@dataclass(frozen=True)
class Kind:
    key: str
    template: str
    url_name: str  # the HTML page's; the PDF's is the same name + `_pdf`
    file_prefix: str
    layout: Callable  # posters.poster or posters.table_cards

    def heading(self, paper: posters.Paper) -> str:
        if self.key == "poster":
            return _("Affiche %(paper)s") % {"paper": paper.name}
        return _("Chevalets de table %(paper)s") % {"paper": paper.name}


KINDS = {
    "poster": Kind(
        "poster", "workshops/_poster.html", "workshops:poster", "affiche", posters.poster
    ),
    "cards": Kind(
        "cards",
        "workshops/_table_cards.html",
        "workshops:table_cards",
        "chevalets",
        posters.table_cards,
    ),
}


@cache
def _static_css() -> str:
    return PRINT_CSS.read_text()


def join_url(request, workshop: Workshop) -> str:
    """The join address, as the board's corner gives it (coprod/core/links.py)."""
    return links.absolute_url(request, reverse("participants:join", args=[workshop.join_code]))


def context(workshop: Workshop, url: str, kind: str, paper: str, *, screen: bool) -> dict:
    code = posters.qr_code(url)
    address = posters.display_address(url)
    texts = {
        "tagline": _("Participez depuis votre téléphone"),
        "no_phone": _("Pas de téléphone ? Demandez à l'équipe d'animation : elle écrit pour vous."),
    }
    printout = KINDS[kind]
    layout = printout.layout(
        posters.PAPERS[paper],
        title=workshop.title,
        address=address,
        modules=code.symbol_size(border=0)[0],
        **texts,
    )
    return {
        "workshop": workshop,
        "kind": kind,
        "heading": printout.heading(layout.paper),
        "template": printout.template,
        "printout_url": printout.url_name,
        "pdf_url": f"{printout.url_name}_pdf",
        "paper": layout.paper,
        "layout": layout,
        "cards": range(getattr(layout, "count", 0)),
        "join_url": url,
        "address": address,
        "qr_svg": posters.qr_svg(code),
        "layout_css": posters.css(layout, browser=screen),
        "print_css": _static_css(),
        "screen": screen,
        "papers": posters.PAPERS.values(),
        "only_this_computer": posters.only_this_computer(url),
        **texts,
    }


def html(workshop: Workshop, url: str, kind: str, paper: str, *, screen: bool, request=None):
    return render_to_string(
        "workshops/printout.html",
        context(workshop, url, kind, paper, screen=screen),
        request=request,
    )


def pdf(workshop: Workshop, url: str, kind: str, paper: str) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for
    from weasyprint.urls import URLFetcher

    source = html(workshop, url, kind, paper, screen=False)
    # Everything is inline: no protocol at all is allowed, not even a local file.
    return HTML(string=source, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def file_name(workshop: Workshop, kind: str, paper: str) -> str:
    """E.g. `affiche-a4-atelier-4.pdf`."""
    stem = slugify(workshop.title)[:80].strip("-") or str(workshop.pk)
    return f"{KINDS[kind].file_prefix}-{paper}-{stem}.pdf"
