import TelemetryAnalysis
import TelemetryModel

/// What every page builder reads: the analysis, the options, the input diagnostics, and the
/// decisions shared between pages (which traces have waterfall pages, service colours).
struct RenderContext {
    let analysis: SnapshotAnalysis
    let options: ReportOptions
    let diagnostics: [Diagnostic]
    /// Traces with a waterfall page: the slowest `waterfallCount`, then `extraTraces`, in that order.
    let waterfallTraces: [TraceSummary]
    let hasWaterfall: Set<TraceID>
    /// Service name → colour class `c0`…`c9`, by sorted service name.
    let serviceColour: [String: String]
    let varying: VaryingAttributes

    init(analysis: SnapshotAnalysis, options: ReportOptions, diagnostics: [Diagnostic]) {
        self.analysis = analysis
        self.options = options
        self.diagnostics = diagnostics
        var chosen = Array(analysis.slowest.prefix(options.waterfallCount))
        var seen = Set(chosen.map(\.traceID))
        if !options.extraTraces.isEmpty {
            let byID = Dictionary(analysis.traces.map { ($0.traceID, $0) }, uniquingKeysWith: { a, _ in a })
            for id in options.extraTraces where !seen.contains(id) {
                if let t = byID[id] {
                    chosen.append(t)
                    seen.insert(id)
                }
            }
        }
        waterfallTraces = chosen
        hasWaterfall = seen
        var colours: [String: String] = [:]
        for (i, s) in analysis.services.enumerated() { colours[s.name] = "c\(i % 10)" }
        serviceColour = colours
        varying = VaryingAttributes(analysis.snapshot, comparisons: analysis.allComparisons)
    }

    func colour(_ service: String) -> String { serviceColour[service] ?? "c9" }

    func service(_ span: Span) -> String { analysis.snapshot.serviceName(of: span) }
}
