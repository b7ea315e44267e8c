/// Merging tables, and reordering or selecting spans by index: every column is gathered by the
/// same index list, while the string table and the arenas stay shared (ranges stay valid).
extension SpanTable {
    /// The spans at `indexes`, in that order, sharing this table's strings and arenas.
    public func gathering<C: Collection>(_ indexes: C) -> SpanTable where C.Element == Int {
        var t = SpanTable()
        t.strings = strings
        t.attributeArena = attributeArena
        t.eventArena = eventArena
        t.linkArena = linkArena
        t.traceIDs = indexes.map { traceIDs[$0] }
        t.spanIDs = indexes.map { spanIDs[$0] }
        t.parentSpanIDs = indexes.map { parentSpanIDs[$0] }
        t.nameIDs = indexes.map { nameIDs[$0] }
        t.kinds = indexes.map { kinds[$0] }
        t.startTimes = indexes.map { startTimes[$0] }
        t.endTimes = indexes.map { endTimes[$0] }
        t.statuses = indexes.map { statuses[$0] }
        t.statusMessageIDs = indexes.map { statusMessageIDs[$0] }
        t.resourceIndexes = indexes.map { resourceIndexes[$0] }
        t.scopeIndexes = indexes.map { scopeIndexes[$0] }
        t.attributeRanges = indexes.map { attributeRanges[$0] }
        t.eventRanges = indexes.map { eventRanges[$0] }
        t.linkRanges = indexes.map { linkRanges[$0] }
        return t
    }

    /// The order (trace id, start time, span id) every later stage relies on: each trace is one
    /// contiguous run, its spans in start order. Sorts an index permutation, then gathers.
    public func sortedByTrace() -> SpanTable {
        var copy = self
        copy.sortByTrace()
        return copy
    }

    /// Sorts in place, one column at a time, so that at most one column exists twice: at ten
    /// million spans a whole second copy of the table would not fit beside the first.
    public mutating func sortByTrace() {
        if isSortedByTrace() { return }
        let order = (0..<count).sorted { a, b in
            if traceIDs[a] != traceIDs[b] { return traceIDs[a] < traceIDs[b] }
            if startTimes[a] != startTimes[b] { return startTimes[a] < startTimes[b] }
            return spanIDs[a] < spanIDs[b]
        }
        func permute<T>(_ column: inout [T]) {
            let old = column
            column = []
            column = order.map { old[$0] }
        }
        permute(&traceIDs)
        permute(&spanIDs)
        permute(&parentSpanIDs)
        permute(&nameIDs)
        permute(&kinds)
        permute(&startTimes)
        permute(&endTimes)
        permute(&statuses)
        permute(&statusMessageIDs)
        permute(&resourceIndexes)
        permute(&scopeIndexes)
        permute(&attributeRanges)
        permute(&eventRanges)
        permute(&linkRanges)
        rewriteArenasInSpanOrder()
    }

    /// Rewrites the attribute, event and link arenas in span order, so that each trace's
    /// attributes are one contiguous run like its spans: every later pass over a trace's
    /// attributes (the trace table's data, attribute comparisons) then reads memory in order
    /// instead of jumping across the arena in file order (issue 7). Values are unchanged; only
    /// where they are stored moves. Entries no span, event or link refers to are dropped.
    mutating func rewriteArenasInSpanOrder() {
        var keys: [UInt32] = [], values: [StoredValue] = []
        keys.reserveCapacity(attributeArena.keys.count)
        values.reserveCapacity(attributeArena.values.count)
        var events: [StoredEvent] = [], links: [StoredLink] = []
        events.reserveCapacity(eventArena.count)
        links.reserveCapacity(linkArena.count)
        func moved(_ r: ArenaRange) -> ArenaRange {
            guard r.count > 0 else { return r }
            let start = UInt32(keys.count)
            keys.append(contentsOf: attributeArena.keys[r.range])
            values.append(contentsOf: attributeArena.values[r.range])
            return ArenaRange(start: start, count: r.count)
        }
        /// A span's run of events or links appended to the new arena, each rebuilt around its
        /// moved attributes.
        func appended<T>(_ r: ArenaRange, of arena: [T], to out: inout [T], _ rebuild: (T) -> T) -> ArenaRange {
            guard r.count > 0 else { return r }
            let start = UInt32(out.count)
            for element in arena[r.range] { out.append(rebuild(element)) }
            return ArenaRange(start: start, count: r.count)
        }
        for i in 0..<count {
            attributeRanges[i] = moved(attributeRanges[i])
            eventRanges[i] = appended(eventRanges[i], of: eventArena, to: &events) {
                StoredEvent(timeUnixNano: $0.timeUnixNano, name: $0.name, attributes: moved($0.attributes))
            }
            linkRanges[i] = appended(linkRanges[i], of: linkArena, to: &links) {
                StoredLink(traceID: $0.traceID, spanID: $0.spanID, attributes: moved($0.attributes))
            }
        }
        attributeArena.keys = keys
        attributeArena.values = values
        eventArena = events
        linkArena = links
    }

    private func isSortedByTrace() -> Bool {
        var i = 1
        while i < count {
            let a = i - 1
            if traceIDs[a] != traceIDs[i] {
                if traceIDs[i] < traceIDs[a] { return false }
            } else if startTimes[a] != startTimes[i] {
                if startTimes[i] < startTimes[a] { return false }
            } else if spanIDs[i] < spanIDs[a] {
                return false
            }
            i += 1
        }
        return true
    }

    /// Appends every span of `other`, mapping its strings into this table's, its arena ranges past
    /// this table's arenas, and its resource and scope indexes through the maps given.
    public mutating func append(contentsOf other: SpanTable, resourceMap: [Int32], scopeMap: [Int32]) {
        let stringMap = strings.merge(other.strings)
        let attributeBase = UInt32(attributeArena.count)
        let otherBase = UInt32(attributeArena.others.count)
        let eventBase = UInt32(eventArena.count)
        let linkBase = UInt32(linkArena.count)
        attributeArena.keys.append(contentsOf: other.attributeArena.keys.lazy.map { stringMap[Int($0)] })
        attributeArena.values.append(
            contentsOf: other.attributeArena.values.lazy.map { v -> StoredValue in
                switch v {
                case .string(let id): return .string(stringMap[Int(id)])
                case .other(let i): return .other(i + otherBase)
                default: return v
                }
            })
        attributeArena.others.append(contentsOf: other.attributeArena.others)
        func shifted(_ r: ArenaRange, by base: UInt32) -> ArenaRange {
            r.count == 0 ? .empty : ArenaRange(start: r.start + base, count: r.count)
        }
        eventArena.append(
            contentsOf: other.eventArena.lazy.map {
                StoredEvent(
                    timeUnixNano: $0.timeUnixNano, name: stringMap[Int($0.name)], attributes: shifted($0.attributes, by: attributeBase))
            })
        linkArena.append(
            contentsOf: other.linkArena.lazy.map {
                StoredLink(traceID: $0.traceID, spanID: $0.spanID, attributes: shifted($0.attributes, by: attributeBase))
            })
        traceIDs.append(contentsOf: other.traceIDs)
        spanIDs.append(contentsOf: other.spanIDs)
        parentSpanIDs.append(contentsOf: other.parentSpanIDs)
        nameIDs.append(contentsOf: other.nameIDs.lazy.map { stringMap[Int($0)] })
        kinds.append(contentsOf: other.kinds)
        startTimes.append(contentsOf: other.startTimes)
        endTimes.append(contentsOf: other.endTimes)
        statuses.append(contentsOf: other.statuses)
        statusMessageIDs.append(contentsOf: other.statusMessageIDs.lazy.map { stringMap[Int($0)] })
        resourceIndexes.append(contentsOf: other.resourceIndexes.lazy.map { resourceMap[Int($0)] })
        scopeIndexes.append(contentsOf: other.scopeIndexes.lazy.map { scopeMap[Int($0)] })
        attributeRanges.append(contentsOf: other.attributeRanges.lazy.map { shifted($0, by: attributeBase) })
        eventRanges.append(contentsOf: other.eventRanges.lazy.map { shifted($0, by: eventBase) })
        linkRanges.append(contentsOf: other.linkRanges.lazy.map { shifted($0, by: linkBase) })
    }
}
