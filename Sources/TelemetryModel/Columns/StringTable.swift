/// Every distinct string of a span table (span names, attribute keys and string values, event
/// names, status messages) stored once and addressed by a 32-bit id.
///
/// A million spans of a handful of operations then hold a million small integers instead of a
/// million `String`s: no reference counting when spans are sorted, copied or filtered, and one
/// comparison of integers where code used to compare text. Id 0 is always the empty string.
public struct StringTable: Sendable {
    public private(set) var strings: [String] = [""]
    private var ids: [String: UInt32] = ["": 0]

    public init() {}

    public var count: Int { strings.count }

    /// The id of `string`, adding it if new.
    @inlinable
    public mutating func intern(_ string: String) -> UInt32 {
        if let id = id(of: string) { return id }
        return append(string)
    }

    @usableFromInline
    mutating func append(_ string: String) -> UInt32 {
        let id = UInt32(strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }

    /// The id of `string` when the table holds it: a filter can then compare ids, and a key the
    /// table lacks matches nothing without scanning a span.
    public func id(of string: String) -> UInt32? { ids[string] }

    public subscript(id: UInt32) -> String { strings[Int(id)] }

    /// Adds every string of `other` and returns, for each of its ids, the id it has here.
    public mutating func merge(_ other: StringTable) -> [UInt32] {
        other.strings.map { intern($0) }
    }
}
