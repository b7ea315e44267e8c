import Testing

@testable import Charts

@Suite struct ScaleTests {
    @Test func linearScaleMapsDomainOntoReversedRange() {
        let y = LinearScale(domain: (0, 100), range: (200, 0))
        #expect(y(0) == 200)
        #expect(y(25) == 150)
        #expect(y(100) == 0)
        #expect(y.niced(count: 10).domain == (0, 100))
    }

    @Test func zeroBaselineIsASoftMinimum() {
        #expect(LinearScale.domain(covering: [40, 90], zeroBaseline: true) == (0, 90))
        #expect(LinearScale.domain(covering: [-5, 90], zeroBaseline: true) == (-5, 90))
        #expect(LinearScale.domain(covering: [40, 90], zeroBaseline: false) == (40, 90))
    }

    @Test func flatAndEmptySeriesArePadded() {
        #expect(LinearScale.domain(covering: [0, 0], zeroBaseline: true) == (0, 1))
        #expect(LinearScale.domain(covering: [50, 50], zeroBaseline: false) == (45, 55))
        #expect(LinearScale.domain(covering: [], zeroBaseline: true) == (0, 1))
        #expect(LinearScale.domain(covering: [.nan, .infinity, 3], zeroBaseline: false) == (2.7, 3.3))
    }

    @Test func logDomainCoversWholeDecades() {
        #expect(LogScale.domain(covering: [3, 870]) == (1, 1000))
        #expect(LogScale.domain(covering: [0, -1, 0.02, 0.5]) == (0.01, 1))
        #expect(LogScale.domain(covering: [100]) == (100, 1000))
        #expect(LogScale.domain(covering: [0]) == (1, 10))
    }

    @Test func logTicksAreOneTwoFive() {
        let log = LogScale(domain: (1, 1000), range: (200, 0))
        #expect(log.ticks(count: 10) == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
        #expect(LogScale(domain: (0.001, 0.1), range: (0, 1)).ticks(count: 10) == [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1])
        #expect(log.ticks(count: 4) == [1, 10, 100, 1000])
        #expect(LogScale(domain: (1, 1e8), range: (0, 1)).ticks(count: 4) == [1, 100, 10_000, 1_000_000, 100_000_000])
    }

    @Test func logScaleHasNoPlaceForZero() {
        let log = LogScale(domain: (1, 100), range: (100, 0))
        #expect(log(0) == nil)
        #expect(log(-3) == nil)
        #expect(log(10) == 50)
    }

    @Test func timeDomainOfOneInstantIsWidened() {
        #expect(TimeScale.domain(covering: [1000]) == (940, 1060))
        #expect(TimeScale.domain(covering: [5, .nan, 1]) == (1, 5))
    }

    @Test func valueAxisLabelsShareDecimalsAndUnit() {
        let axis = ValueAxis(values: [0, 1500], unit: .milliseconds, logScale: false, zeroBaseline: true, top: 30, bottom: 236)
        #expect(axis.ticks.map(\.label) == ["0.0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1.0 s", "1.2 s", "1.4 s", "1.6 s"])
        #expect(axis.ticks.last?.value == 1600)
    }

    @Test func byteAxisStepsInBinaryUnits() {
        let mib = 1024.0 * 1024
        let axis = ValueAxis(values: [80 * mib, 480 * mib], unit: .bytes, logScale: false, zeroBaseline: true, top: 30, bottom: 236)
        #expect(axis.ticks.map(\.label) == ["0 MiB", "100 MiB", "200 MiB", "300 MiB", "400 MiB", "500 MiB"])
        #expect(axis.ticks[1].value == 100 * mib)
    }

    @Test func ratioAxisReadsAsPercent() {
        let axis = ValueAxis(values: [0.003, 0.042], unit: .ratio, logScale: false, zeroBaseline: true, top: 30, bottom: 236)
        #expect(axis.ticks.map(\.label) == ["0%", "1%", "2%", "3%", "4%", "5%"])
    }

    @Test func logAxisLabelsEachTickInItsOwnUnit() {
        let axis = ValueAxis(values: [0.4, 2300], unit: .milliseconds, logScale: true, zeroBaseline: true, top: 30, bottom: 236)
        #expect(axis.ticks.map(\.label) == ["0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s"])
    }
}
