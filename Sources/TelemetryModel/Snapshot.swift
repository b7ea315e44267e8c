/// Everything read from the inputs: spans and metric series over shared resource and scope
/// tables, plus a summary of each input file.
public struct Snapshot: Sendable {
    public var resources: [Resource]
    public var scopes: [InstrumentationScope]
    /// Spans by column (`SpanTable`); also a collection of `Span` values.
    public var spans: SpanTable
    public var metrics: [MetricSeries]
    public var inputs: [InputSummary]
    /// Log records by column (`LogTable`), in timestamp order once finished.
    public var logs: LogTable

    public init(
        resources: [Resource] = [], scopes: [InstrumentationScope] = [], spans: SpanTable = SpanTable(),
        metrics: [MetricSeries] = [], inputs: [InputSummary] = [], logs: LogTable = LogTable()
    ) {
        self.resources = resources
        self.scopes = scopes
        self.spans = spans
        self.metrics = metrics
        self.inputs = inputs
        self.logs = logs
    }

    /// A snapshot of span values (tests and small inputs), stored by column.
    public init(
        resources: [Resource] = [], scopes: [InstrumentationScope] = [], spans: [Span],
        metrics: [MetricSeries] = [], inputs: [InputSummary] = [], logs: [LogRecord] = []
    ) {
        self.init(resources: resources, scopes: scopes, spans: SpanTable(spans), metrics: metrics, inputs: inputs, logs: LogTable(logs))
    }

    /// The service of log record `i` of `logs`.
    public func serviceName(ofLog i: Int) -> String {
        let r = Int(logs.resourceIndexes[i])
        return resources.indices.contains(r) ? resources[r].serviceName : "unknown_service"
    }

    /// The service of span `i` of `spans`.
    public func serviceName(at i: Int) -> String {
        let r = Int(spans.resourceIndexes[i])
        return resources.indices.contains(r) ? resources[r].serviceName : "unknown_service"
    }

    /// The service name of every resource, by resource index: look-ups in hot loops index this
    /// instead of copying spans (a `Span` copy retains five buffers).
    public var serviceNamesByResource: ServiceNameTable { ServiceNameTable(names: resources.map(\.serviceName)) }

    /// The service of a span: its resource's `service.name` (DESIGN §4).
    public func serviceName(of span: Span) -> String {
        resources.indices.contains(Int(span.resourceIndex)) ? resources[Int(span.resourceIndex)].serviceName : "unknown_service"
    }

    public func resource(of span: Span) -> Resource {
        resources.indices.contains(Int(span.resourceIndex)) ? resources[Int(span.resourceIndex)] : Resource()
    }

    public func scope(of span: Span) -> InstrumentationScope {
        scopes.indices.contains(Int(span.scopeIndex)) ? scopes[Int(span.scopeIndex)] : InstrumentationScope()
    }

    /// The total number of metric points across all series.
    public var metricPointCount: Int { metrics.reduce(0) { $0 + $1.points.count } }
}

/// What one input file held, for `report.json`'s `snapshot.inputs` and `inspect`.
public struct InputSummary: Hashable, Sendable {
    public var path: String
    public var format: String
    public var spans: Int
    public var metricPoints: Int
    /// Log records read (shown by `inspect`; not in `report.json`'s inputs, whose keys are fixed).
    public var logRecords: Int

    public init(path: String, format: String, spans: Int = 0, metricPoints: Int = 0, logRecords: Int = 0) {
        self.path = path
        self.format = format
        self.spans = spans
        self.metricPoints = metricPoints
        self.logRecords = logRecords
    }
}

/// Service names by resource index, `unknown_service` for an index with no resource.
public struct ServiceNameTable: Sendable {
    public let names: [String]
    /// Each resource's service as a number, equal for two resources exactly when their names are
    /// equal as `String`s: the first resource index of that name (`names.count` for
    /// `unknown_service` when no resource is named so, given to an index with no resource).
    ///
    /// Why: with a span table's name ids, a (service, span name) pair becomes two integers, which
    /// the passes that group every trace by its root operation hash instead of two strings — with
    /// a span name per request (an id in the name) a group per trace (issue 7).
    private let numbers: [UInt32]
    private let unknownNumber: UInt32

    public init(names: [String]) {
        self.names = names
        var first: [String: UInt32] = [:]
        numbers = names.indices.map { r in
            if let known = first[names[r]] { return known }
            first[names[r]] = UInt32(r)
            return UInt32(r)
        }
        unknownNumber = first["unknown_service"] ?? UInt32(names.count)
    }

    public subscript(_ resourceIndex: Int32) -> String {
        names.indices.contains(Int(resourceIndex)) ? names[Int(resourceIndex)] : "unknown_service"
    }

    /// The number of `self[resourceIndex]` (see `numbers`).
    public func number(_ resourceIndex: Int32) -> UInt32 {
        numbers.indices.contains(Int(resourceIndex)) ? numbers[Int(resourceIndex)] : unknownNumber
    }
}
