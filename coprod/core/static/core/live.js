/* coprod live pages: countdowns from an absolute end time, and a full re-fetch of every live
   region whenever the WebSocket (re)opens, so a dropped connection or a restart loses nothing. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function format(seconds) {
    var sign = seconds < 0 ? "−" : "";
    var s = Math.abs(Math.round(seconds));
    return sign + pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }

  /* Phones' clocks drift: the server stamps its own time on each timer and we keep the offset. */
  function tick() {
    var timers = document.querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      if (!el.dataset.skew) {
        el.dataset.skew = String(Date.parse(el.dataset.serverNow) - Date.now());
      }
      var left;
      if (el.dataset.endsAt) {
        left = (Date.parse(el.dataset.endsAt) - (Date.now() + Number(el.dataset.skew))) / 1000;
      } else {
        left = Number(el.dataset.remaining || 0);
      }
      var text = format(left);
      var out = el.querySelector("[data-timer-text]") || el;
      if (out.textContent !== text) { out.textContent = text; }
      el.classList.toggle("overrun", left < 0);
      el.classList.toggle("ending", left >= 0 && left <= 60);
    }
  }

  var opened = false;
  document.addEventListener("htmx:wsOpen", function () {
    document.documentElement.dataset.live = "connected";
    // The first open follows the page load; later ones follow a reconnection: re-fetch.
    if (opened) { htmx.trigger(document.body, "coprod:resync"); }
    opened = true;
  });
  document.addEventListener("htmx:wsClose", function () {
    document.documentElement.dataset.live = "disconnected";
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      // Reconnect quickly in a hall (a server restart, a phone waking up), then back off.
      htmx.config.wsReconnectDelay = function (retry) {
        return Math.min(500 * Math.pow(2, retry), 8000) * (0.5 + Math.random() / 2);
      };
    }
    tick();
    setInterval(tick, 1000);
  });
  /* Nothing is lost silently: a request that did not reach the server, or failed there, says so. */
  function showNetStatus(kind) {
    var el = document.getElementById("net-status");
    if (el) { el.textContent = kind ? el.dataset[kind] : ""; }
  }
  document.addEventListener("htmx:sendError", function () { showNetStatus("sendError"); });
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (status >= 500) { showNetStatus("serverError"); }
    // Refused before any view (coprod.core.middleware): the form stays as typed, say why.
    if (status === 400 && xhr.getResponseHeader("HX-Reswap") === "none") {
      var el = document.getElementById("net-status");
      if (el) { el.textContent = xhr.responseText; }
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) { showNetStatus(""); }
  });

  /* A pushed region replaces the control a keyboard user is on (the facilitator's "next step"):
     htmx keeps the focus for its own swaps, not for out-of-band ones, so put it back by id. */
  var refocus = null;
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    var active = document.activeElement;
    refocus = active && active.id && e.detail.target.contains(active) ? active.id : null;
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!refocus) { return; }
    var el = document.getElementById(refocus);
    refocus = null;
    if (el && el !== document.activeElement) { el.focus({ preventScroll: true }); }
  });

  /* A form marked data-keep-draft (a testimony about the action on screen) survives a pushed
     region that no longer shows it (the facilitator moved on): once something is typed, it
     stays above the new region, still posting about what it was written for. Its answer then
     takes the place of the region's personal panel. */
  var drafts = [];
  function typedIn(form) {
    // A refused form came back with its text as the page's own: still not saved, keep it.
    var refused = !!form.querySelector(".error");
    return Array.prototype.some.call(form.querySelectorAll("textarea, input[type=text]"),
      function (field) {
        return field.value.trim() !== field.defaultValue.trim() || (refused && field.value.trim());
      });
  }
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    drafts = Array.prototype.filter.call(
      e.detail.target.querySelectorAll("form[data-keep-draft]"), typedIn);
  });
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    var kept = drafts;
    drafts = [];
    var region = e.detail.target.querySelector(".personal");
    kept.forEach(function (form) {
      var key = form.getAttribute("data-keep-draft");
      if (!region || e.detail.target.querySelector('form[data-keep-draft="' + key + '"]')) { return; }
      var box = document.createElement("section");
      box.className = "personal draft card";
      var note = document.createElement("p");
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-draft-note") || "";
      box.appendChild(note);
      box.appendChild(form);
      region.parentNode.insertBefore(box, region);
      htmx.process(form);
    });
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var box = e.detail.target;
    if (!box.classList || !box.classList.contains("draft")) { return; }
    var region = box.parentNode && box.parentNode.querySelector(".personal:not(.draft)");
    // Refused again (a field, or the step is over): it stays in its box, the region untouched.
    if (region && !box.querySelector("form[data-keep-draft] .error, form[data-keep-draft] [aria-invalid=true]")) {
      while (region.firstChild) { region.removeChild(region.firstChild); }
      while (box.firstChild) { region.appendChild(box.firstChild); }
      box.parentNode.removeChild(box);
      htmx.process(region);
    }
  });

  /* The board's corner (code, QR code) is drawn with the address the board was opened at, so
     a pushed region only says which code is current; the corner re-fetches when it changes. */
  var askedFor = null;  // once per new stamp: a corner fetched newer than the push asks no more
  function checkJoinCorner() {
    var current = document.querySelector("[data-join-stamp-current]");
    var corner = document.getElementById("board-join");
    if (!current || !corner) { return; }
    var stamp = current.dataset.joinStampCurrent;
    if (stamp !== askedFor && stamp !== corner.dataset.joinStamp) {
      askedFor = stamp;
      htmx.trigger(corner, "coprod:join-changed");
    }
  }
  document.addEventListener("htmx:oobAfterSwap", checkJoinCorner);
  document.addEventListener("htmx:afterSwap", checkJoinCorner);

  document.addEventListener("htmx:afterSettle", tick);
  document.addEventListener("htmx:oobAfterSwap", tick);
})();
