import Testing
import Vocabulary

@testable import HTMLValidation

/// The source scan that turns element numbers into `line:column`.
struct SourceMapTests {
    @Test func elementsAreNumberedInDocumentOrderSkippingMarkupThatIsNotATag() {
        let text = "<!DOCTYPE html [<!ENTITY e \"<b>\">]>\n<!-- <x> -->\n<a t=\"1>2\"><![CDATA[<y>]]><b/>\n<?pi <z>?><c>é</c></a>"
        let map = SourceMap(bytes: Array(text.utf8))
        #expect(map.elementCount == 3)
        #expect(
            map.elementStarts.map { map.position(ofOffset: $0) } == [
                SourcePosition(line: 3, column: 1), SourcePosition(line: 3, column: 27), SourcePosition(line: 4, column: 11),
            ])
        #expect(
            map.attributeOffset(element: 0, qualifiedName: "t").map { map.position(ofOffset: $0) } == SourcePosition(line: 3, column: 4))
    }

    @Test func columnsCountCharactersOnALongLine() {
        let prefix = String(repeating: "é", count: 1000)
        let map = SourceMap(bytes: Array("<p>\(prefix)<b/></p>".utf8))
        #expect(map.position(ofOffset: map.elementStarts[1]) == SourcePosition(line: 1, column: 1004))
    }

    /// The one-pass places of many offsets (links) are each offset's own place: random pages of
    /// ASCII, two-, three- and four-byte characters and newlines (and carriage returns, which
    /// take the offset-by-offset path), offsets in any order, repeated, at line starts and ends.
    @Test func placesInOnePassAreEachOffsetsPlace() {
        var random = SplitMix64(seed: 17)
        let pieces = ["a", "<b>", "é", "€", "😀", "\n", "\n\n", " ", "xyz"]
        for round in 0..<60 {
            var text = ""
            for _ in 0..<(Int(random.next() % 400) + 1) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            if round % 10 == 9 { text += "\r<i/>\r\nq" }
            let bytes = Array(text.utf8)
            let map = SourceMap(bytes: bytes)
            var offsets = (0..<Int(random.next() % 50)).map { _ in Int(random.next() % UInt64(bytes.count + 1)) }
            offsets += [0, bytes.count, bytes.count / 2, bytes.count / 2]
            offsets += bytes.indices.filter { bytes[$0] == 0x0A }.prefix(5).flatMap { [$0, $0 + 1] }
            #expect(map.positions(ofOffsets: offsets) == offsets.map { map.position(ofOffset: $0) }, "round \(round)")
        }
        #expect(SourceMap(bytes: Array("abc".utf8)).positions(ofOffsets: []).isEmpty)
    }

    @Test func carriageReturnsEndLines() {
        let map = SourceMap(bytes: Array("<a>\r\n<b/>\r<c/></a>".utf8))
        #expect(map.elementStarts.map { map.position(ofOffset: $0).line } == [1, 2, 3])
    }

    /// The line and column index is built eight bytes at a time: every offset of pages mixing
    /// `\r`, `\r\n`, `\n`, two- to four-byte characters and tags, at lengths around the 64-byte
    /// checkpoints, gets the place a byte-by-byte count gives.
    @Test func placesMatchAByteByByteCount() {
        let pieces = ["<a>", "\r\n", "\r", "\n", "é", "€", "😀", "x", "<b/>", "</a>", " ", "\n\r"]
        var generator = SplitMix64(seed: 7)
        for length in [0, 1, 7, 8, 63, 64, 65, 127, 128, 300, 1000] {
            var text = ""
            while text.utf8.count < length { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            let map = SourceMap(bytes: bytes)
            var line = 1, lineStart = 0
            for offset in 0...bytes.count {
                let characters = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
                #expect(
                    map.position(ofOffset: offset) == SourcePosition(line: line, column: characters + 1), "offset \(offset) of \(length)")
                guard offset < bytes.count else { break }
                let byte = bytes[offset]
                if byte == 0x0A || (byte == 0x0D && !(offset + 1 < bytes.count && bytes[offset + 1] == 0x0A)) {
                    line += 1
                    lineStart = offset + 1
                }
            }
        }
    }

    /// Start tags are ended by jumps (sixteen bytes at a time, `memchr` to a closing quote): on
    /// random pages of tags whose quoted values hold `>` and the other quote, values longer than
    /// a word, unterminated quotes, comments and stray quotes, every element starts and its start
    /// tag ends where a byte-by-byte reading puts them.
    @Test func startTagsEndWhereAByteByByteReadingEndsThem() {
        let pieces = [
            "<a>", "<b x=\"1>2\">", "<c y='it\"s'>", "</a>", "<d/>", "text", ">", "\"", "'", "<e z=\"open", "<!-- c > -->",
            "<f w='x' v=\"y\"/>", "\n", "é", "<g s=\"left:12.5%;width:3.25%\" t='q'>", "<h\ti='>'\nj=\"'\">",
        ]
        var random = SplitMix64(seed: 23)
        for round in 0..<400 {
            var text = ""
            for _ in 0..<(Int(random.next() % 40) + 1) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            var starts: [Int] = [], ends: [Int] = []
            var index = 0
            func past(_ terminator: String, from: Int) -> Int {
                let pattern = Array(terminator.utf8)
                var at = from
                while at + pattern.count <= bytes.count {
                    if Array(bytes[at..<(at + pattern.count)]) == pattern { return at + pattern.count }
                    at += 1
                }
                return bytes.count
            }
            while let found = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
                if bytes[found...].starts(with: "<!--".utf8) {
                    index = past("-->", from: found + 4)
                } else if bytes[found...].starts(with: "</".utf8) {
                    index = past(">", from: found + 2)
                } else {
                    var next = found + 1, quote: UInt8 = 0
                    while next < bytes.count {
                        let byte = bytes[next]
                        next += 1
                        if quote != 0 {
                            if byte == quote { quote = 0 }
                        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                            quote = byte
                        } else if byte == UInt8(ascii: ">") {
                            break
                        }
                    }
                    starts.append(found)
                    ends.append(next)
                    index = next
                }
                if index >= bytes.count { break }
            }
            let map = SourceMap(bytes: bytes)
            #expect(map.elementStarts == starts && map.startTagEnds == ends, "round \(round): \(text)")
        }
    }

    /// A DOCTYPE ends at the first `>` outside its quoted literals and its bracketed internal
    /// subset, however its `]`, `>` and quotes are mixed, and a start tag after it is the first
    /// element.
    @Test func doctypesEndOutsideTheirLiteralsAndSubset() {
        for doctype in [
            "<!DOCTYPE d [<!ENTITY e \"]>\">]>", "<!DOCTYPE d [<!ENTITY e '>'><!ENTITY f \"[\">]>",
            "<!DOCTYPE d [[]]>", "<!DOCTYPE d SYSTEM \"x>y.dtd\">", "<!DOCTYPE padded-past-eight-bytes [<!ENTITY long \"a]b>c\">] >",
        ] {
            let map = SourceMap(bytes: Array((doctype + "\n<a x='>'/>").utf8))
            #expect(map.elementStarts == [doctype.utf8.count + 1], "\(doctype)")
            #expect(map.startTagEnds == [doctype.utf8.count + 11], "\(doctype)")
        }
    }
}
