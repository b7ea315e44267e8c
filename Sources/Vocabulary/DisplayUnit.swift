/// A unit a number is written in: divide by `factor`, then append `suffix`.
public struct DisplayUnit: Sendable, Equatable {
    public var factor: Double
    public var suffix: String
    public var separator: String

    public func attach(_ digits: String) -> String {
        suffix.isEmpty ? digits : digits + separator + suffix
    }
}
