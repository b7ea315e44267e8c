import DashboardConfig
import TelemetryModel

/// The series of one metric chosen by a panel's names and matchers, grouped by label set as
/// Prometheus sees them after the OTLP translation: one group per point-attribute set and
/// service and instance (`service.instance.id`, see `SeriesIdentity`: a restarted process with a
/// new instance id is a new series, one with only a new pid continues the old one), with the
/// times its start time changed (restarts).
struct MetricSelection {
    struct Group {
        /// The series' own labels (point attributes), plus `service.name` when the selection
        /// spans several services.
        var labels: [String: String]
        /// Every label a `by` may name: resource attributes, `service.name`, point attributes.
        var lookup: [String: String]
        var series: [MetricSeries]
        /// Number samples in time order (gauges and sums).
        var samples: [PromQL.Sample]
        var resets: [Int64]
        var isDelta: Bool
        /// `service.instance.id` of the reporting resource, or "".
        var instance: String = ""
        /// Whether another group has the same labels and a different instance.
        var sharesLabels = false
        /// When the series began (first start time, else first sample), unix s.
        var startSeconds: Int64 = 0

        /// The labels as Prometheus holds them: with `instance` when known.
        var promLabels: [String: String] {
            var l = labels
            if !instance.isEmpty { l["instance"] = instance }
            return l
        }

        /// Label values, with the instance when another group shares the labels (`user · 5f3a9c21`).
        func displayName(fallback: String) -> String {
            SeriesIdentity.displayName(
                base: MetricSelection.seriesName(labels, fallback: fallback), instance: instance,
                sharesLabels: sharesLabels)
        }
    }

    /// Restarts: start-time changes within a series, and every series start after the first.
    var restarts: [Int64] {
        SeriesIdentity.restarts(resets: groups.map(\.resets), starts: groups.map(\.startSeconds))
    }

    /// The name that matched, nil when none did.
    var name: String?
    var groups: [Group]

    /// The first name (in the panel's order) with series of a usable kind that match every
    /// matcher. A label the series lacks matches as the empty string, as in PromQL.
    static func select(_ snapshot: Snapshot, names: [String], matchers: [LabelMatcher], histograms: Bool) -> MetricSelection {
        let tests = matchers.map { ($0.label, $0.compiled()) }
        for name in names {
            let matching = snapshot.metrics.filter { s in
                s.name == name && isUsable(s, histograms: histograms)
                    && tests.allSatisfy { label, test in test(labelValue(label, of: s, in: snapshot)) }
            }
            guard !matching.isEmpty else { continue }
            return MetricSelection(name: name, groups: group(matching, in: snapshot))
        }
        return MetricSelection(name: nil, groups: [])
    }

    /// The number series a panel definition selects for one service (`{service}` in its
    /// matchers filled in), as the panel's chart shows them; nothing for a spans panel or none.
    static func select(_ snapshot: Snapshot, panel: PanelDefinition?, service: String) -> MetricSelection {
        guard let panel, !panel.metricNames.isEmpty else { return MetricSelection(name: nil, groups: []) }
        return select(
            snapshot, names: panel.metricNames, matchers: panel.matchers.map { $0.expanded(service: service) }, histograms: false)
    }

    static func isUsable(_ s: MetricSeries, histograms: Bool) -> Bool {
        switch s.points {
        case .number: return !histograms
        case .histogram, .exponentialHistogram: return histograms
        case .summary: return false
        }
    }

    /// A point attribute, else a resource attribute; `service.name` defaults as in DESIGN §4.
    static func labelValue(_ key: String, of s: MetricSeries, in snapshot: Snapshot) -> String {
        if let v = s.attributes[key: key] { return v.displayText }
        let resource = resource(of: s, in: snapshot)
        if key == "service.name" { return resource.serviceName }
        return resource.attributes[key: key]?.displayText ?? ""
    }

    static func resource(of s: MetricSeries, in snapshot: Snapshot) -> Resource {
        let i = Int(s.resourceIndex)
        return snapshot.resources.indices.contains(i) ? snapshot.resources[i] : Resource()
    }

    static func group(_ matching: [MetricSeries], in snapshot: Snapshot) -> [Group] {
        struct Key: Hashable {
            var labels: [String: String]
            var service: String
            var instance: String
        }
        var order: [Key] = []
        var byKey: [Key: (series: [MetricSeries], samples: [PromQL.Sample], starts: [(Int64, Int64)])] = [:]
        for s in matching {
            var labels: [String: String] = [:]
            for a in s.attributes { labels[a.key] = a.value.displayText }
            let key = Key(
                labels: labels, service: labelValue("service.name", of: s, in: snapshot),
                instance: SeriesIdentity.instance(of: s, in: snapshot))
            var entry = byKey[key] ?? ([], [], [])
            if byKey[key] == nil { order.append(key) }
            entry.series.append(s)
            if case .number(let points) = s.points {
                // Cumulative sums: a new start time is a reset even when the value did not drop.
                if case .sum(_, .cumulative) = s.kind {
                    entry.samples += SeriesIdentity.counterSamples(points)
                } else {
                    entry.samples += points.map { PromQL.Sample(timeMillis: $0.timeUnixNano / 1_000_000, value: $0.value) }
                }
                for p in points { entry.starts.append((p.timeUnixNano, p.startTimeUnixNano)) }
            }
            byKey[key] = entry
        }
        let manyServices = Set(order.map(\.service)).count > 1
        var instancesPerLabels: [[String: String]: Set<String>] = [:]
        for key in order {
            instancesPerLabels[key.labels.merging(["\u{0}service": key.service]) { a, _ in a }, default: []].insert(key.instance)
        }
        let groups = order.map { key -> Group in
            let e = byKey[key]!
            let (resets, begin) = SeriesIdentity.startTimeChanges(e.starts.map { (time: $0.0, start: $0.1) })
            var labels = key.labels
            if manyServices { labels["service.name"] = key.service }
            var lookup: [String: String] = [:]
            for a in resource(of: e.series[0], in: snapshot).attributes { lookup[a.key] = a.value.displayText }
            lookup["service.name"] = key.service
            if !key.instance.isEmpty { lookup["instance"] = key.instance }
            lookup.merge(key.labels) { _, point in point }
            var isDelta = false
            if case .sum(_, .delta) = e.series[0].kind { isDelta = true }
            let firstStart = begin ?? Self.firstTime(e.series)
            return Group(
                labels: labels, lookup: lookup, series: e.series,
                samples: e.samples.sorted { $0.timeMillis < $1.timeMillis }, resets: resets, isDelta: isDelta,
                instance: key.instance,
                sharesLabels: (instancesPerLabels[key.labels.merging(["\u{0}service": key.service]) { a, _ in a }]?.count ?? 0) > 1,
                startSeconds: firstStart / 1_000_000_000)
        }
        // Each group's sort key (its series name, start, and labels and instance as text) is made
        // once: made inside the comparison, the names and texts were built n log n times.
        let names = groups.map { seriesName($0.labels, fallback: "") }
        let texts = groups.map { labelsText($0.labels) + $0.instance }
        return groups.indices.sorted { a, b in
            if names[a] != names[b] { return names[a] < names[b] }
            if groups[a].startSeconds != groups[b].startSeconds { return groups[a].startSeconds < groups[b].startSeconds }
            return texts[a] < texts[b]
        }.map { groups[$0] }
    }

    /// `labels.sorted(by: <).description`, the text a group's labels are ordered by, written
    /// without the reflecting printer an array's `description` goes through for its tuples
    /// (1.5% of the simulated demo's samples, issue 7): each pair as `(key: "k", value: "v")`,
    /// with the strings' own `debugDescription`.
    static func labelsText(_ labels: [String: String]) -> String {
        "["
            + labels.sorted(by: <).map { "(key: " + $0.key.debugDescription + ", value: " + $0.value.debugDescription + ")" }
            .joined(separator: ", ") + "]"
    }

    /// The first point time of histogram series (which carry no number samples), in ns.
    static func firstTime(_ series: [MetricSeries]) -> Int64 {
        var t = Int64.max
        for s in series {
            switch s.points {
            case .histogram(let p): if let x = p.first { t = min(t, x.startTimeUnixNano != 0 ? x.startTimeUnixNano : x.timeUnixNano) }
            case .exponentialHistogram(let p):
                if let x = p.first { t = min(t, x.startTimeUnixNano != 0 ? x.startTimeUnixNano : x.timeUnixNano) }
            default: break
            }
        }
        return t == .max ? 0 : t
    }

    /// Label values in key order, joined by spaces (`user`, `rss`), or the fallback when none.
    static func seriesName(_ labels: [String: String], fallback: String) -> String {
        labels.isEmpty ? fallback : labels.keys.sorted().map { labels[$0]! }.joined(separator: " ")
    }

    /// The median gap between consecutive samples of the groups, in ms (the scrape or export
    /// interval): number samples, else the point times of histogram series.
    var typicalIntervalMillis: Int64? { Self.typicalIntervalMillis(groups) }

    static func typicalIntervalMillis(_ groups: [Group]) -> Int64? {
        if groups.contains(where: { !$0.samples.isEmpty }) {
            return RateInterval.typicalIntervalMillis(groups.map { $0.samples.map(\.timeMillis) }, perMillisecond: 1)
        }
        return RateInterval.typicalIntervalMillis(groups.flatMap { $0.series.map(SeriesIdentity.pointTimes) }, perMillisecond: 1_000_000)
    }
}
