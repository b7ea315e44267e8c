/// Where each element's markup sits in the page's source bytes.
///
/// libxml2 keeps only a line number per node (`xmlGetLineNo`, taken when the start tag *ends* and
/// capped at 65 535 without `XML_PARSE_BIG_LINES`) and none for attributes. To report exact
/// `line:column` places we scan the source once ourselves. The scan is only run on pages libxml2
/// accepted as well-formed, so it can be simple: in well-formed XML the n-th start tag in the
/// source is the n-th element of a pre-order walk of the tree (as long as no entity reference
/// expands to elements, which ``PageChecker`` detects by comparing counts).
struct SourceMap {
    let bytes: [UInt8]
    /// Offset of each element's `<`, in document order.
    private(set) var elementStarts: [Int] = []
    /// Offset just after each element's start tag `>`.
    private(set) var startTagEnds: [Int] = []
    /// Offset of each element's end tag `</`, or its start tag end when it is self-closed.
    private(set) var contentEnds: [Int] = []
    /// Offset of the first byte of each line.
    private var lineStarts: [Int] = [0]
    /// UTF-8 continuation bytes before each multiple of ``checkpointStride``, so a column on a
    /// long (minified) line costs a lookup and at most 63 bytes of counting, not the whole line.
    private var continuationCheckpoints: [Int] = [0]
    private static let checkpointStride = 64

    var elementCount: Int { elementStarts.count }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        scan()
    }

    // MARK: Positions

    /// 1-based line and column of a byte offset. Columns count characters (UTF-8 lead bytes),
    /// like libxml2's `input->col`.
    func position(ofOffset offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let end = min(offset, bytes.count)
        let characters = (end - start) - (continuations(before: end) - continuations(before: start))
        return SourcePosition(line: low + 1, column: characters + 1)
    }

    /// Number of UTF-8 continuation bytes in `bytes[0..<offset]`.
    private func continuations(before offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = continuationCheckpoints[checkpoint]
        for index in (checkpoint * Self.checkpointStride)..<offset where bytes[index] & 0xC0 == 0x80 {
            count += 1
        }
        return count
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
        var lines: [Int] = [0]
        var open: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
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
            /// also hold `>` inside brackets, which `nestingBrackets` skips.
            func end(ofTagFrom start: Int, nestingBrackets: Bool) -> Int {
                var depth = 0
                var quote: UInt8 = 0
                var next = start
                while next < count {
                    let current = buffer[next]
                    next += 1
                    if quote != 0 {
                        if current == quote { quote = 0 }
                    } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                        quote = current
                    } else if nestingBrackets, current == UInt8(ascii: "[") {
                        depth += 1
                    } else if nestingBrackets, current == UInt8(ascii: "]") {
                        depth -= 1
                    } else if current == UInt8(ascii: ">"), depth <= 0 {
                        break
                    }
                }
                return next
            }
            func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
                let length = prefix.utf8CodeUnitCount
                guard index + length <= count else { return false }
                for offset in 0..<length where buffer[index + offset] != prefix.utf8Start[offset] { return false }
                return true
            }
            var index = 0
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    lines.append(index + 1)
                    index += 1
                    continue
                }
                if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    lines.append(index + 1)
                    index += 1
                    continue
                }
                guard byte == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
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
                // Keep line starts for newlines inside the construct just skipped.
                for inner in (index + 1)..<min(next, count) {
                    if buffer[inner] == 0x0A {
                        lines.append(inner + 1)
                    } else if buffer[inner] == 0x0D, !(inner + 1 < count && buffer[inner + 1] == 0x0A) {
                        lines.append(inner + 1)
                    }
                }
                index = next
            }
        }
        var checkpoints = [0]
        checkpoints.reserveCapacity(bytes.count / Self.checkpointStride + 1)
        var running = 0
        for (index, byte) in bytes.enumerated() {
            if index > 0, index % Self.checkpointStride == 0 { checkpoints.append(running) }
            if byte & 0xC0 == 0x80 { running += 1 }
        }
        if bytes.count > 0, bytes.count % Self.checkpointStride == 0 { checkpoints.append(running) }
        continuationCheckpoints = checkpoints
        elementStarts = starts
        startTagEnds = tagEnds
        contentEnds = ends
        lineStarts = lines
    }
}
