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
        var out = MarkupBuffer()
        tableStart(headers, numeric: numeric, caption: caption, id: id, into: &out)
        for row in rows {
            out.start("tr")
            out.open()
            for (i, cell) in row.enumerated() {
                cellStart(numeric: numeric.contains(i), into: &out)
                out.node(cell)
                out.end("td")
            }
            out.end("tr")
        }
        tableEnd(into: &out)
        return out.finish()
    }

    /// `table`'s markup up to its rows — the wrapper, the table, its caption and head, `<tbody>` —
    /// for a table whose rows are written straight into a buffer (a waterfall's path comparison,
    /// hundreds of rows a page), so both kinds of table share one layout. `tableEnd` closes it.
    static func tableStart(_ headers: [String], numeric: Set<Int>, caption: String? = nil, id: String?, into out: inout MarkupBuffer) {
        out.start("div")
        out.attribute("class", literal: "table-wrap")
        out.open()
        out.start("table")
        if let id { out.attribute("id", id) }
        out.open()
        if let caption {
            out.start("caption")
            out.attribute("class", literal: "muted")
            out.open()
            out.text(caption)
            out.end("caption")
        }
        out.node(tableHead(headers, numeric: numeric))
        out.start("tbody")
        out.open()
    }

    /// `</tbody></table></div>`, after `tableStart` and the rows.
    static func tableEnd(into out: inout MarkupBuffer) {
        out.end("tbody")
        out.end("table")
        out.end("div")
    }

    /// `<td>` or `<td class="num">`, right-aligned to match `tableHead`; the cell's content and
    /// `</td>` follow.
    static func cellStart(numeric: Bool, into out: inout MarkupBuffer) {
        out.start("td")
        if numeric { out.attribute("class", literal: "num") }
        out.open()
    }

    /// `<span class="svc c3" aria-hidden="true"></span>`: a service's colour mark, written into a
    /// buffer (the waterfall's rows, the path comparison).
    static func swatch(_ colour: String, into out: inout MarkupBuffer) {
        out.start("span")
        out.attributeStart("class")
        out.value(literal: "svc ")
        out.value(colour)
        out.attributeEnd()
        out.attribute("aria-hidden", literal: "true")
        out.endEmpty("span")
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
