import CPrefetch
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The span columns of `TraceTableData`, built a chunk of records' spans at a time on every core
/// and then given their global ids (how: `TraceTableData+Chunks.swift`).
extension TraceTableData {
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
}
