import Foundation
import Testing

@testable import HTMLValidation

/// One test per rule of DESIGN.md §6, each asserting the rule id and the exact place.
/// Serialised although the validator locks libxml2 itself, so a failure's output is not interleaved.
@Suite(.serialized)
struct HTMLValidatorTests {
    let validator = HTMLValidator()

    private func issues(_ text: String, path: String = "index.html") -> [ValidationIssue] {
        validator.validate([HTMLDocument(path: path, text: text)])
    }

    private func issues(body: String, head: String = "") -> [ValidationIssue] {
        issues(Fixtures.page(head: head, body: body))
    }

    @Test func validReportWithInlineSVGHasNoIssues() {
        let result = validator.validate([
            HTMLDocument(path: "index.html", text: Fixtures.index),
            HTMLDocument(path: "traces/t1.html", text: Fixtures.trace),
        ])
        #expect(result == [])
    }

    @Test func unclosedTagIsReportedWithLineAndColumn() throws {
        let result = issues(body: "<div><p>text</div>")
        let first = try #require(result.first)
        #expect(first.rule == "xml-parse")
        #expect(first.line == 9)
        #expect(first.column == 19)
        #expect(first.message.contains("Opening and ending tag mismatch"))
        #expect(first.description.hasPrefix("index.html:9:19: error: [xml-parse] Opening and ending tag mismatch"))
    }

    @Test func namedEntityFailsWithAHint() throws {
        let result = issues(body: "<p>100&nbsp;ms</p>")
        let first = try #require(result.first)
        #expect(first.rule == "xml-parse")
        #expect(first.line == 9)
        #expect(first.column == 13)
        #expect(first.message.contains("nbsp"))
        #expect(first.message.contains("&#160;"))
    }

    @Test func libxml2ColumnsCountCharactersNotBytes() throws {
        let result = issues(body: "<p>\u{E9}\u{E9}</div>")
        let first = try #require(result.first)
        #expect(first.line == 9)
        #expect(first.column == 12)
    }

    @Test func unselfClosedVoidElementFails() {
        let result = issues(body: "<p>a<br>b</p>")
        #expect(result.first?.rule == "xml-parse")
        #expect(result.first?.line == 9)
    }

    @Test func secondRootIsReported() {
        let result = issues(Fixtures.page(body: "<p>x</p>") + "<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>\n")
        #expect(result.map(\.rule) == ["xml-parse"])
        #expect(result.first?.line == 12)
        #expect(result.first?.message.contains("Extra content") == true)
    }

    @Test func emptyDocumentIsReported() {
        let result = issues("")
        #expect(result.map(\.rule) == ["xml-parse"])
    }

    @Test func hostileTextCorrectlyEscapedPasses() {
        let body =
            "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>"
        #expect(issues(body: body) == [])
    }

    @Test func duplicateIDIsReportedAtTheSecondOccurrence() {
        let result = issues(body: "<p id=\"a\">1</p>\n<div><span  id=\"a\">2</span></div>")
        #expect(
            result == [
                ValidationIssue(
                    file: "index.html", line: 10, column: 13, rule: "duplicate-id",
                    message: "duplicate id \"a\", first defined at line 9")
            ])
    }

    @Test func emptyAndSpacedIDsAreInvalid() {
        let result = issues(body: "<p id=\"\">1</p><p id=\"a b\">2</p>")
        #expect(result.map(\.rule) == ["invalid-id", "invalid-id"])
        #expect(result.map(\.column) == [4, 18])
    }

    @Test func brokenFragmentInThePage() {
        let result = issues(body: "<p id=\"here\"><a href=\"#here\">ok</a>\n<a href=\"#missing\">broken</a></p>")
        #expect(result.count == 1)
        #expect(result.first?.rule == "broken-link")
        #expect(result.first?.line == 10)
        #expect(result.first?.column == 4)
        #expect(result.first?.message == "<a href> \"#missing\" has no target: no id \"missing\" in this page")
    }

    @Test func crossPageLinkToMissingID() {
        let index = Fixtures.page(
            body: "<p id=\"summary\"><a href=\"traces/t1.html#span-1\">ok</a> <a href=\"traces/t1.html#span-9\">bad</a></p>")
        let result = validator.validate([
            HTMLDocument(path: "index.html", text: index),
            HTMLDocument(path: "traces/t1.html", text: Fixtures.trace),
        ])
        #expect(
            result == [
                ValidationIssue(
                    file: "index.html", line: 9, column: 59, rule: "broken-link",
                    message: "<a href> \"traces/t1.html#span-9\" has no target: no id \"span-9\" in traces/t1.html")
            ])
    }

    @Test func linkToAPageOutsideTheSet() {
        let result = issues(body: "<p><a href=\"nowhere.html\">x</a></p>")
        #expect(result.map(\.rule) == ["broken-link"])
        #expect(result.first?.message.contains("not a page of the report") == true)
    }

    @Test func linkClimbingAboveTheRootIsBroken() {
        let result = issues(body: "<p><a href=\"../up.html\">x</a></p>")
        #expect(result.first?.message.contains("outside the report") == true)
    }

    @Test func svgLinkWithXLinkHrefIsChecked() {
        let svg = """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1" role="img"><title>t</title>
            <a xlink:href="#nope"><rect width="1" height="1"/></a></svg>
            """
        let result = issues(body: svg)
        #expect(result.map(\.rule) == ["broken-link"])
        #expect(result.first.map { [$0.line, $0.column] } == [10, 4])
    }

    @Test func externalScriptIsReported() {
        let result = issues(body: "<script src=\"https://cdn.example.com/x.js\"></script>")
        #expect(
            result == [
                ValidationIssue(
                    file: "index.html", line: 9, column: 9, rule: "external-resource",
                    message:
                        "<script src> loads \"https://cdn.example.com/x.js\" from outside the report; inline it or copy it into the report")
            ])
    }

    @Test(arguments: [
        "<img src=\"//cdn.example.com/a.png\" alt=\"\"/>",
        "<img src=\"file:///etc/a.png\" alt=\"\"/>",
        "<img src=\"x.png\" srcset=\"a.png 1x, http://x.test/b.png 2x\" alt=\"\"/>",
        "<iframe src=\"http://example.com/\"></iframe>",
        "<object data=\"https://example.com/a.svg\"></object>",
        "<link rel=\"stylesheet\" href=\"https://example.com/a.css\"/>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" role=\"img\"><title>t</title><use href=\"https://x.test/s.svg#i\"/></svg>",
        "<p style=\"background: URL( 'http://x.test/a.png' )\">x</p>",
        // SVG presentation attributes, the url( found in the parser's text or, with a
        // character reference in the value, in the decoded value.
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" role=\"img\"><title>t</title><rect fill=\"url(http://x.test/g.svg#a)\" width=\"1\" height=\"1\"/></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" role=\"img\"><title>t</title><rect fill=\"&#117;rl(http://x.test/g.svg#a)\" width=\"1\" height=\"1\"/></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 1 1\" role=\"img\"><title>t</title><image xlink:href=\"https://x.test/i.png\" width=\"1\" height=\"1\"/></svg>",
    ])
    func externalLoadsAreReported(body: String) {
        #expect(issues(body: body).map(\.rule) == ["external-resource"])
    }

    @Test func cssURLInStyleElementIsReportedWhereItIs() {
        let result = issues(
            body: "<p>x</p>", head: "\n.logo { background: url(http://example.com/logo.png); }\n@import \"https://x.test/a.css\";")
        #expect(result.map(\.rule) == ["external-resource", "external-resource"])
        #expect(result.map(\.line) == [7, 8])
        #expect(result.map(\.column) == [25, 10])
    }

    /// A stylesheet of one text node is searched in libxml2's copy, and any other in its text
    /// content: a `url(` spelled with a character reference, inside a CDATA section, or split
    /// between a CDATA section and text is found in each.
    @Test(arguments: [
        "\n.a { background: &#117;rl(http://x.test/a.png); }",
        "<![CDATA[\n.a { background: url(http://x.test/a.png); }]]>",
        "\n.a { background: u<![CDATA[rl(http://x.test/a.png); }]]>",
        "\n.a { color: red; }<![CDATA[ @IMPORT \"https://x.test/a.css\"; ]]>",
    ])
    func cssURLInStyleElementIsFoundHoweverTheTextIsWritten(head: String) {
        #expect(issues(body: "<p>x</p>", head: head).map(\.rule) == ["external-resource"])
    }

    @Test func navigationLinksAwayAreAllowed() {
        #expect(issues(body: "<p><a href=\"https://example.com/\">a</a> <a href=\"mailto:x@example.com\">m</a></p>") == [])
    }

    @Test func javascriptURLIsForbidden() {
        let result = issues(body: "<p><a href=\" JavaScript:alert(1)\">x</a></p>")
        #expect(result.map(\.rule) == ["javascript-url"])
        #expect(result.first?.column == 7)
    }

    @Test func svgWithoutViewBoxRoleAndTitle() {
        let result = issues(body: "<div>\n  <svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg></div>")
        #expect(result.map(\.rule) == ["svg-role", "svg-title", "svg-viewbox"])
        #expect(result.allSatisfy { $0.line == 10 && $0.column == 3 })
    }

    @Test func svgWithBadViewBoxWrongRoleAndEmptyTitle() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 0 10\" role=\"presentation\"><title> </title></svg>"
        let result = issues(body: svg)
        #expect(Set(result.map(\.rule)) == ["svg-viewbox", "svg-role", "svg-title"])
        #expect(result.first { $0.rule == "svg-viewbox" }?.column == 41)
    }

    @Test func inlineEventHandlerIsReported() {
        let result = issues(body: "<p>\n<button type=\"button\" onclick=\"go()\">Go</button></p>")
        #expect(
            result == [
                ValidationIssue(
                    file: "index.html", line: 10, column: 23, rule: "inline-event-handler",
                    message:
                        "<button> has inline event handler onclick=; a strict Content-Security-Policy blocks it, attach the listener from a script"
                )
            ])
    }

    @Test func attributeNamesAreClassifiedAsTheRulesReadThem() {
        #expect(AttributeTraits(name: "id") == [.id])
        #expect(AttributeTraits(name: "ID") == [])
        #expect(AttributeTraits(name: "href") == [.url, .href])
        #expect(AttributeTraits(name: "src") == [.url])
        #expect(AttributeTraits(name: "srcset") == [.url, .urlList])
        #expect(AttributeTraits(name: "ping") == [.url, .urlList])
        #expect(AttributeTraits(name: "style") == [.style])
        #expect(AttributeTraits(name: "onclick") == [.eventHandler])
        #expect(AttributeTraits(name: "OnLoad") == [.eventHandler])
        #expect(AttributeTraits(name: "on") == [])
        #expect(AttributeTraits(name: "class") == [])
        #expect(AttributeTraits(name: "data-href") == [])
    }

    @Test func eventHandlersAreFoundInAnyCaseAndOnEveryElement() {
        let result = issues(body: "<p ONCLICK=\"a()\">x</p><p>y</p><p onMouseOver=\"b()\" onclick=\"c()\">z</p>")
        #expect(result.map(\.rule) == ["inline-event-handler", "inline-event-handler", "inline-event-handler"])
        #expect(result.map(\.column) == [4, 34, 52])
    }

    @Test func leftOverTemplateTextInTextIsReported() {
        let result = issues(body: "<h1>Trace</h1>\n<p>Service: {{title}} done</p>")
        #expect(
            result == [
                ValidationIssue(
                    file: "index.html", line: 10, column: 13, rule: "template-text",
                    message: "unrendered template text \"{{title}}\" in the page source")
            ])
    }

    @Test func leftOverTemplateTextInAttributeIsReported() {
        let result = issues(body: "<p><a class=\"x\" title=\"{{name}}\" href=\"#\">x</a></p>")
        #expect(result.map(\.rule) == ["template-text"])
        #expect(result.first?.column == 24)  // the braces themselves
    }

    @Test func templateTextAfterCharacterReferencesIsPlacedExactly() {
        let result = issues(body: "<ul><li>a</li>\n<li>&#233;&#233; }}</li></ul>")
        #expect(result.first.map { [$0.line, $0.column] } == [10, 18])
    }

    @Test func bracesInsideScriptAreAllowed() {
        #expect(issues(body: "<script>var o = {a: {b: 1}};</script>") == [])
    }

    @Test func issueDescriptionFollowsCompilerStyle() {
        let issue = ValidationIssue(file: "a.html", line: 3, column: 7, rule: "svg-role", message: "m")
        #expect(issue.description == "a.html:3:7: error: [svg-role] m")
        #expect(
            ValidationIssue(file: "a.html", line: 0, column: 0, rule: "file-read", message: "m").description
                == "a.html: error: [file-read] m")
    }

    @Test func libxml2VersionIsDotted() {
        #expect(HTMLValidator.libxml2Version.split(separator: ".").count == 3)
    }
}
