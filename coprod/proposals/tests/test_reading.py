"""Reading a file of proposals (`proposals.reading`, no Django): the columns it understood, what
it will create, what it skips and why, and the files it refuses."""

import pytest

from coprod.proposals import reading
from coprod.proposals.reading import ITEM, TEXT, Column, NoRows, NoUsableColumn, Planned, Skipped

ITEMS = ["Mobilité des publics sans transport", "Services de proximité", "Insertion"]


def read(headers, *rows, existing=(), max_length=500, max_rows=100, header_line=1):
    numbered = [(line, list(cells)) for line, cells in enumerate(rows, start=header_line + 1)]
    return reading.read(
        list(headers),
        numbered,
        header_line=header_line,
        items=ITEMS,
        existing=existing,
        max_length=max_length,
        max_rows=max_rows,
    )


def test_headers_are_named_with_the_field_they_give_and_the_others_ignored():
    result = read(
        ["Date", "PROPOSITIONS", "Auteur", "Item plébiscité"],
        ["2026-01-05", "Un minibus le jour du marché", "Ana", "2"],
    )
    assert result.columns == [Column("PROPOSITIONS", 1, TEXT), Column("Item plébiscité", 3, ITEM)]
    assert result.ignored == ["Date", "Auteur"]
    assert result.has_header
    assert result.rows == [Planned(2, "Un minibus le jour du marché", 1)]


@pytest.mark.parametrize(
    "headers",
    [
        ["idée", "A"],  # what a person typed as headers, nothing this import knows
        ["Item", "Commentaire"],  # an item without any text
        ["Horodateur", "Votre avis"],  # a form's export
    ],
)
def test_a_file_whose_headers_name_no_text_column_is_refused_with_what_it_has(headers):
    with pytest.raises(NoUsableColumn) as refused:
        read(headers, ["Un minibus", "B"], ["Des permanences", "C"])
    assert refused.value.found == headers


def test_a_one_column_file_headed_by_an_unknown_word_is_refused_not_imported():
    with pytest.raises(NoUsableColumn) as refused:
        read(["Idées"], ["Un minibus le jour du marché"])
    assert refused.value.found == ["Idées"]


def test_a_one_column_list_of_sentences_has_no_header_and_starts_at_line_1():
    result = read(["Un minibus le jour du marché"], [""], ["Des permanences emploi"])
    assert not result.has_header and result.columns == [Column("", 0, TEXT)]
    assert [(r.line, r.text) for r in result.rows] == [
        (1, "Un minibus le jour du marché"),
        (3, "Des permanences emploi"),
    ]


def test_items_by_their_number_or_their_text_and_blank_means_chosen_later():
    result = read(
        ["Proposition", "Item"],
        ["Un bus", "3"],
        ["Une épicerie", "services de PROXIMITÉ"],
        ["Un café", ""],
        ["Un atelier", 1.0],  # XLSX writes whole numbers as floats
    )
    assert [r.item for r in result.rows] == [2, 1, None, 0]


def test_skipped_rows_keep_their_line_and_reason():
    result = read(
        ["Proposition", "Item"],
        ["Un bus le soir", "1"],  # 2
        ["", "1"],  # 3: no text
        ["", ""],  # 4: blank, not a row
        ["x" * 501, ""],  # 5
        ["Une idée", "Item inventé"],  # 6
        ["UN BUS, le soir !", ""],  # 7: line 2 again
        ["Déjà saisie", ""],  # 8
        ["Un marché\x00", ""],  # 9
        existing={"déjà saisie"},  # as `text.normalize` stores it
    )
    assert [r.line for r in result.rows] == [2]
    assert result.skipped == [
        Skipped(3, reading.EMPTY),
        Skipped(5, reading.TOO_LONG, "x" * 79 + "…", 501),
        Skipped(6, reading.UNKNOWN_ITEM, "Item inventé"),
        Skipped(7, reading.REPEATED, "UN BUS, le soir !", 2),
        Skipped(8, reading.EXISTING, "Déjà saisie"),
        Skipped(9, reading.INVISIBLE),
    ]


def test_an_ods_header_below_blank_lines_keeps_the_sheets_numbers():
    result = read(["Un minibus le jour du marché"], ["Un café"], header_line=3)
    assert [r.line for r in result.rows] == [3, 4]


@pytest.mark.parametrize("rows", [[], [["", ""]]])
def test_a_file_with_nothing_to_import(rows):
    with pytest.raises(NoRows):
        read(["Proposition", "Item"], *rows)


def test_too_many_rows():
    with pytest.raises(reading.TooManyRows) as refused:
        read(["Proposition"], *[[f"Idée numéro {n}"] for n in range(4)], max_rows=3)
    assert (refused.value.count, refused.value.limit) == (4, 3)
