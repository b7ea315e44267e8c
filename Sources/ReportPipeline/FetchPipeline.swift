import BackendClients
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `fetch` as a library call: asks the backends what a render would ask (by running the same
/// analysis with the exchanges recorded) and writes the answers as they came (`FetchArchive`),
/// so that `render DIR` rebuilds the same report later from archived evidence, with no backend.
public enum FetchPipeline {
    /// What was written.
    public struct Result: Sendable {
        public var prometheusResponses: Int
        public var openSearchHits: Int
        /// The time range fetched (unix ns).
        public var range: ClosedRange<Int64>
        public var diagnostics: [Diagnostic]
    }

    public static func run(_ request: FetchRequest, observer: PipelineObserver = .silent) throws(PipelineFailure) -> Result {
        try request.check()
        let spec = try DashboardWiring.spec(at: request.dashboards)
        let loaded = try InputLoading.load(
            request.inputs, backend: request.backend, from: request.from, to: request.to, record: true, observer: observer)
        guard let sources = loaded.sources else { throw .usage("fetch needs --prometheus URL or --opensearch URL") }
        if sources.prometheus != nil {
            // The same analysis a render runs, so the archive holds every request it will make.
            var options = SnapshotAnalysis.Options(focusService: request.service)
            DashboardWiring.configure(
                &options, spec: spec, sources: sources, service: request.service, snapshot: loaded.snapshot)
            _ = SnapshotAnalysis(snapshot: loaded.snapshot, options: options)
            if let failure = sources.prometheus?.failure {
                var f = PipelineFailure.input("\(failure): nothing was written")
                f.diagnostics = loaded.diagnostics
                throw f
            }
        }
        var archive = FetchArchive(fromNanos: sources.range.lowerBound, toNanos: sources.range.upperBound)
        if let recorder = sources.recorder {
            archive.prometheusURL = recorder.baseURL
            archive.exchanges = recorder.exchanges
        }
        if let url = sources.openSearchURL {
            archive.openSearchURL = url
            archive.maxSpans = request.backend.maxSpans
            archive.maxLogs = request.backend.maxLogs
            archive.indices = sources.openSearch.enumerated().map { i, r in
                .init(pattern: r.pattern, file: "opensearch/hits-\(i + 1).jsonl", total: r.total, hits: r.hits)
            }
        }
        do {
            try ArchiveWriter.write(try archive.files(), to: request.output)
        } catch {
            var f = PipelineFailure.input("could not write '\(request.output)': \(error)")
            f.diagnostics = loaded.diagnostics
            throw f
        }
        return Result(
            prometheusResponses: archive.exchanges.count, openSearchHits: sources.openSearch.reduce(0) { $0 + $1.hits.count },
            range: sources.range, diagnostics: loaded.diagnostics)
    }
}
