import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// The rendered shell is cut at the content marker when it occurs exactly once; otherwise the
/// page takes the general path (nil).
@Suite struct PageShellSplitTests {
    @Test func cutsAtTheOneMarker() throws {
        let m = PageShell.contentMarker
        let shell = "<head><style>p{color:red}</style></head><main>\(m)</main>é"
        let (before, after) = try #require(PageShell.split(shell, at: m))
        #expect(before == "<head><style>p{color:red}</style></head><main>")
        #expect(after == "</main>é")
        #expect(PageShell.split(m, at: m).map { [$0.0, $0.1] } == ["", ""])
        #expect(PageShell.split("x\(m)", at: m).map { [$0.0, $0.1] } == ["x", ""])
        #expect(PageShell.split("{page-conten}", at: m) == nil)
        #expect(PageShell.split("a\(m)b\(m)c", at: m) == nil)
        #expect(PageShell.split("", at: m) == nil)
        #expect(PageShell.split("{{{{{", at: m) == nil)
    }
}

/// The built-in template cut once (`ShellPieces`) gives each page the bytes that rendering the
/// template gives; any other template, or a stylesheet that spells a marker, is rendered per page.
@Suite struct ShellPiecesTests {
    static let options = ReportOptions(title: "Incident <42> & {{x}}", generatedAtNanos: 1_768_478_400_000_000_000)

    @Test func piecesJoinedAreTheRenderedShell() throws {
        let shell = try PageShell(options: Self.options, dashboards: [(id: "resources", title: "Resources")], extraCSS: ".x{}")
        let pieces = try #require(shell.pieces)
        let values = (pageTitle: "Page &amp; title", homeHref: "../index.html", nav: "<ul><li>n</li></ul>")
        for script: String? in [nil, "let x = 1;"] {
            var context = PageShell.fixedValues(options: Self.options, css: shell.css)
            context["pageTitle"] = values.pageTitle
            context["homeHref"] = values.homeHref
            context["nav"] = values.nav
            context["content"] = PageShell.contentMarker
            if let script { context["script"] = script }
            let (before, after) = try #require(PageShell.split(shell.template.render(context), at: PageShell.contentMarker))
            let joined = pieces.page(pageTitle: values.pageTitle, homeHref: values.homeHref, nav: values.nav, script: script)
            #expect(joined.before == before)
            #expect(joined.after == after)
            #expect(joined.after.contains("let x = 1;") == (script != nil))
        }
    }

    @Test func anyOtherTemplateOrAStylesheetSpellingAMarkerIsRenderedPerPage() throws {
        let builtIn = try #require(EmbeddedResources.files["templates/page.mustache"])
        var options = Self.options
        options.resourceOverrides = ["templates/page.mustache": builtIn]
        #expect(try PageShell(options: options, dashboards: [], extraCSS: "").pieces != nil)
        options.resourceOverrides = ["templates/page.mustache": builtIn.replacingOccurrences(of: "<footer>", with: "<footer><p>x</p>")]
        #expect(try PageShell(options: options, dashboards: [], extraCSS: "").pieces == nil)
        options.resourceOverrides = [:]
        #expect(try PageShell(options: options, dashboards: [], extraCSS: "/* {shell-nav} */").pieces == nil)
        #expect(try PageShell(options: options, dashboards: [], extraCSS: "/* {page-content} */").pieces == nil)
    }
}

/// Text is cut by characters, not bytes: two-byte and combined characters count once each.
@Suite struct DisplayTruncationTests {
    @Test func textIsCutAtItsCharacterLimit() {
        #expect(Display.truncated(String(repeating: "é", count: 50), limit: 60) == (String(repeating: "é", count: 50), false))
        #expect(Display.truncated(String(repeating: "é", count: 61), limit: 60) == (String(repeating: "é", count: 60) + "…", true))
        let flags = String(repeating: "🇫🇷", count: 10)  // 80 bytes, 10 characters
        #expect(Display.truncated(flags, limit: 10) == (flags, false))
        #expect(Display.truncated(flags, limit: 9) == (String(repeating: "🇫🇷", count: 9) + "…", true))
        #expect(Display.truncated("abc", limit: 3) == ("abc", false))
        #expect(Display.truncated("abcd", limit: 3) == ("abc…", true))
    }
}

/// The filtered set answers as the set it filters: ids sharing low bits with members, members,
/// and random ids.
@Suite struct TraceIDSetTests {
    @Test func answersAsTheSet() {
        var rng = SplitMix64(seed: 47)
        let members = Set((0..<300).map { _ in TraceID(high: rng.next(), low: rng.next()) })
        let set = TraceIDSet(members)
        for id in members {
            #expect(set.contains(id))
            #expect(!set.contains(TraceID(high: id.high &+ 1, low: id.low)))  // same low bits, not a member
        }
        for _ in 0..<5000 {
            let id = TraceID(high: rng.next(), low: rng.next())
            #expect(set.contains(id) == members.contains(id))
        }
        #expect(!TraceIDSet([]).contains(.zero))
    }
}
