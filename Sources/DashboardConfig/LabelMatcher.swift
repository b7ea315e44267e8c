/// One label matcher of a metric panel's `match:` mapping, with PromQL's four operators, so a
/// selector written for Prometheus reads the same here: `value` (equal), `"!=value"`,
/// `"=~regex"`, `"!~regex"`. Regexes are fully anchored, as in PromQL. A label the series does
/// not have counts as the empty string, again as in PromQL.
public struct LabelMatcher: Sendable, Equatable {
    public enum Operator: String, Sendable {
        case equal = "=", notEqual = "!=", matchesRegex = "=~", notMatchesRegex = "!~"
    }

    public var label: String
    public var op: Operator
    /// The value or pattern, possibly with a `{service}` placeholder.
    public var value: String

    public init(label: String, op: Operator, value: String) {
        self.label = label
        self.op = op
        self.value = value
    }

    /// Reads the YAML value form: a leading `!=`, `=~` or `!~` picks the operator; anything
    /// else is an exact value. Returns an error message when a regex does not compile.
    public static func parse(label: String, text: String) -> Result<LabelMatcher, MatcherError> {
        var op = Operator.equal
        var value = Substring(text)
        for candidate in [Operator.notEqual, .matchesRegex, .notMatchesRegex] where text.hasPrefix(candidate.rawValue) {
            op = candidate
            value = text.dropFirst(2)
        }
        let matcher = LabelMatcher(label: label, op: op, value: String(value))
        if op == .matchesRegex || op == .notMatchesRegex {
            // `{service}` is filled in later; check the pattern with a plain word in its place.
            let probe = Placeholders.expand(matcher.value, values: ["service": "x"])
            do { _ = try Regex(probe) } catch {
                return .failure(MatcherError(message: "'\(matcher.value)' is not a valid regular expression"))
            }
        }
        return .success(matcher)
    }

    /// The matcher with `{service}` filled in.
    public func expanded(service: String?) -> LabelMatcher {
        var copy = self
        copy.value = Placeholders.expand(value, values: ["service": service])
        return copy
    }

    /// A compiled form for evaluation (a regex is compiled once per panel, not per series).
    public func compiled() -> (String) -> Bool {
        switch op {
        case .equal:
            let v = value
            return { $0 == v }
        case .notEqual:
            let v = value
            return { $0 != v }
        case .matchesRegex, .notMatchesRegex:
            let negate = op == .notMatchesRegex
            guard let regex = try? Regex(value) else { return { _ in negate } }
            return { (try? regex.wholeMatch(in: $0)) != nil ? !negate : negate }
        }
    }

    /// PromQL selector text: `label="value"`, `label=~"regex"`.
    public var promQL: String { "\(label)\(op.rawValue)\"\(value)\"" }

    /// Why a matcher could not be read.
    public struct MatcherError: Error, Sendable, Equatable {
        public var message: String
    }
}
