import TelemetryModel

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

    /// The service a series belongs to: its point's `service.name` attribute (docker_stats
    /// series mapped by `ContainerServiceMapping`), else its resource's.
    public static func serviceName(_ snapshot: Snapshot, _ series: MetricSeries) -> String {
        if case .string(let s)? = series.attributes[key: "service.name"] { return s }
        let i = Int(series.resourceIndex)
        return snapshot.resources.indices.contains(i) ? snapshot.resources[i].serviceName : "unknown_service"
    }

    /// A series' point times (unix ns), whatever its kind.
    public static func pointTimes(_ s: MetricSeries) -> [Int64] {
        switch s.points {
        case .number(let p): return p.map(\.timeUnixNano)
        case .histogram(let p): return p.map(\.timeUnixNano)
        case .exponentialHistogram(let p): return p.map(\.timeUnixNano)
        case .summary(let p): return p.map(\.timeUnixNano)
        }
    }
}
