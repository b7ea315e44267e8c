import Testing
import Vocabulary

@Suite struct ParallelTests {
    @Test func parallelMapKeepsIndexOrder() {
        let squares = Parallel.map(1000) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1) { $0 + 7 } == [7])
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
