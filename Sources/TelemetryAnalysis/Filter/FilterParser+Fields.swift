import TelemetryModel
import Vocabulary

/// Resolving a parsed key and value to a typed test (DESIGN §1): span fields first, then
/// attributes; field values (status, kind, trace id, duration) are checked here so that a
/// mistyped value is an error with its position rather than a filter that silently keeps nothing.
extension FilterParser {
    /// The span fields a bare key can name. They win over attributes of the same name.
    enum Field: String, CaseIterable {
        case service, name, duration, status, kind, trace, traceId

        /// An example comparison, for hints in error messages.
        var example: String {
            switch self {
            case .service: return "service=frontend"
            case .name: return "name=\"GET /api\""
            case .duration: return "duration>250ms"
            case .status: return "status=error"
            case .kind: return "kind=server"
            case .trace, .traceId: return "\(rawValue)=4bf92f3577b34da6a3ce929d0e0e4736"
            }
        }
    }

    /// The prefix that makes a bare key an attribute key even when it names a field.
    static let attributePrefix = "attr."

    /// An exists (`key`) or not-exists (`!key`) term.
    static func resolve(_ key: Key, operation: FilterAttributeTest.Operation, termPosition: Int) throws(FilterError) -> FilterTerm {
        if let field = field(named: key) {
            throw FilterError(
                position: termPosition,
                message:
                    "'\(field.rawValue)' is a span field that every span has: compare it, e.g. \(field.example), or write attr.\(field.rawValue) for an attribute"
            )
        }
        let test = FilterAttributeTest(operation: operation, literal: .none)
        return FilterTerm(attributeKey: try attributeKey(key), test, position: termPosition)
    }

    /// A comparison term.
    static func resolve(
        _ key: Key, comparison: FilterTerm.Comparison, value: Value,
        operatorPosition: Int, termPosition: Int
    ) throws(FilterError) -> FilterTerm {
        guard let field = field(named: key) else {
            let literal = FilterAttributeTest.Literal(text: value.text, isQuoted: value.isQuoted)
            if comparison.isOrdering && literal.double == nil {
                let found = value.isQuoted ? "quoted text" : "'\(value.text)'"
                throw FilterError(position: value.position, message: "expected a number after '\(comparison.rawValue)', found \(found)")
            }
            let test = FilterAttributeTest(operation: .compare(comparison), literal: literal)
            return FilterTerm(attributeKey: try attributeKey(key), test, position: termPosition)
        }
        if field == .duration {
            let nanos = try durationNanos(value)
            return FilterTerm(test: .duration(comparison, nanos: nanos), position: termPosition)
        }
        guard !comparison.isOrdering else {
            throw FilterError(
                position: operatorPosition,
                message: "operator '\(comparison.rawValue)' does not apply to '\(key.text)': use = or !=")
        }
        let equal = comparison == .equal
        let test: FilterTerm.Test
        switch field {
        case .service: return FilterTerm(test: .service(equal: equal), text: value.text, position: termPosition)
        case .name: return FilterTerm(test: .name(equal: equal), text: value.text, position: termPosition)
        case .status:
            let statuses = [StatusCode.unset, .ok, .error]
            guard let status = statuses.first(where: { $0.name == value.text }) else {
                throw FilterError(
                    position: value.position,
                    message: "unknown status '\(value.text)': expected error, ok or unset"
                        + caseHint(value.text, names: statuses.map(\.name)))
            }
            test = .status(status, equal: equal)
        case .kind:
            guard let kind = SpanKind.allCases.first(where: { $0.name == value.text }) else {
                throw FilterError(
                    position: value.position,
                    message: "unknown span kind '\(value.text)': expected server, client, internal, producer, consumer or unspecified"
                        + caseHint(value.text, names: SpanKind.allCases.map(\.name)))
            }
            test = .kind(kind, equal: equal)
        case .trace, .traceId:
            guard let id = TraceIDMatch(hex: value.text) else {
                throw FilterError(position: value.position, message: "trace id '\(value.text)': expected 1 to 32 hex digits")
            }
            test = .trace(id, equal: equal)
        case .duration:
            preconditionFailure("handled above")
        }
        return FilterTerm(test: test, position: termPosition)
    }

    /// Status and kind names compare exactly, as every other value does (`service=Frontend`
    /// finds nothing where `service=frontend` does): a name that differs only in case is an error
    /// that names the spelling to use, never a silent match or a silent miss.
    private static func caseHint(_ text: String, names: [String]) -> String {
        guard let name = names.first(where: { $0 == text.lowercased() }) else { return "" }
        return " (values compare case-sensitively, as attribute values do: write \(name))"
    }

    private static func field(named key: Key) -> Field? {
        key.isQuoted ? nil : Field(rawValue: key.text)
    }

    /// The attribute key a written key names: a quoted key as it is, a bare key without `attr.`.
    private static func attributeKey(_ key: Key) throws(FilterError) -> String {
        guard !key.isQuoted, key.text.hasPrefix(attributePrefix) else { return key.text }
        let rest = String(key.text.dropFirst(attributePrefix.count))
        if rest.isEmpty {
            throw FilterError(position: key.position + attributePrefix.count, message: "expected an attribute key after 'attr.'")
        }
        return rest
    }

    /// A duration value in nanoseconds (DESIGN §1: `250ms`, `1.5s`; a plain number is
    /// milliseconds), read by the one duration reader in the filter language's dialect.
    static func durationNanos(_ value: Value) throws(FilterError) -> Int64 {
        do {
            return try DurationText.nanoseconds(value.text, .filterValue)
        } catch .tooLarge {
            throw FilterError(position: value.position, message: "duration value '\(value.text)' is too large")
        } catch {
            throw FilterError(
                position: value.position,
                message: "duration value '\(value.text)': expected a number with unit ns, us, ms, s, m or h")
        }
    }
}
