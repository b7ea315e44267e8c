import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// Spearman's ranks from the radix sort of `sortKey` against the definition: each value's rank
/// is 1 + the number of values below it + (the number equal to it, itself included, − 1) / 2.
struct SpearmanTests {
    static func definition(_ values: [Double]) -> [Double] {
        var below: [Double: Int] = [:], equal: [Double: Int] = [:]
        for (i, v) in values.sorted().enumerated() {
            if below[v] == nil { below[v] = i }
            equal[v, default: 0] += 1
        }
        return values.map { Double(below[$0]!) + Double(equal[$0]! + 1) / 2 }
    }

    @Test func sortKeysOrderAsTheValuesDo() {
        let values: [Double] = [
            -.infinity, -.greatestFiniteMagnitude, -2, -1, -.leastNonzeroMagnitude, -0.0, 0, .leastNonzeroMagnitude, 1, 2, .infinity,
        ]
        let keys = values.map(Spearman.sortKey)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// Above the radix sort's minimum count: integers with many ties (a status code), spread
    /// doubles, negatives, both zeros and infinities; below it, the comparison sort.
    @Test func ranksAreTheDefinitionsWithTiesAveraged() {
        var random = SplitMix64(seed: 11)
        let shapes: [[Double]] = [
            (0..<2_000).map { _ in Double(200 + 100 * random.int(in: 0...3)) },
            (0..<3_000).map { _ in Double(random.int(in: -1_000_000...1_000_000)) / 7 },
            (0..<1_000).map { i in [-0.0, 0.0, -.infinity, .infinity, 1e300, -1e-300][i % 6] },
            (0..<100).map { _ in Double(random.int(in: 0...9)) },
        ]
        for values in shapes {
            #expect(Spearman.ranks(values) == Self.definition(values))
        }
        // With a NaN the comparison sort decides, as before.
        let withNaN = (0..<500).map { i in i == 250 ? Double.nan : Double(i % 17) }
        let ranks = Spearman.ranks(withNaN)
        #expect(ranks.count == 500 && ranks[0] == ranks[17])
    }
}
