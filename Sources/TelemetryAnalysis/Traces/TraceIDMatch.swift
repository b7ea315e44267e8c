import TelemetryModel

/// The value of a `trace=` / `traceId=` filter term. It names the trace whose id is the value
/// left-padded with zeros to 32 hex digits (so a 64-bit Jaeger id of 16 digits works), or, when
/// it has 8 to 31 digits, any trace whose 32-digit id starts with it — a prefix copied from a
/// table that shows ids shortened. Eight digits keep a prefix from matching by accident
/// (1 in 4 billion for two random ids).
public struct TraceIDMatch: Sendable, Equatable {
    /// Fewest hex digits that also match as a prefix.
    public static let minimumPrefixDigits = 8

    public let exact: TraceID
    /// The prefix right-padded with zeros, and a mask of its digits; nil when the value is too
    /// short, or a whole 32-digit id.
    let prefix: TraceID?
    let mask: TraceID?

    /// nil unless `hex` is 1 to 32 hex digits.
    public init?(hex: String) {
        guard hex.allSatisfy(\.isHexDigit), let exact = TraceID(hex: hex) else { return nil }
        self.exact = exact
        if hex.count >= Self.minimumPrefixDigits && hex.count < 32 {
            let rest = String(repeating: "0", count: 32 - hex.count)
            prefix = TraceID(hex: hex + rest)
            mask = TraceID(hex: String(repeating: "f", count: hex.count) + rest)
        } else {
            prefix = nil
            mask = nil
        }
    }

    public func matches(_ id: TraceID) -> Bool {
        if id == exact { return true }
        guard let prefix, let mask else { return false }
        return id.high & mask.high == prefix.high && id.low & mask.low == prefix.low
    }
}
