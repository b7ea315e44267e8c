/// Every distinct string of a span table (span names, attribute keys and string values, event
/// names, status messages) stored once and addressed by a 32-bit id.
///
/// A million spans of a handful of operations then hold a million small integers instead of a
/// million `String`s: no reference counting when spans are sorted, copied or filtered, and one
/// comparison of integers where code used to compare text. Id 0 is always the empty string.
///
/// The index from text to id is an open-addressing table of ids beside each string's
/// `hashValue` rather than a `[String: UInt32]` (issue 7): with a unique value on every span,
/// merging the decoding threads' tables was a quarter of the read phase, most of it comparing
/// the text of every string met along each probe (a dictionary keeps no hashes) and hashing every
/// string again whenever it grew. Here a probe compares text only when the hashes are equal, and
/// growing re-places ids by their stored hashes. Equality is still `String`'s (canonical
/// equivalence) and its hash is consistent with it, so the ids are the ones the dictionary gave.
public struct StringTable: Sendable {
    public private(set) var strings: [String] = [""]
    /// `strings[id].hashValue`, by id.
    private var hashes: [Int] = ["".hashValue]
    /// `id + 1` of the string in each slot, 0 for an empty slot; at most half are full.
    private var slots: [UInt32]
    private var mask: Int

    public init() {
        slots = [UInt32](repeating: 0, count: 16)
        mask = 15
        slots[hashes[0] & mask] = 1
    }

    public var count: Int { strings.count }

    /// The id of `string`, adding it if new.
    @inlinable
    public mutating func intern(_ string: String) -> UInt32 {
        let hash = string.hashValue
        if let id = id(of: string, hash: hash) { return id }
        return append(string, hash: hash)
    }

    @usableFromInline
    mutating func append(_ string: String, hash: Int) -> UInt32 {
        let id = UInt32(strings.count)
        strings.append(string)
        hashes.append(hash)
        place(id, hash: hash)
        if strings.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `string` when the table holds it: a filter can then compare ids, and a key the
    /// table lacks matches nothing without scanning a span.
    public func id(of string: String) -> UInt32? { id(of: string, hash: string.hashValue) }

    @usableFromInline
    func id(of string: String, hash: Int) -> UInt32? {
        var slot = hash & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = Int(entry) - 1
            if hashes[id] == hash && strings[id] == string { return UInt32(id) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func place(_ id: UInt32, hash: Int) {
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = id + 1
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for id in hashes.indices { place(UInt32(id), hash: hashes[id]) }
    }

    public subscript(id: UInt32) -> String { strings[Int(id)] }

    /// Adds every string of `other` and returns, for each of its ids, the id it has here.
    public mutating func merge(_ other: StringTable) -> [UInt32] {
        var map: [UInt32] = []
        map.reserveCapacity(other.count)
        for id in other.strings.indices {
            let string = other.strings[id], hash = other.hashes[id]
            map.append(self.id(of: string, hash: hash) ?? append(string, hash: hash))
        }
        return map
    }
}
