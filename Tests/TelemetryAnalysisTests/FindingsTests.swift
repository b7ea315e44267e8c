import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Findings state numbers computed by hand here.
@Suite struct FindingsTests {
    /// 60 one-span traces of service "a", one ending every second: the first and last twenty are
    /// the first and last thirds. Spans take 10 ms, but `slowLate` of the last third (every
    /// other one from the 41st) take 100 ms.
    static func snapshot(slowLate: Int, slowMs: Int64 = 100) -> Snapshot {
        var spans: [Span] = []
        for i in 0..<60 {
            let ms: Int64 = i >= 40 && i % 2 == 1 && (i - 41) / 2 < slowLate ? slowMs : 10
            spans.append(Fixtures.span(UInt64(i + 1), UInt64(i + 1), start: Int64(i) * 1000 + 1000 - ms, ms: ms, error: i % 20 == 0))
        }
        return Fixtures.snapshot(spans)
    }

    @Test func aGrowingTailIsReportedWithItsPercentilesAndTest() throws {
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot(slowLate: 10)))
        let tail = try #require(findings.first { $0.id == "tail-1" })
        // early p99 = rank ⌈0.99·20⌉ = 20 of twenty 10 ms spans; late: ten 10 ms and ten 100 ms,
        // p99 100 ms, p50 rank 10 = 10 ms. Ten of twenty late spans exceed 10 ms, none early:
        // Fisher one-sided p = C(20,10)/C(40,10) = 2.18e−4.
        #expect(tail.title == "a's latency tail grew.")
        #expect(
            tail.detail
                == "p99 rose from 10.0 ms in the first third of the snapshot to 100 ms in the last third, while p50 went from 10.0 ms to 10.0 ms. In the last third 10 of 20 spans (50.0%) took longer than the first third's p99, against 0 of 20 (0.0%) in the first (Fisher's exact test, one-sided p < 0.001). Most of them are \"op\" spans (10 of 10)."
        )
        #expect(tail.severity == "high")  // 100 ≥ 5 × 10
        #expect(tail.kind == .latencyTail)
        #expect(abs(tail.strength - (-Significance.log10(184756.0 / 847660528))) < 1e-9)
        #expect(tail.links.contains(.traces(filter: "service=\"a\" duration>10ms", label: "a traces slower than 10.0 ms")))
    }

    @Test func findingsGroupThousandsAsTablesDo() throws {
        let slow = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot(slowLate: 10, slowMs: 2520)))
        let tail = try #require(slow.first { $0.id == "tail-1" })
        #expect(tail.detail.hasPrefix("p99 rose from 10.0 ms in the first third of the snapshot to 2,520 ms in the last third,"))
        // 1,200 spans, every 40th an error: 30 of 1,200 = 2.5%; P(X ≥ 30 | n = 1200, p = 0.01) = 7.8e−6.
        var spans: [Span] = []
        for i in 0..<1200 {
            let id = UInt64(i + 1)
            spans.append(Fixtures.span(id, id, start: Int64(i) * 10, ms: 5, error: i % 40 == 0))
        }
        let errors = try #require(Findings.detect(SnapshotAnalysis(snapshot: Fixtures.snapshot(spans))).first { $0.id == "errors-a" })
        #expect(
            errors.detail
                == "30 of 1,200 spans (2.5%) have status ERROR, more than the 1% taken as a healthy baseline (exact binomial test, one-sided p < 0.001)."
        )
    }

    @Test func oneSlowSpanIsNotAGrowingTail() {
        // The last third's p99 is the one 100 ms span (10× the first third's), but one span of
        // twenty above 10 ms is chance: Fisher p = 20/40 = 0.5.
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot(slowLate: 1)))
        #expect(!findings.contains { $0.kind == .latencyTail })
    }

    @Test func errorRatesAboveOnePercentAreReportedWithTheirTest() throws {
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.snapshot(slowLate: 0)))
        let errors = try #require(findings.first { $0.id == "errors-a" })
        // spans 0, 20 and 40 are errors: 3 of 60 = 5.0%, under a tenth so medium;
        // P(X ≥ 3 | n = 60, p = 0.01) = 0.0224.
        #expect(
            errors.detail
                == "3 of 60 spans (5.0%) have status ERROR, more than the 1% taken as a healthy baseline (exact binomial test, one-sided p = 0.022)."
        )
        #expect(errors.severity == "medium")
        #expect(findings.count == 1)
    }
}
