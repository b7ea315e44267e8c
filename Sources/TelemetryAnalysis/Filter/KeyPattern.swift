/// An attribute-key glob for `--redact`: `*` matches any run of characters (dots included),
/// `?` one character, anything else itself, ignoring ASCII case (attribute keys of headers and
/// secrets are spelled every way: `Authorization`, `authorization`).
public struct KeyPattern: Hashable, Sendable {
    public let text: String
    private let pattern: [UInt8]

    public init(_ text: String) {
        self.text = text
        pattern = Array(text.lowercased().utf8)
    }

    /// Whether `key` matches, by the usual greedy glob walk with one backtrack point per `*`
    /// (linear in practice; never exponential).
    public func matches(_ key: String) -> Bool {
        let s = Array(key.lowercased().utf8)
        var p = 0, i = 0
        var star = -1, mark = 0
        while i < s.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == s[i]) && pattern[p] != UInt8(ascii: "*") {
                p += 1
                i += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = i
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                i = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
