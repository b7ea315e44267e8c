/// The kind of a span (OTLP `SpanKind`; enum numbers as in the proto).
public enum SpanKind: UInt8, Sendable, CaseIterable {
    case unspecified = 0, `internal` = 1, server = 2, client = 3, producer = 4, consumer = 5

    /// The name shown in reports ("server", "client", …).
    public var name: String {
        switch self {
        case .unspecified: return "unspecified"
        case .internal: return "internal"
        case .server: return "server"
        case .client: return "client"
        case .producer: return "producer"
        case .consumer: return "consumer"
        }
    }
}

/// A span's status code (OTLP `Status.StatusCode`): only ERROR (2) makes an error span (DESIGN §4).
public enum StatusCode: UInt8, Sendable {
    case unset = 0, ok = 1, error = 2

    public var name: String {
        switch self {
        case .unset: return "unset"
        case .ok: return "ok"
        case .error: return "error"
        }
    }
}

/// A timestamped event on a span (OTLP `Span.Event`; Jaeger "logs"; Zipkin annotations).
public struct SpanEvent: Hashable, Sendable {
    public var timeUnixNano: Int64
    public var name: String
    public var attributes: [Attribute]

    public init(timeUnixNano: Int64, name: String, attributes: [Attribute] = []) {
        self.timeUnixNano = timeUnixNano
        self.name = name
        self.attributes = attributes
    }
}

/// A link from a span to another span, possibly in another trace.
public struct SpanLink: Hashable, Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var attributes: [Attribute]

    public init(traceID: TraceID, spanID: SpanID, attributes: [Attribute] = []) {
        self.traceID = traceID
        self.spanID = spanID
        self.attributes = attributes
    }
}

/// One span, in the form every input format is decoded into.
///
/// Times are nanoseconds since the Unix epoch (UTC). The resource and scope are indexes into
/// the snapshot's shared tables, so that a million spans of one service share one resource.
public struct Span: Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var parentSpanID: SpanID
    public var name: String
    public var kind: SpanKind
    public var startTimeUnixNano: Int64
    public var endTimeUnixNano: Int64
    public var status: StatusCode
    public var statusMessage: String
    public var attributes: [Attribute]
    public var events: [SpanEvent]
    public var links: [SpanLink]
    public var resourceIndex: Int32
    public var scopeIndex: Int32

    public init(
        traceID: TraceID, spanID: SpanID, parentSpanID: SpanID = .none, name: String,
        kind: SpanKind = .unspecified, startTimeUnixNano: Int64, endTimeUnixNano: Int64,
        status: StatusCode = .unset, statusMessage: String = "", attributes: [Attribute] = [],
        events: [SpanEvent] = [], links: [SpanLink] = [], resourceIndex: Int32 = 0, scopeIndex: Int32 = 0
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.kind = kind
        self.startTimeUnixNano = startTimeUnixNano
        self.endTimeUnixNano = endTimeUnixNano
        self.status = status
        self.statusMessage = statusMessage
        self.attributes = attributes
        self.events = events
        self.links = links
        self.resourceIndex = resourceIndex
        self.scopeIndex = scopeIndex
    }

    /// End − start in nanoseconds (DESIGN §4); never negative.
    public var durationNanos: Int64 { max(0, endTimeUnixNano &- startTimeUnixNano) }

    public var isError: Bool { status == .error }
}
