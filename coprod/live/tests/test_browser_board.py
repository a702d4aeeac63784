"""End to end, issue 17 item 1: the board fits the projector at every step of the seed workshop,
with the volumes of a full hall (`board_volumes`: 30 participants, 40 proposals, 8 groups with
syntheses, testimonies, 12 levers, orientations, 6 filled sheets with critiques), at 1920×1080
and at 1280×720.

At every step and size: the page does not scroll either way, every text shown lies inside the
screen and is at least the readable minimum (1/45 of the screen's height: 24 px at 1080p), the
join corner stays in view, and axe-core finds nothing. When a step takes several pages, « 1 / N »
shows, the facilitator's keys turn the pages, every unit is on exactly one page, a pushed change
keeps the page on screen, and the rotation turns by itself (on Playwright's clock) unless paused.
Screenshots of every step at both sizes go to test-artifacts/board-*.png.
"""

import json
import subprocess
import urllib.request

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

from .test_browser import PUSH, STEP_1, STEP_2, STEP_3, STEP_4

pytestmark = pytest.mark.browser

SIZES = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}
SEED = "from coprod.live.tests import board_volumes as v; v.{name}({workshop})"
ROTATE_MS = 15_000
NEW_PROPOSAL = "Un panneau à la mairie avec les horaires de tous les cars"

# (screenshot name, seeding done before, step title, what the board must show meanwhile)
STATES = [
    ("1-charter", ["people"], STEP_1, (".charter li", 6)),
    ("2-round-table", ["next_step"], STEP_2, (".roster li", 8)),
    ("3-mood", ["next_step", "moods"], STEP_3, (".bars li", 5)),
    ("4-proposals", ["next_step", "proposals_sent"], STEP_4, (".proposals li", 40)),
    ("4-groups", ["grouped"], STEP_4, ("section.validated li", 5)),
    (
        "5-existing-actions",
        ["next_step", "presented"],
        "Expériences et actions déjà existantes",
        (".testimony-card", 2),
    ),
    ("6-levers", ["next_step", "levers"], "Conjonctures favorables", (".levers li", 12)),
    (
        "7-orientation",
        ["next_step", "oriented"],
        "Supports ou nouveau ?",
        (".orientation-result", 5),
    ),
    (
        "8-projects",
        ["next_step", "projects"],
        "Construction des projets",
        (".sheet-row .critiques", 6),
    ),
    (
        "9-finalisation",
        ["next_step", "finalised"],
        "Finalisation et préparation de la restitution",
        (".final-sheet", 6),
    ),
    ("10-ended", ["ended"], "L'atelier est terminé", ("section.validated li", 5)),
]

MEASURE = """() => {
  const min = Math.min(innerHeight / 45, innerWidth / 80);
  const doc = document.documentElement;
  const small = [], outside = [];
  for (const el of document.querySelectorAll("#board-live *, #board-join *, #board-pager *")) {
    if (el.closest(".visually-hidden, [hidden]")) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!text || !box.width || !box.height) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const what = el.tagName + " " + el.textContent.trim().slice(0, 40);
    if (size < min - 0.5) small.push(what + " " + size + "px");
    if (box.bottom > innerHeight + 1 || box.right > innerWidth + 1 || box.top < -1 || box.left < -1)
      outside.push(what);
  }
  const join = document.getElementById("board-join").getBoundingClientRect();
  // The smallest units (a group's proposals, not the group): each on exactly one page.
  const all = "[data-board-item], .roster > li, .charter > li";
  const units = [...document.querySelectorAll("#board-live " + all)].filter(u => !u.querySelector(all));
  const pager = document.getElementById("board-pager");
  return {
    min, scrollHeight: doc.scrollHeight, scrollWidth: doc.scrollWidth, innerHeight, innerWidth,
    small, outside, joinInView: join.top >= 0 && join.bottom <= innerHeight && join.height > 100,
    units: units.length,
    shown: units.filter(u => !u.closest("[hidden]")).map(u => u.getAttribute("data-board-item") || u.textContent.trim().slice(0, 60)),
    pager: pager.hidden ? "" : pager.querySelector(".pager-short").textContent,
    pagerLabel: pager.hidden ? "" : pager.querySelector(".pager-label").textContent,
    listFont: Math.min(...[...document.querySelectorAll("#board-live li")].filter(li => !li.closest("[hidden]"))
      .map(li => parseFloat(getComputedStyle(li).fontSize))),
  };
}"""


def seed(server, workshop: int, names: list[str]) -> None:
    for name in names:
        try:
            server.servers.manage("shell", "-c", SEED.format(name=name, workshop=workshop))
        except subprocess.CalledProcessError as failed:
            raise AssertionError(f"seeding {name}: {failed.stderr}") from None


def fitted(page) -> dict:
    expect(page.locator("html")).to_have_attribute("data-board-fit", "done", timeout=PUSH)
    return page.evaluate(MEASURE)


def resize(page, size: str) -> dict:
    if page.viewport_size != SIZES[size]:
        page.evaluate("document.documentElement.removeAttribute('data-board-fit')")
        page.set_viewport_size(SIZES[size])
    return fitted(page)


def assert_fits(m: dict, what: str, page_no: int = 1) -> None:
    assert m["scrollHeight"] <= m["innerHeight"], f"{what}: the page scrolls down ({m})"
    assert m["scrollWidth"] <= m["innerWidth"], f"{what}: the page scrolls sideways ({m})"
    assert not m["outside"], f"{what}: text off the screen: {m['outside']}"
    assert not m["small"], f"{what}: text under {m['min']:.1f}px: {m['small']}"
    assert m["listFont"] >= m["min"] - 0.5, f"{what}: list items at {m['listFont']}px"
    assert m["joinInView"], f"{what}: the join corner is not on the screen"
    if m["units"] > len(m["shown"]):
        total = m["pager"].split(" / ")[-1]
        assert m["pager"] == f"{page_no} / {total}" and total.isdigit() and int(total) > 1, (
            f"{what}: units left out and no page indicator ({m})"
        )
    else:
        assert m["pager"] == "", f"{what}: a page indicator though everything fits"


def walk_pages(page, m: dict, what: str) -> int:
    """Turn every page with the keys: each unit shows on exactly one page; back to page 1."""
    total = int(m["pager"].split(" / ")[1])
    seen = list(m["shown"])
    for n in range(2, total + 1):
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
        expect(page.locator("#board-pager .pager-short")).to_have_text(f"{n} / {total}")
        now = page.evaluate(MEASURE)
        assert_fits(now, f"{what}, page {n}", page_no=n)
        assert now["pagerLabel"] == f"Page {n} sur {total}"
        seen += now["shown"]
    assert len(seen) == m["units"] and len(set(seen)) == m["units"], f"{what}: {seen}"
    page.keyboard.press("ArrowRight")  # wraps round
    expect(page.locator("#board-pager .pager-short")).to_have_text(f"1 / {total}")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#board-pager .pager-short")).to_have_text(f"{total} / {total}")
    page.keyboard.press("Home")
    expect(page.locator("#board-pager .pager-short")).to_have_text(f"1 / {total}")
    return total


def test_the_board_fits_the_projector_at_every_step(server, new_context, facilitator_state):
    workshop = server.demo["workshop"]
    board = new_context("board", storage_state=facilitator_state).new_page()
    board.clock.install()
    paged = {}
    for name, steps, title, (selector, count) in STATES:
        # Written by another process (the in-memory channel layer does not carry its events
        # here): the board loads afresh, and fits on load; pushes are checked on their own.
        seed(server, workshop, steps)
        board.goto(f"{server.url}/tableau/{workshop}/")
        expect(board.locator("html")).to_have_attribute("data-live", "connected")
        expect(board.locator("#board-live h1")).to_have_text(title, timeout=PUSH)
        expect(board.locator(f"#board-live {selector}")).to_have_count(count, timeout=PUSH)
        for size in ("1080p", "720p"):
            what = f"{name} at {size}"
            m = resize(board, size)
            screenshot(board, f"board-{name}-{size}", animations="disabled")
            assert_fits(m, what)
            if m["pager"]:
                paged[what] = walk_pages(board, m, what)
        expect(board.locator("#board-live.board-turning")).to_have_count(0)  # faded in
        assert_accessible(board, f"board, {name}")
        resize(board, "1080p")
        if name == "4-proposals":
            check_pages_survive_a_push(server, board, workshop)
    # The volumes of a full hall do not fit on one screen: these steps page.
    assert {"4-proposals at 720p", "9-finalisation at 1080p"} <= paged.keys(), paged
    print(json.dumps(paged))


def check_pages_survive_a_push(server, board, workshop: int) -> None:
    """At the proposals step, paused on page 2: a new proposal arrives (pushed, re-fitted) and
    the room stays on page 2. Resumed, the rotation turns one page after 15 s; paused again with
    Space, it stays put however long."""
    board.set_viewport_size(SIZES["720p"])
    expect(board.locator("#board-pager")).to_be_visible(timeout=PUSH)
    short = board.locator("#board-pager .pager-short")
    state = board.locator("#board-pager .pager-state")
    board.keyboard.press("PageDown")
    board.keyboard.press(" ")
    expect(state).to_have_text("défilement en pause")
    second = board.evaluate(MEASURE)["shown"]
    token = server.servers.manage("token", server.demo["facilitator"]).strip()
    request = urllib.request.Request(  # noqa: S310 (our own http:// server)
        f"{server.url}/api/v1/workshops/{workshop}/proposals",
        data=json.dumps({"text": NEW_PROPOSAL}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 201
    expect(board.locator("#board-live .proposals li", has_text=NEW_PROPOSAL)).to_have_count(1)
    after = fitted(board)
    total = int(after["pager"].split(" / ")[1])
    assert after["pager"] == f"2 / {total}", after["pager"]
    assert set(second) & set(after["shown"]), "the push sent the room away from its page"

    board.keyboard.press(" ")
    expect(state).to_have_text("les pages défilent toutes les 15 secondes")
    board.clock.run_for(ROTATE_MS + 500)
    expect(short).to_have_text(f"{3 if total > 2 else 1} / {total}")
    board.keyboard.press(" ")
    expect(state).to_have_text("défilement en pause")
    stopped = short.inner_text()
    board.clock.run_for(3 * ROTATE_MS)
    expect(short).to_have_text(stopped)
    board.keyboard.press(" ")
    board.keyboard.press("Home")
    board.set_viewport_size(SIZES["1080p"])
