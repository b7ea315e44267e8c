import Foundation
import Testing

/// Golden files next to the tests (`Snapshots/<name>`), as swift-argument-parser keeps them:
/// a mismatch fails with the first differing line; `RECORD_SNAPSHOTS=1 swift test` rewrites them.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name): run RECORD_SNAPSHOTS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            let got = line < a.count ? String(a[line].prefix(300)) : "<end>"
            let want = line < e.count ? String(e[line].prefix(300)) : "<end>"
            Issue.record(
                "\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(RECORD_SNAPSHOTS=1 swift test rewrites golden files)",
                sourceLocation: sourceLocation)
        }
    }
}
