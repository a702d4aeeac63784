/* The facilitator's console: a form marked data-clear-on-success empties once its answer is a
   success. Its typed fields are kept through the console's pushes (hx-preserve), and the
   answer would keep them too: emptying the form just before that answer is swapped in carries
   the empty fields over instead. A refused answer keeps everything as typed. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (e) {
    var form = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (form && form.tagName !== "FORM") { form = form.closest && form.closest("form"); }
    if (!form || !form.hasAttribute("data-clear-on-success")) { return; }
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (status < 200 || status >= 300) { return; }
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll("details[open]"), function (d) {
      d.open = false;
    });
  });
})();
