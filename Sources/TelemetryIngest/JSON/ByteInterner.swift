import TelemetryModel

#if canImport(Glibc)
    import Glibc
#endif

/// Maps the raw UTF-8 bytes of a JSON string to its id in a `StringTable` without building a
/// `String` when the bytes were seen before — which, for span names, attribute keys and most
/// attribute values, is nearly always. An open-addressing table keyed by a hash of the bytes;
/// each entry keeps a copy of its bytes in one shared pool to compare against.
///
/// Only new strings are decoded (`String(decoding:as:)`, which repairs invalid UTF-8 with
/// U+FFFD exactly as `JSONReader.readString()` does) and interned into the table, so ids are
/// the ones the table would give for the same strings in any order of arrival.
struct ByteInterner {
    private var slots: [UInt32]  // entry index + 1; 0 = empty
    /// One entry per string: read together on every lookup, so kept together (one array, one
    /// bounds check, one cache line) rather than in a column each.
    private var entries: [Entry] = []
    private var pool: [UInt8] = []
    private var mask: Int

    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int32
        var id: UInt32
    }

    /// Strings longer than this are interned through the table alone (rare, and not worth a copy).
    static let maximumLength = 256

    init() {
        slots = [UInt32](repeating: 0, count: 1024)
        mask = 1023
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return h }
        let p = UnsafeRawPointer(base)
        // Eight bytes at a time, the last word overlapping the one before (FNV-1a over words is
        // plenty for names and values); shorter strings as one word made of two overlapping
        // halves or of their first, middle and last byte. No loop over single bytes: that
        // chain of multiplies was most of a lookup.
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01b3
                h ^= h >> 29
                i += 8
            }
            h = (h ^ p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* 0x0000_0100_0000_01b3
        } else if n >= 4 {
            let word = UInt64(p.loadUnaligned(as: UInt32.self)) | UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
            h = (h ^ word) &* 0x0000_0100_0000_01b3
        } else {
            let word = UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16
            h = (h ^ word) &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 29
        return h ^ UInt64(n)
    }

    /// Whether `count` bytes at `a` and `b` are the same: word by word (the strings are short,
    /// and a call to `memcmp` cost more than the comparison), the last word overlapping.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count n: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    /// The id of the string these bytes spell, interning it in `table` if it is new.
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>, in table: inout StringTable) -> UInt32 {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        guard bytes.count <= Self.maximumLength else { return table.intern(String(decoding: bytes, as: UTF8.self)) }
        let h = Self.hash(bytes)
        let found: (id: UInt32?, slot: Int) = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                pool.withUnsafeBufferPointer { pool in
                    var slot = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let e = Int(slots[slot])
                        if e == 0 { return (nil, slot) }
                        let entry = entries[e - 1]
                        if entry.hash == h && Int(entry.length) == bytes.count
                            && Self.same(pool.baseAddress! + Int(entry.start), start, count: bytes.count)
                        {
                            return (entry.id, slot)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let id = found.id { return id }
        let id = table.intern(String(decoding: bytes, as: UTF8.self))
        entries.append(Entry(hash: h, start: pool.count, length: Int32(bytes.count), id: id))
        pool.append(contentsOf: bytes)
        slots[found.slot] = UInt32(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index + 1)
        }
    }
}
