"""A process's open data: every workshop's data with pseudonyms unique in the process, the
priority items and the cross-workshop links; never a participant's name."""

import csv
import io
import json
import zipfile

import pytest

from coprod.participants.models import Participant
from coprod.restitution import opendata_process
from coprod.testing.process_scenario import BIKES, BUS, EXTRA_NAMES, run_process
from coprod.testing.scenarios import ITEMS, NAMES


@pytest.fixture
def run(complete):
    return run_process(complete)


def read_zip(data: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {
        name: list(
            csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";")
        )
        for name in archive.namelist()
    }


def test_no_name_even_of_people_who_consented(run):
    """Consent covers the restitution documents, not the open data."""
    Participant.objects.filter(workshop__process=run.process).update(name_consent=True)
    text = json.dumps(opendata_process.process_data(run.process), ensure_ascii=False)
    archive = zipfile.ZipFile(io.BytesIO(opendata_process.process_csv(run.process)))
    text += "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for name in NAMES + EXTRA_NAMES:
        assert name not in text
    assert "Gérard Témoin" not in text  # a witness who is not a participant


def test_workshops_in_order_with_unique_pseudonyms(run):
    data = opendata_process.process_data(run.process)
    assert data["process"]["workshops"] == 3
    workshops = data["workshops"]
    assert [w["number"] for w in workshops] == [1, 2, 3]
    assert [w["workshop"]["title"] for w in workshops] == [w.title for w in run.workshops]
    people = [p["id"] for w in workshops for p in w["participants"]]
    assert len(people) == 2 + 6 + 3 == len(set(people))
    assert people[:3] == ["A1-P1", "A1-P2", "A2-P1"]
    for workshop in workshops:
        prefix = f"A{workshop['number']}-"
        ids = {p["id"] for p in workshop["participants"]}
        assert {r["participant"] for r in workshop["referents"]} <= ids
        assert all(r["participant"].startswith(prefix) for r in workshop["referents"])
        assert all("name" not in p for p in workshop["participants"])
    witnesses = [t["witness"] for a in workshops[1]["actions"] for t in a["testimonies"]]
    assert witnesses == ["A2-P6", "A2-T1"]


def test_priority_items_and_links(run):
    data = opendata_process.process_data(run.process)
    assert [(i["text"], i["workshops"], i["syntheses"], i["validated"], i["projects"])
            for i in data["priority_items"]] == [
        (ITEMS[0], [1, 2, 3], 5, 3, 2),
        (ITEMS[1], [1, 2, 3], 4, 4, 3),
    ]  # fmt: skip
    transport = data["crossview"][0]
    assert transport["priority_item"] == data["priority_items"][0]["id"]
    bus = next(s for s in transport["syntheses"] if s["text"] == BUS)
    assert (bus["workshop"], bus["status"], bus["proposals_on_item"], bus["proposals"]) == (
        2, "validated", 1, 2,
    )  # fmt: skip
    assert bus["projects"] == [{"workshop": 2, "table": 1, "title": "Bus des villages"}]


def test_csv_zip(run):
    files = read_zip(opendata_process.process_csv(run.process))
    assert {"demarche.csv", "demarche_items.csv", "demarche_liens.csv"} <= set(files)
    assert files["demarche.csv"][0]["workshops"] == "3"
    assert [r["atelier"] for r in files["atelier.csv"]] == ["1", "2", "3"]
    assert len(files["participants.csv"]) == 11
    assert {r["atelier"] for r in files["participants.csv"]} == {"1", "2", "3"}
    links = files["demarche_liens.csv"]
    bikes = [r for r in links if r["synthesis_text"] == BIKES]
    assert [(r["workshop"], r["project_table"], r["project_title"]) for r in bikes] == [
        ("3", "2", BIKES)
    ]
    # 5 + 4 syntheses under the two items; BUS, with its project, under both.
    assert len(links) == 9
    items = {r["text"]: r for r in files["demarche_items.csv"]}
    assert items[ITEMS[1]]["projects"] == "3"
    assert items[ITEMS[1]]["workshops"] == "1 | 2 | 3"
