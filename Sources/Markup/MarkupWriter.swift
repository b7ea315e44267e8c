import Vocabulary

/// Serialises `Node`s as polyglot HTML5 — markup that is both valid HTML and well-formed XML,
/// so libxml2's strict XML parser can check every page (FACTS.md).
///
/// Escaping (the one place it happens):
/// - text: `&`, `<`, `>` become references (`>` too, so `]]>` can never appear);
/// - attribute values: also `"`, and tab/newline as references so they survive normalisation;
/// - characters XML 1.0 forbids (C0 controls except tab, LF, CR; U+FFFE, U+FFFF) become their
///   visible Control Pictures (U+2400 + code, "␀") or U+FFFD, so hostile input stays readable;
///   lone surrogates cannot occur (Swift strings hold scalars; the readers decode `"\ud800"` and
///   invalid UTF-8 as U+FFFD);
/// - C1 controls (U+0080–U+009F, parse errors in HTML) and the bidirectional embedding, override
///   and isolate controls (U+202A–U+202E, U+2066–U+2069, which can reorder the text around a
///   value: "Trojan Source", CVE-2021-42574) are shown as a visible `[U+202E]`, never dropped;
/// - CR is written as `&#13;` so it is not folded into LF;
/// - `{` and `}` are written as `&#123;`/`&#125;`, so data such as a Helm template never leaves a
///   literal `{{` in the source, where the validator would take it for an unrendered hole.
///
/// A page is written in one pass over its tree into a byte buffer that doubles when full, then
/// made a string. Appending to a growing `String` cost more than the walk itself (each append
/// checks capacity, uniqueness and the string's ASCII flags; 9% of a 100k-span render); a raw
/// buffer checks only its room. Until the twenty-fifth pass a first walk counted the bytes so
/// the buffer was made at its size, but that walk escaped every text twice and cost more than the
/// writing one (1.7% of a 500k-span render against 1.1%); the buffer's copies as it doubles are
/// less than one page's bytes. A page's megabytes of embedded data are never in the buffer
/// (`writeParts`), so it is never held twice (issue 7).
public enum MarkupWriter {
    /// Elements whose empty form must still be written as open+close tags in HTML; HTML void
    /// elements are written self-closed (`<br/>`), which both parsers accept.
    static func isVoid(_ name: String) -> Bool {
        switch name {
        case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr": return true
        default: return false
        }
    }

    public static func write(_ node: Node) -> String {
        var writer = GrowingWriter()
        walk(node, into: &writer)
        return writer.finish()
    }

    /// `node` written as consecutive parts: trusted text of at least `sharedFrom` bytes (a page's
    /// embedded data, megabytes) is a part of its own, the same string rather than a copy, and
    /// the markup around it is written as `write` writes it. Joined, the parts are `write(node)`.
    ///
    /// A page made this way never holds its data twice (issue 7, peak memory): the writer, the
    /// policy fill, the validator and the output writer all take the parts.
    public static func writeParts(_ node: Node, sharedFrom: Int = 1 << 20) -> [String] {
        var writer = PartWriter(sharedFrom: sharedFrom)
        walk(node, into: &writer)
        return writer.finish()
    }

    /// Writes `node`; the one walk every sink shares, so a page and its parts cannot disagree.
    static func walk<Sink: MarkupSink>(_ node: Node, into out: inout Sink) {
        switch node {
        case .text(let s):
            escape(s, attribute: false, into: &out)
        case .trusted(let s):
            out.appendTrusted(s)
        case .fragment(let children):
            for c in children { walk(c, into: &out) }
        case .element(let name, let attributes, let children):
            out.append(UInt8(ascii: "<"))
            out.append(name)
            for (k, v) in attributes {
                out.append(UInt8(ascii: " "))
                out.append(k)
                out.append(UInt8(ascii: "="))
                out.append(UInt8(ascii: "\""))
                escape(v, attribute: true, into: &out)
                out.append(UInt8(ascii: "\""))
            }
            if children.isEmpty && (isVoid(name) || isSVGLeaf(name)) {
                out.append(UInt8(ascii: "/"))
                out.append(UInt8(ascii: ">"))
                return
            }
            out.append(UInt8(ascii: ">"))
            for c in children { walk(c, into: &out) }
            out.append(UInt8(ascii: "<"))
            out.append(UInt8(ascii: "/"))
            out.append(name)
            out.append(UInt8(ascii: ">"))
        }
    }

    /// SVG shapes have no content; self-closing keeps the output small.
    static func isSVGLeaf(_ name: String) -> Bool {
        switch name {
        case "rect", "line", "circle", "path", "polyline", "polygon", "ellipse", "stop", "use": return true
        default: return false
        }
    }

    public static func escapeText(_ s: String) -> String { escaped(s, attribute: false) }

    public static func escapeAttribute(_ s: String) -> String { escaped(s, attribute: true) }

    /// `s` escaped, in a buffer of about its size (these are titles and links).
    static func escaped(_ s: String, attribute: Bool) -> String {
        var writer = GrowingWriter(capacity: s.utf8.count + 16)
        escape(s, attribute: attribute, into: &writer)
        return writer.finish()
    }

    /// Escapes `s` as text or as an attribute value, working on its UTF-8: runs of bytes that
    /// need nothing are copied whole, and only the bytes that can start something to escape are
    /// looked at closely (an ASCII special, a C0 control or DEL, and the lead bytes 0xC2, 0xE2 and
    /// 0xEF, which begin the C1 controls, the bidi controls and U+FFFE/U+FFFF). The string is
    /// valid UTF-8, so a lead byte is always followed by its continuation bytes.
    static func escape<Sink: MarkupSink>(_ s: String, attribute: Bool, into out: inout Sink) {
        var s = s
        s.withUTF8 { u in
            let n = u.count
            var run = 0, i = 0
            while i < n {
                let b = u[i]
                guard Self.special[Int(b)] else {
                    i += 1
                    continue
                }
                let (width, replacement) = Self.replacement(at: i, in: u, attribute: attribute)
                if let replacement {
                    flush(u, run, i, &out)
                    replacement.write(into: &out)
                    run = i + width
                }
                i += width
            }
            flush(u, run, n, &out)
        }
    }

    /// What the character starting at `u[i]` (a `special` byte) is written as, if not as itself,
    /// and how many bytes it takes.
    @inline(__always)
    private static func replacement(at i: Int, in u: UnsafeBufferPointer<UInt8>, attribute: Bool) -> (Int, Replacement?) {
        let b = u[i]
        switch b {
        case UInt8(ascii: "&"): return (1, .text("&amp;"))
        case UInt8(ascii: "<"): return (1, .text("&lt;"))
        case UInt8(ascii: ">"): return (1, .text("&gt;"))
        case UInt8(ascii: "{"): return (1, .text("&#123;"))
        case UInt8(ascii: "}"): return (1, .text("&#125;"))
        case UInt8(ascii: "\r"): return (1, .text("&#13;"))
        case UInt8(ascii: "\""): return (1, attribute ? .text("&quot;") : nil)
        case UInt8(ascii: "\n"): return (1, attribute ? .text("&#10;") : nil)
        case UInt8(ascii: "\t"): return (1, attribute ? .text("&#9;") : nil)
        case 0..<0x20, 0x7F: return (1, .picture(b))
        case 0xC2:
            let c = u[i + 1]  // U+0080–U+00BF: C1 controls up to U+009F
            return (2, c <= 0x9F ? .code(UInt32(c)) : nil)
        case 0xE2:
            let v = 0x2000 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)
            return (3, (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) ? .code(v) : nil)
        case 0xEF:
            return (3, u[i + 1] == 0xBF && u[i + 2] >= 0xBE ? .text("\u{FFFD}") : nil)  // U+FFFE, U+FFFF
        default:
            return (1, nil)
        }
    }

    /// How an escaped character is written.
    private enum Replacement {
        /// A character reference or a replacement character.
        case text(StaticString)
        /// A C0 control or DEL as its Control Picture, U+2400 + its code (DEL: U+2421).
        case picture(UInt8)
        /// `[U+XXXX]`: the code point in four upper-case hex digits (every code shown is below
        /// U+10000).
        case code(UInt32)

        func write<Sink: MarkupSink>(into out: inout Sink) {
            switch self {
            case .text(let text):
                out.append(text)
            case .picture(let b):
                out.append(0xE2)
                out.append(0x90)
                out.append(b == 0x7F ? 0xA1 : 0x80 | b)
            case .code(let v):
                out.append("[U+")
                for shift in stride(from: 12, through: 0, by: -4) {
                    let d = UInt8((v >> UInt32(shift)) & 0xF)
                    out.append(d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "A") + d - 10)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
    }

    /// Bytes that may start something to escape (see `escape`).
    private static let special: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in 0..<0x20 { table[b] = true }
        for b: UInt8 in [0x7F, 0xC2, 0xE2, 0xEF] { table[Int(b)] = true }
        for c in "&<>{}\"".utf8 { table[Int(c)] = true }
        return table
    }()

    /// Copies the unescaped run `u[from..<to]`.
    @inline(__always)
    private static func flush<Sink: MarkupSink>(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ out: inout Sink) {
        if to > from { out.append(UnsafeBufferPointer(rebasing: u[from..<to])) }
    }
}

/// Where `MarkupWriter`'s walk puts bytes: one buffer (`GrowingWriter`) or a page's parts
/// (`PartWriter`).
protocol MarkupSink {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func append(_ text: String)
    mutating func append(_ text: StaticString)
    /// Trusted text (`Node.trusted`): appended like any text, except where parts are made.
    mutating func appendTrusted(_ text: String)
}

extension MarkupSink {
    mutating func appendTrusted(_ text: String) { append(text) }
}

/// Writes `writeParts`' segments, one after another through one buffer, and keeps each shared
/// trusted text as it is.
struct PartWriter: MarkupSink {
    let sharedFrom: Int
    private var parts: [String] = []
    private var writer = GrowingWriter()

    init(sharedFrom: Int) { self.sharedFrom = sharedFrom }

    @inline(__always) mutating func append(_ byte: UInt8) { writer.append(byte) }
    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { writer.append(bytes) }
    @inline(__always) mutating func append(_ text: String) { writer.append(text) }
    @inline(__always) mutating func append(_ text: StaticString) { writer.append(text) }

    mutating func appendTrusted(_ text: String) {
        guard text.utf8.count >= sharedFrom else { return writer.append(text) }
        if writer.count > 0 { parts.append(writer.take()) }
        parts.append(text)
    }

    /// The segments as strings, each followed by the shared text that ended it; empty segments
    /// are left out.
    consuming func finish() -> [String] {
        if writer.count > 0 { parts.append(writer.take()) }
        writer.release()
        return parts
    }
}

/// A walk's bytes in a buffer that doubles when it is full (`MarkupWriter`: one pass).
///
/// Owns its buffer: `finish` (or `release`) frees it, and it is only ever used in place
/// (`inout`), never copied.
@usableFromInline
struct GrowingWriter: MarkupSink {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0

    /// 16 KiB: most pages' markup outside the shell is a few to a few hundred kilobytes.
    init(capacity: Int = 16 << 10) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inlinable @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if capacity - count < bytes.count { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    @inlinable @inline(__always) mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Room for at least `needed` bytes: twice the capacity, or more if that is not enough.
    @usableFromInline @inline(never)
    mutating func grow(to needed: Int) {
        (base, capacity) = UnsafeMutablePointer.grown(from: base, count: count, capacity: capacity, needed: needed)
    }

    /// The bytes so far as a string; the buffer is emptied for more.
    ///
    /// Taken as they are, not validated again: every byte came from a `String` (valid UTF-8), a
    /// `StaticString`, an ASCII byte, or `escape`, which cuts a string only next to an ASCII byte
    /// or a whole character it replaces with valid UTF-8 — so the buffer is valid UTF-8 by how it
    /// is written. Validating it cost thirty times the copy on real pages (a waterfall with 2% of
    /// its bytes outside ASCII: 0.58 against 0.019 ms a megabyte; the deep traces' 44 MB of
    /// waterfalls, 25 ms of CPU; issue 7). Debug builds, which the tests run, still check it.
    mutating func take() -> String {
        let bytes = UnsafeBufferPointer(start: base, count: count)
        assert(String(validating: bytes, as: UTF8.self) != nil, "the markup writer wrote bytes that are not UTF-8")
        let text = String(copying: UTF8Span(unchecked: bytes.span))
        count = 0
        return text
    }

    /// Frees the buffer; the writer is not used after.
    mutating func release() {
        base.deallocate()
        capacity = 0
        count = 0
    }

    /// The bytes as a string, the buffer freed.
    mutating func finish() -> String {
        let text = take()
        release()
        return text
    }
}
