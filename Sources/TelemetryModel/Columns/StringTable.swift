import CPrefetch
import Vocabulary

/// Every distinct string of a span table (span names, attribute keys and string values, event
/// names, status messages) stored once and addressed by a 32-bit id.
///
/// A million spans of a handful of operations then hold a million small integers instead of a
/// million `String`s: no reference counting when spans are sorted, copied or filtered, and one
/// comparison of integers where code used to compare text. Id 0 is always the empty string.
///
/// The strings' UTF-8 bytes are kept one after another in one buffer (`bytes`, where string `id`
/// begins at `starts[id]`), not as a `String` each (issue 7, thirty-fourth pass): with a value
/// on every span that no other span has (a request id, a URL), half a million `String`s were
/// half a million heap objects of 64–96 bytes scattered over 40 MB, each read through a retain
/// that missed the cache when the trace page wrote them, and about 60 bytes a string more than
/// the bytes and their start. `self[id]` builds a `String` from the bytes (no allocation up to
/// 15 bytes); `withUTF8(of:_:)` and `utf8Count(of:)` read them in place.
///
/// The index from text to id is a `HashIndex` over each string's `hashValue` rather than a
/// `[String: UInt32]` (issue 7): with a unique value on every span, merging the decoding
/// threads' tables was a quarter of the read phase, most of it comparing the text of every
/// string met along each probe (a dictionary keeps no hashes) and hashing every string again
/// whenever it grew. Equality is still `String`'s (canonical equivalence) and its hash is
/// consistent with it, so the ids are the ones the dictionary gave: on equal hashes the bytes
/// are compared, and only when they differ and either string is not ASCII are the two compared
/// as `String`s; `merge` reuses the other table's stored hashes, so merging hashes nothing again.
public struct StringTable: Sendable {
    /// Every string's UTF-8 bytes in id order.
    @usableFromInline var bytes: [UInt8] = []
    /// Where each string begins in `bytes`, and one more: where the next would begin.
    @usableFromInline var starts: [Int] = [0, 0]
    @usableFromInline var index = HashIndex()
    /// A `String` made once for each of the first ids (`shareLeadingStrings`), which `self[id]`
    /// returns: span names, attribute keys and the common values come first in a file, and every
    /// copy of one of them then shares one storage, as when the table kept `String`s — equal
    /// names compare by that storage's address, and none is allocated again (the trace
    /// summaries' root names, grouped and interned by name for every trace).
    @usableFromInline var shared: [String] = []

    public init() {
        let hash = Self.hash("")
        index.insert(hash, at: index.find(hash) { _ in false }.slot)
    }

    public var count: Int { starts.count - 1 }

    @usableFromInline
    static func hash(_ string: String) -> UInt64 { UInt64(bitPattern: Int64(string.hashValue)) }

    /// The id of `string`, adding it if new.
    @inlinable
    public mutating func intern(_ string: String) -> UInt32 {
        intern(string, hash: Self.hash(string))
    }

    @usableFromInline
    mutating func intern(_ string: String, hash: UInt64) -> UInt32 {
        var string = string
        return string.withUTF8 { text in
            let found = index.find(hash) { matches($0, text) }
            if let id = found.id { return UInt32(id) }
            return add(text, hash: hash, at: found.slot)
        }
    }

    /// Appends a string not in the table, whose `find` ended at `slot`; returns its id.
    private mutating func add(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64, at slot: Int) -> UInt32 {
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        return UInt32(index.insert(hash, at: slot))
    }

    /// The id of `string` when the table holds it: a filter can then compare ids, and a key the
    /// table lacks matches nothing without scanning a span.
    public func id(of string: String) -> UInt32? {
        var string = string
        let hash = Self.hash(string)
        return string.withUTF8 { text in index.find(hash) { matches($0, text) }.id.map(UInt32.init) }
    }

    public subscript(id: UInt32) -> String {
        Int(id) < shared.count ? shared[Int(id)] : withUTF8(of: id) { String(decoding: $0, as: UTF8.self) }
    }

    /// Makes the `String`s of the first `limit` ids once, for `self[id]` to share (`shared`):
    /// at most 4,096 strings, a few hundred kilobytes, whatever the table's size. Called when a
    /// snapshot is finished; strings added later are made on each use.
    public mutating func shareLeadingStrings(_ limit: Int = 4_096) {
        shared = []
        shared = (0..<Swift.min(count, limit)).map { self[UInt32($0)] }
    }

    /// Whether `self[id]` returns a shared `String` (`shareLeadingStrings`).
    public func isShared(_ id: UInt32) -> Bool { Int(id) < shared.count }

    /// The UTF-8 bytes of string `id`, read in place (valid only inside `body`).
    @inlinable
    public func withUTF8<R>(of id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = starts[Int(id)], end = starts[Int(id) + 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The UTF-8 length of string `id`.
    @inlinable
    public func utf8Count(of id: UInt32) -> Int { starts[Int(id) + 1] - starts[Int(id)] }

    /// Whether string `id` equals `string` as `String`s compare, read in place: a filter tests
    /// every span's value this way without making a `String` of each.
    public func equals(_ id: UInt32, _ string: String) -> Bool {
        var string = string
        return string.withUTF8 { matches(Int(id), $0) }
    }

    /// Hints where string `id` begins (`starts[id]`), for a loop that reads strings in an order of
    /// its own: the first of two steps, as `SpanTable`'s hints go (`prefetchBytes` reads what this
    /// brought in). A hint changes no result.
    @inlinable @inline(__always)
    public func prefetchStart(of id: UInt32) {
        starts.withUnsafeBufferPointer { SpanTable.prefetch($0, at: Int(id)) }
    }

    /// Hints the first bytes of string `id` (its start read from `starts`).
    @inlinable @inline(__always)
    public func prefetchBytes(of id: UInt32) {
        guard Int(id) < count else { return }
        let start = starts[Int(id)]
        bytes.withUnsafeBufferPointer { SpanTable.prefetch($0, at: start) }
    }

    /// Every string, in id order (for tests and small tables).
    public var strings: [String] { (0..<count).map { self[UInt32($0)] } }

    /// Whether string `id` equals `text` (UTF-8 of a `String`) as `String`s do: the same bytes
    /// are equal, different ASCII bytes are not, anything else is compared as `String`s (two
    /// spellings of one character: canonical equivalence). Called only on equal hashes.
    private func matches(_ id: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        withUTF8(of: UInt32(id)) { stored in
            if stored.elementsEqual(text) { return true }
            if Self.isASCII(stored) && Self.isASCII(text) { return false }
            return String(decoding: stored, as: UTF8.self) == String(decoding: text, as: UTF8.self)
        }
    }

    private static func isASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy { $0 < 0x80 }
    }

    /// Adds every string of `other` and returns, for each of its ids, the id it has here.
    public mutating func merge(_ other: StringTable) -> [UInt32] {
        var map: [UInt32] = []
        map.reserveCapacity(other.count)
        other.bytes.withUnsafeBufferPointer { pool in
            for id in 0..<other.count {
                // The other table's hashes are known ahead: the probe's slot is hinted 8 strings
                // before it is read (with a unique value per span nearly every probe misses the
                // cache, and the merge runs on one core while the other decodes).
                if id + 8 < other.count { index.prefetch(other.index.hashes[id + 8]) }
                let text = UnsafeBufferPointer(rebasing: pool[other.starts[id]..<other.starts[id + 1]])
                let hash = other.index.hashes[id]
                let found = index.find(hash) { matches($0, text) }
                map.append(found.id.map(UInt32.init) ?? add(text, hash: hash, at: found.slot))
            }
        }
        return map
    }
}
