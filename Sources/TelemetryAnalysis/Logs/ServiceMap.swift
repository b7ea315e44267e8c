import TelemetryModel

/// Which service calls which (issue 14), from the spans' parent links.
///
/// - An **edge** parent's service → child's service for every span whose parent span (the span
///   of the same trace with its parent id) is in the snapshot and belongs to another service:
///   `calls` counts such child spans, `errors` those with status ERROR, and p50/p99 are the
///   nearest-rank percentiles of their durations.
/// - An **uninstrumented peer** (a virtual node) for every CLIENT or PRODUCER span no span names
///   as its parent, named by its `peer.service`, else `db.system` (with `/` and `db.name` when
///   that is present: `postgresql/orders`), else `server.address`, else `net.peer.name`; a span
///   with none of these adds nothing. Its edge (span's service → peer) counts those spans, their
///   errors and their own durations. A peer named like an instrumented service is that service.
/// - **Nodes**: every service with spans (spans and error spans) and every peer (the client
///   spans that reached it, and their errors), sorted by name; edges by source, then target.
public struct ServiceMap: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var name: String
        public var isVirtual: Bool
        public var spanCount: Int
        public var errorCount: Int
    }

    public struct Edge: Sendable, Equatable {
        public var source: String
        public var target: String
        public var calls: Int
        public var errors: Int
        public var p50Nanos: Int64
        public var p99Nanos: Int64
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// For each virtual node, a `--where` expression finding the spans that named it (the first
    /// such span's attributes), so the page can link a peer to its traces.
    public var peerFilters: [String: String]

    public init(nodes: [Node], edges: [Edge], peerFilters: [String: String] = [:]) {
        self.nodes = nodes
        self.edges = edges
        self.peerFilters = peerFilters
    }

    /// The name of the peer a childless client span calls, per the rule above, and the filter
    /// terms (attribute, value) that name it; nil when none.
    public static func peer(_ spans: SpanTable, at i: Int) -> (name: String, terms: [(String, AttributeValue)])? {
        peer(spans, at: i, keys: PeerKeys(spans))
    }

    /// The string ids of the keys that name a peer, looked up once per table rather than once
    /// per client span; nil where the table has no such string (no span carries that key).
    struct PeerKeys {
        var peerService, dbSystem, dbName, serverAddress, netPeerName: UInt32?

        init(_ spans: SpanTable) {
            peerService = spans.strings.id(of: "peer.service")
            dbSystem = spans.strings.id(of: "db.system")
            dbName = spans.strings.id(of: "db.name")
            serverAddress = spans.strings.id(of: "server.address")
            netPeerName = spans.strings.id(of: "net.peer.name")
        }

        /// No span carries any of the keys: no span names a peer.
        var isEmpty: Bool { peerService == nil && dbSystem == nil && serverAddress == nil && netPeerName == nil }
    }

    /// `peer(_:at:)` with the keys' ids looked up already: a value is the span's first attribute
    /// of the key, as `SpanTable.attribute(_:at:)` reads it.
    static func peer(_ spans: SpanTable, at i: Int, keys: PeerKeys) -> (name: String, terms: [(String, AttributeValue)])? {
        func value(_ id: UInt32?) -> AttributeValue? {
            guard let id, let stored = spans.storedAttribute(id, at: i) else { return nil }
            let v = spans.value(stored)
            guard !v.displayText.isEmpty else { return nil }
            return v
        }
        if let p = value(keys.peerService) { return (p.displayText, [("peer.service", p)]) }
        if let db = value(keys.dbSystem) {
            if let name = value(keys.dbName) { return (db.displayText + "/" + name.displayText, [("db.system", db), ("db.name", name)]) }
            return (db.displayText, [("db.system", db)])
        }
        if let a = value(keys.serverAddress) { return (a.displayText, [("server.address", a)]) }
        if let a = value(keys.netPeerName) { return (a.displayText, [("net.peer.name", a)]) }
        return nil
    }

    /// `parents`: the assembly's parent lookups for these traces (`SpanParents`), read instead of
    /// indexing each trace again when given.
    public static func compute(_ snapshot: Snapshot, traces: [TraceSummary], parents: SpanParents? = nil) -> ServiceMap {
        let spans = snapshot.spans
        let index = ServiceIndex(snapshot)
        var spanCounts = [Int](repeating: 0, count: index.count)
        var errorCounts = [Int](repeating: 0, count: index.count)
        for i in spans.indices {
            let s = index.id(ofResource: spans.resourceIndexes[i])
            spanCounts[s] += 1
            if spans.isError(at: i) { errorCounts[s] += 1 }
        }
        struct EdgeKey: Hashable {
            var source: String
            var target: String
        }
        var durations: [EdgeKey: [Int64]] = [:]
        var errors: [EdgeKey: Int] = [:]
        var peers: [String: (calls: Int, errors: Int)] = [:]
        var peerFilters: [String: String] = [:]
        var hasChild = [Bool](repeating: false, count: spans.count)
        // Calls between instrumented services are gathered by service ids (an integer key per
        // span rather than two names hashed), then named once per edge below.
        let serviceCount = index.count
        var idDurations: [Int: [Int64]] = [:]
        var idErrors: [Int: Int] = [:]
        // With up to 256 services (any real system), by an array indexed by the pair rather
        // than a dictionary: hashing a key per call between services was most of this loop.
        let dense = serviceCount <= 256
        var denseDurations = [[Int64]](repeating: [], count: dense ? serviceCount * serviceCount : 0)
        var denseErrors = [Int](repeating: 0, count: dense ? serviceCount * serviceCount : 0)
        // A span's parent is the last span of its trace with its parent id (`TraceSpanLookup`).
        var byID = TraceSpanLookup()
        // By index: iterating the summaries would copy each one (its strings and arrays retained).
        for t in traces.indices {
            let range = traces[t].spanRange
            if parents == nil { byID.load(spans.spanIDs, range: range) }
            for i in range {
                let parentID = spans.parentSpanIDs[i]
                guard !parentID.isNone else { continue }
                let parent: Int?
                if let parents { parent = parents.lookup(i) } else { parent = byID.lastIndex(of: parentID, in: spans.spanIDs) }
                guard let p = parent, p != i else { continue }
                hasChild[p] = true
                let ps = index.id(ofResource: spans.resourceIndexes[p]), cs = index.id(ofResource: spans.resourceIndexes[i])
                guard ps != cs else { continue }
                let key = ps * serviceCount + cs
                if dense {
                    denseDurations[key].append(spans.durationNanos(at: i))
                    if spans.isError(at: i) { denseErrors[key] += 1 }
                } else {
                    idDurations[key, default: []].append(spans.durationNanos(at: i))
                    if spans.isError(at: i) { idErrors[key, default: 0] += 1 }
                }
            }
        }
        for key in denseDurations.indices where !denseDurations[key].isEmpty {
            idDurations[key] = denseDurations[key]
            if denseErrors[key] > 0 { idErrors[key] = denseErrors[key] }
        }
        for (key, values) in idDurations {
            let edge = EdgeKey(source: index.names[key / serviceCount], target: index.names[key % serviceCount])
            durations[edge, default: []] += values
            if let e = idErrors[key] { errors[edge, default: 0] += e }
        }
        let serviceNames = Set(index.names.indices.filter { spanCounts[$0] > 0 }.map { index.names[$0] })
        let peerKeys = PeerKeys(spans)
        for i in spans.indices where !peerKeys.isEmpty && !hasChild[i] && (spans.kinds[i] == .client || spans.kinds[i] == .producer) {
            guard let (peer, terms) = peer(spans, at: i, keys: peerKeys) else { continue }
            let source = index.names[index.id(ofResource: spans.resourceIndexes[i])]
            if peer == source { continue }
            let key = EdgeKey(source: source, target: peer)
            durations[key, default: []].append(spans.durationNanos(at: i))
            if spans.isError(at: i) { errors[key, default: 0] += 1 }
            if !serviceNames.contains(peer) {
                if peerFilters[peer] == nil {
                    peerFilters[peer] = (["service=" + FilterText.quoted(source)] + terms.compactMap { FilterText.equals($0.0, $0.1) })
                        .joined(separator: " ")
                }
                peers[peer, default: (0, 0)].calls += 1
                if spans.isError(at: i) { peers[peer, default: (0, 0)].errors += 1 }
            }
        }
        var nodes = index.names.indices.filter { spanCounts[$0] > 0 }.map {
            Node(name: index.names[$0], isVirtual: false, spanCount: spanCounts[$0], errorCount: errorCounts[$0])
        }
        nodes += peers.map { Node(name: $0.key, isVirtual: true, spanCount: $0.value.calls, errorCount: $0.value.errors) }
        nodes.sort { $0.name < $1.name }
        let edges = durations.map { key, values -> Edge in
            let p = RadixSort.percentiles(values, [.p50, .p99])
            return Edge(
                source: key.source, target: key.target, calls: values.count, errors: errors[key] ?? 0, p50Nanos: p[0], p99Nanos: p[1])
        }.sorted { $0.source != $1.source ? $0.source < $1.source : $0.target < $1.target }
        return ServiceMap(nodes: nodes, edges: edges, peerFilters: peerFilters)
    }
}
