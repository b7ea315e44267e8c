import DashboardConfig
import TelemetryModel

/// Which way a service's memory moved, per series and per process lifetime: each series (its
/// point labels and `service.instance.id`, as Prometheus stores it) is cut at the restarts of its
/// own instance (a new start time on its CPU counter or on itself), and each piece — a segment —
/// gets a `TrendTest` over its raw samples. A segment "ends in a restart" when its instance
/// restarted right after it, or when a new instance of the same series began within
/// `restartTolerance` of its last sample (a replaced process); a segment that reaches the end of
/// the data did not restart.
public struct MemoryTrend: Sendable {
    public struct Segment: Sendable {
        /// The series' Prometheus labels (`type`, `instance`) and its name on the memory chart.
        public var labels: [String: String]
        public var seriesName: String
        /// First and last sample of the segment: time (unix ms) and value (bytes).
        public var first: PromQL.Sample
        public var last: PromQL.Sample
        public var test: TrendTest
        /// When the process restarted after this segment (unix s), or nil.
        public var restartSeconds: Int64?
        /// The median of the segment's values.
        public var median: Double

        /// The change from the first to the last sample, relative to the larger of the two.
        public var relativeChange: Double {
            let scale = max(abs(first.value), abs(last.value))
            return scale > 0 ? (last.value - first.value) / scale : 0
        }

        /// Rising (or falling) when the Mann–Kendall test is significant, the Theil–Sen slope has
        /// the same sign, and the first and last samples — the numbers a finding cites — moved
        /// the same way by at least `materialShare` of the larger. Else flat (level).
        public var direction: TrendTest.Direction {
            let d = test.direction
            guard d != .flat, abs(relativeChange) >= MemoryTrend.materialShare else { return .flat }
            if d == .rising && relativeChange > 0 { return .rising }
            if d == .falling && relativeChange < 0 { return .falling }
            return .flat
        }
    }

    /// The memory metric used, or nil when the service reports none.
    public var metric: String?
    /// Segments in series order, then time order.
    public var segments: [Segment]

    /// A trend must move the series by at least this share (of the larger of its first and last
    /// sample) to be called rising or falling.
    public static let materialShare = 0.2
    /// At most this many samples of a segment enter the test (evenly thinned beyond: both
    /// statistics take O(n²) pairs).
    public static let maximumSamples = 600

    /// How close a new instance's start must be to a segment's last sample to count as its restart:
    /// three sample intervals, and at least a minute.
    public static func restartTolerance(intervalMillis: Int64?) -> Int64 {
        max(3 * (intervalMillis ?? 0), 60_000)
    }

    /// The focus service's memory, as the dashboards' memory panel selects it (`PanelRole.memory`:
    /// its metric names and matchers): resident memory (`type=rss`) when the series say which is
    /// which, else every series of the first memory metric the service reports. Restarts come
    /// from the CPU panel's counter (`PanelRole.cpu`).
    public init(_ snapshot: Snapshot, service: String, spec: DashboardSpec = .builtIn) {
        let selection = MetricSelection.select(snapshot, panel: spec.panel(.memory), service: service)
        let groups = selection.groups.filter { !$0.samples.isEmpty }
        metric = selection.name
        let rss = groups.filter { $0.labels["type"] == "rss" }
        let chosen = rss.isEmpty ? groups : rss
        // Restarts per instance: start-time changes of its CPU counter and of the memory series.
        let cpuGroups = MetricSelection.select(snapshot, panel: spec.panel(.cpu), service: service).groups.filter { !$0.samples.isEmpty }
        var resetsByInstance: [String: Set<Int64>] = [:]
        var startByInstance: [String: Int64] = [:]
        for g in cpuGroups + groups {
            resetsByInstance[g.instance, default: []].formUnion(g.resets)
            startByInstance[g.instance] = min(startByInstance[g.instance] ?? .max, g.startSeconds)
        }
        let interval = MetricSelection.typicalIntervalMillis(chosen)
        let tolerance = Self.restartTolerance(intervalMillis: interval)
        var out: [Segment] = []
        for g in chosen {
            let resets = (resetsByInstance[g.instance] ?? []).sorted()
            // A NaN or infinite sample (a stale marker, a broken exporter) says nothing about direction.
            let finite = g.samples.filter { $0.value.isFinite }
            guard !finite.isEmpty else { continue }
            let pieces = Self.split(finite, at: resets)
            // A new instance of the same labels starting near this series' end replaced it.
            let replacement: Int64? = finite.last.flatMap { last in
                chosen.filter { $0.instance != g.instance && $0.labels == g.labels }
                    .map { other in (startByInstance[other.instance] ?? other.startSeconds) * 1000 }
                    .filter { $0 > finite[0].timeMillis && abs($0 - last.timeMillis) <= tolerance }
                    .min()
            }
            for (k, piece) in pieces.enumerated() {
                guard piece.samples.count >= 2,
                    let test = Self.test(piece.samples)
                else { continue }
                let restart = k + 1 < pieces.count ? piece.restartSeconds : replacement.map { $0 / 1000 }
                let values = piece.samples.map(\.value).sorted()
                let median =
                    values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
                out.append(
                    Segment(
                        labels: g.promLabels, seriesName: g.displayName(fallback: "memory"),
                        first: piece.samples[0], last: piece.samples[piece.samples.count - 1], test: test,
                        restartSeconds: restart, median: median))
            }
        }
        segments = out
    }

    /// The samples cut at restart times (unix s): a sample at or after a restart begins a new piece.
    static func split(_ samples: [PromQL.Sample], at resets: [Int64]) -> [(samples: [PromQL.Sample], restartSeconds: Int64?)] {
        var pieces: [(samples: [PromQL.Sample], restartSeconds: Int64?)] = []
        var current: [PromQL.Sample] = []
        var next = resets.makeIterator()
        var boundary = next.next()
        for s in samples {
            var crossed: Int64?
            while let b = boundary, s.timeMillis >= b * 1000 {
                crossed = b
                boundary = next.next()
            }
            if let crossed, !current.isEmpty {
                pieces.append((current, crossed))
                current = []
            }
            current.append(s)
        }
        if !current.isEmpty { pieces.append((current, nil)) }
        return pieces
    }

    /// The trend test over a segment's samples (time in seconds), evenly thinned to at most
    /// `maximumSamples` (always keeping the first and last).
    static func test(_ samples: [PromQL.Sample]) -> TrendTest? {
        var chosen = samples
        if samples.count > maximumSamples {
            let n = samples.count
            chosen = (0..<maximumSamples).map { samples[$0 * (n - 1) / (maximumSamples - 1)] }
        }
        return TrendTest(times: chosen.map { Double($0.timeMillis) / 1000 }, values: chosen.map(\.value))
    }
}
