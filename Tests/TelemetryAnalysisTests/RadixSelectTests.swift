import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Radix selection (`RadixSort.select`) gives the values a full sort has at the same positions,
/// and the summaries built on it the nearest-rank percentiles of the sorted values (DESIGN §4).
struct RadixSelectTests {
    struct Values {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }

    /// Arrays of every shape the rounds meet: below and above the size sorted directly, all
    /// equal, two values, full-range values with both signs and the extremes, log-spread
    /// durations (most values in the first digit's lowest range), values differing only in their
    /// lowest bits, and ties everywhere.
    static func arrays() -> [[Int64]] {
        var g = Values(state: 5)
        var out: [[Int64]] = [[7], [3, -1, 2], Array(repeating: 42, count: 1000)]
        out.append((0..<600).map { $0 % 2 == 0 ? Int64.min : Int64.max })
        out.append((0..<5_000).map { _ in Int64(bitPattern: g.next() << 11 | g.next() & 0x7FF) })
        out.append((0..<20_000).map { _ in Int64(1 << (10 + g.next() % 20)) + Int64(g.next() % 1_000) })
        out.append((0..<3_000).map { _ in 1_700_000_000_000_000_000 + Int64(g.next() % 16) })
        out.append((0..<4_000).map { _ in Int64(g.next() % 5) - 2 })
        out.append((0..<257).map { _ in Int64(g.next() % 100_000) })
        out.append((0..<10_000).map { k in k < 9_990 ? 1_000 : Int64(k) * 1_000_000_000 })
        return out
    }

    @Test func selectedValuesAreTheSortedValuesAtTheirRanks() {
        var g = Values(state: 9)
        for values in Self.arrays() {
            let sorted = values.sorted()
            let n = values.count
            var ranks = [0, n - 1, n / 2, (n * 95) / 100, n - 1, 0]
            for _ in 0..<12 { ranks.append(Int(g.next() % UInt64(n))) }
            #expect(RadixSort.select(values, ranks: ranks) == ranks.map { sorted[$0] }, "\(n) values")
            #expect(RadixSort.select(values, ranks: []) == [])
        }
        // Every rank of a small array past the direct sort's size.
        let small = (0..<300).map { Int64(($0 * 7_919) % 1_000) - 500 }
        #expect(RadixSort.select(small, ranks: Array(0..<300)) == small.sorted())
    }

    /// Below the size counted by digits the values are selected by quickselect (`selectFew`):
    /// every rank of arrays of every size up to it, ascending, descending, with few distinct
    /// values, all equal and random, is the sorted array's value there, asked for all at once in
    /// ascending and in descending order, and for a rank twice before a lower one.
    @Test func fewValuesAreSelectedAtEveryRank() {
        var g = Values(state: 21)
        for n in 1...RadixSort.minimumCount {
            let shapes: [[Int64]] = [
                (0..<n).map { Int64($0) }, (0..<n).map { Int64(n - $0) }, (0..<n).map { _ in Int64(g.next() % 3) },
                Array(repeating: -5, count: n), (0..<n).map { _ in Int64(bitPattern: g.next() << 11) },
            ]
            for values in shapes {
                let sorted = values.sorted()
                #expect(RadixSort.select(values, ranks: Array(0..<n)) == sorted, "\(n) values")
                #expect(RadixSort.select(values, ranks: Array((0..<n).reversed())) == sorted.reversed(), "\(n) values")
                let r = Int(g.next() % UInt64(n))
                #expect(RadixSort.select(values, ranks: [r, r, 0]) == [sorted[r], sorted[r], sorted[0]], "\(n) values")
            }
        }
    }

    /// Selected in the caller's memory: the same values as `select`, and the memory left holding
    /// the same values (in another order), so a second selection there gives the same again.
    @Test func selectionInPlaceLeavesTheSameValues() {
        var g = Values(state: 13)
        for values in Self.arrays() {
            let n = values.count
            let ranks = [0, n / 2, n - 1, Int(g.next() % UInt64(n))]
            var memory = values
            memory.withUnsafeMutableBufferPointer { buffer in
                #expect(RadixSort.select(inPlace: buffer, ranks: ranks) == RadixSort.select(values, ranks: ranks))
                #expect(RadixSort.select(inPlace: buffer, ranks: ranks) == RadixSort.select(values, ranks: ranks))
            }
            #expect(memory.sorted() == values.sorted(), "\(n) values")
        }
    }

    @Test func percentilesAndSummariesAreNearestRankOfTheSortedValues() {
        for values in Self.arrays() {
            let sorted = values.sorted()
            let ps: [Percentile] = [.p50, .p95, .p99, .p999]
            #expect(RadixSort.percentiles(values, ps) == ps.map { $0.of(sorted: sorted)! })
            let summary = LatencySummary(durations: values)
            #expect(summary == LatencySummary(sorted: sorted))
        }
        #expect(RadixSort.percentiles([], [.p50]) == [])
        #expect(LatencySummary(durations: []) == nil)
        // Hand-computed: 1…1000, p50 is the 500th value, p99.9 the 999th, max the 1000th.
        let thousand = (1...1000).map { Int64($0) }.reversed().map { $0 }
        let s = LatencySummary(durations: thousand)!
        #expect([s.p50, s.p95, s.p99, s.p999, s.max] == [500, 950, 990, 999, 1000])
    }
}

/// The span-derived latency series select each step's percentiles: the same values as the
/// nearest rank of the step's sorted durations, and no value in a step without spans.
struct SpanLatencySelectionTests {
    @Test func eachStepHasTheNearestRankOfItsSortedDurations() {
        let snap = AnalysisReferenceTests.randomSnapshot(seed: 4, traceCount: 900)
        let spans = snap.spans
        let start = spans.startTimes.min()!, end = spans.indices.map { spans.endTime(at: $0) }.max()!
        let grid = TimeGrid(stepSeconds: 60, startNanos: start, endNanos: end + 120_000_000_000)
        let series = SpanTimeSeries.latency(snap, grid: grid, services: ["a", "b"])
        #expect(series.count == 8)
        let index = ServiceIndex(snap)
        var valued = 0, empty = 0
        for (s, service) in ["a", "b"].enumerated() {
            var perStep = [[Int64]](repeating: [], count: grid.count)
            for k in spans.indices where index.names[index.id(ofResource: spans.resourceIndexes[k])] == service {
                if let i = grid.index(forEndNanos: spans.endTime(at: k)) { perStep[i].append(spans.durationNanos(at: k)) }
            }
            for (q, p) in Percentile.allCases.enumerated() {
                let points = series[s * 4 + q].points
                for i in 0..<grid.count {
                    let expected = p.of(sorted: perStep[i].sorted()).map { Double($0) / 1e6 }
                    #expect(points[i].value == expected, "\(service) \(p.key) step \(i)")
                    if expected == nil { empty += 1 } else { valued += 1 }
                }
            }
        }
        // Steps past the spans' end have no value; the others hold hundreds of spans (past the
        // size sorted directly).
        #expect(valued > 0 && empty > 0)
    }

    /// A service asked for twice gets the same series twice (its steps' durations are reordered,
    /// not used up, by the first), and one with no spans a series with no value.
    @Test func aServiceAskedForTwiceOrWithoutSpans() {
        let snap = AnalysisReferenceTests.randomSnapshot(seed: 7, traceCount: 600)
        let spans = snap.spans
        let start = spans.startTimes.min()!, end = spans.indices.map { spans.endTime(at: $0) }.max()!
        let grid = TimeGrid(stepSeconds: 30, startNanos: start, endNanos: end)
        let once = SpanTimeSeries.latency(snap, grid: grid, services: ["a", "b"])
        let series = SpanTimeSeries.latency(snap, grid: grid, services: ["b", "a", "b", "none"])
        #expect(series.count == 16)
        func values(_ s: TimeSeries) -> [Double?] { s.points.map(\.value) }
        #expect(series[0..<4].map(values) == once[4..<8].map(values))
        #expect(series[4..<8].map(values) == once[0..<4].map(values))
        #expect(series[8..<12].map(values) == once[4..<8].map(values))
        #expect(series[12..<16].allSatisfy { $0.points.count == grid.count && $0.points.allSatisfy { $0.value == nil } })
        #expect(once.allSatisfy { $0.points.contains { $0.value != nil } })
    }
}
