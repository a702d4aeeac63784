"""The Content-Security-Policy in Chromium: every page carries it, and none of the pages people
use breaks it (no blocked script, style, socket or image; a `securitypolicyviolation` event is
fired for each one that would be)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || document.location.pathname}:${event.lineNumber})`
  );
});
"""


def watched(context):
    """A page whose CSP violations are recorded, from the console too."""
    page = context.new_page()
    page.add_init_script(LISTEN)
    page.console_messages_seen = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.console_messages_seen.append(message.text)
        ),
    )
    return page


def visit(page, url: str, ready=None) -> str:
    """Open `url`, wait until it is ready, and say what the policy blocked there."""
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
    if ready is not None:
        ready(page)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations") + page.console_messages_seen


def connected(page) -> None:
    expect(page.locator("html")).to_have_attribute("data-live", "connected")


def test_no_page_breaks_the_content_security_policy(server, new_context, facilitator_state):
    url, demo = server.url, server.demo
    workshop, code = demo["workshop"], demo["join_code"]
    found = {}

    phone = watched(new_context("phone"))
    found["join"] = visit(phone, f"{url}/j/{code}/")
    phone.get_by_label("Votre nom").fill("Jeanne Martin")
    phone.get_by_label("J'ai lu les règles du jeu et je les accepte.").check()
    phone.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(phone).to_have_url(re.compile(rf"/p/{workshop}/$"))
    found["phone"] = visit(phone, f"{url}/p/{workshop}/", connected)

    laptop = watched(new_context("laptop", storage_state=facilitator_state))
    found["workshop"] = visit(laptop, f"{url}/ateliers/{workshop}/")
    found["poster"] = visit(laptop, f"{url}/ateliers/{workshop}/affiche/a4/")
    for part in ("deroule", "propositions", "groupes", "fiches", "restitution"):
        found[part] = visit(laptop, f"{url}/ateliers/{workshop}/{part}/")
    found["console"] = visit(laptop, f"{url}/animer/{workshop}/", connected)
    found["board"] = visit(laptop, f"{url}/tableau/{workshop}/", connected)
    # The board's corner is swapped in by htmx (a code or registration change): still clean.
    laptop.evaluate("htmx.trigger(document.getElementById('board-join'), 'coprod:join-changed')")
    laptop.wait_for_load_state("networkidle")
    found["board"] += laptop.evaluate("window.__cspViolations")
    found["slides"] = visit(laptop, f"{url}/ateliers/{workshop}/restitution/diaporama/")
    expect(laptop.locator("html.js")).to_have_count(1)  # its inline script ran (nonce)

    visitor = watched(new_context("laptop"))
    found["admin login"] = visit(visitor, f"{url}/admin/login/")
    found["API docs"] = visit(
        visitor,
        f"{url}/api/v1/docs",
        lambda page: expect(page.locator(".opblock").first).to_be_visible(),
    )
    assert {page: blocked for page, blocked in found.items() if blocked} == {}
