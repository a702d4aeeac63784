"""Open data: JSON and the ZIP of CSV files, without any participant's name."""

import csv
import io
import json
import zipfile

from django.urls import reverse

from coprod.restitution import opendata
from coprod.testing.jobs import job_result
from coprod.testing.scenarios import (
    BUS,
    CONSENTING,
    ITEMS,
    KINDS,
    NAMES,
    ORGANISATIONS,
    REJECTED,
    SHOPS,
)

FILES = {
    "atelier.csv",
    "items.csv",
    "participants.csv",
    "structures.csv",
    "humeur.csv",
    "humeur_mots.csv",
    "propositions.csv",
    "syntheses.csv",
    "votes.csv",
    "actions.csv",
    "temoignages.csv",
    "leviers.csv",
    "orientations.csv",
    "fiches.csv",
    "referents.csv",
    "sequences.csv",
}


def test_json_keys_and_numbers(complete):
    data = opendata.workshop_data(complete.workshop)
    json.dumps(data)  # serialisable as is
    assert data["schema"] == "1"
    assert set(data) == {
        "schema",
        "generated_at",
        "workshop",
        "priority_items",
        "participants",
        "organisations",
        "mood",
        "proposals",
        "syntheses",
        "polls",
        "actions",
        "levers",
        "orientations",
        "sheets",
        "referents",
        "steps",
    }
    w = data["workshop"]
    assert w["place"] == "Salle des fêtes de Marines"
    assert w["date"].startswith("2026-11-26T18:00:00")
    assert w["process"] == complete.workshop.process.title
    assert [i["text"] for i in data["priority_items"]] == ITEMS
    assert sum(i["proposals"] for i in data["priority_items"]) == 5
    assert [p["id"] for p in data["participants"]] == [f"P{i}" for i in range(1, 7)]
    assert [p["organisation_kind"] for p in data["participants"]] == list(KINDS.values())
    assert set(data["participants"][0]) == {"id", "organisation", "organisation_kind"}
    assert {o["organisation"]: o["participants"] for o in data["organisations"]} == {
        org: len(names) for org, names in ORGANISATIONS.items()
    }
    assert data["mood"]["answers"] == 6
    assert {lvl["value"]: lvl["count"] for lvl in data["mood"]["levels"]} == {
        1: 0,
        2: 1,
        3: 1,
        4: 3,
        5: 1,
    }
    assert len(data["proposals"]) == 5
    assert all(p["group"] for p in data["proposals"])
    syntheses = {s["text"]: s for s in data["syntheses"]}
    assert syntheses[BUS]["status"] == "validated"
    assert syntheses[REJECTED]["status"] == "not_validated"
    assert syntheses[SHOPS]["vote"] == {
        "voters": 6,
        "for": 3,
        "live_with": 2,
        "objection": 1,
        "agreeing_percent": 83,
    }
    assert syntheses[REJECTED]["vote"]["objection"] == 4
    [poll] = data["polls"]
    assert poll["title"] == "Nos priorités"
    assert poll["voters"] == 6
    assert [r["rank"] for r in poll["results"]] == [1, 2]
    assert len(data["actions"]) == 2
    witnesses = [t["witness"] for a in data["actions"] for t in a["testimonies"]]
    assert witnesses == ["P6", "T1"]
    assert len(data["levers"]) == 3
    orientation = next(o for o in data["orientations"] if o["subject"] == BUS)
    assert (orientation["voters"], orientation["build_on"], orientation["new"]) == (6, 4, 2)
    assert orientation["decision"] == "build_on"
    assert orientation["actions"] == ["Transport à la demande de Magny"]
    assert [s["table"] for s in data["sheets"]] == [1, 2]
    assert data["sheets"][0]["fields"]["title"] == "Bus des villages"
    assert data["sheets"][0]["fields"]["publics"] == ["Personnes âgées"]
    assert [(r["position"], r["participant"]) for r in data["referents"]] == [
        (1, "P1"),
        (2, "P4"),
    ]
    assert [s["actual_minutes"] for s in data["steps"]] == [12, 25, 5, 20, 15, 10, 10, 40, 20]


def test_hidden_proposals_are_left_out(complete):
    proposal = complete.workshop.proposals.first()
    proposal.hidden = True
    proposal.save()
    data = opendata.workshop_data(complete.workshop)
    assert proposal.text not in [p["text"] for p in data["proposals"]]
    assert len(data["proposals"]) == 4


def test_no_name_anywhere(complete, facilitator_client):
    """Not even the names of those who agreed to be named in the restitution document."""
    assert set(
        complete.workshop.participants.filter(name_consent=True).values_list("name", flat=True)
    ) == set(CONSENTING)
    body = facilitator_client.get(
        reverse("restitution:data_json", args=[complete.workshop.pk])
    ).content
    archive = job_result(
        facilitator_client, reverse("restitution:data_csv", args=[complete.workshop.pk])
    ).content
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        csv_bytes = b"".join(z.read(name) for name in z.namelist())
    for name in [*NAMES, "Gérard Témoin"]:
        for part in name.split():
            if len(part) > 3:  # first names and surnames alone too
                assert part.encode() not in body, part
                assert part.encode() not in csv_bytes, part


def test_csv_zip(complete, facilitator_client):
    response = job_result(
        facilitator_client, reverse("restitution:data_csv", args=[complete.workshop.pk])
    )
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        assert set(z.namelist()) == FILES
        raw = z.read("participants.csv")
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["id", "organisation", "organisation_kind"]
        assert rows[1] == ["P1", "Mairie de Marines", "collectivite"]
        assert rows[3] == ["P3", "Mairie de Marines", ""]
        assert len(rows) == 7
        syntheses = list(
            csv.DictReader(io.StringIO(z.read("syntheses.csv").decode("utf-8-sig")), delimiter=";")
        )
        assert {s["text"]: s["objection"] for s in syntheses}[REJECTED] == "4"


def test_json_download(complete, facilitator_client):
    response = facilitator_client.get(reverse("restitution:data_json", args=[complete.workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content)["schema"] == "1"


def test_strangers_get_no_data(workshop, client, stranger):
    client.force_login(stranger)
    for name in ("restitution:data_json", "restitution:data_csv"):
        assert client.get(reverse(name, args=[workshop.pk])).status_code == 403
