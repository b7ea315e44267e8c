/// A unit a number is written in: divide by `factor`, then append `suffix`.
struct DisplayUnit: Sendable, Equatable {
    var factor: Double
    var suffix: String
    var separator: String

    func attach(_ digits: String) -> String {
        suffix.isEmpty ? digits : digits + separator + suffix
    }
}
