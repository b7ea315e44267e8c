import Testing

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
