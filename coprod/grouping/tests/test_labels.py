"""The suggested label of a group: its own words, not the workshop's shared ones."""

from coprod.grouping import labels
from coprod.testing.themes import THEMES


def test_each_group_is_named_by_its_own_words():
    suggested = labels.suggest(list(THEMES.values()))
    assert "bus" in suggested[0]
    assert "épicerie" in suggested[1]
    assert "emploi" in suggested[2]
    assert all(2 <= len(label.replace(",", " ").split()) <= 4 for label in suggested)


def test_a_word_every_group_uses_is_not_distinctive():
    groups = [
        ["Un bus pour le village", "Des bus dans le village le soir"],
        ["Une épicerie au village", "Une épicerie ouverte le dimanche au village"],
    ]
    first, second = labels.suggest(groups)
    assert "village" not in first and "village" not in second
    assert first.startswith("bus") and second.startswith("épicerie")


def test_accents_case_and_plurals_are_one_word_shown_as_written_most():
    groups = [
        ["Rénover les écoles", "Une ECOLE ouverte", "Végétaliser la cour de l'école"],
        ["Des pistes cyclables", "Une piste cyclable sûre"],
    ]
    first, second = labels.suggest(groups)
    assert first.split(",")[0] == "école"
    assert "piste" in second and "cyclable" in second


def test_function_words_and_opening_verbs_are_left_out():
    (label,) = labels.suggest([["Mettre en place une navette", "Créer une navette pour tous"]])
    assert label.startswith("navette")
    for word in ("mettre", "place", "une", "pour", "créer"):
        assert word not in label.split(", ")


def test_a_phrase_the_group_repeats_is_kept_together():
    groups = [
        ["Un transport à la demande", "Le transport à la demande le samedi", "Transport solidaire"],
        ["Une épicerie", "Un commerce"],
    ]
    assert labels.suggest(groups)[0].startswith("transport demande")


def test_a_group_without_topic_words_has_no_suggestion():
    assert labels.suggest([["Et pour nous ?"], ["Un marché bio"]])[0] == ""
    assert labels.suggest([]) == []
