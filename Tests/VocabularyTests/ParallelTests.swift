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
