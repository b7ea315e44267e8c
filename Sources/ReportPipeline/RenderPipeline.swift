import Foundation
import HTMLValidation
import ReportRendering
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `render` as a library call: read the inputs (files, a fetch archive, the backends), keep the
/// time range and the `--where` traces, redact, analyse, find, render every page, validate them
/// all with libxml2 and the report rules (each page as it is made, into a private staging
/// folder), and only then put the report in place atomically. A run either
/// writes a whole, valid report and returns what it wrote, or throws a `PipelineFailure` and
/// leaves the output as it was.
public enum RenderPipeline {
    public static func run(_ request: RenderRequest, observer: PipelineObserver = .silent) throws(PipelineFailure) -> RenderResult {
        try request.check()
        let overrides = try templateOverrides(request.templates)
        // A bad dashboard file fails before the (possibly long) read of the inputs.
        let dashboardSpec = try DashboardWiring.spec(at: request.dashboards)
        let progress = ProgressReporter.shared
        CodePages.release()
        var loaded = try InputLoading.load(
            request.inputs, backend: request.backend, from: request.from, to: request.to, record: false, observer: observer,
            progressBytes: true)
        // The read's blocks, round parts and sort buffers are gone; their small pieces stay in
        // the threads' heaps unless handed back (issue 7, peak RSS).
        FreeMemory.returnToSystem()
        CodePages.release()
        observer.phaseEnded("read")
        var run = RenderRun(request: request, observer: observer, diagnostics: loaded.diagnostics)
        // `snapshot` holds the only reference to the columns, so they can be freed after rendering.
        var snapshot = loaded.snapshot
        loaded.snapshot = Snapshot()
        let sources = loaded.sources
        if snapshot.spans.isEmpty && snapshot.metrics.isEmpty && snapshot.logs.isEmpty && sources?.prometheus == nil {
            let what = request.inputs.isEmpty ? "the backends" : request.inputs.joined(separator: ", ")
            throw run.failure(
                .input,
                "no usable telemetry in \(what): \(run.inputErrorCount) input(s) failed, none held spans, metrics or logs")
        }
        if request.strict && run.inputErrorCount > 0 { throw run.failure(.input, "--strict: input errors above") }
        if sources == nil && (request.from != nil || request.to != nil) {
            snapshot = TimeBound.filter(
                snapshot, from: request.from.flatMap(TimeBound.init), to: request.to.flatMap(TimeBound.init))
        }
        // Traces before the filter, by counting them; after it, from the one assembly (analysis).
        var tracesBeforeFilter: Int?
        if let w = request.whereExpression, let filter = try? SpanFilter(parsing: w), !filter.isEmpty {
            tracesBeforeFilter = TraceAssembler.count(snapshot)
            snapshot = snapshot.keepingTraces(matching: filter)
            if snapshot.spans.isEmpty { run.warn("--where \(w) matched no trace") }
        }
        let redaction = Redaction(patterns: request.redact, defaults: request.redactDefaults, salt: request.redactSalt)
        if !redaction.isEmpty {
            // After --where (which matches the real values), before anything is analysed.
            snapshot = redaction.apply(to: snapshot)
        }
        if let service = request.service,
            !Set(snapshot.spans.resourceIndexes.map { Int($0) }).contains(where: {
                (snapshot.resources.indices.contains($0) ? snapshot.resources[$0].serviceName : "unknown_service") == service
            })
        {
            run.warn("--service \(service) has no spans in the snapshot")
        }
        // After every filter and redaction, before the analysis and the render keep the snapshot
        // alive: each repeated attribute list stored once (issue 7, peak memory).
        snapshot.spans.shareRepeatedAttributeLists()
        progress.begin("analysing \(snapshot.spans.count) spans and \(snapshot.metrics.count) metric series")
        observer.phaseEnded("filter")
        var analysisOptions = SnapshotAnalysis.Options(
            focusService: request.service, slowestCount: max(request.top, 20), compareAttributes: request.compare,
            baselineWindow: try run.baselineWindow(snapshot))
        DashboardWiring.configure(
            &analysisOptions, spec: dashboardSpec, sources: sources, service: request.service, snapshot: snapshot)
        // Its large working arrays reuse each other's pages (`HeapReuse`); the trim below hands back
        // what the heaps kept free (a thread's heap trims its top at its next large free).
        let analysis = HeapReuse.during { SnapshotAnalysis(snapshot: snapshot, options: analysisOptions) }
        if let failure = sources?.prometheus?.failure { throw run.failure(.input, "\(failure): nothing was written") }
        var options = ReportOptions(
            title: request.title,
            generatedAtNanos: request.generatedAt.flatMap(UTCTime.parseRFC3339) ?? now(),
            layout: request.isSingleFile ? .singleFile : .site,
            waterfallCount: request.top,
            extraTraces: request.traces.compactMap { TraceID(hex: $0.lowercased()) },
            toolVersion: ToolVersion.current,
            filterNote: tracesBeforeFilter.map {
                "Only traces matching --where \(request.whereExpression ?? "") are included: \(analysis.traces.count) of \($0) traces."
            })
        options.resourceOverrides = overrides
        // The analysis's working arrays are gone; the render's large buffers are new mappings
        // that would not reuse their pages (`FreeMemory`).
        FreeMemory.returnToSystem()
        CodePages.release()
        observer.phaseEnded("analyse")
        progress.begin("rendering")
        // The findings are detected beside the render's own preparation (both read the analysis).
        // A report folder is staged page by page as the pages are made and checked once all are
        // in (`PageStream`); the single file is one page, checked whole. The staging folder is
        // made beside the findings: listing the target's folder for leftovers and making the
        // folder ran on one core while the other was idle (about 1.5 ms, issue 7).
        let ((builder, findings), stream) = CoreSplit.both(
            { ReportBuilder.detectingFindings(analysis: analysis, options: options, diagnostics: loaded.diagnostics) },
            { request.isSingleFile ? nil : PageStream(target: request.output, detachedRemoval: request.detachedRemoval) })
        var files: [RenderedFile] = []
        let paths: [String]
        // `--json` gets the report's own `report.json`, made once (it was made again after the
        // render: 35 MB a second time with a span name per request).
        let reportJSONParts = request.json == nil ? nil : builder.reportJSONParts()
        do {
            if let stream {
                paths = try builder.render(json: reportJSONParts, each: stream.accept)
            } else {
                files = try builder.render(json: reportJSONParts)
                paths = files.map(\.path)
            }
        } catch {
            stream?.staging.abandon()
            // A template's place is printed as every other problem's place is, before the verdict.
            let placed = (error as? RenderError)?.diagnostic
            var failure = run.failure(
                overrides.isEmpty ? .bug : .input,
                "could not render the report" + (placed == nil ? ": \(error)" : "")
                    + (overrides.isEmpty ? "" : " (check the files given with --templates)"))
            failure.located = placed.map { [$0] } ?? []
            throw failure
        }
        let counts = (spans: snapshot.spans.count, traces: analysis.traces.count, services: analysis.services.count)
        // The snapshot and its analysis are the largest things in memory and no page needs them
        // any more: their lifetimes end before the largest pages are parsed (issue 7, peak RSS),
        // on the core that parses them while the others check the small pages (`finish`): on
        // one core ahead of every check, freeing the traces' summaries and the columns left the
        // other core idle for 6-8 ms at 500k spans.
        var lastUse: Any? = (consume builder, consume findings, consume analysis, consume snapshot)
        func release() {
            _ = lastUse.take()
            FreeMemory.returnToSystem()
            CodePages.release()
        }
        observer.phaseEnded("render")
        stream?.staging.beginFlush()
        progress.begin("validating \(paths.count) files")
        if let stream {
            let issues = stream.finish(beforeLargePages: release)
            if !issues.isEmpty { stream.staging.abandon() }
            try run.check(issues, customTemplates: !overrides.isEmpty)
        } else {
            release()
            try run.validate(files, customTemplates: !overrides.isEmpty)
        }
        observer.phaseEnded("validate")
        progress.begin("writing")
        let reportJSON = try run.write(files, staged: stream?.staging, json: reportJSONParts)
        observer.phaseEnded("write")
        return RenderResult(
            entryPage: request.isSingleFile ? request.output : request.output + "/index.html",
            files: request.isSingleFile ? [URL(fileURLWithPath: request.output).lastPathComponent] : paths,
            spanCount: counts.spans, traceCount: counts.traces,
            serviceCount: counts.services, diagnostics: loaded.diagnostics, warnings: run.warnings,
            reportJSON: reportJSON)
    }

    /// The clock's time in unix nanoseconds, to the millisecond (the report's default timestamp).
    static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded()) * 1_000_000
    }

    /// The files of `--templates DIR` by resource path: each resource is looked up by its name
    /// in the folder, or by its path below it; a folder with none of them is an error.
    static func templateOverrides(_ folder: String?) throws(PipelineFailure) -> [String: String] {
        guard let folder else { return [:] }
        var overrides: [String: String] = [:]
        for path in ReportOptions.resourcePaths {
            let name = String(path.split(separator: "/").last!)
            for candidate in [folder + "/" + path, folder + "/" + name] {
                if let text = try? String(contentsOfFile: candidate, encoding: .utf8) {
                    overrides[path] = text
                    break
                }
            }
        }
        if overrides.isEmpty {
            throw .input("--templates \(folder): no page.mustache, report.css, filter-language.js or trace-explorer.js there")
        }
        return overrides
    }
}
