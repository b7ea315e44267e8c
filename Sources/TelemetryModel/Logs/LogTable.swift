/// Every log record of a snapshot, stored by column in the manner of `SpanTable`: one array
/// per field, repeated strings (severity texts, attribute keys and values, string bodies) once
/// in a `StringTable`, attributes in a shared arena addressed by range.
///
/// Records are few next to spans in most snapshots, but a log file of a busy service has
/// millions; columns keep sorting and filtering to integers. `logs[i]` builds a `LogRecord`.
public struct LogTable: RandomAccessCollection, Sendable {
    public var times: [Int64] = []
    public var observedTimes: [Int64] = []
    public var severityNumbers: [UInt8] = []
    public var severityTextIDs: [UInt32] = []
    /// The bucket of each record, computed once on append from number and text.
    public var severities: [LogSeverity] = []
    public var bodies: [StoredValue] = []
    public var attributeRanges: [ArenaRange] = []
    public var resourceIndexes: [Int32] = []
    public var scopeIndexes: [Int32] = []
    public var traceIDs: [TraceID] = []
    public var spanIDs: [SpanID] = []

    public var strings = StringTable()
    public var attributeArena = AttributeArena()

    public init() {}

    /// A table holding `records`, in their order.
    public init(_ records: [LogRecord]) {
        for r in records { append(r) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { times.count }

    public subscript(i: Int) -> LogRecord {
        LogRecord(
            timeUnixNano: times[i], observedTimeUnixNano: observedTimes[i], severityNumber: Int(severityNumbers[i]),
            severityText: strings[severityTextIDs[i]], body: body(at: i), attributes: attributes(at: i),
            resourceIndex: resourceIndexes[i], scopeIndex: scopeIndexes[i], traceID: traceIDs[i], spanID: spanIDs[i])
    }

    // MARK: Reading fields

    /// `time`, else the observed time (see `LogRecord.timestamp`).
    @inlinable
    public func timestamp(at i: Int) -> Int64 { times[i] != 0 ? times[i] : observedTimes[i] }

    public func body(at i: Int) -> AttributeValue { attributeArena.value(bodies[i], strings: strings) }

    /// The body as one line of text: a string as it is, other kinds as `displayText` writes them.
    public func message(at i: Int) -> String {
        if case .string(let id) = bodies[i] { return strings[id] }
        return body(at: i).displayText
    }

    public func severityText(at i: Int) -> String { strings[severityTextIDs[i]] }

    public func attributes(at i: Int) -> [Attribute] { attributeArena.attributes(attributeRanges[i], strings: strings) }

    /// The value of the first attribute of record `i` named `key`.
    public func attribute(_ key: String, at i: Int) -> AttributeValue? {
        guard let id = strings.id(of: key) else { return nil }
        let r = attributeRanges[i]
        for j in r.range where attributeArena.keys[j] == id { return attributeArena.value(attributeArena.values[j], strings: strings) }
        return nil
    }

    /// True when the record names a trace (a non-zero trace id).
    @inlinable
    public func hasTraceContext(at i: Int) -> Bool { !traceIDs[i].isZero }

    // MARK: Building

    public mutating func append(_ r: LogRecord) {
        times.append(r.timeUnixNano)
        observedTimes.append(r.observedTimeUnixNano)
        severityNumbers.append(UInt8(clamping: r.severityNumber))
        severityTextIDs.append(strings.intern(r.severityText))
        severities.append(r.severity)
        bodies.append(attributeArena.store(r.body, strings: &strings))
        attributeRanges.append(r.attributes.isEmpty ? .empty : attributeArena.append(r.attributes, strings: &strings))
        resourceIndexes.append(r.resourceIndex)
        scopeIndexes.append(r.scopeIndex)
        traceIDs.append(r.traceID)
        spanIDs.append(r.spanID)
    }

    /// The records at `indexes`, in that order, sharing this table's strings and arena.
    public func gathering<C: Collection>(_ indexes: C) -> LogTable where C.Element == Int {
        var t = LogTable()
        t.strings = strings
        t.attributeArena = attributeArena
        t.times = indexes.map { times[$0] }
        t.observedTimes = indexes.map { observedTimes[$0] }
        t.severityNumbers = indexes.map { severityNumbers[$0] }
        t.severityTextIDs = indexes.map { severityTextIDs[$0] }
        t.severities = indexes.map { severities[$0] }
        t.bodies = indexes.map { bodies[$0] }
        t.attributeRanges = indexes.map { attributeRanges[$0] }
        t.resourceIndexes = indexes.map { resourceIndexes[$0] }
        t.scopeIndexes = indexes.map { scopeIndexes[$0] }
        t.traceIDs = indexes.map { traceIDs[$0] }
        t.spanIDs = indexes.map { spanIDs[$0] }
        return t
    }

    /// Sorts by timestamp, ties kept in arrival order (file order, then order in the file), so
    /// every later stage sees the same order whatever order the files came in.
    public mutating func sortByTime() {
        let ts = indices.map { timestamp(at: $0) }
        var sorted = true
        for i in ts.indices.dropFirst() where ts[i] < ts[i - 1] {
            sorted = false
            break
        }
        if sorted { return }
        let order = indices.sorted { ts[$0] != ts[$1] ? ts[$0] < ts[$1] : $0 < $1 }
        self = gathering(order)
    }

    /// Resource and scope indexes through `resources` and `scopes` (an index outside a map is
    /// kept), as `append(contentsOf:resourceMap:scopeMap:)` renumbers those it appends.
    public mutating func renumber(resources: [Int32], scopes: [Int32]) {
        if resources != Array(0..<Int32(resources.count)) {
            for i in resourceIndexes.indices where resources.indices.contains(Int(resourceIndexes[i])) {
                resourceIndexes[i] = resources[Int(resourceIndexes[i])]
            }
        }
        if scopes != Array(0..<Int32(scopes.count)) {
            for i in scopeIndexes.indices where scopes.indices.contains(Int(scopeIndexes[i])) {
                scopeIndexes[i] = scopes[Int(scopeIndexes[i])]
            }
        }
    }

    /// Appends every record of `other`, mapping its strings into this table's, its attribute
    /// ranges past this arena, and its resource and scope indexes through the maps given.
    public mutating func append(contentsOf other: LogTable, resourceMap: [Int32], scopeMap: [Int32]) {
        guard !other.isEmpty else { return }
        let stringMap = strings.merge(other.strings)
        let attributeBase = UInt32(attributeArena.count)
        let otherBase = UInt32(attributeArena.others.count)
        func mapped(_ v: StoredValue) -> StoredValue {
            switch v {
            case .string(let id): return .string(stringMap[Int(id)])
            case .other(let i): return .other(i + otherBase)
            default: return v
            }
        }
        attributeArena.keys.append(contentsOf: other.attributeArena.keys.lazy.map { stringMap[Int($0)] })
        attributeArena.values.append(contentsOf: other.attributeArena.values.lazy.map(mapped))
        attributeArena.others.append(contentsOf: other.attributeArena.others)
        times.append(contentsOf: other.times)
        observedTimes.append(contentsOf: other.observedTimes)
        severityNumbers.append(contentsOf: other.severityNumbers)
        severityTextIDs.append(contentsOf: other.severityTextIDs.lazy.map { stringMap[Int($0)] })
        severities.append(contentsOf: other.severities)
        bodies.append(contentsOf: other.bodies.lazy.map(mapped))
        attributeRanges.append(
            contentsOf: other.attributeRanges.lazy.map {
                $0.count == 0 ? .empty : ArenaRange(start: $0.start + attributeBase, count: $0.count)
            })
        resourceIndexes.append(
            contentsOf: other.resourceIndexes.lazy.map { resourceMap.indices.contains(Int($0)) ? resourceMap[Int($0)] : $0 })
        scopeIndexes.append(contentsOf: other.scopeIndexes.lazy.map { scopeMap.indices.contains(Int($0)) ? scopeMap[Int($0)] : $0 })
        traceIDs.append(contentsOf: other.traceIDs)
        spanIDs.append(contentsOf: other.spanIDs)
    }
}
