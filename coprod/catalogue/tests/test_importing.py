"""Import and export of the catalogue: CSV as Excel and LibreOffice write it, XLSX, ODS."""

import io
import zipfile
from datetime import date

import pytest
import tablib
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.catalogue.importing import export_actions, import_actions, load_examples, preview
from coprod.catalogue.models import Action
from coprod.catalogue.services.actions import save_action
from coprod.core import spreadsheets
from coprod.processes.models import TargetPublic

from .conftest import HEADERS, csv_bytes, row, sheet_bytes

pytestmark = pytest.mark.django_db


def do_import(process, facilitator, filename, data, **kwargs):
    return import_actions(process, actor=facilitator, filename=filename, data=data, **kwargs)


@pytest.mark.parametrize(
    "encoding,sep",
    [
        ("utf-8-sig", ";"),
        ("utf-8", ";"),
        ("cp1252", ";"),
        ("latin-1", ";"),
        ("utf-8-sig", ","),
        ("utf-16", "\t"),  # Excel's « Texte Unicode »
        ("utf-32", ";"),
    ],
)
def test_csv_in_the_encodings_and_separators_spreadsheets_write(
    process, facilitator, publics, items, encoding, sep
):
    data = csv_bytes(
        [row(), row("Transport à la demande", publics="Personnes âgées ; Jeunes")],
        encoding=encoding,
        sep=sep,
    )
    result = do_import(process, facilitator, "actions.csv", data)
    assert (result.created, result.updated) == (2, 0)
    action = Action.objects.get(title="Épicerie itinérante")
    assert action.organisation == "Association Le Panier"
    assert action.started_on == date(2021, 3, 1)
    assert list(action.priority_items.all()) == [items[1]]
    transport = Action.objects.get(title="Transport à la demande")
    assert {p.name for p in transport.publics.all()} == {"Personnes âgées", "Jeunes"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_xlsx_and_ods_files(process, facilitator, publics, items, fmt):
    rows = [
        row(started_on=date(2021, 3, 1), links="https://a.example.org\nhttps://b.example.org"),
        row("Transport", description="Ligne 1\nLigne 2", priority_items=1),
    ]
    result = do_import(process, facilitator, f"actions.{fmt}", sheet_bytes(rows, fmt))
    assert result.created == 2
    epicerie = Action.objects.get(title="Épicerie itinérante")
    assert epicerie.started_on == date(2021, 3, 1)
    assert epicerie.links == "https://a.example.org\nhttps://b.example.org"
    transport = Action.objects.get(title="Transport")
    assert transport.description == "Ligne 1\nLigne 2"
    assert list(transport.priority_items.all()) == [items[0]]


def ods_as_libreoffice_writes_it() -> bytes:
    """Repeated cells (two empty neighbours written once), paragraphs, empty rows repeated."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="Feuille1")

    def add_row(cells, repeat=None):
        element = TableRow(**({"numberrowsrepeated": repeat} if repeat else {}))
        for cell in cells:
            element.addElement(cell)
        sheet.addElement(element)

    def cell(*paragraphs, repeat=None, **attrs):
        kw = {"valuetype": "string"} if paragraphs else {}
        kw.update(attrs)
        if repeat:
            kw["numbercolumnsrepeated"] = repeat
        element = TableCell(**kw)
        for text in paragraphs:
            element.addElement(P(text=text))
        return element

    add_row([cell("Titre"), cell("Description"), cell("Structure porteuse"), cell("Début")])
    add_row([cell(repeat=4)], repeat=2)  # two empty lines: 2 and 3
    add_row([cell("Épicerie"), cell(repeat=2), cell("01/03/2021")])
    add_row(
        [
            cell("Bus"),
            cell("Ligne 1", "Ligne 2"),
            cell("Mairie"),
            cell(valuetype="date", datevalue="2022-05-04"),
        ]
    )
    add_row([cell(repeat=1024)], repeat=1048570)
    doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_ods_written_by_libreoffice_keeps_its_columns_and_lines(process, facilitator):
    result = preview(process, "actions.ods", ods_as_libreoffice_writes_it())
    assert [(r.line, r.title, r.organisation) for r in result.rows] == [
        (4, "Épicerie", ""),
        (5, "Bus", "Mairie"),
    ]
    do_import(process, facilitator, "actions.ods", ods_as_libreoffice_writes_it())
    bus = Action.objects.get(title="Bus")
    assert (bus.description, bus.started_on) == ("Ligne 1\nLigne 2", date(2022, 5, 4))
    assert Action.objects.get(title="Épicerie").started_on == date(2021, 3, 1)


def test_headers_are_recognised_whatever_their_case_accents_and_wording(process, facilitator):
    data = csv_bytes(
        [["Épicerie", "Le Panier", "TERMINÉE", "2021-03-01"]],
        headers=["TITRE", "structure", "etat", "Date de début"],
    )
    result = preview(process, "a.csv", data)
    assert result.columns == ["Titre", "Structure porteuse", "État", "Début"]
    do_import(process, facilitator, "a.csv", data)
    action = Action.objects.get()
    assert (action.organisation, action.status, action.started_on) == (
        "Le Panier",
        "ended",
        date(2021, 3, 1),
    )


def test_missing_title_column_names_the_columns_found(process, facilitator):
    data = csv_bytes([["Épicerie", "Le Panier"]], headers=["Nom du projet", "Structure"])
    with pytest.raises(ValidationError) as error:
        preview(process, "a.csv", data)
    assert error.value.messages == [
        "Colonne « Titre » introuvable. Colonnes trouvées : « Nom du projet », « Structure ». "
        "La première ligne doit nommer les colonnes : « Titre » (obligatoire), puis, au choix, "
        "« Description », « Structure porteuse », « Partenaires », « Publics », « Territoire », "
        "« Communes », « État », « Début », « Fin », « Contact », « Liens », « Items "
        "plébiscités »."
    ]
    assert not Action.objects.exists()


def test_preview_names_each_header_with_the_column_it_gives(process):
    data = csv_bytes(
        [["2021", "Épicerie", "Le Panier", "Ana"]],
        headers=["Année", "Nom de l'action", "Porteur du projet", "Rédigé par"],
    )
    result = preview(process, "a.csv", data)
    assert result.understood == [
        ("Nom de l'action", "Titre"),
        ("Porteur du projet", "Structure porteuse"),
    ]
    assert result.ignored_columns == ["Année", "Rédigé par"]


def test_preview_says_what_each_row_would_do_and_writes_nothing(
    process, facilitator, publics, items
):
    save_action(
        process,
        actor=facilitator,
        data={"title": "Épicerie itinérante", "organisation": "Association Le Panier"},
    )
    data = csv_bytes(
        [
            row(),  # line 2: already in the catalogue → update
            row("Transport"),  # line 3: new
            row("TRANSPORT "),  # line 4: line 3 again
            row("Permanences", ended_on="01/01/2000"),  # line 5: ends before it starts
            row("Scooters", publics="Retraités", priority_items="Item inventé ; 9"),  # line 6
        ]
    )
    result = preview(process, "a.csv", data)
    assert [(r.line, r.outcome) for r in result.rows] == [
        (2, "update"),
        (3, "create"),
        (4, "duplicate"),
        (5, "error"),
        (6, "error"),
    ]
    assert result.rows[2].messages == [
        "Ligne 4 : même titre et même structure porteuse que la ligne 3, ignorée."
    ]
    assert result.errors == [
        "Ligne 5 : La fin (01/01/2000) précède le début (01/03/2021).",
        "Ligne 6 : Public « Retraités » inconnu de la démarche (cochez « créer les publics "
        "inconnus » pour l'ajouter).",
        "Ligne 6 : Item plébiscité « Item inventé » inconnu de la démarche (son texte ou son "
        "numéro).",
        "Ligne 6 : Item plébiscité « 9 » inconnu de la démarche (son texte ou son numéro).",
    ]
    assert not result.ok
    assert Action.objects.count() == 1
    assert Action.objects.get().description == ""  # not updated by the preview


def test_one_bad_row_and_nothing_is_written(process, facilitator, publics, items):
    data = csv_bytes([row(), row("Transport"), row("Bus", links="ftp://x.example.org")])
    with pytest.raises(ValidationError) as error:
        do_import(process, facilitator, "a.csv", data)
    assert error.value.messages == [
        "Ligne 4 : Lien invalide : « ftp://x.example.org » (une adresse en http:// ou https:// "
        "par ligne)."
    ]
    assert not Action.objects.exists()


def test_unknown_publics_are_created_only_when_asked(process, facilitator, publics, items):
    data = csv_bytes([row(publics="Retraités ; personnes AGÉES"), row("Bus", publics="retraités")])
    with pytest.raises(ValidationError):
        do_import(process, facilitator, "a.csv", data)
    assert not TargetPublic.objects.filter(name="Retraités").exists()
    result = do_import(process, facilitator, "a.csv", data, create_publics=True)
    assert result.new_publics == ["Retraités"]
    retired = TargetPublic.objects.get(process=process, name="Retraités")
    assert set(Action.objects.get(title="Bus").publics.all()) == {retired}
    assert set(Action.objects.get(title="Épicerie itinérante").publics.all()) == {
        retired,
        publics[2],
    }


def test_same_key_updates_the_action_and_replaces_its_publics(process, facilitator, publics, items):
    action = save_action(
        process,
        actor=facilitator,
        data={
            "title": "Épicerie itinérante",
            "organisation": "Association Le Panier",
            "publics": [publics[0].pk],
        },
    )
    result = do_import(
        process, facilitator, "a.csv", csv_bytes([row(status="terminée", publics="Jeunes")])
    )
    assert (result.created, result.updated) == (0, 1)
    action.refresh_from_db()
    assert action.status == "ended"
    assert list(action.publics.all()) == [publics[3]]
    assert "jeunes" in action.search_text and "sans moyen" not in action.search_text


def test_columns_absent_from_the_file_are_kept_on_update(process, facilitator, publics):
    action = save_action(
        process,
        actor=facilitator,
        data={
            "title": "Bus",
            "contact": "Camille",
            "status": "planned",
            "publics": [publics[0].pk],
        },
    )
    data = csv_bytes([["Bus", "Un bus"]], headers=["Titre", "Description"])
    do_import(process, facilitator, "a.csv", data)
    action.refresh_from_db()
    assert (action.description, action.contact, action.status) == ("Un bus", "Camille", "planned")
    assert list(action.publics.all()) == [publics[0]]
    assert "sans moyen de transport" in action.search_text


def test_blank_lines_are_skipped_but_counted(process, facilitator):
    data = b'Titre;Description\n\n;\n"Bus";"Deux\n\nlignes"\n\nAutre;\n'
    result = preview(process, "a.csv", data)
    assert [(r.line, r.title) for r in result.rows] == [(4, "Bus"), (6, "Autre")]


def test_a_title_is_required_on_each_row(process, facilitator):
    data = csv_bytes([["", "Le Panier"]], headers=["Titre", "Structure porteuse"])
    assert preview(process, "a.csv", data).errors == ["Ligne 2 : Le titre est obligatoire."]


def test_too_large_files_are_refused(process, facilitator, monkeypatch):
    with pytest.raises(ValidationError, match="dépasse 10 Mo"):
        preview(process, "a.csv", b"x" * (spreadsheets.MAX_BYTES + 1))
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    data = csv_bytes([row(f"Action {n}") for n in range(4)])
    with pytest.raises(ValidationError) as error:
        preview(process, "a.csv", data)
    assert error.value.messages == ["Le fichier compte 4 lignes : 3 au plus par import."]


def test_a_zip_that_unpacks_too_much_is_refused(process, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", "<a>" + " " * 5000 + "</a>")
    with pytest.raises(ValidationError, match="trop volumineux une fois décompressé"):
        preview(process, "a.ods", out.getvalue())


@pytest.mark.parametrize(
    "name,data", [("a.xlsx", b"not a zip"), ("a.ods", b"PK nope"), ("a.pdf", b"%PDF")]
)
def test_unreadable_files_get_a_french_message(process, name, data):
    with pytest.raises(ValidationError) as error:
        preview(process, name, data)
    assert any(w in error.value.messages[0] for w in ("illisible", "Format non reconnu"))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xff\xfeT\x00i\x00t\x00r\x00e\x00\n", "UTF-16"),  # an odd byte at the end
        (b"\xfe\xff\xd8\x00\x00A", "UTF-16"),  # a lone surrogate
        (b"\xff\xfe\x00\x00Titre;\n", "UTF-32"),  # bytes that no code point makes
    ],
)
def test_a_csv_whose_byte_order_mark_lies_is_refused_in_french(process, data, encoding):
    with pytest.raises(ValidationError) as error:
        preview(process, "actions.csv", data)
    assert error.value.messages == [
        f"Ce fichier commence comme un texte {encoding} mais la suite ne se lit pas ainsi : "
        "enregistrez-le de nouveau (« CSV UTF-8 » de préférence)."
    ]


def test_a_row_with_control_characters_is_refused_by_its_line(process, facilitator, publics, items):
    data = csv_bytes([row(), row("Bus\x00 du soir")])
    with pytest.raises(ValidationError) as error:
        do_import(process, facilitator, "actions.csv", data)
    assert error.value.messages == [
        "Ligne 3 : « titre » contient des caractères invisibles non autorisés."
    ]
    assert not Action.objects.exists()


def test_ten_thousand_rows_import(process, facilitator, publics, items):
    rows = [
        row(
            f"Action {n}",
            publics="Jeunes ; Personnes âgées" if n % 2 else "",
            priority_items=str(n % 3 + 1),
        )
        for n in range(10_000)
    ]
    result = do_import(process, facilitator, "big.csv", csv_bytes(rows))
    assert result.created == 10_000
    assert Action.objects.of_process(process).count() == 10_000
    assert Action.publics.through.objects.count() == 10_000
    assert Action.priority_items.through.objects.count() == 10_000
    again = do_import(process, facilitator, "big.csv", csv_bytes(rows))
    assert (again.created, again.updated) == (0, 10_000)
    assert Action.publics.through.objects.count() == 10_000


def test_only_keepers_may_import(process, stranger):
    with pytest.raises(PermissionDenied):
        do_import(process, stranger, "a.csv", csv_bytes([row()]))
    with pytest.raises(PermissionDenied):
        export_actions(process, actor=stranger, fmt="csv")


def full_catalogue(process, facilitator, publics, items):
    save_action(
        process,
        actor=facilitator,
        data={
            "title": "Épicerie itinérante ; solidaire",
            "description": "Un camion\nchaque semaine",
            "organisation": "Le Panier « des villages »",
            "partners": "Producteurs; centre social",
            "publics": [publics[1].pk, publics[2].pk],
            "scope": "intercommunality",
            "places": "Santeuil, Us",
            "status": "ended",
            "started_on": date(2020, 1, 31),
            "ended_on": date(2023, 12, 1),
            "contact": "contact@example.org",
            "links": "https://a.example.org/x?y=1\nhttps://b.example.org",
            "priority_items": [items[0].pk, items[2].pk],
        },
    )
    save_action(process, actor=facilitator, data={"title": "Minimale"})


FIELDS = [
    "title",
    "description",
    "organisation",
    "partners",
    "scope",
    "places",
    "status",
    "started_on",
    "ended_on",
    "contact",
    "links",
    "key",
    "search_text",
]


def snapshot(process):
    return [
        (
            {f: getattr(a, f) for f in FIELDS},
            sorted(p.name for p in a.publics.all()),
            sorted(i.text for i in a.priority_items.all()),
        )
        for a in Action.objects.of_process(process).order_by("key")
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_export_then_import_keeps_every_field(process, facilitator, publics, items, fmt):
    full_catalogue(process, facilitator, publics, items)
    before = snapshot(process)
    content, content_type, filename = export_actions(process, actor=facilitator, fmt=fmt)
    assert filename.endswith(f".{fmt}")
    Action.objects.all().delete()
    result = do_import(process, facilitator, filename, content)
    assert result.created == 2 and result.ok
    assert snapshot(process) == before


def test_csv_export_is_utf8_with_bom_and_semicolons_for_excel(process, facilitator, publics, items):
    full_catalogue(process, facilitator, publics, items)
    content, content_type, _name = export_actions(process, actor=facilitator, fmt="csv")
    assert content.startswith("\ufeff".encode())
    assert content_type == "text/csv; charset=utf-8"
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(HEADERS)
    assert "31/01/2020" in text and "communauté de communes" in text and "terminée" in text
    assert "Demandeurs d’emploi ; Personnes âgées" in text


def test_xlsx_export_has_real_dates(process, facilitator, publics, items):
    full_catalogue(process, facilitator, publics, items)
    content, *_ = export_actions(process, actor=facilitator, fmt="xlsx")
    sheet = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    assert sheet.headers == HEADERS
    assert sheet[0][8].date() == date(2020, 1, 31)


def test_examples_load_once_and_are_marked(process, facilitator, items):
    assert load_examples(process) == 6
    examples = Action.objects.of_process(process)
    assert examples.count() == 6
    assert all(a.is_example and a.title.startswith("[Exemple] ") for a in examples)
    assert process.target_publics.count() >= 4
    assert Action.priority_items.through.objects.exists()
    assert load_examples(process, actor=facilitator) == 0
    assert examples.count() == 6


def test_examples_load_in_a_process_without_items(facilitator):
    from coprod.testing.factories import ProcessFactory

    empty = ProcessFactory()
    assert load_examples(empty) == 6
    with pytest.raises(PermissionDenied):
        load_examples(empty, actor=facilitator)
