import Testing

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

    @Test func carriageReturnsEndLines() {
        let map = SourceMap(bytes: Array("<a>\r\n<b/>\r<c/></a>".utf8))
        #expect(map.elementStarts.map { map.position(ofOffset: $0).line } == [1, 2, 3])
    }
}
