/// The kind of the next JSON value, as seen from its first byte (RFC 8259 §3).
public enum JSONValueKind: Hashable, Sendable {
    case object, array, string, number, bool, null

    /// The name used in "expected …, found …" messages.
    public var name: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}
