/* coprod phones in the projects and finalisation steps, and the facilitator's sheet page.

   Fields save themselves. The sheet is one form (.sheet-form); each field (.sheet-field) is
   posted alone to its own address (data-save) a moment after the person stops typing, when
   they leave it, or on Enter, from the version it was written on (data-base). Its status says
   in words « Non enregistré », « Enregistrement… », « Enregistré » (a polite live region per
   field). The answer is the field's fragment: its slots (data-notice, data-label, data-meta,
   data-actions) and version are copied, never the control being typed in, so what is typed
   meanwhile stays and is saved next. A conflict (someone saved the field since) shows both
   versions and waits for the person's choice: nothing typed is ever replaced without it.
   Leaving the page with unsaved text sends it and warns. Without fetch (or this script) the
   form's one button sends the whole sheet. The facilitator's answers also carry the sheet's
   progress and the field's history ([data-part]), copied into the page.

   Live values. Every phone receives the same pushed region holding every sheet's current values
   (#phone-sheets, data-sheet/data-field/data-version); the participant's own table's fields are
   brought up to date from it, so no phone re-fetches anything when somebody saves. A field
   nobody is typing in here takes the new value and version at once; a field being typed in
   keeps its text and its base version (its next save meets their version, as a conflict) and a
   note says who saved what. The table's progress and comments are copied from its card above
   the sheet, the other tables' titles into the table list and the comment form; a new table
   (or a seat changed by the facilitator) fetches the personal region again once nothing is
   being typed. */
(function () {
  "use strict";

  var PAUSE = 1000;  // ms without typing before a field saves itself
  var RETRY = 5000;  // ms before trying again when the server did not answer
  var works = !!(window.fetch && window.FormData && Element.prototype.closest &&
                 "content" in document.createElement("template"));

  function texts(box) { return box.querySelectorAll("textarea[name^='value-'], input[type=text][name^='value-']"); }
  function boxes(box) { return box.querySelectorAll("input[type=checkbox][name^='value-']"); }
  function isList(box) { return texts(box).length === 0; }
  // The element that says the status words: the phone's sheet, or the facilitator's page.
  function rootOf(el) { return el.closest("[data-status-saved]"); }
  function fieldOf(el) { return el && el.closest ? el.closest(".sheet-form .sheet-field[data-save]") : null; }

  function value(box) {
    if (!isList(box)) { return texts(box)[0].value; }
    var out = [], c = boxes(box);
    for (var i = 0; i < c.length; i++) { if (c[i].checked) { out.push(c[i].value); } }
    return out;
  }

  // Differs from what was last saved or received here.
  function changed(box) {
    var i, t = texts(box), c = boxes(box);
    for (i = 0; i < t.length; i++) { if (t[i].value !== t[i].defaultValue) { return true; } }
    for (i = 0; i < c.length; i++) { if (c[i].checked !== c[i].defaultChecked) { return true; } }
    return false;
  }

  function touched(box) { return box.classList.contains("has-conflict") || changed(box); }

  function say(box, state) {
    var root = rootOf(box), el = box.querySelector("[data-status]");
    var text = state && root ? root.getAttribute("data-status-" + state) || "" : "";
    box.setAttribute("data-state", state || "");
    if (el && el.textContent !== text) { el.textContent = text; }
  }

  function later(box, delay) {
    clearTimeout(box.coprodTimer);
    box.coprodTimer = setTimeout(function () { save(box); }, delay);
  }

  // --- Saving ----------------------------------------------------------------------------------

  function save(box, how, leaving) {
    clearTimeout(box.coprodTimer);
    if (box.hasAttribute("data-saving")) { box.coprodAgain = true; return; }
    // A conflict waits for the person's choice (how: "mine" or "theirs").
    if (!how && (box.classList.contains("has-conflict") || !changed(box))) { return; }
    var form = box.closest("form"), sent = value(box), data = new FormData();
    var token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    data.append("base_version", box.querySelector("[data-base]").value);
    if (typeof sent === "string") { data.append("value", sent); }
    else { for (var i = 0; i < sent.length; i++) { data.append("value", sent[i]); } }
    if (how === "theirs") { data.append("choice", "theirs"); }
    box.setAttribute("data-saving", "1");
    say(box, "saving");
    fetch(box.getAttribute("data-save"), {
      method: "POST", body: data, credentials: "same-origin", keepalive: !!leaving,
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (html) { answered(box, response.status, html, sent, how); });
    }, function () {
      box.removeAttribute("data-saving");
      say(box, "offline");
      later(box, RETRY);
    });
  }

  function parsed(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content;
  }

  // What else the answer brings (the facilitator's page: the progress, the field's history):
  // each [data-part] replaces the page's element of the same id, an open history staying open.
  function copyParts(answer) {
    var parts = answer.querySelectorAll("[data-part][id]");
    for (var i = 0; i < parts.length; i++) {
      var here = document.getElementById(parts[i].id);
      if (!here || here.innerHTML === parts[i].innerHTML) { continue; }
      var open = here.querySelector("details[open]");
      here.innerHTML = parts[i].innerHTML;
      var details = here.querySelector("details");
      if (open && details) { details.open = true; }
    }
  }

  function copySlots(box, fresh) {
    var slots = ["[data-notice]", "[data-label]", "[data-meta]", "[data-actions]"];
    for (var i = 0; i < slots.length; i++) {
      var here = box.querySelector(slots[i]), there = fresh.querySelector(slots[i]);
      if (here && there && here.innerHTML !== there.innerHTML) { here.innerHTML = there.innerHTML; }
    }
    box.querySelector("[data-base]").value = fresh.querySelector("[data-base]").value;
    box.setAttribute("data-version", fresh.getAttribute("data-version"));
    box.classList.toggle("has-conflict", fresh.classList.contains("has-conflict"));
    var mine = texts(box)[0] || box.querySelector("[data-choices]");
    var theirs = texts(fresh)[0] || fresh.querySelector("[data-choices]");
    if (mine && theirs) {
      ["aria-invalid", "aria-describedby"].forEach(function (name) {
        if (theirs.hasAttribute(name)) { mine.setAttribute(name, theirs.getAttribute(name)); }
        else { mine.removeAttribute(name); }
      });
    }
  }

  // A list field's choices as the answer has them (a conflict may add theirs); `keep`: the
  // values to keep checked (what the person has now), else the answer's.
  function copyChoices(box, fresh, keep) {
    var here = box.querySelector("[data-choices]"), there = fresh.querySelector("[data-choices]");
    if (!here || !there) { return; }
    var focused = here.contains(document.activeElement) ? document.activeElement.id : "";
    here.innerHTML = there.innerHTML;
    var c = boxes(box);
    for (var i = 0; keep && i < c.length; i++) { c[i].checked = keep.indexOf(c[i].value) >= 0; }
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
  }

  function stored(box, sent) {
    var i, t = texts(box), c = boxes(box);
    for (i = 0; i < t.length; i++) { t[i].defaultValue = sent; }
    for (i = 0; i < c.length; i++) { c[i].defaultChecked = sent.indexOf(c[i].value) >= 0; }
  }

  function answered(box, status, html, sent, how) {
    box.removeAttribute("data-saving");
    var answer = parsed(html), fresh = answer.querySelector(".sheet-field");
    if (!fresh) { say(box, "refused"); return; }  // refused (the step is over…): the text stays
    var hadFocus = box.contains(document.activeElement);
    if (status === 200 && how === "theirs") {
      // Chosen by the person: their version replaces what was typed.
      var t = texts(box), f = texts(fresh);
      for (var i = 0; i < t.length && i < f.length; i++) { t[i].value = t[i].defaultValue = f[i].defaultValue; }
      copyChoices(box, fresh, null);
    }
    copySlots(box, fresh);
    copyParts(answer);
    if (status === 200) {
      if (how !== "theirs") { stored(box, sent); }
      box.classList.remove("stale");
      box.removeAttribute("data-seen");
      var note = box.querySelector("[data-stale]");
      if (note) { note.textContent = ""; }
      if (changed(box)) { say(box, "dirty"); later(box, PAUSE); } else { say(box, "saved"); }
    } else {
      // 409: the conflict with both versions; 400: the error. What is typed stays as it is.
      if (isList(box)) { copyChoices(box, fresh, value(box)); }
      say(box, "dirty");
    }
    // The pressed button went with the old slots: the focus goes back to the field.
    if (how && hadFocus && !box.contains(document.activeElement)) {
      var control = texts(box)[0] || boxes(box)[0];
      if (control) { control.focus(); }
    }
    if (box.coprodAgain) {
      box.coprodAgain = false;
      if (!box.classList.contains("has-conflict")) { later(box, 0); }
    }
    sync();
  }

  function fields() { return document.querySelectorAll(".sheet-form .sheet-field[data-save]"); }

  function flush(leaving) {
    var all = fields();
    for (var i = 0; i < all.length; i++) { save(all[i], null, leaving); }
  }

  function unsaved() {
    var all = fields();
    for (var i = 0; i < all.length; i++) {
      if (all[i].hasAttribute("data-saving") || touched(all[i])) { return true; }
    }
    var comment = document.querySelectorAll("#comment-text, #comment-suggestion");
    for (var j = 0; j < comment.length; j++) {
      if (comment[j].value !== comment[j].defaultValue) { return true; }
    }
    return false;
  }

  if (works) {
    document.addEventListener("input", function (e) {
      var box = fieldOf(e.target);
      if (!box) { return; }
      if (box.classList.contains("has-conflict") || changed(box)) {
        say(box, "dirty");
        if (!box.classList.contains("has-conflict")) { later(box, PAUSE); }
      } else {
        clearTimeout(box.coprodTimer);
        say(box, box.getAttribute("data-state") === "dirty" ? "" : box.getAttribute("data-state"));
      }
    });
    // Leaving a text field saves it at once; ticking boxes waits for a pause like typing.
    document.addEventListener("change", function (e) {
      var box = fieldOf(e.target);
      if (box && !isList(box)) { save(box); }
    });
    document.addEventListener("keydown", function (e) {
      var box = fieldOf(e.target);
      if (box && e.key === "Enter" && e.target.type === "text") { e.preventDefault(); save(box); }
    });
    document.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("[data-keep]") : null;
      var box = fieldOf(button);
      if (box) { e.preventDefault(); save(box, button.getAttribute("data-keep")); }
    });
    document.addEventListener("submit", function (e) {
      if (e.target.classList && e.target.classList.contains("sheet-form")) { e.preventDefault(); flush(false); }
    });
    // Taking a seat replaces the sheet: what is typed is sent first.
    document.addEventListener("htmx:beforeRequest", function () { flush(false); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(true); }
    });
    window.addEventListener("beforeunload", function (e) {
      if (!unsaved()) { return; }
      flush(true);
      e.preventDefault();
      e.returnValue = "";
    });
  }

  // --- Live values -----------------------------------------------------------------------------

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
    // Our own save is on its way: its answer updates the field (and sync runs again then).
    if (box.hasAttribute("data-saving")) { return; }
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
      if (box.getAttribute("data-state") === "dirty") { say(box, "saved"); }
      var meta = box.querySelector("[data-meta]");
      if (meta && who.who) { meta.textContent = format(root.getAttribute("data-saved-format"), who); }
    } else if (box.getAttribute("data-seen") !== String(version)) {
      // Keep the base version: the next save must meet their version, as a conflict.
      box.setAttribute("data-seen", String(version));
      box.classList.add("stale");
      if (note) { note.textContent = format(root.getAttribute("data-stale-format"), who); }
    }
  }

  function comments(el) {
    var list = el.querySelector(".sheet-comments");
    return list ? Number(list.getAttribute("data-count")) : 0;
  }

  // The table's progress and comments, as its card in the pushed list says.
  function news(root, region, mine) {
    var here = root.querySelector("[data-my-news]");
    var there = region.querySelector('[data-sheet-card="' + mine + '"] [data-news]');
    if (!here || !there || here.innerHTML === there.innerHTML) { return; }
    var more = comments(there) > comments(here);
    here.innerHTML = there.innerHTML;
    var said = root.querySelector("[data-news-said]");
    if (more && said) { said.textContent = root.getAttribute("data-news-format"); }
  }

  // Other tables' titles as they are typed: the table list and the comment form's choice.
  function retitle(root, cards) {
    for (var i = 0; i < cards.length; i++) {
      var pk = cards[i].getAttribute("data-sheet-card"), title = cards[i].getAttribute("data-title");
      var spans = root.querySelectorAll('[data-table-title="' + pk + '"]');
      for (var j = 0; j < spans.length; j++) { if (spans[j].textContent !== title) { spans[j].textContent = title; } }
      var option = root.querySelector('#comment-sheet option[value="' + pk + '"]');
      var label = cards[i].getAttribute("data-label");
      if (option && option.textContent !== label) { option.textContent = label; }
    }
  }

  function words(text) { return (text || "").split(/\s+/).filter(Boolean).join(" "); }

  /* A new table, or the facilitator seated this participant elsewhere: fetch the personal
     region again, once nothing is being typed or sent here (else at a later push). */
  function refreshIfNeeded(root, cards, mine) {
    var me = " " + root.getAttribute("data-me") + " ", now = "", ids = [];
    for (var i = 0; i < cards.length; i++) {
      ids.push(cards[i].getAttribute("data-sheet-card"));
      if ((cards[i].getAttribute("data-seated") || "").indexOf(me) >= 0) {
        now = cards[i].getAttribute("data-sheet-card");
      }
    }
    var sameTables = words(ids.join(" ")) === words(root.getAttribute("data-tables"));
    if ((now === mine && sameTables) || !root.getAttribute("data-refresh")) { return false; }
    if (unsaved()) { return false; }
    var target = root.closest("[data-personal]");
    // Once per state of the list: a list pushed before the region's own read never loops.
    var news = words(ids.join(" ")) + "|" + now;
    if (!target || target.getAttribute("data-refreshed-for") === news || !window.htmx) { return false; }
    // The participant's own request (taking a seat) is on its way: its answer is the news.
    if (document.querySelector(".htmx-request")) { return false; }
    target.setAttribute("data-refreshed-for", news);
    htmx.ajax("GET", root.getAttribute("data-refresh"), { target: target, swap: "innerHTML" });
    return true;
  }

  function sync() {
    if (works) {
      var forms = document.querySelectorAll(".sheet-form");
      for (var f = 0; f < forms.length; f++) { forms[f].classList.add("autosaves"); }
    }
    var region = document.getElementById("phone-sheets");
    var root = document.querySelector("[data-my-sheet]");
    if (!region) { return; }
    var mine = root ? root.getAttribute("data-my-sheet") : "";
    var cards = region.querySelectorAll("[data-sheet-card]");
    for (var i = 0; i < cards.length; i++) {
      // One's own table is written above: the list shows the other tables.
      cards[i].classList.toggle("mine", cards[i].getAttribute("data-sheet-card") === mine);
    }
    if (!root) { return; }
    retitle(root, cards);
    if (refreshIfNeeded(root, cards, mine)) { return; }
    if (!mine) { return; }
    news(root, region, mine);
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
