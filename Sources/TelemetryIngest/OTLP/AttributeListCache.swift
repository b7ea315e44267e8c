import TelemetryModel
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Attribute lists by the JSON text they were decoded from, for the lists a file repeats byte
/// for byte: a collector writes the same few `"attributes":[…]` again and again (the same
/// method, route and status on thousands of spans), and decoding one — each key and value read,
/// hashed and looked up — was about a third of the read phase's CPU (issue 7).
///
/// A list is found by the text from its `[` to the first `]` after it, hashed: when those
/// bytes are a list decoded before, the bytes ahead begin with that list's whole text, and an
/// array ends at its own closing bracket, so a reader given them would read exactly that list
/// and nothing more. A list whose first `]` is not its end (a `]` in a string, a nested array)
/// is never found this way and is decoded each time, as it always was.
///
/// Only lists that decoded without a warning and hold no nested value (`StoredValue.other`,
/// which adds to the arena's side list) are kept: for those the entries are a function of the
/// text alone (strings are ids of the decoder's one table, interned the first time), so taking
/// them again appends exactly what decoding would. A file whose lists rarely repeat (ids in
/// attributes) would only pay for the hashing: after 256 lookups the cache stops looking when
/// fewer than a quarter found their list.
///
/// Each decoder has its own (a streamed round's run of some 1,250 spans learns its lists
/// afresh). Measured on the collector file, 500k spans, 12 alternating pairs: read phase 0.205 →
/// 0.164 s (CPU 0.334 → 0.266 s), the whole render 0.672 → 0.623 s; the simulated demo, whose
/// lists vary more, within the noise.
struct AttributeListCache {
    private var index = HashIndex(capacity: 256)
    /// Where each list's text is in `pool` and its entries in the three columns, by id: read
    /// together on a lookup, so kept together.
    private var lists: [List] = []
    private var pool: [UInt8] = []
    private var keys: [UInt32] = []
    private var kinds: [UInt8] = []
    private var payloads: [UInt64] = []
    private(set) var lookups = 0, hits = 0

    private struct List {
        var textStart: Int
        var textLength: Int
        var entryStart: Int
        var entryCount: Int
    }

    /// Lists kept at most (4,096 unless a test asks for fewer; 0 keeps none, which is decoding
    /// without the cache), and the longest text looked for: beyond them a file is not one that
    /// repeats a few lists.
    let capacity: Int
    static let maximumLength = 2048

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// Whether the cache is still worth looking in.
    var isUseful: Bool { lookups < 256 || hits * 4 >= lookups }

    /// The length of the known list that `bytes[from..<to]` begins with, having appended its
    /// entries to `arena`; nil when the bytes begin with no list the cache holds.
    mutating func take(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into arena: inout AttributeArena) -> Int? {
        guard isUseful, let length = Self.candidateLength(bytes, from: from, to: to) else { return nil }
        lookups += 1
        let text = UnsafeBufferPointer(rebasing: bytes[from..<from + length])
        guard let id = find(text, hash: Self.hash(text)).id else { return nil }
        hits += 1
        let list = lists[id]
        precondition(list.entryStart >= 0 && list.entryStart + list.entryCount <= keys.count)
        // Entry by entry: a list is a few entries, and `append(contentsOf:)` of a few elements
        // cost about 120 instructions a column where `append` of each costs a few (500k spans:
        // 178 M for the three columns, issue 7).
        keys.withUnsafeBufferPointer { keys in
            kinds.withUnsafeBufferPointer { kinds in
                payloads.withUnsafeBufferPointer { payloads in
                    for j in list.entryStart..<list.entryStart + list.entryCount {
                        arena.keys.append(keys[j])
                        arena.values.kinds.append(kinds[j])
                        arena.values.payloads.append(payloads[j])
                    }
                }
            }
        }
        return length
    }

    /// Remembers the entries `arena[entries]` as the list decoded from `text` (from its `[` to
    /// its `]`), unless the list cannot be found again or cannot be taken again (see above).
    mutating func insert(_ text: UnsafeBufferPointer<UInt8>, entries: Range<Int>, of arena: AttributeArena) {
        guard isUseful, lists.count < capacity, Self.candidateLength(text, from: 0, to: text.count) == text.count else {
            return
        }
        let otherCode = StoredValue.other(0).kindCode
        guard !arena.values.kinds[entries].contains(otherCode) else { return }
        let hash = Self.hash(text)
        let found = find(text, hash: hash)
        guard found.id == nil else { return }
        index.insert(hash, at: found.slot)
        lists.append(List(textStart: pool.count, textLength: text.count, entryStart: keys.count, entryCount: entries.count))
        pool.append(contentsOf: text)
        keys.append(contentsOf: arena.keys[entries])
        kinds.append(contentsOf: arena.values.kinds[entries])
        payloads.append(contentsOf: arena.values.payloads[entries])
    }

    /// The length of `bytes[from...]` up to and including the first `]`, if it starts with `[`
    /// and the `]` is within `maximumLength` and before `to`.
    @inline(__always)
    private static func candidateLength(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress, base[from] == UInt8(ascii: "[") else { return nil }
        guard let close = ByteSearch.first(UInt8(ascii: "]"), in: base, (from + 1)..<min(to, from + Self.maximumLength)) else {
            return nil
        }
        return close - from + 1
    }

    /// A hash of a list's text: four words at a time in four independent lanes, mixed at the
    /// end. A list is some 150 bytes, and `ByteInterner.hash`'s one chain of a multiply per word
    /// (made for names and values) was most of a lookup; text under 32 bytes goes to it.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        guard n >= 32, let base = bytes.baseAddress else { return ByteInterner.hash(bytes) }
        let p = UnsafeRawPointer(base)
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a: UInt64 = 0x243F_6A88_85A3_08D3, b: UInt64 = 0x1319_8A2E_0370_7344
        var c: UInt64 = 0xA409_3822_299F_31D0, d: UInt64 = 0x082E_FA98_EC4E_6C89
        var i = 0
        // Whole blocks of 32 bytes, then the last 32 (overlapping the one before).
        while true {
            let at = min(i, n - 32)
            a = (a ^ p.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* m
            b = (b ^ p.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)) &* m
            c = (c ^ p.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self)) &* m
            d = (d ^ p.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)) &* m
            if at == n - 32 { break }
            i += 32
        }
        var h = a ^ (b << 17 | b >> 47) ^ (c << 31 | c >> 33) ^ (d << 47 | d >> 17) ^ UInt64(n)
        h = (h ^ h >> 32) &* m
        return h ^ h >> 29
    }

    @inline(__always)
    private func find(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int?, slot: Int) {
        pool.withUnsafeBufferPointer { pool in
            lists.withUnsafeBufferPointer { lists in
                index.find(hash) { id in
                    lists[id].textLength == text.count
                        && memcmp(pool.baseAddress! + lists[id].textStart, text.baseAddress!, text.count) == 0
                }
            }
        }
    }
}
