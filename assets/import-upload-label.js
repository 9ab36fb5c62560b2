/* The import page's file input: dcc.Upload renders an <input type="file"> without a
   label and offers no prop for one (axe: label, critical). Give it an accessible name, also
   when the page is opened later or the upload box is drawn again.
   Loaded from /assets (same origin: allowed by the Content Security Policy). */
(function () {
  "use strict";

  var SELECTOR = "#import-upload input[type='file']:not([aria-label])";
  var NAME = "Choose a CSV or Excel file to import";

  function fix() {
    var inputs = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < inputs.length; i += 1) {
      inputs[i].setAttribute("aria-label", NAME);
    }
  }

  function start() {
    fix();
    new MutationObserver(fix).observe(document.body, { subtree: true, childList: true });
  }

  window.peerMentoring.whenReady(start);
})();
