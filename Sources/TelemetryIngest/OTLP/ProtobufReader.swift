import Vocabulary

/// A cursor over Protocol Buffers wire-format bytes (https://protobuf.dev/programming-guides/encoding/),
/// for hand-written decoders that write straight into the model: no generated message objects,
/// nothing allocated per field.
///
/// A message is a sequence of fields, each a tag — a varint of `field number << 3 | wire type` —
/// and a value: a varint (wire type 0), 8 little-endian bytes (1), a varint length and that
/// many bytes (2: strings, bytes, nested messages, packed repeated scalars) or 4 bytes (5).
/// Groups (3, 4) are long deprecated and OTLP never uses them; they are rejected rather than
/// skipped. Decoders switch on the whole tag, so a field that arrives with an unexpected wire
/// type falls through to `skip(_:)` as an unknown field, as protobuf's own parsers treat it.
///
/// Every read is checked against `end`, the end of the innermost message being read, so a
/// length that runs past its enclosing message or a value cut off by the end of the input is
/// an error with its byte offset — never a read out of bounds.
struct ProtobufReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var position: Int
    /// The end of the message being read (exclusive).
    var end: Int

    static let varint: UInt32 = 0
    static let fixed64: UInt32 = 1
    static let lengthDelimited: UInt32 = 2
    static let fixed32: UInt32 = 5

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's tag, or nil at the end of the message. Field number 0 and the wire
    /// types 6 and 7 do not exist; they mean the bytes are not a message.
    @inline(__always)
    mutating func nextTag() throws(ProtobufError) -> UInt32? {
        guard position < end else { return nil }
        let at = position
        let b = bytes[position]
        let tag: UInt64
        if b < 0x80 {
            position += 1
            tag = UInt64(b)
        } else {
            tag = try readVarintSlow(what: "field tag")
        }
        guard tag >> 3 != 0, tag >> 3 <= 0x1FFF_FFFF else {
            throw ProtobufError(offset: at, message: "invalid field number \(tag >> 3) at byte \(at)")
        }
        let wireType = UInt32(tag & 7)
        guard wireType != 6 && wireType != 7 else {
            throw ProtobufError(offset: at, message: "invalid wire type \(wireType) (field \(tag >> 3)) at byte \(at)")
        }
        return UInt32(truncatingIfNeeded: tag)
    }

    @inline(__always)
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        if position < end {
            let b = bytes[position]
            if b < 0x80 {
                position += 1
                return UInt64(b)
            }
        }
        return try readVarintSlow(what: "varint")
    }

    /// Up to ten bytes, seven bits each, least significant first.
    mutating func readVarintSlow(what: String) throws(ProtobufError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw ProtobufError(offset: start, message: "truncated \(what) at byte \(start)")
            }
            let b = bytes[position]
            position += 1
            if shift == 63 && b > 1 {
                throw ProtobufError(offset: start, message: "\(what) longer than 64 bits at byte \(start)")
            }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    @inline(__always)
    mutating func readFixed64() throws(ProtobufError) -> UInt64 { try readFixed(UInt64.self) }

    @inline(__always)
    mutating func readFixed32() throws(ProtobufError) -> UInt32 { try readFixed(UInt32.self) }

    /// A time (`fixed64` nanoseconds since the epoch); one outside `UTCTime.supportedNanos` is
    /// an error at the field's value.
    @inline(__always)
    mutating func readTime() throws(ProtobufError) -> Int64 {
        let at = position
        let v = Int64(bitPattern: try readFixed64())
        guard UTCTime.supportedNanos.contains(v) else { throw ProtobufError(offset: at, message: UTCTime.rejection(of: v)) }
        return v
    }

    /// A `fixed64` or `fixed32`: little-endian, unaligned. Always inlined, so it is specialised
    /// for each width.
    @inline(__always)
    mutating func readFixed<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(ProtobufError) -> T {
        let size = MemoryLayout<T>.size
        guard end - position >= size else { throw truncated("fixed\(T.bitWidth)", size: size) }
        let v = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: T.self)
        position += size
        return T(littleEndian: v)
    }

    @inline(__always)
    mutating func readDouble() throws(ProtobufError) -> Double {
        Double(bitPattern: try readFixed64())
    }

    /// A `sint32`/`sint64`: ZigZag-encoded, so small negative numbers stay short.
    @inline(__always)
    mutating func readSignedVarint() throws(ProtobufError) -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// A length prefix, checked against what is left of the enclosing message.
    @inline(__always)
    mutating func readLength() throws(ProtobufError) -> Int {
        let at = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError(
                offset: at, message: "length \(length) at byte \(at) runs past the end of its message (\(end - position) bytes left)")
        }
        return Int(length)
    }

    /// The bytes of a length-delimited field (a string, bytes, or a message read elsewhere).
    @inline(__always)
    mutating func readBytes() throws(ProtobufError) -> UnsafeBufferPointer<UInt8> {
        let length = try readLength()
        let slice = UnsafeBufferPointer(rebasing: bytes[position..<position + length])
        position += length
        return slice
    }

    /// Enters a nested message: reads its length and makes its end the reader's end. Returns
    /// the enclosing message's end, for `endMessage(_:)`.
    @inline(__always)
    mutating func beginMessage() throws(ProtobufError) -> Int {
        let length = try readLength()
        let outer = end
        end = position + length
        return outer
    }

    /// Leaves a nested message entered with `beginMessage()`, after its last field.
    @inline(__always)
    mutating func endMessage(_ outer: Int) {
        position = end
        end = outer
    }

    /// Skips the value of a field the decoder does not read.
    mutating func skip(_ tag: UInt32) throws(ProtobufError) {
        switch tag & 7 {
        case Self.varint: _ = try readVarint()
        case Self.fixed64: _ = try readFixed64()
        case Self.lengthDelimited: position += try readLength()
        case Self.fixed32: _ = try readFixed32()
        default:
            throw ProtobufError(
                offset: position,
                message: "field \(tag >> 3) uses wire type \(tag & 7) (a group), which OTLP never uses, at byte \(position)")
        }
    }

    /// Reads a repeated scalar that may come packed (one length-delimited run) or unpacked
    /// (one field per value, wire type `elementWireType`); parsers must accept both.
    @inline(__always)
    mutating func readRepeated<T>(
        _ tag: UInt32, elementWireType: UInt32, into values: inout [T],
        _ element: (inout ProtobufReader) throws(ProtobufError) -> T
    ) throws(ProtobufError) {
        if tag & 7 == Self.lengthDelimited {
            let outer = try beginMessage()
            while position < end { values.append(try element(&self)) }
            endMessage(outer)
        } else if tag & 7 == elementWireType {
            values.append(try element(&self))
        } else {
            try skip(tag)
        }
    }

    private func truncated(_ what: String, size: Int) -> ProtobufError {
        ProtobufError(offset: position, message: "truncated \(what) at byte \(position) (\(end - position) of \(size) bytes left)")
    }
}
