import CPrefetch
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The parts of `TraceTableData` built on every core: a contiguous run of records (or of their
/// spans) is worked through on its own with ids local to the run, in the order the run first
/// meets each string, service set, shape, resource, span name and attribute pair; the caller
/// then walks the runs in order and gives each local id its global one. Ids are assigned in
/// first-seen order, so mapping the runs in order gives exactly the ids (and bytes) of one pass
/// over all records: an item first seen in run k is new to the whole exactly when no earlier run
/// has it, and the items it brings along (a pair's key and value strings, a shape's service set)
/// are met in the same order within the run as in the whole.
extension TraceTableData {
    /// Records `records` of the ordered traces: their id bytes, the columns that need no global
    /// id (startMs, durationNs, rank) and the local shape of each.
    struct RecordChunk {
        let records: Range<Int>
        var ids: [UInt8] = []
        /// startMs (from `originMs`), durationNs (zigzag), rank.
        var plain: [VarintColumn] = []
        var strings: [String] = []
        /// Service sets, as local string ids in the trace's (sorted) order.
        var serviceSets: [[Int]] = []
        /// `[root service, root name, service set, spans, errors]` with local ids.
        var shapes: [[Int]] = []
        /// The local shape of each record.
        var shapeOf: [Int32] = []
        /// `[record, href]` of the records with a waterfall page.
        var pageRows: [String] = []

        init(
            records: Range<Int>, traces: [TraceSummary], order: [Int], rank: (Int) -> Int, originMs: Int64,
            page: (TraceID) -> String?
        ) {
            self.records = records
            var setIndex: [[Int]: Int] = [:], shapeIndex: [[Int]: Int] = [:]
            // A snapshot has a handful of root services, operations and service lists, and every
            // record asks for them: the last few are tried before hashing (`FirstSeenKeys`,
            // `RecentKeys`).
            var interned = FirstSeenKeys<String>(), recentSets = RecentKeys<[String], Int>()
            // A service list's id by its storage first: the assembly gives the traces of one set
            // of resources one array (`TraceServiceSets`), kept alive here by the summaries, so
            // an array met before is known without comparing its strings. A collector in front
            // of 60 pods makes thousands of arrays of a few lists, which the last few lists
            // missed by storage and then matched by comparing strings, every record (issue 7).
            var setByStorage = IntegerMap(capacity: 256)
            func intern(_ s: String) -> Int { interned.slot(of: s).slot }
            // Shapes whose fields fit two words (nearly all) are found through an integer map.
            var packedShapes = IntegerMap(capacity: 256)
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
                    let root = intern(summaries[j].rootService), name = intern(summaries[j].rootName)
                    // A list met before had its services interned then.
                    let setID: Int
                    let storage = UInt64(UInt(bitPattern: summaries[j].services.storageKey))
                    if let known = setByStorage.value(low: storage) {
                        setID = Int(known)
                    } else {
                        if let known = recentSets.value(for: summaries[j].services) {
                            setID = known
                        } else {
                            let set = summaries[j].services.map { intern($0) }
                            if let known = setIndex[set] {
                                setID = known
                            } else {
                                setID = serviceSets.count
                                serviceSets.append(set)
                                setIndex[set] = setID
                            }
                            recentSets.remember(summaries[j].services, setID)
                        }
                        _ = setByStorage.value(low: storage, insertingIfAbsent: Int32(setID))
                    }
                    if root < 1 << 32 && name < 1 << 32 && setID < 1 << 24 && summaries[j].spanCount < 1 << 20
                        && summaries[j].errorCount < 1 << 20
                    {
                        let high = UInt64(root) << 32 | UInt64(name)
                        let low = UInt64(setID) << 40 | UInt64(summaries[j].spanCount) << 20 | UInt64(summaries[j].errorCount)
                        if let known = packedShapes.value(forHigh: high, low: low, insertingIfAbsent: Int32(shapes.count)) {
                            shapeOf.append(known)
                        } else {
                            shapeOf.append(Int32(shapes.count))
                            shapes.append([root, name, setID, summaries[j].spanCount, summaries[j].errorCount])
                        }
                        continue
                    }
                    let fields = [root, name, setID, summaries[j].spanCount, summaries[j].errorCount]
                    if let known = shapeIndex[fields] {
                        shapeOf.append(Int32(known))
                    } else {
                        shapeIndex[fields] = shapes.count
                        shapeOf.append(Int32(shapes.count))
                        shapes.append(fields)
                    }
                }
            }
            strings = interned.keys
            plain = [startColumn.column(), durationColumn.column(), rankColumn.column()]
        }
    }

    /// The spans of records `records`: the columns that need no global id, encoded, and local
    /// ids of each span's resource and name and of each attribute pair.
    struct SpanChunk {
        let records: Range<Int>
        /// The snapshot's resource index of each local resource.
        var resources: [Int32] = []
        /// The span table's string id of each local span name.
        var names: [UInt32] = []
        /// Each local pair as `pairIndex` keys it, but `.other(i)` naming `otherTexts[i]`, and the
        /// arena value its row is written from (the first seen, as a sequential build does).
        var pairs: [(key: PairKey, stored: StoredValue)] = []
        /// For each local pair with a string value, the length of the value's JSON text, or −1
        /// when it is too long to embed (`TraceTableData.valueText`); 0 for other values.
        /// Measured here, on every core, for the merge on one core (a unique value per span:
        /// reading each value's text there was a cache miss apiece, issue 7).
        var pairValueText: [Int32] = []
        /// Texts of bytes, array and kvlist values, by local `.other` index.
        var otherTexts: [String] = []
        /// Local ids per span (resource, name) and per attribute (pair), in trace order.
        var resourceOf: [Int32] = []
        var nameOf: [Int32] = []
        var pairOf: [Int32] = []
        /// status × 8 + kind, parent, startNs, durationNs, attribute count.
        var plain = [VarintColumn](repeating: VarintColumn(), count: 5)
        /// The end offset of each record in each of `plain`'s columns, five per record.
        var plainEnds: [Int32] = []
        /// Local resources, names and pairs in the order the chunk first meets them, as
        /// `local × 4 + kind` (0 resource, 1 name, 2 pair): the order a sequential pass gives
        /// the new ones global ids in.
        var firstSeen: [Int32] = []
        /// How many spans (attributes) refer to each local resource, name and pair.
        var resourceRefs: [Int32] = []
        var nameRefs: [Int32] = []
        var pairRefs: [Int32] = []

        /// The chunk's local id of global id `key` (a resource or a span name), given on first
        /// use in `firstSeen` order as `local × 4 + kind`, with one more reference counted.
        @inline(__always)
        static func local(
            _ key: Int64, kind: Int32, index: inout IntegerMap, count: Int, refs: inout [Int32], firstSeen: inout [Int32]
        ) -> (id: Int32, isNew: Bool) {
            if let known = index.value(low: UInt64(bitPattern: key), insertingIfAbsent: Int32(count)) {
                refs[Int(known)] += 1
                return (known, false)
            }
            refs.append(1)
            firstSeen.append(Int32(count) * 4 + kind)
            return (Int32(count), true)
        }

        /// `parents`: the assembly's parent lookups for `traces` over `spans` (`SpanParents`), if kept.
        init(records: Range<Int>, traces: [TraceSummary], order: [Int], spans: SpanTable, parents: SpanParents? = nil) {
            self.records = records
            // Local ids by global id, and pairs by (key, kind, payload) words: an integer map,
            // not a `Dictionary`, since hashing three lookups a span was this loop's largest cost.
            var resourceIndex = IntegerMap(), nameIndex = IntegerMap(capacity: 256)
            var pairIndex = IntegerMap(capacity: 1024), otherIndex: [String: UInt32] = [:]
            // The pair last seen at each attribute position, as (key and kind, payload, local):
            // spans of one operation mostly repeat their attributes in order, so this is tried
            // before the map.
            var recent: [(high: UInt64, low: UInt64, index: Int32)] = []
            // The pairs of each attribute list met, by its range: spans that share a list
            // (`SpanTable.shareRepeatedAttributeLists`) share its range, and its pairs are the
            // ones found the first time, so a list met again skips its attributes' columns
            // and lookups. Given up in a chunk whose lists rarely repeat (lists not shared).
            var listPairs = ChunkListPairs()
            var scratch = TraceParents.Scratch()
            // The five plain columns as locals, put back into `plain` at the end.
            var kindColumn = VarintBuffer(), parentColumn = VarintBuffer(), startColumn = VarintBuffer()
            var durationColumn = VarintBuffer(), countColumn = VarintBuffer()
            let kinds = spans.attributeArena.values.kinds, payloads = spans.attributeArena.values.payloads
            let keys = spans.attributeArena.keys
            // Ids and column ends through raw pointers, into the arrays at the end.
            var resourceOf = AppendBuffer<Int32>(), nameOf = AppendBuffer<Int32>(), pairOf = AppendBuffer<Int32>()
            var plainEnds = AppendBuffer<Int32>(capacity: records.count * 5)
            // The summaries are read in place: a copy of one retained and released its two
            // strings and two arrays, of which this loop reads none but the orphans.
            traces.withUnsafeBufferPointer { summaries in
                for r in records {
                    // Records go slowest first, so each trace's summary and spans sit somewhere else
                    // in memory: a chain of hints ahead of the loop brings the summary (from its
                    // address alone), then its spans' columns (from the summary's span range), then
                    // their attributes (from the first span's attribute range), each step reading
                    // only what the step before brought in.
                    if r + 4 * Self.prefetchDistance < records.upperBound {
                        summaries.prefetch(order[r + 4 * Self.prefetchDistance])
                    }
                    if r + 2 * Self.prefetchDistance < records.upperBound {
                        let ahead = summaries[order[r + 2 * Self.prefetchDistance]].spanRange
                        spans.prefetchColumns(ofSpans: ahead)
                        parents?.prefetch(ahead)
                    }
                    if r + Self.prefetchDistance < records.upperBound {
                        spans.prefetchAttributes(ofSpans: summaries[order[r + Self.prefetchDistance]].spanRange)
                    }
                    let t = summaries.baseAddress! + order[r]
                    let traceStart = t.pointee.startTimeUnixNano, spanRange = t.pointee.spanRange
                    let orphanIndexes = t.pointee.orphanIndexes
                    TraceParents.parents(
                        spans, range: spanRange, root: t.pointee.rootIndex, orphanIndexes: orphanIndexes, known: parents,
                        into: &scratch)
                    let orphans = orphanIndexes.isEmpty ? [] : Set(orphanIndexes)
                    for i in spanRange {
                        let lr = Self.local(
                            Int64(spans.resourceIndexes[i]), kind: 0, index: &resourceIndex, count: resources.count,
                            refs: &resourceRefs, firstSeen: &firstSeen)
                        if lr.isNew { resources.append(spans.resourceIndexes[i]) }
                        resourceOf.append(lr.id)
                        let ln = Self.local(
                            Int64(spans.nameIDs[i]), kind: 1, index: &nameIndex, count: names.count, refs: &nameRefs,
                            firstSeen: &firstSeen)
                        if ln.isNew { names.append(spans.nameIDs[i]) }
                        nameOf.append(ln.id)
                        kindColumn.append(Int(spans.statuses[i].rawValue) * 8 + Int(spans.kinds[i].rawValue))
                        let parent = scratch.parents[i - spanRange.lowerBound]
                        parentColumn.append(
                            parent < 0 ? 0 : 1 + 2 * (parent - spanRange.lowerBound) + (orphans.contains(i) ? 1 : 0))
                        startColumn.append(spans.startTimes[i] &- traceStart)
                        durationColumn.append(spans.durationNanos(at: i))
                        let list = spans.attributeRanges[i], range = list.range
                        countColumn.append(range.count)
                        let replayed = listPairs.replay(list) { index in
                            pairOf.append(index)
                            pairRefs[Int(index)] += 1
                        }
                        if replayed { continue }
                        let listStart = pairOf.count
                        defer { listPairs.learn(list, pairOf.elements(from: listStart)) }
                        for a in range {
                            let kind = kinds[a]
                            var payload = payloads[a]
                            if kind == Self.otherKind {
                                // Bytes, arrays and kvlists are stored per span: equal ones by their text.
                                let text = spans.value(StoredValue(kindCode: kind, payload: payload)).displayText
                                if let l = otherIndex[text] {
                                    payload = UInt64(l)
                                } else {
                                    payload = UInt64(otherTexts.count)
                                    otherIndex[text] = UInt32(otherTexts.count)
                                    otherTexts.append(text)
                                }
                            }
                            // The pair's words (`PairKey.words`): the low one is the payload.
                            let high = PairKey.words(key: keys[a], kind: kind, payload: payload).high
                            let position = a - range.lowerBound
                            if position < recent.count && recent[position].high == high && recent[position].low == payload {
                                pairOf.append(recent[position].index)
                                pairRefs[Int(recent[position].index)] += 1
                                continue
                            }
                            let index: Int32
                            if let known = pairIndex.value(forHigh: high, low: payload, insertingIfAbsent: Int32(pairs.count)) {
                                index = known
                                pairRefs[Int(index)] += 1
                            } else {
                                index = Int32(pairs.count)
                                let stored = StoredValue(kindCode: kind, payload: payloads[a])
                                let value = kind == Self.otherKind ? StoredValue.other(UInt32(payload)) : stored
                                pairs.append((PairKey(key: keys[a], value: value), stored))
                                pairValueText.append(
                                    kind == Self.stringKind
                                        ? Int32(TraceTableData.valueText(UInt32(truncatingIfNeeded: payload), in: spans.strings)) : 0)
                                pairRefs.append(1)
                                firstSeen.append(index * 4 + 2)
                            }
                            pairOf.append(index)
                            if position < recent.count {
                                recent[position] = (high, payload, index)
                            } else if position == recent.count {
                                recent.append((high, payload, index))
                            }
                        }
                    }
                    plainEnds.append(Int32(kindColumn.count))
                    plainEnds.append(Int32(parentColumn.count))
                    plainEnds.append(Int32(startColumn.count))
                    plainEnds.append(Int32(durationColumn.count))
                    plainEnds.append(Int32(countColumn.count))
                }
            }
            plain = [kindColumn.column(), parentColumn.column(), startColumn.column(), durationColumn.column(), countColumn.column()]
            self.resourceOf = resourceOf.array()
            self.nameOf = nameOf.array()
            self.pairOf = pairOf.array()
            self.plainEnds = plainEnds.array()
        }

        /// `StoredValue.other`'s and `StoredValue.string`'s kind codes.
        static let otherKind = StoredValue.other(0).kindCode
        static let stringKind = StoredValue.string(0).kindCode

        static let prefetchDistance = 4

        /// Bytes of `plain`'s columns for the chunk's `j`-th record.
        func plainBytes(ofRecord j: Int) -> Int {
            var total = 0
            for c in 0..<5 {
                let end = Int(plainEnds[j * 5 + c]), start = j == 0 ? 0 : Int(plainEnds[(j - 1) * 5 + c])
                total += end - start
            }
            return total
        }
    }

    /// A span chunk with the global ids of its local ones, as far as its records were embedded.
    struct MergedSpanChunk {
        var chunk: SpanChunk
        var resourceMap: [Int]
        var nameMap: [Int]
        var pairMap: [Int]
        /// Records of the chunk embedded (a prefix), and their spans and attributes.
        var recordsUsed = 0
        var spansUsed = 0
        var pairsUsed = 0

        init(_ chunk: SpanChunk) {
            self.chunk = chunk
            resourceMap = [Int](repeating: -1, count: chunk.resources.count)
            nameMap = [Int](repeating: -1, count: chunk.names.count)
            pairMap = [Int](repeating: -1, count: chunk.pairs.count)
        }

        /// The chunk's part of each of the eight span columns, with global ids, each in storage of
        /// its own size: they are held until the page's text is written, and the spare room that
        /// growing by appends leaves (up to half of each) sat in pages already touched, about
        /// 3 MiB of the render's peak at 500k spans (issue 7).
        func encode() -> [[UInt8]] {
            var resource = VarintBuffer(capacity: spansUsed * 2), name = VarintBuffer(capacity: spansUsed * 2)
            var pair = VarintBuffer(capacity: pairsUsed * 2)
            for s in 0..<spansUsed {
                resource.append(resourceMap[Int(chunk.resourceOf[s])])
                name.append(nameMap[Int(chunk.nameOf[s])])
            }
            for p in 0..<pairsUsed { pair.append(pairMap[Int(chunk.pairOf[p])]) }
            var out = [resource.column().bytes, name.column().bytes]
            for c in 0..<5 {
                let end = recordsUsed == 0 ? 0 : Int(chunk.plainEnds[(recordsUsed - 1) * 5 + c])
                out.append(end == chunk.plain[c].count ? chunk.plain[c].bytes : Array(chunk.plain[c].bytes[..<end]))
            }
            out.append(pair.column().bytes)
            return out.map { column in
                column.capacity <= column.count + column.count / 8
                    ? column
                    : [UInt8](unsafeUninitializedCapacity: column.count) { b, n in n = b.initialize(fromContentsOf: column) }
            }
        }
    }

    /// What a task of the span build gives: a chunk built, or an earlier chunk's columns encoded.
    enum SpanWork {
        case built(SpanChunk)
        case encoded([[UInt8]])
    }

    /// `count` records split into `chunks` contiguous runs of about equal `weight`.
    static func chunkBounds(count: Int, chunks: Int, weight: (Int) -> Int) -> [Range<Int>] {
        guard chunks > 1 else { return [0..<count] }
        var total = 0
        for r in 0..<count { total += weight(r) }
        var result: [Range<Int>] = []
        var lo = 0, r = 0, sum = 0
        for k in 1...chunks {
            let target = k == chunks ? Int.max : Int((Double(total) * Double(k) / Double(chunks)).rounded(.up))
            while r < count && sum < target {
                sum += weight(r)
                r += 1
            }
            result.append(lo..<r)
            lo = r
        }
        return result
    }

    /// Bytes of `value` as an unsigned varint.
    static func varintLength(_ value: Int) -> Int {
        var v = UInt64(max(0, value)), n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }
}
