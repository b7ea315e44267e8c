/// A 128-bit trace id, stored as two integers so that spans stay compact and compare fast.
///
/// OTLP/JSON carries ids as hex (any case) or base64 of 16 bytes; ingest normalises both.
/// The canonical text form is 32 lowercase hex digits (DESIGN §5).
public struct TraceID: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero id, which OTLP treats as invalid.
    public static let zero = TraceID(high: 0, low: 0)

    public var isZero: Bool { high == 0 && low == 0 }

    /// 32 lowercase hex digits.
    public var hex: String { HexFormat.hex(high: high, low: low) }

    public static func < (lhs: TraceID, rhs: TraceID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// Parses 1–32 hex digits of any case, left-padding shorter ids with zeros (Jaeger trims a
    /// leading zero, and 64-bit Zipkin/Jaeger ids are 16 digits).
    public init?(hex text: Substring) {
        guard !text.isEmpty, text.count <= 32 else { return nil }
        let padded = String(repeating: "0", count: 32 - text.count) + text
        guard let high = UInt64(padded.prefix(16), radix: 16),
            let low = UInt64(padded.suffix(16), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    public init?(hex text: String) { self.init(hex: Substring(text)) }

    /// Builds an id from exactly 16 big-endian bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<8 { h = h << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { l = l << 8 | UInt64(bytes[i]) }
        self.init(high: h, low: l)
    }
}

/// A 64-bit span id; zero means "none" (OTLP: an empty parent id marks a root span).
public struct SpanID: Hashable, Comparable, Sendable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public static let none = SpanID(0)

    public var isNone: Bool { value == 0 }

    /// 16 lowercase hex digits.
    public var hex: String { HexFormat.hex(value) }

    public static func < (lhs: SpanID, rhs: SpanID) -> Bool { lhs.value < rhs.value }

    public init?(hex text: Substring) {
        guard !text.isEmpty, text.count <= 16, let v = UInt64(text, radix: 16) else { return nil }
        self.init(v)
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        var v: UInt64 = 0
        for b in bytes { v = v << 8 | UInt64(b) }
        self.init(v)
    }
}

/// Fixed-width lowercase hex formatting shared by the id types.
public enum HexFormat {
    /// 16 lowercase hex digits, zero-padded.
    ///
    /// Written straight into the string's storage: an array of digits, a table behind a lazy
    /// global read for each digit and a decoding of the array were 1,600 instructions an id
    /// (18,000 ids on the pages of a 500k-span render).
    public static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            write(value, into: buffer.baseAddress!)
            return 16
        }
    }

    /// 32 lowercase hex digits: `high`'s then `low`'s, in one string.
    public static func hex(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            write(high, into: buffer.baseAddress!)
            write(low, into: buffer.baseAddress! + 16)
            return 32
        }
    }

    @inline(__always)
    static func write(_ value: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        var v = value
        for i in stride(from: 15, through: 0, by: -1) {
            let d = UInt8(truncatingIfNeeded: v & 0xF)
            out[i] = d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") - 10 + d
            v >>= 4
        }
    }
}
