// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Tell assistive technology that a region is being updated. The server
  // may retarget the response, so remember which element was marked busy.
  var busy = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (!target) return;
    target.setAttribute("aria-busy", "true");
    busy.set(event.detail.xhr, target);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = busy.get(event.detail.xhr);
    if (target) target.removeAttribute("aria-busy");
  });

  // The checklist saves a question's answer and note together, once the
  // visitor has settled on them: after a pause, or when focus leaves the
  // question. So arrowing through the choices saves (and announces) only the
  // one chosen, and a note typed then left is never lost.
  var SETTLE_CHOICE_MS = 1200;
  var SETTLE_TYPING_MS = 2500;
  var pending = new WeakMap();

  function question(element) {
    return element && element.closest ? element.closest("[data-question]") : null;
  }
  function noteState(fieldset, text) {
    var state = fieldset.querySelector(".note-state");
    if (state) state.textContent = text;
  }
  function saveSoon(fieldset, delay) {
    clearTimeout(pending.get(fieldset));
    pending.set(fieldset, setTimeout(function () { saveNow(fieldset); }, delay));
  }
  function saveNow(fieldset) {
    if (!pending.has(fieldset)) return;
    clearTimeout(pending.get(fieldset));
    pending.delete(fieldset);
    if (window.htmx) window.htmx.trigger(fieldset, "save-question");
  }
  document.addEventListener("change", function (event) {
    var fieldset = question(event.target);
    if (fieldset && event.target.type === "radio") saveSoon(fieldset, SETTLE_CHOICE_MS);
  });
  document.addEventListener("input", function (event) {
    var fieldset = question(event.target);
    if (!fieldset || event.target.tagName !== "TEXTAREA") return;
    noteState(fieldset, document.documentElement.dataset.unsaved || "Not saved yet");
    saveSoon(fieldset, SETTLE_TYPING_MS);
  });
  document.addEventListener("focusout", function (event) {
    var fieldset = question(event.target);
    if (!fieldset || (event.relatedTarget && fieldset.contains(event.relatedTarget))) return;
    saveNow(fieldset);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var fieldset = question(event.detail.elt);
    if (!fieldset || !fieldset.matches("[data-question]")) return;
    var note = fieldset.querySelector("textarea");
    if (event.detail.successful) {
      noteState(fieldset, note && note.value ? (document.documentElement.dataset.saved || "Saved") : "");
    } else {
      noteState(fieldset, document.documentElement.dataset.saveFailed || "Not saved. Check your connection and try again.");
    }
  });
  // Without this script each question has its own Save button; with it,
  // questions save themselves, so the buttons would only be extra stops.
  document.documentElement.classList.add("js");

  // After every swap: if the new content brought an error summary, it takes
  // focus (as it does on a full page load). Otherwise never leave keyboard
  // focus on an element the swap removed: move it to the element named by
  // data-focus-after-swap in the new content, or to the swapped region.
  document.addEventListener("htmx:afterSettle", function (event) {
    var region = event.detail.target;
    // An outerHTML swap replaces the target itself: find its successor.
    if (region && !region.isConnected && region.id) region = document.getElementById(region.id);
    if (!region) return;
    var summary = region.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      return;
    }
    // A region that asks for focus itself (the results of a check the visitor
    // asked for) always takes it, so the result is read out next.
    var active = document.activeElement;
    var asks = region.hasAttribute("data-focus-after-swap");
    if (!asks && active && active !== document.body && document.contains(active)) return;
    var preferred = asks ? region : region.querySelector("[data-focus-after-swap]") || region;
    if (!preferred.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(preferred.tagName)) {
      preferred.setAttribute("tabindex", "-1");
    }
    preferred.focus();
  });

  // The error summary takes focus when a form comes back with errors.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
