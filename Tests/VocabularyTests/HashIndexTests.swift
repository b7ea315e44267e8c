import Testing
import Vocabulary

/// `HashIndex`: ids in the order values are inserted, found again by hash and the caller's
/// equality, across growth and with colliding hashes.
struct HashIndexTests {
    /// Values kept beside an index, as its users keep them, with a hash the test chooses.
    struct Table {
        var values: [String] = []
        var index = HashIndex()
        let hash: (String) -> UInt64

        mutating func intern(_ value: String) -> Int {
            let found = index.find(hash(value)) { values[$0] == value }
            if let id = found.id { return id }
            values.append(value)
            return index.insert(hash(value), at: found.slot)
        }

        func id(of value: String) -> Int? { index.find(hash(value)) { values[$0] == value }.id }
    }

    @Test func idsFollowInsertionOrderAcrossGrowth() {
        var table = Table(hash: { UInt64(bitPattern: Int64($0.hashValue)) })
        var random = SplitMix64(seed: 3)
        var reference: [String: Int] = [:]
        for _ in 0..<30_000 {
            let value = "v\(random.next(upperBound: UInt64(9_000)))"
            let expected = reference[value] ?? reference.count
            reference[value] = expected
            #expect(table.intern(value) == expected)
        }
        #expect(table.index.count == reference.count)
        #expect(table.index.hashes.count == table.values.count)
        for (value, id) in reference { #expect(table.id(of: value) == id) }
        #expect(table.id(of: "absent") == nil)
    }

    @Test func equalHashesAreToldApartByTheCallersEquality() {
        // Every value hashes alike: each probe walks past the others, and only equality decides.
        var table = Table(hash: { _ in 42 })
        let values = (0..<100).map { "same-hash-\($0)" }
        for (k, value) in values.enumerated() { #expect(table.intern(value) == k) }
        for (k, value) in values.enumerated().reversed() { #expect(table.id(of: value) == k) }
        #expect(table.id(of: "same-hash-100") == nil)
        #expect(table.index.hashes == [UInt64](repeating: 42, count: 100))
    }
}
