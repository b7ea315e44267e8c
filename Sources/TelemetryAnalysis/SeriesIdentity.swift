import TelemetryModel

/// Samples of one Prometheus series: a metric's point attributes plus the instance of the
/// resource that reported them.
public struct LabelledSamples: Sendable {
    /// Point attributes (`type`, `state`…).
    public var labels: [String: String]
    /// The resource's `service.instance.id`, or "" when it has none.
    public var instance: String
    /// Whether another series has the same labels but a different instance (a restarted process).
    public var sharesLabelsWithOtherInstances: Bool
    public var samples: [PromQL.Sample]
    /// Times (unix s) where the series' start time changed: a counter reset within one instance.
    public var resets: [Int64]
    /// When the series began (its first start time, else its first sample), unix s.
    public var startSeconds: Int64
    /// A delta sum: each sample is an increase, summed per window rather than rated.
    public var isDelta: Bool = false

    /// The labels as Prometheus holds them: point attributes plus `instance` when known.
    public var promLabels: [String: String] {
        var l = labels
        if !instance.isEmpty { l["instance"] = instance }
        return l
    }

    /// Label values in key order (`user`, `rss`).
    public var baseName: String { labels.keys.sorted().map { labels[$0]! }.joined(separator: " ") }

    /// The base name (or the fallback when there are no labels), with the instance when other
    /// series share the labels: `user · 5f3a9c21`.
    public func displayName(fallback: String) -> String {
        SeriesIdentity.displayName(
            base: labels.isEmpty ? fallback : baseName, instance: instance,
            sharesLabels: sharesLabelsWithOtherInstances)
    }
}

/// How OTLP series map onto Prometheus series, as the collector's Prometheus exporters and
/// Prometheus's own OTLP receiver translate them: `job` from `service.name`, `instance` from
/// `service.instance.id`, point attributes as labels. Series of one service that differ only in
/// other resource attributes (a pid) are one Prometheus series; a restarted process with a new
/// `service.instance.id` is a new series, and its old series simply stops.
public enum SeriesIdentity {
    /// From a series' (sample time, start time) pairs: the times its start time changed (counter
    /// resets within one instance, unix s) and when it began (its first start time, else its
    /// first sample, in ns), or nil when there are no points.
    public static func startTimeChanges(_ pairs: [(time: Int64, start: Int64)]) -> (resets: [Int64], begin: Int64?) {
        let starts = pairs.sorted { $0.time < $1.time }
        var resets: [Int64] = []
        for i in starts.indices.dropFirst() where starts[i].start != starts[i - 1].start && starts[i].start != 0 {
            resets.append(starts[i].start / 1_000_000_000)
        }
        return (resets, starts.first.map { $0.start != 0 ? $0.start : $0.time })
    }

    /// Restart times (unix s) of a metric's series: start-time changes within a series, and
    /// every series start after the first (a restarted process is a new series).
    public static func restarts(resets: [[Int64]], starts: [Int64]) -> [Int64] {
        let first = starts.min()
        return Array(Set(resets.joined() + starts.filter { $0 != first })).sorted()
    }

    /// A series' name: its label values, with the instance when other series share the labels
    /// (`user · 5f3a9c21`).
    public static func displayName(base: String, instance: String, sharesLabels: Bool) -> String {
        sharesLabels && !instance.isEmpty ? base + " · " + String(instance.prefix(8)) : base
    }

    public static func instance(of series: MetricSeries, in snapshot: Snapshot) -> String {
        let i = Int(series.resourceIndex)
        guard snapshot.resources.indices.contains(i),
            let v = snapshot.resources[i].attributes[key: "service.instance.id"]
        else { return "" }
        return v.displayText
    }

    /// Samples of a cumulative sum. A new start time is a reset (OTLP data model); Prometheus 2.x
    /// sees a reset only when the value drops, so where it does not (the restarted counter has
    /// already passed the old value) a zero sample is placed at the new start time, as
    /// Prometheus's created-timestamp zero ingestion does. Where the value drops, nothing is
    /// added and the result is exactly Prometheus 2.42's.
    public static func counterSamples(_ points: [NumberPoint]) -> [PromQL.Sample] {
        var out: [PromQL.Sample] = []
        out.reserveCapacity(points.count)
        let sorted = points.sorted { $0.timeUnixNano < $1.timeUnixNano }
        for (i, p) in sorted.enumerated() {
            if i > 0 {
                let prev = sorted[i - 1]
                if p.startTimeUnixNano != 0, p.startTimeUnixNano != prev.startTimeUnixNano, p.value >= prev.value,
                    p.startTimeUnixNano > prev.timeUnixNano, p.startTimeUnixNano < p.timeUnixNano
                {
                    out.append(PromQL.Sample(timeMillis: p.startTimeUnixNano / 1_000_000, value: 0))
                }
            }
            out.append(PromQL.Sample(timeMillis: p.timeUnixNano / 1_000_000, value: p.value))
        }
        return out
    }

    /// Groups number series by (point attributes, instance), samples in time order, sorted by
    /// display name and then start.
    public static func group(_ matching: [MetricSeries], in snapshot: Snapshot) -> [LabelledSamples] {
        struct Key: Hashable {
            var labels: [String: String]
            var instance: String
        }
        var order: [Key] = []
        var byKey: [Key: (samples: [PromQL.Sample], starts: [(Int64, Int64)])] = [:]
        var deltaKeys = Set<Key>()
        for series in matching {
            guard case .number(let points) = series.points else { continue }
            var labels: [String: String] = [:]
            for a in series.attributes { labels[a.key] = a.value.displayText }
            let key = Key(labels: labels, instance: instance(of: series, in: snapshot))
            if byKey[key] == nil { order.append(key) }
            if case .sum(_, .delta) = series.kind { deltaKeys.insert(key) }
            let cumulative: Bool = {
                if case .sum(_, .cumulative) = series.kind { return true }
                return false
            }()
            byKey[key, default: ([], [])].samples +=
                cumulative ? counterSamples(points) : points.map { PromQL.Sample(timeMillis: $0.timeUnixNano / 1_000_000, value: $0.value) }
            for p in points { byKey[key, default: ([], [])].starts.append((p.timeUnixNano, p.startTimeUnixNano)) }
        }
        var instancesPerLabels: [[String: String]: Set<String>] = [:]
        for key in order { instancesPerLabels[key.labels, default: []].insert(key.instance) }
        let groups = order.compactMap { key -> LabelledSamples? in
            guard let e = byKey[key], !e.samples.isEmpty else { return nil }
            let (resets, begin) = startTimeChanges(e.starts.map { (time: $0.0, start: $0.1) })
            return LabelledSamples(
                labels: key.labels, instance: key.instance,
                sharesLabelsWithOtherInstances: (instancesPerLabels[key.labels]?.count ?? 0) > 1,
                samples: e.samples.sorted { $0.timeMillis < $1.timeMillis }, resets: resets,
                startSeconds: (begin ?? 0) / 1_000_000_000, isDelta: deltaKeys.contains(key))
        }
        return groups.sorted { a, b in
            let (x, y) = (a.baseName, b.baseName)
            if x != y { return x < y }
            return a.startSeconds != b.startSeconds ? a.startSeconds < b.startSeconds : a.instance < b.instance
        }
    }
}
