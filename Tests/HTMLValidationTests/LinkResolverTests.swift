import Testing
import Vocabulary

@testable import HTMLValidation

/// Link resolution as a browser does it from disk, without libxml2.
struct LinkResolverTests {
    let resolver = LinkResolver(
        pages: ["index.html": ["top-services"], "traces/t1.html": ["span-1", "a b"], "broken.html": Set<String>?.none]
            as [String: Set<String>?],
        baseDirectory: nil
    )

    @Test(arguments: [
        ("#top-services", "index.html"), ("traces/t1.html", "index.html"), ("./traces/t1.html#span-1", "index.html"),
        ("../index.html#top-services", "traces/t1.html"), ("t1.html?x=1#span-1", "traces/t1.html"),
        ("#a%20b", "traces/t1.html"), ("#", "index.html"), ("#top", "index.html"), ("", "index.html"),
        ("https://example.com/x", "index.html"), ("//example.com/x", "index.html"), ("mailto:a@b.c", "index.html"),
        ("broken.html#anything", "index.html"), ("traces/../index.html", "index.html"),
        // Script state in the fragment (the trace page's A/B filters), on a page that exists.
        ("../index.html#a=app.cache_hit%3Dtrue&b=app.cache_hit%3Dfalse", "traces/t1.html"), ("#b.min=100", "index.html"),
    ])
    func resolves(href: String, from page: String) {
        #expect(resolver.problem(with: href, from: page) == nil)
    }

    @Test(arguments: [
        ("#nope", "index.html"), ("t1.html", "index.html"), ("../index.html#span-1", "traces/t1.html"),
        ("/index.html", "index.html"), ("../../x.html", "traces/t1.html"), ("file:///tmp/index.html", "index.html"),
        // State needs the page to exist; a fragment that is not `name=…` must still be an id.
        ("missing.html#a=x", "index.html"), ("#=x", "index.html"), ("#1a=x", "index.html"), ("#a b=x", "index.html"),
    ])
    func doesNotResolve(href: String, from page: String) {
        #expect(resolver.problem(with: href, from: page) != nil)
    }

    @Test func normalizeDropsDotsAndRefusesToClimbAboveTheRoot() {
        #expect(LinkResolver.normalize("a/./b/../c.html") == "a/c.html")
        #expect(LinkResolver.normalize("../x") == nil)
        #expect(LinkResolver.normalize("") == "")
        #expect(LinkResolver.normalize("a/..") == "")
        #expect(LinkResolver.normalize("//a//b/") == "a/b")
        #expect(LinkResolver.normalize("a/b/../../..") == nil)
        // Segments split at every `/`, a combining mark after it or not, as a browser splits them.
        #expect(LinkResolver.normalize("a/\u{301}b/../c") == "a/c")
    }

    @Test func aPagesFolderIsItsPathUpToTheLastSlash() {
        #expect(LinkResolver.folder(of: "index.html") == "")
        #expect(LinkResolver.folder(of: "traces/t1.html") == "traces")
        #expect(LinkResolver.folder(of: "a/b/c.html") == "a/b")
        #expect(LinkResolver.folder(of: "a//c.html") == "a/")
    }

    /// The byte-level normalisation against segments of Unicode scalars, on random paths.
    @Test func normalizeSplitsAsTheURLParserDoes() {
        func byScalars(_ path: String) -> String? {
            var segments: [String] = []
            for segment in path.unicodeScalars.split(separator: "/") {
                let text = String(String.UnicodeScalarView(segment))
                if text == "." { continue }
                if text == ".." {
                    guard !segments.isEmpty else { return nil }
                    segments.removeLast()
                } else {
                    segments.append(text)
                }
            }
            return segments.joined(separator: "/")
        }
        let pieces = ["/", "//", ".", "..", "a", "bc", "é", "\u{301}", "index.html", "%2F", " "]
        var random = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            var path = ""
            for _ in 0..<(1 + Int(random.next() % 7)) { path += pieces[Int(random.next() % UInt64(pieces.count))] }
            #expect(LinkResolver.normalize(path) == byScalars(path), "\(path.debugDescription)")
        }
    }

    /// The byte-level path for plain hrefs must lead where the full clean-up leads: random hrefs
    /// from pieces a report writes and pieces it never does (schemes, queries, escapes,
    /// whitespace, `..`, doubled slashes and hashes), from pages at the top and in a folder.
    @Test func plainHrefsLeadWhereTheFullCleanUpLeads() {
        let pieces = [
            "#", "span-3", "../", "./", "..", ".", "/", "//", "index.html", "traces/", "t1.html", "a", "Z9", "_", "-",
            "?", "x=1", "%20", "%", ":", "https:", "file:", "\\", " ", "\t", "é", "=", "&", "top", "TOP",
        ]
        var random = SplitMix64(seed: 41)
        var plain = 0
        for _ in 0..<20_000 {
            var href = ""
            for _ in 0..<(1 + Int(random.next() % 5)) { href += pieces[Int(random.next() % UInt64(pieces.count))] }
            for (page, folder) in [("index.html", ""), ("traces/t1.html", "traces")] {
                let full = LinkResolver.destination(of: href, from: page, folder: folder)
                guard let fast = LinkResolver.plainDestination(of: href, from: page, folder: folder) else { continue }
                plain += 1
                #expect(fast == full, "\(href) from \(page)")
            }
        }
        // Both paths were exercised: some hrefs are plain, most are not.
        #expect(plain > 2_000 && plain < 30_000, "\(plain) plain")
    }
}
