"""A phone page kept up to date the way htmx keeps it, without a browser: frames pushed to the
participant audience (`live.regions.render`) are swapped in out of band, `hx-preserve` keeps
what the phone already has, and each element that loads itself (`hx-trigger="load"`: a new
personal region, a part to re-read) fetches its content with the phone's own session.

Only the htmx behaviour the phone page uses is modelled (innerHTML / outerHTML swaps,
`hx-select`, `hx-preserve`, `closest .personal` or an id as a form's target); sheets.js (which updates the phone's own sheet
fields from the pushed sheets) is not.
"""

import re

import lxml.html
from django.urls import reverse

from coprod.live import regions

from .test_phone_shell import PER_REQUEST as SHELL_PER_REQUEST

LOADED = "data-sim-loaded"
# What the phone's own answer says once (« Merci, … enregistré »): a fresh load never shows it.
ONCE = "data-sim-once"
# What differs between two reads of the same state (as for the page shell), and the seconds
# left of a paused timer.
PER_REQUEST = [*SHELL_PER_REQUEST, (r'(data-remaining=)"[^"]*"', r"\1REMAINING")]
# Attributes that only say "fetch me": once fetched, the part is what an inline render shows.
LOADER = ("hx-get", "hx-trigger", "hx-select", "hx-swap", LOADED)


class Phone:
    def __init__(self, client, workshop_id: int, language: str = "fr"):
        self.client, self.workshop_id, self.language = client, workshop_id, language
        self.doc = None

    # --- Reading ----------------------------------------------------------------------------

    def fresh(self):
        """The phone page as a new load shows it, its self-loading parts loaded."""
        response = self.client.get(reverse("live:phone", args=[self.workshop_id]))
        assert response.status_code == 200, response.status_code
        doc = lxml.html.document_fromstring(response.content.decode())
        self._load_all(doc)
        return doc

    def open(self) -> "Phone":
        self.doc = self.fresh()
        return self

    def text(self) -> str:
        return " ".join(self.doc.body.text_content().split())

    # --- What the server pushes and answers --------------------------------------------------

    def push(self, event_types: list[str]) -> None:
        """The frame one flush of these events sends to this phone's audience, if any."""
        rendered = regions.render(self.workshop_id, event_types, {("participant", self.language)})
        frame = rendered.get(("participant", self.language))
        if frame:
            for swap in lxml.html.fragments_fromstring(frame):
                self._swap_oob(swap)
            self._load_all(self.doc)

    def answer(self, url: str, data: dict) -> None:
        """The phone's own htmx POST from its personal region: the answer goes where the
        form's hx-target says (a vote's own section, by id and outerHTML), else it replaces
        the region (`closest .personal`)."""
        response = self.client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 200, (url, response.content.decode())
        (personal,) = self.doc.find_class("personal")
        form = next(iter(personal.xpath(".//form[@hx-post=$url]", url=url)), None)
        target = form.get("hx-target", "") if form is not None else ""
        section = _by_id(self.doc, target[1:]) if target.startswith("#") else None
        if section is not None and form.get("hx-swap") == "outerHTML":
            (new,) = lxml.html.fragments_fromstring(response.content.decode())
            new.tail = section.tail
            section.getparent().replace(section, new)
        else:
            _set_inner(personal, response.content.decode())
        # What a re-read of the same region does not say is the answer's own confirmation.
        again = self.client.get(reverse("live:phone_me", args=[self.workshop_id]))
        lasting = {
            " ".join(el.text_content().split())
            for el in lxml.html.fragment_fromstring(
                again.content.decode(), create_parent="div"
            ).xpath(".//*[@role='status']")
        }
        for said in personal.xpath(".//*[@role='status']"):
            if " ".join(said.text_content().split()) not in lasting:
                said.set(ONCE, "1")
        self._load_all(self.doc)

    def _swap_oob(self, new) -> None:
        how = new.attrib.pop("hx-swap-oob", "outerHTML")
        target = _by_id(self.doc, new.get("id"))
        if target is None:
            return  # htmx ignores a swap whose target this page does not have
        _keep_preserved(self.doc, new)
        if how == "innerHTML":
            target[:] = list(new)
            target.text = new.text
        else:
            new.tail = target.tail
            target.getparent().replace(target, new)

    def _load_all(self, doc) -> None:
        while True:
            pending = [
                el
                for el in doc.iter()
                if isinstance(el.tag, str)
                and "load" in el.get("hx-trigger", "")
                and el.get("hx-get")
                and el.get(LOADED) is None
            ]
            if not pending:
                return
            for el in pending:
                self._load(el)

    def _load(self, el) -> None:
        el.set(LOADED, "1")
        response = self.client.get(el.get("hx-get"), headers={"HX-Request": "true"})
        assert response.status_code == 200, (el.get("hx-get"), response.status_code)
        body = response.content.decode()
        selector = el.get("hx-select")
        if selector:
            assert selector.startswith("#"), selector
            found = _by_id(lxml.html.fragment_fromstring(body, create_parent="div"), selector[1:])
            body = lxml.html.tostring(found, encoding="unicode") if found is not None else ""
        if el.get("hx-swap", "innerHTML") == "outerHTML":
            parent = el.getparent()
            replacement = lxml.html.fragments_fromstring(body) if body.strip() else []
            index = parent.index(el)
            tail = el.tail
            parent.remove(el)
            for offset, node in enumerate(x for x in replacement if not isinstance(x, str)):
                parent.insert(index + offset, node)
            if replacement and not isinstance(replacement[-1], str):
                replacement[-1].tail = (replacement[-1].tail or "") + (tail or "")
        else:
            _set_inner(el, body)


def comparable(doc) -> str:
    """The page's body as a person sees it and htmx holds it, per-request values masked."""
    body = lxml.html.fromstring(lxml.html.tostring(doc.body, encoding="unicode"))
    for el in body.iter():
        if isinstance(el.tag, str) and "load" in el.get("hx-trigger", ""):
            for name in LOADER:
                el.attrib.pop(name, None)
    for said in body.xpath(f"//*[@{ONCE}]"):
        said.drop_tree()
    # htmx sends the token in a header (the page's hx-headers): pushed forms go without it.
    for token in body.xpath("//input[@name='csrfmiddlewaretoken']"):
        token.drop_tree()
    for announce in body.xpath("//*[@aria-live]"):
        announce.text = ""  # what a screen reader heard of the change, not the page's state
        announce[:] = []
    html = lxml.html.tostring(body, encoding="unicode")
    for pattern, replacement in PER_REQUEST:
        html = re.sub(pattern, replacement, html)
    html = re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html))
    return html.replace("><", ">\n<")  # one tag a line: a difference reads as a diff


def _by_id(root, element_id):
    if not element_id:
        return None
    found = root.xpath("//*[@id=$id]", id=element_id) if root.getroottree() else []
    return found[0] if found else None


def _keep_preserved(doc, new) -> None:
    """htmx's hx-preserve: an element of the new content whose id the page already has stays
    as the page has it (typed text, focus)."""
    for candidate in list(new.iter()):
        if not isinstance(candidate.tag, str) or candidate.get("hx-preserve") is None:
            continue
        old = _by_id(doc, candidate.get("id"))
        if old is not None and old is not candidate:
            tail = candidate.tail
            candidate.getparent().replace(candidate, old)
            old.tail = tail


def _set_inner(el, html: str) -> None:
    for child in list(el):
        el.remove(child)
    holder = lxml.html.fragment_fromstring(html or "", create_parent="div")
    el.text = holder.text
    for child in list(holder):
        el.append(child)
