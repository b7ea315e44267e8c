import TelemetryModel

/// One term of a filter expression (DESIGN §1) after parsing: its key resolved once to a span
/// field or an attribute key, and its value converted to the type it is compared as, so that
/// evaluating the term over millions of spans does no parsing, no field-name lookup and no
/// allocation.
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
        /// The span's service: its resource's `service.name`, `unknown_service` when absent (DESIGN §4).
        case service(String, equal: Bool)
        case name(String, equal: Bool)
        case duration(Comparison, nanos: Int64)
        case status(StatusCode, equal: Bool)
        case kind(SpanKind, equal: Bool)
        case trace(TraceID, equal: Bool)
        /// A span attribute, else the resource attribute with the same key.
        case attribute(key: String, FilterAttributeTest)
    }

    var test: Test
    /// 1-based character position where the term starts in the expression.
    var position: Int

    /// Whether the span satisfies the term. `resourceResult` gives the term's result as decided
    /// by the span's resource alone (for `service`, and for an attribute the span lacks); it is
    /// a parameter so that a `FilterEvaluator` can answer it from a table built once per snapshot.
    @inline(__always)
    func matches(_ span: Span, resourceResult: () -> Bool) -> Bool {
        switch test {
        case .service: return resourceResult()
        case .name(let name, let equal): return (span.name == name) == equal
        case .duration(let comparison, let nanos): return comparison.holds(span.durationNanos, nanos)
        case .status(let status, let equal): return (span.status == status) == equal
        case .kind(let kind, let equal): return (span.kind == kind) == equal
        case .trace(let id, let equal): return (span.traceID == id) == equal
        case .attribute(let key, let attributeTest):
            // Span attributes take precedence over resource attributes with the same key.
            for attribute in span.attributes where attribute.key == key {
                return attributeTest.matches(attribute.value)
            }
            return resourceResult()
        }
    }

    /// The term's result for a span of this resource when the span itself does not decide it:
    /// the service test, or an attribute test whose key the span lacks. Other tests never ask.
    func matches(resource: Resource) -> Bool {
        switch test {
        case .service(let name, let equal): return (resource.serviceName == name) == equal
        case .attribute(let key, let attributeTest): return attributeTest.matches(resource.attributes[key: key])
        case .name, .duration, .status, .kind, .trace: return true
        }
    }
}
