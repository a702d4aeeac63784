// The restitution slides: one slide on screen, driven by the keyboard or the buttons.
// → PageDown Space: next; ← PageUp Shift+Space: previous; Home / End; F: full screen.
// No dependency and no network: the page keeps working once saved. Without this script every
// slide is shown one after another.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll("#slides > .slide"));
  if (!slides.length) return;
  var main = document.getElementById("slides");
  var counter = document.querySelector(".controls .counter");
  var announce = document.getElementById("announce");
  var current = -1;
  // A slide taller than the screen scrolls: it must take the focus to scroll with the keyboard.
  slides.forEach(function (slide) { slide.tabIndex = 0; });

  function indexFromHash() {
    var match = /^#diapo-(\d+)$/.exec(window.location.hash);
    var index = match ? parseInt(match[1], 10) - 1 : 0;
    return Math.min(Math.max(index, 0), slides.length - 1);
  }

  function show(index, speak) {
    index = Math.min(Math.max(index, 0), slides.length - 1);
    if (index === current) return;
    slides.forEach(function (slide, i) { slide.hidden = i !== index; });
    current = index;
    var position = (index + 1) + " / " + slides.length;
    counter.textContent = position;
    if (speak) {
      announce.textContent = main.dataset.label + " " + (index + 1) + " " + main.dataset.of + " " +
        slides.length + " : " + slides[index].dataset.title;
    }
    if (window.history.replaceState) {
      window.history.replaceState(null, "", "#diapo-" + (index + 1));
    }
  }

  function fullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  var actions = {
    next: function () { show(current + 1, true); },
    previous: function () { show(current - 1, true); },
    first: function () { show(0, true); },
    last: function () { show(slides.length - 1, true); },
    fullscreen: fullscreen
  };

  function actionFor(event) {
    switch (event.key) {
      case "ArrowRight": case "PageDown": return "next";
      case "ArrowLeft": case "PageUp": return "previous";
      case " ": case "Spacebar": return event.shiftKey ? "previous" : "next";
      case "Home": return "first";
      case "End": return "last";
      case "f": case "F": return "fullscreen";
    }
    return null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    // Space and Enter on a focused button press that button.
    if (target.closest && target.closest("button, a, input, select, textarea") &&
        (event.key === " " || event.key === "Enter")) return;
    var action = actionFor(event);
    if (!action) return;
    event.preventDefault();
    actions[action]();
  });

  document.querySelector(".controls").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-go]");
    if (button) actions[button.dataset.go]();
  });

  window.addEventListener("hashchange", function () { show(indexFromHash(), true); });
  show(indexFromHash(), false);
})();
