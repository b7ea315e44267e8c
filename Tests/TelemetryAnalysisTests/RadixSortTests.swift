import Testing
import Vocabulary

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
    /// One varying byte (one pass: the values end in the scratch array and are copied back),
    /// two and three (negative values flip the top byte too).
    @Test func oddAndEvenPassCounts() {
        let one = (0..<1_000).map { Int64(($0 * 37) % 200) }
        let two = (0..<1_000).map { Int64(($0 * 7_919) % 60_000) }
        let three = (0..<1_000).map { Int64(($0 * 104_729) % 9_000_000) - 4_500_000 }
        for values in [one, two, three] {
            var inPlace = values
            RadixSort.sort(&inPlace)
            #expect(inPlace == values.sorted())
        }
    }

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

    /// The order `AttributeComparison.compare` used before the radix sort carried indexes: a
    /// comparison sort of (duration, index) pairs. Kept here as the reference.
    private struct DurationIndex: Comparable {
        var duration: Int64
        var index: Int32
        static func < (a: DurationIndex, b: DurationIndex) -> Bool {
            a.duration != b.duration ? a.duration < b.duration : a.index < b.index
        }
    }

    private func referenceOrder(_ values: [Int64]) -> [Int] {
        var pairs = values.enumerated().map { DurationIndex(duration: $0.element, index: Int32($0.offset)) }
        pairs.sort()
        return pairs.map { Int($0.index) }
    }

    /// Values with many ties (a handful of distinct values, or durations rounded to a coarse
    /// unit), negative ones, and sizes on both sides of the radix threshold: the order carried by
    /// the radix sort is the reference order index for index, and the sorted values match it.
    @Test func orderKeepsTiesInIndexOrderLikeTheComparisonSort() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for size in [0, 1, 2, 3, 100, 255, 256, 257, 1000, 4096, 40_000] {
            let shapes: [[Int64]] = [
                (0..<size).map { _ in Int64(next() % 5) },  // nearly all ties
                (0..<size).map { _ in Int64(next() % 200) * 1_000_000 },  // ties, two varying bytes
                (0..<size).map { _ in Int64(next() % 5_000_000_000) },  // durations, few ties
                (0..<size).map { _ in Int64(next() % 7) - 3 },  // negatives and ties
                (0..<size).map { _ in [Int64.min, -1, 0, 1, .max][Int(next() % 5)] },  // extremes
                (0..<size).map { Int64(size - $0) / 3 },  // descending runs of three
            ]
            for (shape, values) in shapes.enumerated() {
                let (sorted, order) = RadixSort.sortedWithOrder(values)
                let reference = referenceOrder(values)
                #expect(order == reference, "size \(size), shape \(shape)")
                #expect(sorted == reference.map { values[$0] }, "size \(size), shape \(shape)")
            }
        }
    }

    /// Values whose differing bits and index fit one word are sorted packed (issue 7), the others
    /// side by side with their indexes: the tests above reach both, and both give the reference.
    @Test func packedAndSideBySideSortsAreBothReached() {
        var random = SplitMix64(seed: 5)
        let durations = (0..<5000).map { _ in Int64(random.next() % 5_000_000_000) }
        let extremes = (0..<5000).map { _ in [Int64.min, -1, 0, 1, .max][Int(random.next() % 5)] }
        #expect(RadixSort.sortedWithOrderPacked(durations) != nil)
        #expect(RadixSort.sortedWithOrderPacked(extremes) == nil)
        for values in [durations, extremes] {
            let (sorted, order) = RadixSort.sortedWithOrder(values)
            let reference = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
            #expect(order == reference && sorted == reference.map { values[$0] })
        }
    }

    @Test func orderOfHandPickedTies() {
        // 300 values (the radix path): 2, 1, 2, 1, … then 0: the 0 first, the 1s, then the 2s.
        let values = (0..<300).map { Int64($0 == 299 ? 0 : ($0 % 2 == 0 ? 2 : 1)) }
        let (sorted, order) = RadixSort.sortedWithOrder(values)
        #expect(order.first == 299)
        #expect(Array(order[1...149]) == Array(stride(from: 1, to: 299, by: 2)))
        #expect(Array(order[150...]) == Array(stride(from: 0, to: 299, by: 2)))
        #expect(sorted == [0] + Array(repeating: 1, count: 149) + Array(repeating: 2, count: 150))
        #expect(RadixSort.sortedWithOrder([5, 5, 1]).order == [2, 0, 1])
    }

    /// The digits are counted only at the places where some value differs from the first: values
    /// that vary at every subset of places tried — each count of varying bytes from none to
    /// eight, four (the durations' case) at the low places and at scattered ones, signs mixed —
    /// sort as the standard library sorts them, with and without their indexes.
    @Test func valuesVaryingAtAnyPlacesAgreeWithSorted() {
        var random = SplitMix64(seed: 31)
        let masks: [UInt64] = [
            0, 0xFF, 0xFFFF, 0xFF_FFFF, 0xFFFF_FFFF, 0xFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF, 0xFF_FFFF_FFFF_FFFF, .max,
            0xFF00_FF00_FF00_FF00, 0x00FF_0000_FF00_00FF, 0xF000_0000_0000_000F,
        ]
        for mask in masks {
            for base in [Int64(0), 1_700_000_000_000_000_000, -42] {
                let values = (0..<700).map { _ in base ^ Int64(bitPattern: random.next() & mask) }
                #expect(RadixSort.sorted(values) == values.sorted(), "mask \(String(mask, radix: 16))")
                let (sorted, order) = RadixSort.sortedWithOrder(values)
                #expect(sorted == values.sorted() && order.map { values[$0] } == sorted)
                #expect(zip(order, order.dropFirst()).allSatisfy { values[$0] != values[$1] || $0 < $1 })
            }
        }
    }
}
