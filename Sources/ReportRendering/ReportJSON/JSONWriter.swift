import Vocabulary

/// Serialises `JSONValue`s: objects one key per line for diffable output, short arrays of
/// scalars on one line; numbers in their shortest round-trip form; strings escaped per RFC 8259
/// with `<`, `>` and `&` also escaped so the text is safe to embed in an HTML `<script>` (no
/// `</script>`, `<!--` or `]]>` can form), braces inside strings as `\u007b`/`\u007d` (so data
/// never puts a `{{` into a page, where a template engine on a static host would expand it), and the code points XML forbids or a reader would
/// trip over (U+FFFE, U+FFFF, C1 controls, bidi controls) written as `\u` escapes: a JSON
/// parser reads back exactly the original text, while the page source holds only safe characters.
public enum JSONWriter {
    public static func write(_ value: JSONValue) -> String {
        var out = Bytes()
        write(value, indent: 0, into: &out)
        return out.string()
    }

    /// The text being written, as UTF-8 bytes: appending to a growing `String` checks its
    /// capacity, uniqueness and ASCII flags on every piece, and the simulated demo's 3.4 MB
    /// `report.json` took 31 ms so, on one core while the others waited (issue 7). Appended
    /// through a raw pointer (`AppendBuffer`), not an array: the window comparison with a span
    /// name per request is millions of appends of a few bytes, and an array's append (its checks,
    /// and a call to copy) was most of writing it.
    struct Bytes: ~Copyable {
        private var buffer = AppendBuffer<UInt8>(capacity: 256)

        var isEmpty: Bool { buffer.count == 0 }

        /// The bytes written, in an array of their count.
        func array() -> [UInt8] { buffer.array() }

        /// The bytes written, as text.
        func string() -> String { String(decoding: buffer.elements(from: 0), as: UTF8.self) }

        @inline(__always)
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }

        @inline(__always)
        mutating func append(_ text: StaticString) {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { append($0) }
        }

        /// An indent, copied from a line of spaces: `repeatElement` was appended a byte at a time,
        /// on every line of a 35 MB `report.json` with a span name per request (issue 7).
        mutating func appendSpaces(_ count: Int) {
            let spaces: StaticString = "                                "  // 32
            var left = count
            while left > 0 {
                let n = min(left, spaces.utf8CodeUnitCount)
                append(UnsafeBufferPointer(start: spaces.utf8Start, count: n))
                left -= n
            }
        }

        /// `String(value)`'s bytes, written from the digits without making the string: the
        /// window comparison's operations are mostly integers, tens of thousands of them with a
        /// span name per request (issue 7).
        mutating func append(_ value: Int64) {
            var magnitude = value.magnitude
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: "-" and 19 digits at most
            withUnsafeMutableBytes(of: &digits) { raw in
                var at = raw.count
                repeat {
                    at -= 1
                    raw[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                if value < 0 {
                    at -= 1
                    raw[at] = UInt8(ascii: "-")
                }
                append(UnsafeRawBufferPointer(rebasing: raw[at...]).assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout Bytes) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(i)
        case .number(let d): number(d, into: &out)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            if items.allSatisfy(isCompact) {
                out.append("[")
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(",") }
                    write(item, indent: indent, into: &out)
                }
                out.append("]")
                return
            }
            out.append("[\n")
            writeMembers(items[...], indent: indent + 2, closes: true, into: &out)
            out.appendSpaces(indent)
            out.append("]")
        case .object(let pairs):
            if pairs.isEmpty {
                out.append("{}")
                return
            }
            out.append("{\n")
            for (i, (k, v)) in pairs.enumerated() {
                out.appendSpaces(indent + 2)
                string(k, into: &out)
                out.append(": ")
                write(v, indent: indent + 2, into: &out)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            out.appendSpaces(indent)
            out.append("}")
        case .members(let members):
            if members.count == 0 {
                out.append("[]")
                return
            }
            out.append("[\n")
            writeMembers(members, 0..<members.count, indent: indent + 2, closes: true, into: &out)
            out.appendSpaces(indent)
            out.append("]")
        }
    }

    /// `number(d)`, an integral value's digits written straight from the integer.
    static func number(_ d: Double, into out: inout Bytes) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out.append(Int64(d)) } else { out.append(number(d)) }
    }

    /// An array's members one a line at `indent`, each followed by `,` and a newline, the last by
    /// a newline alone when they `close` the array: how `write` lays out an array that is not one
    /// line, and how `writeOnEveryCore` writes a run of a large array's members.
    static func writeMembers(_ items: ArraySlice<JSONValue>, indent: Int, closes: Bool, into out: inout Bytes) {
        for i in items.indices {
            out.appendSpaces(indent)
            write(items[i], indent: indent, into: &out)
            out.append(closes && i == items.endIndex - 1 ? "\n" : ",\n")
        }
    }

    /// `writeMembers` of the members `range` of a `JSONValue.members`, each written by its maker
    /// into the same bytes.
    static func writeMembers(
        _ members: JSONValue.Members, _ range: Range<Int>, indent: Int, closes: Bool, into out: inout Bytes
    ) {
        var stream = JSONStream(indent: indent)
        swap(&stream.out, &out)
        for k in range {
            stream.out.appendSpaces(indent)
            members.write(k, &stream)
            stream.out.append(closes && k == range.upperBound - 1 ? "\n" : ",\n")
        }
        swap(&stream.out, &out)
    }

    /// `string(_:into:)` into bytes: a plain string copied whole, any other escaped as text.
    static func string(_ s: String, into out: inout Bytes) {
        guard isPlain(s) else {
            var text = ""
            string(s, into: &text)
            return out.append(text)
        }
        out.append("\"")
        out.append(s)
        out.append("\"")
    }

    /// Scalars and arrays of scalars (such as `[t, v]` points) stay on one line.
    static func isCompact(_ v: JSONValue) -> Bool {
        switch v {
        case .object: return false
        case .members(let members): return members.count == 0
        case .array(let items):
            return items.allSatisfy {
                switch $0 {
                case .array, .object, .members: return false
                default: return true
                }
            }
        default: return true
        }
    }

    /// Shortest round-trip decimal; integral values without a fraction; non-finite as null.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Bytes `string(_:into:)` writes for `s`, quotes included.
    static func stringLength(_ s: String) -> Int {
        if isPlain(s) { return s.utf8.count + 2 }
        var out = ""
        string(s, into: &out)
        return out.utf8.count
    }

    /// True when every byte of `s` is printable ASCII that `string(_:into:)` writes as it is (no
    /// quote, backslash, `<`, `>`, `&` or brace), as nearly every name and value is: such a string
    /// is copied whole instead of scalar by scalar, with the same bytes as the result.
    static func isPlain(_ s: String) -> Bool {
        if let plain = s.utf8.withContiguousStorageIfAvailable(isPlain) { return plain }
        return Array(s.utf8).withUnsafeBufferPointer(isPlain)
    }

    /// `isPlain` of a string's UTF-8 bytes.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes {
            switch b {
            case 0x20...0x7E where b != 0x22 && b != 0x5C && b != 0x3C && b != 0x3E && b != 0x26 && b != 0x7B && b != 0x7D:
                continue
            default: return false
            }
        }
        return true
    }

    /// `stringLength` of a string given as its UTF-8 bytes (a `StringTable`'s, read in place):
    /// a plain one is measured without making a `String` of it.
    static func stringLength(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        isPlain(bytes) ? bytes.count + 2 : stringLength(String(decoding: bytes, as: UTF8.self))
    }

    static func string(_ s: String, into out: inout String) {
        if isPlain(s) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "{": out += "\\u007b"
            case "}": out += "\\u007d"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
