import Testing

@testable import HTMLValidation

struct URLCheckTests {
    @Test func javascriptIsFoundTheWayBrowsersReadIt() {
        #expect(URLCheck.isJavaScript("javascript:alert(1)"))
        #expect(URLCheck.isJavaScript("  JaVa\tScRiPt:alert(1)"))
        #expect(!URLCheck.isJavaScript("page.html#javascript:"))
    }

    @Test func outsideLoadsAndSelfContainedOnes() {
        for url in ["http://a", "HTTPS://a", "//a/b", "\\\\a\\b", "file:///x", "ftp://a/b"] {
            #expect(URLCheck.loadsFromOutside(url), "\(url)")
        }
        for url in ["a.png", "./a.png", "/a.png", "data:image/png;base64,AA", "#grad", "about:blank"] {
            #expect(!URLCheck.loadsFromOutside(url), "\(url)")
        }
    }

    @Test func cssURLsAndImports() {
        let css = "a { background: url(\"x.png\") } b { mask: URL( http://h/m.svg ) } @import 'c.css'; .curl(x)"
        #expect(URLCheck.cssURLs(in: css).map(\.url) == ["x.png", "http://h/m.svg", "c.css"])
        #expect(URLCheck.cssURLs(in: css).map(\.offset) == [21, 46, 74])
        // A chart bar's style has neither `(` nor `@`; a lone `@import` or `url(` still counts.
        #expect(URLCheck.cssURLs(in: "left:12.5%;width:3.4%").isEmpty)
        #expect(URLCheck.cssURLs(in: "@IMPORT \"d.css\"").map(\.url) == ["d.css"])
        #expect(URLCheck.cssURLs(in: "url(e.png)").map(\.url) == ["e.png"])
    }

    @Test func viewBoxNeedsFourNumbersWithPositiveSize() {
        #expect(TreeWalk.isValidViewBox("0 0 100 50"))
        #expect(TreeWalk.isValidViewBox("-5,-5 10,10"))
        #expect(!TreeWalk.isValidViewBox("0 0 100"))
        #expect(!TreeWalk.isValidViewBox("0 0 0 10"))
        #expect(!TreeWalk.isValidViewBox("0 0 a 10"))
    }

    @Test func templateScanFindsHolesInTheRawSourceOnly() {
        func hits(_ s: String) -> [String] { TemplateTextScan.scan(Array(s.utf8)).map(\.snippet) }
        #expect(hits("<p>Hello {{name}}!</p>") == ["{{name}}"])
        #expect(hits("<p>a }} b</p>") == ["}}"])
        #expect(hits("<p>{ x } &#123;&#123;data}}</p>").count == 1)  // escaped braces are data; the lone }} is not
        #expect(hits("<script>if (a) {{}}</script><style>@media x{a{b:c}}</style>") == [])
        #expect(hits("<style>a{{x}}</style>").count == 1)
        #expect(hits("<!-- {{x}} -->") == [])
    }
}
