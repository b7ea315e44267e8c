import Testing

@testable import TelemetryAnalysis

/// The radix sort gives exactly the standard library's ascending order.
struct RadixSortTests {
    @Test func handPickedValues() {
        #expect(RadixSort.sorted([3, -1, 2]) == [-1, 2, 3])
        let edges: [Int64] = [.max, .min, 0, -1, 1, 255, 256, -256, 1 << 40, -(1 << 40)]
        let many = Array(repeating: edges, count: 40).flatMap { $0 }  // 400 values: the radix path
        #expect(RadixSort.sorted(many) == many.sorted())
        #expect(RadixSort.sorted(many).first == .min && RadixSort.sorted(many).last == .max)
    }

    @Test func equalValuesAndEmpty() {
        #expect(RadixSort.sorted([]) == [])
        #expect(RadixSort.sorted(Array(repeating: 42, count: 1000)) == Array(repeating: 42, count: 1000))
    }

    /// Durations in nanoseconds (a few varying bytes), full-range values and small arrays.
    @Test func randomArraysAgreeWithSorted() {
        var state: UInt64 = 11
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        for size in [0, 1, 2, 255, 256, 257, 1000, 65_537] {
            let durations = (0..<size).map { _ in Int64(next() % 5_000_000_000) }
            #expect(RadixSort.sorted(durations) == durations.sorted(), "durations, \(size)")
            let full = (0..<size).map { _ in Int64(bitPattern: next()) }
            #expect(RadixSort.sorted(full) == full.sorted(), "full range, \(size)")
        }
    }
}
