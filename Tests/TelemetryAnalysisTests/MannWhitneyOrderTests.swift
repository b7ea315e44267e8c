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
            let groupByRank = AttributeComparison.latencyByGroup(
                groupOf: groupOf, counts: (0..<3).map { g in group.filter { $0 == g }.count }, order: radixOrder,
                sorted: sorted, ranks: true
            ).groupByRank
            #expect(groupByRank == radixOrder.map { groupOf[$0] }, "trial \(trial)")
            let byGroup = AttributeComparison.probabilityOfSuperiority(
                group: 0, 1, nx: x.count, ny: y.count, groupByRank: groupByRank, sorted: sorted)
            #expect(byGroup == ranked, "trial \(trial)")
            // The sum added up in floating point (the walk for 2^26 spans or more) gives the same.
            let adding = AttributeComparison.probabilityOfSuperiorityAdding(
                group: 0, 1, nx: x.count, ny: y.count, groupByRank: groupByRank, sorted: sorted)
            #expect(adding == ranked, "trial \(trial)")
        }
    }

    /// Group 0 holds 5, 3, 9 and group 1 holds 1 (2 is in no group): nearest ranks of 3 sorted
    /// values [3, 5, 9] are 2 for p50 (5) and 3 for p95, p99 and p99.9 (9); group 2 is empty.
    @Test func handComputedGroupLatencies() {
        let durations: [Int64] = [5, 1, 3, 9, 2]
        let (sorted, order) = RadixSort.sortedWithOrder(durations)
        let result = AttributeComparison.latencyByGroup(
            groupOf: [0, 1, 0, 0, -1], counts: [3, 1, 0], order: order, sorted: sorted, ranks: true)
        #expect(result.latencies[0] == LatencySummary(count: 3, atPositions: [5, 9, 9, 9, 9]))
        #expect(result.latencies[1] == LatencySummary(count: 1, atPositions: [1, 1, 1, 1, 1]))
        #expect(result.latencies[2] == nil)
        #expect(result.groupByRank == [1, -1, 0, 0, 0])
    }

    @Test func handComputedSmallCase() {
        // x = {3, 5}, y = {1, 3}: pairs x>y: (3>1), (5>1), (5>3) = 3, ties (3=3) = 1 → (3 + 0.5) / 4.
        let durations: [Int64] = [3, 5, 1, 3]
        let order = durations.indices.sorted { durations[$0] < durations[$1] }
        #expect(AttributeComparison.probabilityOfSuperiority([0, 1], [2, 3], order: order, durations: durations) == 0.875)
    }

    /// The groups' latency summaries from one pass in duration order (issue 7) equal those of a
    /// sort of each group's durations (nil for an empty group), with or without the groups in
    /// rank order, and the positions by group equal a filter per group; with groups that are
    /// empty, spans in no group, groups of one to a few members, and many ties.
    @Test func groupsInDurationOrderMatchASortPerGroup() {
        var random = SplitMix64(seed: 7)
        func next(_ n: UInt64) -> UInt64 { random.next(upperBound: n) }
        for trial in 0..<40 {
            let n = 1 + Int(next(600))
            let groupCount = 1 + Int(next(6))
            let durations = (0..<n).map { _ in Int64(next(trial % 2 == 0 ? 9 : 1_000_000)) - 3 }
            let groupOf = (0..<n).map { _ in Int32(next(UInt64(groupCount + 1))) - 1 }  // -1: in no group
            let (sorted, order) = RadixSort.sortedWithOrder(durations)
            let reference = (0..<groupCount).map { g -> LatencySummary? in
                let members = (0..<n).filter { groupOf[$0] == Int32(g) }.map { durations[$0] }.sorted()
                return members.isEmpty ? nil : LatencySummary(sorted: members)
            }
            let counts = (0..<groupCount).map { g in groupOf.filter { $0 == Int32(g) }.count }
            for ranks in [false, true] {
                let fast = AttributeComparison.latencyByGroup(
                    groupOf: groupOf, counts: counts, order: order, sorted: sorted, ranks: ranks)
                #expect(fast.latencies == reference, "trial \(trial)")
                #expect(fast.groupByRank == (ranks ? order.map { groupOf[$0] } : []), "trial \(trial)")
            }
            let group = groupOf.map { Int($0) + 1 }  // every position in one of groupCount + 1 groups
            let positions = AttributeComparison.positionsByGroup(group, groupCount: groupCount + 2)
            #expect(positions == (0..<groupCount + 2).map { g in (0..<n).filter { group[$0] == g } }, "trial \(trial)")
        }
    }
}
