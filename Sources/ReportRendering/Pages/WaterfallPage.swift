import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `traces/<id>.html`: one trace as a waterfall — a row per span in tree order with its bar on
/// the trace's time axis, collapsible subtrees (`<details>`, so it works without JavaScript),
/// the critical path marked, attributes that vary between spans of the same operation shown
/// inline (values unlike the operation's usual one highlighted), then every span's attributes,
/// resource, events and links.
struct WaterfallPage {
    let context: RenderContext
    let trace: TraceSummary

    var spans: SpanTable { context.analysis.snapshot.spans }

    func title() -> String { "\(trace.rootService): \(trace.rootName)" }

    func content(_ linker: Linker) -> Node {
        let fullTree = TraceTree(snapshot: context.analysis.snapshot, trace: trace, known: context.analysis.spanParents)
        let critical = Set(fullTree.criticalPath(spans: spans))
        // A page for a trace of tens of thousands of spans must still open: the first
        // `rowLimit` rows in tree order are drawn, and detail cards go to at most `cardLimit`
        // spans — the critical path, errors, then the longest.
        var tree = fullTree
        if tree.rows.count > Self.rowLimit {
            tree.rows = Array(tree.rows.prefix(Self.rowLimit))
            for r in tree.rows.indices { tree.rows[r].descendantCount = min(tree.rows[r].descendantCount, Self.rowLimit - 1 - r) }
        }
        let cards = Self.cardRows(tree, critical: critical, spans: spans)
        let maxDepth = tree.rows.map(\.depth).max() ?? 0
        var body: [Node] = [
            .el("p", ["class": "muted"], children: [Components.link(linker.href(.traces), "← Traces")]),
            .el("h1", .text(title())),
            .el(
                "p", ["class": "lede"],
                children: [
                    .text("Trace "), .el("code", .text(trace.traceID.hex)),
                    .text(" · started " + UTCTime.display(nanos: trace.startTimeUnixNano) + " UTC"),
                ]),
            .el(
                "div", ["class": "cards"],
                children: [
                    trace.durationNanos >= 60_000_000_000
                        ? Components.card(
                            "Duration", NumberFormat.duration(nanos: trace.durationNanos, .heading),
                            NumberFormat.duration(nanos: trace.durationNanos, .table))
                        : Components.card("Duration", NumberFormat.duration(nanos: trace.durationNanos, .table)),
                    Components.card("Spans", NumberFormat.count(trace.spanCount)),
                    Components.card("Services", NumberFormat.count(trace.services.count)),
                    Components.card("Errors", NumberFormat.count(trace.errorCount)),
                    Components.card("Depth", NumberFormat.count(maxDepth + 1)),
                ]),
        ]
        if !trace.orphanIndexes.isEmpty {
            body.append(
                .el(
                    "p", ["class": "wf-flag"],
                    .text("\(trace.orphanIndexes.count) span(s) name a parent that is not in the snapshot; they are shown under the root."))
            )
        }
        body.append(Components.section("Time per service", id: linker.id("service-time"), [serviceTime(tree)]))
        body.append(
            Components.section(
                "Waterfall", id: linker.id("waterfall"),
                [
                    Components.methodNote(
                        "Bars on the trace's time axis; bold rows are the critical path, as Jaeger UI defines it (from the end of each span walking back: the child that finished last, then the child that finished last before that one started, and so on, recursively into each). Click a span name or bar for its details; the arrows fold subtrees."
                    ),
                    axis(),
                    .el("div", ["class": "wf"], rows(tree, critical: critical, cards: cards, linker: linker)),
                ]))
        let traceLogs = TraceLogs(context: context, trace: trace)
        if !traceLogs.all.isEmpty {
            body.append(Components.section("Logs", id: linker.id("trace-logs"), traceLogs.traceLevel(linker)))
        }
        body.append(TraceDiffSection(context: context, trace: trace).content(linker))
        if fullTree.rows.count > tree.rows.count {
            body.append(
                .el(
                    "p", ["class": "wf-flag"],
                    .text(
                        "The first \(NumberFormat.count(tree.rows.count)) of \(NumberFormat.count(fullTree.rows.count)) spans (in tree order) are drawn, to keep this page quick to open."
                    )))
        }
        var details: [Node] = []
        if cards.count < tree.rows.count {
            details.append(
                Components.methodNote(
                    "Details of \(NumberFormat.count(cards.count)) of \(NumberFormat.count(tree.rows.count)) spans: the critical path, errors, then the longest."
                ))
        }
        var written = MarkupBuffer(capacity: 2048 * cards.count + 256)
        for i in cards.sorted() { card(tree.rows[i], index: i, linker: linker, logs: traceLogs, into: &written) }
        details.append(written.finish())
        body.append(Components.section("Span details", id: linker.id("spans"), details))
        return .fragment(body)
    }

    static let rowLimit = 5000
    static let cardLimit = 1000

    /// The rows that get a detail card: all of them for ordinary traces; for huge ones the
    /// critical path, error spans, then the longest spans, up to `cardLimit`.
    static func cardRows(_ tree: TraceTree, critical: Set<Int>, spans: SpanTable) -> Set<Int> {
        guard tree.rows.count > cardLimit else { return Set(tree.rows.indices) }
        var chosen = Set(critical.filter { $0 < tree.rows.count }.sorted().prefix(cardLimit))
        let errors = tree.rows.indices.filter { spans.statuses[tree.rows[$0].spanIndex] == .error }
        let longest = tree.rows.indices.sorted { a, b in
            let (da, db) = (spans.durationNanos(at: tree.rows[a].spanIndex), spans.durationNanos(at: tree.rows[b].spanIndex))
            return da != db ? da > db : a < b
        }
        for i in errors + longest where chosen.count < cardLimit { chosen.insert(i) }
        return chosen
    }

    func percent(_ nanos: Int64) -> String {
        let d = max(trace.durationNanos, 1)
        return NumberFormat.fixed(Double(nanos - trace.startTimeUnixNano) / Double(d) * 100, decimals: 3) + "%"
    }

    /// Tick labels for the trace's time axis: nice milliseconds for short traces (about four); for traces of
    /// two minutes or more, whole-second steps from a clock table labelled `m:ss`.
    static func axisTicks(durationMs ms: Double) -> [(ms: Double, label: String)] {
        guard ms >= 120_000 else {
            // About four ticks (never more than six): labels such as "1,200 ms" stay apart on
            // the track of a printed A4 page (about 400 px).
            return Ticks.ticks(0, ms, count: 4).map { ($0, ValueUnit.milliseconds.format($0)) }
        }
        let steps: [Int64] = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let seconds = ms / 1000
        guard let step = steps.first(where: { seconds / Double($0) <= 6 }) else {
            // Past six days: whole days in steps of 1, 2 or 5 × 10^k, labelled `20 d`, so that
            // a trace whose clocks put it across years still gets a handful of ticks.
            let days = seconds / 86400
            var stepDays: Int64 = 1, k = 0
            while days / Double(stepDays) > 6 {
                k += 1
                stepDays = [1, 2, 5][k % 3] * Int64(Math.pow10(k / 3))
            }
            return stride(from: Int64(0), through: Int64(days), by: Int(stepDays)).map { d in
                (Double(d) * 86_400_000, NumberFormat.grouped(String(d)) + " d")
            }
        }
        return stride(from: Int64(0), through: Int64(seconds), by: Int(step)).map { t in
            let label =
                t >= 3600
                ? "\(t / 3600):" + UTCTime.twoDigits(t % 3600 / 60) + ":" + UTCTime.twoDigits(t % 60)
                : "\(t / 60):" + UTCTime.twoDigits(t % 60)
            return (Double(t) * 1000, label)
        }
    }

    func axis() -> Node {
        let ms = Double(trace.durationNanos) / 1e6
        return .el(
            "div", ["class": "wf-axis", "aria-hidden": "true"],
            children: [
                .el("div", .text("Service: operation")),
                .el(
                    "div", ["class": "ticks"],
                    children: Self.axisTicks(durationMs: ms).map { t in
                        .el(
                            "span", ["style": "left:" + NumberFormat.fixed(ms > 0 ? t.ms / ms * 100 : 0, decimals: 3) + "%"], .text(t.label)
                        )
                    }),
            ])
    }

    func serviceTime(_ tree: TraceTree) -> Node {
        var perService: [String: Int64] = [:]
        for row in tree.rows {
            let service = context.service(spans[row.spanIndex])
            perService[service] = Math.saturatingAdd(perService[service, default: 0], row.selfTimeNanos)
        }
        // In Double: the services' sums of a trace spanning centuries pass Int64 together (each
        // one is held at its maximum); below 2^53 ns (104 days) the sum is exact either way.
        let total = max(1, perService.values.reduce(0.0) { $0 + Double($1) })
        let ordered = perService.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return .fragment([
            Components.methodNote("Self time (span duration not covered by its children) summed per service."),
            .el(
                "div", ["class": "service-time", "role": "img", "aria-label": "self time per service"],
                children: ordered.map { name, ns in
                    .el(
                        "span",
                        [
                            "class": context.colour(name),
                            "style": "width:" + NumberFormat.fixed(Double(ns) / total * 100, decimals: 3) + "%",
                            "title": "\(name): \(NumberFormat.duration(nanos: ns, .table))",
                        ])
                }),
            .el(
                "ul", ["class": "legend-inline"],
                children: ordered.map { name, ns in
                    .el(
                        "li",
                        children: [
                            .el("span", ["class": "svc \(context.colour(name))"]),
                            .text(
                                "\(name) \(NumberFormat.duration(nanos: ns, .table)) (\(NumberFormat.percent(Double(ns) / total, .tenths)))"
                            ),
                        ])
                }),
        ])
    }
}
