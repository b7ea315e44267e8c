import Vocabulary

/// A JSON value with ordered object keys, so `report.json` is byte-identical across runs.
///
/// Not `indirect`, like `Node` and `AttributeValue`: objects and arrays hold their members in
/// arrays already, and the boxes were a heap allocation for every value.
public enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case int(Int64)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        JSONWriter.write(lhs) == JSONWriter.write(rhs)
    }

    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    public static func double(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number(d)
    }
}
