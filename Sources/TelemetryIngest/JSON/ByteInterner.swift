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
    private var entryHashes: [UInt64] = []
    private var entryStarts: [Int] = []
    private var entryLengths: [Int] = []
    private var entryIDs: [UInt32] = []
    private var pool: [UInt8] = []
    private var mask: Int

    /// Strings longer than this are interned through the table alone (rare, and not worth a copy).
    static let maximumLength = 256

    init() {
        slots = [UInt32](repeating: 0, count: 1024)
        mask = 1023
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        let n = bytes.count
        // Eight bytes at a time, then the tail: FNV-1a over words is plenty for names and values.
        while i + 8 <= n {
            let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
            i += 1
        }
        return h ^ UInt64(n)
    }

    /// The id of the string these bytes spell, interning it in `table` if it is new.
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>, in table: inout StringTable) -> UInt32 {
        if bytes.isEmpty { return 0 }
        guard bytes.count <= Self.maximumLength else { return table.intern(String(decoding: bytes, as: UTF8.self)) }
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[slot])
            if e == 0 { break }
            let entry = e - 1
            if entryHashes[entry] == h && entryLengths[entry] == bytes.count {
                let same = pool.withUnsafeBufferPointer { p in
                    memcmp(p.baseAddress! + entryStarts[entry], bytes.baseAddress!, bytes.count) == 0
                }
                if same { return entryIDs[entry] }
            }
            slot = (slot + 1) & mask
        }
        let id = table.intern(String(decoding: bytes, as: UTF8.self))
        entryHashes.append(h)
        entryStarts.append(pool.count)
        entryLengths.append(bytes.count)
        entryIDs.append(id)
        pool.append(contentsOf: bytes)
        slots[slot] = UInt32(entryIDs.count)
        if entryIDs.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for entry in entryIDs.indices {
            var slot = Int(truncatingIfNeeded: entryHashes[entry]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(entry + 1)
        }
    }
}
