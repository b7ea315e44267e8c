import DashboardConfig
import TelemetryModel

/// A Prometheus server as the source of every metric panel (`render --prometheus URL`): panels
/// are evaluated by asking it — series discovery, raw samples for the scrape interval and
/// restarts, then `query_range` with the panel's PromQL at the report's step — so the
/// computation runs in Prometheus.
///
/// Panel evaluation cannot throw, so the first failed request is kept in `failure` and every
/// later request is skipped; the command checks `failure` after the analysis and stops before
/// anything is rendered or written (never a report with silently missing panels).
/// Evaluation runs on one thread; the class is `@unchecked Sendable` only to travel inside the
/// dashboards builder closure.
public final class PrometheusBackend: @unchecked Sendable {
    public let api: any PrometheusQuerying
    public private(set) var failure: (any Error)?
    private var rangeCache: [String: [PrometheusSeries]] = [:]
    private var rawCache: [String: [PrometheusSeries]] = [:]
    private var seriesCache: [[String]: [[String: String]]] = [:]

    public init(api: any PrometheusQuerying) {
        self.api = api
    }

    public var source: String { api.sourceDescription }

    func attempt<T>(_ body: () throws -> T) -> T? {
        guard failure == nil else { return nil }
        do { return try body() } catch {
            failure = error
            return nil
        }
    }

    /// The label sets of the series matching any selector with samples on the grid.
    func series(_ selectors: [String], grid: TimeGrid) -> [[String: String]]? {
        guard !selectors.isEmpty else { return [] }
        if let hit = seriesCache[selectors] { return hit }
        let found = attempt { try api.series(selectors, startSeconds: grid.firstSeconds, endSeconds: grid.lastSeconds) }
        if let found { seriesCache[selectors] = found }
        return found
    }

    /// The query's value at every grid time.
    func queryRange(_ query: String, grid: TimeGrid) -> [PrometheusSeries]? {
        if let hit = rangeCache[query] { return hit }
        let found = attempt {
            try api.queryRange(query, startSeconds: grid.firstSeconds, endSeconds: grid.lastSeconds, stepSeconds: grid.stepSeconds)
        }
        if let found { rangeCache[query] = found }
        return found
    }

    /// Raw samples of a selector over the grid and the five minutes before it (Prometheus's
    /// default lookback), sorted by time: `selector[R s]` evaluated at the grid's last time.
    func rawSamples(_ selector: String, grid: TimeGrid) -> [PrometheusSeries]? {
        let range = grid.lastSeconds - grid.firstSeconds + 300
        let query = "\(selector)[\(range)s]"
        if let hit = rawCache[query] { return hit }
        let found = attempt { try api.query(query, timeSeconds: grid.lastSeconds) }
        if let found { rawCache[query] = found }
        return found
    }

    /// The grid's values of one result series (nil where Prometheus returned no sample, and
    /// where the value is not finite, as the local evaluation leaves such steps empty).
    static func values(_ s: PrometheusSeries?, grid: TimeGrid) -> [Double?] {
        var byTime: [Int64: Double] = [:]
        for x in s?.samples ?? [] where x.value.isFinite { byTime[x.timeMillis] = x.value }
        return grid.times.map { byTime[$0 * 1000] }
    }

    /// The scrape interval of the raw series, in ms (`RateInterval.typicalIntervalMillis`).
    static func typicalIntervalMillis(_ series: [PrometheusSeries]) -> Int64? {
        RateInterval.typicalIntervalMillis(series.map { $0.samples.map(\.timeMillis) }, perMillisecond: 1)
    }

    /// Services (`job` values, sorted) with series of any of these metric names on the grid: with
    /// no spans, the first one with runtime metrics becomes the focus service, as
    /// `SnapshotAnalysis` picks it from files.
    public func services(withAnyOf names: [String], grid: TimeGrid) -> [String]? {
        let selectors = names.filter(PromQLText.isMetricName)
        guard let found = series(selectors, grid: grid) else { return nil }
        return Set(found.compactMap { $0["job"] }).sorted()
    }
}
