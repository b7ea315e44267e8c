/// What `RecommendationCacheScenario.write` produced: the two paths and what they hold.
public struct ScenarioFiles: Sendable, Equatable {
    /// Path of `traces.jsonl` (one `ExportTraceServiceRequest` per line).
    public var traces: String
    /// Path of `metrics.jsonl` (one `ExportMetricsServiceRequest` per line).
    public var metrics: String
    /// Path of `logs.jsonl` (one `ExportLogsServiceRequest` per line).
    public var logs: String
    public var spanCount: Int
    public var traceCount: Int
    /// Metric data points written (every point of every series, all flushes).
    public var metricPointCount: Int
    public var logRecordCount: Int
    /// recommendationservice restarts (process replaced after reaching the memory limit).
    public var restartCount: Int

    public init(
        traces: String, metrics: String, logs: String = "", spanCount: Int, traceCount: Int,
        metricPointCount: Int = 0, logRecordCount: Int = 0, restartCount: Int = 0
    ) {
        self.traces = traces
        self.metrics = metrics
        self.logs = logs
        self.logRecordCount = logRecordCount
        self.spanCount = spanCount
        self.traceCount = traceCount
        self.metricPointCount = metricPointCount
        self.restartCount = restartCount
    }
}
