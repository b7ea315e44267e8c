import Testing

@testable import Charts

@Suite struct ChartStyleTests {
    @Test func stylesheetCoversEveryPaletteClassInBothSchemes() {
        for i in 0..<10 {
            #expect(ChartStyle.css.contains(".s\(i){--c:var(--chart-c\(i))}"))
            #expect(ChartStyle.css.occurrences(of: "--chart-c\(i):") == 2)  // light and dark
        }
        #expect(ChartStyle.css.contains("@media (prefers-color-scheme: dark)"))
        #expect(!ChartStyle.css.contains("url("))
    }
}
