import Testing
import TelemetryModel
@testable import TelemetryAnalysis

/// Findings state numbers computed by hand here.
@Suite struct FindingsTests {
    /// 60 one-span traces of service "a", one ending every second: the first and last twenty are
    /// the first and last thirds. Early spans take 10 ms; late ones 10 ms except the last, 100 ms.
    static func snapshot() -> Snapshot {
        var spans: [Span] = []
        for i in 0..<60 {
            let ms: Int64 = i == 59 ? 100 : 10
            spans.append(Fixtures.span(UInt64(i + 1), UInt64(i + 1), start: Int64(i) * 1000 + 1000 - ms, ms: ms, error: i % 20 == 0))
        }
        return Fixtures.snapshot(spans)
    }

    @Test func aGrowingTailIsReportedWithItsPercentiles() throws {
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot()))
        let tail = try #require(findings.first { $0.id == "tail-1" })
        // early p99 = rank ⌈0.99·20⌉ = 20 of twenty 10 ms spans; late p99 = the 100 ms span (≥ 2×, ≥ 5 ms more).
        #expect(tail.title == "a's latency tail grew.")
        #expect(tail.detail == "p99 rose from 10.0 ms in the first third of the snapshot to 100 ms in the last third, while p50 went from 10.0 ms to 10.0 ms.")
        #expect(tail.severity == "high")  // 100 ≥ 5 × 10
    }

    @Test func errorRatesAboveOnePercentAreReported() throws {
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot()))
        let errors = try #require(findings.first { $0.id == "errors-a" })
        // spans 0, 20 and 40 are errors: 3 of 60 = 5.0%, under a tenth so medium.
        #expect(errors.detail == "3 of 60 spans (5.0%) have status ERROR.")
        #expect(errors.severity == "medium")
    }
}
