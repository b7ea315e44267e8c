import BackendClients
import DashboardConfig
import Foundation
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel
import Vocabulary

/// Telemetry from the backends (or from a `fetch` archive of them), joined to what the files
/// gave: spans read from OpenSearch go into the snapshot; Prometheus becomes the source of every
/// metric panel. Shared by `render`, `inspect` and `fetch`, so all three ask the same questions.
struct BackendSources {
    /// The report's time range (unix ns) when a backend or an archive is used.
    var range: ClosedRange<Int64>
    var prometheus: PrometheusBackend?
    /// Set when the exchanges are being recorded (`fetch`).
    var recorder: RecordingTransport?
    var openSearchURL: String?
    var openSearch: [OpenSearchClient.IndexResult] = []
    var diagnostics: [Diagnostic] = []

    /// Splits inputs into `fetch` archives and ordinary files and folders.
    static func partition(_ inputs: [String]) -> (archives: [String], files: [String]) {
        var archives: [String] = [], files: [String] = []
        for i in inputs { if FetchArchive.isArchive(i) { archives.append(i) } else { files.append(i) } }
        return (archives, files)
    }

    /// The time range: `--from`/`--to` (relative ones count back from the files' end, else from
    /// now), else the files' own range, else the last hour. An archive brings the range it was
    /// fetched for.
    static func resolveRange(
        from: TimeBound?, to: TimeBound?, files: ClosedRange<Int64>?, archive: FetchArchive?,
        now: Int64
    ) -> ClosedRange<Int64> {
        let reference = archive?.toNanos ?? files?.upperBound ?? now
        let hi = to?.resolve(end: reference) ?? archive?.toNanos ?? files?.upperBound ?? now
        let lo = from?.resolve(end: reference) ?? archive?.fromNanos ?? files?.lowerBound ?? (hi - 3_600_000_000_000)
        return min(lo, hi)...max(lo, hi)
    }

    /// Opens the backends (live or archived) and reads the spans; Prometheus is only asked later,
    /// while the dashboards are evaluated.
    static func open(
        _ options: BackendSettings, archive: (path: String, content: FetchArchive)?, range: ClosedRange<Int64>,
        record: Bool
    ) throws -> BackendSources {
        var sources = BackendSources(range: range)
        var prometheusTransport: (any HTTPTransport)?
        if let archive, let url = archive.content.prometheusURL {
            prometheusTransport = ReplayTransport(baseURL: url, exchanges: archive.content.exchanges, archive: archive.path)
        } else if let url = options.prometheus {
            prometheusTransport = options.transport(url)
        }
        if let t = prometheusTransport {
            let recorder = record ? RecordingTransport(t) : nil
            sources.recorder = recorder
            sources.prometheus = PrometheusBackend(api: PrometheusClient(transport: recorder ?? t))
        }
        if let archive, let url = archive.content.openSearchURL {
            sources.openSearchURL = url
            sources.openSearch = archive.content.indices.map { .init(pattern: $0.pattern, hits: $0.hits, total: $0.total) }
        } else if let url = options.opensearch {
            sources.openSearchURL = url
            // Test-only: small pages, so the paging is exercised on small files.
            let pageSize = ProcessInfo.processInfo.environment["OTEL_REPORT_OPENSEARCH_PAGE_SIZE"].flatMap(Int.init) ?? 1000
            let client = OpenSearchClient(transport: options.transport(url), pageSize: pageSize)
            sources.openSearch = try client.read(
                indices: options.openSearchIndices, fromNanos: range.lowerBound,
                toNanos: range.upperBound, maxSpans: options.maxSpans, maxLogs: options.maxLogs)
        }
        return sources
    }

    /// The files' snapshot with the OpenSearch spans and log records added (kept to the range),
    /// the inputs listed, and notes on what `--max-spans` and `--max-logs` left out.
    mutating func join(_ files: Snapshot, maxSpans: Int, maxLogs: Int) -> Snapshot {
        var builder = SnapshotBuilder()
        SnapshotLoader.merge(files, into: &builder)
        for input in files.inputs { builder.addInput(input) }
        if let url = openSearchURL {
            for result in openSearch {
                let source = "opensearch \(url) \(result.pattern)"
                guard result.total != nil || !result.hits.isEmpty else {
                    diagnostics.append(Diagnostic(severity: .note, file: source, message: "no index matches this pattern"))
                    continue
                }
                let decoded = OpenSearchClient.decode(result.hits, source: source)
                diagnostics += decoded.diagnostics
                SnapshotLoader.merge(decoded.snapshot, into: &builder)
                builder.addInput(
                    InputSummary(path: source, format: "opensearch", spans: decoded.spans, metricPoints: 0, logRecords: decoded.logs))
                if result.leftOut > 0 && result.kind.isLogs {
                    diagnostics.append(
                        Diagnostic(
                            severity: .warning, file: source,
                            message:
                                "--max-logs \(maxLogs): read \(result.hits.count) of the \(result.total ?? 0) log records in the time range; the \(result.leftOut) latest were left out"
                        ))
                } else if result.leftOut > 0 {
                    diagnostics.append(
                        Diagnostic(
                            severity: .warning, file: source,
                            message:
                                "--max-spans \(maxSpans): read \(result.hits.count) of the \(result.total ?? 0) spans in the time range; the \(result.leftOut) that start latest were left out"
                        ))
                }
            }
        }
        if let prometheus { builder.addInput(InputSummary(path: prometheus.source, format: "prometheus-api", spans: 0, metricPoints: 0)) }
        let joined = (consume builder).finish()
        return TimeBound.filter(joined, from: .absolute(range.lowerBound), to: .absolute(range.upperBound))
    }

    /// Without spans to pick it from, the focus service is the first (by name) with runtime
    /// metrics (of the dashboards' CPU and memory panels) in Prometheus, as `SnapshotAnalysis`
    /// picks it among files.
    func focusWithoutSpans(_ spec: DashboardSpec) -> String? {
        guard let prometheus else { return nil }
        let grid = TimeGrid(startNanos: range.lowerBound, endNanos: range.upperBound)
        return prometheus.services(withAnyOf: spec.runtimeMetricNames, grid: grid)?.first
    }
}
