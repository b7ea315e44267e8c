import Foundation
import Testing

@testable import HTMLValidation

/// Inputs a generator should never produce but `otel-report validate` may be given.
@Suite(.serialized)
struct HostileInputTests {
    let validator = HTMLValidator()

    @Test func entityExpansionBombFailsQuickly() {
        var doctype = "<!DOCTYPE html [\n<!ENTITY a0 \"lol\">\n"
        for level in 1...10 {
            doctype += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">\n"
        }
        doctype += "]>\n"
        let text = doctype + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>&a10;</p></body></html>\n"
        let clock = ContinuousClock()
        var result: [ValidationIssue] = []
        let elapsed = clock.measure { result = validator.validate([HTMLDocument(path: "bomb.html", text: text)]) }
        #expect(!result.isEmpty)
        #expect(result.allSatisfy { $0.rule == "xml-parse" })
        #expect(elapsed < .seconds(5))
    }

    @Test func externalEntitiesAreNotLoaded() {
        let text = """
            <!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/hostname">]>
            <html xmlns="http://www.w3.org/1999/xhtml"><body><p>&x;</p></body></html>

            """
        let result = validator.validate([HTMLDocument(path: "x.html", text: text)])
        #expect(!result.contains { $0.message.contains(ProcessInfo.processInfo.hostName) && !$0.message.isEmpty })
    }

    @Test func deeplyNestedPageIsAccepted() {
        let depth = 400
        let body = String(repeating: "<div>", count: depth) + "x" + String(repeating: "</div>", count: depth)
        #expect(validator.validate([HTMLDocument(path: "deep.html", text: Fixtures.page(body: body))]) == [])
    }

    @Test func internalSubsetDoesNotShiftPositions() {
        let text = """
            <!DOCTYPE html [<!ENTITY e "<b id='z'>x</b>">]>
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <p>&e;</p><p id="d"/><p id="d"/></body></html>

            """
        let result = validator.validate([HTMLDocument(path: "e.html", text: text)])
        // libxml2 also warns that the entity's <b> has no default namespace in the subset.
        #expect(
            result.filter { $0.rule == "duplicate-id" } == [
                ValidationIssue(
                    file: "e.html", line: 3, column: 25, rule: "duplicate-id",
                    message: "duplicate id \"d\", first defined at line 3")
            ])
    }
}
