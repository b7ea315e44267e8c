import CByteScan
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds unrendered template text — a literal `{{` or `}}` — in a page's raw source.
///
/// Why the raw source and not the parsed text: a report shows data it does not control, and a
/// span attribute may well contain `{{` (a Helm or Jinja template). The markup writer escapes
/// such braces as `&#123;`, so data never leaves a literal `{{` in the source, while a
/// Mustache hole the renderer failed to fill always does. Parsed text cannot tell the two apart.
/// Skipped: `<script>` content (code may use braces freely), comments, and in `<style>` the
/// closing `}}` that minified CSS produces (an opening `{{` there is still a hole).
enum TemplateTextScan {
    struct Hit {
        var offset: Int
        var snippet: String
    }

    static func scan(_ bytes: [UInt8]) -> [Hit] {
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    /// The scan over the page's bytes in place: every page of every report passes through here
    /// (megabytes of trace data among them), so it jumps (`ByteSearch`) wherever it looks for one
    /// construct's end, and allocates only for hits.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [Hit] {
        var hits: [Hit] = []
        var i = 0
        let n = bytes.count
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), lt = UInt8(ascii: "<")
        guard let base = bytes.baseAddress else { return [] }
        while i < n {
            // Straight to the next `<`, `{` or `}`, sixteen bytes at a time (`byte_scan_first_of`):
            // past SVG paths and table text, and between the tags of a page of waterfalls.
            i = byte_scan_first_of(base, i, n, lt, open, close, lt)
            guard i < n else { break }
            let b = bytes[i]
            if b == lt {
                // Only `<!` and `<s` can begin what is skipped: the rest of the tags are passed
                // without a comparison (a page of waterfalls has a tag every few bytes).
                let next = i + 1 < n ? bytes[i + 1] : 0
                if next != UInt8(ascii: "!") && next != UInt8(ascii: "s") {
                    i += 1
                    continue
                }
                if starts(bytes, i, "<!--") {
                    i = ByteSearch.first("-->", in: bytes, from: i + 4) ?? n
                    continue
                }
                if startsTag(bytes, i, "script") {
                    i = ByteSearch.first("</script", in: bytes, from: i + 7) ?? n
                    continue
                }
                if startsTag(bytes, i, "style") {
                    let end = ByteSearch.first("</style", in: bytes, from: i + 6) ?? n
                    // Every page carries the stylesheet (26 KB, half a page of waterfalls): its
                    // `{` are jumped to, not met byte by byte.
                    if let j = ByteSearch.first("{{", in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: i) {
                        hits.append(hit(bytes, j))
                    }
                    i = end
                    continue
                }
            } else if (b == open || b == close) && i + 1 < n && bytes[i + 1] == b {
                hits.append(hit(bytes, i))
                // Skip to the end of this run so "{{{x}}}" is one hit, then past its closing braces.
                var j = i
                while j < n && (bytes[j] == open || bytes[j] == close) { j += 1 }
                if b == open, let closing = ByteSearch.first("}}", in: bytes, from: j), closing - j < 200 {
                    j = closing + 2
                    while j < n && bytes[j] == close { j += 1 }
                }
                i = j
                continue
            }
            i += 1
        }
        return hits
    }

    /// The hole from its braces through its closing `}}` when that is near, else 40 bytes.
    static func hit(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Hit {
        var end = min(bytes.count, offset + 40)
        if bytes[offset] == UInt8(ascii: "{"), let closing = ByteSearch.first("}}", in: bytes, from: offset + 2), closing + 2 <= end {
            end = closing + 2
            while end < bytes.count && bytes[end] == UInt8(ascii: "}") { end += 1 }
        } else if bytes[offset] == UInt8(ascii: "}") {
            end = offset + 2
        }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        if let stop = text.firstIndex(of: "\n") { text = String(text[..<stop]) }
        return Hit(offset: offset, snippet: text)
    }

    /// Whether `pattern` is spelled at `i`, byte for byte (the patterns are lower case, as the
    /// renderer writes its tags).
    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ pattern: StaticString) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard i >= 0, i + count <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + i, pattern.utf8Start, count) == 0
    }

    /// `<name` followed by whitespace, `>` or `/`.
    static func startsTag(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ name: StaticString) -> Bool {
        guard starts(bytes, i + 1, name) else { return false }
        let k = i + 1 + name.utf8CodeUnitCount
        guard k < bytes.count else { return false }
        let c = bytes[k]
        return c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }
}
