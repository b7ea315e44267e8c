import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The four kinds of held-out snapshot the findings are judged on: a leak, a falling heap, a
/// healthy service and attributes that mirror each other — counted per cause, with every
/// direction word checked against the data.
@Suite struct FindingScenarioTests {
    static let s: Int64 = 1_000_000_000
    static let mib = 1_048_576.0
    static let t0 = Fixtures.t0

    struct Builder {
        var b = SnapshotBuilder()
        var resources: [String: Int32] = [:]

        mutating func resource(_ instance: String) -> Int32 {
            if let r = resources[instance] { return r }
            let r = b.intern(
                Resource(attributes: [
                    Attribute(key: "service.name", value: .string("svc")),
                    Attribute(key: "service.instance.id", value: .string(instance)),
                ]))
            resources[instance] = r
            return r
        }

        /// Resident memory samples (seconds after t0, MiB) as a gauge.
        mutating func memory(_ instance: String, _ samples: [(Int64, Double)]) {
            let r = resource(instance)
            b.add(
                MetricSeries(
                    name: "process.runtime.cpython.memory", kind: .gauge, resourceIndex: r,
                    attributes: [Attribute(key: "type", value: .string("rss"))],
                    points: .number(samples.map { NumberPoint(timeUnixNano: t0 + $0.0 * s, value: $0.1 * mib) })))
        }

        /// A cumulative CPU counter sampled at `times`, started at `start` (seconds after t0).
        mutating func cpu(_ instance: String, times: [Int64], start: (Int64) -> Int64) {
            let r = resource(instance)
            b.add(
                MetricSeries(
                    name: "process.runtime.cpython.cpu_time", kind: .sum(monotonic: true, temporality: .cumulative), resourceIndex: r,
                    attributes: [Attribute(key: "type", value: .string("user"))],
                    points: .number(
                        times.map {
                            NumberPoint(
                                startTimeUnixNano: t0 + start($0) * s, timeUnixNano: t0 + $0 * s, value: Double($0 - start($0)) * 0.1)
                        })))
        }

        /// `count` healthy spans over 600 s: 8–12 ms, no errors, an attribute unrelated to duration.
        mutating func healthySpans(_ instance: String, count: Int = 300) {
            let r = resource(instance)
            var spans: [Span] = []
            var x: UInt64 = 42
            for i in 0..<count {
                x = x &* 6364136223846793005 &+ 1442695040888963407
                let ms = 8 + Int64((x >> 33) % 5)
                spans.append(
                    Fixtures.span(
                        UInt64(i + 1), UInt64(i + 1), start: Int64(i) * 600_000 / Int64(count), ms: ms, resource: r,
                        attributes: [Attribute(key: "http.method", value: .string((x >> 40) % 2 == 0 ? "GET" : "POST"))]))
            }
            b.add(spans)
        }

        mutating func finish() -> Snapshot { b.finish() }
    }

    static func every15(_ from: Int64, _ to: Int64) -> [Int64] { Array(stride(from: from, through: to, by: 15)) }

    @Test func aLeakToARestartIsOneFindingThatSaysSo() throws {
        var b = Builder()
        b.healthySpans("aaaa-1")
        // Instance A: 100 → 460 MiB by 18 MiB per 15 s over 0–300 s; B replaces it (started at
        // 305 s) and climbs 100 → 200 MiB until the data ends.
        b.memory("aaaa-1", Self.every15(0, 300).enumerated().map { k, t -> (Int64, Double) in (t, 100 + 18 * Double(k)) })
        b.cpu("aaaa-1", times: Self.every15(0, 300), start: { _ in 0 })
        b.memory("bbbb-2", Self.every15(315, 600).enumerated().map { k, t -> (Int64, Double) in (t, 100 + 100 * Double(k) / 19) })
        b.cpu("bbbb-2", times: Self.every15(315, 600), start: { _ in 305 })
        let findings = Findings.detect(SnapshotAnalysis(snapshot: b.finish()))
        let memory = findings.filter { $0.kind == .memory }
        #expect(memory.count == 1)
        let f = try #require(memory.first)
        // 21 strictly rising samples: S = 210, Var = 21·20·47/18, z = 209/√1096.67 = 6.3;
        // Theil–Sen slope 18 MiB per 15 s = 72 MiB/min. t0 is 22:13:20 UTC; B started 305 s later.
        #expect(f.title == "svc's memory climbed until it restarted.")
        #expect(
            f.detail
                == "process.runtime.cpython.memory (rss · aaaa-1) rose from 100.0 MiB to 460.0 MiB over 5.0 min (Mann–Kendall z = 6.3, p < 0.001; Theil–Sen slope, the median rate, +72.0 MiB/min), then the process restarted at 22:18:25 UTC. Of 2 segments (per series, cut at restarts), 2 rose (1 up to a restart), 0 fell and 0 stayed level (no significant trend, or a change under 20%)."
        )
        #expect(f.severity == "high")
        #expect(f.links == [.panel(dashboard: "resources", panel: "memory", label: "svc memory chart")])
        #expect(findings.count == 1)  // healthy spans: nothing else
    }

    @Test func aRestartWithinOneInstanceCutsTheSeries() throws {
        var b = Builder()
        b.healthySpans("cccc-3")
        // One instance id throughout; its CPU counter restarts at 305 s (a new start time).
        let rising = Self.every15(0, 300).enumerated().map { k, t -> (Int64, Double) in (t, 100 + 18 * Double(k)) }
        b.memory("cccc-3", rising + Self.every15(315, 600).map { t -> (Int64, Double) in (t, 100) })
        b.cpu("cccc-3", times: Self.every15(0, 600), start: { $0 < 305 ? 0 : 305 })
        let trend = MemoryTrend(b.finish(), service: "svc")
        #expect(trend.segments.count == 2)
        #expect(trend.segments.map(\.direction) == [.rising, .flat])
        #expect(trend.segments[0].restartSeconds == (Self.t0 / Self.s) + 305)
        #expect(trend.segments[1].restartSeconds == nil)
    }

    @Test func nonFiniteSamplesAreLeftOut() {
        var b = Builder()
        b.healthySpans("ffff-6")
        b.memory(
            "ffff-6",
            Self.every15(0, 300).enumerated().map { k, t -> (Int64, Double) in
                (t, k == 5 ? .nan : (k == 6 ? .infinity : 100 + 18 * Double(k)))
            })
        let trend = MemoryTrend(b.finish(), service: "svc")
        #expect(trend.segments.count == 1)
        #expect(trend.segments.first?.test.count == 19)  // 21 samples less the two
        #expect(trend.segments.first?.direction == .rising)
    }

    @Test func aSteadilyFallingHeapIsNeverSaidToClimb() throws {
        var b = Builder()
        b.healthySpans("dddd-4")
        // 360 → 177 MiB over 40 samples, ±1 MiB of alternating noise.
        b.memory(
            "dddd-4",
            (0..<40).map { k -> (Int64, Double) in
                let noise: Double = k == 0 || k == 39 ? 0 : (k % 2 == 0 ? 1 : -1)
                return (Int64(k) * 15, 360 - 183 * Double(k) / 39 + noise)
            })
        let snapshot = b.finish()
        let trend = MemoryTrend(snapshot, service: "svc")
        #expect(trend.segments.map(\.direction) == [.falling])
        let findings = Findings.detect(SnapshotAnalysis(snapshot: snapshot))
        #expect(!findings.contains { $0.kind == .memory })
        #expect(!findings.contains { ($0.title + $0.detail).contains("climb") })
        #expect(findings.isEmpty)
    }

    @Test func aHealthyServiceHasNoFindings() {
        var b = Builder()
        b.healthySpans("eeee-5", count: 600)
        // Flat memory with noise around 200 MiB.
        b.memory("eeee-5", (0..<40).map { k -> (Int64, Double) in (Int64(k) * 15, 200 + Double((k * 7) % 5) * 0.3) })
        b.cpu("eeee-5", times: Self.every15(0, 585), start: { _ in 0 })
        let findings = Findings.detect(SnapshotAnalysis(snapshot: b.finish()))
        #expect(findings.isEmpty, "\(findings.map(\.title))")
    }

    @Test func attributesThatMirrorEachOtherAreOneFinding() throws {
        // 200 spans of "get": a miss (every other span) takes 50–56 ms, a hit 5–9 ms. Three
        // attributes say "miss": a flag, its mirror, and one that disagrees on one span (99.5%).
        var spans: [Span] = []
        for i in 0..<200 {
            let miss = i % 2 == 0
            let ms: Int64 = miss ? 50 + Int64(i % 7) : 5 + Int64(i % 5)
            spans.append(
                Fixtures.span(
                    UInt64(i + 1), UInt64(i + 1), name: "get", start: Int64(i) * 3000, ms: ms,
                    attributes: [
                        Attribute(key: "app.cache_hit", value: .bool(!miss)),
                        Attribute(key: "app.cache.state", value: .string(miss ? "miss" : "hit")),
                        Attribute(key: "app.tier", value: .string(miss != (i == 1) ? "cold" : "warm")),
                    ]))
        }
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Fixtures.snapshot(spans)))
        let attributes = findings.filter { $0.kind == .attribute }
        #expect(attributes.count == 1, "\(attributes.map(\.title))")
        let f = try #require(attributes.first)
        // Equal evidence: the lead is the first name in order ("app.cache.state" < "app.cache_hit").
        #expect(
            f.title
                == "app.cache.state=miss (same spans as app.cache_hit=false; nearly the same spans as app.tier=cold: 99.5% agree) marks the slow get spans."
        )
        // Both statistics of the attribute in the one finding.
        #expect(f.detail.contains("accounts for 100% of the slowest 5%"))
        #expect(f.detail.contains("takes longer than one with app.cache.state=hit 100% of the time (Mann–Whitney"))
        #expect(
            f.links.first
                == .traces(filter: "service=\"a\" name=\"get\" app.cache.state=\"miss\"", label: "traces with app.cache.state=miss"))
        #expect(findings.count == 1)
    }

    @Test func oneFailingCallSeenFromBothSidesIsOneFinding() throws {
        // 200 traces of a client span "call" (service a) over a server span "handle" (service b);
        // every tenth call fails slowly, and both sides say so with rpc.status=fail.
        var spans: [Span] = []
        for i in 0..<200 {
            let fail = i % 10 == 0
            let ms: Int64 = fail ? 200 + Int64(i % 7) : 10 + Int64(i % 5)
            let status = [Attribute(key: "rpc.status", value: .string(fail ? "fail" : "ok"))]
            let trace = UInt64(i + 1)
            spans.append(Fixtures.span(trace, 2 * trace, name: "call", start: Int64(i) * 3000, ms: ms + 2, resource: 0, attributes: status))
            spans.append(
                Fixtures.span(
                    trace, 2 * trace + 1, parent: 2 * trace, name: "handle", start: Int64(i) * 3000 + 1, ms: ms, resource: 1,
                    attributes: status))
        }
        let findings = Findings.detect(SnapshotAnalysis(snapshot: Fixtures.snapshot(spans)))
        let attributes = findings.filter { $0.kind == .attribute }
        #expect(attributes.count == 1, "\(attributes.map(\.title))")
        #expect(
            attributes.first?.title == "rpc.status=fail marks the slow call spans (the same traces as rpc.status=fail on b \"handle\").")
    }
}
