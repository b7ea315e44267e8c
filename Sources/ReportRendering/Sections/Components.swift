import Markup
import Vocabulary

/// Small building blocks shared by the pages.
enum Components {
    static func card(_ key: String, _ value: String, _ sub: String? = nil, wide: Bool = false) -> Node {
        .el(
            "div", ["class": wide ? "card wide" : "card"],
            children: [
                .el("div", ["class": "k"], .text(key)),
                .el("div", ["class": "v"], .text(value)),
                sub.map { .el("div", ["class": "s"], .text($0)) } ?? .empty,
            ])
    }

    /// A table in a horizontally scrolling wrapper; `numeric` marks right-aligned columns.
    static func table(headers: [String], numeric: Set<Int> = [], rows: [[Node]], caption: String? = nil, id: String? = nil) -> Node {
        let head = tableHead(headers, numeric: numeric)
        let body = Node.el("tbody", children: rows.map { .el("tr", children: tableCells($0, numeric: numeric)) })
        return .el(
            "div", ["class": "table-wrap"],
            .el(
                "table", attrs: [("id", id)],
                children: [
                    caption.map { .el("caption", ["class": "muted"], .text($0)) } ?? .empty, head, body,
                ]))
    }

    /// A `<thead>` of column headers, `numeric` ones right-aligned: shared by `table` and the
    /// tables that give their rows ids (exceptions), so every table's header cells carry the
    /// same `scope` and alignment.
    static func tableHead(_ headers: [String], numeric: Set<Int>) -> Node {
        .el(
            "thead",
            .el(
                "tr",
                children: headers.enumerated().map { i, h in
                    .el("th", attrs: [("scope", "col"), ("class", numeric.contains(i) ? "num" : nil)], children: [.text(h)])
                }))
    }

    /// A row's `<td>` cells, `numeric` columns right-aligned to match `tableHead`.
    static func tableCells(_ cells: [Node], numeric: Set<Int>) -> [Node] {
        cells.enumerated().map { i, c in .el("td", attrs: [("class", numeric.contains(i) ? "num" : nil)], children: [c]) }
    }

    /// A `p.method` paragraph: how the figures beside it were computed or chosen. Every chart
    /// and table states its method (DESIGN.md), so one builder keeps the class the stylesheet
    /// styles spelled once instead of at every panel.
    static func methodNote(_ text: String) -> Node {
        .el("p", ["class": "method"], .text(text))
    }

    /// A `p.muted` paragraph: a secondary remark, most often what a bounded list left out and
    /// where the rest is.
    static func mutedNote(_ text: String) -> Node {
        .el("p", ["class": "muted"], .text(text))
    }

    static func link(_ href: String, _ text: String, cls: String? = nil) -> Node {
        .el("a", attrs: [("href", href), ("class", cls)], children: [.text(text)])
    }

    /// `12 more operations are in report.json.`: what a bounded table left out (DESIGN §7).
    static func leftOut(_ count: Int, _ what: String, cls: String = "method") -> Node {
        .el("p", ["class": cls], .text("\(NumberFormat.count(count)) more \(what) are in report.json."))
    }

    static func section(_ title: String, id: String? = nil, _ children: [Node]) -> Node {
        .el("section", attrs: [("id", id), ("aria-label", title)], children: [.el("h2", .text(title))] + children)
    }
}
