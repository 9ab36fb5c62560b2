/* Charts on a phone: every plotly figure of the app re-laid for a narrow screen, in this one
   place rather than in each figure builder (dashboard/charts/ draws for a desktop card).

   Below Bootstrap's sm breakpoint (576 px) each graph, once drawn and again whenever Dash
   draws a new figure into it, gets:
   - its legend under the plot, in rows, in smaller type, so the plot keeps the width;
   - fewer ticks on each x axis (about one per TICK_PX, at most X_TICKS): a figure's own tick
     step is multiplied (every month becomes every third, say), its own tick list thinned;
   - long category labels on a y axis (mentor names with their site) shortened to the name,
     and cut with an ellipsis beyond LABEL_CHARS characters; hovering still says them whole;
   - a colour bar lying under the plot instead of beside it (the figure's title says what
     the colours count, so the bar's own title goes);
   - titles (the figure's and the x axes') too wide for the screen broken over two lines,
     in smaller type if two lines are not enough;
   - more height when all this leaves the plot itself less than MIN_PLOT_PX tall;
   - no drag-to-zoom, so a finger that lands on a chart scrolls the page instead (plotly
     cancels the touch in a drag mode); a tap still selects what it lands on.
   Widening the window (turning a tablet) past the breakpoint puts every value back.

   Meeting mode's charts are left alone: its 1920x1080 stage is scaled as a whole.
   Loaded from /assets (same origin: allowed by the Content Security Policy). */
(function () {
  "use strict";

  var SMALL = window.matchMedia("(max-width: 575.98px)");
  var LEFT_ALONE = ".meeting-deck";
  var LABEL_CHARS = 18;
  var NAME_SEPARATOR = " · ";
  var X_TICKS = 4;
  var TICK_PX = 64;
  var LEGEND_PX = 12;
  var MIN_TITLE_PX = 12;
  var MIN_PLOT_PX = 180;
  var MONTH_MS = 30.44 * 864e5;
  var ROUND_MONTHS = [1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120];
  // Times a power of ten (the one below the least step allowed): 1, 2, 2.5, 5, 10, ...
  var ROUND_NUMBERS = [1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
  // Each graph is looked at again after a change (a title may need breaking only once its
  // colour bar has moved), a few times at most for one figure.
  var MAX_ROUNDS = 3;
  // On each graph: what this script set, and the values they replaced.
  var STATE = "_smallScreenCharts";

  function get(object, path) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length; i += 1) {
      if (object === null || typeof object !== "object") {
        return undefined;
      }
      object = object[parts[i]];
    }
    return object;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // A layout value as the figure had it, before this script changed it.
  function original(gd, state, path) {
    var value = path in state.relayout ? state.relayout[path] : get(gd.layout, path);
    return value === null ? undefined : value;
  }

  function axisKeys(layout, letter) {
    var pattern = new RegExp("^" + letter + "axis\\d*$");
    return Object.keys(layout).filter(function (key) {
      return pattern.test(key);
    });
  }

  function shorten(label) {
    var text = String(label);
    var cut = text.indexOf(NAME_SEPARATOR);
    if (cut > 0) {
      text = text.slice(0, cut);
    }
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "…" : text;
  }

  // The string values of the traces drawn against a y axis, in the order they come.
  function categories(gd, axisKey) {
    var ref = "y" + axisKey.slice(5);
    var seen = {};
    var values = [];
    (gd.data || []).forEach(function (trace) {
      if ((trace.yaxis || "y") !== ref || !trace.y || typeof trace.y.length !== "number") {
        return;
      }
      for (var i = 0; i < trace.y.length; i += 1) {
        var value = trace.y[i];
        if (typeof value === "string" && !seen[value]) {
          seen[value] = true;
          values.push(value);
        }
      }
    });
    return values;
  }

  function wrapWords(text, chars) {
    return text
      .split("<br>")
      .map(function (line) {
        var lines = [];
        var current = "";
        line.split(" ").forEach(function (word) {
          if (current && (current + " " + word).length > chars) {
            lines.push(current);
            current = word;
          } else {
            current = current ? current + " " + word : word;
          }
        });
        lines.push(current);
        return lines.join("<br>");
      })
      .join("<br>");
  }

  // The title at ``path`` (drawn as ``css``, in ``size`` px) broken into lines that fit the
  // figure (a title centred under its axis must fit both ways from its centre), in smaller
  // type if it would take more than ``lines`` lines: {text, size}, or undefined.
  function wrapped(gd, state, path, css, centred, size, lines) {
    var element = gd.querySelector(css);
    var text = original(gd, state, path);
    var shown = get(gd.layout, path);
    if (!element || typeof text !== "string" || typeof shown !== "string") {
      return undefined;
    }
    var box = element.getBoundingClientRect();
    var frame = gd.getBoundingClientRect();
    var longest = Math.max.apply(
      null,
      shown.split("<br>").map(function (line) {
        return line.length;
      })
    );
    if (!box.width || !longest || !size) {
      return undefined;
    }
    var room = frame.width - 16;
    if (centred) {
      var middle = box.left + box.width / 2 - frame.left;
      room = 2 * Math.min(middle, frame.width - middle) - 8;
    }
    // Measured once, on the title as the figure gave it: measured on a broken title, the
    // width of a character would change with the breaks, and the breaks with it.
    var measured = state.charPx[path];
    if (!measured || shown === text) {
      measured = state.charPx[path] = { px: box.width / longest, size: size };
    }
    var charPx = (measured.px * size) / measured.size; // at ``size``
    var fits = wrapWords(text, Math.max(8, Math.floor(room / charPx)));
    if (fits.split("<br>").length <= lines) {
      return { text: fits, size: size };
    }
    // A little room to spare per line: words rarely break where the characters run out.
    var fitting = (size * room * lines) / (charPx * text.length * 1.15);
    var smaller = Math.max(MIN_TITLE_PX, Math.floor(fitting));
    return {
      text: wrapWords(text, Math.max(8, Math.floor(room / ((charPx * smaller) / size)))),
      size: smaller,
    };
  }

  function linear(value) {
    if (typeof value === "number") {
      return value;
    }
    return Date.parse(String(value).replace(" ", "T"));
  }

  // The ticks to show on a narrow x axis: about one per TICK_PX of its length.
  function tickCount(axis) {
    var length = axis && axis._length;
    if (typeof length !== "number" || !(length > 0)) {
      return X_TICKS;
    }
    return Math.max(2, Math.min(X_TICKS, Math.floor(length / TICK_PX)));
  }

  // A multiple of a figure's own tick step (a number, or "M<n>" months) that puts at most
  // ``wanted`` ticks over ``range``, chosen among round multiples (a quarter, half a year);
  // undefined if the step cannot be read.
  function widerStep(step, range, wanted) {
    var span = Math.abs(linear(range[1]) - linear(range[0]));
    var months = /^M(\d+)$/.exec(String(step));
    var unit = months ? Number(months[1]) : Number(step);
    var ticks = Math.floor(span / (months ? unit * MONTH_MS : unit)) + 1;
    if (!isFinite(ticks) || !(unit > 0)) {
      return undefined;
    }
    var least = unit * Math.ceil(ticks / wanted);
    var round = months ? ROUND_MONTHS : ROUND_NUMBERS;
    for (var i = 0; i < round.length; i += 1) {
      var candidate = round[i] * Math.pow(10, months ? 0 : Math.floor(Math.log10(least)) - 1);
      if (candidate >= least && Math.abs(candidate / unit - Math.round(candidate / unit)) < 1e-9) {
        return months ? "M" + candidate : candidate;
      }
    }
    return months ? "M" + least : least;
  }

  // Fewer ticks on the x axis ``key``: plotly's own choice limited, the figure's own step
  // multiplied, or its own list thinned.
  function xTickChanges(gd, state, key, changes) {
    var axis = gd._fullLayout[key];
    var wanted = tickCount(axis);
    var mode = original(gd, state, key + ".tickmode");
    var values = original(gd, state, key + ".tickvals");
    var step = original(gd, state, key + ".dtick");
    if (Array.isArray(values) && (mode === "array" || mode === undefined)) {
      var every = Math.ceil(values.length / wanted);
      var texts = original(gd, state, key + ".ticktext");
      var keep = function (_value, i) {
        return i % every === 0;
      };
      changes[key + ".tickvals"] = values.filter(keep);
      if (Array.isArray(texts)) {
        changes[key + ".ticktext"] = texts.filter(keep);
      }
    } else if (step !== undefined && mode !== "auto" && axis.range) {
      var wider = widerStep(step, axis.range, wanted);
      if (wider !== undefined) {
        changes[key + ".dtick"] = wider;
      }
    } else {
      changes[key + ".nticks"] = wanted;
    }
  }

  function layoutChanges(gd, state) {
    var layout = gd.layout || {};
    var full = gd._fullLayout;
    var changes = {
      dragmode: false,
      "legend.orientation": "h",
      "legend.font.size": LEGEND_PX,
      "legend.xref": "container",
      "legend.x": 0,
      "legend.xanchor": "left",
      "legend.yref": "container",
      "legend.y": 0,
      "legend.yanchor": "bottom",
    };
    axisKeys(full, "x").forEach(function (key) {
      changes[key + ".automargin"] = true;
      if (full[key].type !== "category" && full[key].type !== "multicategory") {
        xTickChanges(gd, state, key, changes);
      }
      var css = ".g-x" + key.slice(5) + "title";
      var size = get(full[key], "title.font.size");
      var title = wrapped(gd, state, key + ".title.text", css, true, size, 2);
      if (title !== undefined) {
        changes[key + ".title.text"] = title.text;
        if (title.size !== size) {
          changes[key + ".title.font.size"] = title.size;
        }
      }
    });
    axisKeys(full, "y").forEach(function (key) {
      changes[key + ".automargin"] = true;
      var ours = key + ".ticktext" in state.relayout;
      if (!ours && get(layout, key + ".tickmode") === "array") {
        return; // the figure's own labels
      }
      var values = categories(gd, key);
      var short = values.map(shorten);
      if (!values.length || same(values, short)) {
        return;
      }
      changes[key + ".tickmode"] = "array";
      changes[key + ".tickvals"] = values;
      changes[key + ".ticktext"] = short;
    });
    var size = full.title.font.size;
    var lines = 1;
    var title = wrapped(gd, state, "title.text", ".g-gtitle .gtitle", false, size, 2);
    if (title !== undefined) {
      changes["title.text"] = title.text;
      if (title.size !== size) {
        changes["title.font.size"] = title.size;
      }
      lines = title.text.split("<br>").length;
      if (lines > 1) {
        // Plotly sets the first of several lines on the title's top edge, half out of the
        // figure: pad it down by the line's height above its baseline.
        changes["title.yanchor"] = "top";
        changes["title.pad.t"] = Math.ceil(0.8 * title.size);
      }
    }
    // The room a figure keeps above the plot for its legend goes with the legend; a title
    // of more lines gets room for them.
    var top = original(gd, state, "margin.t");
    var usual = get(full, "template.layout.margin.t");
    if (typeof usual === "number") {
      var needed = usual + (lines - 1) * Math.ceil(1.3 * (title ? title.size : size));
      var legendRoom = full.showlegend && typeof top === "number" && top > needed;
      if (legendRoom || (lines > 1 && (typeof top !== "number" || top < needed))) {
        changes["margin.t"] = needed;
      }
    }
    // A legend in rows under the plot, or tick labels turned upright, can leave the plot
    // a sliver: the figure grows instead.
    if (full._size && full._size.h < MIN_PLOT_PX && full.height) {
      changes.height = Math.ceil(full.height + MIN_PLOT_PX - full._size.h);
    }
    return changes;
  }

  function traceChanges(gd) {
    var changes = {};
    (gd._fullData || []).forEach(function (trace) {
      if (trace.showscale && trace.colorbar) {
        changes[trace.index] = {
          "colorbar.orientation": "h",
          "colorbar.yref": "container",
          "colorbar.y": 0,
          "colorbar.yanchor": "bottom",
          "colorbar.thickness": 10,
          "colorbar.title.text": "",
        };
      }
    });
    return changes;
  }

  // Keep each value as the figure had it, the first time it is changed (null: unset); answer
  // the changes that are not made yet (null: none).
  function remember(store, source, changes) {
    var fresh = {};
    var any = false;
    Object.keys(changes).forEach(function (key) {
      if (!(key in store)) {
        var value = get(source, key);
        store[key] = value === undefined ? null : value;
      }
      if (!same(get(source, key), changes[key])) {
        fresh[key] = changes[key];
        any = true;
      }
    });
    return any ? fresh : null;
  }

  function holds(source, values) {
    return Object.keys(values).every(function (key) {
      return same(get(source, key), values[key]);
    });
  }

  // What was changed on ``gd`` and what it replaced, while the figure still shows those
  // changes. Dash copies a relaid figure into its ``figure`` property and draws the copy, so
  // the layout object changes with every relayout; a new figure from a callback is told
  // apart by not holding the changes.
  function stateOf(gd) {
    var state = gd[STATE];
    var kept =
      state &&
      holds(gd.layout, state.applied) &&
      Object.keys(state.appliedTraces).every(function (index) {
        return gd.data[index] && holds(gd.data[index], state.appliedTraces[index]);
      });
    if (!kept) {
      state = gd[STATE] = {
        relayout: {},
        restyle: {},
        applied: {},
        appliedTraces: {},
        charPx: {},
        rounds: 0,
      };
    }
    return state;
  }

  // Plotly keeps the margin of a colour bar turned by restyle, squashing the plot: hide the
  // bar, then draw it anew the other way.
  function restyle(gd, index, update) {
    var trace = [Number(index)];
    if (!("colorbar.orientation" in update)) {
      return window.Plotly.restyle(gd, update, trace);
    }
    return window.Plotly.restyle(gd, { showscale: false }, trace).then(function () {
      return window.Plotly.restyle(gd, Object.assign({ showscale: true }, update), trace);
    });
  }

  // What to do to ``gd`` now, as functions answering promises.
  function fitSteps(gd) {
    var state = stateOf(gd);
    var steps = [];
    var traces = traceChanges(gd);
    Object.keys(traces).forEach(function (index) {
      var kept = (state.restyle[index] = state.restyle[index] || {});
      var fresh = remember(kept, gd.data[index], traces[index]);
      if (fresh) {
        state.appliedTraces[index] = Object.assign(state.appliedTraces[index] || {}, fresh);
        steps.push(function () {
          return restyle(gd, index, fresh);
        });
      }
    });
    var fresh = remember(state.relayout, gd.layout, layoutChanges(gd, state));
    if (fresh) {
      Object.assign(state.applied, fresh);
      steps.push(function () {
        return window.Plotly.relayout(gd, fresh);
      });
    }
    return steps;
  }

  function unfitSteps(gd) {
    var state = gd[STATE] && stateOf(gd);
    delete gd[STATE];
    if (!state) {
      return [];
    }
    var steps = Object.keys(state.restyle).map(function (index) {
      return function () {
        return restyle(gd, index, state.restyle[index]);
      };
    });
    if (Object.keys(state.relayout).length) {
      steps.push(function () {
        return window.Plotly.relayout(gd, state.relayout);
      });
    }
    return steps;
  }

  // One change at a time per graph: the redraws it causes call back here and are ignored
  // until it is made.
  function run(gd) {
    if (!window.Plotly || !gd._fullLayout || gd.closest(LEFT_ALONE)) {
      return;
    }
    if (SMALL.matches && gd[STATE] && gd[STATE].rounds >= MAX_ROUNDS) {
      return; // whatever is left to change would only swing back and forth
    }
    var steps = SMALL.matches ? fitSteps(gd) : unfitSteps(gd);
    if (!steps.length) {
      return;
    }
    var state = gd[STATE];
    gd._smallScreenBusy = true;
    steps
      .reduce(function (chain, step) {
        return chain.then(step);
      }, Promise.resolve())
      .catch(function () {
        return null; // a graph that Dash replaced or removed meanwhile
      })
      .then(function () {
        gd._smallScreenBusy = false;
        if (state && state === gd[STATE]) {
          state.rounds += 1;
          schedule(gd);
        }
      });
  }

  // After plotly's own drawing has finished: a relayout inside its event would nest.
  function schedule(gd) {
    if (gd._smallScreenPending) {
      return;
    }
    gd._smallScreenPending = true;
    window.requestAnimationFrame(function () {
      gd._smallScreenPending = false;
      if (!gd._smallScreenBusy) {
        run(gd);
      }
    });
  }

  function watch(gd) {
    if (gd._smallScreenWatched || typeof gd.on !== "function") {
      return;
    }
    gd._smallScreenWatched = true;
    gd.on("plotly_afterplot", function () {
      schedule(gd);
    });
    schedule(gd);
  }

  function watchAll() {
    var graphs = document.querySelectorAll(".js-plotly-plot");
    for (var i = 0; i < graphs.length; i += 1) {
      watch(graphs[i]);
    }
  }

  // At most one look per animation frame, however many nodes a page or a chart adds.
  var scan = window.peerMentoring.oncePerFrame(watchAll);

  function start() {
    watchAll();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true });
    SMALL.addEventListener("change", function () {
      var graphs = document.querySelectorAll(".js-plotly-plot");
      for (var i = 0; i < graphs.length; i += 1) {
        schedule(graphs[i]);
      }
    });
  }

  window.peerMentoring.whenReady(start);
})();
