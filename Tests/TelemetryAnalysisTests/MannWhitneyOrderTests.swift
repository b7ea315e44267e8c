import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// The Mann–Whitney probability computed by walking an operation's duration order (issue 7)
/// equals the one computed by ranking the two groups together, exactly.
@Suite struct MannWhitneyOrderTests {
    @Test func walkingTheOrderGivesTheSameProbabilityAsRanking() {
        var random = SplitMix64(seed: 42)
        func next(_ n: UInt64) -> UInt64 { random.next(upperBound: n) }
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
            // The durations read in order (as the comparisons pass them) give the same.
            let inOrder = AttributeComparison.probabilityOfSuperiority(
                x, y, order: order, durations: durations, sorted: order.map { durations[$0] })
            #expect(inOrder == ranked, "trial \(trial)")
            // And each span's group in duration order, as the categorical comparison walks it.
            let (sorted, radixOrder) = RadixSort.sortedWithOrder(durations)
            let groupOf = group.map { Int32($0) }
            let groupByRank = AttributeComparison.sortedByGroup(
                groupOf: groupOf, groupCount: 3, order: radixOrder, sorted: sorted, ranks: true
            ).groupByRank
            #expect(groupByRank == radixOrder.map { groupOf[$0] }, "trial \(trial)")
            let byGroup = AttributeComparison.probabilityOfSuperiority(
                group: 0, 1, nx: x.count, ny: y.count, groupByRank: groupByRank, sorted: sorted)
            #expect(byGroup == ranked, "trial \(trial)")
        }
    }

    @Test func handComputedSmallCase() {
        // x = {3, 5}, y = {1, 3}: pairs x>y: (3>1), (5>1), (5>3) = 3, ties (3=3) = 1 → (3 + 0.5) / 4.
        let durations: [Int64] = [3, 5, 1, 3]
        let order = durations.indices.sorted { durations[$0] < durations[$1] }
        #expect(AttributeComparison.probabilityOfSuperiority([0, 1], [2, 3], order: order, durations: durations) == 0.875)
    }

    /// The groups' sorted durations from one pass in duration order (issue 7) equal a sort of
    /// each group's durations, and the positions by group equal a filter per group; with groups
    /// that are empty, spans in no group, and many ties.
    @Test func groupsInDurationOrderMatchASortPerGroup() {
        var random = SplitMix64(seed: 7)
        func next(_ n: UInt64) -> UInt64 { random.next(upperBound: n) }
        for trial in 0..<40 {
            let n = 1 + Int(next(600))
            let groupCount = 1 + Int(next(6))
            let durations = (0..<n).map { _ in Int64(next(trial % 2 == 0 ? 9 : 1_000_000)) - 3 }
            let groupOf = (0..<n).map { _ in Int32(next(UInt64(groupCount + 1))) - 1 }  // -1: in no group
            let (sorted, order) = RadixSort.sortedWithOrder(durations)
            let fast = AttributeComparison.sortedByGroup(groupOf: groupOf, groupCount: groupCount, order: order, sorted: sorted)
            let reference = (0..<groupCount).map { g in (0..<n).filter { groupOf[$0] == Int32(g) }.map { durations[$0] }.sorted() }
            #expect(fast == reference, "trial \(trial)")
            let group = groupOf.map { Int($0) + 1 }  // every position in one of groupCount + 1 groups
            let positions = AttributeComparison.positionsByGroup(group, groupCount: groupCount + 2)
            #expect(positions == (0..<groupCount + 2).map { g in (0..<n).filter { group[$0] == g } }, "trial \(trial)")
        }
    }
}
