import Foundation
import Testing

@testable import HTMLValidation

/// `validateFiles(paths:)`, behind `otel-report validate FILE...`: real folders, names as given.
@Suite(.serialized)
struct ValidateFilesTests {
    /// A fresh folder holding `files` (relative path → text), removed by the caller.
    private func makeReport(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("html-validation-\(UUID().uuidString)", isDirectory: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func filesLinkingToEachOtherPass() throws {
        let index = Fixtures.page(body: "<p id=\"summary\"><a href=\"traces/t1.html#span-1\">t</a></p>")
        let root = try makeReport(["index.html": index, "traces/t1.html": Fixtures.trace])
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = [root.appendingPathComponent("index.html").path, root.appendingPathComponent("traces/t1.html").path]
        #expect(HTMLValidator().validateFiles(paths: paths) == [])
    }

    @Test func linkToAFileOnDiskOutsideTheSetIsAccepted() throws {
        let index = Fixtures.page(body: "<p><a href=\"traces/t1.html\">t</a> <a href=\"traces/t2.html\">gone</a></p>")
        let root = try makeReport(["index.html": index, "traces/t1.html": Fixtures.trace])
        defer { try? FileManager.default.removeItem(at: root) }
        let given = root.appendingPathComponent("./index.html").path
        let result = HTMLValidator().validateFiles(paths: [given])
        #expect(result.map(\.rule) == ["broken-link"])
        #expect(result.first?.file == given)
        #expect(result.first?.message.contains("traces/t2.html") == true)
    }

    @Test func unreadableFileIsAnIssueNotACrash() {
        let result = HTMLValidator().validateFiles(paths: ["/nonexistent/otel-report/page.html"])
        #expect(result.map(\.rule) == ["file-read"])
        #expect(result.first?.line == 0)
    }

    @Test func invalidUTF8IsReportedByLibxml2() throws {
        let root = try makeReport([:])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let url = root.appendingPathComponent("bad.html")
        var bytes = Array(Fixtures.page(body: "<p>x</p>").utf8)
        bytes.insert(0xFF, at: bytes.count - 20)
        try Data(bytes).write(to: url)
        #expect(HTMLValidator().validateFiles(paths: [url.path]).first?.rule == "xml-parse")
    }

    @Test func commonFolderOfPaths() {
        #expect(HTMLValidator.commonFolder(of: ["/a/b/c.html", "/a/b/d/e.html"]) == "/a/b")
        #expect(HTMLValidator.commonFolder(of: ["/a/x.html", "/b/y.html"]) == "/")
    }
}
