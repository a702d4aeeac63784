"""A new sheet's title, without Django: the group's name, else a clean shortening."""

from coprod.action_sheets.titles import shorten, title_for


def test_a_short_text_is_kept_on_one_line():
    assert shorten("  Navette\n des  villages ") == "Navette des villages"


def test_a_long_text_is_cut_before_the_word_that_does_not_fit():
    text = "Relier les villages au marché, chaque semaine"
    assert shorten(text, 30) == "Relier les villages au marché…"
    assert shorten(text, 29) == "Relier les villages au…"
    assert len(shorten(text, 29)) <= 29


def test_punctuation_before_the_cut_is_left_off():
    assert shorten("Relier les villages, puis les bourgs", 22) == "Relier les villages…"


def test_an_elided_article_stays_with_its_word():
    assert shorten("Économiser l’eau des villages", 13) == "Économiser…"


def test_one_word_longer_than_the_limit_is_cut_inside():
    assert shorten("Anticonstitutionnellement", 10) == "Anticonst…"


def test_the_group_s_name_comes_first_else_the_subject():
    assert title_for(" Mobilité ", "Un long texte de synthèse") == "Mobilité"
    assert title_for("", "Un long texte de synthèse", 12) == "Un long…"
