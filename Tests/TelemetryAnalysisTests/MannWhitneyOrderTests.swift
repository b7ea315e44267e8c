import Testing

@testable import TelemetryAnalysis

/// The Mann–Whitney probability computed by walking an operation's duration order (issue 7)
/// equals the one computed by ranking the two groups together, exactly.
@Suite struct MannWhitneyOrderTests {
    @Test func walkingTheOrderGivesTheSameProbabilityAsRanking() {
        var state: UInt64 = 42
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 33) % n
        }
        for trial in 0..<50 {
            let n = 20 + Int(next(400))
            // Few distinct durations make many ties.
            let durations = (0..<n).map { _ in Int64(next(trial % 2 == 0 ? 7 : 100_000)) }
            let group = (0..<n).map { _ in Int(next(3)) }  // 0: x, 1: y, 2: neither
            let x = (0..<n).filter { group[$0] == 0 }, y = (0..<n).filter { group[$0] == 1 }
            let order = durations.indices.sorted { durations[$0] < durations[$1] }
            let ranked = AttributeComparison.probabilityOfSuperiority(x.map { durations[$0] }, y.map { durations[$0] })
            let walked = AttributeComparison.probabilityOfSuperiority(x, y, order: order, durations: durations)
            #expect(walked == ranked, "trial \(trial)")
        }
    }

    @Test func handComputedSmallCase() {
        // x = {3, 5}, y = {1, 3}: pairs x>y: (3>1), (5>1), (5>3) = 3, ties (3=3) = 1 → (3 + 0.5) / 4.
        let durations: [Int64] = [3, 5, 1, 3]
        let order = durations.indices.sorted { durations[$0] < durations[$1] }
        #expect(AttributeComparison.probabilityOfSuperiority([0, 1], [2, 3], order: order, durations: durations) == 0.875)
    }
}
