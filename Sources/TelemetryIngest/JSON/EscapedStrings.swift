#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Strings with escapes, by their text as the file writes them, with the bytes they unescape
/// to: a string the file repeats is unescaped once (`JSONReader.withStringBytes`).
///
/// Why: JSON writers escape more than they must — Python's `json.dumps` writes every non-ASCII
/// character as `\uXXXX`, Go's `encoding/json` (the collector's) writes `<`, `>` and `&` so —
/// and a span name holding a service name of Cyrillic letters was unescaped, digit by digit, on
/// every one of half a million spans: 12% of the read's CPU (issue 7). Equal text unescapes to
/// equal bytes, and a text is remembered only once it unescaped without an error, so a string
/// found here is what reading it again would give.
struct EscapedStrings {
    private var index: [UInt64: Int] = [:]
    private var entries: [(raw: [UInt8], unescaped: [UInt8])] = []

    /// Texts longer than this are not remembered (rare, and not worth a copy).
    static let maximumLength = 256
    /// Texts remembered at most: after that, new ones are unescaped each time.
    static let capacity = 2_048

    /// The end (the offset of the closing quote) and the unescaped bytes of the string whose
    /// text starts at `start`, when that text was remembered; `escape` is the offset of its
    /// first backslash.
    func match(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, escape: Int, end: Int) -> (end: Int, unescaped: [UInt8])? {
        guard !entries.isEmpty, let base = bytes.baseAddress else { return nil }
        var i = escape
        let limit = min(end, start + Self.maximumLength + 1)
        while i < limit {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { break }
            i += b == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < limit, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
        guard let k = index[ByteInterner.hash(raw)], entries[k].raw.count == raw.count,
            entries[k].raw.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base + start, raw.count) }) == 0
        else { return nil }
        return (i, entries[k].unescaped)
    }

    /// Remembers that the text `raw` unescaped to `unescaped`.
    mutating func insert(_ raw: UnsafeBufferPointer<UInt8>, _ unescaped: [UInt8]) {
        guard raw.count <= Self.maximumLength, entries.count < Self.capacity else { return }
        let hash = ByteInterner.hash(raw)
        guard index[hash] == nil else { return }
        index[hash] = entries.count
        entries.append((Array(raw), unescaped))
    }
}
