/// The part of Prometheus's HTTP API (`/api/v1/…`, https://prometheus.io/docs/prometheus/2.42/querying/api/)
/// that dashboards need, so panel evaluation does not depend on how requests travel: over HTTP
/// (`render --prometheus`), or replayed from a `fetch` archive. Times are unix seconds.
public protocol PrometheusQuerying: AnyObject, Sendable {
    /// What the panels name as their source: `prometheus <base URL>`.
    var sourceDescription: String { get }
    /// `GET /api/v1/series?match[]=…&start=…&end=…`: the label sets (with `__name__`) of the series
    /// that match any selector and have samples in the range.
    func series(_ selectors: [String], startSeconds: Int64, endSeconds: Int64) throws -> [[String: String]]
    /// `GET /api/v1/query_range`: the matrix a range query returns, evaluated at start, start +
    /// step, …, end.
    func queryRange(_ query: String, startSeconds: Int64, endSeconds: Int64, stepSeconds: Int64) throws -> [PrometheusSeries]
    /// `GET /api/v1/query` at one time; a range-vector selector (`x[1h]`) returns raw samples.
    func query(_ query: String, timeSeconds: Int64) throws -> [PrometheusSeries]
}

/// One series of a query result: its labels and its samples (time in ms, as Prometheus stores it).
public struct PrometheusSeries: Sendable, Equatable {
    public var labels: [String: String]
    public var samples: [Sample]

    public struct Sample: Sendable, Equatable {
        public var timeMillis: Int64
        public var value: Double
        public init(timeMillis: Int64, value: Double) {
            self.timeMillis = timeMillis
            self.value = value
        }
    }

    public init(labels: [String: String], samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }

    /// The labels without `__name__` (functions such as `rate` drop it; raw selectors keep it).
    public var identity: [String: String] {
        var l = labels
        l["__name__"] = nil
        return l
    }
}
