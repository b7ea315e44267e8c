import Foundation
import Testing

/// Every OTLP JSON file of the shared corpus renders, or fails with a message naming the file —
/// never a crash and never a partial report. Skipped when ../shared/corpus is absent.
@Suite(.serialized) struct CorpusTests {
    static func files(in folder: String) -> [String] {
        guard CLI.hasCorpus else { return [] }
        let root = CLI.corpus.appendingPathComponent(folder)
        let e = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue {
                files.append(root.appendingPathComponent(p).path)
            }
        }
        return files.sorted()
    }

    @Test(arguments: ["otlp-json", "jaeger-json", "opensearch", "zipkin", "prometheus"])
    func everyCorpusFileRendersOrFailsClearly(folder: String) throws {
        let files = Self.files(in: folder)
        guard !files.isEmpty else { return }  // no corpus on this machine
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        var rendered = 0
        for (i, file) in files.enumerated() {
            let target = out.appendingPathComponent("r\(i)")
            let r = try CLI.run(["render", file, "-o", target.path, "--generated-at", "2026-01-15T12:00:00Z", "--top", "5", "--quiet"])
            #expect(r.status == 0 || r.status == 1, "\(file): exit \(r.status)\n\(r.stderr)")
            if r.status == 0 {
                rendered += 1
                #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("report.json").path))
            } else {
                #expect(
                    r.stderr.contains((file as NSString).lastPathComponent) || r.stderr.contains("no usable telemetry"),
                    "\(file): \(r.stderr)")
                #expect(!FileManager.default.fileExists(atPath: target.path), "\(file): partial output left behind")
            }
        }
        // Files that hold no spans or metrics (mappings, service maps) and the must-fail cases fail.
        #expect(rendered >= files.count / 2, "only \(rendered) of \(files.count) rendered")
    }

    @Test func otelDemoCaptureRendersAllSpansAndTraces() throws {
        guard CLI.hasCorpus else { return }
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = CLI.corpus.appendingPathComponent("otlp-json/otel-tui/test_data.jsonl")
        let r = try CLI.run(["render", input.path, "-o", out.appendingPathComponent("r").path, "--generated-at", "2026-01-15T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        #expect(snapshot["spanCount"] as? Int == 547)
        #expect(snapshot["traceCount"] as? Int == 141)
        let inspect = try CLI.run(["inspect", input.path, "--json"])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("\"spanCount\": 547"))
    }

    @Test func validateReportsBrokenPagesWithLineAndColumn() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let page = out.appendingPathComponent("bad.html")
        try "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n<p>unclosed</body></html>\n".write(
            to: page, atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", page.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.html:3:"), "\(r.stderr)")
    }
}
