/// A hash map from a key of one or two 64-bit words (an interned id, or an attribute's key, kind
/// and payload) to a non-negative `Int32` id: open addressing with linear probing and a
/// multiply–xorshift hash of the words.
///
/// The report's hot loops give ids to millions of small integer keys (issue 7, speed). A
/// `Dictionary` hashes each with SipHash through `Hasher` and checks its storage's uniqueness on
/// every insert; this map does one multiply per word and a probe of adjacent slots, several times
/// faster for the same answers. Ids are whatever the caller stores, so the order a caller gives
/// them in (first met, say) is unchanged by using it.
public struct IntegerMap: Sendable {
    /// One slot: the key's two words and its value, `-1` when the slot is empty.
    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline var high: UInt64
        @usableFromInline var low: UInt64
        @usableFromInline var value: Int32

        @inlinable
        init(high: UInt64, low: UInt64, value: Int32) {
            self.high = high
            self.low = low
            self.value = value
        }
    }

    @usableFromInline var slots: [Slot]
    @usableFromInline var mask: Int
    @usableFromInline var stored = 0
    /// Keys stored.
    public var count: Int { stored }

    /// An empty map with room for about `capacity` keys before it grows.
    public init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Slot](repeating: Slot(high: 0, low: 0, value: -1), count: size)
        mask = size - 1
    }

    @inlinable @inline(__always)
    static func hash(_ high: UInt64, _ low: UInt64) -> Int {
        var h = (high &* 0x9E37_79B9_7F4A_7C15) ^ low
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// The value stored for the key, or nil.
    @inlinable
    public func value(forHigh high: UInt64 = 0, low: UInt64) -> Int32? {
        let v = find(high, low).value
        return v < 0 ? nil : v
    }

    /// The value stored for the key; when there is none, stores `newValue` (≥ 0) and returns
    /// nil, so that a caller numbering keys as it meets them can append in the same step.
    @inlinable
    public mutating func value(forHigh high: UInt64 = 0, low: UInt64, insertingIfAbsent newValue: Int32) -> Int32? {
        let (slot, v) = find(high, low)
        if v >= 0 { return v }
        precondition(newValue >= 0, "IntegerMap stores non-negative values")
        slots[slot] = Slot(high: high, low: low, value: newValue)
        stored += 1
        if stored * 2 > slots.count { grow() }
        return nil
    }

    /// The slot holding the key, or the empty slot where it would go, and the value there.
    @inlinable @inline(__always)
    func find(_ high: UInt64, _ low: UInt64) -> (slot: Int, value: Int32) {
        slots.withUnsafeBufferPointer { s in
            var i = Self.hash(high, low) & mask
            while true {
                let slot = s[i]
                if slot.value < 0 || (slot.high == high && slot.low == low) { return (i, slot.value) }
                i = (i + 1) & mask
            }
        }
    }

    /// Removes `high`, `low` if stored, moving back the keys after it in its run of slots
    /// (backward-shift deletion, so lookups never meet a hole inside a run); true if it was.
    ///
    /// Why: a caller undoing the last few keys it gave (the trace page's data, rolled back to the
    /// trace that passes its byte budget) removes them one by one, where rebuilding the table
    /// without them held twice the map's memory at once (48 MiB of slots for a unique value on
    /// each of 500k spans) and took 27 ms at each roll-back (issue 7).
    @discardableResult
    public mutating func remove(high: UInt64 = 0, low: UInt64) -> Bool {
        let found = find(high, low)
        guard found.value >= 0 else { return false }
        var hole = found.slot, next = found.slot
        while true {
            next = (next + 1) & mask
            let slot = slots[next]
            if slot.value < 0 { break }
            // The slot stays unless its home lies cyclically outside (hole, next]: then a lookup
            // starting at its home would stop at the hole, so it moves into it.
            let home = Self.hash(slot.high, slot.low) & mask
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if stays { continue }
            slots[hole] = slot
            hole = next
        }
        slots[hole] = Slot(high: 0, low: 0, value: -1)
        stored -= 1
        return true
    }

    @usableFromInline
    mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(high: 0, low: 0, value: -1), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.value >= 0 {
            var i = Self.hash(slot.high, slot.low) & mask
            while slots[i].value >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
