import TelemetryModel

/// One term of a filter expression (DESIGN §1) after parsing: its key resolved once to a span
/// field or an attribute key, and its value converted to the type it is compared as, so that
/// evaluating the term over millions of spans does no parsing, no field-name lookup and no
/// allocation.
///
/// Strings live in stored properties, not in `Test`'s payloads, and evaluation reads terms and
/// spans through pointers: binding a payload or copying a `Span` retains its strings and
/// arrays, which (measured on 2 million spans) cost ten times more than the comparisons.
struct FilterTerm: Sendable {
    /// How a span's value is compared with the term's value.
    enum Comparison: String, Sendable {
        case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

        /// Whether this is one of `>`, `>=`, `<`, `<=`, which need numbers.
        var isOrdering: Bool { self != .equal && self != .notEqual }

        /// `lhs <op> rhs`.
        @inline(__always)
        func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
            switch self {
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            case .greater: return lhs > rhs
            case .greaterOrEqual: return lhs >= rhs
            case .less: return lhs < rhs
            case .lessOrEqual: return lhs <= rhs
            }
        }
    }

    /// The resolved test. Fields win over attributes of the same name (DESIGN §1); `equal`
    /// is false for `!=`.
    enum Test: Sendable {
        /// The span's service, compared with `text`: its resource's `service.name`,
        /// `unknown_service` when absent (DESIGN §4).
        case service(equal: Bool)
        /// The span's name, compared with `text`.
        case name(equal: Bool)
        case duration(Comparison, nanos: Int64)
        case status(StatusCode, equal: Bool)
        case kind(SpanKind, equal: Bool)
        case trace(TraceIDMatch, equal: Bool)
        /// The span attribute with key `text`, else the resource attribute with that key,
        /// tested by `attributeTest`.
        case attribute
    }

    var test: Test
    /// The service or span name compared with, or the attribute key.
    var text: String
    /// `text.utf8.count`: attribute keys of another length are skipped without comparing text.
    var textLength: Int
    var attributeTest: FilterAttributeTest
    /// 1-based character position where the term starts in the expression.
    var position: Int

    init(test: Test, text: String = "", position: Int) {
        self.test = test
        self.text = text
        self.textLength = text.utf8.count
        self.attributeTest = FilterAttributeTest(operation: .exists, literal: .none)
        self.position = position
    }

    init(attributeKey: String, _ attributeTest: FilterAttributeTest, position: Int) {
        self.init(test: .attribute, text: attributeKey, position: position)
        self.attributeTest = attributeTest
    }

    /// Whether span `i` of `spans` satisfies the term. `textID` is the table's id of `text`
    /// (nil when the table lacks it: then no name or key equals it). `resourceResult` gives the
    /// term's result as decided by the span's resource alone (for `service`, and for an
    /// attribute the span lacks); a `FilterEvaluator` answers it from a table built once.
    @inline(__always)
    func matches(_ i: Int, in spans: SpanTable, textID: UInt32?, resourceResult: () -> Bool) -> Bool {
        switch test {
        case .service: return resourceResult()
        case .name(let equal): return (textID != nil && spans.nameIDs[i] == textID!) == equal
        case .duration(let comparison, let nanos): return comparison.holds(spans.durationNanos(at: i), nanos)
        case .status(let status, let equal): return (spans.statuses[i] == status) == equal
        case .kind(let kind, let equal): return (spans.kinds[i] == kind) == equal
        case .trace(let id, let equal): return id.matches(spans.traceIDs[i]) == equal
        case .attribute:
            // Span attributes take precedence over resource attributes with the same key.
            guard let key = textID, let stored = spans.storedAttribute(key, at: i) else { return resourceResult() }
            return attributeTest.matches(stored, in: spans)
        }
    }

    /// The term's result for a span of this resource when the span itself does not decide it:
    /// the service test, or an attribute test whose key the span lacks. Other tests never ask.
    func matches(resource: Resource) -> Bool {
        switch test {
        case .service(let equal): return (resource.serviceName == text) == equal
        case .attribute: return attributeTest.matches(resource.attributes[key: text])
        case .name, .duration, .status, .kind, .trace: return true
        }
    }
}
