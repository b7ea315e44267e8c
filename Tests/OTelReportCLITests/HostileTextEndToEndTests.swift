import Foundation
import Testing

/// Hostile text in every field of a snapshot, through the built binary: every page type in both
/// layouts renders (exit 0, never 2), validates, keeps forbidden characters visible, and
/// `report.json` reads back the decoded text exactly.
@Suite(.serialized) struct HostileTextEndToEndTests {
    static let title = "T{{x}} {{{y}}} </title><script>\u{1}\u{202E}]]><!--"

    @Test func everyClassThroughEveryPageTypeRendersValidInertPages() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try HostileSnapshot.write(to: input)
        let yaml = dir.appendingPathComponent("dashboards.yaml")
        try HostileSnapshot.dashboards.write(to: yaml, atomically: true, encoding: .utf8)

        let site = dir.appendingPathComponent("site"), custom = dir.appendingPathComponent("custom"),
            single = dir.appendingPathComponent("one.html")
        let common = ["--generated-at", "2026-01-15T12:00:00Z", "--title", Self.title, "--quiet"]
        for (out, extra) in [(site, ["--top", "400"]), (custom, ["--top", "5", "--dashboards", yaml.path]), (single, ["--top", "40"])] {
            let r = try CLI.run(["render", input.path, "-o", out.path] + common + extra)
            #expect(r.status == 0, "\(out.lastPathComponent): \(r.stderr.prefix(3000))")
        }

        var pages: [String: Data] = [:]
        for (name, folder) in [("site", site), ("custom", custom)] {
            for (path, data) in CLI.files(in: folder) { pages[name + "/" + path] = data }
        }
        pages["one.html"] = try Data(contentsOf: single)
        let html = pages.filter { $0.key.hasSuffix(".html") }
        // Every page type is there.
        for needle in [
            "site/index.html", "site/traces.html", "site/compare.html", "site/logs.html", "site/services.html",
            "site/dashboard-resources.html",
            "site/dashboard-latency.html", "custom/dashboard-per-service.html", "one.html",
        ] {
            #expect(html[needle] != nil, "\(needle) missing")
        }
        #expect(html.keys.filter { $0.hasPrefix("site/traces/") }.count == 375)

        // The validator (libxml2 + report rules) passes on each set.
        for (prefix, root) in [("site/", site), ("custom/", custom)] {
            let files = html.keys.filter { $0.hasPrefix(prefix) }.sorted().map {
                root.appendingPathComponent(String($0.dropFirst(prefix.count))).path
            }
            let v = try CLI.run(["validate", "--quiet"] + files)
            #expect(v.status == 0, "\(v.stderr.prefix(3000))")
        }
        let v = try CLI.run(["validate", single.path])
        #expect(v.status == 0, "\(v.stderr.prefix(3000))")

        // Inert and visible: no raw forbidden or reordering character, no live markup from data;
        // the forbidden characters are shown, not dropped.
        var all = ""
        for (path, data) in html {
            let text = String(decoding: data, as: UTF8.self)
            for bad in [
                "\u{0}", "\u{1}", "\u{1B}", "\u{85}", "\u{9B}", "\u{FFFE}", "\u{FFFF}", "\u{202E}", "\u{2066}",
                "<script>alert", "<!-- x", "{{mustache", "{{x}}", "</title><script>",
            ] {
                #expect(!text.contains(bad), "\(path) holds \(bad.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            all += text
        }
        for visible in [
            "nul\u{2400}x", "c0\u{2401}\u{241B}[31m\u{2421}", "c1[U+0085][U+009B]", "nonchar\u{FFFD}\u{FFFD}",
            "lone\u{FFFD}x", "lonelow\u{FFFD}", "]]&gt;\u{FFFD}\u{FFFD}(x", "bidi[U+202E]evil[U+2066]",
            "&#123;&#123;mustache&#125;&#125; &#123;&#123;&#123;triple&#125;&#125;&#125;",
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;!-- x", "quo&quot;te'",
            "· T&#123;&#123;x&#125;&#125; &#123;&#123;&#123;y&#125;&#125;&#125; &lt;/title&gt;&lt;script&gt;\u{2401}[U+202E]]]&gt;&lt;!--</title>",
        ] {
            let shown = all.contains(visible)
            #expect(shown, "\(visible) not shown")
        }
        // The compare page ranks hostile attribute keys and values of the 25-span operations.
        let compare = String(decoding: try #require(html["site/compare.html"]), as: UTF8.self)
        #expect(compare.contains("<code>") || compare.contains("&lt;"))
        let comparesHostile = ["&lt;!-- x", "nul\u{2400}x", "bidi[U+202E]evil[U+2066]"].contains { compare.contains($0) }
        #expect(comparesHostile)
        // The logs page, the service map and the exceptions tables carry hostile text too.
        let logsPage = String(decoding: try #require(html["site/logs.html"]), as: UTF8.self)
        #expect(["&lt;!-- x", "nul\u{2400}x", "bidi[U+202E]evil[U+2066]"].allSatisfy { logsPage.contains($0) })
        let servicesPage = String(decoding: try #require(html["site/services.html"]), as: UTF8.self)
        #expect(
            servicesPage.contains("uninstrumented peer") && servicesPage.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        let index = String(decoding: try #require(html["site/index.html"]), as: UTF8.self)
        #expect(index.contains("class=\"exceptions\""))
        // The 1 MB value is on its waterfall whole (behind "show all"), and the page stays valid.
        let whole = all.contains(">" + HostileSnapshot.megabyte + "<")
        #expect(whole)

        // report.json: valid JSON that reads back the decoded names exactly, with the characters
        // that could break an embedding escaped in its source.
        for json in [try #require(pages["site/report.json"])] {
            let source = String(decoding: json, as: UTF8.self)
            for raw in ["\u{0}", "\u{FFFE}", "\u{202E}", "\u{85}", "<", ">"] { #expect(!source.contains(raw)) }
            let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let services = try #require(report["services"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(Set(services) == Set(HostileSnapshot.decoded.map { $0.replacingOccurrences(of: "]]>", with: "]]>\u{FFFD}\u{FFFD}(x") }))
        }
    }
}

/// Names from the input reach the terminal too (inspect, warnings): escape sequences in them
/// are printed as text, never sent to the terminal.
@Suite struct TerminalOutputTests {
    @Test func inspectPrintsControlCharactersAsEscapes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try HostileSnapshot.write(to: dir)
        let r = try CLI.run(["inspect", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("c0\\u{1}\\u{1B}[31m\\u{7F}"))
        #expect(r.stdout.contains("bidi\\u{202E}evil\\u{2066}"))
        for raw in ["\u{1B}", "\u{0}", "\u{202E}", "\u{85}"] {
            #expect(!r.stdout.contains(raw) && !r.stderr.contains(raw))
        }
    }
}
