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

  // A checklist note is saved with its answer or its own Save button, not
  // when the visitor merely leaves the box (that would move their focus).
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "change" && trigger.target && trigger.target.tagName === "TEXTAREA") {
      event.preventDefault();
    }
  });

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
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var preferred = region.querySelector("[data-focus-after-swap]") || region;
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
