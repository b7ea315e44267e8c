/// One log record as a value (OTLP `logs/v1` `LogRecord`), for decoders that build records
/// field by field and for code that wants a whole record; `LogTable` stores them by column.
public struct LogRecord: Hashable, Sendable {
    /// When the event happened (`timeUnixNano`); 0 when the source did not say.
    public var timeUnixNano: Int64
    /// When the collector saw it (`observedTimeUnixNano`); 0 when absent.
    public var observedTimeUnixNano: Int64
    /// 0 (unspecified) or 1–24 as the data model numbers them.
    public var severityNumber: Int
    public var severityText: String
    /// The message: any `AnyValue` (a string mostly; a kvlist for structured logs).
    public var body: AttributeValue
    public var attributes: [Attribute]
    public var resourceIndex: Int32
    public var scopeIndex: Int32
    /// `.zero` and `.none` when the record carries no trace context.
    public var traceID: TraceID
    public var spanID: SpanID

    public init(
        timeUnixNano: Int64 = 0, observedTimeUnixNano: Int64 = 0, severityNumber: Int = 0, severityText: String = "",
        body: AttributeValue = .empty, attributes: [Attribute] = [], resourceIndex: Int32 = 0, scopeIndex: Int32 = 0,
        traceID: TraceID = .zero, spanID: SpanID = .none
    ) {
        self.timeUnixNano = timeUnixNano
        self.observedTimeUnixNano = observedTimeUnixNano
        self.severityNumber = severityNumber
        self.severityText = severityText
        self.body = body
        self.attributes = attributes
        self.resourceIndex = resourceIndex
        self.scopeIndex = scopeIndex
        self.traceID = traceID
        self.spanID = spanID
    }

    /// The time the report places the record at: `timeUnixNano`, else the observed time (the
    /// data model: "if Timestamp is missing, use ObservedTimestamp").
    public var timestamp: Int64 { timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano }

    public var severity: LogSeverity { LogSeverity(number: severityNumber, text: severityText) }
}
