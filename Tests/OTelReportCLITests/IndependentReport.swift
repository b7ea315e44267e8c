import Foundation

/// The numbers of DESIGN §4 computed a second way — Foundation's JSON parser instead of our
/// reader, plain dictionaries instead of the model — so end-to-end tests compare against
/// something other than the code under test.
struct IndependentReport {
    struct Service {
        var name: String
        var spans: Int
        var errors: Int
        var latencyMs: [String: Double]
    }

    var spanCount = 0
    var traceCount = 0
    var services: [Service] = []
    var slowest20: [(id: String, ms: Double)] = []
    /// Every trace, slowest first (ties: smaller id first).
    var slowest: [(id: String, ms: Double)] = []
    /// Traces with a span whose status is ERROR.
    var errorTraces: Set<String> = []
    /// Trace id → its root span's "service\u{0}name" (the span without a parent).
    var rootOperation: [String: String] = [:]
    /// Trace ids with at least one span for which `spanMatches(service, attributes, durationNanos)` holds.
    var matchingTraces: Set<String> = []
    var spanMatches: ((String, [String: Any], Int64) -> Bool)?

    init(otlpJSONLines url: URL, spanMatches: ((String, [String: Any], Int64) -> Bool)? = nil) throws {
        self.spanMatches = spanMatches
        var durations: [String: [Int64]] = [:]
        var errors: [String: Int] = [:]
        var traceBounds: [String: (Int64, Int64)] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.isEmpty {
            let request = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            for rs in request["resourceSpans"] as? [[String: Any]] ?? [] {
                let attributes = (rs["resource"] as? [String: Any])?["attributes"] as? [[String: Any]] ?? []
                let service =
                    attributes.first { $0["key"] as? String == "service.name" }
                    .flatMap { ($0["value"] as? [String: Any])?["stringValue"] as? String } ?? "unknown_service"
                for ss in rs["scopeSpans"] as? [[String: Any]] ?? [] {
                    for span in ss["spans"] as? [[String: Any]] ?? [] {
                        let start = Int64(span["startTimeUnixNano"] as? String ?? "0")!
                        let end = Int64(span["endTimeUnixNano"] as? String ?? "0")!
                        let trace = (span["traceId"] as? String ?? "").lowercased()
                        spanCount += 1
                        durations[service, default: []].append(end - start)
                        if ((span["status"] as? [String: Any])?["code"] as? Int) == 2 {
                            errors[service, default: 0] += 1
                            errorTraces.insert(trace)
                        }
                        if (span["parentSpanId"] as? String ?? "").isEmpty {
                            rootOperation[trace] = service + "\u{0}" + (span["name"] as? String ?? "")
                        }
                        if let spanMatches {
                            var attributes: [String: Any] = [:]
                            for a in span["attributes"] as? [[String: Any]] ?? [] {
                                if let k = a["key"] as? String, let v = a["value"] as? [String: Any], let first = v.first {
                                    attributes[k] = first.value
                                }
                            }
                            if spanMatches(service, attributes, end - start) { matchingTraces.insert(trace) }
                        }
                        let b = traceBounds[trace] ?? (start, end)
                        traceBounds[trace] = (min(b.0, start), max(b.1, end))
                    }
                }
            }
        }
        traceCount = traceBounds.count
        services = durations.keys.sorted().map { name in
            let d = durations[name]!.sorted()
            func rank(_ q: Double) -> Double {
                let r = Int((q * Double(d.count) - 1e-9).rounded(.up))
                return Double(d[max(1, r) - 1]) / 1e6
            }
            return Service(
                name: name, spans: d.count, errors: errors[name] ?? 0,
                latencyMs: ["p50": rank(0.5), "p95": rank(0.95), "p99": rank(0.99), "p999": rank(0.999), "max": Double(d.last!) / 1e6])
        }
        slowest = traceBounds.map { (id: $0.key, ms: Double($0.value.1 - $0.value.0) / 1e6) }
            .sorted { $0.ms != $1.ms ? $0.ms > $1.ms : $0.id < $1.id }
        slowest20 = Array(slowest.prefix(20))
    }

    /// The traces that get a waterfall page with `--top top`: the `top` slowest, every error
    /// trace and the slowest trace of each root operation (the example is under both bounds of
    /// 200), and the typical trace each of those is diffed against.
    func waterfallTraces(top: Int) -> Set<String> {
        var chosen = Set(slowest.prefix(top).map(\.id)).union(errorTraces)
        var seen = Set<String>()
        for t in slowest {  // slowest first, so the first of each operation is its slowest
            if let op = rootOperation[t.id], seen.insert(op).inserted { chosen.insert(t.id) }
        }
        let typical = baselines()
        for id in chosen { if let b = typical[id] ?? nil { chosen.insert(b) } }
        return chosen
    }

    /// Trace id → the typical trace of its root operation (service and name of the span without
    /// a parent): the operation's traces sorted by duration, then id, the one at 1-based rank
    /// ⌈n/2⌉; nil when that is the trace itself. Traces without such a root have none.
    func baselines() -> [String: String?] {
        var byOperation: [String: [(id: String, ms: Double)]] = [:]
        for t in slowest { if let op = rootOperation[t.id] { byOperation[op, default: []].append(t) } }
        var typical: [String: String] = [:]
        for (op, members) in byOperation {
            let sorted = members.sorted { $0.ms != $1.ms ? $0.ms < $1.ms : $0.id < $1.id }
            typical[op] = sorted[(sorted.count + 1) / 2 - 1].id
        }
        var out: [String: String?] = [:]
        for t in slowest {
            guard let op = rootOperation[t.id], let b = typical[op] else {
                out[t.id] = .some(nil)
                continue
            }
            out[t.id] = .some(b == t.id ? nil : b)
        }
        return out
    }
}
