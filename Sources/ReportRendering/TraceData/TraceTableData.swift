import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The data the trace page's inline script filters, sorts, summarises and draws waterfalls
/// with, embedded in `traces.html` as `<script type="application/json">` (DESIGN §5), so the
/// page's filter box evaluates the `--where` language (DESIGN §1) in the browser with no server
/// over every trace of the snapshot, not only the listed rows (DESIGN §9), and any trace
/// without a page of its own opens as a waterfall drawn from this data.
///
/// Columnar, so a million traces stay within `byteBudget` (40 MB, DESIGN §7): per-trace and
/// per-span numbers are varint columns (`VarintColumn`, unsigned but for the trace duration) in
/// base64 — a record is its 16 id bytes and about 11 bytes of varints, 36 bytes of text —,
/// strings are interned once, the five fields traces of one kind share (root, services, span and
/// error counts) are one interned "shape",
/// and attribute (key, value) pairs are interned once and referenced by index — the demo's
/// spans repeat `rpc.system=grpc` millions of times but store it once. A record is embedded for
/// every trace, slowest first (up to `traceRecordLimit`); the spans of the first `searchable`
/// traces follow, slowest first, whole traces at a time, while the page stays within
/// `byteBudget`. Trace-level filters (duration, errors only, service buttons, `trace=`) are
/// exact over every record; an expression over spans is exact for the searchable traces, and
/// for the others the script decides what the records can decide (`service=X` when X is not
/// among the trace's services, `status=error` with no error span, …) and counts the rest as
/// undecided — never as not matching. Attribute values longer than `attributeValueLimit`
/// characters are embedded as "present, value left out": `key`, `!key` and the fall-back to
/// the resource stay exact, but such a value equals no typed value (`key!=v` holds, `key=v`
/// and `key>n` do not).
///
/// Layout (version 3; every array is one line, as `JSONWriter` writes flat rows):
/// ```
/// { "version": 3,
///   "listed":    rows of the table (the first `listed` records),
///   "records":   traces embedded (slowest first), "searchable": the first that many carry spans,
///   "spanCount": spans embedded,
///   "originSeconds": the earliest embedded start, whole unix milliseconds, as seconds,
///   "all":       [traces, traces with errors, p50, p95, p99, max],   // ns, nearest rank, every trace
///   "strings":   [service names, span names, attribute keys and string values],
///   "resources": [[service, key, value, key, value, …], …],           // service = string index
///   "pairs":     [[key, value], …],                                  // span attributes, interned
///   "serviceSets": [[service, …], …],                                // a trace's services, sorted
///   "pages":     [[record, href], …],                                // traces with a waterfall page
///   "colours":   [[service, colour class], …],
///   "shapes":    [[rootService, rootName, serviceSet, spans, errors], …],  // interned per record
///   "traceColumns": base64 of: 16 id bytes per record, then per record varint columns
///       startMs (from originMs), durationNs (zigzag), rank, shape,
///   "spanColumns":  base64 of varint columns over the embedded spans in trace order (each
///       trace's spans in the table's start order): resource, name, status × 8 + kind,
///       parent (0 the root; else 1 + 2 × the parent's position in its trace, + 1 when the
///       span's parent is missing and it hangs under the root), startNs (from the trace's start),
///       durationNs, attribute count, then every span's pair indexes one after another }
/// ```
/// A pair's key index `k ≥ 0` is followed by a plain value: number (int or double), bool, or null
/// (left out). A key written as `-1 - k` is followed by a number, the index of a string value
/// in `strings`, or by a typed string: `t…` text compared only as text (bytes in base64, arrays,
/// kvlists), `i…` an integer beyond ±2^53 (exact as a BigInt), `f…` a non-finite double
/// (`fNaN`, `fInfinity`, `f-Infinity`). `status` is 0 unset, 1 ok, 2 error; `kind` is OTLP's
/// `SpanKind` number.
struct TraceTableData {
    /// Longest attribute value (in characters) embedded whole.
    static let attributeValueLimit = 200
    /// Upper bound on the bytes of the whole embedded text (DESIGN §7, README): records first,
    /// then spans while they fit.
    static let byteBudget = 38_000_000
    /// Most trace records embedded: about 36 bytes each, so a million fit in the budget with
    /// room for the spans of the slowest (`README`: the 40 MB bound).
    static let traceRecordLimit = 1_050_000

    // The tables below are internal so that the extensions of this type (`+Interning`,
    // `+Merge`, `+JSON`) can fill and write them; nothing outside `TraceData` uses them.
    /// The text's strings in order: a span-table string by its id (≥ 0), any other as
    /// `-1 - i` for `otherStrings[i]` (`string(at:)`). Ids, not `String`s: a unique value per
    /// span made half a million copies, each a retain of a string no other step was touching
    /// then (a cache miss on the merging core) and a release when let go (issue 7).
    var stringRefs: [Int32] = []
    var otherStrings: [String] = []
    /// Bytes of the strings' JSON text so far, a comma each: what the budget counts of them.
    var stringTextBytes = 0
    /// Strings that are not in the span table's string table, by their text.
    var stringIndex: [String: Int] = [:]
    /// The span table's strings (names, attribute keys and values, …), which are unique by id.
    var spanStrings = StringTable()
    /// The index in `strings` of each string of `spanStrings` by its id, −1 while not added: a
    /// string of the span table is found by its id, never hashed (issue 7: a unique value per
    /// span made this table's hashing the trace page's largest cost).
    var spanStringIndex: [Int32] = []
    // Rows are kept as their JSON text, written once: the text is what the budget counts.
    var resourceRows: [String] = []
    var resourceIndex: [Int32: Int] = [:]
    /// Each pair's row: `[-1 - key, value]` by their string indexes (`key` ≥ 0), or text of its
    /// own (`key` −1, `value` its index in `pairTexts`): the usual string-valued pair is two
    /// integers, written out only in the text (`takeJSON`), its bytes counted as it is added.
    var pairCells: [(key: Int32, value: Int32)] = []
    var pairTexts: [String] = []
    /// Bytes of the pairs' rows so far, a comma each: what the budget counts of them.
    var pairTextBytes = 0
    /// Pairs by `PairKey.words`, but for those `stringValuePair` holds.
    var pairIndex = IntegerMap(capacity: 1024)
    /// String-valued pairs by their value's span-table string id: the pair of the first key met
    /// with that value (−1 while none) and that key; a value met with a second key is in
    /// `pairIndex`. Why: a unique value on each span (a request id, a URL) makes a new pair of
    /// each span's value, and the pair index a table of hundreds of thousands of keys, probed
    /// once for every chunk's pair on the one core that merges them; indexed by string id, the
    /// same lookups are one read of an array of 8 bytes a string (500k spans with a unique
    /// value each, issue 7).
    var stringValuePair: [Int32] = []
    var stringValueKey: [UInt32] = []
    /// The words of the pairs added since the span chunk being merged began (pairs
    /// `pairJournalStart...`), so that a roll-back removes just those from `pairIndex`.
    var pairJournal: [(high: UInt64, low: UInt64)] = []
    var pairJournalStart = 0
    var otherIndex: [String: UInt32] = [:]
    var serviceSetRows: [String] = []
    /// `[root service, root name, service set, spans, errors]` of the records, interned: traces
    /// of one kind repeat these five, so each record stores one index.
    var shapeRows: [String] = []
    /// The shapes' numbers, in the order `shapeRows` holds them.
    var shapeNumbers = ShapeNumbers()
    /// `[record, href]` of each embedded trace with a waterfall page.
    var pageRows: [String] = []
    /// `[service string, colour class]` of every service of the records.
    var colourRows: [(Int, String)] = []
    var colouredStrings: Set<Int> = []
    var serviceSetIndex: [[Int]: Int] = [:]
    var traceBytes: [UInt8] = []
    /// The span columns' bytes as the text holds them one after another: each column over every
    /// chunk in turn. Kept in pieces, never joined, so that the text is written from them while
    /// each is let go (`takeJSON`): joined, they and the text (10 and 14 MB at 500k spans) were
    /// the render's peak memory together.
    var spanParts: [[UInt8]] = []
    var listed: Int
    /// The earliest embedded trace's start in whole unix milliseconds, which `startMs` counts from.
    var originMs: Int64
    var all: [JSONValue]
    /// Embedded traces whose spans are embedded (the first `searchableCount` records).
    var searchableCount = 0
    /// Spans embedded.
    var spanCount = 0
    /// Embedded traces (records).
    var recordCount: Int
    /// The bytes of the text the byte budget counted (all of it but a few fixed keys): what
    /// `takeJSON` reserves for the text before its base64 columns.
    var textBytes = 0

    /// An attribute as the span table stores it. Pairs are told apart by `words` (in the
    /// `IntegerMap`s that number them): equal words are equal pairs, and a double is compared by
    /// its bits, so NaN (unequal to itself) is still stored once.
    struct PairKey {
        var key: UInt32
        var value: StoredValue

        var words: (high: UInt64, low: UInt64) { Self.words(key: key, kind: value.kindCode, payload: value.payload) }

        /// The attribute key and the value's kind in one word, the value's payload in the other.
        @inline(__always)
        static func words(key: UInt32, kind: UInt8, payload: UInt64) -> (high: UInt64, low: UInt64) {
            (UInt64(key) << 8 | UInt64(kind), payload)
        }

        /// Whether `words` are a string-valued pair's (the payload then a string id).
        static func isString(_ words: (high: UInt64, low: UInt64)) -> Bool {
            UInt8(truncatingIfNeeded: words.high) == StoredValue.string(0).kindCode
        }
    }

    /// `traces` slowest first (at most `recordLimit` of them are embedded, and fewer when their
    /// records alone would pass `byteBudget`), each with its rank
    /// within its root operation; the first `listed` are the table's rows; `summary` is of every
    /// trace of the snapshot (`nil` when there are none).
    /// `page` gives the href of a trace's waterfall page (nil when it has none) and `colour` a
    /// service's colour class, for the rows and waterfalls the script draws.
    init(
        traces: [(trace: TraceSummary, rank: Int)], listed: Int, summary: TraceSetSummary?, snapshot: Snapshot,
        parents: SpanParents? = nil,
        byteBudget: Int = Self.byteBudget, recordLimit: Int = Self.traceRecordLimit, chunks: Int? = nil,
        page: (TraceID) -> String? = { _ in nil }, colour: (String) -> String = { _ in "c9" }
    ) {
        let ranks = traces.map(\.rank)
        self.init(
            traces: traces.map(\.trace), order: Array(traces.indices), rank: { ranks[$0] }, listed: listed,
            summary: summary, snapshot: snapshot, parents: parents, byteBudget: byteBudget, recordLimit: recordLimit, chunks: chunks,
            page: page, colour: colour)
    }

    /// The same data with the traces ordered by index, so no summary is copied: record `r` is
    /// `traces[order[r]]` with rank `rank(r)` (asked for in the record chunks, on
    /// every core). `parents`: the analysis's parent lookups over `snapshot`'s spans
    /// (`SpanParents`), read instead of indexing each trace again. The records and the spans are built in `chunks`
    /// contiguous runs on every core (by default as many as the size calls for) and joined in
    /// order with the ids a single pass assigns (`RecordChunk`, `SpanChunk`): the bytes do not
    /// depend on the chunk count.
    init(
        traces: [TraceSummary], order: [Int], rank: (Int) -> Int, listed: Int, summary: TraceSetSummary?,
        snapshot: Snapshot, parents: SpanParents? = nil,
        byteBudget: Int = Self.byteBudget, recordLimit: Int = Self.traceRecordLimit, chunks: Int? = nil,
        page: (TraceID) -> String? = { _ in nil }, colour: (String) -> String = { _ in "c9" }
    ) {
        let count = min(order.count, max(0, recordLimit))
        spanStrings = snapshot.spans.strings
        spanStringIndex = [Int32](repeating: -1, count: spanStrings.count)
        stringValuePair = [Int32](repeating: -1, count: spanStrings.count)
        stringValueKey = [UInt32](repeating: 0, count: spanStrings.count)
        self.listed = min(listed, count)
        self.recordCount = count
        self.all =
            summary.map { s in
                [s.count, s.withErrors].map { JSONValue.int(Int64($0)) } + [s.p50, s.p95, s.p99, s.max].map { JSONValue.int($0) }
            } ?? []
        var earliest = Int64.max
        for r in 0..<count { earliest = min(earliest, traces[order[r]].startTimeUnixNano) }
        let originMs = Math.floorDiv(count == 0 ? 0 : earliest, 1_000_000)
        self.originMs = originMs

        // Records: ids, then one column per field; built in chunks, shapes mapped in order.
        let recordChunks = Self.chunkBounds(
            count: count, chunks: chunks ?? min(16, max(1, count / 4_096)), weight: { _ in 1 })
        let records = CoreSplit.map(recordChunks.count) { k in
            RecordChunk(records: recordChunks[k], traces: traces, order: order, rank: rank, originMs: originMs, page: page)
        }
        // Sized for the chunks' shapes together (at most that many distinct): with a shape per
        // trace its index grew a dozen times over (issue 7).
        shapeNumbers = ShapeNumbers(capacity: records.reduce(0) { $0 + $1.shapes.count / 5 })
        var shapeColumn = VarintColumn()
        for chunk in records { mergeRecords(chunk, into: &shapeColumn) }
        traceBytes.reserveCapacity(count * 16 + records.reduce(shapeColumn.count) { $0 + $1.plain.reduce(0) { $0 + $1.count } })
        for chunk in records { traceBytes += chunk.ids }
        for c in 0..<3 { for chunk in records { traceBytes += chunk.plain[c].bytes } }
        traceBytes += shapeColumn.bytes
        for set in serviceSetIndex.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for k in set where !colouredStrings.contains(k) {
                colouredStrings.insert(k)
                colourRows.append((k, JSONWriter.write(.array([.int(Int64(k)), .string(colour(string(at: k)))]))))
            }
        }
        colourRows.sort { $0.0 < $1.0 }

        // Spans, slowest trace first, while the whole text stays within the budget.
        var spent =
            Base64.encodedCount(traceBytes.count) + stringTextBytes
            + rowBytes(serviceSetRows) + rowBytes(shapeRows) + rowBytes(pageRows) + rowBytes(colourRows.map(\.1)) + 1_000
        // Records alone over the budget (records larger than the usual 36 bytes, or more of
        // them): keep the slowest that fit, in proportion, and check again.
        if spent > byteBudget && count > 0 {
            let fitting = Int(Double(count) * Double(byteBudget) / Double(spent) * 0.99)
            self = TraceTableData(
                traces: traces, order: order, rank: rank, listed: listed, summary: summary, snapshot: snapshot,
                parents: parents, byteBudget: byteBudget, recordLimit: max(0, min(fitting, count - 1)), chunks: chunks, page: page,
                colour: colour)
            return
        }
        let spans = snapshot.spans
        // Chunks of about equal span counts, built a wave at a time so that a budget reached
        // early wastes at most one wave; each wave also encodes the chunks merged before it.
        // About 8,192 spans a chunk: the chunks in flight were the render's peak memory at
        // 32,768 (+23 MiB over the analysis at 500k spans; +18 MiB at 8,192).
        let spanChunks = Self.chunkBounds(count: count, chunks: chunks ?? min(256, max(1, spans.count / 8_192))) {
            traces[order[$0]].spanCount
        }
        // A wave's chunks are merged (on one core, in order: the ids are a sequential pass's)
        // while the next wave is built and the wave merged before is encoded, on the other
        // cores: merging after each wave's build left a core idle for the merge's length,
        // 0.1-0.2 s with a unique value per span. Which chunks were built when never shows:
        // they are merged in order, and a chunk built past the budget is dropped unmerged.
        let wave = chunks == nil ? 2 * CoreSplit.cores : 2
        var parts: [[UInt8]] = []
        var merged: [MergedSpanChunk] = []
        var built: [SpanChunk] = []
        var spanColumnBytes = 0, next = 0, full = false
        while (next < spanChunks.count || !built.isEmpty) && !full {
            let build = next..<min(next + wave, spanChunks.count)
            let pending = merged, unmerged = built
            merged = []
            built = []
            var mergedNow: [MergedSpanChunk] = []
            let work = CoreSplit.map(1 + build.count + pending.count) { i -> SpanWork in
                if i == 0 {
                    // The only task that touches the data's tables.
                    for chunk in unmerged where !full {
                        var m = MergedSpanChunk(chunk)
                        full = !mergeWholeSpans(
                            &m, traces: traces, order: order, snapshot: snapshot, budget: byteBudget, spent: &spent,
                            columnBytes: &spanColumnBytes)
                        mergedNow.append(m)
                    }
                    return .encoded([])
                }
                if i <= pending.count { return .encoded(pending[i - 1].encode()) }
                return .built(
                    SpanChunk(
                        records: spanChunks[build.lowerBound + i - 1 - pending.count], traces: traces, order: order, spans: spans,
                        parents: parents))
            }
            merged = mergedNow
            for w in work {
                switch w {
                case .encoded(let columns): parts.append(contentsOf: columns)
                case .built(let chunk): built.append(chunk)
                }
            }
            next = build.upperBound
        }
        do {
            let last = merged
            merged = []
            built = []
            for columns in CoreSplit.map(last.count, { last[$0].encode() }) { parts.append(contentsOf: columns) }
        }
        // The merged chunks are gone (17 MiB at 2M spans); their pages go back before the joined
        // columns, a new mapping that could not reuse them, are made (`FreeMemory`).
        FreeMemory.returnToSystem()
        textBytes = spent
        // `parts` holds eight columns per chunk; the text holds each column over all chunks.
        spanParts.reserveCapacity(parts.count)
        for c in 0..<8 { for k in stride(from: c, to: parts.count, by: 8) { spanParts.append(parts[k]) } }
    }
}
