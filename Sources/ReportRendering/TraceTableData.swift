import TelemetryAnalysis
import TelemetryModel

/// The data the trace page's inline script filters, sorts and summarises with, embedded in
/// `traces.html` as `<script type="application/json">` (DESIGN §5), so the page's filter box can
/// evaluate the `--where` language (DESIGN §1) in the browser with no server — over every trace
/// the page holds, not only the listed rows (DESIGN §9: filters search every trace).
///
/// A compact record is embedded for every trace, slowest first, up to `traceRecordLimit` (the
/// first `listed` of them are the table's rows); `all` summarises every trace of the snapshot, so
/// the "all traces" figures stay exact when records are cut. Spans are embedded up to
/// `spanByteBudget` bytes of JSON, slowest trace first, all of a trace's spans or none (a trace
/// left without spans cannot be searched by expression: the script says how many). Attribute
/// values longer than `attributeValueLimit` characters are embedded as "present, value left
/// out": `key`, `!key` and the fall-back to the resource stay exact, but such a value equals no
/// typed value (so `key!=v` holds and `key=v`, `key>n` do not).
///
/// Layout (all rows are flat arrays, so `JSONWriter` prints each on one line):
/// ```
/// { "version": 2,
///   "listed":    rows of the table (the first `listed` traces),
///   "originSeconds": the earliest embedded start, unix seconds (for placing points on the plot),
///   "all":       [traces, traces with errors, p50, p95, p99, max],   // ns, nearest rank, every trace
///   "strings":   [service names, span names, attribute keys],          // referenced by index
///   "resources": [[service, key, value, key, value, …], …],             // service = string index
///   "traces":    [[traceId, rootService, rootName, startNs, durationNs, spans, errors,
///                  percentile, firstSpan (-1: spans not embedded), service, …], …],  // slowest first
///   "spans":     [[resource, name, durationNs, status, kind, key, value, …], …] }
/// ```
/// `startNs` counts from the earliest embedded trace, so it stays an exact JavaScript number.
/// `status` is 0 unset, 1 ok, 2 error; `kind` is OTLP's `SpanKind` number. A key index `k ≥ 0`
/// is followed by a plain value: number (int or double), bool, or null (left out). A key
/// written as `-1 - k` is followed by a number, the index of a string value in `strings`
/// (values repeat: `grpc`, routes, hosts), or by a typed string: `t…` text compared only as
/// text (bytes in base64, arrays, kvlists), `i…` an integer beyond ±2^53 (exact as a BigInt),
/// `f…` a non-finite double (`fNaN`, `fInfinity`, `f-Infinity`).
struct TraceTableData {
    /// Longest attribute value (in characters) embedded whole.
    static let attributeValueLimit = 200
    /// Upper bound on the JSON bytes of the embedded spans.
    static let spanByteBudget = 4_000_000
    /// The fewest bytes a span row counts for: `[0,0,0,0,0]` (11) and the 8 added per row.
    static let minimumRowBytes = 19
    /// Most trace records embedded (about 75 bytes each, so at most about 4 MB).
    static let traceRecordLimit = 50_000

    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    // Rows are kept as their JSON text, written once: the text is what the span budget counts,
    // and the page's data is these texts joined (no value tree of millions of nodes).
    private var resourceRows: [String] = []
    private var resourceIndex: [Int32: Int] = [:]
    private var traceRows: [String] = []
    private var spanRows: [String] = []
    private let listed: Int
    /// The earliest embedded trace's start (unix ns), which `startNs` counts from.
    private let origin: Int64
    private let all: [JSONValue]
    /// Embedded traces whose spans are embedded.
    private(set) var searchableCount = 0
    /// Embedded traces (records).
    let recordCount: Int

    /// `traces` slowest first (at most `traceRecordLimit` of them are embedded), each with its
    /// rank within its root operation; the first `listed` are the table's rows; `summary` is of
    /// every trace of the snapshot (`nil` when there are none).
    init(traces: [(trace: TraceSummary, rank: Int)], listed: Int, summary: TraceSetSummary?, snapshot: Snapshot,
         spanByteBudget: Int = Self.spanByteBudget, recordLimit: Int = Self.traceRecordLimit) {
        let traces = traces.prefix(recordLimit)
        self.listed = min(listed, traces.count)
        self.recordCount = traces.count
        self.all = summary.map { s in [s.count, s.withErrors].map { JSONValue.int(Int64($0)) } + [s.p50, s.p95, s.p99, s.max].map { JSONValue.int($0) } } ?? []
        let origin = traces.map(\.trace.startTimeUnixNano).min() ?? 0
        self.origin = origin
        var spentBytes = 0
        for (t, rank) in traces {
            // Strings and resources a trace adds are taken back when its spans do not fit, so
            // the tables stay bounded by what is embedded.
            let mark = (strings: strings.count, resources: resourceRows.count)
            var spans: [String] = []
            var bytes = 0
            // A span row is at least `[0,0,0,0,0]` plus its 8 counted bytes: when even rows that
            // small cannot fit, the trace cannot, and its rows need not be built to find out.
            let cannotFit = spentBytes + Self.minimumRowBytes * t.spanCount > spanByteBudget
            for index in t.spanRange where !cannotFit && spentBytes + bytes <= spanByteBudget {
                let row = spanRowText(index, spans: snapshot.spans, snapshot: snapshot)
                bytes += row.utf8.count + 8
                spans.append(row)
            }
            var firstSpan = -1
            if !cannotFit && spentBytes + bytes <= spanByteBudget {
                spentBytes += bytes
                firstSpan = spanRows.count
                spanRows += spans
                searchableCount += 1
            } else {
                rollBack(strings: mark.strings, resources: mark.resources)
            }
            var row: [JSONValue] = [
                .string(t.traceID.hex), .int(Int64(intern(t.rootService))), .int(Int64(intern(t.rootName))),
                .int(t.startTimeUnixNano - origin), .int(t.durationNanos), .int(Int64(t.spanCount)),
                .int(Int64(t.errorCount)), .int(Int64(rank)), .int(Int64(firstSpan)),
            ]
            row += t.services.map { .int(Int64(intern($0))) }
            traceRows.append(JSONWriter.write(.array(row)))
        }
    }

    /// The JSON text. `{{` and `}}` occur only inside strings (objects are written one key per
    /// line), where `\u007b`/`\u007d` mean the same; escaping them keeps the page free of text
    /// that looks like an unrendered template hole (DESIGN §6).
    ///
    /// Written as `JSONWriter` writes the same object (one key per line; arrays of flat rows on
    /// one line), from the row texts. Braces can only occur inside strings, which never span two
    /// rows, so each row is escaped on its own.
    func json() -> String {
        var out = "{\n  \"version\": 2,\n  \"listed\": \(listed),\n"
        out += "  \"originSeconds\": " + JSONWriter.write(.number(Double(origin) / 1e9)) + ",\n"
        out += "  \"all\": " + JSONWriter.write(.array(all)) + ",\n"
        func list(_ key: String, _ rows: [String], last: Bool = false) {
            out += "  \"" + key + "\": ["
            for (i, row) in rows.enumerated() {
                if i > 0 { out += "," }
                out += Self.escapingBraces(row)
            }
            out += last ? "]\n" : "],\n"
        }
        list("strings", strings.map { JSONWriter.write(.string($0)) })
        list("resources", resourceRows)
        list("traces", traceRows)
        list("spans", spanRows, last: true)
        out += "}"
        return out
    }

    /// `{{` → `{\u007b` and `}}` → `}\u007d`, left to right, as `replacingOccurrences` would;
    /// the text itself when it has neither (nearly always).
    static func escapingBraces(_ text: String) -> String {
        var previous: UInt8 = 0
        var found = false
        for b in text.utf8 {
            if (b == UInt8(ascii: "{") || b == UInt8(ascii: "}")) && b == previous {
                found = true
                break
            }
            previous = b
        }
        guard found else { return text }
        return text.replacingOccurrences(of: "{{", with: "{\\u007b").replacingOccurrences(of: "}}", with: "}\\u007d")
    }

    private mutating func rollBack(strings count: Int, resources resourceCount: Int) {
        guard strings.count > count || resourceRows.count > resourceCount else { return }
        for s in strings[count...] { stringIndex[s] = nil }
        strings.removeSubrange(count...)
        resourceRows.removeSubrange(resourceCount...)
        resourceIndex = resourceIndex.filter { $0.value < resourceCount }
    }

    private mutating func intern(_ s: String) -> Int {
        if let i = stringIndex[s] { return i }
        strings.append(s)
        stringIndex[s] = strings.count - 1
        return strings.count - 1
    }

    /// A span's row — `[resource, name, durationNs, status, kind, key, value, …]` as
    /// `JSONWriter.write` writes the same array —, written straight into text: a flat array of scalars is
    /// `[` items joined by `,` `]`, each item as `JSONWriter` writes it. Up to 4 MB of these
    /// rows are made per report, so no value tree is built for them.
    private mutating func spanRowText(_ i: Int, spans: borrowing SpanTable, snapshot: Snapshot) -> String {
        var out = "["
        out += String(resource(spans.resourceIndexes[i], snapshot: snapshot))
        out += ","
        out += String(intern(spans.name(at: i)))
        out += ","
        out += String(spans.durationNanos(at: i))
        out += ","
        out += String(spans.statuses[i].rawValue)
        out += ","
        out += String(spans.kinds[i].rawValue)
        for attribute in spans.attributeList(at: i) {
            let key = Int64(intern(attribute.key))
            out += ","
            switch Self.encode(attribute.value) {
            case .plain(.string(let v)):
                out += String(-1 - key)
                out += ","
                out += String(intern(v))
            case .plain(let v):
                out += String(key)
                out += ","
                JSONWriter.write(v, indent: 0, into: &out)
            case .typed(let v):
                out += String(-1 - key)
                out += ","
                JSONWriter.string(v, into: &out)
            }
        }
        out += "]"
        return out
    }

    /// The row of a span's resource, added on first use; an index out of range is an empty resource.
    private mutating func resource(_ index: Int32, snapshot: Snapshot) -> Int {
        if let row = resourceIndex[index] { return row }
        let resource = index >= 0 && Int(index) < snapshot.resources.count ? snapshot.resources[Int(index)] : Resource()
        var row: [JSONValue] = [.int(Int64(intern(resource.serviceName)))]
        appendAttributes(resource.attributes, to: &row)
        resourceRows.append(JSONWriter.write(.array(row)))
        resourceIndex[index] = resourceRows.count - 1
        return resourceRows.count - 1
    }

    private mutating func appendAttributes(_ attributes: [Attribute], to row: inout [JSONValue]) {
        for attribute in attributes {
            let key = Int64(intern(attribute.key))
            switch Self.encode(attribute.value) {
            case .plain(.string(let v)): row += [.int(-1 - key), .int(Int64(intern(v)))]
            case .plain(let v): row += [.int(key), v]
            case .typed(let v): row += [.int(-1 - key), .string(v)]
            }
        }
    }

    private enum Encoded {
        case plain(JSONValue)
        case typed(String)
    }

    /// A value as the script compares it (`FilterAttributeTest`'s rules): ints within ±2^53 and
    /// finite doubles as numbers (for those, int and double comparisons give the same answers),
    /// other values tagged.
    private static func encode(_ value: AttributeValue) -> Encoded {
        switch value {
        case .string(let s): return s.count <= attributeValueLimit ? .plain(.string(s)) : .plain(.null)
        case .bool(let b): return .plain(.bool(b))
        case .int(let i):
            let limit: Int64 = 1 << 53
            return i > -limit && i < limit ? .plain(.int(i)) : .typed("i" + String(i))
        case .double(let d):
            if d.isFinite { return .plain(.number(d)) }
            return .typed(d.isNaN ? "fNaN" : d > 0 ? "fInfinity" : "f-Infinity")
        case .bytes, .array, .kvlist, .empty:
            let text = value.displayText
            return text.count <= attributeValueLimit ? .typed("t" + text) : .plain(.null)
        }
    }
}
