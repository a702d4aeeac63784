"""Phones are never stale: after every event of a whole workshop, a phone that only got what
was pushed to it (and re-read what its page re-reads) shows what a fresh load of its page
shows."""

import difflib

import pytest

from coprod.testing.room import room_of

from .phone_sim import Phone, comparable

pytestmark = pytest.mark.django_db

# After these two the simulated phone differs from a reload only because the simulation does
# not run sheets.js, which does the rest in the browser: it re-reads the phone's own region when
# the pushed list of tables differs (« L'animateur prépare les tables » then goes; checked in
# Chromium by test_browser_sheets.py::test_tables_then_the_priority_vote_never_take_the_sheet_away)
# and copies another table's new title into the comment form (sheets.js `retitle`).
SHEETS_PANEL = {"the tables prepared", "a field saved at the other table"}

# What the phone must show after these actions of the room (and did not, before issue 17).
SEEN = {
    "one of mine hidden": ("Déjà envoyées Un minibus le jeudi", "Une épicerie itinérante —"),
    "one of mine re-linked": ("Un minibus le jeudi — Les services de proximité", ""),
    "my objection answered": (
        "votre objection sur « Des transports pour les villages » : « Le financement est prévu. »",
        "",
    ),
    "Karim testifies": ("Témoins : 1 sur 2", "Témoins : 0 sur 2"),
    "a witness without a phone": ("Cette action a déjà ses 2 témoins", "Témoins : 1 sur 2"),
    "the referents designated": ("Vous faites partie du duo de référents", ""),
    "the restitution published": ("Lire la restitution publiée de l'atelier", ""),
}


def test_after_every_event_the_phone_equals_a_fresh_load(
    client, workshop, facilitator, django_capture_on_commit_callbacks
):
    phone = Phone(client, workshop.pk)
    room = room_of(workshop, facilitator, client, django_capture_on_commit_callbacks, phone)
    phone.open()
    stale = []
    for what, action in room.actions():
        published = room.run(action)
        phone.push(published)
        if what in SEEN:
            shown, gone = SEEN[what]
            assert shown in phone.text(), what
            assert not gone or gone not in phone.text(), what
        fresh = phone.fresh()
        shown, expected = comparable(phone.doc), comparable(fresh)
        if shown != expected:
            if what not in SHEETS_PANEL:
                diff = difflib.unified_diff(
                    expected.splitlines(), shown.splitlines(), "fresh", "phone", n=1, lineterm=""
                )
                stale.append(f"after « {what} » {published}:\n" + "\n".join(diff))
            phone.doc = fresh  # go on from what the phone would show after a reload
    assert not stale, "\n\n".join(stale)
