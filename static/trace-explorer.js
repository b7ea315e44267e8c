/* otel-report: the trace page's filter box, quick filters, sorting, summary and A/B comparison
   (traces.html), over the filter language of filter-language.js. Inline, no dependencies, no
   network. The page works without it: the table is pre-sorted and the controls stay hidden.
   Listeners are attached here (no inline handlers, DESIGN section 6); everything it draws is
   built with DOM calls (textContent, createElementNS), never from markup text.

   A filter is an expression plus the quick filters (root-or-any service, min/max trace
   duration in ms, errors only). It is applied to every trace the page holds (the embedded
   records, see TraceTableData.swift), not only the listed rows. "Pin as A" keeps the current
   filter as A; the filter being typed is then B. Both live in the URL fragment:
   #a=EXPR&a.svc=S&a.min=MS&a.max=MS&a.err=1&b=EXPR&b.svc=…, each value encodeURIComponent'd,
   written with replaceState while typing and pushState on pin/unpin, read back on load,
   hashchange and popstate, so reload, Back and links (compare.html) restore the view. */
(function (Filter) {
  "use strict";
  if (typeof document === "undefined") return;
  var parse = Filter.parse, load = Filter.load, traceMatches = Filter.traceMatches, explain = Filter.explain;
  var FilterError = Filter.FilterError, characters = Filter.characters;
  var SVG = "http://www.w3.org/2000/svg";

  // ---- Numbers -----------------------------------------------------------------------------

  var NUMERIC = new Set(["start", "duration", "rank", "spans", "errors"]);
  function grouped(n) { return n.toLocaleString("en-US"); }
  function fixed(v, decimals) { return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }); }

  /** Display.ms of the Swift side: 3 decimals below 1 ms, 2 below 10, 1 below 100, else whole. */
  function ms(nanos) {
    var v = nanos / 1e6, a = Math.abs(v);
    return (a < 1 ? fixed(v, 3) : a < 10 ? fixed(v, 2) : a < 100 ? fixed(v, 1) : fixed(v, 0)) + " ms";
  }
  function percent(part, whole) { return whole === 0 ? "–" : fixed(part * 100 / whole, 1) + "%"; }
  function ratio(b, a) {
    if (a === 0) return b === 0 ? "–" : "∞";
    var r = b / a;
    return (r >= 10 ? fixed(r, 0) : r >= 1 ? fixed(r, 1) : Number(r.toPrecision(2)).toString()) + "×";
  }

  /** Nearest rank (DESIGN section 4): the value at rank ceil(q n), q in 1/10000, in integers. */
  function nearestRank(sorted, q) { return sorted[Math.max(1, Math.floor((q * sorted.length + 9999) / 10000)) - 1]; }

  /** Count, traces with errors and p50/p95/p99/max (ns) of the traces at `indexes`. */
  function summarise(traces, indexes) {
    var durations = new Float64Array(indexes.length), errors = 0;
    indexes.forEach(function (i, k) { durations[k] = traces[i].duration; if (traces[i].errors > 0) errors++; });
    durations.sort();
    var s = { count: indexes.length, errors: errors, sorted: durations };
    if (indexes.length > 0) {
      s.p50 = nearestRank(durations, 5000); s.p95 = nearestRank(durations, 9500);
      s.p99 = nearestRank(durations, 9900); s.max = durations[durations.length - 1];
    }
    return s;
  }

  function sortValue(trace, key) {
    if (key === "services") return trace.services.join(", ");
    return trace[key];
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svgEl(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- Filters -----------------------------------------------------------------------------

  /** A filter: expression text (last valid), its terms, and the quick filters. */
  function emptyFilter() { return { expr: "", terms: [], service: "", min: null, max: null, errors: false }; }
  function isActive(f) { return f.terms.length > 0 || f.service !== "" || f.min !== null || f.max !== null || f.errors; }

  /** true, false, or null when the expression cannot be evaluated (spans not embedded). */
  function filterMatches(f, trace) {
    if (f.service !== "" && trace.services.indexOf(f.service) === -1) return false;
    if (f.min !== null && trace.duration < f.min * 1e6) return false;
    if (f.max !== null && trace.duration > f.max * 1e6) return false;
    if (f.errors && !(trace.errors > 0)) return false;
    return traceMatches(f.terms, trace);
  }

  /** The filter as words, for captions and the pinned label. */
  function describe(f) {
    var parts = [];
    if (f.expr.trim() !== "") parts.push(f.expr.trim());
    if (f.service !== "") parts.push("a span of " + f.service);
    if (f.min !== null) parts.push("≥ " + f.min + " ms");
    if (f.max !== null) parts.push("≤ " + f.max + " ms");
    if (f.errors) parts.push("errors only");
    return parts.length === 0 ? "all traces" : parts.join(" · ");
  }

  // ---- The URL fragment ---------------------------------------------------------------------

  function readFragment(hash) {
    var text = hash.replace(/^#/, ""), params = new Map();
    if (!/^[A-Za-z][A-Za-z0-9_.-]*=/.test(text)) return null;  // an element id, not state
    text.split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq <= 0) return;
      try { params.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))); } catch (e) { /* a bad escape: left out */ }
    });
    return params;
  }

  function number(text) {
    if (text === undefined || text.trim() === "") return null;
    var v = Number(text);
    return Number.isFinite(v) ? v : null;
  }

  /** The filter named by prefix (`a`, `b`) in the fragment's parameters; null when absent. */
  function filterFrom(params, prefix) {
    var keys = [prefix, prefix + ".svc", prefix + ".min", prefix + ".max", prefix + ".err"];
    if (!keys.some(function (k) { return params.has(k); })) return null;
    return {
      expr: params.get(prefix) || "", terms: null, service: params.get(prefix + ".svc") || "",
      min: number(params.get(prefix + ".min")), max: number(params.get(prefix + ".max")), errors: params.get(prefix + ".err") === "1"
    };
  }

  function writeFilter(pairs, prefix, f) {
    if (f === null) return;
    pairs.push(prefix + "=" + encodeURIComponent(f.expr));
    if (f.service !== "") pairs.push(prefix + ".svc=" + encodeURIComponent(f.service));
    if (f.min !== null) pairs.push(prefix + ".min=" + encodeURIComponent(String(f.min)));
    if (f.max !== null) pairs.push(prefix + ".max=" + encodeURIComponent(String(f.max)));
    if (f.errors) pairs.push(prefix + ".err=1");
  }

  // ---- The distribution chart ----------------------------------------------------------------

  /** Nice linear ticks (1, 2 or 5 times a power of ten) covering [0, max]. */
  function linearTicks(max) {
    var raw = max / 5, power = Math.pow(10, Math.floor(Math.log10(raw))), step = power;
    [1, 2, 5, 10].some(function (m) { step = m * power; return step >= raw; });
    var ticks = [];
    for (var k = 0; k * step <= max * (1 + 1e-9) || ticks.length < 2; k++) ticks.push(k * step);
    return ticks;
  }

  /** Two (or more) cumulative distributions on one axis (log when the data spans > 100×). */
  function cdfChart(sets, title) {
    var W = 800, H = 210, left = 56, right = 16, top = 12, bottom = 40;
    var lo = Infinity, hi = 0;
    sets.forEach(function (s) { if (s.sorted.length > 0) { lo = Math.min(lo, s.sorted[0]); hi = Math.max(hi, s.sorted[s.sorted.length - 1]); } });
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "chart-svg tx-cdf" });
    svg.appendChild(svgEl("title", {}, title));
    if (!(hi > 0)) return svg;
    var log = lo > 0 && hi / lo > 100;
    var ticks, x;
    if (log) {
      // Ticks at 1, 2 and 5 times powers of ten, from the last one at or below the fastest
      // trace to the first one at or above the slowest (only powers of ten past four decades).
      var all = [];
      for (var e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) [1, 2, 5].forEach(function (m) { all.push(m * Math.pow(10, e)); });
      var first = all.filter(function (t) { return t <= lo; }).pop(), last = all.filter(function (t) { return t >= hi; })[0];
      var decades = Math.log10(last / first);
      ticks = all.filter(function (t) { return t >= first && t <= last && (decades <= 4 || Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9); });
      var l0 = Math.log10(first), l1 = Math.log10(last);
      x = function (v) { return left + (Math.log10(Math.max(v, first)) - l0) / (l1 - l0) * (W - left - right); };
    } else {
      ticks = linearTicks(hi / 1e6).map(function (t) { return t * 1e6; });
      var top1 = ticks[ticks.length - 1];
      x = function (v) { return left + v / top1 * (W - left - right); };
    }
    var y = function (share) { return top + (1 - share) * (H - top - bottom); };
    var grid = svgEl("g", { class: "grid" });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (s) {
      grid.appendChild(svgEl("line", { x1: left, x2: W - right, y1: y(s), y2: y(s) }));
      svg.appendChild(svgEl("text", { x: left - 6, y: y(s) + 4, "text-anchor": "end" }, (s * 100) + "%"));
    });
    ticks.forEach(function (t, k) {
      var anchor = k === 0 ? "start" : k === ticks.length - 1 ? "end" : "middle";
      grid.appendChild(svgEl("line", { x1: x(t), x2: x(t), y1: top, y2: H - bottom, class: "x" }));
      svg.appendChild(svgEl("text", { x: x(t), y: H - bottom + 14, "text-anchor": anchor }, Number((t / 1e6).toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 6 }) + " ms"));
    });
    svg.insertBefore(grid, svg.children[1]);
    svg.appendChild(svgEl("text", { x: left + (W - left - right) / 2, y: H - 6, "text-anchor": "middle", class: "axis-title" },
      "trace duration (ms" + (log ? ", log scale" : "") + ")"));
    sets.forEach(function (s) {
      var n = s.sorted.length;
      if (n === 0) return;
      // A step line, one vertex per pixel column: the highest share reached in it.
      var d = "M" + x(s.sorted[0]).toFixed(1) + "," + y(0).toFixed(1), lastX = null;
      for (var i = 0; i < n; i++) {
        if (i + 1 < n && Math.round(x(s.sorted[i + 1])) === Math.round(x(s.sorted[i]))) continue;
        var px = x(s.sorted[i]).toFixed(1);
        if (px !== lastX) d += "H" + px;
        d += "V" + y((i + 1) / n).toFixed(1);
        lastX = px;
      }
      var path = svgEl("path", { d: d, class: "line " + s.cls });
      path.appendChild(svgEl("title", {}, s.label + ": " + grouped(n) + " traces"));
      svg.appendChild(path);
    });
    return svg;
  }

  // ---- The page ----------------------------------------------------------------------------

  function explorer(root) {
    var source = document.getElementById(root.getAttribute("data-source"));
    var form = root.querySelector(".tx-controls"), tbody = root.querySelector(".tx-table tbody");
    if (source === null || form === null || tbody === null) return;
    // The embedded data is decoded on first use, not at load: the page opens as fast as it
    // would without the script.
    var model = null;
    function data() {
      if (model === null) {
        var raw = JSON.parse(source.textContent);
        model = load(raw);
        model.listed = raw.listed;
        model.originSeconds = raw.originSeconds;
        model.pages = new Map(raw.pages);
        model.colours = new Map(raw.colours.map(function (c) { return [raw.strings[c[0]], c[1]]; }));
        model.all = raw.all.length === 6
          ? { count: raw.all[0], errors: raw.all[1], p50: raw.all[2], p95: raw.all[3], p99: raw.all[4], max: raw.all[5] }
          : { count: 0, errors: 0 };
      }
      return model;
    }
    // The pre-rendered rows (the page without JavaScript), by record; the script lists a window
    // of PAGE rows of what the filter finds (these where it can, rows it builds for the others),
    // so a change of filter lays out at most a window, not hundreds of rows.
    var prerendered = new Map(Array.from(tbody.querySelectorAll("tr[data-row]")).map(function (r) { return [Number(r.getAttribute("data-row")), r]; }));
    var built = new Map();
    var PAGE = 100, shownCount = PAGE, lastResult = null;
    var moreBox = root.querySelector(".tx-more"), moreButton = root.querySelector("[data-role=more]"), shownText = root.querySelector("[data-role=shown]");
    var wfBox = root.querySelector(".tx-waterfall");
    var input = form.querySelector("[data-role=expr]"), errorBox = form.querySelector("[data-role=error]");
    var minBox = form.querySelector("[data-role=min]"), maxBox = form.querySelector("[data-role=max]");
    var errorsOnly = form.querySelector("[data-role=errors]"), count = form.querySelector("[data-role=count]");
    var serviceButtons = Array.from(form.querySelectorAll("button[data-service]"));
    var summaryBox = root.querySelector(".tx-summary"), matchLine = root.querySelector("[data-role=match]");
    var marks = Array.from(root.querySelectorAll("circle.mark"));
    var markGroup = root.querySelector("g.marks[data-x][data-y]");
    var plottedIndexes = new Set(marks.map(function (m) { return m.getAttribute("data-i"); }).filter(function (i) { return i !== null; }).map(Number));
    var added = null;  // the <g> of points added for matches the sample left out
    var current = emptyFilter(), pinned = null;
    var sortKey = "duration", descending = true;
    // The box holds an expression that does not parse: the results are those of the last
    // valid one (current.expr), and say so.
    var invalid = false;
    var caption = root.querySelector(".tx-table caption"), captionBase = caption === null ? "" : caption.textContent;
    var sortWords = null;
    var serviceTotals = null;

    function showError(error) {
      errorBox.textContent = "";
      input.removeAttribute("aria-invalid");
      if (error === null) return;
      input.setAttribute("aria-invalid", "true");
      var text = document.createElement("p");
      text.textContent = "Position " + error.position + ": " + error.message;
      var caret = document.createElement("pre");
      caret.setAttribute("aria-hidden", "true");
      caret.textContent = characters(input.value).join("") + "\n" + " ".repeat(error.position - 1) + "^";
      errorBox.append(text, caret);
    }

    function milliseconds(box) {
      var v = box.value.trim() === "" ? NaN : Number(box.value);
      return Number.isFinite(v) ? v : null;
    }

    /** Which traces a filter finds: indexes, and how many could not be searched. */
    function evaluate(f) {
      var found = [], unknown = 0, flags = new Uint8Array(data().traces.length);
      data().traces.forEach(function (trace, i) {
        var m = filterMatches(f, trace);
        if (m === null) unknown++;
        if (m === true) { found.push(i); flags[i] = 1; }
      });
      return { indexes: found, flags: flags, unknown: unknown, stats: summarise(data().traces, found) };
    }

    // -- Summary table --

    var COLUMNS = [["count", "Traces"], ["share", "Share of all"], ["errors", "Error share"],
      ["p50", "p50"], ["p95", "p95"], ["p99", "p99"], ["max", "max"]];

    function statRow(set, label, expr, s, all) {
      var tr = el("tr", { "data-set": set });
      var th = el("th", { scope: "row" });
      th.appendChild(el("span", { class: "tx-set tx-set-" + set, title: expr === null ? "all traces" : expr }, label));
      tr.appendChild(th);
      tr.appendChild(el("td", { class: "num", "data-key": "count", "data-value": String(s.count) }, grouped(s.count)));
      tr.appendChild(el("td", { class: "num", "data-key": "share" }, percent(s.count, all.count)));
      tr.appendChild(el("td", { class: "num", "data-key": "errors", "data-value": String(s.errors) }, percent(s.errors, s.count)));
      ["p50", "p95", "p99", "max"].forEach(function (k) {
        var has = s.count > 0;
        tr.appendChild(el("td", has ? { class: "num", "data-key": k, "data-value": String(s[k]) } : { class: "num", "data-key": k }, has ? ms(s[k]) : "–"));
      });
      return tr;
    }

    function ratioRow(a, b) {
      var tr = el("tr", { "data-set": "ratio", class: "tx-ratio" });
      tr.appendChild(el("th", { scope: "row" }, "B ÷ A"));
      tr.appendChild(el("td", { class: "num", "data-key": "count" }, ratio(b.count, a.count)));
      tr.appendChild(el("td", { class: "num" }, ""));
      tr.appendChild(el("td", { class: "num", "data-key": "errors" }, a.count > 0 && b.count > 0 ? ratio(b.errors / b.count, a.errors / a.count) : "–"));
      ["p50", "p95", "p99", "max"].forEach(function (k) {
        tr.appendChild(el("td", { class: "num", "data-key": k }, a.count > 0 && b.count > 0 ? ratio(b[k], a[k]) : "–"));
      });
      return tr;
    }

    var allDurations = null;
    function allSorted() {
      if (allDurations === null) allDurations = summarise(data().traces, data().traces.map(function (t, i) { return i; })).sorted;
      return allDurations;
    }

    function renderSummary(b, a) {
      var box = summaryBox.querySelector("[data-role=summary]"), dist = summaryBox.querySelector("[data-role=dist]");
      var all = data().all, table = el("table", { class: "tx-stats" });
      var caption = el("caption", { class: "muted" }, a !== null ? "A, B and all traces" : "The filter and all traces");
      var held = data().traces.length;
      var verdict = el("p", { class: "tx-verdict" });
      verdict.textContent = (a !== null && a.stats.count > 0 && b.stats.count > 0 && a.stats.p99 > 0 ? "B's p99 is " + ratio(b.stats.p99, a.stats.p99) + " A's. " : "") +
        (a !== null ? "Pinned filter A and the current filter B" : "The current filter") + " beside all " + grouped(all.count) + " traces" +
        (held < all.count ? " (filters search the " + grouped(held) + " slowest the page holds)" : "") +
        "; durations are nearest-rank percentiles of whole traces.";
      table.appendChild(caption);
      var head = el("tr");
      head.appendChild(el("th", { scope: "col" }, "Filter"));
      COLUMNS.forEach(function (c) { head.appendChild(el("th", { scope: "col", class: "num" }, c[1])); });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      body.appendChild(statRow("all", "All", null, all, all));
      if (a !== null) {
        body.appendChild(statRow("a", "A", describe(pinned), a.stats, all));
        body.appendChild(statRow("b", "B", describe(current), b.stats, all));
        body.appendChild(ratioRow(a.stats, b.stats));
      } else if (isActive(current)) {
        body.appendChild(statRow("filter", "Filter", describe(current), b.stats, all));
      }
      // The filters themselves, above the table, so the figures stay in narrow columns.
      var sets = el("ul", { class: "tx-sets" });
      (a !== null ? [["a", "A", pinned], ["b", "B", current]] : isActive(current) ? [["filter", "Filter", current]] : []).forEach(function (s) {
        var li = el("li", { "data-set": s[0] });
        li.appendChild(el("span", { class: "tx-set tx-set-" + s[0] }, s[1]));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("code", {}, describe(s[2])));
        sets.appendChild(li);
      });
      var wrap = el("div", { class: "table-wrap" });
      wrap.appendChild(table);
      box.replaceChildren(sets, verdict, wrap);
      [a, b].forEach(function (r) {
        if (r !== null && r.unknown > 0 && isActive(current)) {
          box.appendChild(el("p", { class: "method" }, grouped(r.unknown) + " traces whose spans are not in the page could not be decided (their records settle only terms on services, errors, duration and the trace id); the figures above leave them out, so they describe " + grouped(r.indexes.length) + " of up to " + grouped(r.indexes.length + r.unknown) + " matching traces."));
        }
      });
      // Distributions on one axis: A and B, else the filter against all traces.
      dist.replaceChildren();
      var curves = [];
      if (a !== null) curves = [{ sorted: a.stats.sorted, cls: "s0", label: "A" }, { sorted: b.stats.sorted, cls: "s1", label: "B" }];
      else if (isActive(current)) curves = [{ sorted: allSorted(), cls: "s9", label: "All traces" },
        { sorted: b.stats.sorted, cls: "s1", label: "Filter" }];
      if (curves.length > 0) {
        var figure = el("figure", { class: "chart" });
        figure.appendChild(el("figcaption", {}, "Cumulative distribution of trace duration"));
        figure.appendChild(cdfChart(curves, "Share of traces (y) that take at most a duration (x): " +
          curves.map(function (s) { return s.label + " (" + grouped(s.sorted.length) + ")"; }).join(" and ")));
        var legend = el("ul", { class: "chart-legend" });
        curves.forEach(function (s) {
          var li = el("li", { class: s.cls });
          li.appendChild(el("span", { class: "swatch", "aria-hidden": "true" }));
          li.appendChild(document.createTextNode(s.label + " (" + grouped(s.sorted.length) + ")"));
          legend.appendChild(li);
        });
        figure.appendChild(legend);
        figure.appendChild(el("p", { class: "method" }, "A curve that reaches 100% further right has a longer tail; the horizontal gap between two curves at a share is the difference of that percentile."));
        dist.appendChild(figure);
      }
    }

    // -- Scatter --

    /** Where the chart would have drawn a trace (ScatterChart's scales); null off the axes. */
    function placer() {
      if (markGroup === null) return null;
      var xs = markGroup.getAttribute("data-x").split(" ").map(Number), ys = markGroup.getAttribute("data-y").split(" ");
      var log = ys[0] === "log", y = ys.slice(1).map(Number);
      return function (trace) {
        var t = data().originSeconds + trace.start / 1e9, v = trace.duration / 1e6;
        if (t < xs[0] || t > xs[1] || (log && !(v > 0))) return null;
        var fx = xs[1] === xs[0] ? 0.5 : (t - xs[0]) / (xs[1] - xs[0]);
        var fy = log ? (Math.log10(v) - Math.log10(y[0])) / (Math.log10(y[1]) - Math.log10(y[0])) : (v - y[0]) / (y[1] - y[0]);
        return { x: xs[2] + fx * (xs[3] - xs[2]), y: y[2] + fy * (y[3] - y[2]) };
      };
    }

    /** Draws the matching traces the plotted sample left out, up to ADDED_LIMIT. */
    var ADDED_LIMIT = 5000;
    function addMissing(b, a) {
      if (added !== null) { added.remove(); added = null; }
      var place = placer(), extra = [], left = 0;
      if (place === null || plottedIndexes.size >= data().traces.length) return 0;
      var wanted = new Set(b.indexes);
      if (a !== null) a.indexes.forEach(function (i) { wanted.add(i); });
      if (a === null && !isActive(current)) return 0;
      wanted.forEach(function (i) { if (!plottedIndexes.has(i)) { if (extra.length < ADDED_LIMIT) extra.push(i); else left++; } });
      added = svgEl("g", { class: "marks tx-added" });
      extra.forEach(function (i) {
        var trace = data().traces[i], p = place(trace);
        if (p === null) { left++; return; }
        var circle = svgEl("circle", { class: "mark" + (trace.errors > 0 ? " error" : ""), cx: p.x.toFixed(2), cy: p.y.toFixed(2), r: 3, "data-i": i });
        circle.appendChild(svgEl("title", {}, trace.service + ": " + trace.operation + " — " + ms(trace.duration) + " (not in the plotted sample)"));
        added.appendChild(circle);
      });
      markGroup.parentNode.insertBefore(added, markGroup.nextSibling);
      return left;
    }

    function paintScatter(b, a) {
      var activeB = isActive(current), plotted = 0, shownB = 0, shownA = 0;
      var left = addMissing(b, a);
      var circles = added === null ? marks : marks.concat(Array.from(added.children));
      circles.forEach(function (mark) {
        var attr = mark.getAttribute("data-i"), i = attr === null ? -1 : Number(attr);
        var inB = i >= 0 && b.flags[i] === 1, inA = a !== null && i >= 0 && a.flags[i] === 1;
        var cls = "";
        if (a !== null) cls = inA && inB ? "tx-ab" : inA ? "tx-a" : inB ? "tx-b" : "tx-dim";
        else if (activeB) cls = inB ? "" : "tx-dim";
        mark.classList.remove("tx-a", "tx-b", "tx-ab", "tx-dim");
        if (cls !== "") mark.classList.add(cls);
        if (i >= 0) plotted++;
        if (inB) shownB++;
        if (inA) shownA++;
      });
      var held = data().traces.length, text;
      if (a !== null) {
        text = "A: " + grouped(a.indexes.length) + " of " + grouped(held) + " traces match (blue) · B: " + grouped(b.indexes.length) +
          " of " + grouped(held) + " (orange); traces in both are purple, the rest fade.";
      } else if (activeB) {
        text = grouped(b.indexes.length) + " of " + grouped(held) + " traces match; the others fade.";
      } else {
        matchLine.hidden = true;
        return;
      }
      if (plottedIndexes.size < held) {
        text += " The plot samples " + grouped(plottedIndexes.size) + " of the " + grouped(held) + " traces; matches outside the sample are added";
        text += left > 0 ? ", except " + grouped(left) + " (at most " + grouped(ADDED_LIMIT) + " are added)." : ".";
      }
      matchLine.textContent = text;
      matchLine.hidden = false;
    }

    // -- Everything --

    var pinButton = summaryBox.querySelector("[data-role=pin]"), unpinButton = summaryBox.querySelector("[data-role=unpin]");
    var pinnedLabel = summaryBox.querySelector("[data-role=pinned]");

    /** The table's caption: what it lists — every trace or what the filter finds —, how many
        rows are shown, and the order. */
    function updateCaption(found, shown) {
      if (caption === null) return;
      var order = sortWords === null ? "slowest first" : "sorted by " + sortWords;
      var held = data().traces.length;
      caption.textContent = (isActive(current) ? "Filtered (" + describe(current) + "): " + grouped(found) + " of " + grouped(held) + " traces match"
        : "All " + grouped(held) + " traces" + (held < data().all.count ? " the page holds (of " + grouped(data().all.count) + ")" : "")) +
        ", " + order + (shown < found ? "; the first " + grouped(shown) + " are listed." : ".");
    }

    // -- The table: a window of the result --

    function timeOfDay(ms) {
      var d = new Date(ms), pad = function (n, w) { return String(n).padStart(w, "0"); };
      return pad(d.getUTCHours(), 2) + ":" + pad(d.getUTCMinutes(), 2) + ":" + pad(d.getUTCSeconds(), 2) + "." + pad(d.getUTCMilliseconds(), 3);
    }

    /** A row for record i, as TraceExplorer.swift writes one; a trace without a page gets a
        button that draws its waterfall here. */
    function rowFor(i) {
      var row = prerendered.get(i) || built.get(i);
      if (row !== undefined) return row;
      var t = data().traces[i], href = data().pages.get(i);
      row = el("tr", { "data-row": String(i) });
      var idCell = el("td");
      if (href !== undefined) idCell.appendChild(el("a", { href: href, class: "mono tid", title: t.id }, t.id));
      else { idCell.appendChild(el("span", { class: "mono tid", title: t.id }, t.id)); addWaterfallButton(idCell, i); }
      row.appendChild(idCell);
      row.appendChild(el("td", {}, t.service));
      row.appendChild(el("td", {}, t.operation));
      var start = el("td");
      start.appendChild(el("span", { class: "mono" }, timeOfDay(data().originMs + t.start / 1e6)));
      row.appendChild(start);
      row.appendChild(el("td", { class: "num" }, ms(t.duration)));
      row.appendChild(el("td", { class: "num" }, t.rank === 0 ? "p<1" : "p" + t.rank));
      row.appendChild(el("td", { class: "num" }, grouped(t.spans)));
      var errorCell = el("td", { class: "num" });
      if (t.errors > 0) errorCell.appendChild(el("span", { class: "err" }, grouped(t.errors))); else errorCell.textContent = "0";
      row.appendChild(errorCell);
      row.appendChild(el("td", {}, t.services.join(", ")));
      built.set(i, row);
      return row;
    }

    function addWaterfallButton(cell, i) {
      var button = el("button", { type: "button", class: "tx-btn tx-open", "data-open": String(i), title: "Draw this trace's waterfall in this page" }, "Waterfall");
      button.addEventListener("click", function () { openWaterfall(i); });
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(button);
    }

    /** The result in the table's order: records are slowest first, so the default order is theirs. */
    function ordered(indexes) {
      if (sortKey === "duration" && descending) return indexes;
      var traces = data().traces, out = indexes.slice();
      out.sort(function (a, b) {
        var x = sortValue(traces[a], sortKey), y = sortValue(traces[b], sortKey);
        var c = typeof x === "number" ? x - y : x.localeCompare(y, "en");
        if (c === 0) return a - b;
        return descending ? -c : c;
      });
      return out;
    }

    function renderTable(b) {
      lastResult = ordered(b.indexes);
      var shown = Math.min(shownCount, lastResult.length);
      var nodes = [];
      for (var k = 0; k < shown; k++) nodes.push(rowFor(lastResult[k]));
      // The same rows stay put: an update on blur (a number box's change event) must not move
      // the link being clicked between mousedown and click.
      var same = tbody.children.length === nodes.length && nodes.every(function (n, k) { return tbody.children[k] === n; });
      if (!same) tbody.replaceChildren.apply(tbody, nodes);
      moreBox.hidden = shown >= lastResult.length;
      var left = lastResult.length - shown;
      moreButton.textContent = "Show " + grouped(Math.min(PAGE, left)) + " more";
      shownText.textContent = grouped(shown) + " of " + grouped(lastResult.length) + " listed";
      updateCaption(lastResult.length, shown);
      return shown;
    }

    // -- The waterfall of a trace without a page, from the embedded spans --

    /** Draws trace i's waterfall in the section under the table: rows in tree order (children by
        start), indented by depth, bars on the trace's time axis, errors and orphans marked; a
        row's name shows its attributes. Spans not in the page: says how to get a page. */
    function openWaterfall(i) {
      var t = data().traces[i], m = data(), box = wfBox.querySelector("[data-role=waterfall]");
      var title = wfBox.querySelector("[data-role=wf-title]");
      title.textContent = "Waterfall of " + t.service + ": " + t.operation;
      var parts = [];
      var lede = el("p", { class: "method" });
      lede.append("Trace ", el("code", {}, t.id), " · " + ms(t.duration) + " · " + grouped(t.spans) + " spans · " + grouped(t.errors) + " errors. " +
        "Drawn in this page from its embedded spans; for a page with the critical path, events and every span's resource, render with ");
      lede.appendChild(el("code", {}, "--trace " + t.id));
      lede.append(".");
      parts.push(lede);
      var close = el("button", { type: "button", class: "tx-btn", "data-role": "wf-close" }, "Close");
      close.addEventListener("click", function () { wfBox.hidden = true; });
      parts.push(close);
      if (t.firstSpan < 0) {
        parts.push(el("p", { class: "wf-flag" }, "This trace's spans are not in the page (its size bound keeps the spans of the slowest traces): render with --trace " + t.id + " to see them."));
      } else {
        parts.push(waterfallRows(m, t));
      }
      box.replaceChildren.apply(box, parts);
      wfBox.hidden = false;
      wfBox.scrollIntoView();
      wfBox.focus();
    }

    var WF_LIMIT = 5000;
    function waterfallRows(m, t) {
      var n = t.spans, first = t.firstSpan, children = new Array(n), roots = [];
      for (var k = 0; k < n; k++) children[k] = [];
      for (k = 0; k < n; k++) {
        var p = m.parent[first + k];
        if (p === 0) roots.push(k); else children[(p - 1) >> 1].push(k);
      }
      var list = el("div", { class: "wf tx-wf" });
      var axis = el("div", { class: "wf-axis", "aria-hidden": "true" });
      axis.appendChild(el("div", {}, "Service: operation"));
      var ticks = el("div", { class: "ticks" });
      linearTicks(Math.max(t.duration, 1) / 1e6).slice(0, 6).forEach(function (v) {
        if (v * 1e6 > t.duration * 1.0001 && v > 0) return;
        var tick = el("span", {}, Number(v.toPrecision(6)).toLocaleString("en-US") + " ms");
        tick.style.left = (t.duration > 0 ? v * 1e6 / t.duration * 100 : 0).toFixed(3) + "%";
        ticks.appendChild(tick);
      });
      axis.appendChild(ticks);
      list.appendChild(axis);
      var stack = roots.slice().reverse().map(function (r) { return [r, 0]; }), drawn = 0;
      while (stack.length > 0 && drawn < WF_LIMIT) {
        var top = stack.pop(), s = first + top[0], depth = top[1];
        list.appendChild(waterfallRow(m, t, s, depth));
        drawn++;
        for (var c = children[top[0]].length - 1; c >= 0; c--) stack.push([children[top[0]][c], depth + 1]);
      }
      var box = el("div", {});
      box.appendChild(list);
      if (drawn < n) box.appendChild(el("p", { class: "wf-flag" }, "The first " + grouped(drawn) + " of " + grouped(n) + " spans (in tree order) are drawn."));
      return box;
    }

    function waterfallRow(m, t, s, depth) {
      var service = m.resources[m.resource[s]].service, status = m.statusKind[s] >> 3;
      var row = el("div", { class: "wf-row" + (status === 2 ? " error" : ""), "data-span": String(s - t.firstSpan) });
      var name = el("span", { class: "wf-name" });
      name.style.paddingLeft = (depth * 0.9).toFixed(1) + "em";
      var toggle = el("button", { type: "button", class: "tx-span", "aria-expanded": "false" });
      toggle.appendChild(el("span", { class: "svc " + (data().colours.get(service) || "c9"), "aria-hidden": "true" }));
      toggle.appendChild(document.createTextNode(service + ": " + m.strings[m.name[s]]));
      name.appendChild(toggle);
      if ((m.parent[s] & 1) === 0 && m.parent[s] !== 0) name.appendChild(el("span", { class: "wf-flag", title: "parent span not in the snapshot" }, "⚠ orphan"));
      var attrs = el("span", { class: "attrs", hidden: "hidden" });
      var texts = [];
      for (var p = m.firstPair[s]; p < m.firstPair[s + 1]; p++) {
        var pair = m.pairs[m.pairIndexes[p]], v = pair.value;
        texts.push(pair.key + "=" + (v.t === "left-out" ? "(over 200 characters, left out)" : String(v.v)));
      }
      texts.push("kind=" + ["unspecified", "internal", "server", "client", "producer", "consumer"][m.statusKind[s] & 7],
        "status=" + ["unset", "ok", "error"][status], "starts at +" + ms(m.start[s]));
      attrs.textContent = texts.join(" · ");
      name.appendChild(attrs);
      toggle.addEventListener("click", function () {
        attrs.hidden = !attrs.hidden;
        toggle.setAttribute("aria-expanded", attrs.hidden ? "false" : "true");
      });
      var track = el("span", { class: "wf-track" });
      var total = Math.max(t.duration, 1), left = m.start[s] / total * 100, width = m.duration[s] / total * 100;
      var bar = el("span", { class: "wf-bar " + (data().colours.get(service) || "c9"), title: service + ": " + m.strings[m.name[s]] + " — " + ms(m.duration[s]) });
      bar.style.left = left.toFixed(3) + "%";
      bar.style.width = width.toFixed(3) + "%";
      track.appendChild(bar);
      var end = left + width, label = el("span", { class: end > 80 ? "wf-dur inside" : "wf-dur" }, ms(m.duration[s]));
      if (end > 80) label.style.right = (100 - end).toFixed(3) + "%"; else label.style.left = end.toFixed(3) + "%";
      track.appendChild(label);
      row.append(name, track);
      return row;
    }

    /** Each service button counts the traces with a span of that service which the rest of the
        filter (expression, duration, errors) finds: "name (n of total)" while one is set. */
    function updateServiceCounts(b) {
      var traces = data().traces;
      if (serviceTotals === null) {
        serviceTotals = new Map();
        traces.forEach(function (t) { t.services.forEach(function (s) { serviceTotals.set(s, (serviceTotals.get(s) || 0) + 1); }); });
      }
      var rest = { expr: current.expr, terms: current.terms, service: "", min: current.min, max: current.max, errors: current.errors };
      var active = isActive(rest), found = new Map();
      var indexes = current.service === "" ? b.indexes : evaluate(rest).indexes;
      if (active) indexes.forEach(function (i) { traces[i].services.forEach(function (s) { found.set(s, (found.get(s) || 0) + 1); }); });
      serviceButtons.forEach(function (button) {
        var name = button.getAttribute("data-service");
        if (name === "" || !serviceTotals.has(name)) return;
        var total = serviceTotals.get(name);
        button.textContent = name + " (" + (active ? grouped(found.get(name) || 0) + " of " : "") + grouped(total) + ")";
      });
    }

    function update(history) {
      var b = evaluate(current), a = pinned === null ? null : evaluate(pinned);
      var held = data().traces.length;
      var text = grouped(b.indexes.length) + " of " + grouped(held) + " traces";
      if (held < data().all.count) text += " the page holds (of " + grouped(data().all.count) + ")";
      if (b.unknown > 0) text += "; " + grouped(b.unknown) + " more undecided (their spans are not in the page, and their records cannot settle the expression), so " +
        grouped(b.indexes.length) + " to " + grouped(b.indexes.length + b.unknown) + " match: render with --where to filter them exactly";
      var why = b.indexes.length === 0 ? explain(current.terms, data().traces) : null;
      if (why !== null) text += ". Why none: " + why + ".";
      if (invalid) text = "Not updated — the expression has an error; showing the last valid one (" + (current.expr.trim() === "" ? "none" : current.expr.trim()) + "): " + text;
      count.textContent = text;
      root.classList.toggle("tx-stale", invalid);
      renderSummary(b, a);
      paintScatter(b, a);
      shownCount = PAGE;
      renderTable(b);
      updateServiceCounts(b);
      unpinButton.hidden = pinned === null;
      pinButton.textContent = pinned === null ? "Pin as A" : "Pin as A again";
      pinnedLabel.textContent = pinned === null ? "Type a filter, pin it as A, then type another as B." : "A is pinned: change the filter to set B.";
      if (history) writeHistory(history);
    }

    function fragment() {
      var pairs = [];
      writeFilter(pairs, "a", pinned);
      writeFilter(pairs, "b", isActive(current) || pinned !== null ? current : null);
      return pairs.join("&");
    }

    /** Keeps the state in the address: "replace" while typing, "push" on pin and unpin. */
    function writeHistory(mode) {
      var state = fragment(), now = location.hash.replace(/^#/, "");
      if (state === now) return;
      if (state === "" && readFragment(location.hash) === null) return;  // leave an element id alone
      var url = location.pathname + location.search + (state === "" ? "" : "#" + state);
      if (mode === "push") history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }

    /** The form shows filter f (B); its expression is parsed (an error is shown, not thrown). */
    function showFilter(f) {
      input.value = f.expr;
      minBox.value = f.min === null ? "" : String(f.min);
      maxBox.value = f.max === null ? "" : String(f.max);
      errorsOnly.checked = f.errors;
      selectService(f.service);
      readForm();
    }

    function selectService(name) {
      var found = serviceButtons.some(function (b) { return b.getAttribute("data-service") === name; });
      current.service = found ? name : "";
      serviceButtons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-service") === current.service ? "true" : "false"); });
    }

    /** Reads the form into the current filter, keeping the last valid expression on an error. */
    function readForm() {
      try {
        current.terms = parse(input.value);
        current.expr = input.value;
        invalid = false;
        showError(null);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        invalid = true;
        showError(e);
      }
      current.min = milliseconds(minBox);
      current.max = milliseconds(maxBox);
      current.errors = errorsOnly.checked;
    }

    function withTerms(f) {
      try { f.terms = parse(f.expr); } catch (e) { if (!(e instanceof FilterError)) throw e; f.terms = []; f.expr = ""; }
      return f;
    }

    /** Applies the fragment's state; false when it holds none. */
    function applyFragment() {
      var params = readFragment(location.hash);
      if (params === null) return false;
      var a = filterFrom(params, "a"), b = filterFrom(params, "b");
      pinned = a === null ? null : withTerms(a);
      current = emptyFilter();
      showFilter(b === null ? emptyFilter() : b);
      update(null);
      if (root.getBoundingClientRect().top > window.innerHeight) root.scrollIntoView();
      return true;
    }

    function sortBy(key) {
      if (key === sortKey) descending = !descending;
      else { sortKey = key; descending = NUMERIC.has(key); }
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        if (th.getAttribute("data-sort") === key) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      // The caption said "slowest first"; say what the order is now.
      var header = root.querySelector("th[data-sort=\"" + key + "\"]");
      if (header !== null) sortWords = header.textContent.trim().toLowerCase() + (descending ? ", descending" : ", ascending");
      renderTable({ indexes: lastResult === null ? evaluate(current).indexes : lastResult.slice().sort(function (x, y) { return x - y; }) });
    }

    moreButton.addEventListener("click", function () {
      shownCount += PAGE;
      var from = Math.min(shownCount - PAGE, lastResult.length), to = Math.min(shownCount, lastResult.length);
      var nodes = [];
      for (var k = from; k < to; k++) nodes.push(rowFor(lastResult[k]));
      tbody.append.apply(tbody, nodes);
      moreBox.hidden = to >= lastResult.length;
      moreButton.textContent = "Show " + grouped(Math.min(PAGE, lastResult.length - to)) + " more";
      shownText.textContent = grouped(to) + " of " + grouped(lastResult.length) + " listed";
      updateCaption(lastResult.length, to);
    });
    prerendered.forEach(function (row, i) {
      var cell = row.querySelector("td");
      if (cell !== null && cell.querySelector("a") === null) addWaterfallButton(cell, i);
    });
    // Scatter points of traces without a page open their waterfall here.
    marks.forEach(function (mark) {
      if (mark.closest("a") !== null || mark.getAttribute("data-i") === null) return;
      mark.classList.add("tx-opens");
      mark.addEventListener("click", function () { openWaterfall(Number(mark.getAttribute("data-i"))); });
    });

    root.querySelectorAll("th[data-sort]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tx-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(th.getAttribute("data-sort")); });
    });
    serviceButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        selectService(button.getAttribute("data-service"));
        update("replace");
      });
    });
    pinButton.addEventListener("click", function () {
      pinned = { expr: current.expr, terms: current.terms, service: current.service, min: current.min, max: current.max, errors: current.errors };
      update("push");
    });
    unpinButton.addEventListener("click", function () { pinned = null; update("push"); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", function () { readForm(); update("replace"); });
    [minBox, maxBox, errorsOnly].forEach(function (box) {
      box.addEventListener("input", function () { readForm(); update("replace"); });
      box.addEventListener("change", function () { readForm(); update("replace"); });
    });
    window.addEventListener("hashchange", applyFragment);
    // Back to an entry without a fragment clears the filter; a fragment that names an element
    // (a waterfall of the single file, a section) leaves the filter as it is.
    window.addEventListener("popstate", function () {
      if (!applyFragment() && location.hash.replace(/^#/, "") === "") { pinned = null; current = emptyFilter(); showFilter(emptyFilter()); update(null); }
    });
    root.querySelectorAll(".tx-nojs").forEach(function (p) { p.hidden = true; });
    // On the trace page the skip link leads straight to the filter box (past the nav and the
    // links above it); in the single file it keeps leading to the content.
    var skip = document.querySelector("a.skip-link");
    if (skip !== null && input.id !== "" && document.querySelector("section.page") === null) {
      skip.setAttribute("href", "#" + input.id);
      skip.textContent = "Skip to the trace filter";
    }
    form.hidden = false;
    summaryBox.hidden = false;
    // A finding links here as traces.html?where=EXPR: start with its filter in the box.
    var asked = null;
    try { asked = new URLSearchParams(window.location.search).get("where"); } catch (e) { asked = null; }
    if (asked !== null && input.value === "") input.value = asked;
    if (applyFragment()) return;
    var restored = input.value !== "" || minBox.value !== "" || maxBox.value !== "" || errorsOnly.checked;
    if (restored) { readForm(); update("replace"); }  // the browser kept the form's values (back navigation)
    else setTimeout(function () { if (model === null) update(null); }, 0);  // the "all traces" row, once the page is drawn
  }

  document.querySelectorAll(".trace-explorer[data-source]").forEach(explorer);

  // ---- Single file: the nav highlight follows the section in view ----------------------------

  /** In the single-file report every nav link is "#page-id" and each page is a section.page:
      mark (aria-current) the link of the last page section whose top has passed the header's
      bottom (or the scroll padding, where a link puts its target); a waterfall (#trace-…) belongs to Traces. Checked once per frame while scrolling. */
  function followNav() {
    var nav = document.querySelector("header.top nav");
    if (!nav) return;
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("main section.page[id]"));
    if (links.length === 0 || sections.length === 0) return;
    var byId = {};
    links.forEach(function (a) { byId[a.getAttribute("href").slice(1)] = a; });
    var header = document.querySelector("header.top"), pending = false;
    function mark() {
      pending = false;
      // A link scrolls its target to the scroll padding below the header: count that as in view.
      var padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
      var line = Math.max(header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0, padding) + 4;
      var current = null;
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].getBoundingClientRect().top > line) break;
        var id = sections[i].id;
        current = byId[id] || (id.indexOf("trace-") === 0 ? byId.traces : null) || current;
      }
      if (current === null) current = links[0];
      links.forEach(function (a) {
        if (a === current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
      });
    }
    function schedule() { if (!pending) { pending = true; window.requestAnimationFrame(mark); } }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("hashchange", schedule);
    window.addEventListener("resize", schedule);
    schedule();
  }
  followNav();
})(OtelFilter);
