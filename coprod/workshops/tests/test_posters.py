"""Where the join poster and the table cards put things (coprod.workshops.posters, no Django)."""

import pytest

from coprod.workshops import posters

URL = "https://participation.pnr-vexin-francais.fr/j/ACDEFG/"
TITLE = "Atelier 4 — Quelles actions expérimentales ou innovantes développer ?"
LONG_TITLE = " ".join(["Atelier de co-production intercommunal"] * 6)[:200]
TEXTS = {
    "tagline": "Participez depuis votre téléphone",
    "no_phone": "Pas de téléphone ? Demandez à l'équipe d'animation : elle écrit pour vous.",
}


def layout(make, paper, title=TITLE, url=URL):
    modules = posters.qr_code(url).symbol_size(border=0)[0]
    return make(
        posters.PAPERS[paper],
        title=title,
        address=posters.display_address(url),
        modules=modules,
        **TEXTS,
    )


def block(found, name):
    return next(b for b in found.blocks if b.name == name)


@pytest.mark.parametrize(("paper", "least"), [("a4", 160), ("a3", 230)])
@pytest.mark.parametrize("title", [TITLE, LONG_TITLE])
@pytest.mark.parametrize("url", [URL, "http://10.0.0.2/j/ACDEFG/", URL + "?" + "x" * 40])
def test_the_poster_qr_code_is_as_large_as_asked_with_its_quiet_zone_on_the_paper(
    paper, least, title, url
):
    """≥ 16 cm on A4, ≥ 23 cm on A3, for a short address as for a long one; its 4-module
    quiet zone stays on the paper and no text enters it."""
    poster = layout(posters.poster, paper, title, url)
    qr = poster.qr
    assert qr.symbol >= least
    assert qr.left >= 2 and qr.left + qr.side <= poster.paper.width - 2
    for text in poster.blocks:
        assert text.bottom <= qr.top + 0.01 or text.top >= qr.top + qr.side - 0.01, text.name
        assert text.top > 0 and text.bottom < poster.paper.height - 5, text.name


def test_the_poster_code_reads_from_the_back_of_a_hall():
    """Capitals of the join code at least 2.5 cm high on A4 (3.5 cm on A3)."""
    a4, a3 = layout(posters.poster, "a4"), layout(posters.poster, "a3")
    assert block(a4, "code").size * posters.CAP_HEIGHT >= 25
    assert block(a3, "code").size * posters.CAP_HEIGHT >= 35


def test_a_long_address_is_set_smaller_to_stay_within_the_width():
    short = layout(posters.poster, "a4", url="https://c.fr/j/ACDEFG/")
    long = layout(posters.poster, "a4", url="https://" + "x" * 60 + ".fr/j/ACDEFG/")
    assert block(long, "address").size < block(short, "address").size
    chars = len("x" * 60 + ".fr/j/ACDEFG")
    assert block(long, "address").size * chars * posters.MONO_ADVANCE <= 190 + 0.01


def test_a_long_title_takes_more_lines_in_smaller_type():
    short, long = layout(posters.poster, "a4"), layout(posters.poster, "a4", LONG_TITLE)
    assert block(long, "title").lines > block(short, "title").lines
    assert block(long, "title").size < block(short, "title").size


@pytest.mark.parametrize(("paper", "count"), [("a4", 2), ("a3", 1)])
def test_table_cards_per_sheet_and_the_qr_code_clear_of_the_fold(paper, count):
    cards = layout(posters.table_cards, paper)
    assert cards.count == count
    assert cards.count * cards.card_height == pytest.approx(cards.paper.height)
    qr = cards.qr
    assert qr.top >= 2 and qr.top + qr.side <= cards.face_height - 2
    for text in cards.blocks:
        assert text.left >= qr.left + qr.side, text.name
        assert text.left + text.width <= cards.paper.width - 5, text.name
        assert text.bottom <= cards.face_height, text.name


def test_a_short_address_gets_a_stronger_code_not_a_smaller_symbol():
    code = posters.qr_code("http://10.0.0.2/j/ACDEFG/")
    assert code.version == posters.MIN_VERSION
    assert code.error in {"Q", "H"}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://coprod.example.fr/j/ACDEFG/", "coprod.example.fr/j/ACDEFG"),
        ("http://192.168.1.10:8000/j/ACDEFG/", "192.168.1.10:8000/j/ACDEFG"),
    ],
)
def test_the_address_is_shown_as_people_type_it(url, shown):
    assert posters.display_address(url) == shown


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/j/ACDEFG/", True),
        ("http://localhost:8000/j/ACDEFG/", True),
        ("http://[::1]:8000/j/ACDEFG/", True),
        ("http://192.168.1.10:8000/j/ACDEFG/", False),
        ("https://coprod.example.fr/j/ACDEFG/", False),
    ],
)
def test_an_address_only_this_computer_reaches_is_recognised(url, local):
    assert posters.only_this_computer(url) is local


def test_line_count_wraps_on_words():
    assert posters.line_count("un deux", size=10, width=10 * 0.62 * 7) == 1
    assert posters.line_count("un deux trois", size=10, width=10 * 0.62 * 7) == 2


def test_the_stylesheet_holds_the_page_size_and_numbers_with_a_dot():
    css = posters.css(layout(posters.table_cards, "a3"))
    assert "@page { size: A3 portrait; margin: 0; }" in css
    assert ".fold { top: 210.00mm; }" in css
    assert "," not in css.replace(", ", "")  # never a French decimal comma
