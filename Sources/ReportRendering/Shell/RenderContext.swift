import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// What every page builder reads: the analysis, the options, the input diagnostics, and the
/// decisions shared between pages (which traces have waterfall pages, service colours).
struct RenderContext {
    let analysis: SnapshotAnalysis
    let options: ReportOptions
    let diagnostics: [Diagnostic]
    /// Traces with a waterfall page: the slowest `waterfallCount`, then the error traces and the
    /// slowest trace of each root operation (`extraWaterfalls`), then `extraTraces`, then the
    /// typical traces (`TraceBaselines`) those pages are diffed against, in that order.
    let waterfallTraces: [TraceSummary]
    let hasWaterfall: TraceIDSet
    /// Service name → colour class `c0`…`c9`, by sorted service name.
    let serviceColour: [String: String]
    let varying: VaryingAttributes
    /// The log records of each trace with a waterfall page, in time order (one pass over the logs).
    let logsByTrace: [TraceID: [Int]]
    /// Nearest-rank p50/p95/p99/max of every trace's duration (`report.json`'s
    /// `snapshot.traceLatencyMs` and the trace page's "all traces" row); nil without traces.
    let traceLatency: LatencySummary?
    /// Each resource's attribute table, written once for every span card that shows it.
    let resourceTables = ResourceTables()

    init(analysis: SnapshotAnalysis, options: ReportOptions, diagnostics: [Diagnostic]) {
        self.analysis = analysis
        self.options = options
        self.diagnostics = diagnostics
        // The usual attribute values read every operation's spans, the choice of waterfalls every
        // trace: side by side, since nothing of the render can start before both (500k spans:
        // each about 15 ms, which left a core idle at the start of the render).
        // The traces' latency too, here beside the findings rather than before the pages (a
        // selection over every trace's duration, which the render's start waited for).
        let (chosen, (varying, traceLatency)) = CoreSplit.both(
            { Self.waterfalls(analysis, options: options) },
            {
                (
                    VaryingAttributes(analysis.snapshot, comparisons: analysis.allComparisons, values: analysis.operationValues),
                    LatencySummary(durations: analysis.traces.map(\.durationNanos))
                )
            })
        waterfallTraces = chosen.traces
        hasWaterfall = TraceIDSet(chosen.ids)
        self.varying = varying
        self.traceLatency = traceLatency
        var colours: [String: String] = [:]
        for (i, s) in analysis.services.enumerated() { colours[s.name] = "c\(i % 10)" }
        serviceColour = colours
        var byTrace: [TraceID: [Int]] = [:]
        let logs = analysis.snapshot.logs
        for i in logs.indices where logs.hasTraceContext(at: i) && chosen.ids.contains(logs.traceIDs[i]) {
            byTrace[logs.traceIDs[i], default: []].append(i)
        }
        logsByTrace = byTrace
    }

    /// The traces with a waterfall page, in order (see `waterfallTraces`), and their ids.
    static func waterfalls(_ analysis: SnapshotAnalysis, options: ReportOptions) -> (traces: [TraceSummary], ids: Set<TraceID>) {
        var chosen = Array(analysis.slowest.prefix(options.waterfallCount))
        var seen = Set(chosen.map(\.traceID))
        // Every trace a reader is sent to must open: traces with an error span (slowest first,
        // at most `errorWaterfallLimit`), then the slowest trace of each root operation (the
        // slowest `operationWaterfallLimit` operations), so pages stay bounded however many
        // traces there are.
        for t in Self.extraWaterfalls(analysis.traces, baselines: analysis.baselines) where seen.insert(t.traceID).inserted {
            chosen.append(t)
        }
        if !options.extraTraces.isEmpty {
            let byID = Dictionary(analysis.traces.map { ($0.traceID, $0) }, uniquingKeysWith: { a, _ in a })
            for id in options.extraTraces where !seen.contains(id) {
                if let t = byID[id] {
                    chosen.append(t)
                    seen.insert(id)
                }
            }
        }
        // Each page diffs its trace against the typical trace of its root operation, whose own
        // page the diff links to: at most one more page per root operation.
        for t in chosen {
            if let b = analysis.baselines.baseline(of: t, in: analysis.traces), seen.insert(b.traceID).inserted { chosen.append(b) }
        }
        return (chosen, seen)
    }

    /// Traces with an error span beyond the `--top` slowest get a waterfall, up to this many.
    static let errorWaterfallLimit = 200
    /// Root operations whose slowest trace gets a waterfall, up to this many (the slowest first).
    static let operationWaterfallLimit = 200

    /// The error traces (slowest first, at most `errorWaterfallLimit`), then the slowest trace of
    /// each root operation (service and name; ties to the smaller trace id), slowest first, at
    /// most `operationWaterfallLimit`. May repeat traces; the caller skips those already chosen.
    /// `baselines`: those of `traces`, which know each root operation's slowest trace (keyed as
    /// its breakdown and baseline are, `RootOperationGroups`).
    static func extraWaterfalls(_ traces: [TraceSummary], baselines: TraceBaselines) -> [TraceSummary] {
        let errors = TraceAssembler.slowest(traces, among: traces.indices.filter { traces[$0].errorCount > 0 }, limit: errorWaterfallLimit)
        let best = TraceAssembler.slowest(traces, among: baselines.slowestOfEachOperation, limit: operationWaterfallLimit)
        return (errors + best).map { traces[$0] }
    }

    func colour(_ service: String) -> String { serviceColour[service] ?? "c9" }

    func service(_ span: Span) -> String { analysis.snapshot.serviceName(of: span) }
}
