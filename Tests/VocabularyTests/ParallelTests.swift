import Testing
import Vocabulary

@Suite struct ParallelTests {
    @Test func parallelMapKeepsIndexOrder() {
        let squares = Parallel.map(1000) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1) { $0 + 7 } == [7])
    }

    /// Each side's result lands on its own side, also when each side splits its own work again
    /// (the traces page beside the other pages) and when the results are heap-allocated.
    @Test func bothReturnsEachSidesResult() {
        let (words, sums) = CoreSplit.both(
            { Parallel.map(500) { "w\($0)" } },
            { Parallel.map(300) { k in (0...k).reduce(0, +) } })
        #expect(words == (0..<500).map { "w\($0)" })
        #expect(sums == (0..<300).map { $0 * ($0 + 1) / 2 })
        let (a, b) = CoreSplit.both({ [1, 2, 3] }, { "x" })
        #expect(a == [1, 2, 3] && b == "x")
    }
}

@Suite struct MathTests {
    /// Floor division rounds toward negative infinity where `/` truncates toward zero.
    @Test func floorDivisionOfNegativeNumbers() {
        #expect(Math.floorDiv(7, 2) == 3)
        #expect(Math.floorDiv(-7, 2) == -4)
        #expect(Math.floorDiv(-8, 2) == -4)
        #expect(Math.floorDiv(7, -2) == -4)
        #expect(Math.floorDiv(-1, 1_000_000_000) == -1)
        #expect(Math.floorDiv(0, 5) == 0)
    }
}

/// `Parallel.part`: the parts cover every item once, in order, and differ in size by at most one.
@Suite struct ParallelPartTests {
    @Test func partsCoverEveryItemOnceInOrder() {
        for (count, parts) in [(0, 1), (1, 3), (7, 2), (100, 8), (65_537, 8), (10, 10)] {
            let all = (0..<parts).map { Parallel.part($0, of: count, parts: parts) }
            #expect(all.first?.lowerBound == 0)
            #expect(all.last?.upperBound == count)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let sizes = all.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
        #expect(Parallel.part(1, of: 7, parts: 2) == 3..<7)
    }
}
