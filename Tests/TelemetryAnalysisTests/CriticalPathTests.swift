import Foundation
import TelemetryIngest
import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The critical path by Jaeger UI's definition (walk back from the end of each span: the child
/// that finished last, then the child that finished last before that one started, recursively),
/// checked against sections computed by hand, and on the real HotROD trace of the corpus.
@Suite struct CriticalPathTests {
    /// (span name, start ms, end ms) of each section, relative to the fixtures' t0.
    static func sections(_ snap: Snapshot) -> [String] {
        let trace = TraceAssembler.assemble(snap)[0]
        let tree = TraceTree(snapshot: snap, trace: trace)
        return tree.criticalSections(spans: snap.spans).map { s in
            let name = snap.spans.name(at: tree.rows[s.row].spanIndex)
            return "\(name) \((s.startNanos - Fixtures.t0) / 1_000_000)-\((s.endNanos - Fixtures.t0) / 1_000_000)"
        }
    }

    @Test func sequentialChildrenAreAllCriticalAndOverlappedOnesAreNot() {
        // root 0–100: a 0–30, then b 35–60 and c 40–55 overlapping, then d 62–90.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, name: "a", start: 0, ms: 30),
            Fixtures.span(1, 3, parent: 1, name: "b", start: 35, ms: 25),
            Fixtures.span(1, 4, parent: 1, name: "c", start: 40, ms: 15),
            Fixtures.span(1, 5, parent: 1, name: "d", start: 62, ms: 28),
        ])
        #expect(Self.sections(snap) == ["root 90-100", "d 62-90", "root 60-62", "b 35-60", "root 30-35", "a 0-30"])
    }

    @Test func theWalkGoesIntoEachChosenChildAndBackOut() {
        // root 0–100 → x 10–80 (its children x1 10–40 and x2 20–70 overlap: x2 finishes last,
        // and x1 ends after x2 starts, so only x2 is waited for) → y 0–5 before x.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, name: "y", start: 0, ms: 5),
            Fixtures.span(1, 3, parent: 1, name: "x", start: 10, ms: 70),
            Fixtures.span(1, 4, parent: 3, name: "x1", start: 10, ms: 30),
            Fixtures.span(1, 5, parent: 3, name: "x2", start: 20, ms: 50),
        ])
        #expect(Self.sections(snap) == ["root 80-100", "x 70-80", "x2 20-70", "x 10-20", "root 5-10", "y 0-5"])
    }

    @Test func childrenAreClippedToTheirParentAndOnesOutsideItAreDropped() {
        // late 90–130 overflows the root (0–100): clipped to 90–100. after 120–125 lies wholly
        // outside: dropped, although it finished last. early 5–20 is fine.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, name: "early", start: 5, ms: 15),
            Fixtures.span(1, 3, parent: 1, name: "late", start: 90, ms: 40),
            Fixtures.span(1, 4, parent: 1, name: "after", start: 120, ms: 5),
        ])
        #expect(Self.sections(snap) == ["late 90-100", "root 20-90", "early 5-20", "root 0-5"])
    }

    @Test func aChildEndingExactlyWhenTheNextStartsIsNotWaitedFor() {
        // Jaeger asks for a child that ends strictly before the returning child's start.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 50),
            Fixtures.span(1, 2, parent: 1, name: "first", start: 0, ms: 20),
            Fixtures.span(1, 3, parent: 1, name: "touching", start: 20, ms: 30),
        ])
        #expect(Self.sections(snap) == ["touching 20-50", "root 0-20"])
    }

    static var hotROD: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("shared/corpus/otlp-json/jaeger-ui/hotrod-apiv3-getTrace-response.json").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// HotROD's `GET /dispatch` (40 spans): the customer call (and its 257 ms SQL query), the
    /// driver lookup with its Redis calls one after another, and the route calls that were
    /// waited for. Expected values from Jaeger's algorithm worked through on the span timings.
    @Test(.enabled(if: hotROD != nil, "../shared/corpus not found"))
    func hotRODDispatchFollowsTheSequentialCalls() throws {
        let result = SnapshotLoader.load(paths: [try #require(Self.hotROD)])
        let snap = result.snapshot
        let trace = try #require(TraceAssembler.assemble(snap).first)
        let tree = TraceTree(snapshot: snap, trace: trace)
        let path = tree.criticalPath(spans: snap.spans)
        var counts: [String: Int] = [:]
        for r in path { counts[snap.spans.name(at: tree.rows[r].spanIndex), default: 0] += 1 }
        #expect(path.count == 28)
        #expect(
            counts == [
                "GET /dispatch": 1, "HTTP GET": 5, "GET /customer": 1, "SQL SELECT": 1,
                "driver.DriverService/FindNearest": 2, "FindDriverIDs": 1, "GetDriver": 13, "GET /route": 4,
            ])
        // The path covers the whole trace, without gaps or overlaps.
        let sections = tree.criticalSections(spans: snap.spans).reversed()
        #expect(sections.first?.startNanos == trace.startTimeUnixNano)
        #expect(sections.last?.endNanos == trace.startTimeUnixNano + trace.durationNanos)
        for (a, b) in zip(sections, sections.dropFirst()) { #expect(a.endNanos == b.startNanos) }
    }
}
