import HTMLValidation
import ReportRendering
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The state of one render between its steps: the request, where to report, and the input
/// problems and warnings so far, which every failure carries with it.
struct RenderRun {
    let request: RenderRequest
    let observer: PipelineObserver
    let diagnostics: [Diagnostic]
    private(set) var warnings: [String] = []

    init(request: RenderRequest, observer: PipelineObserver, diagnostics: [Diagnostic]) {
        self.request = request
        self.observer = observer
        self.diagnostics = diagnostics
    }

    var inputErrorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    mutating func warn(_ message: String) {
        warnings.append(message)
        observer.warning(message)
    }

    /// A failure carrying the input problems found so far.
    func failure(_ kind: PipelineFailure.Kind, _ messages: String...) -> PipelineFailure {
        var failure = PipelineFailure(kind, messages)
        failure.diagnostics = diagnostics
        return failure
    }

    /// `--baseline-from`/`--baseline-to` resolved against the snapshot's end; a window that ends
    /// before it starts is a usage error.
    func baselineWindow(_ snapshot: Snapshot) throws(PipelineFailure) -> ClosedRange<Int64>? {
        guard let from = request.baselineFrom, let to = request.baselineTo, let f = TimeBound(from), let t = TimeBound(to),
            let range = SnapshotAnalysis.timeRange(snapshot)
        else { return nil }
        let (lo, hi) = (f.resolve(end: range.upperBound), t.resolve(end: range.upperBound))
        guard lo <= hi else { throw failure(.usage, "--baseline-from \(from) is after --baseline-to \(to)") }
        return lo...hi
    }

    /// Every page through libxml2 and the report rules (the single-file layout, whose one page is
    /// checked whole after rendering).
    func validate(_ files: [RenderedFile], customTemplates: Bool) throws(PipelineFailure) {
        let documents = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, parts: $0.parts) }
        try check(HTMLValidator().validate(documents), customTemplates: customTemplates)
    }

    /// A failure when validation found issues. With `--templates` the pages come from the user's
    /// files, so a failure is theirs to fix (input); with the built-in templates it is a bug.
    func check(_ issues: [ValidationIssue], customTemplates: Bool) throws(PipelineFailure) {
        guard !issues.isEmpty else { return }
        var messages: [String] = []
        if customTemplates {
            messages.append(
                "\(issues.count) validation problem(s) in pages made with the files given with --templates: nothing was written")
        } else {
            messages.append(
                "\(issues.count) validation problem(s): nothing was written (this is a bug in otel-report; please report it with the input)"
            )
        }
        var failure = PipelineFailure(customTemplates ? .input : .bug, messages)
        failure.diagnostics = diagnostics
        failure.located = issues.prefix(50).map(\.diagnostic)
        throw failure
    }

    /// Writes the single-file report, or puts the staged report folder in place, then
    /// `report.json` to a file when asked; returns `report.json` when it goes to standard output.
    func write(_ files: [RenderedFile], staged: SiteStaging?, json: [String]?) throws(PipelineFailure) -> String? {
        let writer = OutputWriter()
        do {
            if let staged {
                try staged.commit()
            } else {
                try writer.writeFile(files[0].parts, to: request.output)
            }
            if let path = request.json, let json, path != "-" { try writer.writeFile(json, to: path) }
        } catch let e as OutputWriter.Failure {
            throw failure(.input, e.description)
        } catch {
            throw failure(.input, "\(error)")
        }
        return request.json == "-" ? json?.joined() : nil
    }
}
