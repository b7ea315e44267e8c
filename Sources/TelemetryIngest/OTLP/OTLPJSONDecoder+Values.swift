import CByteScan
import TelemetryModel
import Vocabulary

/// Scalar fields as OTLP/JSON writes them, strictly where the data would be wrong otherwise
/// (ids, integers) and leniently where exporters disagree harmlessly (`"unit": 1`).
/// Rules: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding and the proto3 JSON
/// mapping (int64/uint64/fixed64 as decimal strings or numbers; enums as names or integers;
/// float NaN/Infinity as strings; bytes as base64 — except trace and span ids, which are hex).
extension OTLPJSONDecoder {
    /// A string field; a number is taken as its text (data-prepper writes `"unit": 1`).
    mutating func readString() throws(JSONError) -> String {
        let at = reader.valueOffset()
        switch try reader.peek() {
        case .string: return try reader.readString()
        case .number: return try reader.readNumber().text
        default: throw mismatch(at: at, expected: "a string")
        }
    }

    /// A bool field; the strings "true"/"false" are accepted too.
    mutating func readBool() throws(JSONError) -> Bool {
        let at = reader.valueOffset()
        switch try reader.peek() {
        case .bool: return try reader.readBool()
        case .string:
            switch try reader.readString() {
            case "true": return true
            case "false": return false
            default: break
            }
        default: break
        }
        throw mismatch(at: at, expected: "true or false")
    }

    /// A signed 64-bit integer written as a number or a decimal string.
    mutating func readInt64(what: String = "a 64-bit integer (number or decimal string)") throws(JSONError) -> Int64 {
        let at = reader.valueOffset()
        switch reader.nextByteIs(UInt8(ascii: "\"")) ? .string : try reader.peek() {
        case .number:
            if let v = try reader.readInt64Fast() { return v }
            if let v = try reader.readNumber().int64 { return v }
        case .string:
            let v = try reader.withStringBytes { b throws(JSONError) in Self.parseDecimal(b) }
            if let v { return v }
        default: break
        }
        throw mismatch(at: at, expected: what)
    }

    /// Times in nanoseconds since the epoch (`fixed64` in the proto).
    ///
    /// A time of this century is a string of 19 digits, two on every span: when the bytes are a
    /// quote, 19 digits (`byte_scan_decimal19`: no escape, quote or control character among them)
    /// and a quote, and the number is within Int64, that is the value `readInt64` would read,
    /// without its scan for the string's end; anything else goes to `readInt64` (a sign, other
    /// lengths, numbers, errors).
    /// A time outside `UTCTime.supportedNanos` is an error at the value.
    mutating func readTime() throws(JSONError) -> Int64 {
        let at = reader.valueOffset()
        let v: Int64
        if at + 21 <= reader.end, let base = reader.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
            base[at + 20] == UInt8(ascii: "\""), case let digits = byte_scan_decimal19(base + at + 1), digits <= UInt64(Int64.max)
        {
            reader.skip(verbatim: 21)
            v = Int64(digits)
        } else {
            v = try readInt64(what: "a time in nanoseconds (number or decimal string)")
        }
        guard UTCTime.supportedNanos.contains(v) else { throw JSONError(offset: at, message: UTCTime.rejection(of: v)) }
        return v
    }

    /// An unsigned 64-bit count written as a number or a decimal string.
    mutating func readUInt64() throws(JSONError) -> UInt64 {
        let at = reader.valueOffset()
        switch try reader.peek() {
        case .number:
            if let v = try reader.readInt64Fast(), v >= 0 { return UInt64(v) }
            reader.position = at
            if let v = try reader.readNumber().uint64 { return v }
        case .string:
            let text = try reader.readString()
            if let v = UInt64(text) { return v }
        default: break
        }
        throw mismatch(at: at, expected: "an unsigned 64-bit integer (number or decimal string)")
    }

    mutating func readInt32() throws(JSONError) -> Int32 {
        let at = reader.valueOffset()
        let v = try readInt64(what: "a 32-bit integer")
        guard let small = Int32(exactly: v) else { throw JSONError(offset: at, message: "expected a 32-bit integer, found \(v)") }
        return small
    }

    /// A double written as a number or a string (decimal, "NaN", "Infinity", "-Infinity").
    mutating func readDouble() throws(JSONError) -> Double {
        let at = reader.valueOffset()
        switch try reader.peek() {
        case .number:
            if let v = try reader.readInt64Fast() { return Double(v) }
            return try reader.readNumber().double
        case .string:
            let text = try reader.readString()
            switch text {
            case "NaN": return .nan
            case "Infinity", "+Infinity": return .infinity
            case "-Infinity": return -.infinity
            default:
                if let v = Double(text), !text.isEmpty, text.first != " " { return v }
            }
        default: break
        }
        throw mismatch(at: at, expected: "a number")
    }

    /// `bytes` fields: base64 (standard or URL-safe, padding optional).
    mutating func readBase64() throws(JSONError) -> [UInt8] {
        let at = reader.valueOffset()
        if try reader.peek() == .string, let bytes = Base64.decode(Substring(try reader.readString())) {
            return bytes
        }
        throw mismatch(at: at, expected: "base64 bytes")
    }

    /// An enum as an integer, a numeric string ("2") or a name with or without its prefix
    /// (`SPAN_KIND_SERVER`, `SERVER`); unknown integers map to 0, as proto3 keeps them open.
    mutating func readEnum(prefix: String, names: [String], what: String) throws(JSONError) -> Int {
        let at = reader.valueOffset()
        // One digit and then `,` or `}` (a collector writes `"kind":2`): read from its byte, as
        // `readInt64Fast` reads it, without scanning a number (every span has a kind).
        if at + 1 < reader.end {
            let digit = reader.bytes[at] &- UInt8(ascii: "0"), after = reader.bytes[at + 1]
            if digit < 10 && (after == UInt8(ascii: ",") || after == UInt8(ascii: "}")) {
                reader.skip(verbatim: 1)
                return names.indices.contains(Int(digit)) ? Int(digit) : 0
            }
        }
        switch try reader.peek() {
        case .number:
            if let v = try reader.readInt64Fast() { return names.indices.contains(Int(v)) ? Int(v) : 0 }
        case .string:
            let text = try reader.readString()
            if let v = Int(text) { return names.indices.contains(v) ? v : 0 }
            let upper = text.uppercased()
            let name = upper.hasPrefix(prefix) ? String(upper.dropFirst(prefix.count)) : upper
            if let i = names.firstIndex(of: name) { return i }
        default: break
        }
        throw mismatch(at: at, expected: what)
    }

    static let spanKindNames = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"]
    static let statusCodeNames = ["UNSET", "OK", "ERROR"]
    static let temporalityNames = ["UNSPECIFIED", "DELTA", "CUMULATIVE"]

    /// The usual id's digits, straight from the bytes at `at` (the value's first byte): when a
    /// quote, `count` bytes and a quote stand there, the `count` bytes between the quotes.
    /// `OTLPIdentifiers` then reads them exactly as it reads the string path's bytes, and the
    /// reader steps past the closing quote only if it took them (`taking`). Anything else
    /// (base64, escapes, an empty id, another value) goes the string path with the reader
    /// unmoved: hex digits hold no quote, backslash or control byte, so an id taken here is the
    /// one the string path takes, without scanning the string first. A trace id took about 259
    /// instructions that way, a span id about 210 (500k spans: 3 ids a span, issue 7).
    @inline(__always)
    mutating func quotedID<ID>(at: Int, count: Int, _ taking: (UnsafeBufferPointer<UInt8>) -> ID?) -> ID? {
        guard at + count + 2 <= reader.end, let base = reader.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
            base[at + count + 1] == UInt8(ascii: "\""), let id = taking(UnsafeBufferPointer(start: base + at + 1, count: count))
        else { return nil }
        reader.skip(verbatim: count + 2)
        return id
    }

    /// A trace id: 32 hex digits of any case, or base64 of 16 bytes; empty means none.
    mutating func readTraceID() throws(JSONError) -> TraceID {
        let at = reader.valueOffset()
        if let id = quotedID(at: at, count: 32, OTLPIdentifiers.traceID) { return id }
        if try reader.peekIs(.string, first: UInt8(ascii: "\"")),
            let id = try reader.withStringBytes({ b throws(JSONError) in OTLPIdentifiers.traceID(b) })
        {
            return id
        }
        throw mismatch(at: at, expected: "32 hex digits or base64 of 16 bytes")
    }

    /// A span id: 16 hex digits of any case, or base64 of 8 bytes; empty means none (a root).
    mutating func readSpanID() throws(JSONError) -> SpanID {
        let at = reader.valueOffset()
        if let id = quotedID(at: at, count: 16, OTLPIdentifiers.spanID) { return id }
        if try reader.peekIs(.string, first: UInt8(ascii: "\"")),
            let id = try reader.withStringBytes({ b throws(JSONError) in OTLPIdentifiers.spanID(b) })
        {
            return id
        }
        throw mismatch(at: at, expected: "16 hex digits or base64 of 8 bytes")
    }

    /// A `parentSpanId`: a span id, or a word for "no parent" (see `isNoParentPlaceholder`),
    /// which makes the span a root with a warning.
    mutating func readParentSpanID() throws(JSONError) -> SpanID {
        let at = reader.valueOffset()
        if let id = quotedID(at: at, count: 16, OTLPIdentifiers.spanID) { return id }
        if try reader.peekIs(.string, first: UInt8(ascii: "\"")),
            let id = try reader.withStringBytes({ b throws(JSONError) in OTLPIdentifiers.spanID(b) })
        {
            return id
        }
        reader.position = at
        if try reader.peek() == .string {
            let text = try reader.readString()
            if Self.isNoParentPlaceholder(text) {
                warnings.append(
                    (
                        JSONError(offset: at, message: "parentSpanId \"\(text)\" is not a span id; the span is taken as a root"),
                        documentStart
                    ))
                return .none
            }
        }
        throw mismatch(at: at, expected: "16 hex digits or base64 of 8 bytes")
    }

    /// An optional leading '-' and decimal digits, exactly, within Int64.
    ///
    /// Leading zeros add nothing, and past them more than 19 digits are beyond Int64 whatever
    /// they are. Up to 19 digits cannot overflow a `UInt64` (10^19 - 1 < 2^64), so the number is
    /// read without overflow checks: one digit at a time up to the last sixteen, those at once
    /// (`byte_scan_decimal16`, as a span's times are read in `readTime`'s own fast path).
    static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let base = b.baseAddress, !b.isEmpty else { return nil }
        let n = b.count
        var i = 0
        let negative = base[0] == UInt8(ascii: "-")
        if negative || base[0] == UInt8(ascii: "+") { i = 1 }
        guard i < n else { return nil }
        while i < n - 1 && base[i] == UInt8(ascii: "0") { i += 1 }
        guard n - i <= 19 else { return nil }
        var magnitude: UInt64 = 0
        let head = n - i >= 16 ? n - 16 : n
        while i < head {
            let d = base[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            magnitude = magnitude &* 10 &+ UInt64(d)
            i += 1
        }
        if i < n {
            var sixteen: UInt64 = 0
            guard byte_scan_decimal16(base + i, &sixteen) != 0 else { return nil }
            magnitude = magnitude &* 10_000_000_000_000_000 &+ sixteen
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        return Int64(exactly: magnitude)
    }
}
