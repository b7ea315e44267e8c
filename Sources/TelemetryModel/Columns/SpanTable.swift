/// Every span of a snapshot, stored by column (DESIGN §2, issue 7).
///
/// Each field is one array indexed by span, every repeated string is an id of one shared
/// `StringTable`, and attributes, events and links sit in shared arenas that spans address by
/// range. Sorting, filtering and merging move integers, never `String`s or per-span arrays,
/// which is what made the array-of-structs model spend its time in reference counting.
///
/// The table is also a collection of `Span` values, built on access, for code that wants a
/// whole span (a waterfall's detail cards, tests); loops over many spans read the columns.
public struct SpanTable: RandomAccessCollection, Sendable {
    /// Each trace id once per run of spans (`TraceIDColumn`): once per trace after the sort.
    public var traceIDs = TraceIDColumn()
    public var spanIDs: [SpanID] = []
    public var parentSpanIDs: [SpanID] = []
    public var nameIDs: [UInt32] = []
    public var kinds: [SpanKind] = []
    public var startTimes: [Int64] = []
    /// Read with `endTime(at:)`: each end is kept as its offset from the span's start.
    public var endTimes = EndTimeColumn()
    public var statuses: [StatusCode] = []
    /// Sparse: most spans have no status message (`SparseColumn`).
    public var statusMessageIDs = SparseColumn<UInt32>(defaultValue: 0)
    public var resourceIndexes = IndexColumn()
    public var scopeIndexes = IndexColumn()
    public var attributeRanges: [ArenaRange] = []
    /// Sparse, like `linkRanges`: most spans have neither events nor links (`SparseColumn`).
    public var eventRanges = SparseColumn<ArenaRange>(defaultValue: .empty)
    public var linkRanges = SparseColumn<ArenaRange>(defaultValue: .empty)

    public var strings = StringTable()
    public var attributeArena = AttributeArena()
    public var eventArena: [StoredEvent] = []
    public var linkArena: [StoredLink] = []

    public init() {}

    /// A table holding `spans`, in their order.
    public init(_ spans: [Span]) {
        reserveCapacity(spans.count)
        for span in spans { append(span) }
    }

    // MARK: Collection

    public var startIndex: Int { 0 }
    public var endIndex: Int { traceIDs.count }

    /// The span at `i` as a value (allocates its attribute, event and link arrays).
    public subscript(i: Int) -> Span {
        Span(
            traceID: traceIDs[i], spanID: spanIDs[i], parentSpanID: parentSpanIDs[i], name: strings[nameIDs[i]],
            kind: kinds[i], startTimeUnixNano: startTimes[i], endTimeUnixNano: endTime(at: i), status: statuses[i],
            statusMessage: strings[statusMessageIDs[i]], attributes: attributes(at: i), events: events(at: i),
            links: links(at: i), resourceIndex: resourceIndexes[i], scopeIndex: scopeIndexes[i])
    }

    // MARK: Reading fields

    public func name(at i: Int) -> String { strings[nameIDs[i]] }

    /// The end of span `i` in unix nanoseconds, as decoded.
    @inlinable @inline(__always)
    public func endTime(at i: Int) -> Int64 { endTimes.end(at: i, start: startTimes[i]) }

    /// End − start in nanoseconds (DESIGN §4); never negative. Always inlined, like `endTime`:
    /// the analysis's loops over every span called it (33 instructions a call at 500k spans,
    /// 1.5 million calls; issue 7).
    @inlinable @inline(__always)
    public func durationNanos(at i: Int) -> Int64 { Swift.max(0, endTime(at: i) &- startTimes[i]) }

    @inlinable
    public func isError(at i: Int) -> Bool { statuses[i] == .error }

    public func attributes(at i: Int) -> [Attribute] { attributeArena.attributes(attributeRanges[i], strings: strings) }

    public func events(at i: Int) -> [SpanEvent] {
        eventArena[eventRanges[i].range].map {
            SpanEvent(
                timeUnixNano: $0.timeUnixNano, name: strings[$0.name],
                attributes: attributeArena.attributes($0.attributes, strings: strings))
        }
    }

    public func links(at i: Int) -> [SpanLink] {
        linkArena[linkRanges[i].range].map {
            SpanLink(traceID: $0.traceID, spanID: $0.spanID, attributes: attributeArena.attributes($0.attributes, strings: strings))
        }
    }

    /// The stored value of the first attribute of span `i` whose key has id `key`.
    @inlinable
    public func storedAttribute(_ key: UInt32, at i: Int) -> StoredValue? {
        let r = attributeRanges[i]
        var j = Int(r.start)
        let end = j + Int(r.count)
        while j < end {
            if attributeArena.keys[j] == key { return attributeArena.values[j] }
            j += 1
        }
        return nil
    }

    /// The value of the first attribute of span `i` named `key`, as `span.attributes[key:]` gives.
    public func attribute(_ key: String, at i: Int) -> AttributeValue? {
        guard let id = strings.id(of: key), let stored = storedAttribute(id, at: i) else { return nil }
        return attributeArena.value(stored, strings: strings)
    }

    public func value(_ stored: StoredValue) -> AttributeValue { attributeArena.value(stored, strings: strings) }

    // MARK: Building

    public mutating func reserveCapacity(_ n: Int) {
        traceIDs.reserveCapacity(n)
        spanIDs.reserveCapacity(n)
        parentSpanIDs.reserveCapacity(n)
        nameIDs.reserveCapacity(n)
        kinds.reserveCapacity(n)
        startTimes.reserveCapacity(n)
        endTimes.reserveCapacity(n)
        statuses.reserveCapacity(n)
        resourceIndexes.reserveCapacity(n)
        scopeIndexes.reserveCapacity(n)
        attributeRanges.reserveCapacity(n)
    }

    /// Appends a span a decoder built in this table's terms.
    @inlinable
    public mutating func append(_ r: SpanRecord) {
        traceIDs.append(r.traceID)
        spanIDs.append(r.spanID)
        parentSpanIDs.append(r.parentSpanID)
        nameIDs.append(r.name)
        kinds.append(r.kind)
        startTimes.append(r.startTimeUnixNano)
        if !endTimes.append(start: r.startTimeUnixNano, end: r.endTimeUnixNano) { endTimes.widen(starts: startTimes) }
        statuses.append(r.status)
        statusMessageIDs.append(r.statusMessage)
        resourceIndexes.append(r.resourceIndex)
        scopeIndexes.append(r.scopeIndex)
        attributeRanges.append(r.attributes)
        eventRanges.append(r.events)
        linkRanges.append(r.links)
    }

    /// Appends a whole `Span` value, interning its strings and storing its arrays in the arenas.
    public mutating func append(_ span: Span) {
        var r = SpanRecord()
        r.traceID = span.traceID
        r.spanID = span.spanID
        r.parentSpanID = span.parentSpanID
        r.name = strings.intern(span.name)
        r.kind = span.kind
        r.startTimeUnixNano = span.startTimeUnixNano
        r.endTimeUnixNano = span.endTimeUnixNano
        r.status = span.status
        r.statusMessage = strings.intern(span.statusMessage)
        r.resourceIndex = span.resourceIndex
        r.scopeIndex = span.scopeIndex
        r.attributes = attributeArena.append(span.attributes, strings: &strings)
        r.events = appendEvents(span.events)
        r.links = appendLinks(span.links)
        append(r)
    }

    /// A value as the attribute arena stores it, interning its strings here.
    public mutating func store(_ value: AttributeValue) -> StoredValue {
        attributeArena.store(value, strings: &strings)
    }

    public mutating func appendEvents(_ events: [SpanEvent]) -> ArenaRange {
        guard !events.isEmpty else { return .empty }
        let start = UInt32(eventArena.count)
        for e in events {
            eventArena.append(
                StoredEvent(
                    timeUnixNano: e.timeUnixNano, name: strings.intern(e.name),
                    attributes: attributeArena.append(e.attributes, strings: &strings)))
        }
        return ArenaRange(start: start, count: UInt32(events.count))
    }

    public mutating func appendLinks(_ links: [SpanLink]) -> ArenaRange {
        guard !links.isEmpty else { return .empty }
        let start = UInt32(linkArena.count)
        for l in links {
            linkArena.append(
                StoredLink(
                    traceID: l.traceID, spanID: l.spanID,
                    attributes: attributeArena.append(l.attributes, strings: &strings)))
        }
        return ArenaRange(start: start, count: UInt32(links.count))
    }
}
