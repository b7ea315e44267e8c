import ArgumentParser
import DashboardConfig
import Foundation
import HTMLValidation
import ReportRendering
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel

/// `otel-report render INPUT... -o OUT`: load, analyse, render, validate every page, then write
/// the report atomically. Exit 0 on success, 1 when the input could not be used, 2 when a page
/// failed validation (a bug: nothing is written).
struct RenderCommand: AsyncParsableCommand {
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

    @Option(name: [.short, .customLong("output")], help: "Output folder, or a file ending in .html for a single self-contained page.")
    var output: String

    @Option(help: "The report's title.")
    var title: String = "Telemetry report"

    @Option(help: "The service the resource dashboard focuses on (default: the one whose own work has the worst latency tail).")
    var service: String?

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
        help: "Keep only telemetry at or after this time: RFC 3339 (2026-01-15T10:00:00Z) or relative to the snapshot's end (-15m, -2h).")
    var from: String?

    @Option(parsing: .unconditional, help: "Keep only telemetry at or before this time: RFC 3339 or relative to the snapshot's end (-5m).")
    var to: String?

    @Option(
        parsing: .unconditional,
        help:
            "Compare each operation in this window (from here to --baseline-to) with the time after it, instead of the first third of the snapshot with the last: RFC 3339 or relative to the snapshot's end (-30m)."
    )
    var baselineFrom: String?

    @Option(parsing: .unconditional, help: "The end of the baseline window (see --baseline-from).")
    var baselineTo: String?

    @Option(
        help: ArgumentHelp(
            "Dashboards from this YAML file instead of the built-in ones (dashboards/default.yaml is the built-in set, to copy and extend).",
            valueName: "file"))
    var dashboards: String?

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

    @Flag(help: "Print the wall-clock time and peak memory of each phase (read, analyse, render, validate, write) to standard error.")
    var timings = false

    @Flag(help: "Print only errors.")
    var quiet = false

    func validate() throws {
        if inputs.isEmpty && !backend.isUsed {
            throw ValidationError("Give telemetry files or folders, a fetch archive, --prometheus URL or --opensearch URL")
        }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
        for t in traces where TraceID(hex: t.lowercased()) == nil || t.count > 32 {
            throw ValidationError("--trace '\(t)' is not a trace id: expected up to 32 hex digits")
        }
        if let w = whereExpression {
            do {
                _ = try SpanFilter(parsing: w)
            } catch {
                throw ValidationError("--where '\(w)': \(error)")
            }
        }
        if let g = generatedAt, UTCTime.parseRFC3339(g) == nil {
            throw ValidationError("--generated-at '\(g)' is not an RFC 3339 time such as 2026-01-15T10:00:00Z")
        }
        if (baselineFrom == nil) != (baselineTo == nil) {
            throw ValidationError(
                "--baseline-from and --baseline-to go together: give both, or neither for the first third against the last")
        }
        for (name, value) in [("--from", from), ("--to", to), ("--baseline-from", baselineFrom), ("--baseline-to", baselineTo)] {
            if let v = value, TimeBound(v) == nil {
                throw ValidationError("\(name) '\(v)' is neither an RFC 3339 time nor a relative time such as -15m")
            }
        }
        let outURL = URL(fileURLWithPath: output).standardizedFileURL.path
        for input in inputs {
            let inURL = URL(fileURLWithPath: input).standardizedFileURL.path
            if outURL == inURL || outURL.hasPrefix(inURL + "/") {
                throw ValidationError("Output '\(output)' is inside the input folder '\(input)'")
            }
        }
    }

    func run() async throws {
        let printer = DiagnosticPrinter(quiet: quiet)
        var overrides: [String: String] = [:]
        if let templates {
            // Each resource is looked up by its name in the folder, or by its path below it.
            for path in ReportOptions.resourcePaths {
                let name = String(path.split(separator: "/").last!)
                for candidate in [templates + "/" + path, templates + "/" + name] {
                    if let text = try? String(contentsOfFile: candidate, encoding: .utf8) {
                        overrides[path] = text
                        break
                    }
                }
            }
            if overrides.isEmpty {
                printer.error("--templates \(templates): no page.mustache, report.css, filter-language.js or trace-explorer.js there")
                throw ExitCode(1)
            }
        }
        // A bad dashboard file fails before the (possibly long) read of the inputs.
        var dashboardSpec: DashboardSpec?
        if let dashboards {
            do {
                dashboardSpec = try DashboardSpec.load(path: dashboards)
            } catch {
                DiagnosticPrinter.writeErr(error.description + "\n")
                throw ExitCode(1)
            }
        }
        var clock = PhaseTimer(enabled: timings)
        let progress = ProgressReporter.shared
        progress.start(enabled: !quiet && DiagnosticPrinter.stderrIsTerminal)
        defer { progress.finish() }
        var loaded = try InputLoading.load(
            inputs, backend: backend, from: from, to: to, record: false, printer: printer, progressBytes: true)
        clock.lap("read")
        // `snapshot` holds the only reference to the columns, so they can be freed after rendering.
        var snapshot = loaded.snapshot
        loaded.snapshot = Snapshot()
        let sources = loaded.sources
        if snapshot.spans.isEmpty && snapshot.metrics.isEmpty && snapshot.logs.isEmpty && sources?.prometheus == nil {
            let what = inputs.isEmpty ? "the backends" : inputs.joined(separator: ", ")
            printer.error(
                "no usable telemetry in \(what): \(loaded.diagnostics.filter { $0.severity == .error }.count) input(s) failed, none held spans, metrics or logs"
            )
            throw ExitCode(1)
        }
        if strict && loaded.diagnostics.contains(where: { $0.severity == .error }) {
            printer.error("--strict: input errors above")
            throw ExitCode(1)
        }
        if sources == nil && (from != nil || to != nil) {
            snapshot = TimeBound.filter(snapshot, from: from.flatMap(TimeBound.init), to: to.flatMap(TimeBound.init))
        }
        var filterNote: String?
        if let w = whereExpression, let filter = try? SpanFilter(parsing: w), !filter.isEmpty {
            let before = TraceAssembler.assemble(snapshot).count
            snapshot = snapshot.keepingTraces(matching: filter)
            let after = TraceAssembler.assemble(snapshot).count
            filterNote = "Only traces matching --where \(w) are included: \(after) of \(before) traces."
            if after == 0 { printer.note("warning: --where \(w) matched no trace") }
        }
        let redaction = Redaction(
            patterns: redact, defaults: redactDefaults,
            salt: redactSalt ?? ProcessInfo.processInfo.environment["OTEL_REPORT_REDACT_SALT"])
        if !redaction.isEmpty {
            // After --where (which matches the real values), before anything is analysed.
            snapshot = redaction.apply(to: snapshot)
        }
        if let service,
            !Set(snapshot.spans.resourceIndexes.map { Int($0) }).contains(where: {
                (snapshot.resources.indices.contains($0) ? snapshot.resources[$0].serviceName : "unknown_service") == service
            })
        {
            printer.note("warning: --service \(service) has no spans in the snapshot")
        }
        progress.begin("analysing \(snapshot.spans.count) spans and \(snapshot.metrics.count) metric series")
        clock.lap("filter")
        var baselineWindow: ClosedRange<Int64>?
        if let f = baselineFrom.flatMap(TimeBound.init), let t = baselineTo.flatMap(TimeBound.init),
            let range = SnapshotAnalysis.timeRange(snapshot)
        {
            let (lo, hi) = (f.resolve(end: range.upperBound), t.resolve(end: range.upperBound))
            guard lo <= hi else {
                printer.error("--baseline-from \(baselineFrom!) is after --baseline-to \(baselineTo!)")
                throw ExitCode(64)
            }
            baselineWindow = lo...hi
        }
        var analysisOptions = SnapshotAnalysis.Options(
            focusService: service, slowestCount: max(top, 20), compareAttributes: compare,
            dashboards: dashboardSpec.map(DashboardEvaluator.builder),
            baselineWindow: baselineWindow)
        sources?.configure(&analysisOptions, dashboards: dashboardSpec, service: service, snapshot: snapshot)
        let analysis = SnapshotAnalysis(snapshot: snapshot, options: analysisOptions)
        if let failure = sources?.prometheus?.failure {
            printer.error("\(failure): nothing was written")
            throw ExitCode(1)
        }
        let single = output.lowercased().hasSuffix(".html")
        var options = ReportOptions(
            title: title,
            generatedAtNanos: generatedAt.flatMap(UTCTime.parseRFC3339) ?? Self.now(),
            layout: single ? .singleFile : .site,
            waterfallCount: top,
            extraTraces: traces.compactMap { TraceID(hex: $0.lowercased()) },
            toolVersion: ToolVersion.current,
            filterNote: filterNote)
        options.resourceOverrides = overrides
        let findings = Findings.detect(analysis)
        clock.lap("analyse")
        progress.begin("rendering")
        let builder = ReportBuilder(analysis: analysis, options: options, diagnostics: loaded.diagnostics, findings: findings)
        let files: [RenderedFile]
        do {
            files = try builder.render()
        } catch {
            printer.error("could not render the report: \(error)" + (overrides.isEmpty ? "" : " (check the files given with --templates)"))
            throw ExitCode(overrides.isEmpty ? 2 : 1)
        }
        let reportJSONText = json == nil ? nil : builder.reportJSON()
        let counts = "\(snapshot.spans.count) spans, \(analysis.traces.count) traces, \(analysis.services.count) services"
        // The snapshot and its analysis are the largest things in memory and no page needs them
        // any more: end their lifetimes before validation parses the pages (issue 7, peak RSS).
        _ = consume builder
        _ = consume findings
        _ = consume analysis
        _ = consume snapshot

        clock.lap("render")
        progress.begin("validating \(files.count) files")
        let documents = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
        let issues = HTMLValidator().validate(documents)
        if !issues.isEmpty {
            for i in issues.prefix(50) { printer.error(i.description) }
            // With --templates the pages come from the user's files, so a failure is theirs to fix
            // (exit 1); with the built-in templates it is a bug (exit 2).
            if !overrides.isEmpty {
                printer.error(
                    "\(issues.count) validation problem(s) in pages made with the files given with --templates: nothing was written")
                throw ExitCode(1)
            }
            printer.error(
                "\(issues.count) validation problem(s): nothing was written (this is a bug in otel-report; please report it with the input)"
            )
            throw ExitCode(2)
        }

        clock.lap("validate")
        progress.begin("writing")
        let writer = OutputWriter()
        do {
            if single {
                try writer.writeFile(files[0].contents, to: output)
            } else {
                try writer.writeSite(files, to: output)
            }
            if let json, let text = reportJSONText {
                if json == "-" { DiagnosticPrinter.writeOut(text) } else { try writer.writeFile(text, to: json) }
            }
        } catch let e as OutputWriter.Failure {
            printer.error(e.description)
            throw ExitCode(1)
        }
        clock.lap("write")
        progress.finish()
        let skipped = loaded.diagnostics.filter { $0.severity == .error }.count
        printer.note(
            "wrote \(single ? output : output + "/index.html"): \(counts), \(files.count) files"
                + (skipped > 0 ? "; \(skipped) input problem(s) reported above" : ""))
    }

    static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded()) * 1_000_000
    }
}
