import CByteScan
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stretches of a page's data blocks (`<script type="application/json">`) that libxml2 may
/// be handed as their newlines alone (`clibxml2_memory_read` in the CLibXML2 shim).
///
/// A data block's text is parsed and checked like any other but kept out of the tree, and no
/// rule reads it (the text rules scan the page's bytes). The trace page's block is 13 MB at
/// 500k spans, and libxml2 scanning it character by character was most of the time that page
/// took to check, alone on one core at the end of a render. Text made only of printable ASCII
/// and newlines, without `<`, `>`, `&` or `--`, cannot hold a markup error in any place it might
/// stand — element content, a comment, a CDATA section — so handing the parser its newlines
/// instead keeps every line and column after it and every diagnostic, and leaves the same
/// tree; anything else in a block (a non-ASCII string, `&`, a `--` in a span name) is read by
/// libxml2 as before. The stretch ends after the block's last newline, so the block's last line
/// and the `</script>` after it are read as written.
enum DataBlockText {
    /// Blocks shorter than this are read whole: not worth the look.
    static let minimumLength = 64 << 10

    /// The data block's start tag as `MarkupWriter` writes it (its other attributes follow).
    private static let openingTag: [UInt8] = Array(#"<script type="application/json""#.utf8)
    private static let closingTag: [UInt8] = Array("</script>".utf8)

    /// `(start, end, newlines)` of each stretch, flattened, in page order.
    static func steps(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, bytes.count >= minimumLength else { return [] }
        let count = bytes.count
        func next(_ byte: UInt8, from: Int) -> Int? { from < count ? ByteSearch.first(byte, in: base, from..<count) : nil }
        func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
            offset + pattern.count <= count && memcmp(base + offset, pattern, pattern.count) == 0
        }
        var steps: [Int] = []
        var from = 0
        while let open = openingTag.withUnsafeBufferPointer({ ByteSearch.first($0, in: bytes, from: from) }) {
            from = open + 1
            guard let close = next(UInt8(ascii: ">"), from: open + openingTag.count) else { continue }
            let after = base[open + openingTag.count]
            guard after == UInt8(ascii: " ") || after == UInt8(ascii: ">") else { continue }
            let start = close + 1
            let end = next(UInt8(ascii: "<"), from: start) ?? count
            from = end
            guard end - start >= minimumLength, matches(closingTag, at: end),
                let (lastNewline, newlines) = plainText(UnsafeBufferPointer(start: base + start, count: end - start))
            else { continue }
            steps += [start, start + lastNewline + 1, newlines]
        }
        return steps
    }

    /// The offset of the last newline and the number of newlines, when every byte is printable
    /// ASCII or a newline and there is no `>`, `&` or `--` (a `<` ends the text before this);
    /// nil otherwise, or without a newline. Sixteen bytes at a time (`byte_scan_plain_text`, in
    /// C with SSE2): eight at a time here, each word tested for six kinds of byte, it was 7.7
    /// instructions a byte, 100 M of a 500k-span render (Swift's `SIMD16` comparisons were
    /// measured and not kept: they compiled to a byte at a time, eleven times the instructions).
    static func plainText(_ text: UnsafeBufferPointer<UInt8>) -> (lastNewline: Int, newlines: Int)? {
        guard let base = text.baseAddress else { return nil }
        var lastNewline = 0, newlines = 0
        guard byte_scan_plain_text(base, text.count, &lastNewline, &newlines) != 0 else { return nil }
        return (lastNewline, newlines)
    }
}
