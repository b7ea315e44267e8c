import Vocabulary

/// Every distinct string of a span table (span names, attribute keys and string values, event
/// names, status messages) stored once and addressed by a 32-bit id.
///
/// A million spans of a handful of operations then hold a million small integers instead of a
/// million `String`s: no reference counting when spans are sorted, copied or filtered, and one
/// comparison of integers where code used to compare text. Id 0 is always the empty string.
///
/// The index from text to id is a `HashIndex` over each string's `hashValue` rather than a
/// `[String: UInt32]` (issue 7): with a unique value on every span, merging the decoding
/// threads' tables was a quarter of the read phase, most of it comparing the text of every
/// string met along each probe (a dictionary keeps no hashes) and hashing every string again
/// whenever it grew. Equality is still `String`'s (canonical equivalence) and its hash is
/// consistent with it, so the ids are the ones the dictionary gave; `merge` reuses the other
/// table's stored hashes, so merging hashes nothing again.
public struct StringTable: Sendable {
    public private(set) var strings: [String] = [""]
    @usableFromInline var index = HashIndex()

    public init() {
        let hash = Self.hash("")
        index.insert(hash, at: index.find(hash) { _ in false }.slot)
    }

    public var count: Int { strings.count }

    @usableFromInline
    static func hash(_ string: String) -> UInt64 { UInt64(bitPattern: Int64(string.hashValue)) }

    /// The id of `string`, adding it if new.
    @inlinable
    public mutating func intern(_ string: String) -> UInt32 {
        intern(string, hash: Self.hash(string))
    }

    @usableFromInline
    mutating func intern(_ string: String, hash: UInt64) -> UInt32 {
        let found = index.find(hash) { strings[$0] == string }
        if let id = found.id { return UInt32(id) }
        strings.append(string)
        return UInt32(index.insert(hash, at: found.slot))
    }

    /// The id of `string` when the table holds it: a filter can then compare ids, and a key the
    /// table lacks matches nothing without scanning a span.
    public func id(of string: String) -> UInt32? {
        index.find(Self.hash(string)) { strings[$0] == string }.id.map(UInt32.init)
    }

    public subscript(id: UInt32) -> String { strings[Int(id)] }

    /// The UTF-8 length of string `id`, read in place: the subscript's copy retains the string's
    /// storage, a write to memory no other step may touch (a unique value per span: a cache miss
    /// each, issue 7).
    public func utf8Count(of id: UInt32) -> Int { strings[Int(id)].utf8.count }

    /// Adds every string of `other` and returns, for each of its ids, the id it has here.
    public mutating func merge(_ other: StringTable) -> [UInt32] {
        var map: [UInt32] = []
        map.reserveCapacity(other.count)
        for id in other.strings.indices { map.append(intern(other.strings[id], hash: other.index.hashes[id])) }
        return map
    }
}
