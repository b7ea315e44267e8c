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
