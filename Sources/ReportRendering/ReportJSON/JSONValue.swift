import TelemetryModel
import Vocabulary

/// A JSON value with ordered object keys, so `report.json` is byte-identical across runs.
///
/// Not `indirect`, like `Node` and `AttributeValue`: objects and arrays hold their members in
/// arrays already, and the boxes were a heap allocation for every value.
public enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case int(Int64)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        JSONWriter.write(lhs) == JSONWriter.write(rhs)
    }

    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    public static func double(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number(d)
    }
}

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
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `write(value)`, its containers cut into pieces written on every core and joined in order:
    /// the same bytes, as each piece is written with the indent it has in the whole.
    ///
    /// Containers (objects, and arrays that are not one line) down to `depth` levels are cut into
    /// their members; deeper ones are written whole by one core. Why: `report.json` is written
    /// before the pages, on one core while the other waited; with 60 services it is 1.1 MB (the
    /// latency dashboard's 240 panels 0.96 MB of it), about 13 ms in a timeline of a 500k render
    /// (issue 7).
    ///
    /// An array of more than `chunkFrom` members that would be cut is cut into at most
    /// `chunkCount` runs of members instead, each written whole: with a span name per request (an
    /// id in the name) the window comparison lists tens of thousands of operations, and a piece
    /// per member (hundreds of thousands, each its own arrays) took longer than writing them.
    /// `ending` follows the text (`report.json`'s newline). The value is taken, not borrowed, so
    /// that the tree is let go with the pieces once they are written, before the text is made
    /// (the caller's copy held it to the end).
    public static func writeOnEveryCore(
        _ value: consuming JSONValue, depth: Int = 4, chunkFrom: Int = 256, chunkCount: Int = 64, ending: StaticString = ""
    ) -> String {
        let parts = writePartsOnEveryCore(value, depth: depth, chunkFrom: chunkFrom, chunkCount: chunkCount, ending: ending)
        return parts.count == 1 ? parts[0] : parts.joined()
    }

    /// `writeOnEveryCore`'s text as consecutive parts (at most `partCount`, of about equal
    /// size), each made from its pieces on some core, and each piece let go once copied.
    ///
    /// Why parts: a file's parts are written out in turn (`RenderedFile`), and one string of the
    /// whole was made on one core, which checked all of it as UTF-8 and copied it once more: with
    /// a span name per request `report.json` is 35 MB, and that check alone was 132 samples at
    /// 2 kHz (issue 7). Joining the pieces into bytes, a `String` of those and that string with
    /// the newline had been three copies alive at once; the pieces are still let go as they are
    /// copied, so no more than one copy and the parts in flight are.
    public static func writePartsOnEveryCore(
        _ value: consuming JSONValue, depth: Int = 4, chunkFrom: Int = 256, chunkCount: Int = 64, ending: StaticString = "",
        partCount: Int = 16
    ) -> [String] {
        var pieces: [Piece] = []
        var text = Bytes()
        let chunking = Chunking(from: max(1, chunkFrom), count: max(1, chunkCount))
        cut(value, indent: 0, depth: depth, chunking: chunking, text: &text, into: &pieces)
        _ = consume value
        if !text.bytes.isEmpty { pieces.append(.text(text.bytes)) }
        var written = CoreSplit.map(pieces.count) { k -> [UInt8] in
            switch pieces[k] {
            case .text(let bytes): return bytes
            case .value(let v, let indent):
                var out = Bytes()
                write(v, indent: indent, into: &out)
                return out.bytes
            case .items(let items, let indent, let closes):
                var out = Bytes()
                writeMembers(items, indent: indent, closes: closes, into: &out)
                return out.bytes
            }
        }
        pieces = []
        // Runs of consecutive pieces of about a `partCount`-th of the text each; every piece is
        // whole values or the text between them, so each run is UTF-8 on its own.
        let total = written.reduce(0) { $0 + $1.count }
        let most = max(1, partCount)
        let target = max(1, (total + most - 1) / most)
        var bounds = [0], run = 0
        for k in written.indices {
            run += written[k].count
            if run >= target && k + 1 < written.count && bounds.count < most {
                bounds.append(k + 1)
                run = 0
            }
        }
        bounds.append(written.count)
        let tail = UnsafeBufferPointer(start: ending.utf8Start, count: ending.utf8CodeUnitCount)
        let last = bounds.count - 2
        return written.withUnsafeMutableBufferPointer { bytes in
            CoreSplit.map(bounds.count - 1) { g -> String in
                let range = bounds[g]..<bounds[g + 1]
                let size = range.reduce(0) { $0 + bytes[$1].count } + (g == last ? tail.count : 0)
                return String(unsafeUninitializedCapacity: size) { buffer in
                    var at = 0
                    for k in range {
                        bytes[k].withUnsafeBufferPointer { piece in
                            _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + piece.count)]).initialize(fromContentsOf: piece)
                        }
                        at += bytes[k].count
                        // Each run's pieces are its own: let go here, on the core that copied them.
                        bytes[k] = []
                    }
                    if g == last {
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + tail.count)]).initialize(fromContentsOf: tail)
                        at += tail.count
                    }
                    return at
                }
            }
        }
    }

    /// A piece of `writeOnEveryCore`'s text: literal bytes, a value to write at an indent, or a
    /// run of an array's members, each at an indent and followed by `,` and a newline (the last
    /// by a newline alone when the run `closes` the array).
    enum Piece {
        case text([UInt8])
        case value(JSONValue, indent: Int)
        case items(ArraySlice<JSONValue>, indent: Int, closes: Bool)
    }

    /// When `cut` writes a large array's members in runs instead of one piece each.
    struct Chunking {
        var from: Int
        var count: Int
    }

    /// The pieces of `value` at `indent`, as `write` lays it out: the text between members goes
    /// into `text`, which becomes a piece of its own before each member cut off.
    static func cut(
        _ value: JSONValue, indent: Int, depth: Int, chunking: Chunking, text: inout Bytes, into pieces: inout [Piece]
    ) {
        func member(_ v: JSONValue) {
            if depth > 1 {
                cut(v, indent: indent + 2, depth: depth - 1, chunking: chunking, text: &text, into: &pieces)
            } else {
                if !text.bytes.isEmpty { pieces.append(.text(text.bytes)) }
                text = Bytes()
                pieces.append(.value(v, indent: indent + 2))
            }
        }
        switch value {
        case .object(let pairs) where depth > 0 && !pairs.isEmpty:
            text.append("{\n")
            for (i, (k, v)) in pairs.enumerated() {
                text.appendSpaces(indent + 2)
                string(k, into: &text)
                text.append(": ")
                member(v)
                text.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            text.appendSpaces(indent)
            text.append("}")
        case .array(let items) where depth > 0 && items.count > chunking.from && !items.allSatisfy(isCompact):
            text.append("[\n")
            pieces.append(.text(text.bytes))
            text = Bytes()
            let runs = min(chunking.count, items.count)
            for r in 0..<runs {
                let run = Parallel.part(r, of: items.count, parts: runs)
                pieces.append(.items(items[run], indent: indent + 2, closes: r == runs - 1))
            }
            text.appendSpaces(indent)
            text.append("]")
        case .array(let items) where depth > 0 && !items.isEmpty && !items.allSatisfy(isCompact):
            text.append("[\n")
            for (i, item) in items.enumerated() {
                text.appendSpaces(indent + 2)
                member(item)
                text.append(i + 1 < items.count ? ",\n" : "\n")
            }
            text.appendSpaces(indent)
            text.append("]")
        default:
            write(value, indent: indent, into: &text)
        }
    }

    /// The text being written, as UTF-8 bytes: appending to a growing `String` checks its
    /// capacity, uniqueness and ASCII flags on every piece, and the simulated demo's 3.4 MB
    /// `report.json` took 31 ms so, on one core while the others waited (issue 7).
    struct Bytes {
        var bytes: [UInt8] = []

        mutating func append(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func appendSpaces(_ count: Int) {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
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
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[at...]))
            }
        }
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout Bytes) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(i)
        case .number(let d):
            // `number(d)`, an integral value's digits written straight from the integer.
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out.append(Int64(d)) } else { out.append(number(d)) }
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
        }
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
        case .array(let items):
            return items.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                return true
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
