import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// The slowest 5% against the rest by time, after against before, and latency against memory,
/// on small snapshots whose numbers are worked out by hand (issue 15).
@Suite struct WhereTheTimeGoesTests {
    static let ms: Int64 = 1_000_000

    /// 20 "GET" traces (service a) with one "db" child (service b): traces 1–18 last 10 ms with db
    /// 2–6 ms; trace 19 lasts 30 ms with db 2–22; trace 20 lasts 50 ms with db 2–42.
    static func tail() -> Snapshot {
        var spans: [Span] = []
        for k in 1...20 {
            let (total, db): (Int64, Int64) = k <= 18 ? (10, 4) : (k == 19 ? (30, 20) : (50, 40))
            let t = UInt64(k), base = Int64(k) * 1000
            spans.append(Fixtures.span(t, t * 10, name: "GET", start: base, ms: total))
            spans.append(Fixtures.span(t, t * 10 + 1, parent: t * 10, name: "db", start: base + 2, ms: db, resource: 1))
        }
        return Fixtures.snapshot(spans)
    }

    @Test func theSlowTracesExtraTimeIsSplitByCriticalPath() throws {
        let snap = Self.tail()
        let b = try #require(SlowTraceBreakdown.compute(snap, traces: TraceAssembler.assemble(snap)).first)
        // p95 of 20 durations is the 19th: 30 ms; slow = traces 19 and 20.
        #expect(b.slowThresholdNanos == 30 * Self.ms && b.slowCount == 2 && b.restCount == 18)
        #expect(b.slowMeanDurationNanos == 40e6 && b.restMeanDurationNanos == 10e6)
        // Critical path of a 10 ms trace: GET 6–10, db 2–6, GET 0–2: GET 6 ms, db 4 ms. Of trace
        // 19: GET 22–30 and 0–2 (10 ms), db 20 ms; of trace 20: GET 10 ms, db 40 ms.
        #expect(b.rows.map(\.operation) == ["db", "GET"])
        let db = b.rows[0], get = b.rows[1]
        #expect(db.service == "b" && get.service == "a")
        #expect(db.slowCriticalNanos == 30e6 && db.restCriticalNanos == 4e6)
        #expect(db.slowSelfNanos == 30e6 && db.restSelfNanos == 4e6)
        #expect(get.slowCriticalNanos == 10e6 && get.restCriticalNanos == 6e6)
        #expect(get.slowSelfNanos == 10e6 && get.restSelfNanos == 6e6)
        // Extra 26 + 4 = 30 ms = 40 − 10: db explains 26/30.
        #expect(b.extraCriticalNanos == 30e6)
        #expect(db.share == 26.0 / 30.0 && get.share == 4.0 / 30.0)
    }

    @Test func oneOperationHoldingATailIsAFinding() throws {
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Self.tail()))
        let f = try #require(findings.first { $0.kind == .slowTraces })
        #expect(f.title == "b \"db\" accounts for 87% of the extra time in the slowest 5% of a \"GET\".")
        // Mann–Whitney: db's critical time 20 and 40 ms against 18 × 4 ms: P = 1, U = 36,
        // z = (36 − 18)/√(2·18·21/12) = 18/√63 = 2.268, one-sided p = 0.0117.
        #expect(
            f.detail
                == "The 2 slowest of 20 a \"GET\" traces (≥ 30.0 ms) take 40.0 ms on average against 10.0 ms for the rest. On their critical path, b \"db\" takes 30.0 ms per trace against 4.00 ms, 87% of the 30.0 ms of extra critical-path time (its time is larger in a slow trace than in another 100% of the time; Mann–Whitney, one-sided p = 0.012). Next: a \"GET\" with 13%."
        )
        #expect(
            f.links.first == .breakdown(rootService: "a", rootName: "GET", label: "where the time of the slowest a \"GET\" traces goes"))
    }

    @Test func aTailOfTheUsualSpreadIsNoFinding() {
        // 40 traces of 10–13 ms (db 4–7 ms): the slowest 5% are not twice the rest.
        var spans: [Span] = []
        for k in 1...40 {
            let t = UInt64(k), base = Int64(k) * 1000, extra = Int64(k % 4)
            spans.append(Fixtures.span(t, t * 10, name: "GET", start: base, ms: 10 + extra))
            spans.append(Fixtures.span(t, t * 10 + 1, parent: t * 10, name: "db", start: base + 2, ms: 4 + extra, resource: 1))
        }
        let a = SnapshotAnalysis(snapshot: Fixtures.snapshot(spans))
        #expect(a.breakdowns.count == 1)
        #expect(!Findings.detect(a).contains { $0.kind == .slowTraces })
    }

    @Test func rootOperationsWithFewerThanTwentyTracesAreLeftOut() {
        let snap = Fixtures.snapshot((1...19).map { Fixtures.span(UInt64($0), UInt64($0), name: "GET", start: Int64($0), ms: 5) })
        #expect(SlowTraceBreakdown.compute(snap, traces: TraceAssembler.assemble(snap)).isEmpty)
    }

    // MARK: - Windows

    @Test func windowsAreTheThirdsAndCountSpansByTheirEnd() throws {
        // Time range 0–300 s (the first span starts at 0, the last ends at 300 s). Thirds of
        // 300 s: baseline [0, 100 s], target [200 s, 300 s]. 20 spans end in each: baseline
        // spans of version 1.0, 10 ms, two errors; target spans of version 2.0, 10…29 ms.
        var b = SnapshotBuilder()
        let r1 = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("svc")),
                Attribute(key: "service.version", value: .string("1.0")),
            ]))
        let r2 = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("svc")),
                Attribute(key: "service.version", value: .string("2.0")),
            ]))
        var spans: [Span] = [Fixtures.span(99, 99, name: "tick", start: 0, ms: 1, resource: r1)]
        for k in 0..<20 {
            spans.append(
                Fixtures.span(UInt64(k + 1), UInt64(k + 1), name: "op", start: Int64(k) * 4000 + 1000, ms: 10, error: k < 2, resource: r1))
            spans.append(
                Fixtures.span(
                    UInt64(k + 100), UInt64(k + 100), name: "op", start: 200_000 + Int64(k) * 4000, ms: 10 + Int64(k), resource: r2))
        }
        spans.append(Fixtures.span(98, 98, name: "tick", start: 299_999, ms: 1, resource: r2))
        // Operations of one span: in the baseline (an error), in the target, between the windows.
        spans.append(Fixtures.span(90, 90, name: "once-before", start: 50_000, ms: 7, error: true, resource: r1))
        spans.append(Fixtures.span(91, 91, name: "once-after", start: 250_000, ms: 3, resource: r2))
        spans.append(Fixtures.span(92, 92, name: "once-between", start: 150_000, ms: 5, resource: r2))
        let snap = {
            var c = b
            c.add(spans)
            return c.finish()
        }()
        let range = try #require(SnapshotAnalysis.timeRange(snap))
        let w = WindowComparison(snap, windows: .thirds(range), attributeServices: ["svc"])
        #expect(w.windows.baseline == Fixtures.t0...(Fixtures.t0 + 100_000 * Self.ms))
        #expect(w.windows.target == (Fixtures.t0 + 200_000 * Self.ms)...(Fixtures.t0 + 300_000 * Self.ms))
        // A window's figures: spans, errors, spans a second, error rate, p50 and p99 in ms.
        func stats(_ n: Int, _ errors: Int, _ rate: Double, _ errorRate: Double, _ p50: Int64?, _ p99: Int64?) -> WindowComparison.Stats {
            WindowComparison.Stats(
                count: n, errorCount: errors, requestRate: rate, errorRate: errorRate, p50Nanos: p50.map { $0 * Self.ms },
                p99Nanos: p99.map { $0 * Self.ms })
        }
        let op = try #require(w.operations.first { $0.operation == "op" })
        #expect(op.baseline == stats(20, 2, 0.2, 0.1, 10, 10))
        // Target durations 10…29 ms: p50 = 10th = 19 ms, p99 = 20th = 29 ms.
        #expect(op.target == stats(20, 0, 0.2, 0, 19, 29))
        // service.version: 2.0 holds all of the target and none of the baseline; score = 1 less
        // the Agresti–Caffo margin 1.96·√(2 · (21/22)(1/22) / 22).
        let version = try #require(op.attributes.first)
        #expect(version.attribute == "service.version" && ["1.0", "2.0"].contains(version.topValue))
        let two = try #require(version.groups.first { $0.value == "2.0" })
        #expect(two.slowShare == 1 && two.restShare == 0)
        #expect(abs(version.score - (1 - 1.96 * (42.0 / 10648.0).squareRoot())) < 1e-12)
        // The "tick" spans (one in each window) are listed without attributes.
        let tick = try #require(w.operations.first { $0.operation == "tick" })
        #expect(tick.baseline.count == 1 && tick.target.count == 1 && tick.attributes.isEmpty)
        // One span: its duration is both percentiles, its window's rate 1 / 100 s.
        let before = try #require(w.operations.first { $0.operation == "once-before" })
        #expect(before.baseline == stats(1, 1, 0.01, 1, 7, 7))
        #expect(before.target == stats(0, 0, 0, 0, nil, nil))
        let after = try #require(w.operations.first { $0.operation == "once-after" })
        #expect(after.baseline.count == 0 && after.target.p50Nanos == 3 * Self.ms && after.target.errorRate == 0)
        #expect(!w.operations.contains { $0.operation == "once-between" })
        // The one-span figures are those of the general path.
        for i in snap.spans.indices {
            #expect(WindowComparison.stats(snap.spans, span: i, seconds: 3) == WindowComparison.stats(snap.spans, [i], seconds: 3))
        }
        #expect(WindowComparison.stats(snap.spans, span: nil, seconds: 3) == WindowComparison.stats(snap.spans, [], seconds: 3))
    }

    /// The operations come in the order of their (service, name) strings whichever way they are
    /// sorted: by bytes when all are ASCII (names that share long prefixes, that are prefixes of
    /// others, empty), by the strings when one is not (precomposed and decomposed accents); and
    /// with enough operations for the two halves to be sorted on two cores and merged.
    @Test(arguments: [2_000, 12_000])
    func operationsAreInTheOrderOfTheirStrings(spans: Int) {
        var random = SplitMix64(seed: 51)
        let services = ["svc-b", "svc-a", "a", "svc-a-long", ""]
        let stems = ["GET /api/ads/1000", "GET /api/ads/100", "GET", "", "POST /cart", "GET /api/ads/1000/x"]
        for accents in [false, true] {
            var byOperation: [AttributeComparison.OperationKey: [Int]] = [:]
            for k in 0..<spans {
                var name = stems[Int(random.next() % UInt64(stems.count))]
                if random.next() % 2 == 0 { name += String(random.next() % 1_000) }
                if accents && k % 100 == 0 { name += k % 200 == 0 ? "\u{E9}" : "e\u{301}z" }
                let key = AttributeComparison.OperationKey(service: services[Int(random.next() % UInt64(services.count))], name: name)
                byOperation[key, default: []].append(k)
            }
            #expect((byOperation.count >= WindowComparison.parallelSortFrom) == (spans > 10_000))
            let ordered = WindowComparison.inTextOrder(byOperation)
            let expected = byOperation.sorted { ($0.key.service, $0.key.name) < ($1.key.service, $1.key.name) }
            #expect(ordered.map(\.key) == expected.map(\.key))
            #expect(ordered.map(\.value) == expected.map(\.value))
        }
    }

    @Test func aGivenBaselineIsComparedWithTheTimeAfterIt() {
        let w = TimeWindows.baseline(from: 100, to: 200, snapshot: 0...1000)
        #expect(w.baseline == 100...200 && w.target == 201...1000)
        #expect(TimeWindows.thirds(0...10) == TimeWindows(baseline: 0...3, target: 7...10))
    }

    // MARK: - Resource correlation

    static func correlationSnapshot(durations: [Int64], memory: [Double], instance: String? = "i-1") -> Snapshot {
        var b = SnapshotBuilder()
        var attributes = [Attribute(key: "service.name", value: .string("svc"))]
        if let instance { attributes.append(Attribute(key: "service.instance.id", value: .string(instance))) }
        let r = b.intern(Resource(attributes: attributes))
        // Memory sampled every 10 s from 0; span k starts at 10k + 5 s.
        b.add(
            MetricSeries(
                name: "process.runtime.cpython.memory", kind: .gauge, resourceIndex: r,
                attributes: [Attribute(key: "type", value: .string("rss"))],
                points: .number(
                    memory.enumerated().map {
                        NumberPoint(timeUnixNano: Fixtures.t0 + Int64($0.offset) * 10_000 * Self.ms, value: $0.element)
                    })))
        b.add(
            durations.enumerated().map { k, d in
                Fixtures.span(UInt64(k + 1), UInt64(k + 1), name: "op", start: Int64(k) * 10_000 + 5000, ms: d, resource: r)
            })
        return b.finish()
    }

    @Test func durationAgainstMemoryAtTheSpansStart() throws {
        // Memory 100, 110, …, 190 (rising); durations rise except one swap (k = 3 and 4):
        // ranks of durations 1 2 3 5 4 6 7 8 9 10 against 1…10: d² sum = 2, ρ = 1 − 6·2/(10·99) = 0.98787…
        let snap = Self.correlationSnapshot(durations: [1, 2, 3, 5, 4, 6, 7, 8, 9, 10], memory: (0..<10).map { 100 + 10 * Double($0) })
        let c = ResourceCorrelation(snap, service: "svc")
        #expect(c.memoryMetric == "process.runtime.cpython.memory" && c.cpuMetric == nil)
        let i = try #require(c.instances.first)
        #expect(i.key == "service.instance.id=i-1" && i.spanCount == 10 && i.cpu == nil)
        let m = try #require(i.memory)
        #expect(m.points == 10)
        let rho = try #require(m.rho)
        #expect(abs(rho - (1 - 12.0 / 990.0)) < 1e-12)
        #expect(abs(m.p! - Significance.twoSided(z: rho * 3)) < 1e-15)
        #expect(m.isStrong)
        #expect(m.scatter.map(\.value) == (0..<10).map { 100 + 10 * Double($0) })
    }

    @Test func tooFewPointsOrALevelMemoryClaimNothing() throws {
        let few = ResourceCorrelation(Self.correlationSnapshot(durations: [1, 2, 3, 4, 5], memory: [1, 2, 3, 4, 5]), service: "svc")
        let f = try #require(few.instances.first?.memory)
        #expect(f.points == 5 && f.rho == nil && !f.isStrong)
        let level = ResourceCorrelation(
            Self.correlationSnapshot(durations: Array(1...12), memory: Array(repeating: 100, count: 12)), service: "svc")
        let l = try #require(level.instances.first?.memory)
        #expect(l.points == 12 && l.rho == nil && !l.isStrong)
    }

    @Test func anUnidentifiedProcessTakesEverySpan() throws {
        let c = ResourceCorrelation(
            Self.correlationSnapshot(durations: Array(1...10), memory: (0..<10).map(Double.init), instance: nil), service: "svc")
        let i = try #require(c.instances.first)
        #expect(i.key == "(unidentified)" && i.memory?.rho == 1)
    }

    @Test func aServiceWithoutMetricsHasNoCorrelation() {
        let c = ResourceCorrelation(Fixtures.snapshot([Fixtures.span(1, 1, start: 0, ms: 5)]), service: "a")
        #expect(c.memoryMetric == nil && c.cpuMetric == nil)
        #expect(c.instances.allSatisfy { $0.memory == nil && $0.cpu == nil })
    }
}

extension WhereTheTimeGoesTests {
    @Test func theUpperEndOfAnEvenSpreadIsNoTail() throws {
        // 20 traces of 2, 4, …, 40 ms (db half of each): the slowest 5% (38 and 40 ms, mean 39)
        // are over twice the rest's mean (2 + 4 + … + 36 = 342, / 18 = 19 ms) and 20 ms more, but
        // p95 = 38 ms lies inside the far-out fence p75 + 3·IQR = 30 + 3·(30 − 10) = 90 ms.
        var spans: [Span] = []
        for k in 1...20 {
            let t = UInt64(k)
            spans.append(Fixtures.span(t, t * 10, name: "GET", start: Int64(k) * 1000, ms: Int64(2 * k)))
            spans.append(Fixtures.span(t, t * 10 + 1, parent: t * 10, name: "db", start: Int64(k) * 1000, ms: Int64(k), resource: 1))
        }
        let a = SnapshotAnalysis(snapshot: Fixtures.snapshot(spans))
        let b = try #require(a.breakdowns.first)
        #expect(b.p25Nanos == 10 * Self.ms && b.p75Nanos == 30 * Self.ms && b.farOutFenceNanos == 90 * Self.ms)
        #expect(b.slowThresholdNanos == 38 * Self.ms)
        #expect(b.slowMeanDurationNanos >= 2 * b.restMeanDurationNanos)
        #expect(!Findings.detect(a).contains { $0.kind == .slowTraces })
    }
}

extension WhereTheTimeGoesTests {
    @Test func beyondFiveThousandTheRestIsMeasuredEveryKth() throws {
        // 6,001 traces of 10 ms and 317 of 50 ms: p95 (rank ⌈0.95 · 6,318⌉ = 6,003) is 50 ms, so
        // the 317 are slow; of the 6,001 others every ⌈6,001 / 5,000⌉ = 2nd is measured: 3,001.
        var spans: [Span] = []
        for k in 1...6318 {
            let t = UInt64(k)
            spans.append(Fixtures.span(t, t, name: "GET", start: Int64(k), ms: k <= 6001 ? 10 : 50))
        }
        let snap = Fixtures.snapshot(spans)
        let b = try #require(SlowTraceBreakdown.compute(snap, traces: TraceAssembler.assemble(snap)).first)
        #expect(b.slowCount == 317 && b.restCount == 6001 && b.restSampled == 3001)
        #expect(b.restMeanDurationNanos == 10e6 && b.slowMeanDurationNanos == 50e6)
        #expect(b.rows.first?.restSelfNanos == 10e6 && b.rows.first?.slowCriticalNanos == 50e6)
    }
}
