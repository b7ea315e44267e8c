import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Runs every case of the OpenMetrics parser test suite (`Fixtures/OpenMetricsSuite`, copied
/// from prometheus/OpenMetrics with its licence; see SOURCE.md there) through the file loader:
/// a `"shouldParse": false` case must fail with `file:line:column`, a `true` case must decode.
@Suite struct OpenMetricsSuiteTests {
    static func suiteFolder() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/OpenMetricsSuite/parsers")
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var metrics: URL
        var shouldParse: Bool
        var description: String { name }
    }

    static func cases() -> [Case] {
        let folder = suiteFolder()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            let dir = folder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("test.json")),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let shouldParse = object["shouldParse"] as? Bool,
                object["type"] as? String == "text"
            else { return nil }
            let file = object["file"] as? String ?? "metrics"
            return Case(name: name, metrics: dir.appendingPathComponent(file), shouldParse: shouldParse)
        }
    }

    @Test func theSuiteIsPresentWhole() {
        let all = Self.cases()
        #expect(all.count == 211)
        #expect(all.filter(\.shouldParse).count == 44)
    }

    @Test(arguments: cases())
    func caseIsJudgedAsTheSuiteSays(_ c: Case) throws {
        let outcome = SnapshotLoader.decodeFile(c.metrics.path)
        switch (outcome, c.shouldParse) {
        case (.decoded(_, let format), true):
            #expect(format == PrometheusTextFormat.name, "\(c.name) was read as \(format)")
        case (.decoded(_, let format), false):
            Issue.record("\(c.name) must be rejected but was accepted as \(format)")
        case (.failed(let problems), true):
            Issue.record("\(c.name) must parse but failed: \(problems.map(\.description))")
        case (.failed(let problems), false):
            let first = try #require(problems.first)
            #expect(first.line >= 1 && first.column >= 1, "\(c.name): no line and column in \(first.description)")
            #expect(first.description.hasPrefix(c.metrics.path + ":\(first.line):\(first.column): error: "))
        }
    }
}
