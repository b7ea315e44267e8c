import TelemetryModel

/// The exceptions of one (service, `exception.type`) pair (issue 14), from span events named
/// `exception` and log records carrying `exception.type` (OpenTelemetry semantic conventions,
/// "Exceptions": `exception.type`, `exception.message`, `exception.stacktrace`).
public struct ExceptionGroup: Sendable, Equatable {
    /// The service of the span or of the log record's resource.
    public var service: String
    /// `exception.type`, or "(unknown)" for a span event without one.
    public var type: String
    /// The `exception.message` of the earliest occurrence that has one; "" when none has.
    public var message: String
    /// The `exception.stacktrace` of the earliest occurrence that has one; "" when none has.
    public var stackTrace: String
    public var spanEvents: Int
    public var logRecords: Int
    /// Distinct trace ids among the occurrences (log records without trace context add none).
    public var traceIDs: [TraceID]
    /// The earliest and latest occurrence (unix ns): an event's time, a record's timestamp.
    public var firstSeen: Int64
    public var lastSeen: Int64
    /// Where it happened, earliest first, at most `ExceptionGroups.exampleLimit`: for links.
    public var examples: [Occurrence]

    public var count: Int { spanEvents + logRecords }
    public var traceCount: Int { traceIDs.count }

    /// One exception: its time, trace and span (zero when the log record has no trace context).
    public struct Occurrence: Sendable, Equatable {
        public var time: Int64
        public var traceID: TraceID
        public var spanID: SpanID
        public var fromLog: Bool
    }
}
