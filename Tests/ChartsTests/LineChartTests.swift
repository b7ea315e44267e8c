import Markup
import Testing
import Vocabulary

@testable import Charts

@Suite struct LineChartTests {
    let t0 = 1_704_110_400.0  // 2024-01-01 12:00:00 UTC

    func chart(_ series: [ChartSeries], unit: ValueUnit = .milliseconds, markers: [ChartMarker] = [], log: Bool = false) -> LineChart {
        LineChart(title: "Latency", unit: unit, series: series, markers: markers, logScale: log)
    }

    func pathData(_ svg: String) -> [String] { svg.values(after: "<path class=\"line\" d=\"") }

    @Test func aGapBreaksThePathIntoTwoSegments() throws {
        let s = ChartSeries(name: "p99", pairs: [(t0, 10), (t0 + 60, 12), (t0 + 120, nil), (t0 + 180, 14), (t0 + 240, 11)])
        let svg = MarkupWriter.write(chart([s]).svg())
        let d = try #require(pathData(svg).first)
        #expect(d.occurrences(of: "M") == 2)
        #expect(d.occurrences(of: "L") == 2)
    }

    @Test func anIsolatedPointIsDrawnAsADot() {
        let s = ChartSeries(name: "p99", pairs: [(t0, 10), (t0 + 60, nil), (t0 + 120, 12), (t0 + 180, 13)])
        let svg = MarkupWriter.write(chart([s]).svg())
        #expect(svg.occurrences(of: "<circle class=\"dot\"") == 1)
        #expect(pathData(svg).first?.occurrences(of: "M") == 1)
    }

    @Test func nanAndInfinityAreGapsNotZeros() {
        let s = ChartSeries(
            name: "rate", pairs: [(t0, 1), (t0 + 60, 2), (t0 + 120, .nan), (t0 + 180, .infinity), (t0 + 240, 3), (t0 + 300, 4)])
        let svg = MarkupWriter.write(chart([s], unit: .perSecond).svg())
        #expect(pathData(svg).first?.occurrences(of: "M") == 2)
        #expect(!svg.lowercased().contains("nan"))
        #expect(!svg.contains("inf"))
    }

    @Test func emptyDataSaysNoData() {
        for series in [[], [ChartSeries(name: "a", points: [])], [ChartSeries(name: "a", pairs: [(t0, nil), (t0 + 1, .nan)])]] {
            let svg = MarkupWriter.write(chart(series).svg())
            #expect(svg.contains(">No data</text>"))
            #expect(svg.contains("<title>Latency</title>"))
            #expect(WellFormedness.check(chart(series).render()) == nil)
        }
    }

    @Test func onePointAndAFlatSeriesStillDraw() {
        let one = MarkupWriter.write(chart([ChartSeries(name: "a", pairs: [(t0, 5)])]).svg())
        #expect(one.contains("<circle class=\"dot\""))
        #expect(!one.contains("No data"))
        let flat = chart([ChartSeries(name: "a", pairs: [(t0, 0), (t0 + 60, 0), (t0 + 120, 0)])]).svg()
        let text = MarkupWriter.write(flat)
        #expect(pathData(text).count == 1)
        #expect(text.contains(">1.0 ms</text>"))
    }

    @Test func svgRootIsAccessibleAndSized() {
        let svg = MarkupWriter.write(chart([ChartSeries(name: "a", pairs: [(t0, 1), (t0 + 60, 2)])]).svg())
        #expect(
            svg.hasPrefix(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 260\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" class=\"chart-svg line-chart\"><title>Latency</title><desc>"
            ))
        #expect(svg.contains("from 2024-01-01 12:00:00 to 2024-01-01 12:01:00 UTC"))
    }

    @Test func colourComesFromClassesOnly() {
        let svg = MarkupWriter.write(
            chart([
                ChartSeries(name: "a", pairs: [(t0, 1), (t0 + 60, 2)]),
                ChartSeries(name: "b", pairs: [(t0, 3), (t0 + 60, 4)], cssClass: "s7"),
            ]).render())
        #expect(svg.contains("<g class=\"series s0\">"))
        #expect(svg.contains("<g class=\"series s7\">"))
        #expect(svg.contains("<li class=\"s0\"><span class=\"swatch\" aria-hidden=\"true\"></span>a</li>"))
        #expect(!svg.contains(" fill=\"") && !svg.contains(" stroke=\"") && !svg.contains(" style=\""))
        #expect(!svg.contains(" id=\""))
    }

    @Test func everyCoordinateHasAtMostTwoDecimalsAndNoExponent() {
        let points = (0..<50).map { ChartPoint(x: t0 + Double($0) * 15.3, y: Double($0 * $0) / 7 + 1e-9) }
        let svg = MarkupWriter.write(chart([ChartSeries(name: "a", points: points)]).svg())
        let numbers = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"].flatMap { svg.attributeValues($0) }
        #expect(!numbers.isEmpty)
        for n in numbers {
            #expect(n.wholeMatch(of: /-?[0-9]+(\.[0-9]{1,2})?/) != nil, "\(n)")
        }
        for d in pathData(svg) {
            #expect(d.wholeMatch(of: /([ML]-?[0-9]+(\.[0-9]{1,2})? -?[0-9]+(\.[0-9]{1,2})?)+/) != nil)
        }
    }

    @Test func pointsCarryHoverTitlesUntilTheLimit() {
        let small = MarkupWriter.write(chart([ChartSeries(name: "p99", pairs: [(t0, 12), (t0 + 60, 1500)])]).svg())
        #expect(small.contains("<title>p99 · 2024-01-01 12:00:00 UTC · 12 ms</title>"))
        #expect(small.contains("<title>p99 · 2024-01-01 12:01:00 UTC · 1.5 s</title>"))
        let many = (0..<501).map { ChartPoint(x: t0 + Double($0), y: 1) }
        let big = MarkupWriter.write(chart([ChartSeries(name: "p99", points: many)]).svg())
        #expect(!big.contains("class=\"pt\""))
    }

    @Test func markersInsideTheWindowAreDrawnWithLabels() {
        let s = ChartSeries(name: "rss", pairs: [(t0, 1e8), (t0 + 600, 2e8)])
        let markers = [ChartMarker(x: t0 + 300, label: "restart"), ChartMarker(x: t0 + 9999, label: "outside", cssClass: "reset")]
        let svg = MarkupWriter.write(chart([s], unit: .bytes, markers: markers).svg())
        #expect(svg.contains(">restart</text>"))
        #expect(svg.contains("<title>restart at 2024-01-01 12:05:00 UTC</title>"))
        #expect(!svg.contains("outside"))
    }

    @Test func logScaleSkipsZerosAndLabelsDecades() {
        let s = ChartSeries(name: "p999", pairs: [(t0, 0), (t0 + 60, 3), (t0 + 120, 40), (t0 + 180, 900)])
        let svg = MarkupWriter.write(chart([s], log: true).svg())
        #expect(svg.contains(">1 ms</text>") && svg.contains(">10 ms</text>") && svg.contains(">1 s</text>"))
        #expect(pathData(svg).first?.occurrences(of: "L") == 2)
        #expect(svg.contains("log scale"))
    }

    @Test func renderingIsDeterministicAndWellFormed() {
        let series = (0..<3).map { (i: Int) -> ChartSeries in
            let points = (0..<120).map { (k: Int) -> ChartPoint in
                let y: Double? = k % 17 == 0 ? nil : Double((k * 37 + i * 11) % 101) * 1.7
                return ChartPoint(x: t0 + Double(k) * 15, y: y)
            }
            return ChartSeries(name: "s<\(i)>&\"q\"", points: points)
        }
        let c = chart(series, markers: [ChartMarker(x: t0 + 600, label: "counter reset")])
        let a = MarkupWriter.write(c.render()), b = MarkupWriter.write(c.render())
        #expect(a == b)
        #expect(WellFormedness.check(c.render()) == nil)
        #expect(a.contains("s&lt;1&gt;&amp;&quot;q&quot;") || a.contains("s&lt;1&gt;&amp;\"q\""))
    }
}
