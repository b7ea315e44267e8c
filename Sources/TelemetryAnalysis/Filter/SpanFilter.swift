import TelemetryModel

/// A parsed filter expression: the language of `--where` and of the trace table's filter
/// (DESIGN §1), parsed once and evaluated many times.
///
/// Terms are joined by spaces and all must hold (AND):
/// `key=value`, `key!=value`, `key>n`, `key>=n`, `key<n`, `key<=n`, `key` (exists), `!key`
/// (absent). Keys are:
/// - the fields `service` (the resource's `service.name`, `unknown_service` when absent,
///   DESIGN §4), `name`, `duration` (`250ms`, `1.5s`, `10us`, `2m`, `1h`, `100ns`; a plain number
///   is milliseconds), `status` (`error`, `ok`, `unset`), `kind` (`server`, `client`, `internal`,
///   `producer`, `consumer`, `unspecified`) and `trace` / `traceId` (hex: the id left-padded with
///   zeros, or with 8 to 31 digits also any id starting with them, `TraceIDMatch`). Field names win over
///   attributes with the same key; only `=` and `!=` apply to the text fields, and a field
///   cannot be tested for existence (every span has it).
/// - any other key: a span attribute, else the resource attribute with that key (span
///   attributes take precedence, as in the OTel data model where the span is more specific).
///   `attr.<key>` or a quoted key (`"status"=x`) always names an attribute, even one that is
///   called like a field.
///
/// Values compare by type (see `FilterAttributeTest`): numbers against int and double
/// attributes, text exactly against string attributes, `true`/`false` against bools; a quoted
/// value (`key="a b"`, with `\"` and `\\` escapes) is text. A key that is absent matches only
/// `!key`; `key!=value` requires the key to be present with a different value, as in Jaeger's
/// and OpenSearch's tag search.
///
/// A trace matches when at least one of its spans matches every term (Jaeger's tag search):
/// two terms satisfied by two different spans do not make the trace match. An empty
/// expression has no terms and matches everything.
///
/// For evaluating over a whole snapshot, `FilterEvaluator` answers the resource-dependent part
/// of each term from a table built once per snapshot.
public struct SpanFilter: Sendable, CustomStringConvertible {
    /// The expression as given.
    public let text: String
    let terms: [FilterTerm]

    /// Parses `text`; throws the first fault with its 1-based character position.
    public init(parsing text: String) throws(FilterError) {
        self.text = text
        self.terms = try FilterParser.parse(text)
    }

    /// Whether the expression has no terms (and so keeps every span and trace).
    public var isEmpty: Bool { terms.isEmpty }

    /// The number of terms (conditions) in the expression.
    public var termCount: Int { terms.count }

    public var description: String { text }

    /// Whether `span` (of `snapshot`, which holds its resource) satisfies every term.
    public func matches(_ span: Span, in snapshot: Snapshot) -> Bool {
        let single = Snapshot(resources: snapshot.resources, spans: [span])
        return FilterEvaluator(self, snapshot: single).matches(spanAt: 0)
    }

    /// Whether at least one span of `trace` satisfies every term. `trace` must have been
    /// assembled from `snapshot` (its span range indexes `snapshot.spans`).
    public func matches(trace: TraceSummary, in snapshot: Snapshot) -> Bool {
        FilterEvaluator(self, snapshot: snapshot).matches(spansIn: trace.spanRange)
    }
}
