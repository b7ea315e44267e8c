import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The span-derived error and request rates (DESIGN §4): each span counted once, in the step
/// (T − step, T] that holds its end — by hand on a small snapshot, and against that definition,
/// written out here, on random ones.
struct SpanRateTests {
    /// Spans of services a and b ending 10 s, 60 s (exactly on a grid time), 61 s and 130 s after
    /// t0's minute; one error in a's first step; service c has spans only outside the grid.
    @Test func countsByHand() {
        let minute = Fixtures.t0 / 60_000_000_000 * 60_000  // t0's minute, in ms from the epoch
        let base = minute - Fixtures.t0 / 1_000_000  // ms from t0 to that minute (≤ 0)
        let snap = Fixtures.snapshot(
            [
                Fixtures.span(1, 1, start: base + 9_000, ms: 1_000),  // a, ends at +10 s: step 60
                Fixtures.span(2, 2, start: base + 59_000, ms: 1_000, error: true),  // a, ends at +60 s: step 60
                Fixtures.span(3, 3, start: base + 60_000, ms: 1_000),  // a, ends at +61 s: step 120
                Fixtures.span(4, 4, start: base + 129_000, ms: 1_000, error: true, resource: 1),  // b, +130 s: step 180
                Fixtures.span(5, 5, start: base + 100_000_000, ms: 1, resource: 2),  // c, far outside the grid
            ], services: ["a", "b", "c"])
        let startNanos = minute * 1_000_000
        let grid = TimeGrid(stepSeconds: 60, startNanos: startNanos, endNanos: startNanos + 170_000_000_000)
        #expect(grid.count == 4)  // the minute and the three after it
        let errors = SpanTimeSeries.errorRate(snap, grid: grid, services: ["a", "b", "c"])
        #expect(errors.map(\.name) == ["a", "b", "c"])
        #expect(errors[0].points.map(\.value) == [nil, 50, 0, nil])
        #expect(errors[1].points.map(\.value) == [nil, nil, nil, 100])
        #expect(errors[2].points.map(\.value) == [nil, nil, nil, nil])
        let requests = SpanTimeSeries.requestRate(snap, grid: grid, services: ["a", "b", "c"])
        #expect(requests[0].points.map(\.value) == [0, 2.0 / 60, 1.0 / 60, 0])
        #expect(requests[1].points.map(\.value) == [0, 0, 0, 1.0 / 60])
        #expect(requests[2].points.map(\.value) == [0, 0, 0, 0])
        #expect(requests[0].points.map(\.time) == grid.times)
    }

    @Test(arguments: [UInt64(2), 5, 8])
    func countsFollowTheDefinition(seed: UInt64) {
        let snap = AnalysisReferenceTests.randomSnapshot(seed: seed, traceCount: 400)
        let spans = snap.spans
        let start = spans.startTimes.min()!, end = spans.indices.map { spans.endTime(at: $0) }.max()!
        // The grid stops halfway, so the later spans fall outside it.
        let grid = TimeGrid(stepSeconds: 1, startNanos: start, endNanos: start + (end - start) / 2)
        let index = ServiceIndex(snap)
        let services = index.names + ["nobody"]
        let errors = SpanTimeSeries.errorRate(snap, grid: grid, services: services)
        let requests = SpanTimeSeries.requestRate(snap, grid: grid, services: services)
        var outside = 0, counted = 0
        for (s, service) in services.enumerated() {
            for (k, t) in grid.times.enumerated() {
                let low = (t - grid.stepSeconds) * 1_000_000_000, high = t * 1_000_000_000
                var calls = 0, failed = 0
                for i in spans.indices where index.names[index.id(ofResource: spans.resourceIndexes[i])] == service {
                    let e = spans.endTime(at: i)
                    if e > low && e <= high {
                        calls += 1
                        counted += 1
                        if spans.statuses[i] == .error { failed += 1 }
                    }
                }
                #expect(requests[s].points[k].value == Double(calls) / 1, "\(service) at \(t)")
                #expect(errors[s].points[k].value == (calls == 0 ? nil : Double(failed) / Double(calls) * 100), "\(service) at \(t)")
            }
        }
        for i in spans.indices where grid.index(forEndNanos: spans.endTime(at: i)) == nil { outside += 1 }
        #expect(outside > 0 && counted > 0 && counted + outside == spans.count)
    }
}
