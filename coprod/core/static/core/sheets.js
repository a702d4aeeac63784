/* coprod phones in the projects and finalisation steps. Every phone receives the same pushed
   region holding every sheet's current values (#phone-sheets, data-sheet/data-field/
   data-version); here the participant's own table's fields are brought up to date from it, so
   no phone re-fetches anything when somebody saves.
   A field nobody is typing in here takes the new value and version at once. A field being typed
   in (or showing a conflict) keeps its text: a note says who saved what meanwhile, and saving it
   answers the conflict with both versions. Nothing typed is ever replaced. */
(function () {
  "use strict";

  function texts(box) { return box.querySelectorAll("textarea[name=value], input[type=text][name=value]"); }
  function boxes(box) { return box.querySelectorAll("input[type=checkbox][name=value]"); }

  function touched(box) {
    if (box.classList.contains("has-conflict")) { return true; }
    var i, t = texts(box), c = boxes(box);
    for (i = 0; i < t.length; i++) { if (t[i].value !== t[i].defaultValue) { return true; } }
    for (i = 0; i < c.length; i++) { if (c[i].checked !== c[i].defaultChecked) { return true; } }
    return false;
  }

  function holds(box, text, ids) {
    var i, t = texts(box), c = boxes(box);
    if (ids) {
      for (i = 0; i < c.length; i++) { if (c[i].checked !== (ids.indexOf(c[i].value) >= 0)) { return false; } }
      return c.length > 0 || ids.length === 0;
    }
    return t.length > 0 && t[0].value.replace(/\s+$/, "") === text;
  }

  function format(pattern, values) {
    return (pattern || "").replace(/\{(\w+)\}/g, function (_m, key) { return values[key] || ""; });
  }

  function apply(root, box, src) {
    var version = Number(src.getAttribute("data-version"));
    if (!(version > Number(box.getAttribute("data-version")))) { return; }
    // Our own save is on its way: its answer replaces the field (and sync runs again then).
    if (box.querySelector("form.htmx-request")) { return; }
    var ids = src.hasAttribute("data-ids") ? (src.getAttribute("data-ids") ? src.getAttribute("data-ids").split(",") : []) : null;
    var text = ids ? null : src.textContent;
    var who = { who: src.getAttribute("data-author"), at: src.getAttribute("data-at"),
                value: ids ? src.textContent : text };
    var note = box.querySelector("[data-stale]");
    if (!touched(box) || (!box.classList.contains("has-conflict") && holds(box, text, ids))) {
      var i, t = texts(box), c = boxes(box);
      for (i = 0; i < t.length; i++) { t[i].defaultValue = text; t[i].value = text; }
      for (i = 0; i < c.length; i++) {
        c[i].defaultChecked = c[i].checked = ids.indexOf(c[i].value) >= 0;
      }
      box.querySelector("[data-base]").value = String(version);
      box.setAttribute("data-version", String(version));
      box.classList.remove("stale");
      if (note) { note.textContent = ""; }
      var meta = box.querySelector("[data-meta]");
      if (meta && who.who) { meta.textContent = format(root.getAttribute("data-saved-format"), who); }
    } else if (box.getAttribute("data-seen") !== String(version)) {
      // Keep the base version: the next save must meet their version, as a conflict.
      box.setAttribute("data-seen", String(version));
      box.classList.add("stale");
      if (note) { note.textContent = format(root.getAttribute("data-stale-format"), who); }
    }
  }

  /* The facilitator moved this participant to another table (or seated them): fetch their
     panel again, unless they are typing (then at the next push after they save). */
  function movedElsewhere(root, cards, mine) {
    var me = " " + root.getAttribute("data-me") + " ", now = "";
    for (var i = 0; i < cards.length; i++) {
      if ((cards[i].getAttribute("data-seated") || "").indexOf(me) >= 0) {
        now = cards[i].getAttribute("data-sheet-card");
      }
    }
    if (now === mine || !root.getAttribute("data-refresh")) { return false; }
    var fields = root.querySelectorAll(".sheet-field");
    for (var j = 0; j < fields.length; j++) { if (touched(fields[j])) { return false; } }
    var target = root.closest("[data-personal]");
    if (!target || root.getAttribute("data-refreshing")) { return false; }
    // The participant's own request (taking a seat) is on its way: its answer is the news.
    if (document.querySelector(".htmx-request")) { return false; }
    root.setAttribute("data-refreshing", "1");
    htmx.ajax("GET", root.getAttribute("data-refresh"), { target: target, swap: "innerHTML" });
    return true;
  }

  function sync() {
    var region = document.getElementById("phone-sheets");
    var root = document.querySelector("[data-my-sheet]");
    if (!region) { return; }
    var mine = root ? root.getAttribute("data-my-sheet") : "";
    var cards = region.querySelectorAll("[data-sheet-card]");
    for (var i = 0; i < cards.length; i++) {
      // One's own table is written above: the list shows the other tables.
      cards[i].classList.toggle("mine", cards[i].getAttribute("data-sheet-card") === mine);
    }
    if (root && movedElsewhere(root, cards, mine)) { return; }
    if (!mine) { return; }
    var values = region.querySelectorAll('.value[data-sheet="' + mine + '"]');
    for (var j = 0; j < values.length; j++) {
      var box = root.querySelector('.sheet-field[data-field="' + values[j].getAttribute("data-field") + '"]');
      if (box) { apply(root, box, values[j]); }
    }
  }

  document.addEventListener("htmx:oobAfterSwap", sync);
  document.addEventListener("htmx:afterSettle", sync);
  document.addEventListener("DOMContentLoaded", sync);
})();
