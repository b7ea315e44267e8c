import Foundation
import Vocabulary

/// The OpenTelemetry demo with its recommendation-cache flag on (DESIGN §8), written as OTLP
/// JSON Lines: `traces.jsonl`, `metrics.jsonl` and the recommendationservice's `logs.jsonl`
/// (`ServiceLogs`).
///
/// Requests arrive as a Poisson process; each becomes a trace (see `TraceGenerator`). Every
/// recommendation call goes through a replica's leaking cache (`ProductCache`), which makes the
/// recommendationservice's tail latency, memory and CPU grow until the process is restarted.
/// Every 15 s the runtime metrics are sampled and the span-metrics connector flushes.
///
/// Everything is streamed: spans are written per 30-second batch window and metric lines per
/// flush, so memory stays bounded however large `scale` makes the files. Nothing reads the
/// clock and every random draw comes from seeded `SplitMix64` streams, so the same options
/// give byte-identical files.
public enum RecommendationCacheScenario {
    /// Spans of requests starting within this window share a line (like a batch processor).
    static let batchWindowNanos: Int64 = 30_000_000_000
    /// A line is written early when its batch reaches this many spans (large scales).
    static let maxSpansPerBatch = 4096
    /// The recommendationservice processes were started this long before the flag was turned
    /// on (the run's start); their caches were empty until then.
    static let processAgeAtStartNanos: Int64 = 1_043_000_000_000

    /// Writes `traces.jsonl`, `metrics.jsonl` and `logs.jsonl` into `directory` (created if needed).
    public static func write(to directory: String, options: ScenarioOptions) throws -> ScenarioFiles {
        guard options.minutes > 0 else { throw ScenarioError("minutes must be positive, got \(options.minutes)") }
        guard options.scale > 0, options.scale.isFinite else { throw ScenarioError("scale must be positive, got \(options.scale)") }
        guard options.requestsPerSecond > 0, options.requestsPerSecond.isFinite else {
            throw ScenarioError("requests per second must be positive, got \(options.requestsPerSecond)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ScenarioError("cannot create folder '\(directory)': \(error.localizedDescription)")
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let tracesPath = base + "traces.jsonl"
        let metricsPath = base + "metrics.jsonl"
        let logsPath = base + "logs.jsonl"
        let traceWriter = try ChunkedFileWriter(path: tracesPath)
        let metricWriter = try ChunkedFileWriter(path: metricsPath)
        let logWriter = try ChunkedFileWriter(path: logsPath)

        var run = Run(options: options)
        try run.simulate(traces: traceWriter, metrics: metricWriter, logs: logWriter)
        try traceWriter.close()
        try metricWriter.close()
        try logWriter.close()
        return ScenarioFiles(
            traces: tracesPath, metrics: metricsPath, logs: logsPath, spanCount: run.spanCount, traceCount: run.traceCount,
            metricPointCount: run.metricPointCount, logRecordCount: run.serviceLogs.recordCount,
            restartCount: run.replicas.reduce(0) { $0 + $1.restarts })
    }

    /// The state of one simulation.
    private struct Run {
        let options: ScenarioOptions
        var arrivals: SplitMix64
        var generator: TraceGenerator
        var topology: DemoTopology
        var replicas: [RecommendationReplica] = []
        var connector: SpanMetricsConnector
        var serviceLogs: ServiceLogs
        var spanCount = 0
        var traceCount = 0
        var metricPointCount = 0
        var nextTick = 1
        var json = OTLPJSONText(capacity: 1 << 16)

        init(options: ScenarioOptions) {
            self.options = options
            var root = SplitMix64(seed: options.seed)
            arrivals = root.split()
            let timing = root.split()
            let ids = root.split()
            topology = DemoTopology(random: root.split())
            generator = TraceGenerator(random: timing, ids: ids)
            // Split last, so the streams above (and the traces and metrics) do not change.
            serviceLogs = ServiceLogs(random: root.split())
            connector = SpanMetricsConnector(start: options.start)
            for index in 0..<options.replicaCount {
                replicas.append(
                    RecommendationReplica(
                        index: index, start: options.start - RecommendationCacheScenario.processAgeAtStartNanos,
                        topology: &topology, cacheFailure: options.cacheFailure))
            }
        }

        mutating func simulate(traces: ChunkedFileWriter, metrics: ChunkedFileWriter, logs: ChunkedFileWriter) throws {
            let end = options.start + Int64(options.minutes) * 60_000_000_000
            let meanGap = 1e9 / (options.requestsPerSecond * options.scale)
            var batch = TraceBatch()
            var window: Int64 = 0
            var spans: [SimulatedSpan] = []
            var time = options.start + Int64(arrivals.exponential(mean: meanGap).rounded())
            while time < end {
                // Every request before a flush time has been generated: the flush can be written.
                while tickTime(nextTick) <= time { try writeTick(to: metrics) }
                let requestWindow = (time - options.start) / RecommendationCacheScenario.batchWindowNanos
                if requestWindow != window || batch.count >= RecommendationCacheScenario.maxSpansPerBatch {
                    try batch.write(topology: topology, to: traces, buffer: &json)
                    try serviceLogs.write(topology: topology, to: logs, buffer: &json)
                    window = requestWindow
                }
                spans.removeAll(keepingCapacity: true)
                generator.generate(at: time, replicas: &replicas, topology: &topology, into: &spans)
                for span in spans { connector.record(span, service: topology.resources[span.resource].service) }
                serviceLogs.record(spans)
                batch.append(contentsOf: spans)
                spanCount += spans.count
                traceCount += 1
                time += max(1, Int64(arrivals.exponential(mean: meanGap).rounded()))
            }
            try batch.write(topology: topology, to: traces, buffer: &json)
            try serviceLogs.write(topology: topology, to: logs, buffer: &json)
            // Keep flushing until the last span (possibly ending after the run) is counted.
            let lastTick = max(options.minutes * 4, connector.lastPendingFlush ?? 0)
            while nextTick <= lastTick { try writeTick(to: metrics) }
        }

        func tickTime(_ tick: Int) -> Int64 {
            options.start + Int64(tick) * SpanMetricsConnector.flushIntervalNanos
        }

        /// Samples the runtime metrics and flushes the span metrics at the next 15 s tick.
        mutating func writeTick(to metrics: ChunkedFileWriter) throws {
            let time = tickTime(nextTick)
            for index in replicas.indices { replicas[index].restartIfDue(at: time, topology: &topology) }
            json.removeAll()
            metricPointCount += RuntimeMetrics.write(replicas: replicas, time: time, topology: topology, to: &json)
            try metrics.writeLine(json)
            json.removeAll()
            let points = connector.writeFlush(nextTick, to: &json)
            if points > 0 {
                metricPointCount += points
                try metrics.writeLine(json)
            }
            nextTick += 1
        }
    }
}
