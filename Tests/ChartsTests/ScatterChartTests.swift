import Markup
import Testing

@testable import Charts

@Suite struct ScatterChartTests {
    let t0 = 1_704_110_400.0

    @Test func pointsCarryClassesLinksAndTitles() {
        let chart = ScatterChart(
            title: "Traces", unit: .milliseconds,
            points: [
                ScatterPoint(x: t0, y: 12, href: "traces/abc.html", title: "frontend: GET / — 12 ms"),
                ScatterPoint(x: t0 + 30, y: 812, cssClass: "error"),
            ], legend: [LegendEntry(name: "ok", cssClass: "s0"), LegendEntry(name: "error", cssClass: "error")])
        let html = MarkupWriter.write(chart.render())
        #expect(html.contains("<a href=\"traces/abc.html\" tabindex=\"-1\"><circle class=\"mark\""))
        #expect(html.contains("<title>frontend: GET / — 12 ms</title>"))
        #expect(html.contains("<circle class=\"mark error\""))
        #expect(html.contains("<title>2024-01-01 12:00:30 UTC · 812 ms</title>"))
        #expect(html.contains("<li class=\"error\">"))
        #expect(WellFormedness.check(chart.render()) == nil)
    }

    @Test func logScaleDropsNonPositiveValues() {
        let chart = ScatterChart(
            title: "Traces", unit: .milliseconds,
            points: [
                ScatterPoint(x: t0, y: 0), ScatterPoint(x: t0 + 1, y: 5), ScatterPoint(x: t0 + 2, y: 5000),
            ], logScale: true)
        let svg = MarkupWriter.write(chart.svg())
        #expect(svg.occurrences(of: "<circle") == 2)
    }

    @Test func noPointsSaysNoData() {
        let svg = MarkupWriter.write(ScatterChart(title: "Traces", unit: .milliseconds, points: [ScatterPoint(x: .nan, y: 1)]).svg())
        #expect(svg.contains(">No data</text>"))
    }

    @Test func hostileLinksAndTitlesAreEscaped() {
        let chart = ScatterChart(title: "T", unit: .count, points: [ScatterPoint(x: t0, y: 1, href: "a\"b<c>", title: "</title><script>")])
        let svg = MarkupWriter.write(chart.svg())
        #expect(svg.contains("href=\"a&quot;b&lt;c&gt;\""))
        #expect(!svg.contains("<script>"))
        #expect(WellFormedness.check(chart.render()) == nil)
    }
}
