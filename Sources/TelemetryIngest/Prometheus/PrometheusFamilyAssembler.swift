import TelemetryModel
import Vocabulary

/// Turns parsed metric families into `MetricSeries` (OpenMetrics 1.0 "Metric types"):
/// counters become cumulative monotonic sums (`_created` gives the start time), histograms
/// become `HistogramPoint`s assembled from `_bucket{le}`, `_count` and `_sum` per label set and
/// timestamp (cumulative bucket values turned into per-bucket counts), summaries become
/// `SummaryPoint`s from their `quantile` samples, and everything else (gauge, info, stateset,
/// unknown/untyped) becomes gauges. Families without a `# TYPE` line are named and typed like
/// raw series (`PrometheusSeriesMapping.guessedKind`), as promtool dumps need.
///
/// In OpenMetrics mode the MUST rules on values are errors, as the OpenMetrics test suite
/// expects: counter totals, bucket values, counts and sums must not be NaN or negative,
/// buckets must increase in `le` and in value and end with `+Inf`, `_count` must equal the
/// `+Inf` bucket, `_count` and `_sum` come together, and a histogram with negative bucket
/// thresholds must not have a `_sum`. In text 0.0.4 mode, as in Prometheus, only what stops
/// us from building a point is an error; repairs are warnings.
struct PrometheusFamilyAssembler {
    let openMetrics: Bool
    /// The time given to samples without a timestamp.
    let defaultTimestamp: Int64
    var builder = SnapshotBuilder()
    var pointCount = 0
    var warnings: [PrometheusTextError] = []

    /// Label values and the timestamp that identify one MetricPoint.
    struct PointKey: Hashable {
        var labels: [String]
        var time: Int64?
    }

    static func key(_ sample: PrometheusTextSample, dropping dropped: String? = nil) -> PointKey {
        var flat: [String] = []
        for (name, value) in sample.labels.sorted(by: { $0.name < $1.name }) where name != dropped {
            flat.append(name)
            flat.append(value)
        }
        return PointKey(labels: flat, time: sample.timestampNanos)
    }

    /// The samples of `family` (its `_created` samples aside) grouped by MetricPoint: by
    /// `key(_:dropping:)` without the label that tells a point's samples apart (`le`,
    /// `quantile`), in the order the points first appear. `start` makes a group of a point's
    /// first sample, and `add` then folds each of the point's samples into it, that one too.
    private static func points<Group>(
        of family: PrometheusTextFamily, dropping dropped: String, start: (PrometheusTextSample) -> Group,
        add: (inout Group, PrometheusTextSample) throws(PrometheusTextError) -> Void
    ) throws(PrometheusTextError) -> [(key: PointKey, group: Group)] {
        var order: [PointKey] = []
        var groups: [PointKey: Group] = [:]
        for sample in family.samples where sample.name != family.name + "_created" {
            let key = key(sample, dropping: dropped)
            if groups[key] == nil {
                order.append(key)
                groups[key] = start(sample)
            }
            try add(&groups[key]!, sample)
        }
        return order.map { ($0, groups[$0]!) }
    }

    mutating func add(_ family: PrometheusTextFamily) throws(PrometheusTextError) {
        switch family.type {
        case "counter": try addCounter(family)
        case "histogram", "gaugehistogram": try addHistogram(family)
        case "summary": try addSummary(family)
        default: addGauges(family)
        }
    }

    private mutating func emit(
        _ family: PrometheusTextFamily, name: String, kind: MetricKind,
        labels: [(name: String, value: String)], dropping: Set<String> = [], points: MetricPoints
    ) {
        let (resource, attributes) = PrometheusSeriesMapping.split(labels, dropping: dropping)
        let index = builder.intern(resource)
        builder.add(
            MetricSeries(
                name: name, unit: family.unit, description: family.help, kind: kind,
                resourceIndex: index, attributes: attributes, points: points))
        pointCount += points.count
    }

    private func fail(_ sample: PrometheusTextSample, _ message: String, atValue: Bool = true) -> PrometheusTextError {
        PrometheusTextError(line: sample.line, column: atValue ? sample.valueColumn : 1, message: message)
    }

    /// Rejects NaN and negative values of counter-like samples in OpenMetrics mode.
    private func checkCounterLike(_ sample: PrometheusTextSample, _ what: String) throws(PrometheusTextError) {
        guard openMetrics, sample.value.isNaN || sample.value < 0 else { return }
        throw fail(sample, "\(what) '\(sample.name)' is \(sample.valueText); it must not be NaN or negative (OpenMetrics 1.0)")
    }

    /// The start time of the point at `key`: from the `_created` sample with the same labels and
    /// timestamp, else from one with the same labels and no timestamp — exporters write
    /// `_created` untimed after timestamped samples, and it then applies to every point of
    /// the series — else 0 (unknown).
    static func start(for key: PointKey, in starts: [PointKey: Int64]) -> Int64 {
        starts[key] ?? starts[PointKey(labels: key.labels, time: nil)] ?? 0
    }

    /// The `_created` samples of a family by point key (labels without `dropped`, timestamp).
    private func createdStarts(_ family: PrometheusTextFamily, dropping dropped: String?) throws(PrometheusTextError) -> [PointKey: Int64] {
        var starts: [PointKey: Int64] = [:]
        for sample in family.samples where sample.name == family.name + "_created" {
            if let start = try created(sample) { starts[Self.key(sample, dropping: dropped)] = start }
        }
        return starts
    }

    /// The start time a `_created` sample gives (its value is seconds since the epoch).
    private func created(_ sample: PrometheusTextSample) throws(PrometheusTextError) -> Int64? {
        if let ns = PrometheusNumber.nanoseconds(fromSeconds: sample.valueText) {
            // A start the snapshot cannot hold is left out, as if not given: the series then
            // counts resets from its values alone.
            return UTCTime.supportedNanos.contains(ns) ? ns : nil
        }
        if openMetrics { throw fail(sample, "'\(sample.name)' value \(sample.valueText) is not a time in seconds") }
        return nil
    }

    // MARK: Gauges and counters

    private mutating func addGauges(_ family: PrometheusTextFamily) {
        for sample in family.samples {
            let kind = family.type.isEmpty ? PrometheusSeriesMapping.guessedKind(forName: sample.name) : .gauge
            emit(
                family, name: sample.name, kind: kind, labels: sample.labels,
                points: .number([NumberPoint(timeUnixNano: sample.timestampNanos ?? defaultTimestamp, value: sample.value)]))
        }
    }

    private mutating func addCounter(_ family: PrometheusTextFamily) throws(PrometheusTextError) {
        var starts: [PointKey: Int64] = [:]
        for sample in family.samples where sample.name == family.name + "_created" {
            starts[Self.key(sample)] = try created(sample)
        }
        for sample in family.samples where sample.name != family.name + "_created" {
            try checkCounterLike(sample, "counter")
            let point = NumberPoint(
                startTimeUnixNano: Self.start(for: Self.key(sample), in: starts),
                timeUnixNano: sample.timestampNanos ?? defaultTimestamp, value: sample.value)
            emit(
                family, name: sample.name, kind: .sum(monotonic: true, temporality: .cumulative),
                labels: sample.labels, points: .number([point]))
        }
    }

    // MARK: Summaries

    private mutating func addSummary(_ family: PrometheusTextFamily) throws(PrometheusTextError) {
        struct Group {
            var sample: PrometheusTextSample
            var quantiles: [SummaryPoint.Quantile] = []
            var count: Double?
            var sum: Double?
            var start: Int64 = 0
        }
        let starts = try createdStarts(family, dropping: "quantile")
        let groups = try Self.points(of: family, dropping: "quantile", start: { Group(sample: $0) }) {
            group, sample throws(PrometheusTextError) in
            switch sample.name.dropFirst(family.name.count) {
            case "":
                guard let text = sample.label("quantile") else {
                    throw fail(sample, "summary sample '\(sample.name)' has no 'quantile' label", atValue: false)
                }
                guard let q = PrometheusNumber.double(text), !q.isNaN, !openMetrics || (0...1).contains(q) else {
                    throw fail(sample, "quantile \"\(text)\" is not a number between 0 and 1", atValue: false)
                }
                if openMetrics && sample.value < 0 {
                    throw fail(
                        sample,
                        "quantile value of '\(sample.name)' is \(sample.valueText); OpenMetrics summary quantiles must not be negative")
                }
                group.quantiles.append(SummaryPoint.Quantile(quantile: q, value: sample.value))
            case "_count":
                try checkCounterLike(sample, "summary count")
                group.count = sample.value
            default:
                try checkCounterLike(sample, "summary sum")
                group.sum = sample.value
            }
        }
        for (key, var g) in groups {
            g.start = Self.start(for: key, in: starts)
            let (count, clamped) = g.count.map(PrometheusNumber.saturatingCount) ?? (0, false)
            if clamped {
                warnings.append(fail(g.sample, "summary count of '\(family.name)' is beyond 2^64; it was read as \(UInt64.max)"))
            }
            let point = SummaryPoint(
                startTimeUnixNano: g.start, timeUnixNano: key.time ?? defaultTimestamp, count: count,
                sum: g.sum ?? 0, quantiles: g.quantiles.sorted { $0.quantile < $1.quantile })
            emit(family, name: family.name, kind: .summary, labels: g.sample.labels, dropping: ["quantile"], points: .summary([point]))
        }
    }

    // MARK: Histograms

    private mutating func addHistogram(_ family: PrometheusTextFamily) throws(PrometheusTextError) {
        let gauge = family.type == "gaugehistogram"
        let starts = try createdStarts(family, dropping: "le")
        let groups = try Self.points(of: family, dropping: "le", start: { PrometheusHistogramGroup(first: $0) }) {
            group, sample throws(PrometheusTextError) in
            group.last = sample
            switch sample.name.dropFirst(family.name.count) {
            case "_bucket":
                guard let text = sample.label("le") else {
                    throw fail(sample, "histogram bucket '\(sample.name)' has no 'le' label", atValue: false)
                }
                guard let le = PrometheusNumber.double(text), !le.isNaN else {
                    throw fail(sample, "bucket bound le=\"\(text)\" is not a number", atValue: false)
                }
                try checkCounterLike(sample, "bucket")
                group.buckets.append((le, sample))
            case "_count", "_gcount":
                try checkCounterLike(sample, "histogram count")
                group.count = sample
            default:
                if !gauge { try checkCounterLikeSum(sample, group) }
                group.sum = sample
            }
        }
        for (key, var group) in groups {
            group.start = Self.start(for: key, in: starts)
            if openMetrics {
                try group.validate(family: family.name, gauge: gauge)
            }
            let point = group.point(time: key.time ?? defaultTimestamp, warnings: &warnings)
            emit(
                family, name: family.name, kind: .histogram(temporality: gauge ? .unspecified : .cumulative),
                labels: group.first.labels, dropping: ["le"], points: .histogram([point]))
        }
    }

    /// A histogram `_sum` is a counter only when no observation can be negative.
    private func checkCounterLikeSum(_ sample: PrometheusTextSample, _ group: PrometheusHistogramGroup) throws(PrometheusTextError) {
        if group.buckets.contains(where: { $0.le < 0 }) { return }  // reported by `validate` with its own message
        try checkCounterLike(sample, "histogram sum")
    }
}
