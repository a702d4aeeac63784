/* The console's card board (grouping/live/console_groups.html): a card dragged onto another
   group, or onto « Nouveau groupe », submits that card's own « Déplacer vers… » form with the
   group chosen, so the mouse and the keyboard go through one request (htmx answers the groups
   region, the console's live region says what happened). After a move the focus goes back to
   the moved card's select in its new group, so a keyboard user goes on from there. */
(function () {
  "use strict";
  var dragged = null;
  var movedCard = null;

  function zoneOf(target) {
    return target && target.closest ? target.closest("[data-card-board] [data-drop]") : null;
  }

  document.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest("[data-card-board] [data-card]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.id);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    Array.prototype.forEach.call(document.querySelectorAll(".drop-target"), function (z) {
      z.classList.remove("drop-target");
    });
  });
  document.addEventListener("dragover", function (e) {
    var zone = zoneOf(e.target);
    if (!zone || !dragged || dragged.closest("[data-drop]") === zone) { return; }
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    zone.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (e) {
    var zone = zoneOf(e.target);
    if (zone && !zone.contains(e.relatedTarget)) { zone.classList.remove("drop-target"); }
  });
  document.addEventListener("drop", function (e) {
    var zone = zoneOf(e.target);
    if (!zone || !dragged) { return; }
    e.preventDefault();
    zone.classList.remove("drop-target");
    var form = dragged.querySelector("form.move");
    if (!form || dragged.closest("[data-drop]") === zone) { return; }
    var select = form.elements.to;
    if (!select.querySelector('option[value="' + zone.dataset.drop + '"]')) { return; }
    select.value = zone.dataset.drop;
    form.requestSubmit();
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail.elt;
    movedCard = form && form.matches && form.matches("[data-card-board] form.move")
      ? form.closest("[data-card]").id : null;
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    if (!movedCard || !e.detail.target || e.detail.target.id !== "console-groups") { return; }
    var card = document.getElementById(movedCard);
    movedCard = null;
    var select = card && card.querySelector("select");
    if (select) { select.focus(); } else if (card) { card.setAttribute("tabindex", "-1"); card.focus(); }
  });
})();
