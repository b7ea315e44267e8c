/* otel-report: the trace table's filter box, quick filters and sorting (traces.html), over the
   filter language of filter-language.js. Inline, no dependencies, no network. The page works
   without it: the table is pre-sorted and the controls stay hidden. Listeners are attached here
   (no inline handlers, DESIGN section 6). */
(function (Filter) {
  "use strict";
  if (typeof document === "undefined") return;
  var parse = Filter.parse, load = Filter.load, traceMatches = Filter.traceMatches;
  var FilterError = Filter.FilterError, characters = Filter.characters;

  // ---- The page ----------------------------------------------------------------------------

  var NUMERIC = new Set(["start", "duration", "rank", "spans", "errors"]);
  function grouped(n) { return n.toLocaleString("en-US"); }

  function sortValue(trace, key) {
    if (key === "services") return trace.services.join(", ");
    return trace[key];
  }

  function explorer(root) {
    var source = document.getElementById(root.getAttribute("data-source"));
    var form = root.querySelector(".tx-controls"), tbody = root.querySelector("tbody");
    if (source === null || form === null || tbody === null) return;
    // The embedded data is decoded on first use, not at load: a page of 2,000 traces then opens
    // as fast as it would without the script.
    var model = null;
    function data() {
      if (model === null) model = load(JSON.parse(source.textContent));
      return model;
    }
    var rows = Array.from(tbody.querySelectorAll("tr[data-row]"));
    var input = form.querySelector("[data-role=expr]"), errorBox = form.querySelector("[data-role=error]");
    var minBox = form.querySelector("[data-role=min]"), maxBox = form.querySelector("[data-role=max]");
    var errorsOnly = form.querySelector("[data-role=errors]"), count = form.querySelector("[data-role=count]");
    var serviceButtons = Array.from(form.querySelectorAll("button[data-service]"));
    var service = "", terms = [];
    var sortKey = "duration", descending = true;

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
      return Number.isFinite(v) ? v * 1e6 : null;
    }

    function update() {
      var min = milliseconds(minBox), max = milliseconds(maxBox), shown = 0, unsearchable = 0;
      rows.forEach(function (row) {
        var trace = data().traces[Number(row.getAttribute("data-row"))];
        var match = traceMatches(terms, trace);
        if (match === null) unsearchable++;
        var keep = match === true && (service === "" || trace.services.indexOf(service) !== -1) &&
          (min === null || trace.duration >= min) && (max === null || trace.duration <= max) &&
          (!errorsOnly.checked || trace.errors > 0);
        row.hidden = !keep;
        if (keep) shown++;
      });
      var text = grouped(shown) + " of " + grouped(rows.length) + " traces";
      if (unsearchable > 0) text += " (" + grouped(unsearchable) + " without embedded spans left out while an expression is set)";
      count.textContent = text;
    }

    function onExpression() {
      try {
        terms = parse(input.value);
        showError(null);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        showError(e);  // keep the last valid expression's result
      }
      update();
    }

    function sortBy(key) {
      if (key === sortKey) descending = !descending;
      else { sortKey = key; descending = NUMERIC.has(key); }
      var ordered = rows.map(function (row) { return { row: row, trace: data().traces[Number(row.getAttribute("data-row"))] }; });
      ordered.sort(function (a, b) {
        var x = sortValue(a.trace, key), y = sortValue(b.trace, key);
        var c = typeof x === "number" ? x - y : x.localeCompare(y, "en");
        if (c === 0) c = Number(a.row.getAttribute("data-row")) - Number(b.row.getAttribute("data-row"));
        else if (descending) c = -c;
        return c;
      });
      var fragment = document.createDocumentFragment();
      ordered.forEach(function (o) { fragment.appendChild(o.row); });
      tbody.appendChild(fragment);
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        if (th.getAttribute("data-sort") === key) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      // The caption said "slowest first"; say what the order is now.
      var caption = root.querySelector("caption"), header = root.querySelector("th[data-sort=\"" + key + "\"]");
      if (caption !== null && header !== null) {
        if (!caption.hasAttribute("data-base")) caption.setAttribute("data-base", caption.textContent.replace(/, slowest first\.$/, "."));
        caption.textContent = caption.getAttribute("data-base") + " Sorted by " + header.textContent.trim().toLowerCase() +
          (descending ? ", descending." : ", ascending.");
      }
    }

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
        service = button.getAttribute("data-service");
        serviceButtons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
        update();
      });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", onExpression);
    [minBox, maxBox, errorsOnly].forEach(function (box) { box.addEventListener("input", update); box.addEventListener("change", update); });
    root.querySelectorAll(".tx-nojs").forEach(function (p) { p.hidden = true; });
    form.hidden = false;
    // A finding links here as traces.html?where=EXPR: start with its filter in the box.
    var asked = null;
    try { asked = new URLSearchParams(window.location.search).get("where"); } catch (e) { asked = null; }
    if (asked !== null && input.value === "") input.value = asked;
    var restored = input.value !== "" || minBox.value !== "" || maxBox.value !== "" || errorsOnly.checked;
    if (restored) onExpression();  // the browser kept the form's values (back navigation)
    else count.textContent = grouped(rows.length) + " of " + grouped(rows.length) + " traces";
  }

  document.querySelectorAll(".trace-explorer[data-source]").forEach(explorer);
})(OtelFilter);
