/// A byte-level pull reader for JSON (RFC 8259) over a buffer of UTF-8 bytes.
///
/// Why our own: Foundation's `JSONDecoder` runs at 15–18 MB/s and `JSONSerialization` at
/// 4–7 MB/s with 6–70× the input's size in memory, while a byte scan reaches 300–500 MB/s
/// (FACTS.md; DESIGN §7). The reader builds no tree: a decoder asks for the next value of the
/// kind it expects and skips what it does not know. Numbers are kept as text until asked for,
/// so 64-bit integers stay exact. Every error carries the byte offset it was found at;
/// `location(of:)` turns it into a 1-based line and column.
///
/// The reader does not own its bytes: create it inside `withUnsafeBufferPointer` (or over a
/// mapped file) and do not let it outlive the buffer.
public struct JSONReader {
    /// The whole buffer; offsets and line numbers are relative to its start.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public internal(set) var position: Int
    /// The offset the reader stops at (exclusive).
    public let end: Int
    /// True right after `{` or `[`, so that the first key or element needs no comma.
    var justOpened = false
    /// The offset of the opening quote of the last key returned by `nextKey()`.
    public internal(set) var keyOffset = 0
    /// Reused storage for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Strings with escapes read before, by their text (`EscapedStrings`).
    var escapedStrings = EscapedStrings()
    /// Deepest nesting `skipValue()` accepts before reporting an error instead of overflowing the stack.
    public static let maximumDepth = 512

    /// A reader over `bytes[start..<end]`; offsets stay relative to the start of `bytes`, so a
    /// reader over one line of a JSON Lines file reports the file's line numbers.
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    // MARK: Errors and locations

    /// An error at `offset` (the current position when nil).
    public func error(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? position, message: message)
    }

    func endOfInput() -> JSONError { JSONError(offset: end, message: "unexpected end of input") }

    /// 1-based line and column of a byte offset; the column counts characters (UTF-8 lead bytes).
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let limit = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<limit where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        for i in lineStart..<limit where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    // MARK: Whitespace and peeking

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            let b = bytes[position]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 } else { return }
        }
    }

    /// Skips whitespace; true when nothing but whitespace is left.
    public mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position >= end
    }

    /// Skips whitespace and returns the offset where the next value starts. Always inlined: the
    /// decoder asks it before every time, id and number it reads (a call each, 1.5 million at
    /// 500k spans, where compact JSON has no whitespace to skip).
    @inline(__always)
    public mutating func valueOffset() -> Int {
        skipWhitespace()
        return position
    }

    /// The kind of the next value, without consuming it.
    public mutating func peek() throws(JSONError) -> JSONValueKind {
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw error("expected a value, found \(describeByte(at: position))")
        }
    }

    /// `try peek() == kind`, answered from the byte `first` that starts every value of `kind`
    /// when it is there (the usual case), without a call; otherwise by `peek()`, with its errors.
    @inline(__always)
    public mutating func peekIs(_ kind: JSONValueKind, first: UInt8) throws(JSONError) -> Bool {
        if nextByteIs(first) { return true }
        return try peek() == kind
    }

    /// A short description of the byte at `offset` for messages (`'}'`, `end of input`).
    func describeByte(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "byte 0x" + String(b, radix: 16) }
        return "a non-ASCII character"
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        guard bytes[position] == byte else { throw error("expected \(what), found \(describeByte(at: position))") }
        position += 1
    }

    // MARK: Containers

    /// Consumes `{`; then call `nextKey()` until it returns nil.
    public mutating func beginObject() throws(JSONError) {
        try expect(UInt8(ascii: "{"), "an object")
        justOpened = true  // no `,` before the first member (`nextMember`)
    }

    /// Consumes `[`; then call `nextElement()` before each element until it returns false.
    public mutating func beginArray() throws(JSONError) {
        try expect(UInt8(ascii: "["), "an array")
        justOpened = true
    }

    /// Moves to the next key of the current object and consumes its `:`; false at `}` (consumed).
    ///
    /// Runs once per key of the file, so the usual cases — the first key right after `{`, a
    /// `,` right before the key's quote, a `}` — are decided here, inlined where it is called;
    /// everything else (whitespace, errors) by `nextKeyStartInFull()`, which decides every case.
    @inline(__always)
    mutating func nextKeyStart() throws(JSONError) -> Bool {
        if position + 1 < end {
            let b = bytes[position]
            if justOpened {
                if b == UInt8(ascii: "\"") {
                    justOpened = false
                    keyOffset = position
                    return true
                }
            } else if b == UInt8(ascii: ","), bytes[position + 1] == UInt8(ascii: "\"") {
                position += 1
                keyOffset = position
                return true
            }
            if b == UInt8(ascii: "}") {
                position += 1
                justOpened = false
                return false
            }
        }
        return try nextKeyStartInFull()
    }

    @inline(never)
    mutating func nextKeyStartInFull() throws(JSONError) -> Bool {
        guard try nextMember(close: UInt8(ascii: "}"), "'}' after an object member") else { return false }
        guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describeByte(at: position))") }
        keyOffset = position
        return true
    }

    /// The next key of the current object (its `:` consumed), or nil at the closing `}`.
    public mutating func nextKey() throws(JSONError) -> String? {
        guard try nextKeyStart() else { return nil }
        let key = try readString()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return key
    }

    /// Calls `body` with the raw bytes of the next key (unescaped) and consumes its `:`; false at `}`.
    /// Lets decoders match field names without allocating a `String` per key.
    public mutating func nextKey<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(JSONError) -> R) throws(JSONError) -> R? {
        guard try nextKeyStart() else { return nil }
        let result = try withStringBytes(body)
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return result
    }

    /// `nextKey(body)`, but when the key is exactly `guess` written compactly (`"name":`, see
    /// `CompactKey`), `guessed`, without reading the key's bytes: the same answer, since those
    /// bytes are that key. Anything else — another key, an escape, a space before the `:` —
    /// goes through `body`, with its errors.
    @inline(__always)
    mutating func nextKey<R>(
        guess: CompactKey, guessed: R, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONError) -> R
    ) throws(JSONError) -> R? {
        guard try nextKeyStart() else { return nil }
        if end - position >= guess.count, guess.matches(UnsafeRawPointer(bytes.baseAddress! + position)) {
            position += guess.count
            return guessed
        }
        let result = try withStringBytes(body)
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return result
    }

    /// True when another element follows (after consuming its `,`); false at `]` (consumed).
    ///
    /// As `nextKeyStart()`: the usual cases (an element starting right after `[` or `,`, a `]`)
    /// inlined, the rest by `nextElementInFull()`, which decides every case. Whitespace is at
    /// most 0x20, so a byte above it is an element's first byte (or an error `peek` reports).
    @inline(__always)
    public mutating func nextElement() throws(JSONError) -> Bool {
        if position + 1 < end {
            let b = bytes[position]
            if b == UInt8(ascii: "]") {
                position += 1
                justOpened = false
                return false
            }
            if justOpened {
                if b > 0x20 {
                    justOpened = false
                    return true
                }
            } else if b == UInt8(ascii: ",") {
                let c = bytes[position + 1]
                if c > 0x20 && c != UInt8(ascii: "]") {
                    position += 1
                    return true
                }
            }
        }
        return try nextElementInFull()
    }

    @inline(never)
    mutating func nextElementInFull() throws(JSONError) -> Bool {
        guard try nextMember(close: UInt8(ascii: "]"), "']' after an array element") else { return false }
        // Only reachable after a `,`: a `]` right after `[` was taken as the close.
        if bytes[position] == UInt8(ascii: "]") { throw error("expected a value after ',', found ']'") }
        return true
    }

    /// Steps to the next member of the open object or array: false at `close` (consumed);
    /// otherwise true, past the `,` that must separate it from the one before (none before the
    /// first) and its whitespace, at the member's first byte. Objects and arrays share this
    /// grammar (RFC 8259 §4, §5), so their separator handling and its errors live here once;
    /// `expected` finishes the message "expected ',' or …". Inlined: it runs per key and element.
    @inline(__always)
    mutating func nextMember(close: UInt8, _ expected: StaticString) throws(JSONError) -> Bool {
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        let b = bytes[position]
        if b == close {
            position += 1
            justOpened = false
            return false
        }
        if justOpened {
            justOpened = false
            return true
        }
        guard b == UInt8(ascii: ",") else { throw error("expected ',' or \(expected), found \(describeByte(at: position))") }
        position += 1
        skipWhitespace()
        guard position < end else { throw endOfInput() }
        return true
    }

    // MARK: Literals

    public mutating func readBool() throws(JSONError) -> Bool {
        skipWhitespace()
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        if position >= end || isTruncated("true") || isTruncated("false") { throw endOfInput() }
        throw error("expected true or false, found \(describeByte(at: position))")
    }

    public mutating func readNull() throws(JSONError) {
        skipWhitespace()
        guard matchLiteral("null") else {
            if position >= end || isTruncated("null") { throw endOfInput() }
            throw error("expected null, found \(describeByte(at: position))")
        }
    }

    /// True when the input ends part-way through `literal` ("tru" at the end of a file).
    func isTruncated(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        let left = end - position
        guard left < n else { return false }
        let p = literal.utf8Start
        for i in 0..<left where bytes[position + i] != p[i] { return false }
        return true
    }

    /// True when the next value is `null`, which is then consumed (proto JSON: null means default).
    @inline(__always)
    public mutating func skipNull() -> Bool {
        skipWhitespace()
        // Asked before nearly every value, which is nearly never null: one byte decides.
        guard position < end, bytes[position] == UInt8(ascii: "n") else { return false }
        return matchLiteral("null")
    }

    /// Skips whitespace; true when the next byte is `byte` (not consumed). Lets a decoder take
    /// its usual case (a string where a string is expected) without classifying the value first.
    @inline(__always)
    mutating func nextByteIs(_ byte: UInt8) -> Bool {
        skipWhitespace()
        return position < end && bytes[position] == byte
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - position >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where bytes[position + i] != p[i] { return false }
        // A literal must not run on into a name ("nullx").
        if position + n < end {
            let next = bytes[position + n]
            if (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) {
                return false
            }
        }
        position += n
        return true
    }

    // MARK: Skipping

    /// Steps over `count` bytes known to hold one whole value (text read before, verbatim), as
    /// `skipValue` would have.
    mutating func skip(verbatim count: Int) {
        position += count
        justOpened = false
    }

    /// Consumes the next value whatever it is, checking its syntax (so a broken file is
    /// reported even where its content is not needed).
    public mutating func skipValue() throws(JSONError) {
        try skipValue(depth: 0)
        justOpened = false
    }

    mutating func skipValue(depth: Int) throws(JSONError) {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        switch try peek() {
        case .object:
            try beginObject()
            while try nextKeyStart() {
                try skipString()
                try expect(UInt8(ascii: ":"), "':' after an object key")
                try skipValue(depth: depth + 1)
            }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue(depth: depth + 1) }
        case .string: try skipString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        }
    }
}
