/* The board never scrolls. After every change of its live region (a pushed region, a re-fetch,
   a resized window) it lowers --fit (board.css) step by step until the step fits the screen or
   its text reaches the readable minimum; if the step still does not fit, its units (the
   elements marked data-board-item in the app partials, the rows of the roster and of the
   charter) are split into pages shown in turn, « 2 / 3 » in the corner under the join code.
   A section (data-board-section: a priority item, a type of lever, a sheet) shows on every page
   that holds one of its units. After a swap the board stays on the page holding the unit it
   showed first, so a new proposal does not send the room back to page 1.

   Keys for the facilitator: → or Page Down next page, ← or Page Up previous one, Home / End
   first / last, Space pauses or resumes the rotation. */
(function () {
  "use strict";

  var UNITS = "[data-board-item], .roster > li, .charter > li";
  var SECTIONS = "[data-board-section]";
  var FIT_STEP = 0.05;

  var units = [];
  var pages = [[]];
  var page = 0;
  var anchor = null;   // key of the first unit of the page on screen
  var stepKey = null;
  var paused = false;
  var turnAt = 0;      // when the rotation shows the next page (ms since the epoch)
  var scheduled = false;
  var minProbe = null;
  var fading = null;

  function region() { return document.getElementById("board-live"); }
  function pager() { return document.getElementById("board-pager"); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function overflows(box) {
    var doc = document.documentElement;
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1 ||
      doc.scrollHeight > window.innerHeight + 1 || doc.scrollWidth > window.innerWidth + 1;
  }

  /* The units directly in `container` (the region, or a unit too tall for a page alone). */
  function unitsOf(container) {
    return Array.prototype.filter.call(container.querySelectorAll(UNITS), function (unit) {
      var outer = unit.parentElement.closest(UNITS);
      return !outer || outer === container || !container.contains(outer);
    });
  }

  function keyOf(unit) {
    return unit.getAttribute("data-board-item") || unit.textContent.trim().slice(0, 80);
  }

  function stepOf(box) {
    var parts = box.querySelectorAll(".step-count, h1");
    return Array.prototype.map.call(parts, function (el) { return el.textContent.trim(); }).join("|");
  }

  /* Show these units only (with what they hold), the sections and units that hold them. */
  function showOnly(box, shown) {
    function holds(el) {
      return shown.some(function (unit) { return el.contains(unit) || unit.contains(el); });
    }
    each(units, function (unit) { unit.hidden = !holds(unit); });
    each(box.querySelectorAll(SECTIONS), function (section) {
      section.hidden = !!section.querySelector(UNITS) &&
        !shown.some(function (unit) { return section.contains(unit); });
    });
  }

  /* The readable minimum of board.css, in pixels, and the --fit that brings the panel to it. */
  function lowestFit(box) {
    if (!minProbe) {
      minProbe = document.createElement("span");
      minProbe.setAttribute("aria-hidden", "true");
      minProbe.style.cssText = "position:absolute;visibility:hidden;font-size:var(--board-min)";
      document.body.appendChild(minProbe);
    }
    var minimum = parseFloat(getComputedStyle(minProbe).fontSize);
    var sample = box.querySelector(".panel:not(:empty)") || box.querySelector(".instructions") || box;
    var size = parseFloat(getComputedStyle(sample).fontSize);
    return Math.min(1, minimum / size);
  }

  /* Units in order, a new page each time the next one would not fit; a unit too tall for a
     page alone (a large group) is paged through its own units (its proposals). */
  function paginate(box) {
    var result = [];
    var current = [];
    var queue = unitsOf(box);
    while (queue.length) {
      var unit = queue.shift();
      showOnly(box, current.concat([unit]));
      if (overflows(box)) {
        if (current.length) {
          result.push(current);
          current = [];
          showOnly(box, [unit]);
        }
        var inner = overflows(box) ? unitsOf(unit) : [];
        if (inner.length > 1) {
          queue = inner.concat(queue);
          continue;
        }
      }
      current.push(unit);
    }
    result.push(current);
    return result;
  }

  function fit() {
    scheduled = false;
    var box = region();
    if (!box) { return; }
    var key = stepOf(box);
    if (key !== stepKey) { stepKey = key; anchor = null; page = 0; }
    units = Array.prototype.slice.call(box.querySelectorAll(UNITS));
    showOnly(box, units);
    var style = document.body.style;
    style.setProperty("--fit", "1");
    var lowest = lowestFit(box);
    var level = 1;
    while (level > lowest && overflows(box)) {
      level = Math.max(lowest, level - FIT_STEP);
      style.setProperty("--fit", level.toFixed(3));
    }
    pages = units.length > 1 && overflows(box) ? paginate(box) : [unitsOf(box)];
    var found = -1;
    if (anchor !== null) {
      pages.some(function (list, n) {
        if (list.some(function (unit) { return keyOf(unit) === anchor; })) { found = n; }
        return found >= 0;
      });
    }
    show(found >= 0 ? found : Math.min(page, pages.length - 1));
    if (!turnAt) { turnAt = Date.now() + seconds() * 1000; }
    document.documentElement.setAttribute("data-board-fit", "done");
  }

  function later() {
    document.documentElement.setAttribute("data-board-fit", "pending");
    if (!scheduled) { scheduled = true; setTimeout(fit, 0); }
  }

  function seconds() {
    var el = pager();
    return Number(el && el.getAttribute("data-seconds")) || 15;
  }

  function label(el) {
    return el.getAttribute("data-label").replace("{n}", page + 1).replace("{total}", pages.length);
  }

  function show(n) {
    var box = region();
    page = (n + pages.length) % pages.length;
    showOnly(box, pages[page]);
    anchor = pages[page].length ? keyOf(pages[page][0]) : null;
    var el = pager();
    if (!el) { return; }
    el.hidden = pages.length < 2;
    el.classList.toggle("paused", paused);
    el.querySelector(".pager-short").textContent = (page + 1) + " / " + pages.length;
    el.querySelector(".pager-label").textContent = label(el);
    el.querySelector(".pager-state").textContent = paused
      ? el.getAttribute("data-paused")
      : el.getAttribute("data-running").replace("{s}", seconds());
  }

  function turn(n, announce) {
    if (pages.length < 2) { return; }
    show(n);
    turnAt = Date.now() + seconds() * 1000;
    var box = region();
    // Fade the new page in once (board.css, not with reduced motion); a later fit shows no fade.
    box.classList.remove("board-turning");
    void box.offsetWidth;
    box.classList.add("board-turning");
    clearTimeout(fading);
    fading = setTimeout(function () { box.classList.remove("board-turning"); }, 600);
    if (announce) { say(label(pager())); }
  }

  function say(text) {
    var news = pager() && pager().querySelector(".pager-news");
    if (news) { news.textContent = text; }
  }

  function rotate() {
    if (!paused && pages.length > 1 && Date.now() >= turnAt) { turn(page + 1, false); }
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) { return; }
    if (e.target.closest && e.target.closest("input, textarea, select, button, a, [contenteditable]")) { return; }
    switch (e.key) {
      case "ArrowRight": case "PageDown": turn(page + 1, true); break;
      case "ArrowLeft": case "PageUp": turn(page - 1, true); break;
      case "Home": turn(0, true); break;
      case "End": turn(pages.length - 1, true); break;
      case " ": case "Spacebar":
        paused = !paused;
        turnAt = Date.now() + seconds() * 1000;
        show(page);
        if (pages.length > 1) { say(pager().querySelector(".pager-state").textContent); }
        break;
      default: return;
    }
    e.preventDefault();
  });

  document.addEventListener("htmx:oobBeforeSwap", later);
  document.addEventListener("htmx:oobAfterSwap", later);
  document.addEventListener("htmx:afterSettle", later);
  window.addEventListener("resize", later);
  document.addEventListener("DOMContentLoaded", function () {
    later();
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(later); }
    setInterval(rotate, 1000);
  });
})();
