/// One span as a decoder appends it to a `SpanTable`: fixed-size fields only, strings as ids of
/// the table's string table and attributes, events and links as ranges of its arenas, so that
/// decoding a span allocates nothing of its own.
public struct SpanRecord: Sendable {
    public var traceID: TraceID = .zero
    public var spanID: SpanID = .none
    public var parentSpanID: SpanID = .none
    public var name: UInt32 = 0
    public var kind: SpanKind = .unspecified
    public var startTimeUnixNano: Int64 = 0
    public var endTimeUnixNano: Int64 = 0
    public var status: StatusCode = .unset
    public var statusMessage: UInt32 = 0
    public var resourceIndex: Int32 = 0
    public var scopeIndex: Int32 = 0
    public var attributes: ArenaRange = .empty
    public var events: ArenaRange = .empty
    public var links: ArenaRange = .empty

    /// Inlinable so that a decoder in another module builds its record in place: as a call (one
    /// a span, the record returned through memory) the read phase took 0.2535 s of CPU at 500k
    /// collector spans against 0.2390 s inlined (12 runs each; deep traces 0.2550 → 0.2475 s).
    @inlinable public init() {}
}
