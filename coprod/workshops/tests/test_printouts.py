"""The join poster and table cards as PDF, read back: page size, text, and the QR code as a
phone's camera sees it from the back of the hall (about one pixel per millimetre of paper)."""

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from coprod.workshops import posters

pytestmark = pytest.mark.django_db

POINTS = {"a4": (595.3, 841.9), "a3": (841.9, 1190.6)}
MM = 72 / 25.4  # points per millimetre


def get_pdf(client, workshop, kind, paper) -> bytes:
    response = client.get(f"/ateliers/{workshop.pk}/{kind}/{paper}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def decoded(pdf: bytes, pixels_per_mm: float) -> list:
    """The QR codes zxing-cpp reads on the first page rasterised at `pixels_per_mm`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=pixels_per_mm / MM, grayscale=True).to_pil()
    finally:
        document.close()
    return zxingcpp.read_barcodes(image)


def join_url(workshop) -> str:
    return f"http://testserver/j/{workshop.join_code}/"


def code_cap_height_mm(page, code: str) -> float:
    """The height of the join code's capitals on the page, from its font size."""
    sizes = []

    def visit(text, cm, tm, _font, size):
        if text.strip() == code:
            sizes.append(size * abs(cm[3] * tm[3]) / MM)

    page.extract_text(visitor_text=visit)
    return max(sizes) * posters.CAP_HEIGHT


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_the_poster_is_one_page_of_the_paper_asked_with_code_and_address(
    facilitator_client, workshop, paper
):
    reader = PdfReader(io.BytesIO(get_pdf(facilitator_client, workshop, "affiche", paper)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(POINTS[paper][0], abs=1)
    assert float(page.mediabox.height) == pytest.approx(POINTS[paper][1], abs=1)
    text = page.extract_text()
    assert workshop.title in text
    assert "Participez depuis votre téléphone" in text
    assert workshop.join_code in text.split()
    assert f"testserver/j/{workshop.join_code}" in text
    assert "Pas de téléphone ? Demandez à l'équipe d'animation : elle écrit pour vous." in text
    assert code_cap_height_mm(page, workshop.join_code) >= (25 if paper == "a4" else 35)


@pytest.mark.parametrize(("paper", "least"), [("a4", 160), ("a3", 230)])
def test_the_poster_qr_code_decodes_at_one_pixel_per_millimetre(
    facilitator_client, workshop, paper, least
):
    """Seen as a phone sees it from 3 m, the one QR code opens the join page; measured finer,
    it spans at least 16 cm (A4) or 23 cm (A3)."""
    pdf = get_pdf(facilitator_client, workshop, "affiche", paper)
    [found] = decoded(pdf, pixels_per_mm=1)
    assert found.text == join_url(workshop)
    [fine] = decoded(pdf, pixels_per_mm=4)
    corners = fine.position
    assert (corners.top_right.x - corners.top_left.x) / 4 >= least - 1


@pytest.mark.parametrize(("paper", "faces"), [("a4", 4), ("a3", 2)])
def test_every_face_of_the_table_cards_decodes_to_the_join_page(
    facilitator_client, workshop, paper, faces
):
    """Two cards per A4 sheet, one per A3, each of two faces with its own QR code; the upper
    face is printed upside down and reads as well."""
    pdf = get_pdf(facilitator_client, workshop, "chevalets", paper)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(POINTS[paper][0], abs=1)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(POINTS[paper][1], abs=1)
    text = reader.pages[0].extract_text()
    assert text.split().count(workshop.join_code) == faces
    assert text.count(f"testserver/j/{workshop.join_code}") == faces
    found = decoded(pdf, pixels_per_mm=1)
    assert [code.text for code in found] == [join_url(workshop)] * faces
    assert sum(1 for code in found if 135 < code.orientation % 360 < 225) == faces // 2


def test_the_pdf_never_holds_the_board_key_nor_a_facilitator_link(facilitator_client, workshop):
    for kind in ("affiche", "chevalets"):
        pdf = get_pdf(facilitator_client, workshop, kind, "a4")
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert workshop.board_key not in text
        assert workshop.board_key.encode() not in pdf
        assert b"/ateliers/" not in pdf and "/ateliers/" not in text
        assert b"/URI" not in pdf  # no link at all


def test_on_a_server_the_poster_carries_the_public_address(facilitator_client, workshop, settings):
    """Opened at the server's own address by an IT person, the poster still sends phones to the
    public URL (COPROD_PUBLIC_URL, coprod/core/links.py)."""
    settings.COPROD_PUBLIC_URL = "https://atelier.parc-vexin.fr"
    pdf = get_pdf(facilitator_client, workshop, "affiche", "a4")
    [found] = decoded(pdf, pixels_per_mm=1)
    assert found.text == f"https://atelier.parc-vexin.fr/j/{workshop.join_code}/"
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"atelier.parc-vexin.fr/j/{workshop.join_code}" in text
