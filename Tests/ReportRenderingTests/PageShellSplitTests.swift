import Testing

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
