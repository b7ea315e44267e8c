import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The exceptions table of the overview and the errors dashboard (issue 14): one row per
/// (service, `exception.type`), most frequent first, with occurrences by source, distinct traces,
/// first and last seen, the first message, the stack trace folded in `<details>`, and links to
/// up to three traces holding it (their waterfall page when the report has one, else the trace
/// table filtered to the trace).
struct ExceptionsSection {
    let context: RenderContext
    /// Rows shown; `report.json` lists every group.
    static let rowLimit = 50
    static let messageLimit = 240
    static let stackLimit = 20_000

    /// The table, with row ids `<idPrefix><index>` (the overview's are the targets of findings).
    func table(_ linker: Linker, idPrefix: String) -> Node {
        let groups = context.analysis.exceptions
        guard !groups.isEmpty else {
            return Components.mutedNote("No exceptions: no span event named \"exception\" and no log record with exception.type.")
        }
        let headers = ["Service", "Type", "Count", "Traces", "Seen (UTC)", "First message", "Examples"]
        let numeric: Set<Int> = [2, 3]
        let head = Components.tableHead(headers, numeric: numeric)
        let rows: [Node] = groups.prefix(Self.rowLimit).enumerated().map { i, g in
            let cells: [Node] = [
                .text(g.service),
                .el("code", .text(g.type)),
                .fragment([
                    .text(NumberFormat.count(g.count)),
                    .el(
                        "span", ["class": "sub"],
                        .text(
                            "\(NumberFormat.count(g.spanEvents)) span event\(g.spanEvents == 1 ? "" : "s"), \(NumberFormat.count(g.logRecords)) log record\(g.logRecords == 1 ? "" : "s")"
                        )),
                ]),
                .text(NumberFormat.count(g.traceCount)),
                Self.seen(g),
                message(g), examples(g, linker),
            ]
            return .el(
                "tr", attrs: [("id", linker.id(idPrefix + String(i)))], children: Components.tableCells(cells, numeric: numeric))
        }
        var nodes: [Node] = [
            .el("div", ["class": "table-wrap"], .el("table", ["class": "exceptions"], children: [head, .el("tbody", children: rows)]))
        ]
        if groups.count > Self.rowLimit {
            nodes.append(
                Components.mutedNote("\(NumberFormat.count(groups.count - Self.rowLimit)) more exception groups are listed in report.json.")
            )
        }
        return .fragment(nodes)
    }

    /// "2026-01-15 10:08:36" over "→ 10:20:32" (the date once when both are on the same day).
    static func seen(_ g: ExceptionGroup) -> Node {
        let first = UTCTime.display(nanos: g.firstSeen), last = UTCTime.display(nanos: g.lastSeen)
        if first == last { return .el("span", ["class": "line"], .text(first)) }
        let to = first.prefix(10) == last.prefix(10) ? String(last.dropFirst(11)) : last
        return .fragment([.el("span", ["class": "line"], .text(first)), .el("span", ["class": "line"], .text("→ " + to))])
    }

    func message(_ g: ExceptionGroup) -> Node {
        let (text, _) = Display.truncated(g.message.isEmpty ? "(no message)" : g.message, limit: Self.messageLimit)
        var children: [Node] = [.el("span", ["class": "exc-msg"], .text(text))]
        if !g.stackTrace.isEmpty || g.message.count > Self.messageLimit {
            var full = g.message.count > Self.messageLimit ? g.message + "\n\n" : ""
            full += Display.truncated(g.stackTrace, limit: Self.stackLimit).text
            children.append(
                .el(
                    "details", ["class": "stack"],
                    children: [
                        .el("summary", .text(g.stackTrace.isEmpty ? "Full message" : "Stack trace")),
                        .el("pre", .text(full)),
                    ]))
        }
        return .fragment(children)
    }

    func examples(_ g: ExceptionGroup, _ linker: Linker) -> Node {
        var seen = Set<TraceID>()
        let traces = g.examples.filter { !$0.traceID.isZero && seen.insert($0.traceID).inserted }.prefix(3)
        guard !traces.isEmpty else { return .text("—") }
        var parts: [Node] = []
        for (i, o) in traces.enumerated() {
            if i > 0 { parts.append(.text(" ")) }
            parts.append(
                .el(
                    "a", ["href": Self.traceHref(o.traceID, context: context, linker: linker), "class": "mono"],
                    .text(String(o.traceID.hex.prefix(8)) + "…")))
        }
        return .fragment(parts)
    }

    /// A trace's waterfall page when the report has one, else the trace table filtered to it.
    static func traceHref(_ id: TraceID, context: RenderContext, linker: Linker) -> String {
        if context.hasWaterfall.contains(id) { return linker.href(.trace(id)) }
        return linker.href(.traces, query: "where=" + PercentEncoding.encode("trace=" + id.hex))
    }
}
