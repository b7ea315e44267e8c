import Vocabulary

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
        t.traceIDs = TraceIDColumn(indexes.lazy.map { traceIDs[$0] })
        t.spanIDs = indexes.map { spanIDs[$0] }
        t.parentSpanIDs = indexes.map { parentSpanIDs[$0] }
        t.nameIDs = indexes.map { nameIDs[$0] }
        t.kinds = indexes.map { kinds[$0] }
        t.startTimes = indexes.map { startTimes[$0] }
        t.endTimes.reserveCapacity(t.startTimes.count)
        for i in indexes where !t.endTimes.append(start: startTimes[i], end: endTime(at: i)) {
            t.endTimes.widen(starts: t.startTimes)
        }
        t.statuses = indexes.map { statuses[$0] }
        t.statusMessageIDs = statusMessageIDs.gathering(indexes)
        t.resourceIndexes = IndexColumn(indexes.lazy.map { resourceIndexes[$0] })
        t.scopeIndexes = IndexColumn(indexes.lazy.map { scopeIndexes[$0] })
        t.attributeRanges = indexes.map { attributeRanges[$0] }
        t.eventRanges = eventRanges.gathering(indexes)
        t.linkRanges = linkRanges.gathering(indexes)
        return t
    }

    /// The order (trace id, start time, span id) every later stage relies on: each trace is one
    /// contiguous run, its spans in start order. Sorts an index permutation, then gathers.
    public func sortedByTrace() -> SpanTable {
        var copy = self
        copy.sortByTrace()
        return copy
    }

    /// Sorts in place, one column at a time, so that no column exists twice: at ten million
    /// spans a whole second copy of the table would not fit beside the first. The order comes
    /// from `TraceOrder` (integer keys, radix sort); each column is then gathered through one
    /// scratch buffer on every core (`ColumnScratch`). Spans already in order are left as they
    /// are, arenas included.
    ///
    /// The event and link arenas follow the spans; the attribute arena stays in file order until
    /// `shareRepeatedAttributeLists` writes the lists in span order, shared or, when sharing
    /// declines, each one (`putAttributesInSpanOrder`). Rewriting it here as well was 2% of a
    /// 500k render's time, undone at once by the sharing (issue 7).
    public mutating func sortByTrace() {
        if isSortedByTrace() { return }
        let order = TraceOrder.permutation(traceIDs: traceIDs, startTimes: startTimes, spanIDs: spanIDs)
        // The scratch (for the widest span column, 8 bytes) is made once the order is known, so
        // it never sits beside the sort's own key buffers (issue 7).
        let scratch = ColumnScratch(byteCount: count * MemoryLayout<SpanID>.stride)
        traceIDs.permute(by: order, through: scratch)
        scratch.permute(&spanIDs, by: order)
        scratch.permute(&parentSpanIDs, by: order)
        scratch.permute(&nameIDs, by: order)
        scratch.permute(&kinds, by: order)
        scratch.permute(&startTimes, by: order)
        endTimes.permute(by: order, through: scratch)
        scratch.permute(&statuses, by: order)
        statusMessageIDs = statusMessageIDs.permuted(by: order)
        resourceIndexes.permute(by: order, through: scratch)
        scopeIndexes.permute(by: order, through: scratch)
        scratch.permute(&attributeRanges, by: order)
        eventRanges = eventRanges.permuted(by: order)
        linkRanges = linkRanges.permuted(by: order)
        putEventsAndLinksInSpanOrder()
    }

    /// Rewrites the event and link arenas in span order (each span's run after the one before),
    /// their attribute ranges unchanged, so that the sharing meets events and links in the order
    /// of their spans.
    private mutating func putEventsAndLinksInSpanOrder() {
        /// `arena` rebuilt in the order of `ranges`' spans, and the ranges moved with it. Each
        /// run is copied entry by entry into storage sized for them all (runs are a span's one
        /// or two events; an append of each run's slice was a call to `memmove` and its checks,
        /// 2.6% of a render whose spans mostly carry events; issue 7). A table gathered with a
        /// span twice holds its run twice.
        func inSpanOrder<T>(_ arena: [T], _ ranges: SparseColumn<ArenaRange>) -> ([T], SparseColumn<ArenaRange>) {
            let total = ranges.values.reduce(0) { $0 + Int($1.count) }
            var moved = ranges
            let out = [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                var next = 0
                arena.withUnsafeBufferPointer { from in
                    moved = ranges.mappingStoredValues { r -> ArenaRange in
                        guard r.count > 0 else { return r }
                        let start = next
                        for j in r.range {
                            (buffer.baseAddress! + next).initialize(to: from[j])
                            next += 1
                        }
                        return ArenaRange(start: UInt32(start), count: r.count)
                    }
                }
                initialized = next
            }
            return (out, moved)
        }
        if !eventArena.isEmpty { (eventArena, eventRanges) = inSpanOrder(eventArena, eventRanges) }
        if !linkArena.isEmpty { (linkArena, linkRanges) = inSpanOrder(linkArena, linkRanges) }
    }

    /// Rewrites the attribute arena in span order (`rewriteArenasInSpanOrder`), through a scratch
    /// of its own; for a table whose lists are not shared (`shareRepeatedAttributeLists`).
    mutating func putAttributesInSpanOrder() {
        let entries = attributeEntriesInSpanOrder(in: 0..<count)
        guard entries > 0 else { return }
        rewriteArenasInSpanOrder(through: ColumnScratch(byteCount: entries * MemoryLayout<UInt64>.stride))
    }

    /// Rewrites the attribute, event and link arenas in span order, so that each trace's
    /// attributes are one contiguous run like its spans: every later pass over a trace's
    /// attributes (the trace table's data, attribute comparisons) then reads memory in order
    /// instead of jumping across the arena in file order (issue 7). Values are unchanged; only
    /// where they are stored moves. Entries no span, event or link refers to are dropped.
    ///
    /// The new attribute arena holds, span after span, the span's attributes, then each of its
    /// events' attributes, then each of its links'. The keys and then the values are copied on
    /// every core, each slice of spans writing from its own offset (the entries of the spans
    /// before it); the ranges, events and links are then rewritten in one pass.
    private mutating func rewriteArenasInSpanOrder(through scratch: ColumnScratch) {
        let slices = ColumnScratch.slices(of: count)
        let sizes = Parallel.map(slices.count) { attributeEntriesInSpanOrder(in: slices[$0]) }
        var offsets = [Int](), total = 0
        for size in sizes {
            offsets.append(total)
            total += size
        }
        // In a scope of its own: these second references must be gone before the ranges are
        // rewritten below, or that would copy each of them.
        do {
            let oldRanges = attributeRanges
            // Each slice's spans with events or links, in span order (the columns are sparse).
            let eventEntries = slices.map { eventRanges.entries(in: $0) }
            let linkEntries = slices.map { linkRanges.entries(in: $0) }
            let oldEvents = eventArena, oldLinks = linkArena
            oldRanges.withUnsafeBufferPointer { ranges in
                oldEvents.withUnsafeBufferPointer { events in
                    oldLinks.withUnsafeBufferPointer { links in
                        /// Copies the entries of the spans of slice `s` to their new places.
                        func fill<T>(_ s: Int, _ target: UnsafeMutablePointer<T>, _ source: UnsafeBufferPointer<T>) {
                            var at = offsets[s]
                            let end = at + sizes[s], wide = 4, bitwise = _isPOD(T.self)
                            /// Most runs are a few entries: those are copied as `wide`
                            /// entries at once, without a loop whose varying exit would
                            /// stall the next span's loads (the copy is bound by memory
                            /// latency); the surplus lands where the next runs of this
                            /// slice are written, never past it.
                            @inline(__always) func copy(_ r: ArenaRange) {
                                let count = Int(r.count)
                                var from = Int(r.start)
                                if bitwise && count <= wide && at + wide <= end && from + wide <= source.count {
                                    UnsafeMutableRawPointer(target + at).copyMemory(
                                        from: source.baseAddress! + from, byteCount: wide * MemoryLayout<T>.stride)
                                    at += count
                                    return
                                }
                                for _ in 0..<count {
                                    (target + at).initialize(to: source[from])
                                    at += 1
                                    from += 1
                                }
                            }
                            let spanEvents = eventEntries[s], spanLinks = linkEntries[s]
                            var nextEvent = 0, nextLink = 0
                            for i in slices[s] {
                                copy(ranges[i])
                                if nextEvent < spanEvents.count && spanEvents[nextEvent].index == i {
                                    for e in spanEvents[nextEvent].value.range { copy(events[e].attributes) }
                                    nextEvent += 1
                                }
                                if nextLink < spanLinks.count && spanLinks[nextLink].index == i {
                                    for l in spanLinks[nextLink].value.range { copy(links[l].attributes) }
                                    nextLink += 1
                                }
                            }
                        }
                        scratch.rewrite(&attributeArena.keys, count: total, slices: slices.count, fill: fill)
                        scratch.rewrite(&attributeArena.values.kinds, count: total, slices: slices.count, fill: fill)
                        scratch.rewrite(&attributeArena.values.payloads, count: total, slices: slices.count, fill: fill)
                    }
                }
            }
        }
        var at: UInt32 = 0
        func moved(_ r: ArenaRange) -> ArenaRange {
            guard r.count > 0 else { return r }
            defer { at += r.count }
            return ArenaRange(start: at, count: r.count)
        }
        if eventArena.isEmpty && linkArena.isEmpty {
            for i in 0..<count { attributeRanges[i] = moved(attributeRanges[i]) }
            return
        }
        var newEvents: [StoredEvent] = [], newLinks: [StoredLink] = []
        newEvents.reserveCapacity(eventArena.count)
        newLinks.reserveCapacity(linkArena.count)
        /// A span's run of events or links appended to the new arena, each rebuilt around its
        /// moved attributes.
        func appended<T>(_ r: ArenaRange, of arena: [T], to out: inout [T], _ rebuild: (T) -> T) -> ArenaRange {
            guard r.count > 0 else { return r }
            let start = UInt32(out.count)
            for element in arena[r.range] { out.append(rebuild(element)) }
            return ArenaRange(start: start, count: r.count)
        }
        var newEventRanges = SparseColumn<ArenaRange>(defaultValue: .empty)
        var newLinkRanges = SparseColumn<ArenaRange>(defaultValue: .empty)
        // The spans with events or links, walked beside the span index (both ascending).
        let eventSpans = eventRanges.indexes, eventValues = eventRanges.values
        let linkSpans = linkRanges.indexes, linkValues = linkRanges.values
        var nextEvent = 0, nextLink = 0
        for i in 0..<count {
            attributeRanges[i] = moved(attributeRanges[i])
            var events = ArenaRange.empty, links = ArenaRange.empty
            if nextEvent < eventSpans.count && Int(eventSpans[nextEvent]) == i {
                events = eventValues[nextEvent]
                nextEvent += 1
            }
            if nextLink < linkSpans.count && Int(linkSpans[nextLink]) == i {
                links = linkValues[nextLink]
                nextLink += 1
            }
            newEventRanges.append(
                appended(events, of: eventArena, to: &newEvents) {
                    StoredEvent(timeUnixNano: $0.timeUnixNano, name: $0.name, attributes: moved($0.attributes))
                })
            newLinkRanges.append(
                appended(links, of: linkArena, to: &newLinks) {
                    StoredLink(traceID: $0.traceID, spanID: $0.spanID, attributes: moved($0.attributes))
                })
        }
        eventArena = newEvents
        linkArena = newLinks
        eventRanges = newEventRanges
        linkRanges = newLinkRanges
    }

    /// How many attribute entries the spans in `spans` own, their events' and links' included.
    private func attributeEntriesInSpanOrder(in spans: Range<Int>) -> Int {
        var total = 0
        for i in spans { total += Int(attributeRanges[i].count) }
        for (_, r) in eventRanges.entries(in: spans) {
            for e in r.range { total += Int(eventArena[e].attributes.count) }
        }
        for (_, r) in linkRanges.entries(in: spans) {
            for l in r.range { total += Int(linkArena[l].attributes.count) }
        }
        return total
    }

    private func isSortedByTrace() -> Bool {
        var i = 1
        while i < count {
            let a = i - 1
            if !traceIDs.sameTrace(a, i) {
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

    /// Appends `other` to `column`, each element `transform`ed: copied whole, then rewritten in
    /// place in one tight loop (an append of a lazy map took an indirect call per element).
    @inline(__always)
    static func append<T>(_ other: [T], to column: inout [T], _ transform: (T) -> T) {
        let first = column.count
        column.append(contentsOf: other)
        column.withUnsafeMutableBufferPointer { c in
            for i in first..<c.count { c[i] = transform(c[i]) }
        }
    }

    /// Appends ids or indexes, each mapped through `map` (its position to its new value); a map
    /// that changes nothing (the usual resource and scope maps) is not applied at all.
    static func append<I: FixedWidthInteger>(_ other: [I], to column: inout [I], through map: [I]) {
        if map.indices.allSatisfy({ map[$0] == I(truncatingIfNeeded: $0) }) {
            column.append(contentsOf: other)
            return
        }
        map.withUnsafeBufferPointer { map in append(other, to: &column) { map[Int(truncatingIfNeeded: $0)] } }
    }

    /// Appends every span of `other`, mapping its strings into this table's, its arena ranges past
    /// this table's arenas, and its resource and scope indexes through the maps given.
    public mutating func append(contentsOf other: SpanTable, resourceMap: [Int32], scopeMap: [Int32]) {
        let stringMap = strings.merge(other.strings)
        let attributeBase = UInt32(attributeArena.count)
        let otherBase = UInt32(attributeArena.others.count)
        let eventBase = UInt32(eventArena.count)
        let linkBase = UInt32(linkArena.count)
        Self.append(other.attributeArena.keys, to: &attributeArena.keys, through: stringMap)
        attributeArena.values.append(contentsOf: other.attributeArena.values, stringMap: stringMap, otherBase: otherBase)
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
        Self.append(other.nameIDs, to: &nameIDs, through: stringMap)
        kinds.append(contentsOf: other.kinds)
        startTimes.append(contentsOf: other.startTimes)
        if !endTimes.append(contentsOf: other.endTimes, otherStarts: other.startTimes) { endTimes.widen(starts: startTimes) }
        statuses.append(contentsOf: other.statuses)
        statusMessageIDs.append(contentsOf: other.statusMessageIDs) { stringMap[Int($0)] }
        resourceIndexes.append(contentsOf: other.resourceIndexes, through: resourceMap)
        scopeIndexes.append(contentsOf: other.scopeIndexes, through: scopeMap)
        Self.append(other.attributeRanges, to: &attributeRanges) { shifted($0, by: attributeBase) }
        eventRanges.append(contentsOf: other.eventRanges) { shifted($0, by: eventBase) }
        linkRanges.append(contentsOf: other.linkRanges) { shifted($0, by: linkBase) }
    }
}
