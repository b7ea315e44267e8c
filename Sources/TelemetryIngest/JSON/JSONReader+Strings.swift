import CByteScan
import Vocabulary

/// String reading (RFC 8259 §7): escapes, `\uXXXX` with surrogate pairs, and repair of
/// invalid UTF-8 and lone surrogates with U+FFFD instead of failing, because telemetry carries
/// whatever bytes instrumented programs put in attribute values.
extension JSONReader {
    /// Reads the next string value.
    public mutating func readString() throws(JSONError) -> String {
        try withStringBytes { bytes throws(JSONError) in String(decoding: bytes, as: UTF8.self) }
    }

    /// Calls `body` with the unescaped UTF-8 bytes of the next string value. Strings without
    /// escapes are passed straight from the input buffer, without copying.
    public mutating func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(JSONError) -> R) throws(JSONError) -> R {
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw error("expected a string, found \(describeByte(at: position))")
        }
        let start = position + 1
        var i = plainRun(from: start)
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                position = i + 1
                return try body(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character (byte 0x\(String(b, radix: 16))) in a string; it must be escaped", at: i) }
            i += 1
        }
        guard i < end else { throw error("unexpected end of input in a string starting here", at: start - 1) }
        // A text with escapes read before: its bytes as they were unescaped then.
        if let known = escapedStrings.match(bytes, start: start, escape: i, end: end) {
            position = known.end + 1
            return try known.unescaped.withUnsafeBufferPointer { buffer throws(JSONError) in try body(buffer) }
        }
        // Slow path: copy what was scanned, then unescape the rest.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        position = i
        try unescapeRest(stringStart: start - 1)
        let copy = scratch
        escapedStrings.insert(UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), copy)
        return try copy.withUnsafeBufferPointer { buffer throws(JSONError) in try body(buffer) }
    }

    /// The first index at or after `from` that ends a plain run of string bytes (a quote, a
    /// backslash or a control character), or `end`: sixteen bytes a step (`byte_scan_string_run`,
    /// SSE2): ids, timestamps and names are most of an OTLP file's bytes. The byte loop after it
    /// decides what it found. Sixteen at a time: about 150 fewer instructions a span than eight
    /// (100k spans: 3,497 → 3,481 M; issue 7).
    @inline(__always) func plainRun(from: Int) -> Int {
        guard let base = bytes.baseAddress, from < end else { return from }
        return byte_scan_string_run(base, from, end)
    }

    /// Skips the next string value without building it (still checking its escapes).
    public mutating func skipString() throws(JSONError) {
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw error("expected a string, found \(describeByte(at: position))")
        }
        let start = position
        // Sixteen bytes at a time up to the first quote, backslash or control character, as
        // `withStringBytes` does: skipping repeated resources (`decodeRepeated`) runs here.
        var i = plainRun(from: position + 1)
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                position = i + 1
                return
            }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < end else { break }
                switch bytes[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 1
                case UInt8(ascii: "u"):
                    guard i + 4 < end else {
                        i = end
                        continue
                    }
                    for k in 1...4 where HexDigit.value(bytes[i + k]) == nil {
                        throw error("invalid \\u escape: expected 4 hex digits", at: i - 1)
                    }
                    i += 5
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(bytes[i])))' in a string", at: i - 1)
                }
                continue
            }
            if b < 0x20 { throw error("control character (byte 0x\(String(b, radix: 16))) in a string; it must be escaped", at: i) }
            i += 1
        }
        throw error("unexpected end of input in a string starting here", at: start)
    }

    /// Unescapes from `position` (at a backslash) to the closing quote into `scratch`.
    mutating func unescapeRest(stringStart: Int) throws(JSONError) {
        var i = position
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                position = i + 1
                return
            }
            if b < 0x20 { throw error("control character (byte 0x\(String(b, radix: 16))) in a string; it must be escaped", at: i) }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { break }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: i + 2) else {
                    if i + 6 > end { throw error("unexpected end of input in a string starting here", at: stringStart) }
                    throw error("invalid \\u escape: expected 4 hex digits", at: i)
                }
                i += 6
                if unit >= 0xD800 && unit <= 0xDBFF {
                    // A high surrogate must be followed by an escaped low one (RFC 8259 §7).
                    if i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                        let low = hex4(at: i + 2), low >= 0xDC00 && low <= 0xDFFF
                    {
                        i += 6
                        let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        appendUTF8(scalar)
                    } else {
                        appendUTF8(0xFFFD)
                    }
                } else if unit >= 0xDC00 && unit <= 0xDFFF {
                    appendUTF8(0xFFFD)
                } else {
                    appendUTF8(UInt32(unit))
                }
                continue
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i)
            }
            i += 2
        }
        throw error("unexpected end of input in a string starting here", at: stringStart)
    }

    func hex4(at offset: Int) -> UInt16? {
        guard offset + 4 <= end else { return nil }
        var v: UInt16 = 0
        for k in 0..<4 {
            guard let d = HexDigit.value(bytes[offset + k]) else { return nil }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
