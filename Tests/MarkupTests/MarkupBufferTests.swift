import Testing

@testable import Markup

/// `MarkupBuffer` writes what `MarkupWriter` writes for the same elements as a tree, byte for
/// byte, hostile text included: the waterfall's rows and cards moved from one to the other and
/// their pages must not change.
@Suite struct MarkupBufferTests {
    static let hostile = [
        "plain", "", "<script>alert(1)</script>", "\"><img onerror=x>", "a & b", "{{title}}", "]]>",
        "tab\tnew\nline\rcr", "a\u{0}b\u{1B}c\u{7F}", "\u{85}\u{202E}\u{2069}\u{FFFF}", "°·…–•€ ⚠ 日本",
    ]

    @Test func elementsMatchTheTreeWritersBytes() {
        for text in Self.hostile {
            for value in Self.hostile {
                let tree = Node.el(
                    "span", ["class": "row x", "title": value],
                    children: [
                        .el("span", ["class": "chev", "aria-hidden": "true"]),
                        .el("code", .text(text)), .text(" "), .text(value),
                    ])
                var out = MarkupBuffer(capacity: 4)
                out.start("span")
                out.attribute("class", literal: "row x")
                out.attribute("title", value)
                out.open()
                out.start("span")
                out.attribute("class", literal: "chev")
                out.attribute("aria-hidden", literal: "true")
                out.endEmpty("span")
                out.element("code", text: text)
                out.text(literal: " ")
                out.text(value)
                out.end("span")
                #expect(
                    MarkupWriter.write(out.finish()) == MarkupWriter.write(tree),
                    "text \(text.debugDescription), value \(value.debugDescription)")
            }
        }
    }

    @Test func anAttributeInPiecesIsTheJoinedValueEscaped() {
        for piece in Self.hostile {
            var out = MarkupBuffer()
            out.start("a")
            out.attributeStart("title")
            out.value(piece)
            out.value(literal: ": ")
            out.value(piece)
            out.attributeEnd()
            out.endEmpty("a")
            #expect(MarkupWriter.write(out.finish()) == MarkupWriter.write(.el("a", ["title": piece + ": " + piece])))
        }
    }

    @Test func nodesInsideAreWrittenAsTheTreeWriterWritesThem() {
        let inner = Node.fragment([.el("br"), .el("rect", ["x": "1"]), .trusted("<b>x</b>"), .text("<")])
        var out = MarkupBuffer()
        out.start("div")
        out.open()
        out.node(inner)
        out.end("div")
        #expect(MarkupWriter.write(out.finish()) == "<div><br/><rect x=\"1\"/><b>x</b>&lt;</div>")
    }

    @Test func itGrowsPastItsFirstCapacity() {
        var out = MarkupBuffer(capacity: 1)
        let long = String(repeating: "a<", count: 50_000)
        out.element("p", text: long)
        #expect(MarkupWriter.write(out.finish()) == MarkupWriter.write(.el("p", .text(long))))
    }
}
