import CByteScan
import Vocabulary

/// Where each element's markup sits in the page's source bytes.
///
/// libxml2 keeps only a line number per node (`xmlGetLineNo`, taken when the start tag *ends* and
/// capped at 65 535 without `XML_PARSE_BIG_LINES`) and none for attributes. To report exact
/// `line:column` places we scan the source once ourselves. The scan is only run on pages libxml2
/// accepted as well-formed, so it can be simple: in well-formed XML the n-th start tag in the
/// source is the n-th element of a pre-order walk of the tree (as long as no entity reference
/// expands to elements, which ``PageChecker`` detects by comparing counts).
struct SourceMap {
    let source: SourceBytes
    var bytes: UnsafeBufferPointer<UInt8> { source.buffer }
    /// Offset of each element's `<`, in document order.
    private(set) var elementStarts: [Int] = []
    /// Offset just after each element's start tag `>`.
    private(set) var startTagEnds: [Int] = []
    /// Offset of each element's end tag `</`, or its start tag end when it is self-closed.
    private(set) var contentEnds: [Int] = []
    /// Line starts and column checkpoints, made on the first `position` call: only a page with
    /// a problem needs a place, and most pages have none (every page of every report is mapped).
    private let lines = LineIndex()
    private static let checkpointStride = 64

    /// Offset of the first byte of each line (after `\n`, and after a `\r` that no `\n` follows),
    /// and the UTF-8 continuation bytes before each multiple of ``checkpointStride``, so a column
    /// on a long (minified) line costs a lookup and at most 63 bytes of counting.
    private final class LineIndex {
        private var built: (starts: [Int], checkpoints: [Int])?

        func get(_ bytes: UnsafeBufferPointer<UInt8>) -> (starts: [Int], checkpoints: [Int]) {
            if let built { return built }
            var starts = [0]
            var checkpoints = [0]
            let count = bytes.count, stride = SourceMap.checkpointStride
            checkpoints.reserveCapacity(count / stride + 1)
            do {
                let raw = UnsafeRawBufferPointer(bytes)
                func lineBreaks(in range: Range<Int>) {
                    for index in range {
                        let byte = raw[index]
                        if byte == 0x0A || (byte == 0x0D && !(index + 1 < count && raw[index + 1] == 0x0A)) {
                            starts.append(index + 1)
                        }
                    }
                }
                // Eight bytes at a time: a byte is a continuation byte when its top bits are 10,
                // and a word without `\n` or `\r` (most of them) holds no line start.
                var running = 0
                for block in 0..<(count / stride) {
                    for offset in Swift.stride(from: block * stride, to: (block + 1) * stride, by: 8) {
                        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        running += SourceMap.continuationBytes(inWord: word)
                        if ByteSearch.hasByte(word, 0x0A) || ByteSearch.hasByte(word, 0x0D) { lineBreaks(in: offset..<(offset + 8)) }
                    }
                    checkpoints.append(running)
                }
                lineBreaks(in: (count / stride * stride)..<count)
            }
            built = (starts, checkpoints)
            return (starts, checkpoints)
        }
    }

    var elementCount: Int { elementStarts.count }

    init(source: SourceBytes) {
        self.source = source
        scan()
    }

    /// The map of a copy of `bytes`.
    init(bytes: [UInt8]) {
        self.init(source: SourceBytes(bytes))
    }

    // MARK: Positions

    /// 1-based line and column of a byte offset. Columns count characters (UTF-8 lead bytes),
    /// like libxml2's `input->col`.
    func position(ofOffset offset: Int) -> SourcePosition {
        let (lineStarts, checkpoints) = lines.get(bytes)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let end = min(offset, bytes.count)
        let characters =
            (end - start) - (continuations(before: end, checkpoints) - continuations(before: start, checkpoints))
        return SourcePosition(line: low + 1, column: characters + 1)
    }

    /// `position(ofOffset:)` of each offset, found in one pass from the start of the page: the
    /// newlines up to each offset by `memchr`, and the continuation bytes only from the line's
    /// start, eight bytes at a time. A page with a carriage return (a line break of its own
    /// when no newline follows) is looked up offset by offset instead.
    func positions(ofOffsets offsets: [Int]) -> [SourcePosition] {
        guard !offsets.isEmpty else { return [] }
        let buffer = bytes
        guard let base = buffer.baseAddress, ByteSearch.first(0x0D, in: base, 0..<buffer.count) == nil else {
            return offsets.map { self.position(ofOffset: $0) }
        }
        var places = [SourcePosition](repeating: SourcePosition(line: 0, column: 0), count: offsets.count)
        var line = 1, lineStart = 0, position = 0, continuations = 0
        for k in offsets.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
            let end = min(max(offsets[k], position), buffer.count)
            while position < end, let found = ByteSearch.first(0x0A, in: base, position..<end) {
                line += 1
                lineStart = found + 1
                position = lineStart
                continuations = 0
            }
            continuations += Self.continuationBytes(UnsafeBufferPointer(start: base + position, count: max(0, end - position)))
            position = max(position, end)
            places[k] = SourcePosition(line: line, column: (end - lineStart) - continuations + 1)
        }
        return places
    }

    /// UTF-8 continuation bytes (`10xxxxxx`) in `bytes`, eight at a time.
    static func continuationBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0, i = 0
        while i + 8 <= bytes.count {
            count += continuationBytes(inWord: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        while i < bytes.count {
            if base[i] & 0xC0 == 0x80 { count += 1 }
            i += 1
        }
        return count
    }

    /// Continuation bytes among eight loaded little-endian: a byte's top bit set and the bit
    /// below it clear (shifting the word left by one puts each byte's bit 6 under its bit 7).
    @inline(__always)
    static func continuationBytes(inWord word: UInt64) -> Int {
        (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
    }

    /// Number of UTF-8 continuation bytes in `bytes[0..<offset]`.
    private func continuations(before offset: Int, _ checkpoints: [Int]) -> Int {
        let checkpoint = offset / Self.checkpointStride
        let from = checkpoint * Self.checkpointStride
        return checkpoints[checkpoint]
            + Self.continuationBytes(UnsafeBufferPointer(rebasing: bytes[from..<offset]))
    }

    /// Offset of the attribute named `qualifiedName` (as written, e.g. `xlink:href`) in the start
    /// tag of element number `element`.
    func attributeOffset(element: Int, qualifiedName: String) -> Int? {
        let wanted = Array(qualifiedName.utf8)
        var index = elementStarts[element] + 1
        let end = startTagEnds[element]
        while index < end, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
            bytes[index] != UInt8(ascii: "/")
        {
            index += 1
        }
        while index < end {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { return nil }
            let nameStart = index
            while index < end, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
            if bytes[nameStart..<index].elementsEqual(wanted) { return nameStart }
            while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            index += 1
            while index < end, bytes[index] != quote { index += 1 }
            index += 1
        }
        return nil
    }

    /// First offset of `needle` within `range`, if any.
    func firstOffset(of needle: [UInt8], in range: Range<Int>) -> Int? {
        guard let first = needle.first, range.count >= needle.count else { return nil }
        var index = range.lowerBound
        let last = range.upperBound - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: Scanning

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private mutating func scan() {
        var starts: [Int] = []
        var tagEnds: [Int] = []
        var ends: [Int] = []
        var open: [Int] = []
        do {
            let buffer = bytes
            let count = buffer.count
            /// Offset just after the first occurrence of `terminator` at or after `from`.
            func skip(past terminator: StaticString, from: Int) -> Int {
                let pattern = UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount)
                var index = from
                while index + pattern.count <= count {
                    if buffer[index] == pattern[0] {
                        var matched = true
                        for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                            matched = false
                            break
                        }
                        if matched { return index + pattern.count }
                    }
                    index += 1
                }
                return count
            }
            /// The index just past the `>` that closes a start tag or a DOCTYPE begun before `start`
            /// (or `count`). Both hide `>` inside quoted literals (attribute values, system and
            /// public ids), so the quoting rule is written once; a DOCTYPE's internal subset may
            /// also hold `>` inside brackets, which `nestingBrackets` skips. By jumps: to the next
            /// `>` or quote sixteen bytes at a time (a DOCTYPE: eight at a time past bytes that
            /// are none of those or a bracket), and with `memchr` to a literal's closing quote
            /// (the tags of a page of waterfalls are most of its markup).
            func end(ofTagFrom start: Int, nestingBrackets: Bool) -> Int {
                let raw = UnsafeRawBufferPointer(buffer)
                var depth = 0
                var next = start
                while next < count {
                    // A start tag (no brackets to nest): straight to the next `>` or quote,
                    // sixteen bytes at a time (`byte_scan_first_of`).
                    if !nestingBrackets {
                        next = byte_scan_first_of(buffer.baseAddress!, next, count, 0x3E, 0x22, 0x27, 0x3E)
                    }
                    while nestingBrackets && next + 8 <= count {
                        let word = raw.loadUnaligned(fromByteOffset: next, as: UInt64.self)
                        let bracket = ByteSearch.hasByte(word, UInt8(ascii: "[")) || ByteSearch.hasByte(word, UInt8(ascii: "]"))
                        if bracket || ByteSearch.hasByte(word, UInt8(ascii: ">")) || ByteSearch.hasByte(word, UInt8(ascii: "\""))
                            || ByteSearch.hasByte(word, UInt8(ascii: "'"))
                        {
                            break
                        }
                        next += 8
                    }
                    guard next < count else { break }
                    let current = buffer[next]
                    next += 1
                    switch current {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        guard let close = ByteSearch.first(current, in: buffer.baseAddress!, next..<count) else { return count }
                        next = close + 1
                    case UInt8(ascii: "[") where nestingBrackets: depth += 1
                    case UInt8(ascii: "]") where nestingBrackets: depth -= 1
                    case UInt8(ascii: ">") where depth <= 0: return next
                    default: break
                    }
                }
                return count
            }
            func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
                let length = prefix.utf8CodeUnitCount
                guard index + length <= count else { return false }
                for offset in 0..<length where buffer[index + offset] != prefix.utf8Start[offset] { return false }
                return true
            }
            var index = 0
            while index < count {
                // Only tags matter here (lines are counted when a place is asked for): jump to the next `<`.
                guard let found = ByteSearch.first(UInt8(ascii: "<"), in: buffer.baseAddress!, index..<count) else { break }
                index = found
                var next: Int
                if hasPrefix("<!--", at: index) {
                    next = skip(past: "-->", from: index + 4)
                } else if hasPrefix("<![CDATA[", at: index) {
                    next = skip(past: "]]>", from: index + 9)
                } else if hasPrefix("<?", at: index) {
                    next = skip(past: "?>", from: index + 2)
                } else if hasPrefix("<!", at: index) {
                    // DOCTYPE, possibly with an internal subset in brackets and quoted literals.
                    next = end(ofTagFrom: index + 2, nestingBrackets: true)
                } else if hasPrefix("</", at: index) {
                    if let element = open.popLast() { ends[element] = index }
                    next = skip(past: ">", from: index + 2)
                } else {
                    // A start tag: `>` may occur inside quoted attribute values.
                    next = end(ofTagFrom: index + 1, nestingBrackets: false)
                    starts.append(index)
                    tagEnds.append(next)
                    ends.append(next)
                    if !(next >= 2 && buffer[next - 2] == UInt8(ascii: "/")) { open.append(starts.count - 1) }
                }
                index = next
            }
        }
        elementStarts = starts
        startTagEnds = tagEnds
        contentEnds = ends
    }
}
