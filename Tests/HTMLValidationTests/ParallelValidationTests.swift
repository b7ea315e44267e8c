import Testing

@testable import HTMLValidation

/// Pages are parsed on several threads at once: every diagnostic must still land on the page
/// that caused it (libxml2's error handler is per thread), in the same order as one by one.
struct ParallelValidationTests {
    @Test func eachPagesErrorsStayWithItsPage() {
        // Page k breaks on body line k % 7 (an unclosed <p> or a stray &); others are clean.
        var documents: [HTMLDocument] = []
        for k in 0..<96 {
            let broken = k % 3 != 0
            let lines = (0..<7).map { line in
                broken && line == k % 7 ? (k % 2 == 0 ? "<p>open" : "<p>a & b</p>") : "<p>line \(line)</p>"
            }
            documents.append(HTMLDocument(path: "page-\(k).html", text: Fixtures.page(body: lines.joined(separator: "\n"))))
        }
        let issues = HTMLValidator().validate(documents).filter { $0.rule == "xml-parse" }
        for k in 0..<96 {
            let mine = issues.filter { $0.file == "page-\(k).html" }
            if k % 3 == 0 {
                #expect(mine.isEmpty, "page \(k)")
            } else if k % 2 == 1 {
                // `&` is reported on its own line.
                #expect(mine.first?.line == Fixtures.bodyFirstLine + k % 7, "page \(k)")
            } else {
                #expect(!mine.isEmpty, "page \(k)")
            }
        }
        // Same issues as checking the pages one at a time.
        let oneByOne = documents.flatMap { HTMLValidator().validate([$0]) }.filter { $0.rule == "xml-parse" }.sorted()
        #expect(issues == oneByOne)
    }
}
