/* What the app's own scripts share (loaded first: assets load in name order): run a function
   once the page is ready, and run one at most once per animation frame however often Dash
   changes the page.
   Loaded from /assets (same origin: allowed by the Content Security Policy). */
(function () {
  "use strict";

  var app = (window.peerMentoring = window.peerMentoring || {});

  // ``fn`` wrapped so that calls within one animation frame run it once, in the next frame.
  app.oncePerFrame = function (fn) {
    var scheduled = false;
    return function () {
      if (scheduled) {
        return;
      }
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        fn();
      });
    };
  };

  // ``fn`` once the document is parsed: now if it already is.
  app.whenReady = function (fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  };
})();
