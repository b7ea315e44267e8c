import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// Renders a whole report as files in memory: the pages in either layout and `report.json`.
/// Nothing is written here; the caller validates every file before anything touches the disk.
public struct ReportBuilder {
    let context: RenderContext
    let findings: [Finding]
    /// The page shell (`shell(for:)`), when it was made beside the findings' detection.
    let preparedShell: Result<PageShell, any Error>?

    public init(analysis: SnapshotAnalysis, options: ReportOptions, diagnostics: [Diagnostic] = [], findings: [Finding] = []) {
        context = RenderContext(analysis: analysis, options: options, diagnostics: diagnostics)
        self.findings = findings
        preparedShell = nil
    }

    /// A builder for `analysis` with its findings (`Findings.detect`), returned beside it.
    ///
    /// Why here: the findings and the render context (the waterfalls' choice, the usual
    /// attribute values) read only the analysis, and each is a pass on one core; one after the
    /// other they left a core idle between the analysis and the pages (500k spans: about 40 ms
    /// of the render's start ran on one core, issue 7). The values are the same either way.
    /// The page shell (its template parsed and cut) is made beside the findings too: with 60
    /// services the context was ready 6–8 ms before them, and the shell then took about 4 ms of
    /// one core while the other waited (timelines of a 500k render).
    public static func detectingFindings(
        analysis: SnapshotAnalysis, options: ReportOptions, diagnostics: [Diagnostic] = []
    ) -> (builder: ReportBuilder, findings: [Finding]) {
        let (findings, prepared) = CoreSplit.both(
            { Findings.detect(analysis) },
            { () -> (RenderContext, Result<PageShell, any Error>) in
                let context = RenderContext(analysis: analysis, options: options, diagnostics: diagnostics)
                let shell = Result<PageShell, any Error> { try Self.shell(for: context) }
                return (context, shell)
            })
        return (ReportBuilder(context: prepared.0, findings: findings, preparedShell: prepared.1), findings)
    }

    init(context: RenderContext, findings: [Finding], preparedShell: Result<PageShell, any Error>? = nil) {
        self.context = context
        self.findings = findings
        self.preparedShell = preparedShell
    }

    /// The shell every page of `context`'s report is put in: its template, stylesheet and
    /// navigation (the dashboards' names).
    private static func shell(for context: RenderContext) throws -> PageShell {
        let dashboards = context.analysis.dashboards.map { (id: $0.id, title: $0.title) }
        return try PageShell(options: context.options, dashboards: dashboards, extraCSS: ChartStyle.css)
    }

    /// The text of `report.json`.
    public func reportJSON() -> String {
        JSONWriter.writeOnEveryCore(ReportJSON(context: context, findings: findings).value(), ending: "\n")
    }

    /// The text of `report.json` as consecutive parts (`JSONWriter.writePartsOnEveryCore`), as
    /// the report's folder holds it; a caller that also wants it elsewhere (`--json`) makes it
    /// once and hands it to `render`.
    public func reportJSONParts() -> [String] {
        JSONWriter.writePartsOnEveryCore(ReportJSON(context: context, findings: findings).value(), ending: "\n")
    }

    /// The files of the report, in a fixed order. `json`: `reportJSONParts()`, when the caller
    /// has made it already.
    public func render(json: [String]? = nil) throws -> [RenderedFile] {
        try files(json: json) { _, file in file }
    }

    /// Renders the report's files, handing each to `deliver` as soon as it is made, with its
    /// place in the fixed order — on the thread that made it, so several calls may run at once —
    /// and returns the files' paths in that order.
    ///
    /// Why: the caller can check and stage a page and drop its markup while the next pages are
    /// still being built, instead of holding every page at once beside the snapshot and its
    /// analysis (issue 7, peak memory). The bytes of each file are those `render()` returns.
    public func render(json: [String]? = nil, each deliver: (Int, RenderedFile) -> Void) throws -> [String] {
        try files(json: json) { index, file in
            deliver(index, file)
            return file.path
        }
    }

    /// `make(index, file)` for each file of the report, in the fixed order (concurrently: see
    /// `concurrently`).
    private func files<T>(json given: [String]?, _ make: (Int, RenderedFile) -> T) throws -> [T] {
        let shell = try preparedShell?.get() ?? Self.shell(for: context)
        let charts = ChartFactory()
        // Made before the pages, not beside them: made beside the traces page's data (its peak),
        // its value tree raised the render's peak on the simulated demo from the read's 98-99 MiB
        // to 102-104 MiB in 2 of 3 runs, for no time measurable at 500k spans (fifteenth pass).
        var json = given ?? reportJSONParts()
        // Only the traces page has a script (its filter and sorting); the other pages are static.
        // The filter language and the page code are two files, joined into one inline script.
        guard let filterLanguage = context.options.resource("static/filter-language.js"),
            let explorer = context.options.resource("static/trace-explorer.js")
        else {
            throw RenderError.missingResource("static/filter-language.js or static/trace-explorer.js")
        }
        let tracesScript = filterLanguage + explorer

        var pages: [(ref: PageRef, title: String, content: (Linker) -> Node)] = []
        pages.append((.index, "Overview", { IndexPage(context: context, findings: findings).content($0) }))
        for d in context.analysis.dashboards {
            pages.append((.dashboard(d.id), d.title, { DashboardPage(context: context, dashboard: d, charts: charts).content($0) }))
        }
        pages.append((.traces, "Traces", { TracesPage(context: context, charts: charts).content($0) }))
        pages.append((.compare, "Compare", { ComparePage(context: context).content($0) }))
        pages.append((.services, "Service map", { ServicesPage(context: context).content($0) }))
        pages.append((.logs, "Logs", { LogsPage(context: context).content($0) }))
        for t in context.waterfallTraces {
            let page = WaterfallPage(context: context, trace: t)
            pages.append((.trace(t.traceID), page.title(), { page.content($0) }))
        }

        switch context.options.layout {
        case .site:
            // `report.json` is handed over by the task after the traces page's, beside it, and let
            // go: it was handed over last, its text held through every page (35 MB with a span
            // name per request, beside the traces page's peak; issue 7).
            return Self.concurrently(pages.map(\.ref), withData: true) { k in
                if k == pages.count {
                    defer { json = [] }
                    return make(k, RenderedFile(path: "report.json", parts: json))
                }
                let p = pages[k]
                let linker = Linker(layout: .site, current: p.ref)
                // The freed pieces of a page are not handed back to the system after it (as they
                // were after each page but the traces and waterfall pages): the next pages on the
                // thread reuse them, where each trim made them fault in again (500k spans: minor
                // faults 38-41k -> 33-36k, system time 0.23-0.25 -> 0.17-0.19 s; next to the peer,
                // 10 pairs, peak 81.8 -> 83.4 MiB on the collector file and 90.3 -> 93.4 MiB with
                // 60 services, 0.42x and 0.44x the input; 2M spans the same, the demo 95.9 -> 97.4
                // MiB; issue 7).
                return make(
                    k,
                    RenderedFile(
                        path: p.ref.sitePath,
                        parts: shell.page(
                            title: p.title, linker: linker, content: p.content(linker),
                            script: p.ref == .traces ? tracesScript : nil)))
            }
        case .singleFile:
            let sections: [Node] = Self.concurrently(pages.map(\.ref)) { k in
                let p = pages[k]
                let linker = Linker(layout: .singleFile, current: p.ref)
                return .el("section", ["class": "page", "id": p.ref.sectionID, "aria-label": p.title], children: [p.content(linker)])
            }
            let data = Node.el("script", ["type": "application/json", "id": "report-json"], .trusted(json.joined()))
            let content = Node.fragment(sections + [data])
            // The single file holds the traces section too, so it carries that section's script.
            let html = shell.page(
                title: "Report", linker: Linker(layout: .singleFile, current: .index), content: content, script: tracesScript)
            return [make(0, RenderedFile(path: "report.html", parts: html))]
        }
    }

    /// `build(0) … build(count − 1)` for the pages `refs`, in page order, using every core;
    /// `withData`: one more, `build(count)` (the report's `report.json`), last in the result.
    ///
    /// Every page is a pure function of the analysis, so the bytes do not depend on which core
    /// built which page (DESIGN §7). The traces page is by far the largest (more than half the
    /// render phase at 500k spans), so it is taken first, free to split its own work over the
    /// cores, while the other pages are taken one at a time by whichever thread is free — the
    /// traces page's thread too once that page is done, so no page waits for one busy thread
    /// while the other core idles (it did: 0.14 s of the 500k render ran on one core). The data
    /// is taken next, beside the traces page.
    static func concurrently<T>(_ refs: [PageRef], withData: Bool = false, _ build: (Int) -> T) -> [T] {
        let order = taskOrder(refs, withData: withData)
        let made = CoreSplit.map(order.count) { build(order[$0]) }
        var position = [Int](repeating: 0, count: order.count)
        for (p, k) in order.enumerated() { position[k] = p }
        return position.map { made[$0] }
    }

    /// The order `concurrently` hands its tasks out in: the traces page, the data, the rest.
    static func taskOrder(_ refs: [PageRef], withData: Bool) -> [Int] {
        refs.indices.filter { refs[$0] == .traces } + (withData ? [refs.count] : []) + refs.indices.filter { refs[$0] != .traces }
    }
}
