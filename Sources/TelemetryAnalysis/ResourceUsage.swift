import TelemetryModel

/// CPU% and memory panels for one service from its runtime metrics (DESIGN §4):
/// CPU% = Prometheus `rate(cpu seconds[window]) × 100` per `type`/`state` label and in total;
/// memory = the sampled value (instant-vector semantics), never its rate.
public enum ResourceUsage {
    /// Samples of one label set, merged across the service's resources (a restarted process
    /// with a new pid continues the same series, as Prometheus sees it under one job/instance),
    /// and the times where the series' start time changed (restarts).

    public static func cpuPanel(_ snapshot: Snapshot, service: String, grid: TimeGrid) -> Panel {
        let (name, groups) = find(snapshot, service: service, names: RuntimeMetricNames.cpuTime)
        let interval = typicalIntervalMillis(groups)
        let window = windowSeconds(step: grid.stepSeconds, intervalMillis: interval)
        var series: [TimeSeries] = []
        var total = [Double?](repeating: nil, count: grid.count)
        for g in groups {
            let values = grid.times.map { t -> Double? in
                if g.isDelta {
                    // Delta sums: the increases reported in (t − w, t], per second.
                    let inWindow = g.samples.filter { $0.timeMillis > (t - window) * 1000 && $0.timeMillis <= t * 1000 }
                    return inWindow.isEmpty ? nil : inWindow.reduce(0) { $0 + $1.value } / Double(window) * 100
                }
                return PromQL.extrapolatedRate(
                    PromQL.window(g.samples, evalMillis: t * 1000, rangeMillis: window * 1000),
                    evalMillis: t * 1000, rangeMillis: window * 1000
                ).map { $0 * 100 }
            }
            for (i, v) in values.enumerated() where v != nil { total[i] = (total[i] ?? 0) + v! }
            series.append(
                TimeSeries(
                    name: g.displayName(fallback: "cpu"), labels: g.promLabels,
                    points: zip(grid.times, values).map { ($0, $1) }))
        }
        if series.count > 1 {
            series.append(TimeSeries(name: "total", labels: [:], points: zip(grid.times, total).map { ($0, $1) }))
        }
        return Panel(
            id: "cpu", title: "\(service) CPU", unit: "percent", source: name ?? "none",
            method: "rate(\(name ?? "cpu time")[\(window)s]) × 100 per series (point labels and instance); total is their sum",
            stepSeconds: grid.stepSeconds, windowSeconds: window, series: series,
            markers: markers(groups))
    }

    public static func memoryPanel(_ snapshot: Snapshot, service: String, grid: TimeGrid) -> Panel {
        gaugePanel(
            snapshot, service: service, grid: grid, names: RuntimeMetricNames.memory, id: "memory",
            title: "\(service) memory", unit: "bytes", fallbackName: "memory",
            method: { "newest sample at or before each step, no older than \($0)s" })
    }

    /// Container CPU as the collector's docker_stats receiver samples it (a gauge in percent of
    /// one core), for services whose only CPU figures come from their container.
    public static func containerCPUPanel(_ snapshot: Snapshot, service: String, grid: TimeGrid) -> Panel {
        gaugePanel(
            snapshot, service: service, grid: grid, names: RuntimeMetricNames.containerCPU, id: "container-cpu",
            title: "\(service) container CPU", unit: "percent", fallbackName: "container-cpu",
            method: { "container CPU% as the docker_stats receiver samples it: newest sample at or before each step, no older than \($0)s" }
        )
    }

    /// A gauge shown as sampled: each series' newest sample at or before each step.
    static func gaugePanel(
        _ snapshot: Snapshot, service: String, grid: TimeGrid, names: [String], id: String, title: String,
        unit: String, fallbackName: String, method: (Int64) -> String
    ) -> Panel {
        let (name, groups) = find(snapshot, service: service, names: names)
        let interval = typicalIntervalMillis(groups)
        let lookback = windowSeconds(step: grid.stepSeconds, intervalMillis: interval)
        let series = groups.map { g in
            TimeSeries(
                name: g.displayName(fallback: fallbackName), labels: g.promLabels,
                points: grid.times.map { t in (t, PromQL.instantValue(g.samples, evalMillis: t * 1000, lookbackMillis: lookback * 1000)) })
        }
        return Panel(
            id: id, title: title, unit: unit, source: name ?? "none", method: method(lookback),
            stepSeconds: grid.stepSeconds, windowSeconds: lookback, series: series, markers: markers(groups))
    }

    /// Grafana's `$__rate_interval`: max(step + interval, 4 × interval), in whole seconds,
    /// so every window holds at least a few samples.
    public static func windowSeconds(step: Int64, intervalMillis: Int64?) -> Int64 {
        guard let ms = intervalMillis, ms > 0 else { return max(step, 60) }
        let interval = (ms + 999) / 1000
        return max(step + interval, 4 * interval)
    }

    /// The median gap between consecutive samples, in ms.
    static func typicalIntervalMillis(_ groups: [LabelledSamples]) -> Int64? {
        var gaps: [Int64] = []
        for g in groups {
            for i in g.samples.indices.dropFirst() { gaps.append(g.samples[i].timeMillis - g.samples[i - 1].timeMillis) }
        }
        gaps.sort()
        return gaps.isEmpty ? nil : gaps[gaps.count / 2]
    }

    /// Restarts: a series' start time changing, or a new instance starting after the first.
    static func markers(_ groups: [LabelledSamples]) -> [(time: Int64, label: String)] {
        SeriesIdentity.restarts(resets: groups.map(\.resets), starts: groups.map(\.startSeconds)).map { ($0, "restart") }
    }

    static func seriesName(_ labels: [String: String], fallback: String) -> String {
        labels.isEmpty ? fallback : labels.keys.sorted().map { labels[$0]! }.joined(separator: " ")
    }

    /// The first metric name (in preference order) with series for the service, grouped by labels.
    static func find(_ snapshot: Snapshot, service: String, names: [String]) -> (String?, [LabelledSamples]) {
        for name in names {
            let matching = snapshot.metrics.filter { series in
                series.name == name && serviceName(snapshot, series) == service
            }
            guard !matching.isEmpty else { continue }
            return (name, SeriesIdentity.group(matching, in: snapshot))
        }
        return (nil, [])
    }

    static func serviceName(_ snapshot: Snapshot, _ series: MetricSeries) -> String {
        if case .string(let s)? = series.attributes[key: "service.name"] { return s }
        let i = Int(series.resourceIndex)
        return snapshot.resources.indices.contains(i) ? snapshot.resources[i].serviceName : "unknown_service"
    }
}
