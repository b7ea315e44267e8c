import Testing
import Vocabulary

/// `reserveForAppending`: room made as `append` makes it, at least doubling, so that a column
/// given a part at every merge is copied a logarithmic number of times, not at every merge.
@Suite struct ArrayStorageTests {
    @Test func roomThatIsThereIsKept() {
        var a: [Int] = []
        a.reserveCapacity(100)
        let (capacity, key) = (a.capacity, a.storageKey)
        a.append(contentsOf: 0..<60)
        a.reserveForAppending(capacity - 60)
        #expect(a.capacity == capacity && a.storageKey == key)
    }

    @Test func growingAtLeastDoubles() {
        var a = Array(0..<100)
        let capacity = a.capacity
        a.reserveForAppending(capacity - a.count + 1)
        #expect(a.capacity >= 2 * capacity)
        #expect(a == Array(0..<100))
        // More than doubling asks for: exactly what is needed or more.
        a.reserveForAppending(10 * a.capacity)
        #expect(a.capacity >= 100 + 10 * (2 * capacity))
    }

    /// A thousand appends of three elements each, room reserved before each as the span
    /// table's merges do: the storage moves a dozen times or so (`reserveCapacity(count + 3)`
    /// moved it at every append).
    @Test func manySmallAppendsMoveTheStorageRarely() {
        var a: [UInt32] = []
        var moves = 0
        for k in 0..<1_000 {
            let before = a.storageKey
            a.reserveForAppending(3)
            if a.storageKey != before { moves += 1 }
            a.append(contentsOf: [UInt32(k), UInt32(k), UInt32(k)])
        }
        #expect(a.count == 3_000)
        #expect(moves <= 16)
    }
}
