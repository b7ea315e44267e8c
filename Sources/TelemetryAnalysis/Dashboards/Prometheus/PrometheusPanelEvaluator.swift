import DashboardConfig
import TelemetryModel
import Vocabulary

/// A metric panel computed by Prometheus: the same names, matchers and transforms as
/// `MetricPanelEvaluator`, written as PromQL and run with `query_range` at the report's step, so
/// that the numbers equal the file-based evaluation of the same samples (both follow Prometheus
/// 2.42; a test backfills a real server and compares them to 1e-9).
///
/// - Discovery: `/api/v1/series` for every candidate name (Prometheus names only) with the
///   panel's matchers; the first name with series wins, as on files.
/// - Raw samples of the chosen selector (`x[R]` at the grid's end) give the scrape interval, so
///   the window is the same `$__rate_interval`, and each series' first sample, so restarts (a
///   series that begins after the first) are marked as on files.
/// - The transform: `rate(x[w])`, `increase(x[w])`, `last_over_time(x[w])` (raw, sum), times the
///   scale, `sum by (…)` when asked; `histogram_quantile(φ, sum by (le, …) (rate(x_bucket[w])))`
///   — without `by`, `sum without (instance)`, as files merge a restarted process's buckets; a
///   total is `sum(…)` of the same expression.
struct PrometheusPanelEvaluator {
    let backend: PrometheusBackend
    let grid: TimeGrid

    /// One Prometheus series as the file-based evaluation groups it.
    struct Group {
        var identity: [String: String]
        var labels: [String: String]
        var instance: String
        var service: String
        var startSeconds: Int64
        var sharesLabels = false
        var promLabels: [String: String] {
            var l = labels
            if !instance.isEmpty { l["instance"] = instance }
            return l
        }
    }

    func panel(_ q: MetricPanelEvaluator.Query) -> Panel {
        var phis: [Double]?
        if case .histogramQuantile(let p) = q.transform { phis = p }
        let suffix = phis == nil ? "" : "_bucket"
        let names = q.names.filter(PromQLText.isMetricName)
        let matchers = q.matchers.map(PromQLText.matcher)
        let empty = { (method: String) in
            Panel(
                id: q.id, title: q.title, unit: q.unit, source: backend.source, method: method,
                stepSeconds: grid.stepSeconds, windowSeconds: q.windowSeconds ?? grid.stepSeconds, series: [])
        }
        guard let found = backend.series(names.map { PromQLText.selector($0 + suffix, matchers) }, grid: grid) else { return empty("") }
        guard let name = names.first(where: { n in found.contains { $0["__name__"] == n + suffix } }) else {
            return empty(
                "no series of " + (names.isEmpty ? "these metrics" : names.joined(separator: ", ")) + " match"
                    + (matchers.isEmpty ? "" : " {" + matchers.joined(separator: ", ") + "}") + " in the report's time range")
        }
        let selector = PromQLText.selector(name + suffix, matchers)
        guard let raw = backend.rawSamples(selector, grid: grid) else { return empty("") }
        let window =
            q.windowSeconds
            ?? RateInterval.windowSeconds(
                step: grid.stepSeconds,
                intervalMillis: PrometheusBackend.typicalIntervalMillis(raw))
        let groups = Self.groups(raw, dropping: phis == nil ? [] : ["le"])
        var by = q.by
        if case .sum(let labels) = q.transform { by = labels }
        let scale = q.scale.map { " * " + PromQLText.number($0) } ?? ""
        var queries: [String] = []
        var series: [TimeSeries] = []
        var markers: [Int64] = []
        if let phis {
            let inner =
                by.map { "sum by (" + (["le"] + $0.map(PromQLText.labelName)).joined(separator: ", ") + ")" } ?? "sum without (instance)"
            var results: [[PrometheusSeries]] = []
            for phi in phis {
                let query = "histogram_quantile(\(PromQLText.number(phi)), \(inner) (rate(\(selector)[\(window)s])))\(scale)"
                queries.append(query)
                guard let r = backend.queryRange(query, grid: grid) else { return empty("") }
                results.append(r)
            }
            series = quantileSeries(results, phis: phis, by: by, groups: groups, fallback: q.id)
        } else {
            let inner: String
            switch q.transform {
            case .rate: inner = "rate(\(selector)[\(window)s])"
            case .increase: inner = "increase(\(selector)[\(window)s])"
            default: inner = "last_over_time(\(selector)[\(window)s])"
            }
            let scaled = inner + scale
            let query = by.map { "sum by (" + $0.map(PromQLText.labelName).joined(separator: ", ") + ") (\(scaled))" } ?? scaled
            queries.append(query)
            guard let result = backend.queryRange(query, grid: grid) else { return empty("") }
            if let by {
                series = summedSeries(result, by: by, groups: groups, fallback: q.id)
            } else {
                let byIdentity = Dictionary(result.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
                series = groups.map { g in
                    TimeSeries(
                        name: Self.displayName(g, fallback: q.id), labels: g.promLabels,
                        points: zip(grid.times, PrometheusBackend.values(byIdentity[g.identity], grid: grid)).map { ($0, $1) })
                }
            }
            markers = SeriesIdentity.restarts(resets: groups.map { _ in [] }, starts: groups.map(\.startSeconds))
            if q.total && series.count > 1 {
                let total = "sum(\(scaled))"
                queries.append(total)
                guard let result = backend.queryRange(total, grid: grid) else { return empty("") }
                series.append(
                    TimeSeries(
                        name: "total", labels: [:],
                        points: zip(grid.times, PrometheusBackend.values(result.first, grid: grid)).map { ($0, $1) }))
            }
        }
        return Panel(
            id: q.id, title: q.title, unit: q.unit, source: backend.source,
            method: "query_range step \(grid.stepSeconds)s: " + queries.joined(separator: "; "),
            stepSeconds: grid.stepSeconds, windowSeconds: window, series: series,
            markers: markers.map { ($0, "restart") })
    }

    /// The raw series as `MetricSelection` groups them: point labels (plus `service.name` when
    /// several services), instance, first sample; sorted as there.
    static func groups(_ raw: [PrometheusSeries], dropping: Set<String>) -> [Group] {
        var byIdentity: [[String: String]: Group] = [:]
        for s in raw {
            var identity = s.identity
            for d in dropping { identity[d] = nil }
            var labels = identity
            let service = labels.removeValue(forKey: "job") ?? ""
            let instance = labels.removeValue(forKey: "instance") ?? ""
            let start = (s.samples.first?.timeMillis).map { Math.floorDiv($0, 1000) } ?? Int64.max
            if var g = byIdentity[identity] {
                g.startSeconds = min(g.startSeconds, start)
                byIdentity[identity] = g
            } else {
                byIdentity[identity] = Group(identity: identity, labels: labels, instance: instance, service: service, startSeconds: start)
            }
        }
        var groups = Array(byIdentity.values)
        if Set(groups.map(\.service)).count > 1 {
            for i in groups.indices { groups[i].labels["service.name"] = groups[i].service }
        }
        var instances: [[String: String]: Set<String>] = [:]
        for g in groups { instances[g.labels.merging(["\u{0}service": g.service]) { a, _ in a }, default: []].insert(g.instance) }
        for i in groups.indices {
            groups[i].sharesLabels =
                (instances[groups[i].labels.merging(["\u{0}service": groups[i].service]) { a, _ in a }]?.count ?? 0) > 1
        }
        return groups.sorted { a, b in
            let (x, y) = (MetricSelection.seriesName(a.labels, fallback: ""), MetricSelection.seriesName(b.labels, fallback: ""))
            if x != y { return x < y }
            if a.startSeconds != b.startSeconds { return a.startSeconds < b.startSeconds }
            return a.labels.sorted(by: <).description + a.instance < b.labels.sorted(by: <).description + b.instance
        }
    }

    static func displayName(_ g: Group, fallback: String) -> String {
        SeriesIdentity.displayName(
            base: MetricSelection.seriesName(g.labels, fallback: fallback), instance: g.instance,
            sharesLabels: g.sharesLabels)
    }

    /// `sum by (…)` results keyed as `MetricPanelEvaluator.sum` keys them: one series per
    /// combination of the `by` values the groups have (in the dashboard's own key names).
    func summedSeries(_ result: [PrometheusSeries], by: [String], groups: [Group], fallback: String) -> [TimeSeries] {
        let promBy = by.map(PromQLText.labelName)
        var byKey: [[String]: PrometheusSeries] = [:]
        for s in result { byKey[promBy.map { s.labels[$0] ?? "" }] = s }
        var order: [[String]] = []
        for g in groups {
            let key = promBy.map { g.identity[$0] ?? "" }
            if !order.contains(key) { order.append(key) }
        }
        return order.map { k in
            let labels = Dictionary(uniqueKeysWithValues: zip(by, k))
            return TimeSeries(
                name: MetricSelection.seriesName(labels, fallback: fallback), labels: labels,
                points: zip(grid.times, PrometheusBackend.values(byKey[k], grid: grid)).map { ($0, $1) })
        }.sorted { $0.name < $1.name }
    }

    /// Quantile series named and labelled as `MetricPanelEvaluator.quantiles` names them.
    func quantileSeries(_ results: [[PrometheusSeries]], phis: [Double], by: [String]?, groups: [Group], fallback: String) -> [TimeSeries] {
        // The label sets the files would show, and the Prometheus labels each stands for.
        var sets: [(labels: [String: String], key: [String: String])] = []
        for g in groups {
            let labels: [String: String]
            let key: [String: String]
            if let by {
                labels = Dictionary(uniqueKeysWithValues: by.map { ($0, g.identity[PromQLText.labelName($0)] ?? "") })
                key = Dictionary(uniqueKeysWithValues: by.map { (PromQLText.labelName($0), g.identity[PromQLText.labelName($0)] ?? "") })
            } else {
                labels = g.labels
                var k = g.identity
                k["instance"] = nil
                key = k
            }
            if !sets.contains(where: { $0.labels == labels }) { sets.append((labels, key)) }
        }
        sets.sort { MetricSelection.seriesName($0.labels, fallback: "") < MetricSelection.seriesName($1.labels, fallback: "") }
        var out: [TimeSeries] = []
        for set in sets {
            for (i, phi) in phis.enumerated() {
                // Prometheus leaves out labels whose value is empty.
                let wanted = set.key.filter { !$0.value.isEmpty }
                let match = results[i].first { $0.identity.filter { !$0.value.isEmpty } == wanted }
                var labels = set.labels
                var name = MetricSelection.seriesName(labels, fallback: fallback)
                if phis.count > 1 {
                    labels["quantile"] = NumberFormat.shortest(phi)
                    name += " p" + NumberFormat.shortest((phi * 1_000_000).rounded() / 10_000)
                }
                out.append(
                    TimeSeries(
                        name: name, labels: labels, points: zip(grid.times, PrometheusBackend.values(match, grid: grid)).map { ($0, $1) }))
            }
        }
        return out
    }
}
