import TelemetryModel

/// Latency, error-rate and request-rate series from span metrics (DESIGN §4, §8), computed as
/// the OpenTelemetry demo's Grafana computes them from Prometheus:
/// - latency p = `histogram_quantile(p, sum by (le) (rate(duration_bucket{service}[w])))`, in ms;
/// - error rate = `sum(rate(calls{service, status.code="STATUS_CODE_ERROR"}[w])) /
///   sum(rate(calls{service}[w])) × 100`, 0 when the service has calls but no error series
///   (where PromQL would return nothing), empty when the calls rate is absent or 0;
/// - request rate = `sum(rate(calls{service}[w]))`.
///
/// The window w is Grafana's `$__rate_interval` (`RateInterval.windowSeconds`) from the
/// metrics' typical flush interval. Series are recognised by name — the spanmetrics connector's
/// `traces.span.metrics.duration` / `.calls`, the older processor's `latency` / `calls_total`,
/// or bare `duration` / `calls` — and, for the names that are not namespaced, by carrying a
/// `span.name` (or the processor's `operation`) point attribute. The service is the point's
/// `service.name` attribute, else its resource's.
public struct SpanMetrics: Sendable {
    /// Histogram names, in preference order, with the Prometheus translations of the first.
    public static let durationNames = [
        "traces.span.metrics.duration", "traces_span_metrics_duration_milliseconds",
        "traces_span_metrics_duration_seconds", "duration", "latency",
    ]
    public static let callsNames = ["traces.span.metrics.calls", "traces_span_metrics_calls_total", "calls", "calls_total"]

    /// The span-metrics series of one service.
    struct ServiceSeries: Sendable {
        var durationName: String?
        var duration: [MetricSeries] = []
        var callsName: String?
        var calls: [MetricSeries] = []
    }

    public let grid: TimeGrid
    /// The rate window in seconds.
    public let windowSeconds: Int64
    let byService: [String: ServiceSeries]

    public init(_ snapshot: Snapshot, grid: TimeGrid) {
        self.grid = grid
        var found: [String: ServiceSeries] = [:]
        for series in snapshot.metrics {
            let service = Self.serviceName(snapshot, series)
            if Self.isDuration(series) {
                var entry = found[service] ?? ServiceSeries()
                if entry.durationName == nil
                    || Self.rank(series.name, Self.durationNames) < Self.rank(entry.durationName!, Self.durationNames)
                {
                    entry.durationName = series.name
                    entry.duration = []
                }
                if entry.durationName == series.name { entry.duration.append(series) }
                found[service] = entry
            } else if Self.isCalls(series) {
                var entry = found[service] ?? ServiceSeries()
                if entry.callsName == nil || Self.rank(series.name, Self.callsNames) < Self.rank(entry.callsName!, Self.callsNames) {
                    entry.callsName = series.name
                    entry.calls = []
                }
                if entry.callsName == series.name { entry.calls.append(series) }
                found[service] = entry
            }
        }
        byService = found
        let interval = RateInterval.typicalIntervalMillis(
            found.values.flatMap { ($0.duration + $0.calls).map(SeriesIdentity.pointTimes) }, perMillisecond: 1_000_000)
        windowSeconds = RateInterval.windowSeconds(step: grid.stepSeconds, intervalMillis: interval)
    }

    /// Services with a span-metrics duration histogram.
    public var latencyServices: Set<String> { Set(byService.filter { $0.value.durationName != nil }.keys) }
    /// Services with a span-metrics calls counter.
    public var callsServices: Set<String> { Set(byService.filter { $0.value.callsName != nil }.keys) }
    public func durationMetric(_ service: String) -> String? { byService[service]?.durationName }
    public func callsMetric(_ service: String) -> String? { byService[service]?.callsName }

    /// p50/p95/p99/p99.9 series of one service in ms, named and labelled as the span-derived
    /// ones (`SpanTimeSeries.latency`); nil when the service has no duration histogram.
    public func latency(service: String, percentiles: [Percentile] = Percentile.allCases) -> [TimeSeries]? {
        guard let entry = byService[service], let name = entry.durationName else { return nil }
        let factor = Self.millisecondsPerUnit(entry.duration.first?.unit ?? "", name: name)
        let qs = percentiles.map { Double($0.rawValue) / 10000 }
        let values = HistogramSeries(entry.duration).quantiles(qs, times: grid.times, rangeMillis: windowSeconds * 1000).values
            .map { $0.map { v in v.map { $0 * factor } } }
        return percentiles.enumerated().map { i, p in
            TimeSeries(
                name: "\(service) \(p.label)", labels: ["service": service, "quantile": p.key],
                points: zip(grid.times, values[i]).map { ($0, $1) })
        }
    }

    /// Error calls ÷ calls × 100 per step; nil when the service has no calls counter.
    public func errorRate(service: String) -> TimeSeries? {
        guard let entry = byService[service], entry.callsName != nil else { return nil }
        let all = callRates(entry.calls)
        let errors = callRates(entry.calls.filter(Self.isError))
        let times = grid.times
        let points = times.indices.map { i -> (time: Int64, value: Double?) in
            guard let total = all[i], total > 0 else { return (times[i], nil) }
            return (times[i], (errors[i] ?? 0) / total * 100)
        }
        return TimeSeries(name: service, labels: ["service": service], points: points)
    }

    /// Calls per second per step; nil when the service has no calls counter.
    public func requestRate(service: String) -> TimeSeries? {
        guard let entry = byService[service], entry.callsName != nil else { return nil }
        let rates = callRates(entry.calls)
        return TimeSeries(name: service, labels: ["service": service], points: zip(grid.times, rates).map { ($0, $1) })
    }

    /// `sum(rate(calls[w]))` of some series per grid time; nil where no series has a rate.
    func callRates(_ series: [MetricSeries]) -> [Double?] {
        let rates = series.compactMap { s -> HistogramRate<Int>? in
            guard case .number(let p) = s.points else { return nil }
            return HistogramRate(
                p.map { .init(startTimeUnixNano: $0.startTimeUnixNano, timeUnixNano: $0.timeUnixNano, values: [0: $0.value]) },
                temporality: HistogramSeries.temporality(s.kind))
        }
        return grid.times.map { t in
            HistogramRate.sum(rates.map { $0.rates(evalMillis: t * 1000, rangeMillis: windowSeconds * 1000) })[0]
        }
    }

    /// How far two series are apart: over the steps where both have a value (not both 0), the
    /// relative difference |a − b| ÷ max(|a|, |b|) (0–100 %, symmetric, so a near-zero value on
    /// either side cannot blow it up) — its median, and its maximum with the earliest step where
    /// it occurs. nil when no step qualifies. Used to say how far span-derived percentiles are
    /// from the histogram ones.
    public static func relativeDifference(_ a: TimeSeries, _ b: TimeSeries) -> (median: Double, max: Double, time: Int64)? {
        var all: [Double] = []
        var worst: (ratio: Double, time: Int64)?
        for (x, y) in zip(a.points, b.points) {
            guard let u = x.value, let v = y.value, max(abs(u), abs(v)) > 0 else { continue }
            let r = abs(u - v) / max(abs(u), abs(v))
            all.append(r)
            if worst == nil || r > worst!.ratio { worst = (r, x.time) }
        }
        guard let worst else { return nil }
        all.sort()
        return (all[all.count / 2], worst.ratio, worst.time)
    }

    // MARK: - Recognition

    static func isDuration(_ s: MetricSeries) -> Bool {
        switch s.kind {
        case .histogram, .exponentialHistogram: break
        default: return false
        }
        guard let r = durationNames.firstIndex(of: s.name) else { return false }
        return r < 3 || hasSpanDimensions(s)
    }

    static func isCalls(_ s: MetricSeries) -> Bool {
        guard case .sum = s.kind, let r = callsNames.firstIndex(of: s.name) else { return false }
        return r < 2 || hasSpanDimensions(s)
    }

    static func hasSpanDimensions(_ s: MetricSeries) -> Bool {
        s.attributes[key: "span.name"] != nil || s.attributes[key: "operation"] != nil || s.attributes[key: "span_name"] != nil
    }

    /// `status.code` (or Prometheus's `status_code`) is ERROR, as the connector spells it
    /// (`STATUS_CODE_ERROR`), or the OTLP enum value 2.
    static func isError(_ s: MetricSeries) -> Bool {
        switch s.attributes[key: "status.code"] ?? s.attributes[key: "status_code"] {
        case .string(let v)?: return v == "STATUS_CODE_ERROR" || v == "ERROR"
        case .int(let v)?: return v == 2
        default: return false
        }
    }

    static func serviceName(_ snapshot: Snapshot, _ s: MetricSeries) -> String {
        if case .string(let v)? = s.attributes[key: "service_name"], !v.isEmpty { return v }
        return SeriesIdentity.serviceName(snapshot, s)
    }

    static func rank(_ name: String, _ names: [String]) -> Int { names.firstIndex(of: name) ?? names.count }

    /// Milliseconds per unit of the histogram's values (UCUM units as OTLP writes them); no unit
    /// means ms, the spanmetrics processor's `latency` having had none.
    static func millisecondsPerUnit(_ unit: String, name: String) -> Double {
        switch unit {
        case "s": return 1000
        case "us", "µs": return 0.001
        case "ns": return 0.000_001
        case "ms": return 1
        default: return name.hasSuffix("_seconds") ? 1000 : 1
        }
    }

}
