/// A JSON number kept as its text (RFC 8259 §6), with exact integer views.
///
/// OTLP's 64-bit fields (`timeUnixNano`, `asInt`, `count`) exceed a double's 53-bit mantissa,
/// so integers are parsed straight from the digits, never through `Double`.
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number exactly as written.
    public let text: String
    /// True when written without fraction or exponent.
    public let isInteger: Bool

    public init(text: String, isInteger: Bool) {
        self.text = text
        self.isInteger = isInteger
    }

    public var description: String { text }

    /// The value as a double (nearest, as `strtod` in the C locale would give).
    public var double: Double { Double(text) ?? .nan }

    /// The exact value when it is an integer that fits in Int64 (also `1e3`, `5.0`).
    public var int64: Int64? {
        if isInteger { return Int64(text) }
        let d = double
        guard d.isFinite, d == d.rounded(), abs(d) < 9.2e18 else { return nil }
        return Int64(d)
    }

    /// The exact value when it is a non-negative integer that fits in UInt64.
    public var uint64: UInt64? {
        if isInteger { return text.hasPrefix("-") ? (text == "-0" ? 0 : nil) : UInt64(text) }
        let d = double
        guard d.isFinite, d >= 0, d == d.rounded(), d < 1.8e19 else { return nil }
        return UInt64(d)
    }
}

extension JSONReader {
    /// Reads the next number value.
    public mutating func readNumber() throws(JSONError) -> JSONNumber {
        let (start, isInteger) = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(text: text, isInteger: isInteger)
    }

    /// Consumes a number, checking the RFC 8259 grammar
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; returns where it started.
    mutating func scanNumber() throws(JSONError) -> (start: Int, isInteger: Bool) {
        skipWhitespace()
        let start = position
        var i = position
        var isInteger = true
        if i < end && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { throw endOfInput() }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(bytes[i]) {
            while i < end && isDigit(bytes[i]) { i += 1 }
        } else {
            throw error("expected a digit in a number, found \(describeByte(at: i))", at: i)
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < end else { throw endOfInput() }
            guard isDigit(bytes[i]) else { throw error("expected a digit after '.', found \(describeByte(at: i))", at: i) }
            while i < end && isDigit(bytes[i]) { i += 1 }
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end else { throw endOfInput() }
            guard isDigit(bytes[i]) else { throw error("expected a digit in an exponent, found \(describeByte(at: i))", at: i) }
            while i < end && isDigit(bytes[i]) { i += 1 }
        }
        position = i
        justOpened = false
        return (start, isInteger)
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Reads the next number as an exact Int64 straight from its digits, without building text.
    /// Nil when it has a fraction or exponent or overflows (the caller then uses `readNumber`).
    mutating func readInt64Fast() throws(JSONError) -> Int64? {
        let saved = position
        let (start, isInteger) = try scanNumber()
        guard isInteger else {
            position = saved
            return nil
        }
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        while i < position {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
            if o1 || o2 {
                position = saved
                return nil
            }
            magnitude = m2
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                position = saved
                return nil
            }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else {
            position = saved
            return nil
        }
        return Int64(magnitude)
    }
}
