import TelemetryModel

/// How a filter term tests an attribute value (DESIGN §1: values compare by type).
///
/// - `=` on a string attribute compares the text exactly; on an int or double attribute it
///   compares numbers (`200`, `200.0` and `2e2` all equal int 200); on a bool attribute the
///   value must be `true` or `false`; bytes, arrays and kvlists compare their display text.
/// - A quoted value (`key="a b"`) is text: it equals only string attributes (and bytes, arrays,
///   kvlists by display text), never a number or a bool.
/// - `>`, `>=`, `<`, `<=` need an unquoted number and compare numerically with int and double
///   attributes, and with string attributes whose whole text is a decimal number (Zipkin tags and
///   some exporters carry numbers as strings); any other value does not match.
/// - A key that is absent (from the span and its resource) matches only `!key`: `key=v`,
///   `key>n` and also `key!=v` are false. `key!=v` means "the span has the key and its value
///   differs", as in Jaeger's and OpenSearch's tag search, so `http.status_code!=200` does not
///   select spans that are not HTTP spans at all.
struct FilterAttributeTest: Sendable {
    enum Operation: Sendable {
        case exists, notExists
        case compare(FilterTerm.Comparison)
    }

    /// A term's value, converted once to every type it may be compared as.
    struct Literal: Sendable {
        var text: String
        var isQuoted: Bool
        var bool: Bool?
        var int: Int64?
        /// Set whenever `int` is set, and for any other decimal number.
        var double: Double?

        init(text: String, isQuoted: Bool) {
            self.text = text
            self.isQuoted = isQuoted
            guard !isQuoted else { return }
            bool = text == "true" ? true : text == "false" ? false : nil
            double = Self.decimalNumber(text)
            int = double == nil ? nil : Int64(text)
        }

        static let none = Literal(text: "", isQuoted: true)

        /// The value of a plain decimal number (`-12`, `3.5`, `1e3`), nil for anything else.
        /// Stricter than `Double(_:)`, which also accepts `nan`, `inf` and hexadecimal floats.
        static func decimalNumber(_ text: String) -> Double? {
            var mantissaDigits = 0, exponentDigits = 0
            var sawPoint = false, sawExponent = false
            var previous: UInt8 = 0
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if sawExponent { exponentDigits += 1 } else { mantissaDigits += 1 }
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    // A sign only leads the number or the exponent.
                    guard previous == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
                case UInt8(ascii: "."):
                    guard !sawPoint, !sawExponent else { return nil }
                    sawPoint = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    guard mantissaDigits > 0, !sawExponent else { return nil }
                    sawExponent = true
                default:
                    return nil
                }
                previous = byte
            }
            guard mantissaDigits > 0, !sawExponent || exponentDigits > 0 else { return nil }
            return Double(text)
        }
    }

    var operation: Operation
    var literal: Literal

    /// Whether a value satisfies the test; nil is an absent key.
    @inline(__always)
    func matches(_ value: AttributeValue?) -> Bool {
        guard let value else {
            if case .notExists = operation { return true }
            return false
        }
        switch operation {
        case .exists: return true
        case .notExists: return false
        case .compare(.equal): return equals(value)
        case .compare(.notEqual): return !equals(value)
        case .compare(let comparison): return orders(value, comparison)
        }
    }

    /// `matches(_:)` for a value as a span table stores it: numbers and bools are tested in
    /// place, a string by the id of the literal's text where that settles it, so a scan over
    /// millions of spans builds no `String`.
    @inline(__always)
    func matches(_ stored: StoredValue, in spans: SpanTable) -> Bool {
        switch (stored, operation) {
        case (_, .exists): return true
        case (_, .notExists): return false
        case (.string(let id), .compare(.equal)): return spans.strings.equals(id, literal.text)
        case (.string(let id), .compare(.notEqual)): return !spans.strings.equals(id, literal.text)
        case (.bool(let b), _): return matches(.bool(b))
        case (.int(let i), _): return matches(.int(i))
        case (.double(let d), _): return matches(.double(d))
        default: return matches(spans.value(stored))
        }
    }

    @inline(__always)
    private func equals(_ value: AttributeValue) -> Bool {
        switch value {
        case .string(let s): return s == literal.text
        case .bool(let b): return literal.bool == b
        case .int(let i):
            if let n = literal.int { return i == n }
            if let d = literal.double { return Double(i) == d }
            return false
        case .double(let d): return literal.double == d
        case .bytes, .array, .kvlist, .empty: return value.displayText == literal.text
        }
    }

    @inline(__always)
    private func orders(_ value: AttributeValue, _ comparison: FilterTerm.Comparison) -> Bool {
        // The parser guarantees a number for ordering comparisons.
        guard let number = literal.double else { return false }
        switch value {
        case .int(let i):
            if let n = literal.int { return comparison.holds(i, n) }
            return comparison.holds(Double(i), number)
        case .double(let d): return comparison.holds(d, number)
        case .string(let s):
            guard let d = Literal.decimalNumber(s) else { return false }
            return comparison.holds(d, number)
        case .bool, .bytes, .array, .kvlist, .empty: return false
        }
    }
}
