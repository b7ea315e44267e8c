import CPrefetch

/// The ids 0, 1, 2, … of values kept elsewhere (a table's strings, distinct attribute lists),
/// found again by a 64-bit hash of the value: open addressing over slots that hold an id plus
/// one, each id's hash stored beside it.
///
/// Why: a probe asks the caller to compare values only when the hashes are equal (a Swift
/// dictionary keeps no hashes, so it compares every key it meets along a probe), and growing
/// re-places ids by their stored hashes without hashing any value again; the string table and
/// the sharing of attribute lists each kept this same slot table of their own (issue 7).
/// Equality stays the caller's: the index never decides that two values are the same.
public struct HashIndex: Sendable {
    /// `id + 1` in each slot, 0 for an empty one; a power of two long, at most half full.
    @usableFromInline var slots: [UInt32]
    @usableFromInline var mask: Int
    /// Each id's hash, by id.
    public private(set) var hashes: [UInt64] = []

    /// Room for `capacity` ids before the first growth.
    public init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { hashes.count }

    /// The id whose hash is `hash` and for which `isMatch(id)` holds; otherwise nil, and the
    /// slot where the value's id belongs (what `insert` takes).
    @inlinable
    public func find(_ hash: UInt64, where isMatch: (Int) -> Bool) -> (id: Int?, slot: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            let id = Int(entry) - 1
            if hashes[id] == hash && isMatch(id) { return (id, slot) }
            slot = (slot + 1) & mask
        }
    }

    /// Hints the slot where a probe for `hash` begins, for a loop that knows its hashes ahead
    /// (merging another table's ids: each probe into a large index is a wait for memory). A hint
    /// changes no result.
    @inlinable @inline(__always)
    public func prefetch(_ hash: UInt64) {
        slots.withUnsafeBufferPointer { cprefetch($0.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
    }

    /// Numbers the next value (id `count`), whose hash is `hash`, at `slot` from the `find` that
    /// did not find it; returns the id.
    @discardableResult
    public mutating func insert(_ hash: UInt64, at slot: Int) -> Int {
        let id = hashes.count
        hashes.append(hash)
        slots[slot] = UInt32(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for id in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id + 1)
        }
    }
}
