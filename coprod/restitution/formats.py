"""The download formats of a restitution and how each is rendered (shared by the views and
`coprod report`). Renderers are imported when asked for: WeasyPrint, odfdo and python-docx are
heavy."""

import importlib
from dataclasses import dataclass

from .document import Document


@dataclass(frozen=True)
class Format:
    module: str
    content_type: str
    extension: str


FORMATS = {
    "pdf": Format("coprod.restitution.render_pdf", "application/pdf", "pdf"),
    "odt": Format(
        "coprod.restitution.render_odt", "application/vnd.oasis.opendocument.text", "odt"
    ),
    "docx": Format(
        "coprod.restitution.render_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "md": Format("coprod.restitution.render_markdown", "text/markdown; charset=utf-8", "md"),
}


def render(document: Document, fmt: str) -> bytes:
    """The document in `fmt` as bytes (Markdown in UTF-8); KeyError for an unknown format."""
    out = importlib.import_module(FORMATS[fmt].module).render(document)
    return out.encode("utf-8") if isinstance(out, str) else out
