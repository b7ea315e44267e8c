import Testing
import Vocabulary

@testable import TelemetryModel

/// The sparse columns of a span table (events, links, status messages; issue 7, memory): every
/// operation must read back exactly what the same operation on a plain array gives.
@Suite struct SparseColumnTests {
    /// `count` values, each the default (0) unless `chance` picks a value from 1 to 9.
    static func values(_ count: Int, chance: Double, seed: UInt64) -> [UInt32] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in random.chance(chance) ? UInt32(random.int(in: 1...9)) : 0 }
    }

    static func column(_ values: [UInt32]) -> SparseColumn<UInt32> {
        var column = SparseColumn<UInt32>(defaultValue: 0)
        for v in values { column.append(v) }
        return column
    }

    @Test func aColumnOfDefaultsStoresOnlyItsCount() {
        let column = Self.column([0, 0, 0, 0])
        #expect(column.count == 4 && column.indexes.isEmpty && column.values.isEmpty)
        #expect(Array(column) == [0, 0, 0, 0])
        #expect(column.permuted(by: [3, 2, 1, 0]).count == 4)
    }

    @Test func onlyValuesOtherThanTheDefaultAreStored() {
        let column = Self.column([0, 5, 0, 0, 7, 0])
        #expect(column.indexes == [1, 4] && column.values == [5, 7])
        #expect(Array(column) == [0, 5, 0, 0, 7, 0])
        #expect(column.entries(in: 2..<6).map(\.index) == [4] && column.entries(in: 2..<6).map(\.value) == [7])
        #expect(column.entries(in: 0..<1).isEmpty)
        #expect(column.storedEntries.map(\.0) == [1, 4])
    }

    /// Dense and sparse, sparse only, every entry stored: reading, slices and the sort's gather
    /// give what a plain array gives.
    @Test(arguments: [0.0, 0.01, 0.3, 1.0])
    func everyOperationMatchesAPlainArray(chance: Double) {
        let dense = Self.values(5_000, chance: chance, seed: 7)
        let column = Self.column(dense)
        #expect(column.count == dense.count)
        #expect(Array(column) == dense)
        #expect(column.indexes.count == dense.filter { $0 != 0 }.count)
        let slice = 1_234..<3_001
        let expectedEntries = slice.filter { dense[$0] != 0 }
        #expect(column.entries(in: slice).map(\.index) == expectedEntries)
        #expect(column.entries(in: slice).map(\.value) == expectedEntries.map { dense[$0] })

        var random = SplitMix64(seed: 11)
        let order = (0..<UInt32(dense.count)).shuffled(using: &random)
        let permuted = column.permuted(by: order)
        #expect(Array(permuted) == order.map { dense[Int($0)] })
        #expect(permuted.indexes == permuted.indexes.sorted())

        let picks = [4_999, 0, 17, 17, 2_500]
        #expect(Array(column.gathering(picks)) == picks.map { dense[$0] })
    }

    /// Appending a column shifts its positions past this column's and maps its values; a value
    /// mapped to the default is not stored.
    @Test func appendingAColumnShiftsItsEntriesAndMapsItsValues() {
        var a = Self.column([0, 3, 0])
        let b = Self.column([2, 0, 4, 9])
        a.append(contentsOf: b) { $0 == 9 ? 0 : $0 * 10 }
        #expect(a.count == 7)
        #expect(Array(a) == [0, 3, 0, 20, 0, 40, 0])
        #expect(a.indexes == [1, 3, 5])
    }

    /// A column given a part's entries at every merge (a file's span events, part by part) grows
    /// as appending grows: its storage moved at every merge when each append reserved exactly
    /// the room it needed (issue 7: 86% of a render's page faults on a file with events).
    @Test func mergingManyPartsMovesTheStorageRarely() {
        var merged = SparseColumn<UInt32>(defaultValue: 0)
        let part = Self.column([1, 0, 2, 3])
        var moves = 0
        for _ in 0..<1_000 {
            let before = merged.indexes.storageKey
            merged.append(contentsOf: part) { $0 }
            if merged.indexes.storageKey != before { moves += 1 }
        }
        #expect(merged.count == 4_000 && merged.indexes.count == 3_000)
        #expect(Array(merged.prefix(8)) == [1, 0, 2, 3, 1, 0, 2, 3])
        #expect(moves <= 16)
    }
}
