/* Workarounds for two accessibility faults of Dash 4's own components, applied to
   every page, including pages added later. axe-core reports both as serious or critical; see
   docs/architecture.md, "Accessibility".

   1. dcc.DatePickerRange / dcc.DatePickerSingle put aria-expanded on their wrapper <div>,
      which has no role that allows it (axe: aria-allowed-attr). The state stays readable on the
      wrapper as data-expanded (the caret's CSS uses it), and the text inputs inside keep their
      own labels.
   2. dcc.Dropdown renders an <input class="dash-dropdown-focus-target" aria-hidden="true">
      that is in the tab order (axe: aria-hidden-focus). It only forwards focus to the
      dropdown's own button, which is focusable itself, so it leaves the tab order.

   Loaded from /assets (same origin: allowed by the Content Security Policy). */
(function () {
  "use strict";

  var PICKER_WRAPPER = "[aria-haspopup='dialog'][aria-expanded]:not([role])";
  var FOCUS_TARGET = "input.dash-dropdown-focus-target[aria-hidden='true']";

  function fix(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    var pickers = root.querySelectorAll(PICKER_WRAPPER);
    for (var i = 0; i < pickers.length; i += 1) {
      pickers[i].setAttribute("data-expanded", pickers[i].getAttribute("aria-expanded"));
      pickers[i].removeAttribute("aria-expanded");
    }
    var targets = root.querySelectorAll(FOCUS_TARGET);
    for (var j = 0; j < targets.length; j += 1) {
      if (targets[j].getAttribute("tabindex") !== "-1") {
        targets[j].setAttribute("tabindex", "-1");
      }
    }
  }

  // At most one pass per animation frame, however many nodes a chart or a page adds: two
  // selector queries over the document take well under a millisecond.
  var schedule = window.peerMentoring.oncePerFrame(function () {
    fix(document);
  });

  function start() {
    fix(document);
    new MutationObserver(schedule).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-expanded", "tabindex"],
    });
  }

  window.peerMentoring.whenReady(start);
})();
