import DashboardConfig
import TelemetryModel
import Vocabulary

/// Everything the report shows, computed once from a snapshot: traces, per-service statistics,
/// the slowest traces, the focus service and the dashboards.
public struct SnapshotAnalysis: Sendable {
    public struct Options: Sendable {
        /// The service the resource dashboard focuses on; nil picks `ServiceStatistics.focusService`.
        public var focusService: String?
        /// How many of the slowest traces to list (at least 20 are always kept, DESIGN §5).
        public var slowestCount: Int

        /// Attributes to compare whatever their score (`render --compare KEY`).
        public var compareAttributes: [String]

        /// The dashboards to evaluate (`render --dashboards FILE`); nil: the built-in
        /// `dashboards/default.yaml` (`DashboardSpec.builtIn`). Both run through one evaluator.
        public var dashboards: DashboardSpec?
        /// Metric panels and span metrics from this Prometheus server (`render --prometheus`)
        /// instead of the snapshot's metrics.
        public var prometheus: PrometheusBackend?

        /// The baseline window of the after-against-before comparison (`--baseline-from`,
        /// `--baseline-to`, unix ns); nil compares the first third with the last.
        public var baselineWindow: ClosedRange<Int64>?
        /// The report's time range (unix ns) when a backend defines it (`render --prometheus`):
        /// the dashboards' grid spans it even where the snapshot holds nothing. nil: the range of
        /// the snapshot's own data.
        public var timeRange: ClosedRange<Int64>?

        public init(
            focusService: String? = nil, slowestCount: Int = 50, compareAttributes: [String] = [],
            dashboards: DashboardSpec? = nil, prometheus: PrometheusBackend? = nil,
            baselineWindow: ClosedRange<Int64>? = nil, timeRange: ClosedRange<Int64>? = nil
        ) {
            self.prometheus = prometheus
            self.baselineWindow = baselineWindow
            self.timeRange = timeRange
            self.focusService = focusService
            self.slowestCount = slowestCount
            self.compareAttributes = compareAttributes
            self.dashboards = dashboards
        }
    }

    public var snapshot: Snapshot {
        didSet {
            spanParents = nil
            operationValues = nil
        }
    }
    public var traces: [TraceSummary] { didSet { spanParents = nil } }
    /// Each span's parent lookup, made while `traces` were assembled (`SpanParents`); nil once
    /// `traces` or `snapshot` are replaced, or for a table too large for it.
    public private(set) var spanParents: SpanParents?
    /// Each operation's attribute values, counted from the comparisons' grouping of the spans
    /// (the report's usual values); nil once `snapshot` is replaced.
    public private(set) var operationValues: OperationValues?
    public var services: [ServiceStatistics]
    /// Duration descending, then trace id ascending.
    public var slowest: [TraceSummary]
    public var focusService: String?
    /// Earliest and latest timestamp among spans and metric points (unix ns); nil when empty.
    public var timeRange: ClosedRange<Int64>?
    public var grid: TimeGrid?
    /// The dashboard definitions evaluated (the built-in ones unless a file was given): findings
    /// read the metric selection of a panel by its role (`DashboardSpec.panel(_:)`).
    public var dashboardSpec: DashboardSpec
    public var dashboards: [Dashboard]
    /// Attribute comparisons: those asked for with `compareAttributes` first, then the focus
    /// service's operations' attributes (DESIGN §5, compare.html), best score first.
    public var comparisons: [AttributeComparison]
    /// Every operation's comparisons, across all services, best score first (for findings).
    public var allComparisons: [AttributeComparison]
    /// How many of `comparisons` were asked for.
    public var requestedComparisonCount: Int
    /// The typical trace of each root operation, for the waterfall diffs (issue 15).
    public var baselines: TraceBaselines
    /// The slowest 5% of each root operation's traces against the rest, by time (issue 15).
    public var breakdowns: [SlowTraceBreakdown]
    /// Each operation in the baseline window against the target window (issue 15); nil
    /// without a time range.
    public var windows: WindowComparison?
    /// Span duration against the focus service's memory and CPU at the span's start (issue 15).
    public var resourceCorrelation: ResourceCorrelation?
    /// Log record counts by severity and service (issue 14).
    public var logStatistics: LogStatistics
    /// Exceptions by (service, type), most frequent first.
    public var exceptions: [ExceptionGroup]
    /// Services, uninstrumented peers and the calls between them.
    public var serviceMap: ServiceMap

    public init(snapshot input: Snapshot, options: Options = Options()) {
        let (traces, parents) = TraceAssembler.assembleWithParents(input)
        self.traces = traces
        spanParents = parents
        let services = ServiceStatistics.compute(input, traces: traces, parents: parents)
        self.services = services
        // Container metrics carry a container name, not a service: map it where it is unambiguous.
        let snapshot = ContainerServiceMapping.apply(input, services: services.map(\.name))
        self.snapshot = snapshot
        let spec = options.dashboards ?? .builtIn
        dashboardSpec = spec
        let focusService =
            options.focusService ?? ServiceStatistics.focusService(services) ?? Self.serviceWithRuntimeMetrics(snapshot, spec: spec)
        self.focusService = focusService
        let timeRange = options.timeRange ?? Self.timeRange(snapshot)
        self.timeRange = timeRange
        grid = timeRange.map { TimeGrid(startNanos: $0.lowerBound, endNanos: $0.upperBound) }
        let grid = grid

        // The steps below read what is above and not each other. The comparisons, breakdowns
        // and windows split their work over every core, and the service map runs beside the
        // breakdowns, after the comparisons' lists are gone; the rest runs one step after another
        // beside them on another thread (each value is the same whoever computes it).
        let (side, heavy) = CoreSplit.both(
            {
                () -> (
                    slowest: [TraceSummary], dashboards: [Dashboard], baselines: TraceBaselines, resource: ResourceCorrelation?,
                    logs: LogStatistics, exceptions: [ExceptionGroup]
                ) in
                // In two halves side by side: on their own, once the comparisons were done, they
                // kept one core busy for 30 ms of a render of the simulated demo (the dashboards
                // and the resource correlation both read its metrics; issue 7).
                let (first, second) = CoreSplit.both(
                    { () -> ([TraceSummary], [Dashboard], TraceBaselines) in
                        var dashboards: [Dashboard] = []
                        if let grid {
                            var names = services.map(\.name)
                            // Without spans, the services are those with span metrics in Prometheus.
                            if names.isEmpty, let prometheus = options.prometheus {
                                names = PrometheusSpanMetrics(backend: prometheus, grid: grid).services
                            }
                            var evaluator = DashboardEvaluator(snapshot: snapshot, serviceNames: names, focus: focusService, grid: grid)
                            evaluator.prometheus = options.prometheus
                            dashboards = evaluator.evaluate(spec)
                        }
                        return (TraceAssembler.slowest(traces, limit: max(20, options.slowestCount)), dashboards, TraceBaselines(traces))
                    },
                    { () -> (ResourceCorrelation?, LogStatistics, [ExceptionGroup]) in
                        (
                            focusService.map { ResourceCorrelation(snapshot, service: $0, spec: spec) }, LogStatistics(snapshot),
                            ExceptionGroups.compute(snapshot)
                        )
                    })
                return (first.0, first.1, first.2, second.0, second.1, second.2)
            },
            {
                () -> (
                    requested: [AttributeComparison], all: [AttributeComparison], breakdowns: [SlowTraceBreakdown],
                    windows: WindowComparison?, map: ServiceMap, values: OperationValues
                ) in
                // The spans of each operation, grouped once for every comparison and let go before
                // the steps after them: the service map's working arrays and these lists side by
                // side were the analysis's peak memory (issue 7).
                let (requested, all, windows, values) = {
                    () -> ([AttributeComparison], [AttributeComparison], WindowComparison?, OperationValues) in
                    let byOperation = AttributeComparison.spansByOperation(snapshot)
                    let requested = options.compareAttributes.flatMap {
                        AttributeComparison.forAttribute($0, in: snapshot, byOperation: byOperation)
                    }
                    // Side by side: each splits its operations over the cores, and each left one
                    // core idle for its last operation (500k spans: about 10 ms under `perf`).
                    let (windows, values) = CoreSplit.both(
                        {
                            timeRange.map { range in
                                let w =
                                    options.baselineWindow.map {
                                        TimeWindows.baseline(from: $0.lowerBound, to: $0.upperBound, snapshot: range)
                                    }
                                    ?? TimeWindows.thirds(range)
                                return WindowComparison(
                                    snapshot, windows: w, attributeServices: Set([focusService].compactMap { $0 }), byOperation: byOperation
                                )
                            }
                        },
                        { OperationValues(snapshot, byOperation: byOperation) })
                    return (requested, AttributeComparison.rank(snapshot, byOperation: byOperation), windows, values)
                }()
                // The breakdowns split their work over the cores but leave one idle at times (an
                // operation's tail); the service map, one pass on one core, fills it (2M spans:
                // 0.08-0.10 s that ran alone at the end of the analysis; issue 7).
                let (breakdowns, map) = CoreSplit.both(
                    { SlowTraceBreakdown.compute(snapshot, traces: traces, parents: parents) },
                    { ServiceMap.compute(snapshot, traces: traces, parents: parents) })
                return (requested, all, breakdowns, windows, map, values)
            })
        slowest = side.slowest
        dashboards = side.dashboards
        baselines = side.baselines
        resourceCorrelation = side.resource
        logStatistics = side.logs
        exceptions = side.exceptions
        serviceMap = heavy.map
        let seen = Set(heavy.requested.map { [$0.service, $0.operation, $0.attribute] })
        allComparisons = heavy.all
        comparisons =
            heavy.requested
            + heavy.all.filter {
                $0.service == focusService && !seen.contains([$0.service, $0.operation, $0.attribute])
            }
        requestedComparisonCount = heavy.requested.count
        breakdowns = heavy.breakdowns
        windows = heavy.windows
        operationValues = heavy.values
    }

    /// Without spans (a metrics-only snapshot), the first service by name that reports a metric
    /// of the CPU or memory panel (`PanelRole`), so the resource dashboard still has something to show.
    static func serviceWithRuntimeMetrics(_ snapshot: Snapshot, spec: DashboardSpec) -> String? {
        let names = Set(spec.runtimeMetricNames)
        return Set(snapshot.metrics.filter { names.contains($0.name) }.map { SeriesIdentity.serviceName(snapshot, $0) }).sorted().first
    }

    public static func timeRange(_ snapshot: Snapshot) -> ClosedRange<Int64>? {
        var lo = Int64.max, hi = Int64.min
        let spans = snapshot.spans
        for i in spans.indices {
            lo = min(lo, spans.startTimes[i])
            hi = max(hi, spans.endTime(at: i))
        }
        for i in snapshot.logs.indices {
            let t = snapshot.logs.timestamp(at: i)
            guard t != 0 else { continue }
            lo = min(lo, t)
            hi = max(hi, t)
        }
        for series in snapshot.metrics {
            for t in SeriesIdentity.pointTimes(series) {
                lo = min(lo, t)
                hi = max(hi, t)
            }
        }
        return lo <= hi ? lo...hi : nil
    }
}
