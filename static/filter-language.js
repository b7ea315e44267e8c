/* otel-report: the --where filter language of DESIGN section 1 in JavaScript, for the trace
   table of traces.html, with the same semantics and error messages as the Swift implementation
   (SpanFilter, FilterParser, FilterAttributeTest), checked against it by TraceFilterScriptTests.
   Data layout: see TraceTableData.swift. The page code is trace-explorer.js; the two are joined
   into one inline script. */
var OtelFilter = (function () {
  "use strict";

  // ---- The filter language -------------------------------------------------------------

  // Swift's Character.isWhitespace: the Unicode White_Space property of the first scalar.
  var SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
  var FIELDS = new Map([
    ["service", "service=frontend"], ["name", "name=\"GET /api\""], ["duration", "duration>250ms"],
    ["status", "status=error"], ["kind", "kind=server"],
    ["trace", "trace=4bf92f3577b34da6a3ce929d0e0e4736"], ["traceId", "traceId=4bf92f3577b34da6a3ce929d0e0e4736"]
  ]);
  var ORDERING = new Set([">", ">=", "<", "<="]);
  var STATUSES = ["unset", "ok", "error"];
  var KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];
  var UNITS = new Map([["ns", 1], ["us", 1e3], ["\u00b5s", 1e3], ["\u03bcs", 1e3], ["ms", 1e6], ["s", 1e9], ["m", 60e9], ["h", 3600e9]]);
  var INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

  /** Characters as Swift counts them (grapheme clusters), so error positions agree. */
  function characters(text) {
    if (typeof Intl === "object" && Intl.Segmenter) {
      return Array.from(new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text), function (s) { return s.segment; });
    }
    return Array.from(text);
  }

  /** Swift's String equality is canonical equivalence; NFC text compares the same way. */
  function norm(s) { return s.normalize("NFC"); }

  function FilterError(position, message) { this.position = position; this.message = message; }
  FilterError.prototype.toString = function () { return "position " + this.position + ": " + this.message; };
  function fail(position, message) { throw new FilterError(position, message); }

  /** FilterAttributeTest.Literal.decimalNumber: a plain decimal number, else null. */
  function decimalNumber(text) {
    var mantissa = 0, exponent = 0, point = false, sawE = false, previous = "";
    for (var i = 0; i !== text.length; i++) {
      var c = text[i];
      if (c >= "0" && c <= "9") { if (sawE) exponent++; else mantissa++; }
      else if (c === "+" || c === "-") { if (!(previous === "" || previous === "e" || previous === "E")) return null; }
      else if (c === ".") { if (point || sawE) return null; point = true; }
      else if (c === "e" || c === "E") { if (mantissa === 0 || sawE) return null; sawE = true; }
      else return null;
      previous = c;
    }
    if (mantissa === 0 || (sawE && exponent === 0)) return null;
    return Number(text);
  }

  /** A term's value converted once to every type it may be compared as. */
  function literal(text, quoted) {
    var lit = { text: text, norm: norm(text), bool: null, num: null, int: null, quoted: quoted };
    if (quoted) return lit;
    lit.bool = text === "true" ? true : text === "false" ? false : null;
    lit.num = decimalNumber(text);
    if (lit.num !== null && /^[+-]?[0-9]+$/.test(text)) {
      var n = BigInt(text);
      if (n >= INT64_MIN && n <= INT64_MAX) lit.int = n;
    }
    return lit;
  }

  /** Parses an expression into terms; throws FilterError with a 1-based character position. */
  function parse(text) {
    var cs = characters(text), i = 0, terms = [];
    function atEnd() { return i >= cs.length; }
    function atSpaceOrEnd() { return atEnd() || SPACE.test(cs[i]); }
    function pos() { return i + 1; }
    function at(offset) { return i + offset < cs.length ? cs[i + offset] : null; }
    function operatorSymbol() {
      if (atEnd()) return null;
      var c = cs[i], next = at(1);
      if (c === "=") return "=";
      if (c === "!" && next === "=") return "!=";
      if (c === ">") return next === "=" ? ">=" : ">";
      if (c === "<") return next === "=" ? "<=" : "<";
      return null;
    }
    function quoted() {
      var opening = pos(), s = "";
      i++;
      while (!atEnd()) {
        var c = cs[i], escaped = at(1);
        if (c === "\"") { i++; return s; }
        if (c === "\\" && escaped !== null) {
          if (escaped !== "\"" && escaped !== "\\") fail(pos(), "unknown escape '\\" + escaped + "' in a quoted string: expected \\\" or \\\\");
          s += escaped; i += 2; continue;
        }
        s += c; i++;
      }
      fail(opening, "unterminated quoted string: expected a closing '\"'");
    }
    function key() {
      if (atSpaceOrEnd()) fail(pos(), "expected a key after '!'");
      var start = pos(), s = "";
      if (cs[i] === "\"") return { text: quoted(), quoted: true, position: start };
      while (!atSpaceOrEnd() && ["=", "!", "<", ">", "\""].indexOf(cs[i]) === -1) { s += cs[i]; i++; }
      if (s === "") fail(pos(), "expected a key before '" + (operatorSymbol() || cs[i]) + "'");
      if (!atEnd() && cs[i] === "\"") fail(pos(), "unexpected '\"' in key '" + s + "': quote the whole key");
      return { text: s, quoted: false, position: start };
    }
    function comparison() {
      if (atSpaceOrEnd()) return null;
      var symbol = operatorSymbol();
      if (symbol === null) {
        if (cs[i] === "!") fail(pos() + 1, "expected '=' after '!'");
        fail(pos(), "expected an operator (=, !=, >, >=, <, <=) or a space after the key, found '" + cs[i] + "'");
      }
      i += symbol.length;
      return symbol;
    }
    function value() {
      var start = pos(), s = "";
      if (cs[i] === "\"") {
        s = quoted();
        if (!atSpaceOrEnd()) fail(pos(), "expected a space after the closing quote, found '" + cs[i] + "'");
        return { text: s, quoted: true, position: start };
      }
      while (!atSpaceOrEnd()) {
        if (cs[i] === "\"") fail(pos(), "unexpected '\"' inside a value: quote the whole value, e.g. key=\"a b\"");
        s += cs[i]; i++;
      }
      return { text: s, quoted: false, position: start };
    }
    function term() {
      var start = pos();
      var negated = cs[i] === "!" && at(1) !== "=";
      if (negated) i++;
      var k = key(), operatorPosition = pos(), op = comparison();
      if (op === null) return resolveExists(k, negated, start);
      if (negated) {
        fail(operatorPosition, "unexpected '" + op + "' after '!" + k.text + "': '!key' only tests that a key is absent; compare with " + k.text + "!=value");
      }
      if (atSpaceOrEnd()) fail(pos(), "expected a value after '" + op + "'");
      return resolveComparison(k, op, value(), operatorPosition);
    }
    for (;;) {
      while (!atEnd() && SPACE.test(cs[i])) i++;
      if (atEnd()) return terms;
      var from = i, t = term();
      t.source = cs.slice(from, i).join("");  // the term as written, for explanations
      terms.push(t);
    }
  }

  function fieldOf(k) { return !k.quoted && FIELDS.has(k.text) ? k.text : null; }

  /** The attribute key a written key names: a quoted key as it is, a bare key without attr. */
  function attributeKey(k) {
    var cs = characters(k.text);
    if (k.quoted || cs.slice(0, 5).join("") !== "attr." || cs.length < 5) return norm(k.text);
    if (cs.length === 5) fail(k.position + 5, "expected an attribute key after 'attr.'");
    return norm(cs.slice(5).join(""));
  }

  function resolveExists(k, negated, termPosition) {
    var field = fieldOf(k);
    if (field !== null) {
      fail(termPosition, "'" + field + "' is a span field that every span has: compare it, e.g. " + FIELDS.get(field) + ", or write attr." + field + " for an attribute");
    }
    return { type: "attribute", key: attributeKey(k), op: negated ? "absent" : "exists", lit: null };
  }

  function resolveComparison(k, op, v, operatorPosition) {
    var field = fieldOf(k);
    if (field === null) {
      var lit = literal(v.text, v.quoted);
      if (ORDERING.has(op) && lit.num === null) {
        fail(v.position, "expected a number after '" + op + "', found " + (v.quoted ? "quoted text" : "'" + v.text + "'"));
      }
      return { type: "attribute", key: attributeKey(k), op: op, lit: lit };
    }
    if (field === "duration") return { type: "duration", op: op, nanos: durationNanos(v) };
    if (ORDERING.has(op)) fail(operatorPosition, "operator '" + op + "' does not apply to '" + k.text + "': use = or !=");
    var term = { type: field, equal: op === "=", text: norm(v.text), code: -1 };
    if (field === "status" || field === "kind") {
      var names = field === "status" ? STATUSES : KINDS;
      // Exact, as every other value compares (FilterParser+Fields.swift): a name that differs
      // only in case is an error naming the spelling to use.
      term.code = names.indexOf(v.text);
      if (term.code === -1) {
        var lower = names.indexOf(v.text.toLowerCase());
        var hint = lower === -1 ? "" : " (values compare case-sensitively, as attribute values do: write " + names[lower] + ")";
        fail(v.position, (field === "status" ? "unknown status '" + v.text + "': expected error, ok or unset"
          : "unknown span kind '" + v.text + "': expected server, client, internal, producer, consumer or unspecified") + hint);
      }
    } else if (field === "trace" || field === "traceId") {
      if (!/^[0-9a-fA-F]{1,32}$/.test(v.text)) fail(v.position, "trace id '" + v.text + "': expected 1 to 32 hex digits");
      term.type = "trace";
      term.text = v.text.toLowerCase().padStart(32, "0");
      // 8 to 31 digits also match as a prefix of the 32-digit id (TraceIDMatch.swift).
      term.prefix = v.text.length >= 8 && v.text.length < 32 ? v.text.toLowerCase() : null;
    }
    return term;
  }

  /** A duration value in nanoseconds (a plain number is milliseconds), rounded. */
  function durationNanos(v) {
    var cs = characters(v.text), end = 0;
    while (end !== cs.length && /^[0-9.]$/.test(cs[end])) end++;
    var number = cs.slice(0, end).join(""), unit = cs.slice(end).join("");
    var scale = unit === "" ? 1e6 : UNITS.get(unit);
    if (scale === undefined || !/[0-9]/.test(number) || number.split(".").length > 2) {
      fail(v.position, "duration value '" + v.text + "': expected a number with unit ns, us, ms, s, m or h");
    }
    var nanos = Math.round(Number(number) * scale);
    if (!(nanos < 9223372036854775808)) fail(v.position, "duration value '" + v.text + "' is too large");
    return nanos;
  }

  // ---- Evaluation over the embedded data -------------------------------------------------

  function holds(op, a, b) {
    switch (op) {
      case "=": return a === b;
      case "!=": return a !== b;
      case ">": return a > b;
      case ">=": return a >= b;
      case "<": return a < b;
      default: return a <= b;
    }
  }

  /** An embedded attribute value (see TraceTableData) as { t: kind, v: value }. */
  function decodeValue(typed, raw, strings) {
    if (!typed) {
      if (raw === null) return { t: "left-out" };
      if (typeof raw === "boolean") return { t: "bool", v: raw };
      return Number.isSafeInteger(raw) ? { t: "int", v: BigInt(raw) } : { t: "double", v: raw };
    }
    if (typeof raw === "number") return { t: "string", v: strings[raw] };
    var tag = raw[0], rest = raw.slice(1);
    if (tag === "i") return { t: "int", v: BigInt(rest) };
    if (tag === "f") return { t: "double", v: Number(rest) };
    return { t: "text", v: norm(rest) };
  }

  function equals(value, lit) {
    switch (value.t) {
      case "string": return value.v === lit.norm;
      case "text": return value.v === lit.norm;
      case "bool": return lit.bool === value.v;
      case "int":
        if (lit.int !== null) return value.v === lit.int;
        return lit.num !== null && Number(value.v) === lit.num;
      case "double": return lit.num !== null && value.v === lit.num;
      default: return false;
    }
  }

  function orders(value, op, lit) {
    switch (value.t) {
      case "int": return lit.int !== null ? holds(op, value.v, lit.int) : holds(op, Number(value.v), lit.num);
      case "double": return holds(op, value.v, lit.num);
      case "string":
        var n = decimalNumber(value.v);
        return n !== null && holds(op, n, lit.num);
      default: return false;
    }
  }

  /** FilterAttributeTest.matches: `value` undefined is an absent key. */
  function attributeHolds(term, value) {
    if (value === undefined) return term.op === "absent";
    if (term.op === "exists") return true;
    if (term.op === "absent") return false;
    if (term.op === "=") return equals(value, term.lit);
    if (term.op === "!=") return !equals(value, term.lit);
    return orders(value, term.op, term.lit);
  }

  /** Attribute pairs of a row from `start` as a Map (first occurrence of a key wins). */
  function attributes(row, start, strings) {
    var map = new Map();
    for (var i = start; i + 1 < row.length; i += 2) {
      var typed = row[i] < 0, key = strings[typed ? -1 - row[i] : row[i]];
      if (!map.has(key)) map.set(key, decodeValue(typed, row[i + 1], strings));
    }
    return map;
  }

  /** Bytes of a base64 text. */
  function bytesOf(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  /** `count` varints (VarintColumn.swift) from reader.at, into a typed array of `Type`;
      zigzag-mapped when `signed`. */
  function readColumn(reader, count, Type, signed) {
    var bytes = reader.bytes, p = reader.at, out = new Type(count);
    for (var k = 0; k < count; k++) {
      var v = 0, mul = 1, b;
      do { b = bytes[p++]; v += (b & 127) * mul; mul *= 128; } while (b >= 128);
      out[k] = !signed ? v : v % 2 === 0 ? v / 2 : -(v + 1) / 2;
    }
    reader.at = p;
    return out;
  }

  var HEX = Array.from({ length: 256 }, function (_, b) { return (b < 16 ? "0" : "") + b.toString(16); });

  /** The embedded data (version 3, TraceTableData.swift), decoded once: a record per trace and
      the span columns of the searchable traces. */
  function load(data) {
    var strings = data.strings.map(norm);
    var resources = data.resources.map(function (r) { return { service: strings[r[0]], attributes: attributes(r, 1, strings) }; });
    var pairs = data.pairs.map(function (p) {
      var typed = p[0] < 0;
      return { key: strings[typed ? -1 - p[0] : p[0]], value: decodeValue(typed, p[1], strings) };
    });
    var sets = data.serviceSets.map(function (s) { return s.map(function (k) { return data.strings[k]; }); });
    var R = data.records, S = data.spanCount;
    var t = { bytes: bytesOf(data.traceColumns), at: R * 16 };
    var ids = t.bytes;
    var start = readColumn(t, R, Float64Array), duration = readColumn(t, R, Float64Array, true);
    var rank = readColumn(t, R, Int32Array), shape = readColumn(t, R, Int32Array);
    var shapes = data.shapes;
    var c = { bytes: bytesOf(data.spanColumns), at: 0 };
    var model = { strings: strings, resources: resources, pairs: pairs, spanCount: S, originMs: data.originMs };
    model.resource = readColumn(c, S, Int32Array);
    model.name = readColumn(c, S, Int32Array);
    model.statusKind = readColumn(c, S, Int32Array);
    model.parent = readColumn(c, S, Int32Array);
    model.start = readColumn(c, S, Float64Array);
    model.duration = readColumn(c, S, Float64Array);
    var counts = readColumn(c, S, Int32Array), firstPair = new Int32Array(S + 1);
    for (var s = 0; s < S; s++) firstPair[s + 1] = firstPair[s] + counts[s];
    model.firstPair = firstPair;
    model.pairIndexes = readColumn(c, firstPair[S], Int32Array);
    var traces = new Array(R), first = 0;
    for (var i = 0; i < R; i++) {
      var searchable = i < data.searchable, f = shapes[shape[i]];  // root service, root name, services, spans, errors
      traces[i] = new Trace(model, i, ids, data.strings[f[0]], data.strings[f[1]], start[i] * 1e6, duration[i],
        f[3], f[4], rank[i], sets[f[2]], searchable ? first : -1);
      if (searchable) first += f[3];
    }
    model.traces = traces;
    return model;
  }

  /** A trace's record; `id` (32 hex digits) is made when asked for. `start` is ns from the
      origin, whole milliseconds; firstSpan is -1 when its spans are not embedded. */
  function Trace(model, i, ids, service, operation, start, duration, spans, errors, rank, services, firstSpan) {
    this.model = model; this.i = i; this.ids = ids; this.service = service; this.operation = operation;
    this.start = start; this.duration = duration; this.spans = spans; this.errors = errors; this.rank = rank;
    this.services = services; this.firstSpan = firstSpan;
  }
  Object.defineProperty(Trace.prototype, "id", { get: function () {
    var out = "", o = this.i * 16;
    for (var k = 0; k < 16; k++) out += HEX[this.ids[o + k]];
    return out;
  } });
  Object.defineProperty(Trace.prototype, "searchable", { get: function () { return this.firstSpan >= 0; } });

  /** A term made ready for one model: what it says of each resource, pair and name. */
  function compileTerm(term, model) {
    var c = { term: term };
    if (term.type === "service") c.resources = model.resources.map(function (r) { return (r.service === term.text) === term.equal; });
    if (term.type === "name") c.names = model.strings.map(function (s) { return (s === term.text) === term.equal; });
    if (term.type === "attribute") {
      c.keyed = new Int8Array(model.pairs.length);  // 0 other key, 1 this key and it holds, 2 this key and it does not
      model.pairs.forEach(function (p, k) { if (p.key === term.key) c.keyed[k] = attributeHolds(term, p.value) ? 1 : 2; });
      c.resources = model.resources.map(function (r) { return attributeHolds(term, r.attributes.get(term.key)); });
    }
    return c;
  }

  var compiledCache = new WeakMap();
  function compiled(terms, model) {
    var byModel = compiledCache.get(terms);
    if (byModel === undefined) { byModel = new Map(); compiledCache.set(terms, byModel); }
    var c = byModel.get(model);
    if (c === undefined) { c = terms.map(function (t) { return compileTerm(t, model); }); byModel.set(model, c); }
    return c;
  }

  function traceTermHolds(term, trace) {
    var id = trace.id;
    return (id === term.text || (term.prefix !== null && id.indexOf(term.prefix) === 0)) === term.equal;
  }

  /** Whether span s (an index into the span columns) satisfies compiled term c. */
  function spanHolds(c, model, s, trace) {
    var term = c.term;
    switch (term.type) {
      case "service": return c.resources[model.resource[s]];
      case "name": return c.names[model.name[s]];
      case "duration": return holds(term.op, model.duration[s], term.nanos);
      case "status": return ((model.statusKind[s] >> 3) === term.code) === term.equal;
      case "kind": return ((model.statusKind[s] & 7) === term.code) === term.equal;
      case "trace": return traceTermHolds(term, trace);
      default:
        for (var p = model.firstPair[s]; p < model.firstPair[s + 1]; p++) {
          var k = c.keyed[model.pairIndexes[p]];
          if (k !== 0) return k === 1;
        }
        return c.resources[model.resource[s]];
    }
  }

  /** What a trace's record alone says of a term: false when no span of the trace can satisfy
      it, true when one surely does, null when only the spans could tell. */
  function recordSays(term, trace) {
    switch (term.type) {
      case "trace": return traceTermHolds(term, trace);
      case "service":
        return term.equal ? trace.services.indexOf(term.text) !== -1 : trace.services.some(function (s) { return s !== term.text; });
      case "status":
        if (term.code === 2) return term.equal ? trace.errors > 0 : trace.errors < trace.spans;
        return term.equal && trace.errors === trace.spans ? false : null;
      case "duration":
        // No span lasts longer than its trace (the earliest start to the latest end).
        if ((term.op === ">" && !(trace.duration > term.nanos)) || ((term.op === ">=" || term.op === "=") && !(trace.duration >= term.nanos))) return false;
        return null;
      default: return null;
    }
  }

  /** Whether one span of the trace satisfies every term; for a trace whose spans are not
      embedded, what its record decides, else null (undecided, never "no"). */
  function traceMatches(terms, trace) {
    if (terms.length === 0) return true;
    var model = trace.model;
    if (trace.firstSpan < 0) {
      var open = 0, sure = true;
      for (var k = 0; k < terms.length; k++) {
        var said = recordSays(terms[k], trace);
        if (said === false) return false;
        if (terms[k].type !== "trace") { open++; if (said !== true) sure = false; }
      }
      return open === 0 || (open === 1 && sure) ? true : null;
    }
    var cs = compiled(terms, model);
    for (var s = trace.firstSpan, end = trace.firstSpan + trace.spans; s < end; s++) {
      var all = true;
      for (var j = 0; j < cs.length && all; j++) all = spanHolds(cs[j], model, s, trace);
      if (all) return true;
    }
    return false;
  }

  /** Why no searchable trace matches `terms`, in words, or null when one does (or nothing can
      be said): the first term that no span satisfies on its own, with the likely cause — a
      value of the wrong type (app.cache_hit=False, or "false" quoted, against a bool), a unit
      written apart from its number (duration>250 ms reads as a second term, the key "ms") —
      else that the terms hold only on different spans. For the page, not part of the language. */
  function explain(terms, traces) {
    var searchable = traces.filter(function (t) { return t.firstSpan >= 0; });
    if (terms.length === 0 || searchable.length === 0) return null;
    if (searchable.some(function (t) { return traceMatches(terms, t) === true; })) return null;
    for (var k = 0; k < terms.length; k++) {
      var term = terms[k];
      if (searchable.some(function (t) { return traceMatches([term], t) === true; })) continue;
      return missReason(term, k > 0 ? terms[k - 1] : null, searchable[0].model);
    }
    return "each term holds on some span, but no single span satisfies them all (a trace matches when one of its spans satisfies every term)";
  }

  var UNIT_WORDS = new Set(["ns", "us", "µs", "μs", "ms", "s", "m", "h"]);

  function missReason(term, previous, model) {
    var written = "'" + term.source + "'";
    if (term.type !== "attribute") return "no span satisfies " + written;
    if (UNIT_WORDS.has(term.key) && previous !== null && previous.type === "duration" && term.op === "exists") {
      return written + " is read as a second term (a key named " + term.key + "): write the unit right after the number, as in " +
        previous.source + term.key;
    }
    // The kinds of value the key has on the embedded spans (their pairs) and resources in use.
    var kinds = new Set(), used = new Uint8Array(model.resources.length);
    for (var s = 0; s < model.spanCount; s++) used[model.resource[s]] = 1;
    model.pairs.forEach(function (p) { if (p.key === term.key && p.value.t !== "left-out") kinds.add(p.value.t === "string" ? "text" : p.value.t); });
    model.resources.forEach(function (r, i) {
      var v = r.attributes.get(term.key);
      if (used[i] && v !== undefined && v.t !== "left-out") kinds.add(v.t === "string" ? "text" : v.t);
    });
    if (term.op === "absent") return "every span has " + term.key;
    if (kinds.size === 0) return "no span has an attribute " + term.key;
    var lit = term.lit;
    if (lit !== null && (term.op === "=" || term.op === "!=")) {
      var only = function (k) { return kinds.size === 1 && kinds.has(k); };
      var value = lit.quoted ? "\"" + lit.text + "\" (quoted, so text)" : "'" + lit.text + "'";
      if (only("bool") && lit.bool === null) {
        return term.key + " is a bool on every span that has it: compare with true or false (lowercase, unquoted); " + value + " is not a bool";
      }
      if ((only("int") || only("double") || (kinds.size === 2 && kinds.has("int") && kinds.has("double"))) && lit.num === null) {
        return term.key + " is a number on every span that has it; " + value + " is not a number";
      }
    }
    return "no span satisfies " + written + " (" + term.key + " is " + Array.from(kinds).sort().join(" or ") + " here)";
  }

  return { parse: parse, load: load, traceMatches: traceMatches, explain: explain, FilterError: FilterError, characters: characters, HEX: HEX };
})();
if (typeof module === "object" && module.exports) module.exports = OtelFilter;  // the node test hook
