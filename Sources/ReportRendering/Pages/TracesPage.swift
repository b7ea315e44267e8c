import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `traces.html` (DESIGN §5): what Jaeger's search page and OpenSearch's trace analytics show,
/// from a static file. A scatter plot of trace duration over time; the trace table, slowest
/// first, bounded to `traceTableLimit` rows (the count left out is stated); and, because a cut
/// table can hide a quiet service's slow traces, the slowest `perServiceLimit` traces of each
/// root service. Everything works without JavaScript; the inline script (`static/filter-language.js` and `static/trace-explorer.js`)
/// adds the filter box, quick filters and sorting (see `TraceExplorer`).
///
/// The page stays bounded however large the snapshot: the scatter draws at most 2,000 points,
/// the table lists at most `traceTableLimit` traces, the embedded data holds a columnar record of
/// every trace up to `TraceTableData.traceRecordLimit` (so filters search every trace) and spans
/// while it stays within `TraceTableData.byteBudget`, and the per-service lists at most `perServiceLimit`
/// traces for each of at most `serviceListLimit` services.
struct TracesPage {
    let context: RenderContext
    let charts: ChartFactory

    /// Traces listed per root service.
    static let perServiceLimit = 20
    /// Root services given a list (by name); the rest are named as left out.
    static let serviceListLimit = 100

    func content(_ linker: Linker) -> Node {
        let a = context.analysis
        // Every trace slowest first, by position: no summary is copied.
        let all = SlowestTraces(a.traces)
        let shown = Array(all.prefix(context.options.traceTableLimit))
        let ranks = RootOperationPercentiles(a.traces)
        // The root services are listed while the explorer builds its data (`TraceExplorer.view`
        // runs this beside it); `view` returns after it ran.
        var rootServices: [(name: String, traces: [TraceSummary], count: Int)] = []
        let explorer = TraceExplorer(context: context, linker: linker, ranks: ranks).view(
            all: all, shown: shown,
            scatter: { charts.traceScatter(all, indexedBelow: TraceTableData.traceRecordLimit, context: context, linker: linker) },
            rootServices: {
                rootServices = Self.rootServices(all)
                return rootServices.map(\.name)
            }, serviceListID: { i in linker.id("service-\(i)") })
        return .fragment([
            .el("h1", .text("Traces")),
            .el(
                "p", ["class": "lede"],
                .text(
                    "\(NumberFormat.count(a.traces.count)) traces. Duration is the time from the earliest span start to the latest span end; errors are spans with status ERROR."
                )),
            explorer,
            perServiceSection(rootServices, linker: linker, ranks: ranks),
        ])
    }

    /// Root services by name, each with its slowest `perServiceLimit` traces (slowest first, as
    /// `all` is ordered) and how many it has: only those are listed, so only those are copied
    /// (at millions of traces, copying every summary into per-service arrays was ~1% of a render).
    static func rootServices(_ all: SlowestTraces) -> [(name: String, traces: [TraceSummary], count: Int)] {
        // Counts in the stored order (they do not depend on it), then the slowest of each service
        // in the slowest order, stopping once every service has its list.
        var services = FirstSeenKeys<String>()
        var counts: [Int] = []
        for t in all.traces {
            let (k, isNew) = services.slot(of: t.rootService)
            if isNew { counts.append(1) } else { counts[k] += 1 }
        }
        let names = services.keys
        var slowest = [[TraceSummary]](repeating: [], count: names.count)
        var open = names.count
        for i in all.order where open > 0 {
            let k = services.existingSlot(of: all.traces[i].rootService)!
            guard slowest[k].count < min(perServiceLimit, counts[k]) else { continue }
            slowest[k].append(all.traces[i])
            if slowest[k].count == min(perServiceLimit, counts[k]) { open -= 1 }
        }
        return names.indices.sorted { names[$0] < names[$1] }.map { (names[$0], slowest[$0], counts[$0]) }
    }

    /// A list per root service of its slowest traces, reachable without JavaScript.
    func perServiceSection(
        _ services: [(name: String, traces: [TraceSummary], count: Int)], linker: Linker,
        ranks: RootOperationPercentiles
    ) -> Node {
        let listed = services.prefix(Self.serviceListLimit)
        var children: [Node] = [
            Components.methodNote(
                "The slowest \(Self.perServiceLimit) traces whose root span belongs to each service, so a service's slow traces are here even when the table above is cut. \"In operation\" is the trace's percentile rank among traces with the same root service and operation."
            )
        ]
        if services.count > listed.count {
            children.append(
                Components.mutedNote(
                    "\(NumberFormat.count(services.count - listed.count)) more root services (after \(listed.last?.name ?? "") by name) are left out."
                ))
        }
        for (i, service) in listed.enumerated() {
            let slowest = service.traces.prefix(Self.perServiceLimit)
            let rows: [[Node]] = slowest.map { t in
                Self.traceIDCell(t, context: context, linker: linker) + [
                    .text(t.rootName),
                    .el("span", ["class": "mono"], .text(UTCTime.timeOfDay(nanos: t.startTimeUnixNano))),
                    .text(NumberFormat.duration(nanos: t.durationNanos, .table)), .text(RootOperationPercentiles.label(ranks.rank(of: t))),
                    .text(NumberFormat.count(t.spanCount)), Self.errorCell(t.errorCount),
                ]
            }
            let count = service.count
            let caption =
                count > slowest.count
                ? "The \(slowest.count) slowest of \(NumberFormat.count(count)) traces rooted in \(service.name)."
                : "All \(NumberFormat.count(count)) traces rooted in \(service.name), slowest first."
            children.append(
                .el(
                    "section", attrs: [("id", linker.id("service-\(i)")), ("aria-label", service.name), ("class", "svc-list")],
                    children: [
                        .el(
                            "h3",
                            children: [
                                .el("span", ["class": "svc " + context.colour(service.name), "aria-hidden": "true"]), .text(service.name),
                            ]),
                        Components.table(
                            headers: ["Trace", "Root operation", "Start", "Duration", "In operation", "Spans", "Errors"],
                            numeric: [3, 4, 5, 6], rows: rows, caption: caption),
                    ]))
        }
        return Components.section("Slowest traces by root service", id: linker.id("by-service"), children)
    }

    /// The error count, red when there are any.
    static func errorCell(_ count: Int) -> Node {
        count > 0 ? .el("span", ["class": "err"], .text(NumberFormat.count(count))) : .text("0")
    }

    /// The trace id, linked to its waterfall when it has one.
    static func traceIDCell(_ t: TraceSummary, context: RenderContext, linker: Linker) -> [Node] {
        // The whole id is the text (so selecting or copying the cell gives all 32 digits, which
        // `trace=` takes, as it takes any prefix of 8 or more); CSS shows its first 12 and "…".
        let id = t.traceID.hex
        if context.hasWaterfall.contains(t.traceID) {
            return [
                .el("a", attrs: [("href", linker.href(.trace(t.traceID))), ("class", "mono tid"), ("title", id)], children: [.text(id)])
            ]
        }
        return [.el("span", attrs: [("class", "mono tid"), ("title", id)], children: [.text(id)])]
    }
}
