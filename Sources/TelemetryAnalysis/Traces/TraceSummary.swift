import TelemetryModel

/// One assembled trace: its spans' extent, root, counts and tree (DESIGN §4).
public struct TraceSummary: Sendable {
    public var traceID: TraceID
    public var startTimeUnixNano: Int64
    public var endTimeUnixNano: Int64
    // Span indexes and counts as 32-bit integers (the arenas' ranges already limit a table to
    // 2³² spans): 16 bytes a summary less than as `Int`s, 1.6 MB at 100k traces (issue 7).
    private var lower: UInt32, upper: UInt32, errors: UInt32, root: UInt32
    public var rootService: String
    public var rootName: String
    /// The root operation as two integers, equal for two traces exactly when their `rootService`
    /// and `rootName` are equal: the service's number (`ServiceNameTable.number`) in the high 32
    /// bits, the root span name's id in the span table's strings (one id per distinct string) in
    /// the low. The passes that group every trace by its root operation hash this instead of two
    /// strings: with a span name per request (an id in the name), a group per trace, and growing
    /// and probing dictionaries of string pairs was a tenth of a render's CPU (issue 7). 8 bytes
    /// more a summary (104), 0.8 MB at 100k traces.
    public var rootOperationKey: UInt64
    /// Service names in the trace, sorted.
    public var services: [String]
    /// Spans whose parent id is set but not found in the trace.
    public var orphanIndexes: [Int]

    public init(
        traceID: TraceID, spanRange: Range<Int>, startTimeUnixNano: Int64, endTimeUnixNano: Int64, errorCount: Int,
        rootIndex: Int, rootService: String, rootName: String, rootOperationKey: UInt64, services: [String],
        orphanIndexes: [Int]
    ) {
        self.traceID = traceID
        self.startTimeUnixNano = startTimeUnixNano
        self.endTimeUnixNano = endTimeUnixNano
        lower = UInt32(spanRange.lowerBound)
        upper = UInt32(spanRange.upperBound)
        errors = UInt32(errorCount)
        root = UInt32(rootIndex)
        self.rootService = rootService
        self.rootName = rootName
        self.rootOperationKey = rootOperationKey
        self.services = services
        self.orphanIndexes = orphanIndexes
    }

    /// Indexes into the snapshot's span array, in the snapshot's order (start time, span id).
    public var spanRange: Range<Int> {
        get { Int(lower)..<Int(upper) }
        set {
            lower = UInt32(newValue.lowerBound)
            upper = UInt32(newValue.upperBound)
        }
    }

    public var errorCount: Int {
        get { Int(errors) }
        set { errors = UInt32(newValue) }
    }

    /// Index of the root span: the earliest-starting span without a parent; when every span
    /// has a parent id (a partial trace), the earliest-starting span whose parent is missing.
    public var rootIndex: Int {
        get { Int(root) }
        set { root = UInt32(newValue) }
    }

    public var spanCount: Int { Int(upper - lower) }

    /// The root span name's id in the span table's strings (`rootOperationKey`'s low half).
    public var rootNameID: UInt32 { UInt32(truncatingIfNeeded: rootOperationKey) }

    /// max(end) − min(start) in nanoseconds; 0 when every span ends before the earliest start
    /// (clocks gone wrong), as a span's own duration is (`Span.durationNanos`): a negative
    /// trace duration sorted below every real one and drew points under the scatter's zero.
    public var durationNanos: Int64 { max(0, endTimeUnixNano - startTimeUnixNano) }
}
