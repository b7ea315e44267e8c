import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `logs.html` (issue 14): records over time by severity per service (stacked bars), the most
/// frequent message patterns, and the WARN-and-above records linked to their traces. Bounded
/// like the trace page: `chartLimit` services drawn (most records first), `patternLimit`
/// patterns, `recordLimit` records in the table (FATAL, then ERROR, then WARN, earliest first
/// within each, shown in time order); every count is of all records.
struct LogsPage {
    let context: RenderContext
    static let chartLimit = 12
    static let patternLimit = 50
    static let recordLimit = 1000
    static let messageLimit = 300

    /// Severity buckets from the baseline up, with their CSS classes.
    static let stackOrder: [LogSeverity] = [.fatal, .error, .warn, .info, .debug, .trace, .unspecified]

    static func cssClass(_ s: LogSeverity) -> String { "sev-" + s.name.lowercased() }

    func content(_ linker: Linker) -> Node {
        let a = context.analysis
        let stats = a.logStatistics
        var body: [Node] = [.el("h1", .text("Logs"))]
        guard stats.recordCount > 0 else {
            body.append(
                .el(
                    "p", ["class": "lede"],
                    .text(
                        "The snapshot has no log records (OTLP logs, Data Prepper log documents). Span events, including exceptions, are on each trace's waterfall."
                    )))
            body.append(
                Components.section(
                    "Exceptions", id: linker.id("exceptions"),
                    [ExceptionsSection(context: context).table(linker, idPrefix: "logs-exception-")]))
            return .fragment(body)
        }
        body.append(
            .el(
                "p", ["class": "lede"],
                .text(
                    "\(NumberFormat.count(stats.recordCount)) log records, \(NumberFormat.count(stats.withTraceContext)) of them (\(NumberFormat.percent(stats.withTraceContext, of: stats.recordCount, .tenths))) with trace context. Severity by number (1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL), else by a recognised severity text, else UNSPECIFIED."
                )))
        body.append(
            .el(
                "div", ["class": "cards"],
                children: LogSeverity.reportOrder.map { s in
                    Components.card(
                        s.name, NumberFormat.count(stats.bySeverity[s] ?? 0),
                        NumberFormat.percent(stats.bySeverity[s] ?? 0, of: stats.recordCount, .tenths))
                }))
        body.append(Components.section("Records over time", id: linker.id("timeline"), timeline(linker)))
        body.append(Components.section("Most frequent messages", id: linker.id("patterns"), [patterns(linker)]))
        body.append(Components.section("Warnings and errors", id: linker.id("records"), [warnings(linker)]))
        return .fragment(body)
    }

    func timeline(_ linker: Linker) -> [Node] {
        let t = LogTimeline(context.analysis.snapshot)
        guard !t.services.isEmpty else { return [Components.mutedNote("No record has a timestamp.")] }
        let unit = t.stepSeconds < 3600 ? "\(t.stepSeconds / 60) min" : "\(t.stepSeconds / 3600) h"
        var nodes: [Node] = [
            Components.methodNote(
                "Records per \(unit) by severity (bucket [start, start + \(unit)) in UTC, by the record's time, else its observed time), one chart per service, the most records first."
            )
        ]
        for (k, s) in t.services.prefix(Self.chartLimit).enumerated() {
            let chart = StackedBarChart(
                title: "\(s.name): records per \(unit)", bucketStarts: t.bucketStarts.map(Double.init), stepSeconds: Double(t.stepSeconds),
                series: Self.stackOrder.map {
                    StackedBarChart.Series(name: $0.name, cssClass: Self.cssClass($0), counts: s.counts[$0.rawValue])
                },
                valueTitle: "records", height: 180)
            nodes.append(
                .el(
                    "section", ["class": "panel", "id": linker.id("log-service-\(k)"), "aria-label": s.name],
                    children: [
                        .el("h3", .text("\(s.name) — \(NumberFormat.count(s.recordCount)) records")), chart.render(),
                    ]))
        }
        if t.services.count > Self.chartLimit {
            nodes.append(
                Components.mutedNote(
                    "\(t.services.count - Self.chartLimit) more services have log records; report.json counts them (logs.services).")
            )
        }
        return nodes
    }

    func patterns(_ linker: Linker) -> Node {
        let snap = context.analysis.snapshot
        let top = LogPatterns.top(snap, limit: Self.patternLimit)
        let rows: [[Node]] = top.map { p in
            let (example, _) = Display.truncated(snap.logs.message(at: p.example), limit: Self.messageLimit)
            return [
                .el("code", ["class": "pattern"], .text(p.pattern)), .text(NumberFormat.count(p.count)),
                .text(UTCTime.display(nanos: p.firstSeen)), .text(UTCTime.display(nanos: p.lastSeen)),
                .text(p.services.prefix(5).joined(separator: ", ") + (p.services.count > 5 ? " and \(p.services.count - 5) more" : "")),
                .fragment([.el("span", ["class": "exc-msg"], .text(example)), traceLink(p.example, linker)]),
            ]
        }
        return .fragment([
            Components.methodNote(
                "Each message's first line with numbers, ids, hex and quoted values masked (<num>, <id>, <hex>, <uuid>, \"<*>\"); the \(Self.patternLimit) most frequent, with one example each."
            ),
            Components.table(headers: ["Pattern", "Records", "First seen", "Last seen", "Services", "Example"], numeric: [1], rows: rows),
        ])
    }

    func warnings(_ linker: Linker) -> Node {
        let logs = context.analysis.snapshot.logs
        let names = context.analysis.snapshot.serviceNamesByResource
        let all = logs.indices.filter { logs.severities[$0] >= .warn }
        guard !all.isEmpty else { return Components.mutedNote("No record at WARN or above.") }
        let kept =
            all.count <= Self.recordLimit
            ? all
            : all.sorted { logs.severities[$0] != logs.severities[$1] ? logs.severities[$0] > logs.severities[$1] : $0 < $1 }.prefix(
                Self.recordLimit
            ).sorted()
        let rows: [[Node]] = kept.map { i in
            let s = logs.severities[i]
            let (text, cut) = Display.truncated(logs.message(at: i), limit: Self.messageLimit)
            var message: [Node] = [.el("span", ["class": "exc-msg"], .text(text))]
            if cut {
                message.append(
                    .el("details", ["class": "stack"], .el("summary", .text("Full message")), .el("pre", .text(logs.message(at: i)))))
            }
            return [
                .text(UTCTime.display(nanos: logs.timestamp(at: i))), .text(names[logs.resourceIndexes[i]]),
                .el("span", ["class": "tag " + Self.cssClass(s)], .text(s.name)),
                .fragment(message), traceLink(i, linker),
            ]
        }
        var nodes: [Node] = [Components.table(headers: ["Time (UTC)", "Service", "Severity", "Message", "Trace"], rows: rows)]
        if all.count > kept.count {
            nodes.append(
                Components.mutedNote(
                    "\(NumberFormat.count(all.count - kept.count)) more WARN records are left out (the \(NumberFormat.count(Self.recordLimit)) shown: FATAL and ERROR first, then the earliest WARN)."
                ))
        }
        return .fragment(nodes)
    }

    /// A record's trace: its waterfall (at the span when the page has it) or the filtered table.
    func traceLink(_ i: Int, _ linker: Linker) -> Node {
        let logs = context.analysis.snapshot.logs
        guard logs.hasTraceContext(at: i) else { return .empty }
        let id = logs.traceIDs[i]
        return .fragment([
            .text(" "),
            .el(
                "a", ["href": ExceptionsSection.traceHref(id, context: context, linker: linker), "class": "mono"],
                .text("trace " + String(id.hex.prefix(8)) + "…")),
        ])
    }
}
