import Testing

@testable import HTMLValidation

/// Pages checked one at a time, in any order and on any thread (as `render` checks each page when
/// it is made), give the issues `validate` gives for the whole set: the links between pages are
/// resolved once all are in.
struct CheckedPageTests {
    /// A set with every kind of outcome: clean pages linking to each other, a link to a missing
    /// id of another page, a link to a missing page, a page-level error and an unparsable page.
    static let documents: [HTMLDocument] = [
        HTMLDocument(path: "index.html", text: Fixtures.index),
        HTMLDocument(path: "traces/t1.html", text: Fixtures.trace),
        HTMLDocument(
            path: "a.html",
            text: Fixtures.page(body: #"<p id="x">x</p><a href="traces/t1.html#no-such-id">t</a> <a href="b.html#y">b</a>"#)),
        HTMLDocument(path: "b.html", text: Fixtures.page(body: #"<p id="y">y</p><a href="missing.html">m</a> <a href="a.html#x">a</a>"#)),
        HTMLDocument(path: "c.html", text: Fixtures.page(body: #"<p id="z">one</p><p id="z">two</p><a href="c.html#z">c</a>"#)),
        HTMLDocument(path: "d.html", text: Fixtures.page(body: "<p>open")),
    ]

    @Test func checkingPagesOneByOneInAnyOrderGivesTheIssuesOfTheWholeSet() {
        let validator = HTMLValidator()
        let whole = validator.validate(Self.documents)
        // The set breaks rules both within pages and between them, so both paths are compared.
        #expect(whole.contains { $0.rule == ValidationRule.brokenLink.rawValue && $0.file == "a.html" })
        #expect(whole.contains { $0.rule == ValidationRule.brokenLink.rawValue && $0.file == "b.html" })
        #expect(whole.contains { $0.file == "c.html" && $0.rule != ValidationRule.brokenLink.rawValue })
        #expect(whole.contains { $0.file == "d.html" && $0.rule == ValidationRule.xmlParse.rawValue })
        #expect(!whole.contains { $0.file == "index.html" || $0.file == "traces/t1.html" })

        // Checked last page first (the order threads may finish in), put back in the set's order.
        var checked = [CheckedPage?](repeating: nil, count: Self.documents.count)
        for k in Self.documents.indices.reversed() { checked[k] = validator.check(Self.documents[k]) }
        #expect(validator.issues(of: checked.map { $0! }) == whole)
        #expect(checked.map { $0!.hasIssues } == [false, false, false, false, true, true])
    }

    @Test func aPageCheckedAloneHasNoIssuesForLinksToPagesNotYetChecked() {
        // A page's own check knows nothing of the other pages: its links wait for `issues(of:)`.
        let validator = HTMLValidator()
        let a = validator.check(Self.documents[2])
        #expect(!a.hasIssues)
        let issues = validator.issues(of: [a])
        #expect(issues.map(\.rule) == [ValidationRule.brokenLink.rawValue, ValidationRule.brokenLink.rawValue])
        #expect(issues.allSatisfy { $0.message.contains("which is not a page of the report") })
    }
}
