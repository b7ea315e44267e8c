import ArgumentParser
import ReportPipeline
import TelemetryModel
import Vocabulary

/// `otel-report fetch (--prometheus URL | --opensearch URL) … -o DIR`: asks the backends what a
/// render would ask and writes the answers as they came (`FetchArchive`), so that `render DIR`
/// rebuilds the same report later from archived evidence, with no backend.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Pull what a report needs from Prometheus and OpenSearch into a folder that render reads.",
        discussion: """
            DIR gets otel-report-fetch.json (what was asked, for which time range), prometheus/NNNN.json
            (each Prometheus API response as received) and opensearch/hits-N.jsonl (the search hits,
            one per line). `otel-report render DIR [INPUT...]` replays them: give it the same INPUTs,
            --service and --dashboards as the fetch. No request header is written.
            """
    )

    @Argument(help: "Telemetry files or folders whose spans decide the panels (as for render).")
    var inputs: [String] = []

    @Option(name: [.short, .customLong("output")], help: "The folder to write (replaced when it is an earlier fetch).")
    var output: String

    @OptionGroup var timeRange: TimeRangeOptions

    @OptionGroup var scope: ReportScopeOptions

    @OptionGroup(title: "Backends")
    var backend: BackendOptions

    @Flag(help: "Print only errors.")
    var quiet = false

    var request: FetchRequest {
        var r = FetchRequest(inputs: inputs, output: output, backend: backend.settings)
        r.from = timeRange.from
        r.to = timeRange.to
        r.service = scope.service
        r.dashboards = scope.dashboards
        return r
    }

    func validate() throws {
        do { try request.check() } catch { throw error.validationError }
    }

    func run() throws {
        let printer = DiagnosticPrinter(quiet: quiet)
        let result: FetchPipeline.Result
        do {
            result = try FetchPipeline.run(request, observer: .printing(to: printer))
        } catch {
            throw error.report(to: printer)
        }
        printer.note(
            "wrote \(output): \(result.prometheusResponses) Prometheus responses, \(result.openSearchHits) OpenSearch hits, "
                + UTCTime.rfc3339(nanos: result.range.lowerBound) + " → " + UTCTime.rfc3339(nanos: result.range.upperBound))
    }
}
