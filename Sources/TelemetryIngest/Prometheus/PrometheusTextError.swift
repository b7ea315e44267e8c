/// A problem in a Prometheus text or OpenMetrics exposition, at a 1-based line and column
/// (column 0 when it concerns the whole line), turned into a `Diagnostic` by the format.
struct PrometheusTextError: Error, Hashable, Sendable {
    var line: Int
    var column: Int
    var message: String
}
