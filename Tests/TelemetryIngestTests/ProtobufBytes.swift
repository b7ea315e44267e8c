/// Builds protobuf wire-format bytes by hand for the decoder tests, field by field, so each test
/// states the exact bytes it feeds in (https://protobuf.dev/programming-guides/encoding/).
struct ProtobufBytes {
    var bytes: [UInt8] = []

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            let low = UInt8(v & 0x7F)
            v >>= 7
            out.append(v == 0 ? low : low | 0x80)
        } while v != 0
        return out
    }

    static func tag(_ field: UInt64, _ wireType: UInt64) -> [UInt8] { varint(field << 3 | wireType) }

    /// A varint field (int, uint, bool, enum).
    func varint(_ field: UInt64, _ value: UInt64) -> ProtobufBytes {
        ProtobufBytes(bytes: bytes + Self.tag(field, 0) + Self.varint(value))
    }

    /// A sint32/sint64 field (ZigZag).
    func signed(_ field: UInt64, _ value: Int64) -> ProtobufBytes {
        varint(field, UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func fixed64(_ field: UInt64, _ value: UInt64) -> ProtobufBytes {
        ProtobufBytes(bytes: bytes + Self.tag(field, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    func double(_ field: UInt64, _ value: Double) -> ProtobufBytes { fixed64(field, value.bitPattern) }

    func fixed32(_ field: UInt64, _ value: UInt32) -> ProtobufBytes {
        ProtobufBytes(bytes: bytes + Self.tag(field, 5) + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    func bytes(_ field: UInt64, _ value: [UInt8]) -> ProtobufBytes {
        ProtobufBytes(bytes: bytes + Self.tag(field, 2) + Self.varint(UInt64(value.count)) + value)
    }

    func string(_ field: UInt64, _ value: String) -> ProtobufBytes { bytes(field, Array(value.utf8)) }

    func message(_ field: UInt64, _ value: ProtobufBytes) -> ProtobufBytes { bytes(field, value.bytes) }

    /// A string `AnyValue` attribute (`KeyValue{key, value{string_value}}`).
    func attribute(_ field: UInt64, _ key: String, _ value: ProtobufBytes) -> ProtobufBytes {
        message(field, ProtobufBytes().string(1, key).message(2, value))
    }

    static func + (a: ProtobufBytes, b: ProtobufBytes) -> ProtobufBytes { ProtobufBytes(bytes: a.bytes + b.bytes) }
}
