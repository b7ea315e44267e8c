import ArgumentParser
import Foundation
import ReportPipeline
import TelemetryModel
import Vocabulary

/// `otel-report render INPUT... -o OUT`: load, analyse, render, validate every page, then write
/// the report atomically. Exit 0 on success, 1 when the input could not be used, 2 when a page
/// failed validation (a bug: nothing is written).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render telemetry files into a static HTML report.",
        discussion: """
            INPUT is a file or a folder (read recursively); formats are recognised by content. A folder
            written by `otel-report fetch` is replayed: the report is rebuilt from what was fetched.
            With --prometheus URL every metric panel is computed by Prometheus; with --opensearch URL
            the spans of the time range are read from OpenSearch (files may be given as well).
            OUT is a folder (a site: index.html, dashboards, traces.html, traces/<id>.html, report.json)
            or a path ending in .html (one self-contained file holding the same pages).
            """
    )

    @Argument(help: "Telemetry files or folders, or a folder written by `otel-report fetch`.")
    var inputs: [String] = []

    @OptionGroup(title: "Backends")
    var backend: BackendOptions

    @OptionGroup var timeRange: TimeRangeOptions

    @OptionGroup var scope: ReportScopeOptions

    @Option(name: [.short, .customLong("output")], help: "Output folder, or a file ending in .html for a single self-contained page.")
    var output: String

    @Option(help: "The report's title.")
    var title: String = "Telemetry report"

    @Option(help: "Waterfall pages for the N slowest traces.")
    var top: Int = 50

    @Option(name: .customLong("trace"), help: "Also give this trace (32 hex digits) a waterfall page; repeatable.")
    var traces: [String] = []

    @Option(
        name: .customLong("where"),
        help: "Keep only traces with a span matching every term, e.g. 'service=recommendationservice app.cache_hit=false duration>100ms'.")
    var whereExpression: String?

    @Option(
        name: .customLong("compare"),
        help: "Compare latency across the values of this attribute (e.g. app.cache_hit) in every operation that has it; repeatable.")
    var compare: [String] = []

    @Option(
        name: .customLong("redact"),
        help: ArgumentHelp(
            "Replace the values of attributes whose key matches this glob (*.email, http.url) with [redacted:<keyed hash>] everywhere; repeatable.",
            valueName: "key"))
    var redact: [String] = []

    @Flag(
        name: .customLong("redact-defaults"),
        help:
            "Redact well-known secret-bearing attributes (authorization and cookie headers, *password*, *secret*, *token*, *api_key*, *credential*, db.statement, db.query.text) and the query strings of http.url, url.full and http.target."
    )
    var redactDefaults = false

    @Option(
        name: .customLong("redact-salt"),
        help: ArgumentHelp(
            "The key of the hash that stands in for redacted values (default: $OTEL_REPORT_REDACT_SALT, else a fixed salt: pass a secret one when values can be guessed).",
            valueName: "secret"))
    var redactSalt: String?

    @Option(
        parsing: .unconditional,
        help:
            "Compare each operation in this window (from here to --baseline-to) with the time after it, instead of the first third of the snapshot with the last: RFC 3339 or relative to the snapshot's end (-30m)."
    )
    var baselineFrom: String?

    @Option(parsing: .unconditional, help: "The end of the baseline window (see --baseline-from).")
    var baselineTo: String?

    @Option(
        name: .customLong("generated-at"), help: "The timestamp printed in the report (RFC 3339), for reproducible output. Default: now.")
    var generatedAt: String?

    @Option(help: "Also write report.json to this path ('-' for standard output).")
    var json: String?

    @Option(
        help: ArgumentHelp(
            "Use the page template, stylesheet or scripts in this folder instead of the built-in ones (templates/page.mustache, static/report.css, static/filter-language.js, static/trace-explorer.js; missing files keep the built-in copy). Pages are still validated.",
            valueName: "dir"))
    var templates: String?

    @Flag(help: "Fail (exit 1) when any input file has an error, instead of skipping it.")
    var strict = false

    @Flag(
        help:
            "Print the wall-clock time, CPU time, page faults and peak memory of each phase (read, analyse, render, validate, write) to standard error."
    )
    var timings = false

    @Flag(help: "Print only errors.")
    var quiet = false

    /// The flags as the pipeline's request (the redaction salt falls back to
    /// $OTEL_REPORT_REDACT_SALT here, so the library reads no environment).
    var request: RenderRequest {
        var r = RenderRequest(inputs: inputs, output: output)
        r.backend = backend.settings
        r.title = title
        r.service = scope.service
        r.top = top
        r.traces = traces
        r.whereExpression = whereExpression
        r.compare = compare
        r.redact = redact
        r.redactDefaults = redactDefaults
        r.redactSalt = redactSalt ?? ProcessInfo.processInfo.environment["OTEL_REPORT_REDACT_SALT"]
        r.from = timeRange.from
        r.to = timeRange.to
        r.baselineFrom = baselineFrom
        r.baselineTo = baselineTo
        r.dashboards = scope.dashboards
        r.generatedAt = generatedAt
        r.json = json
        r.templates = templates
        r.strict = strict
        return r
    }

    func validate() throws {
        do { try request.check() } catch { throw error.validationError }
    }

    func run() throws {
        let printer = DiagnosticPrinter(quiet: quiet)
        var clock = PhaseTimer(enabled: timings)
        let progress = ProgressReporter.shared
        progress.start(enabled: !quiet && DiagnosticPrinter.stderrIsTerminal)
        defer { progress.finish() }
        var request = request
        // The process ends after the render: an earlier report swapped out of the target is
        // removed by a child process meanwhile, not before the command returns.
        request.detachedRemoval = true
        let result: RenderResult
        do {
            result = try RenderPipeline.run(request, observer: .printing(to: printer) { clock.lap($0) })
        } catch {
            throw error.report(to: printer)
        }
        if let json = result.reportJSON { DiagnosticPrinter.writeOut(json) }
        progress.finish()
        printer.note(
            "wrote \(result.entryPage): \(result.spanCount) spans, \(result.traceCount) traces, \(result.serviceCount) services, \(result.files.count) files"
                + (result.inputErrorCount > 0 ? "; \(result.inputErrorCount) input problem(s) reported above" : ""))
    }
}
