"""The restitution as PDF: the `restitution/document.html` template printed by WeasyPrint.

Nothing is fetched from the network: fonts are the system's (DejaVu), charts are inline SVG,
the stylesheet is read from this app's static folder, and the URL fetcher refuses anything that
is not a local file of that folder.
"""

from pathlib import Path

from django.template.loader import render_to_string

from .document import Document

STATIC = Path(__file__).resolve().parent / "static" / "restitution"
PRINT_CSS = STATIC / "print.css"


def local_fetcher():
    """A WeasyPrint URL fetcher that reads only this app's static files, never the network."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(STATIC.as_uri() + "/"):
                raise ValueError(f"Ressource externe refusée : {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file",))


def html(document: Document, *, screen: bool = False) -> str:
    """The document as one HTML page (the PDF's source, and the facilitator's preview)."""
    return render_to_string(
        "restitution/document.html",
        {"document": document, "screen": screen, "print_css": PRINT_CSS.read_text()},
    )


def render(document: Document) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    page = HTML(string=html(document), base_url=STATIC.as_uri() + "/", url_fetcher=local_fetcher())
    return page.write_pdf()
