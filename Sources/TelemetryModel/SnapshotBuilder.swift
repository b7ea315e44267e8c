import Vocabulary

/// Accumulates decoded telemetry into a `Snapshot`: interns resources and scopes so that equal
/// ones share one index, and merges points of the same series (name, kind, resource, attributes)
/// across requests and files.
public struct SnapshotBuilder: Sendable {
    private var snapshot = Snapshot()
    private var resourceIndex: [HashedValue<Resource>: Int32] = [:]
    private var scopeIndex: [InstrumentationScope: Int32] = [:]
    private var seriesIndex: [SeriesKey: Int] = [:]
    /// The resources and scopes interned last, looked at before the dictionaries (`intern`).
    private var recentResources = RecentValues<Resource>()
    private var recentScopes = RecentValues<InstrumentationScope>()

    private struct SeriesKey: Hashable {
        var name: String
        var kindName: String
        var resourceIndex: Int32
        var attributes: [Attribute]
    }

    public init() {}

    /// Room for `count` distinct resources and scopes in the indexes, which otherwise hash every
    /// key again each time they double (a decoder's run that meets 60 resources: issue 7).
    public mutating func reserveInterned(_ count: Int) {
        resourceIndex.reserveCapacity(count)
        scopeIndex.reserveCapacity(count)
    }

    /// The index of an equal resource, adding it if new.
    public mutating func intern(_ resource: Resource) -> Int32 {
        if let known = recentResources.index(of: resource) { return known }
        return intern(new: HashedValue(resource))
    }

    /// The index of an equal resource, adding it if new, for a resource hashed before (a
    /// decoder's, decoded once and met by the builder of every run after).
    public mutating func intern(_ resource: HashedValue<Resource>) -> Int32 {
        if let known = recentResources.index(of: resource.value) { return known }
        return intern(new: resource)
    }

    private mutating func intern(new resource: HashedValue<Resource>) -> Int32 {
        let index = Self.intern(resource, resource.value, into: &snapshot.resources, index: &resourceIndex)
        recentResources.remember(resource.value, index)
        return index
    }

    /// The index of an equal scope, adding it if new.
    public mutating func intern(_ scope: InstrumentationScope) -> Int32 {
        if let known = recentScopes.index(of: scope) { return known }
        let index = Self.intern(scope, scope, into: &snapshot.scopes, index: &scopeIndex)
        recentScopes.remember(scope, index)
        return index
    }

    /// The values interned last and their indexes. A collector's file names the same
    /// resources on every line, and the decoder hands back the very value it decoded before
    /// (`RawValueCache`): a value whose attribute list is the same array (the same storage) as a
    /// remembered one's, and whose other fields are equal, is that one, and is not hashed — all
    /// its strings — again. Equal by the dictionary's own `==` (which also takes an array as equal
    /// to itself), so it gets the index the dictionary would give it; anything else is looked up
    /// there. A few are compared one by one; past `linearLimit` they are found by their
    /// storage's address (a line naming 60 resources cycled past eight remembered ones, and each
    /// was hashed again: issue 7).
    struct RecentValues<Value: RecentlyInterned>: Sendable where Value: Sendable {
        private var entries: [(value: Value, index: Int32)] = []
        /// Entries by `storageKey` (each entry holds its value, so no address is reused while
        /// it is here).
        private var byStorage: [Int: Int] = [:]
        private var next = 0
        static var capacity: Int { 1_024 }
        static var linearLimit: Int { 8 }

        func index(of value: Value) -> Int32? {
            if entries.count <= Self.linearLimit {
                for entry in entries where entry.value.isSameValue(as: value) { return entry.index }
                return nil
            }
            guard let k = byStorage[value.storageKey], entries[k].value.isSameValue(as: value) else { return nil }
            return entries[k].index
        }

        mutating func remember(_ value: Value, _ index: Int32) {
            let k: Int
            if entries.count < Self.capacity {
                k = entries.count
                entries.append((value, index))
            } else {
                k = next
                if byStorage[entries[k].value.storageKey] == k { byStorage[entries[k].value.storageKey] = nil }
                entries[k] = (value, index)
                next = (next + 1) % Self.capacity
            }
            // The first of values sharing a storage keeps the key (scopes of one attribute list
            // and other names are told apart by `isSameValue`, and looked up by hash).
            if byStorage[value.storageKey] == nil { byStorage[value.storageKey] = k }
        }
    }

    /// Resources and scopes are interned the same way: a list in first-seen order (what spans,
    /// points and records refer to by index) and a dictionary from value (`key`: the value, or
    /// the value with its hash) to index beside it. One lookup, which inserts when the value is
    /// new: a lookup and then an insert hashed a new value twice, and each run of a file's lines
    /// meets every resource as new to it (issue 7).
    private static func intern<Key: Hashable, Value>(
        _ key: Key, _ value: Value, into list: inout [Value], index: inout [Key: Int32]
    ) -> Int32 {
        let next = Int32(list.count)
        let i = Self.slot(&index[key, default: next])
        if i == next { list.append(value) }
        return i
    }

    /// The value of a dictionary's slot, read through its `inout` accessor (which inserts the
    /// default when the key is absent).
    @inline(__always)
    private static func slot(_ value: inout Int32) -> Int32 { value }

    public mutating func add(_ span: Span) {
        snapshot.spans.append(span)
    }

    public mutating func add(_ spans: [Span]) {
        for span in spans { snapshot.spans.append(span) }
    }

    /// Adds the spans of another table whose resource and scope indexes refer to `part`'s tables,
    /// interning those resources and scopes here.
    public mutating func add(_ spans: SpanTable, resources: [Resource], scopes: [InstrumentationScope]) {
        let resourceMap = resources.map { intern($0) }
        let scopeMap = scopes.map { intern($0) }
        if snapshot.spans.isEmpty && resourceMap == Array(0..<Int32(resourceMap.count))
            && scopeMap == Array(0..<Int32(scopeMap.count))
        {
            snapshot.spans = spans  // the first part: nothing to re-index
        } else {
            snapshot.spans.append(contentsOf: spans, resourceMap: resourceMap, scopeMap: scopeMap)
        }
    }

    /// Adds the records of another log table whose resource and scope indexes refer to `part`'s
    /// tables, interning those resources and scopes here.
    public mutating func add(_ logs: LogTable, resources: [Resource], scopes: [InstrumentationScope]) {
        guard !logs.isEmpty else { return }
        let resourceMap = resources.map { intern($0) }
        let scopeMap = scopes.map { intern($0) }
        guard snapshot.logs.isEmpty else {
            snapshot.logs.append(contentsOf: logs, resourceMap: resourceMap, scopeMap: scopeMap)
            return
        }
        // The first part is taken as it is, its resource and scope indexes renumbered: appended
        // to an empty table, every column was copied (its strings and arena numbered as they
        // are), and the copy and the decoded part side by side set the read's peak memory when
        // a snapshot's logs came in a file of their own (the simulated demo: its peak).
        var first = logs
        first.renumber(resources: resourceMap, scopes: scopeMap)
        snapshot.logs = first
    }

    /// Direct access to the log table, for decoders that append `LogRecord`s. Read in place
    /// (`_read`), as the span table is.
    public var logs: LogTable {
        _read { yield snapshot.logs }
        _modify { yield &snapshot.logs }
    }

    /// Direct access to the span table, for decoders that append `SpanRecord`s. Read in place
    /// (`_read`) rather than handed out as a copy by a `get` (one trace a line's read phase
    /// 0.431 → 0.4235 s CPU, 10 runs; issue 7). A call on the table from another module may
    /// still copy its fields (376 bytes) to pass them: see `SnapshotBuilder.count(of:)`.
    public var spans: SpanTable {
        _read { yield snapshot.spans }
        _modify { yield &snapshot.spans }
    }

    /// Adds a series' points, merging them into an existing series with the same identity.
    public mutating func add(_ series: MetricSeries) {
        var sorted = series
        sorted.attributes.sort { $0.key < $1.key }
        let key = SeriesKey(
            name: sorted.name, kindName: sorted.kind.name, resourceIndex: sorted.resourceIndex, attributes: sorted.attributes)
        if let i = seriesIndex[key] {
            snapshot.metrics[i].points = Self.merge(snapshot.metrics[i].points, sorted.points)
        } else {
            seriesIndex[key] = snapshot.metrics.count
            snapshot.metrics.append(sorted)
        }
    }

    public mutating func addInput(_ input: InputSummary) {
        snapshot.inputs.append(input)
    }

    /// What was added so far, as added (spans in arrival order, points unsorted): for parts
    /// that are merged into another builder, which sorts once at the end.
    public var contents: Snapshot { snapshot }

    /// The finished snapshot: spans in (trace, start, span id) order and points sorted by time,
    /// so that every later stage sees the same order whatever order the files came in.
    /// Consuming, so that the builder's last reference to the span columns goes with it and the
    /// sort can replace them one by one (see `SpanTable.sortByTrace()`).
    public consuming func finish() -> Snapshot {
        var result = snapshot
        snapshot = Snapshot()
        result.spans.sortByTrace()
        result.logs.sortByTime()
        result.spans.strings.shareLeadingStrings()
        result.logs.strings.shareLeadingStrings()
        for i in result.metrics.indices {
            switch result.metrics[i].points {
            case .number(let p): result.metrics[i].points = .number(p.sorted { $0.timeUnixNano < $1.timeUnixNano })
            case .histogram(let p): result.metrics[i].points = .histogram(p.sorted { $0.timeUnixNano < $1.timeUnixNano })
            case .exponentialHistogram(let p):
                result.metrics[i].points = .exponentialHistogram(p.sorted { $0.timeUnixNano < $1.timeUnixNano })
            case .summary(let p): result.metrics[i].points = .summary(p.sorted { $0.timeUnixNano < $1.timeUnixNano })
            }
        }
        return result
    }

    private static func merge(_ a: MetricPoints, _ b: MetricPoints) -> MetricPoints {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(x + y)
        case (.histogram(let x), .histogram(let y)): return .histogram(x + y)
        case (.exponentialHistogram(let x), .exponentialHistogram(let y)): return .exponentialHistogram(x + y)
        case (.summary(let x), .summary(let y)): return .summary(x + y)
        default: return a
        }
    }
}

/// Resources and scopes, told to be the same value cheaply (`SnapshotBuilder.RecentValues`).
protocol RecentlyInterned: Equatable {
    /// True only when `self == other`: the same attribute storage and equal other fields.
    func isSameValue(as other: Self) -> Bool
    /// The address of the attribute list's storage (0 for none), which values that are the
    /// same by `isSameValue` share.
    var storageKey: Int { get }
}

extension Resource: RecentlyInterned {
    func isSameValue(as other: Resource) -> Bool { attributes.sharesStorage(with: other.attributes) }
    var storageKey: Int { attributes.storageKey }
}

extension InstrumentationScope: RecentlyInterned {
    func isSameValue(as other: InstrumentationScope) -> Bool {
        attributes.sharesStorage(with: other.attributes) && name == other.name && version == other.version
    }
    var storageKey: Int { attributes.storageKey }
}
