/* Meeting mode in the browser: slides, keyboard and clicker, counter, auto-advance, full screen.

   Served from assets/ (the Content Security Policy allows only this server's scripts). It works
   on whatever #meeting-deck the page shows: slides are the .meeting-slide elements inside it,
   in document order, and may be replaced by callbacks at any time (a MutationObserver keeps
   the current slide shown). The 1920x1080 stage is scaled to fit the window, so nothing ever
   scrolls. Keys: Right, Down, Page Down, Space -> next; Left, Up, Page Up -> back; Home, End;
   F -> full screen. Keys typed into a form field are left alone. */
(function () {
  "use strict";

  var STAGE_WIDTH = 1920;
  var STAGE_HEIGHT = 1080;
  var NEXT_KEYS = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
  var BACK_KEYS = ["ArrowLeft", "ArrowUp", "PageUp"];
  var current = 0;
  var lastDeck = null;
  var timer = null;
  var pending = false;

  function deck() {
    return document.getElementById("meeting-deck");
  }

  function slides() {
    var root = deck();
    return root ? Array.prototype.slice.call(root.querySelectorAll(".meeting-slide")) : [];
  }

  function fit() {
    var root = deck();
    if (!root) {
      return;
    }
    var width = window.innerWidth;
    var height = window.innerHeight;
    var scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
    root.style.setProperty("--deck-scale", String(scale));
    root.style.setProperty("--deck-x", Math.max(0, (width - STAGE_WIDTH * scale) / 2) + "px");
    root.style.setProperty("--deck-y", Math.max(0, (height - STAGE_HEIGHT * scale) / 2) + "px");
    root.setAttribute("data-scale", String(scale));
  }

  function slideName(slide) {
    var heading = slide.querySelector(".meeting-slide-title");
    return heading ? heading.textContent : slide.getAttribute("aria-label") || "";
  }

  function show(index) {
    var all = slides();
    if (!all.length) {
      return;
    }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (slide, i) {
      var here = i === current;
      if (slide.classList.contains("is-current") !== here) {
        slide.classList.toggle("is-current", here);
      }
      if (slide.getAttribute("aria-hidden") !== String(!here)) {
        slide.setAttribute("aria-hidden", String(!here));
      }
    });
    var counter = document.getElementById("meeting-counter");
    var text = "Slide " + (current + 1) + " of " + all.length;
    if (counter && counter.textContent !== text) {
      counter.textContent = text;
      counter.setAttribute("title", slideName(all[current]));
    }
    var root = deck();
    if (root && root.getAttribute("data-slide") !== String(current + 1)) {
      root.setAttribute("data-slide", String(current + 1));
    }
    if (root && root.getAttribute("data-slides") !== String(all.length)) {
      root.setAttribute("data-slides", String(all.length));
    }
    var back = document.getElementById("meeting-prev");
    var next = document.getElementById("meeting-next");
    if (back) {
      back.disabled = current === 0;
    }
    if (next) {
      next.disabled = current === all.length - 1;
    }
  }

  function step(by) {
    show(current + by);
  }

  function toggleFullScreen() {
    var button = document.getElementById("meeting-full-screen");
    var request;
    if (document.fullscreenElement) {
      request = document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      request = document.documentElement.requestFullscreen();
    }
    if (request && request.catch) {
      request.catch(function () {
        /* Refused (no user gesture, or a kiosk browser): the deck still fits the window. */
      });
    }
    if (button) {
      button.setAttribute("aria-pressed", String(!document.fullscreenElement));
    }
  }

  function setAutoAdvance(seconds) {
    if (timer) {
      window.clearInterval(timer);
      timer = null;
    }
    if (seconds > 0) {
      timer = window.setInterval(function () {
        if (!deck() || current >= slides().length - 1) {
          window.clearInterval(timer);
          timer = null;
          return;
        }
        step(1);
      }, seconds * 1000);
    }
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    if (target.closest && target.closest(".meeting-month-picker")) {
      return true; // the month choice keeps its own arrow keys
    }
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (!deck() || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (NEXT_KEYS.indexOf(key) >= 0) {
      if (key === " " && event.target && event.target.tagName === "BUTTON") {
        return; /* space on a focused button presses it */
      }
      step(1);
    } else if (BACK_KEYS.indexOf(key) >= 0) {
      step(-1);
    } else if (key === "Home") {
      show(0);
    } else if (key === "End") {
      show(slides().length - 1);
    } else if (key === "f" || key === "F") {
      toggleFullScreen();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-deck-action]") : null;
    if (!target || !deck()) {
      return;
    }
    var action = target.getAttribute("data-deck-action");
    if (action === "next") {
      step(1);
    } else if (action === "prev") {
      step(-1);
    } else if (action === "fullscreen") {
      toggleFullScreen();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "meeting-auto-advance") {
      setAutoAdvance(parseInt(event.target.value, 10) || 0);
    }
  });

  function refresh() {
    pending = false;
    var root = deck();
    if (root !== lastDeck) {
      lastDeck = root;
      current = 0;
      setAutoAdvance(0);
      if (root) {
        fit();
      }
    }
    if (root) {
      show(current);
    }
  }

  var observer = new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(refresh);
    }
  });

  function start() {
    observer.observe(document.body, { childList: true, subtree: true });
    refresh();
  }

  window.addEventListener("resize", fit);
  document.addEventListener("fullscreenchange", function () {
    var button = document.getElementById("meeting-full-screen");
    if (button) {
      button.setAttribute("aria-pressed", String(!!document.fullscreenElement));
    }
    fit();
  });
  window.peerMentoring.whenReady(start);
})();
