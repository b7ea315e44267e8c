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

    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    /// Span names by their id in the span table, so a name seen before costs no `String`.
    private var nameIndex: [UInt32: Int] = [:]
    // Rows are kept as their JSON text, written once: the text is what the budget counts.
    private var resourceRows: [String] = []
    private var resourceIndex: [Int32: Int] = [:]
    private var pairRows: [String] = []
    private var pairIndex: [PairKey: Int] = [:]
    private var otherIndex: [String: UInt32] = [:]
    private var serviceSetRows: [String] = []
    /// `[root service, root name, service set, spans, errors]` of the records, interned: traces
    /// of one kind repeat these five, so each record stores one index.
    private var shapeRows: [String] = []
    private var shapeIndex: [[Int]: Int] = [:]
    /// `[record, href]` of each embedded trace with a waterfall page.
    private var pageRows: [String] = []
    /// `[service string, colour class]` of every service of the records.
    private var colourRows: [(Int, String)] = []
    private var colouredStrings: Set<Int> = []
    private var serviceSetIndex: [[Int]: Int] = [:]
    private var traceBytes: [UInt8] = []
    private var spanBytes: [UInt8] = []
    private var listed: Int
    /// The earliest embedded trace's start in whole unix milliseconds, which `startMs` counts from.
    private var originMs: Int64
    private var all: [JSONValue]
    /// Embedded traces whose spans are embedded (the first `searchableCount` records).
    private(set) var searchableCount = 0
    /// Spans embedded.
    private(set) var spanCount = 0
    /// Embedded traces (records).
    private(set) var recordCount: Int

    /// An attribute as the span table stores it: equal keys are equal pairs. Doubles compare by
    /// their bits, so NaN (unequal to itself) is still stored once.
    struct PairKey: Hashable {
        var key: UInt32
        var value: StoredValue

        static func == (a: PairKey, b: PairKey) -> Bool {
            guard a.key == b.key else { return false }
            if case .double(let x) = a.value, case .double(let y) = b.value { return x.bitPattern == y.bitPattern }
            return a.value == b.value
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(key)
            if case .double(let d) = value { hasher.combine(d.bitPattern) } else { hasher.combine(value) }
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
        byteBudget: Int = Self.byteBudget, recordLimit: Int = Self.traceRecordLimit, chunks: Int? = nil,
        page: (TraceID) -> String? = { _ in nil }, colour: (String) -> String = { _ in "c9" }
    ) {
        let ranks = traces.map(\.rank)
        self.init(
            traces: traces.map(\.trace), order: Array(traces.indices), rank: { r, _ in ranks[r] }, listed: listed,
            summary: summary, snapshot: snapshot, byteBudget: byteBudget, recordLimit: recordLimit, chunks: chunks,
            page: page, colour: colour)
    }

    /// The same data with the traces ordered by index, so no summary is copied: record `r` is
    /// `traces[order[r]]` with rank `rank(r, traces[order[r]])` (asked for in the record chunks, on
    /// every core). The records and the spans are built in `chunks`
    /// contiguous runs on every core (by default as many as the size calls for) and joined in
    /// order with the ids a single pass assigns (`RecordChunk`, `SpanChunk`): the bytes do not
    /// depend on the chunk count.
    init(
        traces: [TraceSummary], order: [Int], rank: (Int, TraceSummary) -> Int, listed: Int, summary: TraceSetSummary?,
        snapshot: Snapshot,
        byteBudget: Int = Self.byteBudget, recordLimit: Int = Self.traceRecordLimit, chunks: Int? = nil,
        page: (TraceID) -> String? = { _ in nil }, colour: (String) -> String = { _ in "c9" }
    ) {
        let count = min(order.count, max(0, recordLimit))
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
        var shapeColumn = VarintColumn()
        for chunk in records { mergeRecords(chunk, into: &shapeColumn) }
        traceBytes.reserveCapacity(count * 16 + records.reduce(shapeColumn.count) { $0 + $1.plain.reduce(0) { $0 + $1.count } })
        for chunk in records { traceBytes += chunk.ids }
        for c in 0..<3 { for chunk in records { traceBytes += chunk.plain[c].bytes } }
        traceBytes += shapeColumn.bytes
        for set in serviceSetIndex.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for k in set where !colouredStrings.contains(k) {
                colouredStrings.insert(k)
                colourRows.append((k, JSONWriter.write(.array([.int(Int64(k)), .string(colour(strings[k]))]))))
            }
        }
        colourRows.sort { $0.0 < $1.0 }

        // Spans, slowest trace first, while the whole text stays within the budget.
        var spent =
            Self.base64Length(traceBytes.count) + rowBytes(strings.map { JSONWriter.write(.string($0)) })
            + rowBytes(serviceSetRows) + rowBytes(shapeRows) + rowBytes(pageRows) + rowBytes(colourRows.map(\.1)) + 1_000
        // Records alone over the budget (records larger than the usual 36 bytes, or more of
        // them): keep the slowest that fit, in proportion, and check again.
        if spent > byteBudget && count > 0 {
            let fitting = Int(Double(count) * Double(byteBudget) / Double(spent) * 0.99)
            self = TraceTableData(
                traces: traces, order: order, rank: rank, listed: listed, summary: summary, snapshot: snapshot,
                byteBudget: byteBudget, recordLimit: max(0, min(fitting, count - 1)), chunks: chunks, page: page, colour: colour)
            return
        }
        let spans = snapshot.spans
        // Chunks of about equal span counts, built a wave at a time so that a budget reached
        // early wastes at most one wave; each wave also encodes the chunks merged before it.
        let spanChunks = Self.chunkBounds(count: count, chunks: chunks ?? min(64, max(1, spans.count / 32_768))) {
            traces[order[$0]].spanCount
        }
        let wave = chunks == nil ? 2 * CoreSplit.cores : 2
        var parts: [[UInt8]] = []
        var merged: [MergedSpanChunk] = []
        var spanColumnBytes = 0, next = 0, full = false
        while next < spanChunks.count && !full {
            let build = next..<min(next + wave, spanChunks.count)
            let pending = merged
            let work = CoreSplit.map(build.count + pending.count) { i -> SpanWork in
                if i < pending.count { return .encoded(pending[i].encode()) }
                return .built(
                    SpanChunk(records: spanChunks[build.lowerBound + i - pending.count], traces: traces, order: order, spans: spans))
            }
            merged = []
            for w in work {
                switch w {
                case .encoded(let columns): parts.append(contentsOf: columns)
                case .built(let chunk):
                    guard !full else { continue }
                    var m = MergedSpanChunk(chunk)
                    full = !mergeWholeSpans(
                        &m, traces: traces, order: order, snapshot: snapshot, budget: byteBudget, spent: &spent,
                        columnBytes: &spanColumnBytes)
                    merged.append(m)
                }
            }
            next = build.upperBound
        }
        let last = merged
        for columns in CoreSplit.map(last.count, { last[$0].encode() }) { parts.append(contentsOf: columns) }
        // `parts` holds eight columns per chunk; the text holds each column over all chunks.
        spanBytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for c in 0..<8 { for k in stride(from: c, to: parts.count, by: 8) { spanBytes += parts[k] } }
    }

    /// Gives a record chunk's strings, service sets and shapes their global ids, in the order a
    /// single pass meets them, and appends each record's shape and page row.
    private mutating func mergeRecords(_ chunk: RecordChunk, into shapes: inout VarintColumn) {
        var stringMap = [Int](repeating: -1, count: chunk.strings.count)
        var setMap = [Int](repeating: -1, count: chunk.serviceSets.count)
        // Local shapes are numbered in the order the chunk first meets them, and a string or
        // service set new to the chunk comes with a new shape: mapping the shapes in their order
        // meets everything in the order a pass over the records does.
        var shapeMap: [Int] = []
        shapeMap.reserveCapacity(chunk.shapes.count)
        for fields in chunk.shapes {
            let root = mapString(fields[0], chunk, &stringMap), name = mapString(fields[1], chunk, &stringMap)
            if setMap[fields[2]] < 0 {
                var set: [Int] = []
                for k in chunk.serviceSets[fields[2]] { set.append(mapString(k, chunk, &stringMap)) }
                setMap[fields[2]] = serviceSet(set)
            }
            shapeMap.append(shape([root, name, setMap[fields[2]], fields[3], fields[4]]))
        }
        pageRows += chunk.pageRows
        for l in chunk.shapeOf { shapes.append(shapeMap[Int(l)]) }
    }

    private mutating func mapString(_ local: Int, _ chunk: RecordChunk, _ map: inout [Int]) -> Int {
        if map[local] < 0 { map[local] = intern(chunk.strings[local]) }
        return map[local]
    }

    /// Gives a span chunk's resources, names and pairs their global ids in the order the chunk
    /// first met them, and takes the whole chunk when it fits in `budget`: its cost is then the
    /// sum of its records' costs (base64 lengths telescope, rows add up), and as the spending only
    /// grows, every record's own check would have passed. Otherwise the additions are rolled back
    /// and the chunk is taken record by record (`mergeSpans`), where the cut falls.
    private mutating func mergeWholeSpans(
        _ m: inout MergedSpanChunk, traces: [TraceSummary], order: [Int], snapshot: Snapshot, budget: Int, spent: inout Int,
        columnBytes spanColumnBytes: inout Int
    ) -> Bool {
        let spans = snapshot.spans
        let mark = (strings: strings.count, resources: resourceRows.count, pairs: pairRows.count)
        for event in m.chunk.firstSeen {
            let l = Int(event >> 2)
            switch event & 3 {
            case 0: m.resourceMap[l] = resource(m.chunk.resources[l], snapshot: snapshot)
            case 1: m.nameMap[l] = internName(m.chunk.names[l], spans: spans)
            default: m.pairMap[l] = globalPair(m.chunk.pairs[l], texts: m.chunk.otherTexts, spans: spans)
            }
        }
        var columnBytes = m.chunk.plain.reduce(0) { $0 + $1.count }
        for (l, refs) in m.chunk.resourceRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.resourceMap[l]) }
        for (l, refs) in m.chunk.nameRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.nameMap[l]) }
        for (l, refs) in m.chunk.pairRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.pairMap[l]) }
        let added =
            rowBytes(strings[mark.strings...].map { JSONWriter.write(.string($0)) })
            + rowBytes(resourceRows[mark.resources...]) + rowBytes(pairRows[mark.pairs...])
        let cost = Self.base64Length(spanColumnBytes + columnBytes) - Self.base64Length(spanColumnBytes) + added
        if spent + cost <= budget {
            spent += cost
            spanColumnBytes += columnBytes
            m.recordsUsed = m.chunk.records.count
            m.spansUsed = m.chunk.resourceOf.count
            m.pairsUsed = m.chunk.pairOf.count
            searchableCount += m.chunk.records.count
            spanCount += m.chunk.resourceOf.count
            return true
        }
        rollBack(strings: mark.strings, resources: mark.resources, pairs: mark.pairs)
        m = MergedSpanChunk(m.chunk)
        return mergeSpans(
            &m, traces: traces, order: order, snapshot: snapshot, budget: budget, spent: &spent, columnBytes: &spanColumnBytes)
    }

    /// Gives a span chunk's resources, names and pairs their global ids, record by record in the
    /// order a single pass meets them, while the text stays within `budget`; false when a record
    /// did not fit (its additions rolled back: no later record is embedded).
    private mutating func mergeSpans(
        _ m: inout MergedSpanChunk, traces: [TraceSummary], order: [Int], snapshot: Snapshot, budget: Int, spent: inout Int,
        columnBytes spanColumnBytes: inout Int
    ) -> Bool {
        let spans = snapshot.spans
        var s = m.spansUsed, p = m.pairsUsed
        for (j, r) in m.chunk.records.enumerated() {
            let t = traces[order[r]]
            let mark = (strings: strings.count, resources: resourceRows.count, pairs: pairRows.count)
            var columnBytes = m.chunk.plainBytes(ofRecord: j)
            for i in t.spanRange {
                let lr = Int(m.chunk.resourceOf[s])
                if m.resourceMap[lr] < 0 { m.resourceMap[lr] = resource(m.chunk.resources[lr], snapshot: snapshot) }
                columnBytes += Self.varintLength(m.resourceMap[lr])
                let ln = Int(m.chunk.nameOf[s])
                if m.nameMap[ln] < 0 { m.nameMap[ln] = internName(m.chunk.names[ln], spans: spans) }
                columnBytes += Self.varintLength(m.nameMap[ln])
                for _ in 0..<Int(spans.attributeRanges[i].count) {
                    let lp = Int(m.chunk.pairOf[p])
                    if m.pairMap[lp] < 0 { m.pairMap[lp] = globalPair(m.chunk.pairs[lp], texts: m.chunk.otherTexts, spans: spans) }
                    columnBytes += Self.varintLength(m.pairMap[lp])
                    p += 1
                }
                s += 1
            }
            let added =
                rowBytes(strings[mark.strings...].map { JSONWriter.write(.string($0)) })
                + rowBytes(resourceRows[mark.resources...]) + rowBytes(pairRows[mark.pairs...])
            let cost = Self.base64Length(spanColumnBytes + columnBytes) - Self.base64Length(spanColumnBytes) + added
            if spent + cost > budget {
                rollBack(strings: mark.strings, resources: mark.resources, pairs: mark.pairs)
                return false
            }
            spent += cost
            spanColumnBytes += columnBytes
            m.recordsUsed = j + 1
            m.spansUsed = s
            m.pairsUsed = p
            searchableCount += 1
            spanCount += t.spanCount
        }
        return true
    }

    /// The global index of a chunk's pair: `.other` values keyed by their text across chunks.
    private mutating func globalPair(_ local: (key: PairKey, stored: StoredValue), texts: [String], spans: borrowing SpanTable) -> Int {
        var key = local.key
        if case .other(let l) = key.value {
            let text = texts[Int(l)]
            let id = otherIndex[text] ?? UInt32(otherIndex.count)
            otherIndex[text] = id
            key.value = .other(id)
        }
        return pair(key, stored: local.stored, spans: spans)
    }

    /// Bytes of rows joined by commas.
    private func rowBytes<C: Collection>(_ rows: C) -> Int where C.Element == String {
        rows.reduce(0) { $0 + $1.utf8.count + 1 }
    }

    static func base64Length(_ bytes: Int) -> Int { (bytes + 2) / 3 * 4 }

    /// The JSON text. `{{` and `}}` occur only inside strings (objects are written one key per
    /// line), where `\u007b`/`\u007d` mean the same; escaping them keeps the page free of text
    /// that looks like an unrendered template hole (DESIGN §6). Each row is escaped on its own:
    /// strings never span two rows, and base64 has no braces.
    func json() -> String {
        var out = "{\n  \"version\": 3,\n  \"listed\": \(listed),\n  \"records\": \(recordCount),\n"
        out += "  \"searchable\": \(searchableCount),\n  \"spanCount\": \(spanCount),\n  \"originMs\": \(originMs),\n"
        out += "  \"originSeconds\": " + JSONWriter.write(.number(Double(originMs) / 1e3)) + ",\n"
        out += "  \"all\": " + JSONWriter.write(.array(all)) + ",\n"
        func list(_ key: String, _ rows: [String]) {
            out += "  \"" + key + "\": ["
            for (i, row) in rows.enumerated() {
                if i > 0 { out += "," }
                out += Self.escapingBraces(row)
            }
            out += "],\n"
        }
        list("strings", strings.map { JSONWriter.write(.string($0)) })
        list("resources", resourceRows)
        list("pairs", pairRows)
        list("serviceSets", serviceSetRows)
        list("shapes", shapeRows)
        list("pages", pageRows)
        list("colours", colourRows.map(\.1))
        // The blobs are written straight into the text's one buffer (no base64 string of its
        // own, ~13 MB at 500k spans), in pieces of whole 3-byte groups (whose encodings join
        // into the whole's) on every core.
        let middle = "\",\n  \"spanColumns\": \"", tail = "\"\n}"
        out += "  \"traceColumns\": \""
        let head = out.utf8.count
        let traceLength = Base64.encodedCount(traceBytes.count), spanStart = head + traceLength + middle.utf8.count
        let total = spanStart + Base64.encodedCount(spanBytes.count) + tail.utf8.count
        let pieces = [0..<traceBytes.count] + Self.base64Pieces(spanBytes.count)
        return String(unsafeUninitializedCapacity: total) { buffer in
            func write(_ text: String, at offset: Int) {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(fromContentsOf: text.utf8)
            }
            write(out, at: 0)
            write(middle, at: head + traceLength)
            write(tail, at: spanStart + Base64.encodedCount(spanBytes.count))
            let base = Address(buffer.baseAddress!)
            _ = CoreSplit.map(pieces.count) { k in
                let piece = pieces[k], start = k == 0 ? head : spanStart + piece.lowerBound / 3 * 4
                let output = UnsafeMutableBufferPointer(start: base.value + start, count: Base64.encodedCount(piece.count))
                (k == 0 ? traceBytes : spanBytes).withUnsafeBufferPointer { bytes in
                    Base64.encode(UnsafeBufferPointer(rebasing: bytes[piece]), into: output)
                }
            }
            return total
        }
    }

    /// A buffer's address, shared by the threads that fill disjoint parts of it.
    private struct Address: @unchecked Sendable {
        let value: UnsafeMutablePointer<UInt8>
        init(_ value: UnsafeMutablePointer<UInt8>) { self.value = value }
    }

    /// `count` bytes cut into up to eight ranges of whole 3-byte groups (the last may be shorter).
    static func base64Pieces(_ count: Int) -> [Range<Int>] {
        let pieces = max(1, min(8, count / 1_000_000))
        let size = ((count + pieces - 1) / pieces + 2) / 3 * 3
        return stride(from: 0, to: max(count, 1), by: max(size, 1)).map { $0..<min($0 + max(size, 1), count) }
    }

    /// The record columns' bytes and the span columns' bytes, for tests.
    var columnBytes: (traces: [UInt8], spans: [UInt8]) { (traceBytes, spanBytes) }

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

    private mutating func rollBack(strings count: Int, resources resourceCount: Int, pairs pairCount: Int) {
        for s in strings[count...] { stringIndex[s] = nil }
        nameIndex = nameIndex.filter { $0.value < count }
        strings.removeSubrange(count...)
        resourceRows.removeSubrange(resourceCount...)
        resourceIndex = resourceIndex.filter { $0.value < resourceCount }
        pairRows.removeSubrange(pairCount...)
        pairIndex = pairIndex.filter { $0.value < pairCount }
    }

    private mutating func intern(_ s: String) -> Int {
        if let i = stringIndex[s] { return i }
        strings.append(s)
        stringIndex[s] = strings.count - 1
        return strings.count - 1
    }

    private mutating func internName(_ id: UInt32, spans: borrowing SpanTable) -> Int {
        if let i = nameIndex[id] { return i }
        let i = intern(spans.strings[id])
        nameIndex[id] = i
        return i
    }

    private mutating func shape(_ fields: [Int]) -> Int {
        if let i = shapeIndex[fields] { return i }
        shapeRows.append(JSONWriter.write(.array(fields.map { .int(Int64($0)) })))
        shapeIndex[fields] = shapeRows.count - 1
        return shapeRows.count - 1
    }

    /// The index of a service set (string indexes, in the trace's order), added on first use.
    private mutating func serviceSet(_ set: [Int]) -> Int {
        if let i = serviceSetIndex[set] { return i }
        serviceSetRows.append(JSONWriter.write(.array(set.map { .int(Int64($0)) })))
        serviceSetIndex[set] = serviceSetRows.count - 1
        return serviceSetRows.count - 1
    }

    /// The index of an attribute pair, added on first use; its row is written from `stored`.
    private mutating func pair(_ key: PairKey, stored: StoredValue, spans: borrowing SpanTable) -> Int {
        if let i = pairIndex[key] { return i }
        var row: [JSONValue] = []
        append(Attribute(key: spans.strings[key.key], value: spans.value(stored)), to: &row)
        pairRows.append(JSONWriter.write(.array(row)))
        pairIndex[key] = pairRows.count - 1
        return pairRows.count - 1
    }

    /// The row of a span's resource, added on first use; an index out of range is an empty resource.
    private mutating func resource(_ index: Int32, snapshot: Snapshot) -> Int {
        if let row = resourceIndex[index] { return row }
        let resource = index >= 0 && Int(index) < snapshot.resources.count ? snapshot.resources[Int(index)] : Resource()
        var row: [JSONValue] = [.int(Int64(intern(resource.serviceName)))]
        for attribute in resource.attributes { append(attribute, to: &row) }
        resourceRows.append(JSONWriter.write(.array(row)))
        resourceIndex[index] = resourceRows.count - 1
        return resourceRows.count - 1
    }

    private mutating func append(_ attribute: Attribute, to row: inout [JSONValue]) {
        let key = Int64(intern(attribute.key))
        switch Self.encode(attribute.value) {
        case .plain(.string(let v)): row += [.int(-1 - key), .int(Int64(intern(v)))]
        case .plain(let v): row += [.int(key), v]
        case .typed(let v): row += [.int(-1 - key), .string(v)]
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
