import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The log records of one trace on its waterfall page (issue 14): each span's records under its
/// row in time order, coloured by severity, with a count badge on the row; records whose span
/// is not in the trace (or that name no span) listed at the trace level; each span's detail card
/// lists its records with their attributes (stack traces there, not in the waterfall's rows). At most
/// `perSpanLimit` lines under a span and `traceLevelLimit` at the trace level, the rest counted.
struct TraceLogs {
    let context: RenderContext
    let trace: TraceSummary
    /// Every record of the trace, in time order.
    let all: [Int]
    let bySpan: [SpanID: [Int]]
    /// Records naming no span of the trace.
    let unplaced: [Int]

    static let perSpanLimit = 50
    static let traceLevelLimit = 500
    static let messageLimit = 300

    init(context: RenderContext, trace: TraceSummary) {
        self.context = context
        self.trace = trace
        all = context.logsByTrace[trace.traceID] ?? []
        let spans = context.analysis.snapshot.spans
        let ids = Set(trace.spanRange.map { spans.spanIDs[$0] })
        let logs = context.analysis.snapshot.logs
        var bySpan: [SpanID: [Int]] = [:]
        var unplaced: [Int] = []
        for i in all {
            let s = logs.spanIDs[i]
            if !s.isNone && ids.contains(s) { bySpan[s, default: []].append(i) } else { unplaced.append(i) }
        }
        self.bySpan = bySpan
        self.unplaced = unplaced
    }

    var logs: LogTable { context.analysis.snapshot.logs }

    /// "3 logs" on a span's row, in the colour of its most severe record.
    func badge(_ records: [Int]) -> Node {
        guard let worst = records.map({ logs.severities[$0] }).max() else { return .empty }
        return .el(
            "span",
            [
                "class": "wf-logcount " + LogsPage.cssClass(worst),
                "title": "\(records.count) log record\(records.count == 1 ? "" : "s"), the most severe \(worst.name)",
            ],
            .text("\(records.count) log\(records.count == 1 ? "" : "s")"))
    }

    /// The records as a list, each with its offset into the trace, severity and message.
    func list(_ records: [Int], linker: Linker, limit: Int = perSpanLimit, depth: Int = 0) -> Node {
        guard !records.isEmpty else { return .empty }
        var items: [Node] = records.prefix(limit).map { i in
            let s = logs.severities[i]
            let (text, _) = Display.truncated(logs.message(at: i), limit: Self.messageLimit)
            let offset = logs.timestamp(at: i) - trace.startTimeUnixNano
            var parts: [Node] = [
                .el("span", ["class": "t"], .text((offset >= 0 ? "+" : "−") + NumberFormat.duration(nanos: abs(offset), .table))),
                .el("strong", .text(s.name + " ")),
                .text(text),
            ]
            if let type = logs.attribute("exception.type", at: i)?.displayText {
                let message = logs.attribute("exception.message", at: i)?.displayText ?? ""
                parts.append(.text(" — "))
                parts.append(.el("code", .text(type)))
                if !message.isEmpty { parts.append(.text(": " + Display.truncated(message, limit: Self.messageLimit).text)) }
            }
            // The stack trace is in the span's detail card (the waterfall keeps one tab stop per row).
            return .el("li", ["class": LogsPage.cssClass(s)], children: parts)
        }
        if records.count > limit {
            items.append(
                .el(
                    "li", ["class": "sev-unspecified"],
                    .text("\(records.count - limit) more records of this span are left out; logs.html and report.json count them.")))
        }
        // Indented as the span's name is (the waterfall's 1.1em per level, at most 40 levels).
        let indent = "margin-left:" + NumberFormat.fixed(Double(min(depth, 40)) * 1.1 + 1.6, decimals: 1) + "em"
        return .el("ul", ["class": "wf-logs", "aria-label": "log records", "style": indent], children: items)
    }

    /// A span's records for its detail card: time, severity, message, attributes (the stack trace
    /// among them, folded as long values are).
    func cardTable(_ records: [Int]) -> Node {
        guard !records.isEmpty else { return .empty }
        return .fragment([
            .el("h4", .text("Log records")),
            .el(
                "table", ["class": "kv"],
                .el(
                    "tbody",
                    children: records.prefix(Self.perSpanLimit).map { i in
                        let s = logs.severities[i]
                        return .el(
                            "tr",
                            children: [
                                .el(
                                    "th", ["scope": "row"],
                                    children: [
                                        .text(
                                            "+" + NumberFormat.duration(nanos: logs.timestamp(at: i) - trace.startTimeUnixNano, .table)
                                                + " "),
                                        .el("span", ["class": "tag " + LogsPage.cssClass(s)], .text(s.name)),
                                    ]),
                                .el(
                                    "td",
                                    children: [
                                        .el("span", ["class": "exc-msg"], .text(Display.truncated(logs.message(at: i), limit: 2000).text)),
                                        AttributeTable.table(logs.attributes(at: i)),
                                    ]),
                            ])
                    })),
        ])
    }

    /// The trace-level section: counts, and the records whose span is missing.
    func traceLevel(_ linker: Linker) -> [Node] {
        var nodes: [Node] = [
            Components.methodNote(
                "\(NumberFormat.count(all.count)) log record\(all.count == 1 ? "" : "s") carry this trace's id; \(NumberFormat.count(all.count - unplaced.count)) are shown under their spans above."
            )
        ]
        if !unplaced.isEmpty {
            nodes.append(.el("h3", .text("Records whose span is not in the trace (\(NumberFormat.count(unplaced.count)))")))
            nodes.append(list(unplaced, linker: linker, limit: Self.traceLevelLimit))
        }
        return nodes
    }
}
