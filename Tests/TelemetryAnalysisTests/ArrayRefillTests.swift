import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// `refill`: a trace's scratch holds exactly `count` copies of the value, and traces that grow one
/// after another move its storage rarely (it moved at every larger trace while it reserved exactly).
@Suite struct ArrayRefillTests {
    @Test func refillsToCountWithTheValueAndMovesTheStorageRarely() {
        var scratch: [Int32] = []
        var moves = 0
        for count in 1...2_000 {
            let before = scratch.storageKey
            scratch.refill(with: -1, count: count)
            if scratch.storageKey != before { moves += 1 }
            #expect(scratch.count == count)
        }
        #expect(scratch.allSatisfy { $0 == -1 })
        #expect(moves <= 16)
        let capacity = scratch.capacity
        scratch.refill(with: 7, count: 3)
        #expect(scratch == [7, 7, 7] && scratch.capacity == capacity)
    }
}
