import Testing
import Vocabulary

@testable import HTMLValidation

struct URLCheckTests {
    @Test func javascriptIsFoundTheWayBrowsersReadIt() {
        #expect(URLCheck.isJavaScript("javascript:alert(1)"))
        #expect(URLCheck.isJavaScript("  JaVa\tScRiPt:alert(1)"))
        #expect(!URLCheck.isJavaScript("page.html#javascript:"))
    }

    /// The scheme is read on bytes; it must be what a reading by Unicode scalars gives (the URL
    /// parser's code points) for random values built from schemes' pieces and others.
    @Test func schemesAreReadAsTheURLParserReadsCodePoints() {
        func byScalars(_ value: String) -> String? {
            let scalars = Array(URLCheck.normalized(value).unicodeScalars)
            guard let colon = scalars.firstIndex(of: ":"), colon > 0, scalars[0].isASCII, scalars[0].properties.isAlphabetic
            else { return nil }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.".unicodeScalars)
            guard scalars[1..<colon].allSatisfy({ allowed.contains($0) }) else { return nil }
            return String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
        }
        let pieces = [
            "a", "Z", "http", "JavaScript", "9", "+", "-", ".", ":", "//", "é", "\u{301}", " ", "\t", "\n", "#", "/", "%3A",
            "\u{0}",
        ]
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            var value = ""
            for _ in 0..<(1 + Int(random.next() % 6)) { value += pieces[Int(random.next() % UInt64(pieces.count))] }
            #expect(URLCheck.scheme(of: value) == byScalars(value), "\(value.debugDescription)")
        }
        #expect(URLCheck.scheme(of: " HTTPS://a") == "https")
        #expect(URLCheck.scheme(of: "a+b-c.d:x") == "a+b-c.d")
        #expect(URLCheck.scheme(of: "1a:x") == nil)
        #expect(URLCheck.scheme(of: ":x") == nil)
        #expect(URLCheck.scheme(of: "traces/a.html") == nil)
        // A combining mark after the colon does not hide the scheme (a `Character` search did).
        #expect(URLCheck.isJavaScript("javascript:\u{301}alert(1)"))
        #expect(URLCheck.isSchemeRelative("//\u{301}host/x"))
        #expect(!URLCheck.isSchemeRelative("/\u{301}/x"))
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
