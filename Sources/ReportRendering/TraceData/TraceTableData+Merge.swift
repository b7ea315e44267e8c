import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// Joining the chunks (`TraceTableData+Chunks.swift`) into the page's tables: each chunk's local
/// ids become the global ids a single pass assigns, and span chunks are taken while the text
/// stays within the byte budget, rolled back to the trace that passes it.
extension TraceTableData {
    /// Gives a record chunk's strings, service sets and shapes their global ids, in the order a
    /// single pass meets them, and appends each record's shape and page row.
    mutating func mergeRecords(_ chunk: RecordChunk, into shapes: inout VarintColumn) {
        var stringMap = [Int](repeating: -1, count: chunk.strings.count)
        var setMap = [Int](repeating: -1, count: chunk.serviceSets.count)
        // Local shapes are numbered in the order the chunk first meets them, and a string or
        // service set new to the chunk comes with a new shape: mapping the shapes in their order
        // meets everything in the order a pass over the records does.
        var shapeMap: [Int] = []
        shapeMap.reserveCapacity(chunk.shapes.count / 5)
        for s in stride(from: 0, to: chunk.shapes.count, by: 5) {
            let root = mapString(chunk.shapes[s], chunk, &stringMap), name = mapString(chunk.shapes[s + 1], chunk, &stringMap)
            let localSet = chunk.shapes[s + 2]
            if setMap[localSet] < 0 {
                var set: [Int] = []
                for k in chunk.serviceSets[localSet] { set.append(mapString(k, chunk, &stringMap)) }
                setMap[localSet] = serviceSet(set)
            }
            shapeMap.append(shape(root: root, name: name, set: setMap[localSet], spans: chunk.shapes[s + 3], errors: chunk.shapes[s + 4]))
        }
        pageRows += chunk.pageRows
        for l in chunk.shapeOf { shapes.append(shapeMap[Int(l)]) }
    }

    mutating func mapString(_ local: Int, _ chunk: RecordChunk, _ map: inout [Int]) -> Int {
        if map[local] < 0 {
            switch chunk.strings[local] {
            case .span(let id): map[local] = internSpanString(id)
            case .text(let text): map[local] = intern(text)
            }
        }
        return map[local]
    }

    /// Gives a span chunk's resources, names and pairs their global ids in the order the chunk
    /// first met them, and takes the whole chunk when it fits in `budget`: its cost is then the
    /// sum of its records' costs (base64 lengths telescope, rows add up), and as the spending only
    /// grows, every record's own check would have passed. Otherwise the additions are rolled back
    /// and the chunk is taken record by record (`mergeSpans`), where the cut falls.
    mutating func mergeWholeSpans(
        _ m: inout MergedSpanChunk, traces: [TraceSummary], order: [Int], snapshot: Snapshot, budget: Int, spent: inout Int,
        columnBytes spanColumnBytes: inout Int
    ) -> Bool {
        let spans = snapshot.spans
        pairJournal.removeAll(keepingCapacity: true)
        pairJournalStart = pairCount
        let mark = self.mark()
        for event in m.chunk.firstSeen {
            let l = Int(event >> 2)
            switch event & 3 {
            case 0: m.resourceMap[l] = resource(m.chunk.resources[l], snapshot: snapshot)
            case 1: m.nameMap[l] = internSpanString(m.chunk.names[l])
            default:
                m.pairMap[l] = globalPair(m.chunk.pairs[l], texts: m.chunk.otherTexts, spans: spans, valueText: m.chunk.pairValueText[l])
            }
        }
        var columnBytes = m.chunk.plain.reduce(0) { $0 + $1.count }
        for (l, refs) in m.chunk.resourceRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.resourceMap[l]) }
        for (l, refs) in m.chunk.nameRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.nameMap[l]) }
        for (l, refs) in m.chunk.pairRefs.enumerated() { columnBytes += Int(refs) * Self.varintLength(m.pairMap[l]) }
        let cost = Base64.encodedCount(spanColumnBytes + columnBytes) - Base64.encodedCount(spanColumnBytes) + added(since: mark)
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
        rollBack(to: mark)
        m = MergedSpanChunk(m.chunk)
        return mergeSpans(
            &m, traces: traces, order: order, snapshot: snapshot, budget: budget, spent: &spent, columnBytes: &spanColumnBytes)
    }

    /// Gives a span chunk's resources, names and pairs their global ids, record by record in the
    /// order a single pass meets them, while the text stays within `budget`; false when a record
    /// did not fit (its additions rolled back: no later record is embedded).
    mutating func mergeSpans(
        _ m: inout MergedSpanChunk, traces: [TraceSummary], order: [Int], snapshot: Snapshot, budget: Int, spent: inout Int,
        columnBytes spanColumnBytes: inout Int
    ) -> Bool {
        let spans = snapshot.spans
        var s = m.spansUsed, p = m.pairsUsed
        for (j, r) in m.chunk.records.enumerated() {
            let t = traces[order[r]]
            let mark = self.mark()
            var columnBytes = m.chunk.plainBytes(ofRecord: j)
            for i in t.spanRange {
                let lr = Int(m.chunk.resourceOf[s])
                if m.resourceMap[lr] < 0 { m.resourceMap[lr] = resource(m.chunk.resources[lr], snapshot: snapshot) }
                columnBytes += Self.varintLength(m.resourceMap[lr])
                let ln = Int(m.chunk.nameOf[s])
                if m.nameMap[ln] < 0 { m.nameMap[ln] = internSpanString(m.chunk.names[ln]) }
                columnBytes += Self.varintLength(m.nameMap[ln])
                for _ in 0..<Int(spans.attributeRanges[i].count) {
                    let lp = Int(m.chunk.pairOf[p])
                    if m.pairMap[lp] < 0 {
                        m.pairMap[lp] = globalPair(
                            m.chunk.pairs[lp], texts: m.chunk.otherTexts, spans: spans, valueText: m.chunk.pairValueText[lp])
                    }
                    columnBytes += Self.varintLength(m.pairMap[lp])
                    p += 1
                }
                s += 1
            }
            let cost = Base64.encodedCount(spanColumnBytes + columnBytes) - Base64.encodedCount(spanColumnBytes) + added(since: mark)
            if spent + cost > budget {
                rollBack(to: mark)
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
    mutating func globalPair(
        _ local: (key: PairKey, stored: StoredValue), texts: [String], spans: borrowing SpanTable, valueText: Int32
    ) -> Int {
        var key = local.key
        if case .other(let l) = key.value {
            let text = texts[Int(l)]
            let id = otherIndex[text] ?? UInt32(otherIndex.count)
            otherIndex[text] = id
            key.value = .other(id)
        }
        return pair(key, stored: local.stored, spans: spans, valueText: valueText)
    }

    /// How far the tables have grown, for a roll-back to it.
    struct Mark {
        var strings: Int, otherStrings: Int, stringTextBytes: Int
        var resources: Int
        var pairs: Int, pairTexts: Int, pairTextBytes: Int
    }

    func mark() -> Mark {
        Mark(
            strings: stringRefs.count, otherStrings: otherStrings.count, stringTextBytes: stringTextBytes,
            resources: resourceRows.count, pairs: pairCount, pairTexts: pairTexts.count, pairTextBytes: pairTextBytes)
    }

    /// Bytes of text the tables gained since `mark`: the strings' and rows' JSON, a comma each.
    func added(since mark: Mark) -> Int {
        (stringTextBytes - mark.stringTextBytes) + rowBytes(resourceRows[mark.resources...]) + (pairTextBytes - mark.pairTextBytes)
    }

    /// Bytes of rows joined by commas.
    func rowBytes<C: Collection>(_ rows: C) -> Int where C.Element == String {
        rows.reduce(0) { $0 + $1.utf8.count + 1 }
    }

    /// Undoes every addition since `mark`.
    mutating func rollBack(to mark: Mark) {
        for ref in stringRefs[mark.strings...] {
            if ref >= 0 { spanStringIndex[Int(ref)] = -1 } else { stringIndex[otherStrings[Int(-1 - ref)]] = nil }
        }
        stringRefs.removeSubrange(mark.strings...)
        otherStrings.removeSubrange(mark.otherStrings...)
        stringTextBytes = mark.stringTextBytes
        resourceRows.removeSubrange(mark.resources...)
        resourceIndex = resourceIndex.filter { $0.value < mark.resources }
        // Only the pairs added since the mark leave the index, one by one: it is never rebuilt.
        precondition(mark.pairs >= pairJournalStart && pairJournalStart + pairJournal.count == pairCount)
        pairCells.removeSubrange(mark.pairs...)
        pairTexts.removeSubrange(mark.pairTexts...)
        pairTextBytes = mark.pairTextBytes
        let undone = (mark.pairs - pairJournalStart)...
        for (k, words) in zip(undone.lowerBound..., pairJournal[undone]) {
            // A string-valued pair is either its value's entry there or in the pair index.
            let id = Int(truncatingIfNeeded: words.low)
            if PairKey.isString(words), id < stringValuePair.count, stringValuePair[id] == Int32(pairJournalStart + k) {
                stringValuePair[id] = -1
            } else {
                pairIndex.remove(high: words.high, low: words.low)
            }
        }
        pairJournal.removeSubrange(undone)
    }
}
