import TelemetryModel
import Testing

@testable import ReportRendering

/// Site-layout links from a page at the top and from one in a folder (trace pages, and a
/// dashboard whose id holds a slash), to other pages and to the page itself.
struct LinkerTests {
    @Test func siteLinksResolveFromEachFolder() throws {
        let id = try #require(TraceID(hex: "5b8efff798038103d269b633813fc60c"))
        let fromTrace = Linker(layout: .site, current: .trace(id))
        #expect(fromTrace.href(.trace(id)) == "5b8efff798038103d269b633813fc60c.html")
        #expect(fromTrace.href(.trace(id), "span-3") == "#span-3")
        #expect(fromTrace.href(.index) == "../index.html")
        #expect(fromTrace.href(.traces, "top") == "../traces.html#top")
        let fromIndex = Linker(layout: .site, current: .index)
        #expect(fromIndex.href(.trace(id)) == "traces/5b8efff798038103d269b633813fc60c.html")
        #expect(fromIndex.href(.index) == "index.html" && fromIndex.href(.index, "x") == "#x")
        let fromNested = Linker(layout: .site, current: .dashboard("a/b"))
        #expect(fromNested.href(.index) == "../index.html")
        #expect(fromNested.href(.dashboard("a/b")) == "b.html")
        #expect(Linker(layout: .singleFile, current: .index).href(.trace(id), "s") == "#trace-5b8efff798038103d269b633813fc60c--s")
    }
}
