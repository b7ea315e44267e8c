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
    /// An array of objects or arrays made as it is written, member by member, straight into bytes
    /// (`JSONStream`): for a list too large to build as a tree first.
    case members(Members)

    /// The members of `JSONValue.members`: `count` of them, the `k`-th written by `write(k, &stream)`
    /// as one value at the stream's indent.
    public struct Members: Sendable {
        let count: Int
        let write: @Sendable (Int, inout JSONStream) -> Void
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        JSONWriter.write(lhs) == JSONWriter.write(rhs)
    }

    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    public static func double(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number(d)
    }
}
