import CPrefetch
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The record columns of `TraceTableData`, built a chunk of records at a time on every core (how
/// the chunks' local ids become global ones: `TraceTableData+Chunks.swift`).
extension TraceTableData {
    /// A string of a record chunk: one of the span table's, by id, or text of its own.
    enum LocalString {
        case span(UInt32)
        case text(String)
    }

    /// Records `records` of the ordered traces: their id bytes, the columns that need no global
    /// id (startMs, durationNs, rank) and the local shape of each.
    struct RecordChunk {
        let records: Range<Int>
        var ids: [UInt8] = []
        /// startMs (from `originMs`), durationNs (zigzag), rank.
        var plain: [VarintColumn] = []
        /// The chunk's strings in the order first met: a root name by its id in the span table
        /// (`TraceSummary.rootNameID`), a service by its text.
        var strings: [LocalString] = []
        /// Service sets, as local string ids in the trace's (sorted) order.
        var serviceSets: [[Int]] = []
        /// `[root service, root name, service set, spans, errors]` with local ids, five numbers a
        /// shape one after another (a shape per trace with a span name per request: an array each
        /// was 100,000 allocations).
        var shapes: [Int] = []
        /// The local shape of each record.
        var shapeOf: [Int32] = []
        /// `[record, href]` of the records with a waterfall page.
        var pageRows: [String] = []

        init(
            records: Range<Int>, traces: [TraceSummary], order: [Int], rank: (Int) -> Int, originMs: Int64,
            page: (TraceID) -> String?
        ) {
            self.records = records
            var setIndex: [[Int]: Int] = [:]
            // A snapshot has a handful of root services, and every record asks for them: the last
            // few are tried before hashing (`FirstSeenKeys`). Root names are found by their ids in
            // the span table: with a span name per request, a name per record, each hashed here
            // as text and again by the merge (issue 7).
            var texts = FirstSeenKeys<String>(), textSlots: [Int] = []
            var nameSlots = IntegerMap(capacity: 64)
            var strings: [LocalString] = []
            // A service list's id by its storage: the assembly gives every trace of the same
            // services one array (`TraceServiceSets`), kept alive here by the summaries, so an
            // array met before is known without comparing its strings, and one not met before
            // is hashed once. A collector in front of 60 pods made thousands of arrays of a few
            // lists, matched by comparing strings at every record (issue 7).
            var setByStorage = IntegerMap(capacity: 256)
            func intern(_ s: String) -> Int {
                let (k, isNew) = texts.slot(of: s)
                if isNew {
                    textSlots.append(strings.count)
                    strings.append(.text(s))
                }
                return textSlots[k]
            }
            func internName(_ id: UInt32) -> Int {
                if let known = nameSlots.value(low: UInt64(id), insertingIfAbsent: Int32(strings.count)) { return Int(known) }
                strings.append(.span(id))
                return strings.count - 1
            }
            var shapeNumbers = ShapeNumbers()
            ids.reserveCapacity(records.count * 16)
            shapeOf.reserveCapacity(records.count)
            var startColumn = VarintBuffer(), durationColumn = VarintBuffer(signed: true), rankColumn = VarintBuffer()
            // The summaries are read in place: a copy of each retained and released its strings
            // and arrays.
            traces.withUnsafeBufferPointer { summaries in
                for r in records {
                    // Records go slowest first: each summary is somewhere else in memory, so it is
                    // asked for a few records ahead.
                    if r + 16 < records.upperBound { summaries.prefetch(order[r + 16]) }
                    let j = order[r]
                    if let href = page(summaries[j].traceID) { pageRows.append(JSONWriter.write(.array([.int(Int64(r)), .string(href)]))) }
                    // The id's 16 bytes, high word first, each word big-endian: two appends of
                    // eight bytes (one a byte checked the array's uniqueness 16 times a record).
                    withUnsafeBytes(of: summaries[j].traceID.high.bigEndian) { ids.append(contentsOf: $0) }
                    withUnsafeBytes(of: summaries[j].traceID.low.bigEndian) { ids.append(contentsOf: $0) }
                    startColumn.append(Math.floorDiv(summaries[j].startTimeUnixNano, 1_000_000) - originMs)
                    durationColumn.append(summaries[j].durationNanos)
                    rankColumn.append(rank(r))
                    // The order of a sequential build: root service, root name, then the services.
                    let root = intern(summaries[j].rootService), name = internName(summaries[j].rootNameID)
                    // A list met before had its services interned then.
                    let setID: Int
                    let storage = UInt64(UInt(bitPattern: summaries[j].services.storageKey))
                    if let known = setByStorage.value(low: storage) {
                        setID = Int(known)
                    } else {
                        let set = summaries[j].services.map { intern($0) }
                        if let known = setIndex[set] {
                            setID = known
                        } else {
                            setID = serviceSets.count
                            serviceSets.append(set)
                            setIndex[set] = setID
                        }
                        _ = setByStorage.value(low: storage, insertingIfAbsent: Int32(setID))
                    }
                    let spans = summaries[j].spanCount, errors = summaries[j].errorCount
                    let (number, isNew) = shapeNumbers.number(root: root, name: name, set: setID, spans: spans, errors: errors)
                    shapeOf.append(Int32(number))
                    if isNew {
                        shapes.append(root)
                        shapes.append(name)
                        shapes.append(setID)
                        shapes.append(spans)
                        shapes.append(errors)
                    }
                }
            }
            self.strings = strings
            plain = [startColumn.column(), durationColumn.column(), rankColumn.column()]
        }
    }
}
