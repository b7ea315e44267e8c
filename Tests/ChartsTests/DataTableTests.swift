import Markup
import Testing

@testable import Charts

@Suite struct DataTableTests {
    @Test func gapsAndMissingTimesLeaveEmptyCells() {
        let t0 = 1_704_110_400.0
        let table = DataTable(
            lineSeries: [
                ChartSeries(name: "user", pairs: [(t0, 12.5), (t0 + 15, nil)]),
                ChartSeries(name: "system", pairs: [(t0 + 15, 3), (t0 + 30, .nan)]),
            ], unit: .percent)
        #expect(table.columns == ["Time (UTC)", "user", "system"])
        #expect(
            table.rows == [
                ["2024-01-01 12:00:00", "12.5%", ""],
                ["2024-01-01 12:00:15", "", "3%"],
                ["2024-01-01 12:00:30", "", ""],
            ])
        let html = MarkupWriter.write(table.render())
        #expect(html.hasPrefix("<details class=\"chart-data\"><summary>Data</summary>"))
        #expect(html.contains("<th scope=\"row\">2024-01-01 12:00:00</th><td class=\"num\">12.5%</td><td class=\"num\"></td>"))
    }

    @Test func noRowsRenderNothing() {
        #expect(MarkupWriter.write(DataTable(lineSeries: [], unit: .count).render()) == "")
    }

    @Test func longTablesAreCutWithANote() {
        let table = DataTable(columns: ["a", "b"], rows: (0..<5).map { ["\($0)", "x"] }, maxRows: 3)
        let html = MarkupWriter.write(table.render())
        #expect(html.occurrences(of: "<tr>") == 5)  // header, 3 rows, footer
        #expect(html.contains("<td colspan=\"2\">2 more rows not shown</td>"))
    }
}
