import DashboardConfig
import TelemetryModel

/// Whether a service's spans get slower as its process uses more memory or CPU (issue 15):
/// Spearman's rank correlation (`Spearman`, average ranks for ties) between each span's duration
/// and the value of the service's memory, and its CPU%, at the span's start — per instance.
/// The spans are the requests the service serves (its server and consumer spans, the time its
/// callers wait), or all its spans when it has none of those kinds: its outgoing calls and
/// internal steps would mix other work into one rank order.
///
/// Matching spans to metric series: a span's resource and a series' resource belong to the same
/// instance when they carry the same value of the first of `instanceKeys` that the resource has
/// (`service.instance.id`, then the Kubernetes pod, the container, the host). When the series
/// carry none of these and there is a single such group, every span of the service matches it
/// (one process reporting without an identity). Values at a span's start: memory is the newest
/// sample at or before it, no older than three sample intervals (at least 60 s), of the resident
/// series (`type=rss`) when the series say which is which, else of the first; CPU% is
/// `rate(cpu seconds[window]) × 100` summed over the instance's series (`type`/`state`), with the
/// window of the CPU chart, Grafana's `$__rate_interval` at no step (4 sample intervals).
///
/// A correlation needs `minimumPoints` spans with a value and a value that varies; its p-value
/// is two-sided from z = ρ·√(n − 1). It is called strong when |ρ| ≥ `strong` and p < 0.05.
public struct ResourceCorrelation: Sendable {
    public struct Correlation: Sendable {
        /// Spans with a value.
        public var points: Int
        /// nil with too few points or a constant duration or value.
        public var rho: Double?
        public var p: Double?
        /// (duration ns, value) of up to `scatterLimit` spans, evenly chosen in start order.
        public var scatter: [(durationNanos: Int64, value: Double)]

        public var isStrong: Bool {
            guard let rho, let p else { return false }
            return abs(rho) >= ResourceCorrelation.strong && p < 0.05
        }
    }

    public struct Instance: Sendable {
        /// `service.instance.id=…` (or the key that matched), or "(unidentified)".
        public var key: String
        public var spanCount: Int
        public var memory: Correlation?
        public var cpu: Correlation?
    }

    public var service: String
    public var memoryMetric: String?
    public var cpuMetric: String?
    /// Which of the service's spans were correlated: "server and consumer", or "all" when it
    /// has none of those kinds.
    public var spanKinds: String
    /// By span count (most first), then key.
    public var instances: [Instance]

    public static let instanceKeys = ["service.instance.id", "k8s.pod.uid", "k8s.pod.name", "container.id", "host.name"]
    public static let minimumPoints = 10
    public static let strong = 0.7
    public static let scatterLimit = 2000

    static func key(_ attributes: [Attribute]) -> String {
        for k in instanceKeys {
            if let v = attributes[key: k] { return k + "=" + v.displayText }
        }
        return ""
    }

    /// The metrics are those the dashboards' memory and CPU panels select (`PanelRole`).
    public init(_ snapshot: Snapshot, service: String, spec: DashboardSpec = .builtIn) {
        self.service = service
        let memoryName = MetricSelection.select(snapshot, panel: spec.panel(.memory), service: service).name
        let cpuName = MetricSelection.select(snapshot, panel: spec.panel(.cpu), service: service).name
        memoryMetric = memoryName
        cpuMetric = cpuName
        let resourceKeys = snapshot.resources.map { Self.key($0.attributes) }
        func seriesByKey(_ name: String?) -> [String: [MetricSeries]] {
            guard let name else { return [:] }
            var out: [String: [MetricSeries]] = [:]
            for s in snapshot.metrics where s.name == name && SeriesIdentity.serviceName(snapshot, s) == service {
                let r = Int(s.resourceIndex)
                out[resourceKeys.indices.contains(r) ? resourceKeys[r] : "", default: []].append(s)
            }
            return out
        }
        let memory = seriesByKey(memoryName), cpu = seriesByKey(cpuName)
        // The service's spans, by the key of their resource.
        let index = ServiceIndex(snapshot)
        let spans = snapshot.spans
        // The requests the service serves — its server and consumer spans — when it has any
        // (the time a caller waits); else all its spans.
        let ownResource = snapshot.resources.indices.map { index.names[index.id(ofResource: Int32($0))] == service }
        func isOwn(_ i: Int) -> Bool {
            let r = Int(spans.resourceIndexes[i])
            return ownResource.indices.contains(r) ? ownResource[r] : index.names[index.id(ofResource: Int32(r))] == service
        }
        func isEntry(_ i: Int) -> Bool { spans.kinds[i] == .server || spans.kinds[i] == .consumer }
        let entriesOnly = spans.indices.contains { isEntry($0) && isOwn($0) }
        spanKinds = entriesOnly ? "server and consumer" : "all"
        // The spans by the key of their resource (one unidentified process: all spans are its).
        // Only keys with metrics keep their spans' indexes; the others are counted (three lists of
        // every span of the service were built before, 200k indexes at 500k spans, with or
        // without a metric).
        let metricKeys = Set(memory.keys).union(cpu.keys)
        let single = metricKeys == [""]
        // Each distinct key a number, and each resource its key's (one key for all when a single
        // process has the metrics; "" for a resource index out of range): counting and grouping
        // the spans by a key's text hashed it twice a span (100,000 spans at 500k: 0.6% of a
        // render; issue 7).
        let keyIndex = ServiceIndex(resourceNames: single ? resourceKeys.map { _ in "" } : resourceKeys, unknown: "")
        let keys = keyIndex.names
        let hasMetric = keys.map { metricKeys.contains($0) }
        var spanCounts = [Int](repeating: 0, count: keys.count)
        var members = [[Int]](repeating: [], count: keys.count)
        for i in spans.indices where (!entriesOnly || isEntry(i)) && isOwn(i) {
            let k = keyIndex.id(ofResource: spans.resourceIndexes[i])
            spanCounts[k] += 1
            if hasMetric[k] { members[k].append(i) }
        }
        // (A single process has its instance even with no spans.)
        var counts: [String: Int] = single ? ["": 0] : [:]
        var spansByKey: [String: [Int]] = [:]
        for k in keys.indices where spanCounts[k] > 0 {
            counts[keys[k]] = spanCounts[k]
            if hasMetric[k] { spansByKey[keys[k]] = members[k] }
        }
        var out: [Instance] = []
        for (key, count) in counts {
            let members = spansByKey[key] ?? []
            let mem = memory[key].map { Self.memoryValues(snapshot, series: $0, spans: members) }
            let cpuValues = cpu[key].map { Self.cpuValues(snapshot, series: $0, spans: members) }
            out.append(
                Instance(
                    key: key.isEmpty ? "(unidentified)" : key, spanCount: count,
                    memory: mem.map { Self.correlate(spans, members, $0) },
                    cpu: cpuValues.map { Self.correlate(spans, members, $0) }))
        }
        instances = out.sorted { $0.spanCount != $1.spanCount ? $0.spanCount > $1.spanCount : $0.key < $1.key }
    }

    /// The instance with the most spans that has a memory (or CPU) correlation, for headlines.
    public func leading(_ path: KeyPath<Instance, Correlation?>) -> Instance? {
        instances.first { $0[keyPath: path]?.rho != nil }
    }

    static func memoryValues(_ snapshot: Snapshot, series: [MetricSeries], spans members: [Int]) -> [Double?] {
        let groups = MetricSelection.group(series, in: snapshot).filter { !$0.samples.isEmpty }
        let rss = groups.filter { $0.labels["type"] == "rss" }
        // Per instance the samples of one series; restarted processes behind one key follow each
        // other in time, so their samples are merged in time order.
        let chosenLabels = (rss.first ?? groups.first)?.labels
        let samples = groups.filter { $0.labels == chosenLabels }.flatMap(\.samples).sorted { $0.timeMillis < $1.timeMillis }
        let interval = MetricSelection.typicalIntervalMillis(groups) ?? 0
        let lookback = max(3 * interval, 60_000)
        let spans = snapshot.spans
        return members.map { PromQL.instantValue(samples, evalMillis: spans.startTimes[$0] / 1_000_000, lookbackMillis: lookback) }
    }

    static func cpuValues(_ snapshot: Snapshot, series: [MetricSeries], spans members: [Int]) -> [Double?] {
        let groups = MetricSelection.group(series, in: snapshot).filter { !$0.samples.isEmpty }
        let window = RateInterval.windowSeconds(step: 0, intervalMillis: MetricSelection.typicalIntervalMillis(groups)) * 1000
        let spans = snapshot.spans
        return members.map { i -> Double? in
            let t = spans.startTimes[i] / 1_000_000
            var total: Double? = nil
            for g in groups where !g.isDelta {
                if let r = PromQL.extrapolatedRate(
                    PromQL.window(g.samples, evalMillis: t, rangeMillis: window), evalMillis: t, rangeMillis: window)
                {
                    total = (total ?? 0) + r * 100
                }
            }
            return total
        }
    }

    static func correlate(_ spans: SpanTable, _ members: [Int], _ values: [Double?]) -> Correlation {
        var pairs: [(Int64, Double)] = []
        for (k, i) in members.enumerated() {
            if let v = values[k], v.isFinite { pairs.append((spans.durationNanos(at: i), v)) }
        }
        let n = pairs.count
        var rho: Double? = nil, p: Double? = nil
        if n >= minimumPoints, let r = Spearman.correlation(pairs.map { (Double($0.0), $0.1) }) {
            rho = r
            p = Significance.twoSided(z: r * Double(n - 1).squareRoot())
        }
        let stride = max(1, (n + scatterLimit - 1) / scatterLimit)
        let scatter = Swift.stride(from: 0, to: n, by: stride).map { (durationNanos: pairs[$0].0, value: pairs[$0].1) }
        return Correlation(points: n, rho: rho, p: p, scatter: scatter)
    }
}
