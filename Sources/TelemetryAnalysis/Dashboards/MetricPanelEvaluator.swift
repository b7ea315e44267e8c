import DashboardConfig
import TelemetryModel
import Vocabulary

/// Panels of named metrics: `raw`, `rate`, `increase`, `histogram_quantile` and `sum by`, with
/// Prometheus 2.x semantics from `PromQL` and `HistogramRate` (DESIGN §4). The window is
/// Grafana's `$__rate_interval` from the series' own interval unless the panel sets one.
struct MetricPanelEvaluator {
    let snapshot: Snapshot
    let grid: TimeGrid

    /// A panel whose placeholders have been filled in for one service context.
    struct Query {
        var id: String
        var title: String
        var unit: String
        var names: [String]
        var matchers: [LabelMatcher]
        var transform: PanelTransform
        var by: [String]?
        var total: Bool
        var scale: Double?
        var windowSeconds: Int64?
        var method: String?
        var service: String?
    }

    func panel(_ q: Query) -> Panel {
        var histogramPhis: [Double]?
        if case .histogramQuantile(let phis) = q.transform { histogramPhis = phis }
        let selection = MetricSelection.select(snapshot, names: q.names, matchers: q.matchers, histograms: histogramPhis != nil)
        let window = q.windowSeconds ?? RateInterval.windowSeconds(step: grid.stepSeconds, intervalMillis: selection.typicalIntervalMillis)
        var by = q.by
        if case .sum(let labels) = q.transform { by = labels }
        var series: [TimeSeries]
        var resets = Set(histogramPhis == nil ? selection.restarts : selection.groups.flatMap(\.resets))
        if let phis = histogramPhis {
            let result = quantiles(selection, phis: phis, by: by, window: window, scale: q.scale, fallback: q.id)
            series = result.series
            resets.formUnion(result.resets)
        } else {
            series = selection.groups.map { g in
                let values = grid.times.map { t in
                    value(g, transform: q.transform, evalMillis: t * 1000, rangeMillis: window * 1000).map { $0 * (q.scale ?? 1) }
                }
                return TimeSeries(
                    name: g.displayName(fallback: q.id), labels: g.promLabels,
                    points: zip(grid.times, values).map { ($0, $1) })
            }
            if let by { series = sum(series, keys: selection.groups.map { g in by.map { g.lookup[$0] ?? "" } }, by: by, fallback: q.id) }
        }
        if q.total && series.count > 1 {
            series.append(TimeSeries(name: "total", labels: [:], points: zip(grid.times, Self.add(series)).map { ($0, $1) }))
        }
        let method =
            q.method.map {
                Placeholders.expand(
                    $0,
                    values: ["metric": selection.name, "window": String(window), "step": String(grid.stepSeconds), "service": q.service])
            } ?? Self.describe(q, name: selection.name ?? q.names[0], by: by, window: window)
        return Panel(
            id: q.id, title: q.title, unit: q.unit, source: selection.name ?? "none", method: method,
            stepSeconds: grid.stepSeconds, windowSeconds: window, series: series,
            markers: resets.sorted().map { ($0, "restart") })
    }

    /// One group's value at one evaluation time.
    func value(_ g: MetricSelection.Group, transform: PanelTransform, evalMillis: Int64, rangeMillis: Int64) -> Double? {
        switch transform {
        case .rate, .increase:
            if g.isDelta {
                // Delta points hold their own increase: add those in (t − w, t].
                let inWindow = PromQL.window(g.samples, evalMillis: evalMillis, rangeMillis: rangeMillis - 1)
                guard !inWindow.isEmpty else { return nil }
                let increase = inWindow.reduce(0) { $0 + $1.value }
                return transform == .rate ? increase / (Double(rangeMillis) / 1000) : increase
            }
            return PromQL.extrapolatedRate(
                PromQL.window(g.samples, evalMillis: evalMillis, rangeMillis: rangeMillis),
                evalMillis: evalMillis, rangeMillis: rangeMillis, isRate: transform == .rate)
        default:
            return PromQL.instantValue(g.samples, evalMillis: evalMillis, lookbackMillis: rangeMillis)
        }
    }

    /// `histogram_quantile(φ, sum by (le, by…) (rate(x_bucket[w])))` per group of series; without
    /// `by`, per label set (no aggregation), as PromQL without `sum`.
    func quantiles(
        _ selection: MetricSelection, phis: [Double], by: [String]?, window: Int64, scale: Double?,
        fallback: String
    ) -> (series: [TimeSeries], resets: [Int64]) {
        var buckets: [(labels: [String: String], series: [MetricSeries])] = []
        for g in selection.groups {
            let labels = by.map { keys in Dictionary(uniqueKeysWithValues: keys.map { ($0, g.lookup[$0] ?? "") }) } ?? g.labels
            if let i = buckets.firstIndex(where: { $0.labels == labels }) {
                buckets[i].series += g.series
            } else {
                buckets.append((labels, g.series))
            }
        }
        var out: [TimeSeries] = []
        var resets: [Int64] = []
        for bucket in buckets.sorted(by: {
            MetricSelection.seriesName($0.labels, fallback: "") < MetricSelection.seriesName($1.labels, fallback: "")
        }) {
            let result = HistogramSeries(bucket.series).quantiles(phis, times: grid.times, rangeMillis: window * 1000)
            resets += result.resets
            for (i, phi) in phis.enumerated() {
                var labels = bucket.labels
                var name = MetricSelection.seriesName(labels, fallback: fallback)
                if phis.count > 1 {
                    labels["quantile"] = NumberFormat.shortest(phi)
                    name += " p" + NumberFormat.shortest((phi * 1_000_000).rounded() / 10_000)
                }
                let values = result.values[i].map { v in v.map { $0 * (scale ?? 1) } }
                out.append(TimeSeries(name: name, labels: labels, points: zip(grid.times, values).map { ($0, $1) }))
            }
        }
        return (out, resets)
    }

    /// `sum by (labels)` of series whose `by` label values are `keys` (parallel to `series`).
    func sum(_ series: [TimeSeries], keys: [[String]], by: [String], fallback: String) -> [TimeSeries] {
        var order: [[String]] = []
        var members: [[String]: [TimeSeries]] = [:]
        for (s, k) in zip(series, keys) {
            if members[k] == nil { order.append(k) }
            members[k, default: []].append(s)
        }
        return order.map { k in
            let labels = Dictionary(uniqueKeysWithValues: zip(by, k))
            return TimeSeries(
                name: MetricSelection.seriesName(labels, fallback: fallback), labels: labels,
                points: zip(grid.times, Self.add(members[k]!)).map { ($0, $1) })
        }.sorted { $0.name < $1.name }
    }

    /// Pointwise sum, skipping missing values (nil only where every series is missing), as
    /// PromQL's `sum` over the series present at each step.
    static func add(_ series: [TimeSeries]) -> [Double?] {
        guard let first = series.first else { return [] }
        var total = [Double?](repeating: nil, count: first.points.count)
        for s in series {
            for (i, p) in s.points.enumerated() where p.value != nil { total[i] = (total[i] ?? 0) + p.value! }
        }
        return total
    }

    /// A PromQL-like expression of what the panel computes, when the file gives no `method`.
    static func describe(_ q: Query, name: String, by: [String]?, window: Int64) -> String {
        let matchers = q.matchers.isEmpty ? "" : "{" + q.matchers.map(\.promQL).joined(separator: ", ") + "}"
        let aggregate = { (inner: String, extra: [String]) -> String in
            guard let by else { return inner }
            let labels = extra + by
            return labels.isEmpty ? "sum(\(inner))" : "sum by (\(labels.joined(separator: ", "))) (\(inner))"
        }
        var text: String
        switch q.transform {
        case .rate: text = aggregate("rate(\(name)\(matchers)[\(window)s])", [])
        case .increase: text = aggregate("increase(\(name)\(matchers)[\(window)s])", [])
        case .histogramQuantile(let phis):
            let inner = aggregate("rate(\(name)_bucket\(matchers)[\(window)s])", by == nil ? [] : ["le"])
            text =
                phis.count == 1
                ? "histogram_quantile(\(NumberFormat.shortest(phis[0])), \(inner))"
                : "histogram_quantile(φ, \(inner)) for φ = " + phis.map(NumberFormat.shortest).joined(separator: ", ")
        default: text = aggregate("last_over_time(\(name)\(matchers)[\(window)s])", [])
        }
        if let scale = q.scale { text += " × " + NumberFormat.shortest(scale) }
        if by == nil, !isHistogram(q.transform) { text += " per label set" }
        if q.total { text += "; total is their sum" }
        return text
    }

    static func isHistogram(_ t: PanelTransform) -> Bool {
        if case .histogramQuantile = t { return true }
        return false
    }
}
