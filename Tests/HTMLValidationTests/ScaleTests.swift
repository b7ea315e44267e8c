import CLibXML2
import Dispatch
import Foundation
import Testing

@testable import HTMLValidation

/// Large pages and many threads: the lock must keep libxml2's per-thread state straight.
@Suite(.serialized)
struct ScaleTests {
    /// About 700 KB: a trace table of 4,000 rows, each with an id, a link and an inline SVG bar.
    static func largePage(rows: Int = 4_000) -> String {
        var body = "<table><tbody>\n"
        for row in 0..<rows {
            body += "<tr id=\"r\(row)\"><td><a href=\"#r\((row + 1) % rows)\">trace \(row)</a></td>"
            body += "<td><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 8\" role=\"img\"><title>\(row) ms</title>"
            body += "<rect width=\"\(row % 100)\" height=\"8\"/></svg></td><td>caf&#233; &lt;x&gt;</td></tr>\n"
        }
        body += "</tbody></table>"
        return Fixtures.page(body: body)
    }

    @Test func largePageValidatesCleanlyAndQuickly() {
        let page = Self.largePage()
        #expect(page.utf8.count > 600_000)
        let clock = ContinuousClock()
        var result: [ValidationIssue] = []
        let elapsed = clock.measure {
            result = HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)])
        }
        #expect(result == [])
        // Tens of milliseconds in release; a debug build is several times slower.
        #expect(elapsed < .seconds(3))
    }

    @Test func errorsOnALargePageKeepTheirPlace() {
        let page = Self.largePage().replacingOccurrences(of: "<tr id=\"r3999\">", with: "<tr id=\"r0\">")
        let result = HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)])
        #expect(result.map(\.rule) == ["broken-link", "duplicate-id"])
        #expect(result.map(\.line) == [9 + 1 + 3998, 9 + 1 + 3999])
    }

    /// A data block of about 3 MB (the trace page's is 13 MB at 500k spans), one line of JSON.
    static func dataBlock(bytes: Int = 3_000_000) -> String {
        let row = "[\"abc\",12345,\"ZGVmZ2hp\"],"
        return "<script type=\"application/json\" id=\"d\">[" + String(repeating: row, count: bytes / row.utf8.count) + "0]</script>"
    }

    @Test func dataBlocksAreParsedButNotKeptInTheTree() throws {
        let page = Fixtures.page(body: "<p id=\"t\">text stays</p>\n" + Self.dataBlock() + "\n<script>let x = 1;</script>")
        let bytes = Array(page.utf8)
        let source = SourceBytes(bytes)
        let kept = LibXML2.withParsedDocument(source.buffer, knownUTF8: true) { document, diagnostics -> [String] in
            #expect(diagnostics.isEmpty)
            guard let root = document.flatMap({ xmlDocGetRootElement($0) }) else { return [] }
            var texts: [String] = []
            var stack: [xmlNodePtr] = [root]
            while let node = stack.popLast() {
                if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name,
                    ["p", "script"].contains(String(cString: name))
                {
                    texts.append("\(String(cString: name)):\(TreeWalk.textContent(of: node).utf8.count)")
                }
                var child = node.pointee.children
                while let next = child {
                    stack.append(next)
                    child = next.pointee.next
                }
            }
            return texts.sorted()
        }
        // The paragraph and the executable script keep their text; the data block keeps none.
        #expect(kept == ["p:10", "script:0", "script:10"])
        #expect(HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)]) == [])
    }

    @Test func errorsInsideAndAfterADataBlockKeepTheirPlace() {
        // A stray `<` inside the block (line 10, column 50) and a duplicate id three lines on.
        let block = Self.dataBlock()
        let broken = String(block.prefix(49)) + "<" + String(block.dropFirst(49))
        let page = Fixtures.page(body: "<p id=\"a\">x</p>\n" + broken + "\n<p>y</p>\n<p>z</p>\n<p id=\"a\">w</p>")
        let result = HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)])
        #expect(result.first?.rule == "xml-parse")
        #expect(result.first?.line == 10)
        #expect(result.first?.column == 51)
        let valid = Fixtures.page(body: "<p id=\"a\">x</p>\n" + block + "\n<p>y</p>\n<p>z</p>\n<p id=\"a\">w</p>")
        let second = HTMLValidator().validate([HTMLDocument(path: "traces.html", text: valid)])
        #expect(second.map(\.rule) == ["duplicate-id"])
        #expect(second.map(\.line) == [13])
    }

    @Test func concurrentValidationGivesTheSameIssuesAsSerial() {
        let pages = (0..<16).map { index in
            HTMLDocument(
                path: "p\(index).html",
                text: Fixtures.page(
                    body: index % 2 == 0
                        ? "<p>ok \(index)</p>"
                        : "<div><p id=\"a\">x</p><p id=\"a\" onclick=\"f()\">{{y}}</p>\n<p>unclosed</div>"))
        }
        let validator = HTMLValidator()
        let expected = pages.map { validator.validate([$0]) }
        let results = Results(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count * 4) { iteration in
            let index = iteration % pages.count
            results.set(index, validator.validate([pages[index]]))
        }
        for index in pages.indices {
            #expect(results.get(index) == expected[index])
        }
        #expect(!expected[1].isEmpty && expected[1].allSatisfy { $0.rule == "xml-parse" })
        #expect(expected[0].isEmpty)
    }

    /// A lock-protected result table for `concurrentPerform`.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [[ValidationIssue]]
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ index: Int, _ value: [ValidationIssue]) { lock.withLock { values[index] = value } }
        func get(_ index: Int) -> [ValidationIssue] { lock.withLock { values[index] } }
    }
}
