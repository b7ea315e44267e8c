import Markup
import Vocabulary

/// A chart's numbers as an HTML table inside `<details><summary>Data</summary>`: the accessible
/// fallback for the picture (screen readers, copy and paste, print), closed by default.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    /// Cells as text; an empty string is an empty cell (a gap in the series).
    public var rows: [[String]]
    /// Columns after the first hold numbers (right-aligned by the `num` class).
    public var numericFrom: Int
    /// Rows beyond this are left out, with a note saying how many, to bound page size.
    public var maxRows: Int
    public var summary: String

    public init(columns: [String], rows: [[String]], numericFrom: Int = 1, maxRows: Int = 2000, summary: String = "Data") {
        self.columns = columns
        self.rows = rows
        self.numericFrom = numericFrom
        self.maxRows = maxRows
        self.summary = summary
    }

    /// One row per distinct time (UTC) of any series, one column per series; a series without a
    /// value at that time, or with a gap, leaves its cell empty.
    public init(lineSeries series: [ChartSeries], unit: ValueUnit, maxRows: Int = 2000) {
        var cells: [Double: [String]] = [:]
        for (column, s) in series.enumerated() {
            for p in s.points where p.x.isFinite {
                var row = cells[p.x] ?? Array(repeating: "", count: series.count)
                if let y = p.y, y.isFinite { row[column] = unit.format(y) }
                cells[p.x] = row
            }
        }
        let rows = cells.keys.sorted().map { [UTCTime(unixSeconds: $0).dateTimeText] + cells[$0]! }
        self.init(columns: ["Time (UTC)"] + series.map(\.name), rows: rows, maxRows: maxRows)
    }

    /// The `<details>` element; nothing at all when there are no rows (the chart says "No data").
    public func render() -> Node {
        guard !rows.isEmpty else { return .empty }
        let shown = rows.prefix(maxRows)
        let head: Node = .el(
            "thead",
            .el(
                "tr",
                children: columns.enumerated().map { i, name in
                    .el("th", attrs: [("scope", "col"), ("class", i >= numericFrom ? "num" : nil)], children: [.text(name)])
                }))
        let body: Node = .el(
            "tbody",
            children: shown.map { row in
                .el(
                    "tr",
                    children: row.enumerated().map { i, cell in
                        i == 0
                            ? .el("th", ["scope": "row"], .text(cell))
                            : .el("td", attrs: [("class", i >= numericFrom ? "num" : nil)], children: cell.isEmpty ? [] : [.text(cell)])
                    })
            })
        var table: [Node] = [head, body]
        if rows.count > shown.count {
            let note = "\(rows.count - shown.count) more rows not shown"
            table.append(.el("tfoot", .el("tr", .el("td", ["colspan": String(max(1, columns.count))], .text(note)))))
        }
        return .el(
            "details", ["class": "chart-data"],
            .el("summary", .text(summary)),
            .el("div", ["class": "table-scroll"], .el("table", children: table)))
    }
}
