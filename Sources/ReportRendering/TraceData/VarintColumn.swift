/// A column of integers as the trace page's embedded data stores them (`TraceTableData`): each
/// value written as an unsigned LEB128 varint (seven bits a byte, low bits first, the high bit
/// set on every byte but the last), as protobuf writes `uint64`; a column that may hold negative
/// numbers zigzag-maps them first (0, −1, 1, −2, … → 0, 1, 2, 3, …), as protobuf's `sint64`.
/// Small numbers — counts, indexes, offsets — take one or two bytes where JSON text takes their
/// digits and a comma; the page reads the bytes back with `atob` and a short loop
/// (`static/filter-language.js`, `readColumn`).
struct VarintColumn {
    private(set) var bytes: [UInt8] = []
    /// Whether values are zigzag-mapped (the column may hold negative numbers).
    let signed: Bool

    init(signed: Bool = false) { self.signed = signed }

    init(bytes: [UInt8], signed: Bool) {
        self.bytes = bytes
        self.signed = signed
    }

    /// `value` as the column stores it: zigzag-mapped in a signed column; in an unsigned one a
    /// negative value (which the callers rule out) is 0.
    @inline(__always)
    static func mapped(_ value: Int64, signed: Bool) -> UInt64 {
        signed ? UInt64(bitPattern: (value << 1) ^ (value >> 63)) : UInt64(max(0, value))
    }

    /// Appends `value` (see `mapped`).
    mutating func append(_ value: Int64) {
        var v = Self.mapped(value, signed: signed)
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func append(_ value: Int) { append(Int64(value)) }

    /// Appends raw bytes (a trace id's 16).
    mutating func append(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    mutating func append(contentsOf other: VarintColumn) { bytes.append(contentsOf: other.bytes) }

    var count: Int { bytes.count }

    /// Empties the column, keeping its storage for the next values.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Decodes a column written by `append(_:)`, for tests: `count` values from `offset`.
    static func decode(_ bytes: [UInt8], from offset: inout Int, count: Int, signed: Bool = false) -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = bytes[offset]
                offset += 1
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { break }
                shift += 7
            }
            out.append(signed ? Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) : Int64(bitPattern: v))
        }
        return out
    }
}

/// A varint column written through a raw pointer, for the loops that write millions of values
/// (`TraceTableData.SpanChunk`: five a span; `RecordChunk`: three a trace). `VarintColumn.append`
/// goes through the array's append for every byte, which checks the buffer's uniqueness and
/// room each time: 2% of a 500k-span render, against about a third of that here, where the room
/// for a whole varint (ten bytes) is checked once. `column()` copies the bytes out when the loop
/// is done.
struct VarintBuffer: ~Copyable {
    private var bytes: AppendBuffer<UInt8>
    let signed: Bool

    init(signed: Bool = false, capacity: Int = 4096) {
        self.signed = signed
        bytes = AppendBuffer(capacity: capacity)
    }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func append(_ value: Int64) {
        bytes.reserve(10)
        var v = VarintColumn.mapped(value, signed: signed)
        while v >= 0x80 {
            bytes.appendInRoom(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.appendInRoom(UInt8(v))
    }

    @inline(__always)
    mutating func append(_ value: Int) { append(Int64(value)) }

    /// The bytes written, as a column.
    func column() -> VarintColumn { VarintColumn(bytes: bytes.array(), signed: signed) }
}
