/// An object key as compact JSON writes it, quotes and colon included (`"traceId":`), kept as
/// the machine words `JSONReader.nextKey(guess:guessed:_:)` compares the input with.
///
/// Why: a span of a collector's file has nine keys and each attribute three, always in the same
/// order and spelling, and finding each key's end, matching its bytes and then its `:` was
/// about a fifth of the decoding's samples (issue 7). When the bytes at a key's opening quote
/// are exactly these, they are this key — a key with an escape, other spacing or another name
/// differs in some byte — so the reader can take it with two or three word comparisons and
/// fall back to reading the key whenever the guess is wrong.
public struct CompactKey: Sendable {
    /// The bytes' count: 6 to 24 (a name of 3 to 21 bytes, without `"` or `\`).
    let count: Int
    /// Bytes [0, 8), [8, 16) and [count − 8, count) as little-endian words, for 8 bytes or more;
    /// below that, bytes [0, 4) and [count − 4, count) in `first` and `last`.
    let first: UInt64, middle: UInt64, last: UInt64

    public init(_ name: StaticString) {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes += UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        bytes += [UInt8(ascii: "\""), UInt8(ascii: ":")]
        precondition((6...24).contains(bytes.count), "a compact key is 6 to 24 bytes")
        precondition(!bytes[1..<(bytes.count - 2)].contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        count = bytes.count
        func word(_ at: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        if count >= 8 {
            (first, middle, last) = (word(0, 8), count > 16 ? word(8, 8) : 0, word(count - 8, 8))
        } else {
            (first, middle, last) = (word(0, 4), 0, word(count - 4, 4))
        }
    }

    /// A key no input holds (longer than any input can be): a guess that always fails, for a
    /// name too long to have a compact form (`MemberNames`).
    static let never = CompactKey(count: .max, first: 0, middle: 0, last: 0)

    private init(count: Int, first: UInt64, middle: UInt64, last: UInt64) {
        (self.count, self.first, self.middle, self.last) = (count, first, middle, last)
    }

    /// Whether `base[0..<count]` are this key's bytes; the caller checks that they are there.
    @inline(__always)
    func matches(_ base: UnsafeRawPointer) -> Bool {
        if count >= 8 {
            return base.loadUnaligned(as: UInt64.self) == first
                && base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == last
                && (count <= 16 || base.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == middle)
        }
        return UInt64(base.loadUnaligned(as: UInt32.self)) == first
            && UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) == last
    }
}
