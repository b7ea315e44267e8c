import Testing
import Vocabulary

@testable import Markup

@Suite struct MarkupWriterTests {
    @Test func escapesTextSoScriptTagsStayInert() {
        let html = MarkupWriter.write(.el("p", .text("<script>alert(1)</script> & ]]>")))
        #expect(html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;</p>")
    }

    @Test func escapesQuotesAndNewlinesInAttributes() {
        let html = MarkupWriter.write(.el("a", ["title": "\"><img onerror=x>\nnext"], .text("x")))
        #expect(html == "<a title=\"&quot;&gt;&lt;img onerror=x&gt;&#10;next\">x</a>")
    }

    @Test func controlCharactersBecomeVisiblePictures() {
        let html = MarkupWriter.write(.text("a\u{0}b\u{1B}c\u{7F}"))
        #expect(html == "a\u{2400}b\u{241B}c\u{2421}")
    }

    @Test func c1AndBidiControlsAreShownAsCodesNotDropped() {
        #expect(MarkupWriter.write(.text("a\u{85}b\u{202E}c\u{2069}d\u{FFFF}")) == "a[U+0085]b[U+202E]c[U+2069]d\u{FFFD}")
        #expect(MarkupWriter.escapeAttribute("\u{9B}\u{2066}\"") == "[U+009B][U+2066]&quot;")
        // Ordinary characters sharing those UTF-8 lead bytes pass unchanged.
        #expect(MarkupWriter.write(.text("\u{A0}°·…–•€")) == "\u{A0}°·…–•€")
    }

    @Test func voidAndSVGLeafElementsSelfClose() {
        #expect(MarkupWriter.write(.el("br")) == "<br/>")
        #expect(MarkupWriter.write(.el("rect", ["x": "1"])) == "<rect x=\"1\"/>")
        #expect(MarkupWriter.write(.el("div")) == "<div></div>")
    }

    @Test func attributesKeepTheirOrder() {
        let html = MarkupWriter.write(.el("svg", attrs: [("viewBox", "0 0 1 1"), ("role", "img"), ("id", nil)]))
        #expect(html == "<svg viewBox=\"0 0 1 1\" role=\"img\"></svg>")
    }

    @Test func trustedMarkupIsWrittenAsIs() {
        #expect(MarkupWriter.write(.fragment([.trusted("<b>x</b>"), .text("<")])) == "<b>x</b>&lt;")
    }
}

@Suite struct BraceEscapingTests {
    @Test func bracesInDataNeverLeaveTemplateMarkers() {
        #expect(MarkupWriter.write(.el("p", .text("{{title}}"))) == "<p>&#123;&#123;title&#125;&#125;</p>")
        #expect(MarkupWriter.write(.el("a", ["title": "}}"], .text("x"))) == "<a title=\"&#125;&#125;\">x</a>")
    }
}

/// The byte-level escaper against the scalar-by-scalar rules it replaced (kept here as the
/// reference): random strings built from every character class the rules single out, their
/// UTF-8 neighbours and ordinary text, as text and as attribute values.
@Suite struct MarkupEscapingReferenceTests {
    static func reference(_ s: String, attribute: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "{": out += "&#123;"
            case "}": out += "&#125;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default:
                if v < 0x20 && v != 0x09 && v != 0x0A {
                    out.unicodeScalars.append(Unicode.Scalar(0x2400 + v)!)
                } else if v == 0x7F {
                    out += "\u{2421}"
                } else if v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else if (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    @Test func matchesTheScalarRulesOnRandomStrings() {
        // Every C0 control, DEL, the C1 range and its neighbours, the bidi controls and their
        // neighbours (same lead byte 0xE2), U+FFFD–U+FFFF and other 0xEF-led characters,
        // four-byte emoji, and plain ASCII.
        var pool: [Unicode.Scalar] = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
        pool += (0x7F...0xBF).map { Unicode.Scalar(UInt32($0))! }
        pool += (0x2020...0x2030).map { Unicode.Scalar(UInt32($0))! } + (0x2060...0x206F).map { Unicode.Scalar(UInt32($0))! }
        pool += [0x2400, 0x2421, 0x20AC, 0xFEFF, 0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0xE000, 0x1F600, 0x10FFFF].map { Unicode.Scalar($0)! }
        var rng = SplitMix64(seed: 7)
        for round in 0..<3000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 24) { s.unicodeScalars.append(pool[Int(rng.next() % UInt64(pool.count))]) }
            #expect(MarkupWriter.escapeText(s) == Self.reference(s, attribute: false), "round \(round): \(s.debugDescription)")
            #expect(MarkupWriter.escapeAttribute(s) == Self.reference(s, attribute: true), "round \(round): \(s.debugDescription)")
            let node = Node.el("p", ["title": s], .text(s), .el("br"), .trusted(s))
            let expected = "<p title=\"\(Self.reference(s, attribute: true))\">\(Self.reference(s, attribute: false))<br/>\(s)</p>"
            #expect(MarkupWriter.write(node) == expected, "round \(round)")
        }
    }

    @Test func emptyAndLongStrings() {
        #expect(MarkupWriter.write(.text("")) == "")
        #expect(MarkupWriter.write(.fragment([])) == "")
        let long = String(repeating: "abc&\u{202E}é", count: 100_000)
        #expect(MarkupWriter.escapeText(long) == Self.reference(long, attribute: false))
    }
}

/// `writeParts` joined is `write`, whatever the size at which trusted text becomes a part of
/// its own; and such text comes back as one part, unchanged.
@Suite struct MarkupPartsTests {
    static func randomTree(_ rng: inout SplitMix64, depth: Int) -> Node {
        let texts = ["a<b", "{x}", "é\u{202E}", "", "plain", String(repeating: "z", count: 40)]
        switch rng.next() % (depth > 3 ? 2 : 5) {
        case 0: return .text(texts[Int(rng.next() % UInt64(texts.count))])
        case 1: return .trusted(String(repeating: "<t/>", count: Int(rng.next() % 12)))
        case 2: return .fragment((0..<Int(rng.next() % 4)).map { _ in randomTree(&rng, depth: depth + 1) })
        default:
            let names = ["p", "br", "rect", "script", "div"]
            return .element(
                names[Int(rng.next() % UInt64(names.count))], [("title", texts[Int(rng.next() % UInt64(texts.count))])],
                (0..<Int(rng.next() % 4)).map { _ in randomTree(&rng, depth: depth + 1) })
        }
    }

    @Test func joinedPartsAreTheWrittenPage() {
        var rng = SplitMix64(seed: 3)
        for round in 0..<2000 {
            let node = Self.randomTree(&rng, depth: 0)
            let whole = MarkupWriter.write(node)
            for sharedFrom in [0, 1, 4, 8, 20, 1 << 20] {
                let parts = MarkupWriter.writeParts(node, sharedFrom: sharedFrom)
                #expect(parts.joined() == whole, "round \(round), sharedFrom \(sharedFrom)")
            }
        }
    }

    /// Pages are written into a buffer that starts at 16 KiB and doubles: pages of many times
    /// that, and a part taken from the buffer before more is written into it, come out whole.
    @Test func pagesLargerThanTheFirstBufferComeOutWhole() {
        let rows = (0..<3000).map { i in Node.el("p", ["title": "t\(i)\"&"], .text("row \(i) <\(i)>")) }
        let expected = (0..<3000).map { i in "<p title=\"t\(i)&quot;&amp;\">row \(i) &lt;\(i)&gt;</p>" }.joined()
        #expect(expected.utf8.count > 4 * (16 << 10))
        #expect(MarkupWriter.write(.fragment(rows)) == expected)
        let data = String(repeating: "d", count: 64)
        let parts = MarkupWriter.writeParts(.fragment(rows + [.trusted(data)] + rows), sharedFrom: 64)
        #expect(parts == [expected, data, expected])
        // Escaped attribute values grow past the size they are first given (the string's, plus 16).
        #expect(MarkupWriter.escapeAttribute(String(repeating: "&\"", count: 1000)) == String(repeating: "&amp;&quot;", count: 1000))
        #expect(MarkupWriter.escapeText(String(repeating: "<", count: 10)) == String(repeating: "&lt;", count: 10))
    }

    @Test func largeTrustedTextIsAPartOfItsOwn() {
        let data = String(repeating: "x", count: 100)
        let node = Node.el("div", .el("p", .text("a&b")), .el("script", ["type": "application/json"], .trusted(data)), .text("c"))
        let parts = MarkupWriter.writeParts(node, sharedFrom: 100)
        #expect(parts == ["<div><p>a&amp;b</p><script type=\"application/json\">", data, "</script>c</div>"])
        #expect(MarkupWriter.writeParts(.trusted(data), sharedFrom: 100) == [data])
        #expect(MarkupWriter.writeParts(.fragment([]), sharedFrom: 1) == [])
    }
}
