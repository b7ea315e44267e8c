import Markup
import Testing

@testable import Charts

@Suite struct HistogramTests {
    @Test func valuesFallIntoHalfOpenBinsAndOutliersAreClamped() {
        let edges: [Double] = [1, 2, 5, 10]
        #expect(Histogram.bin([0.5, 1, 1.9, 2, 4.99, 5, 10, 99, .nan], edges: edges) == [3, 2, 3])
        #expect(Histogram.bin([1], edges: [1]) == [])
    }

    @Test func logEdgesCoverTheValuesInOneTwoFiveSteps() {
        #expect(Histogram.edges(covering: [3, 40, 870], logarithmic: true) == [2, 5, 10, 20, 50, 100, 200, 500, 1000])
        #expect(Histogram.edges(covering: [0, -2], logarithmic: true) == [])
        #expect(
            Histogram.edges(covering: [0.5, 1e9], logarithmic: true, maxBins: 20)
                == [0.1, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000])
    }

    @Test func linearEdgesAreNice() {
        #expect(Histogram.edges(covering: [3, 97], logarithmic: false, maxBins: 10) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    }

    @Test func groupsAreDrawnSideBySideWithTitledBars() {
        let edges: [Double] = [1, 10, 100, 1000]
        let chart = Histogram(
            title: "Latency by app.cache_hit", unit: .milliseconds, edges: edges,
            groups: [
                HistogramGroup(name: "true", counts: [8, 2, 0]),
                HistogramGroup(name: "false", counts: [0, 1, 3]),
            ], normalized: true)
        let html = MarkupWriter.write(chart.render())
        #expect(html.occurrences(of: "<rect class=\"bar\"") == 4)
        #expect(html.contains("<title>true · 1 ms – 10 ms · 8 (80%)</title>"))
        #expect(html.contains("<g class=\"bars s1\">"))
        #expect(html.contains(">1 s</text>"))
        #expect(html.contains("<td class=\"num\">8 (80%)</td>"))
        #expect(WellFormedness.check(chart.render()) == nil)
    }

    @Test func overlaidLayoutIsMarkedForTranslucency() {
        let chart = Histogram(
            title: "h", unit: .milliseconds, edges: [0, 1, 2], groups: [HistogramGroup(name: "a", counts: [1, 2])], layout: .overlaid)
        #expect(MarkupWriter.write(chart.svg()).contains("class=\"chart-svg histogram overlaid\""))
    }

    @Test func smallMultiplesGiveEachGroupAStripOnOneSharedScale() throws {
        let edges: [Double] = [1, 10, 100, 1000]
        let chart = Histogram(
            title: "Latency by app.cache_hit", unit: .milliseconds, edges: edges,
            groups: [
                HistogramGroup(name: "true", counts: [8, 2, 0]),
                HistogramGroup(name: "false", counts: [0, 1, 3]),
            ], layout: .smallMultiples, normalized: true)
        let svg = MarkupWriter.write(chart.svg())
        #expect(WellFormedness.check(chart.render()) == nil)
        #expect(svg.contains("class=\"chart-svg histogram strips\""))
        // Two strips, each its own opaque group; no translucent overlay.
        #expect(svg.occurrences(of: "<g class=\"strip bars s0\">") == 1 && svg.occurrences(of: "<g class=\"strip bars s1\">") == 1)
        #expect(!svg.contains("overlaid"))
        #expect(svg.contains(">true · peak 80%</text>") && svg.contains(">false · peak 75%</text>"))
        // 30 + 24 + 2 × 58 + 8 = 178 px high; strips start at 38 and 96, baselines at 92 and 150.
        #expect(svg.contains("viewBox=\"0 0 800 178\""))
        // One scale for all strips: the tallest bar (80%) fills its strip's 38 px (92 − 54); 20%
        // is a quarter of that (9.5 px), 75% 35.625 px and 25% 11.875 px (written to 2 decimals).
        // The plot runs from 36 to 782: bins 746 / 3 = 248.67 px, bars 1 px in from each side.
        #expect(svg.contains("<rect class=\"bar\" x=\"37\" y=\"54\" width=\"246.67\" height=\"38\">"))
        #expect(svg.contains("<rect class=\"bar\" x=\"285.67\" y=\"82.5\" width=\"246.67\" height=\"9.5\">"))
        #expect(svg.contains("<rect class=\"bar\" x=\"285.67\" y=\"138.13\" width=\"246.67\" height=\"11.88\">"))
        #expect(svg.contains("<rect class=\"bar\" x=\"534.33\" y=\"114.38\" width=\"246.67\" height=\"35.63\">"))
        #expect(svg.occurrences(of: "<rect class=\"bar\"") == 4)
    }

    @Test func emptyHistogramSaysNoData() {
        let chart = Histogram(title: "h", unit: .milliseconds, edges: [0, 1], groups: [HistogramGroup(name: "a", counts: [0])])
        #expect(MarkupWriter.write(chart.svg()).contains(">No data</text>"))
        #expect(MarkupWriter.write(Histogram(title: "h", unit: .count, edges: [], groups: []).svg()).contains("No data"))
    }
}
