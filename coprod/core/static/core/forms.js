/* coprod forms sent by htmx: nothing typed is lost, nothing is sent twice, the focus stays.

   - While a form is on its way its submit buttons are marked aria-disabled and a second submit
     is ignored. Not the `disabled` property: a disabled button throws the keyboard focus to the
     page, and the answer could not give it back. Not htmx's queue either: it would send the
     second tap later with the same client key, and the server would drop it as a repeat.
   - That state ends with the request itself (the xhr's loadend: answered, refused, cut off or
     timed out), so it never sticks, even when the form was swapped out meanwhile.
   - The fields stay editable during the send (on a weak connection a send takes seconds). Text
     typed meanwhile in a field the answer replaces is put back in the new field of the same id,
     with its caret and a note saying it is not sent yet. A form whose answer brings no field
     back (a testimony becomes its summary) says so with data-lock-while-sending: its fields are
     read-only until the answer, with the value kept.
   - If the element that had the focus is gone after the answer, the focus goes to the first
     field marked invalid, else to the first control of what came in, never to the page. */
(function () {
  "use strict";

  var TEXT_FIELDS = "textarea, input:not([type]), input[type=text], input[type=search]," +
    " input[type=email], input[type=url], input[type=tel], input[type=number], input[type=date]";
  var CONTROLS = "[aria-invalid=true], button:not([disabled]), input:not([type=hidden]):not([disabled])," +
    " textarea:not([disabled]), select:not([disabled]), a[href]";
  var sends = [];  // {xhr, form, sent: {id: value}, typed: [...], hadFocus}

  function submitButtons(form) {
    return form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]");
  }

  function setSending(form, on) {
    Array.prototype.forEach.call(submitButtons(form), function (button) {
      if (on) { button.setAttribute("aria-disabled", "true"); }
      else { button.removeAttribute("aria-disabled"); }
    });
    if (on) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
    if (!form.hasAttribute("data-lock-while-sending")) { return; }
    Array.prototype.forEach.call(form.querySelectorAll(TEXT_FIELDS), function (field) {
      if (on && !field.readOnly) { field.readOnly = true; field.dataset.lockedForSend = "1"; }
      if (!on && field.dataset.lockedForSend) { field.readOnly = false; delete field.dataset.lockedForSend; }
    });
  }

  function formOf(elt) {
    return elt && elt.tagName === "FORM" ? elt : null;
  }

  function sendOf(xhr) {
    for (var i = 0; i < sends.length; i++) { if (sends[i].xhr === xhr) { return sends[i]; } }
    return null;
  }

  /* A second submit of a form on its way (a double tap, Enter again) goes nowhere. */
  document.addEventListener("submit", function (e) {
    if (e.target.getAttribute && e.target.getAttribute("aria-busy") === "true") {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("htmx:beforeSend", function (e) {
    var form = formOf(e.detail.elt);
    var xhr = e.detail.xhr;
    if (!form || !xhr) { return; }
    var sent = {};
    Array.prototype.forEach.call(form.querySelectorAll(TEXT_FIELDS), function (field) {
      if (field.id) { sent[field.id] = field.value; }
    });
    var send = { xhr: xhr, form: form, sent: sent, typed: [], hadFocus: false };
    sends.push(send);
    setSending(form, true);
    xhr.addEventListener("loadend", function () {
      setSending(form, false);
      sends = sends.filter(function (s) { return s !== send; });
    });
  });

  /* Just before the answer replaces the fields: what differs from what the server knows (the
     value sent, or for fields of another form, the value it last rendered) was typed since. */
  document.addEventListener("htmx:beforeSwap", function (e) {
    var send = sendOf(e.detail.xhr);
    if (!send || !e.detail.shouldSwap) { return; }
    var target = e.detail.target;
    var active = document.activeElement;
    send.hadFocus = !!active && (send.form.contains(active) || target.contains(active));
    var fields = Array.prototype.slice.call(target.querySelectorAll(TEXT_FIELDS));
    if (!target.contains(send.form)) {
      fields = fields.concat(Array.prototype.slice.call(send.form.querySelectorAll(TEXT_FIELDS)));
    }
    send.typed = [];
    fields.forEach(function (field) {
      if (!field.id) { return; }
      var known = send.form.contains(field) && field.id in send.sent ?
        send.sent[field.id] : field.defaultValue;
      if (field.value === known) { return; }
      send.typed.push({
        id: field.id,
        value: field.value,
        start: field.selectionStart,
        end: field.selectionEnd,
        focused: field === active
      });
    });
  });

  function noteKept(field) {
    var status = document.getElementById("net-status");
    var text = status && status.dataset.keptTyping;
    var id = field.id + "-kept";
    if (!text || document.getElementById(id)) { return; }
    var note = document.createElement("p");
    note.className = "help kept-typing";
    note.id = id;
    note.setAttribute("role", "status");
    note.textContent = text;
    field.parentNode.insertBefore(note, field.nextSibling);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + id : id);
  }

  document.addEventListener("htmx:afterSwap", function (e) {
    var send = sendOf(e.detail.xhr);
    if (!send || send.restored) { return; }
    send.restored = true;  // afterSwap fires once per swapped element
    send.typed.forEach(function (typed) {
      var field = document.getElementById(typed.id);
      if (!field || field.value === typed.value) { return; }
      field.value = typed.value;
      noteKept(field);
      if (typed.focused) {
        field.focus({ preventScroll: true });
        try { field.setSelectionRange(typed.start, typed.end); } catch (err) { /* not text */ }
      }
    });
  });

  /* After the settle (htmx's autofocus runs then): the focus stays on the page's content. */
  document.addEventListener("htmx:afterSettle", function (e) {
    var send = sendOf(e.detail.xhr);
    if (!send || !send.hadFocus || send.refocused) { return; }
    send.refocused = true;
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) { return; }
    var place = e.detail.elt && document.body.contains(e.detail.elt) ? e.detail.elt : null;
    var next = place && (place.matches(CONTROLS) ? place : place.querySelector(CONTROLS));
    if (next) { next.focus({ preventScroll: true }); }
  });
})();
