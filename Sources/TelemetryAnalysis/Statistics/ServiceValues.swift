import TelemetryModel
import Vocabulary

/// Each service's span durations and self times, gathered for `ServiceStatistics` in two passes
/// over chunks of traces on every core (issue 7).
///
/// The first pass counts each chunk's spans per service; the second writes each chunk's values
/// from its own offset into one array for all services, where service `s` holds one contiguous
/// run. Before, one core appended span after span to an array per service while the other waited
/// (the analysis splits only after these statistics): 9-11 ms at 500k spans. Within a service the
/// values are in trace order, as before; the statistics sort them anyway.
struct ServiceValues {
    /// Every service's durations, service after service (`spanStarts`).
    private(set) var durations: [Int64]
    /// The self times of spans within the stream threshold, service after service (`selfStarts`).
    private(set) var selfTimes: [Int64]
    /// Where each service's run starts, with the total at the end.
    private(set) var spanStarts: [Int]
    private(set) var selfStarts: [Int]
    /// Error spans per service.
    private(set) var errors: [Int]

    /// The values of the spans of `traces`. A span's self time is kept when `streamThreshold` is
    /// 0 or its duration is at most that (`ServiceStatistics.compute`).
    init(_ spans: SpanTable, traces: [TraceSummary], index: ServiceIndex, selfTime: [Int64], streamThreshold: Int64) {
        let services = index.count
        let chunks = max(1, min(traces.count / 4096, 4 * CoreSplit.cores))
        func keepsSelfTime(_ i: Int) -> Bool { streamThreshold == 0 || spans.durationNanos(at: i) <= streamThreshold }
        // Per chunk and service: spans, self times kept, errors.
        let counts = Parallel.map(chunks) { k -> [(spans: Int, selfTimes: Int, errors: Int)] in
            var c = [(spans: Int, selfTimes: Int, errors: Int)](repeating: (0, 0, 0), count: services)
            for t in Parallel.part(k, of: traces.count, parts: chunks) {
                for i in traces[t].spanRange {
                    let service = index.id(ofResource: spans.resourceIndexes[i])
                    c[service].spans += 1
                    if keepsSelfTime(i) { c[service].selfTimes += 1 }
                    if spans.statuses[i] == .error { c[service].errors += 1 }
                }
            }
            return c
        }
        // Each service's run, then each chunk's first slot in it (the chunks before it).
        var spanStarts = [0], selfStarts = [0], errors = [Int](repeating: 0, count: services)
        for s in 0..<services {
            spanStarts.append(spanStarts[s] + counts.reduce(0) { $0 + $1[s].spans })
            selfStarts.append(selfStarts[s] + counts.reduce(0) { $0 + $1[s].selfTimes })
            errors[s] = counts.reduce(0) { $0 + $1[s].errors }
        }
        var nextSpan = [[Int]](), nextSelf = [[Int]]()
        var spanAt = Array(spanStarts.dropLast()), selfAt = Array(selfStarts.dropLast())
        for c in counts {
            nextSpan.append(spanAt)
            nextSelf.append(selfAt)
            for s in 0..<services {
                spanAt[s] += c[s].spans
                selfAt[s] += c[s].selfTimes
            }
        }
        // Left unwritten here: the pass below writes every slot.
        func column(_ count: Int) -> [Int64] { [Int64](unsafeUninitializedCapacity: count) { _, n in n = count } }
        var durations = column(spanStarts[services]), selfTimes = column(selfStarts[services])
        durations.withUnsafeMutableBufferPointer { d in
            selfTimes.withUnsafeMutableBufferPointer { st in
                let target = Targets(durations: d.baseAddress, selfTimes: st.baseAddress)
                // Each chunk writes only its own slots (`nextSpan`, `nextSelf`).
                _ = Parallel.map(chunks) { k in
                    var spanSlot = nextSpan[k], selfSlot = nextSelf[k]
                    for t in Parallel.part(k, of: traces.count, parts: chunks) {
                        for i in traces[t].spanRange {
                            let service = index.id(ofResource: spans.resourceIndexes[i])
                            target.durations![spanSlot[service]] = spans.durationNanos(at: i)
                            spanSlot[service] += 1
                            if keepsSelfTime(i) {
                                target.selfTimes![selfSlot[service]] = selfTime[i]
                                selfSlot[service] += 1
                            }
                        }
                    }
                }
            }
        }
        self.durations = durations
        self.selfTimes = selfTimes
        self.spanStarts = spanStarts
        self.selfStarts = selfStarts
        self.errors = errors
    }

    func spanCount(of service: Int) -> Int { spanStarts[service + 1] - spanStarts[service] }

    /// The durations of `service`'s spans, in trace order.
    func durations(of service: Int) -> [Int64] { Array(durations[spanStarts[service]..<spanStarts[service + 1]]) }

    /// The self times kept of `service`'s spans, in trace order.
    func selfTimes(of service: Int) -> [Int64] { Array(selfTimes[selfStarts[service]..<selfStarts[service + 1]]) }

    /// The two arrays' storage, shared with the threads of `Parallel.map`, which write disjoint slots.
    private struct Targets: @unchecked Sendable {
        let durations: UnsafeMutablePointer<Int64>?
        let selfTimes: UnsafeMutablePointer<Int64>?
    }
}
