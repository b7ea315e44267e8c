import TelemetryModel

/// One assembled trace: its spans' extent, root, counts and tree (DESIGN §4).
public struct TraceSummary: Sendable {
    public var traceID: TraceID
    /// Indexes into the snapshot's span array, in the snapshot's order (start time, span id).
    public var spanRange: Range<Int>
    public var startTimeUnixNano: Int64
    public var endTimeUnixNano: Int64
    public var errorCount: Int
    /// Index of the root span: the earliest-starting span without a parent; when every span
    /// has a parent id (a partial trace), the earliest-starting span whose parent is missing.
    public var rootIndex: Int
    public var rootService: String
    public var rootName: String
    /// Service names in the trace, sorted.
    public var services: [String]
    /// Spans whose parent id is set but not found in the trace.
    public var orphanIndexes: [Int]

    public var spanCount: Int { spanRange.count }

    /// max(end) − min(start) in nanoseconds.
    public var durationNanos: Int64 { endTimeUnixNano - startTimeUnixNano }
}
