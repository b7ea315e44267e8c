import TelemetryModel
import Vocabulary

/// A byte buffer that appends canonical OTLP/JSON fragments.
///
/// The OTLP/JSON encoding (opentelemetry-proto `docs/specification.md`, "JSON Protobuf
/// Encoding") is proto3's JSON mapping with three exceptions we follow: trace and span ids are
/// lowercase hex, not base64; enums are integers; field names are lowerCamelCase. 64-bit
/// integers (`fixed64` times, `int64` attribute values, `uint64` counts) are JSON strings.
/// Writing bytes directly keeps the simulator fast enough for `--scale 100` and its output
/// independent of any JSON library's key order or number formatting.
struct OTLPJSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends text that is already JSON (punctuation, pre-rendered fragments).
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func raw(_ fragment: [UInt8]) {
        bytes.append(contentsOf: fragment)
    }

    /// Writes one export request, `{"<signal>":[…]}`, with one `{"resource":…,"<scopes>":[…]}`
    /// entry per run of equal resource in `order` (item indexes sorted by resource first);
    /// `scopes` writes a run's scope entries, given the run's positions in `order`. Log and
    /// trace batches share this envelope (the collector groups both by resource), so its
    /// framing is written once.
    mutating func exportRequest(
        _ signal: String, scopesKey: String, order: [Int], resource: (Int) -> Int, topology: DemoTopology,
        scopes: (inout OTLPJSONText, Range<Int>) -> Void
    ) {
        raw("{\"" + signal + "\":[")
        var position = 0
        while position < order.count {
            let current = resource(order[position])
            var end = position + 1
            while end < order.count, resource(order[end]) == current { end += 1 }
            if position > 0 { raw(",") }
            raw("{\"resource\":")
            raw(topology.resources[current].json)
            raw(",\"" + scopesKey + "\":[")
            scopes(&self, position..<end)
            raw("]}")
            position = end
        }
        raw("]}")
    }

    /// A JSON string, escaped as RFC 8259 §7 requires (quote, backslash, controls).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A 64-bit integer as a quoted decimal string (proto3 JSON for int64/fixed64/uint64).
    mutating func quotedInteger(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func quotedInteger(_ value: UInt64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A bare JSON integer (enums, 32-bit fields).
    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON number for a double: the shortest text that reads back as the same value.
    mutating func number(_ value: Double) {
        bytes.append(contentsOf: NumberFormat.shortest(value).utf8)
    }

    /// Lowercase hex of `value`, zero-padded to 16 digits, in quotes — one half of an id.
    mutating func hexID(_ parts: UInt64...) {
        bytes.append(UInt8(ascii: "\""))
        for value in parts {
            var shift = 60
            while shift >= 0 {
                bytes.append(Self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
                shift -= 4
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `[{"key":…,"value":{…}}, …]` — a list of OTLP `KeyValue`s.
    mutating func attributes(_ attributes: [Attribute]) {
        bytes.append(UInt8(ascii: "["))
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            raw("{\"key\":")
            string(attribute.key)
            raw(",\"value\":")
            anyValue(attribute.value)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An OTLP `AnyValue` object with the one field its kind uses.
    mutating func anyValue(_ value: AttributeValue) {
        switch value {
        case .string(let s):
            raw("{\"stringValue\":")
            string(s)
        case .bool(let b):
            raw(b ? "{\"boolValue\":true" : "{\"boolValue\":false")
        case .int(let i):
            raw("{\"intValue\":")
            quotedInteger(i)
        case .double(let d):
            raw("{\"doubleValue\":")
            number(d)
        case .bytes(let b):
            raw("{\"bytesValue\":")
            string(Base64.encode(b))
        case .array(let values):
            raw("{\"arrayValue\":{\"values\":[")
            for (index, element) in values.enumerated() {
                if index > 0 { raw(",") }
                anyValue(element)
            }
            raw("]}")
        case .kvlist(let pairs):
            raw("{\"kvlistValue\":{\"values\":")
            attributes(pairs)
            raw("}")
        case .empty:
            raw("{")
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
