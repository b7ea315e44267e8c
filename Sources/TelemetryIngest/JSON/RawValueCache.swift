#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decoded objects by the text they were decoded from, for objects a file repeats verbatim: the
/// resource and scope that a collector writes again on every line, ahead of each batch (with
/// one trace a line, once per five spans). Holds the last `capacity` distinct texts, replaced
/// oldest first: a file names a handful of resources over and over, and a file with thousands
/// only pays a few comparisons that fail within the first differing bytes.
///
/// A file whose resources vary more than the cache holds (the simulated demo writes some 100
/// distinct ones a line) would only pay for the comparisons and copies: after 256 lookups, the
/// cache stops looking when fewer than a quarter found their text, and decoding goes on as if
/// it were not there.
struct RawValueCache<Value> {
    private var texts: [[UInt8]] = []
    private var values: [Value] = []
    private var next = 0
    private var lookups = 0, hits = 0
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    /// Whether the cache is still worth looking in.
    var isUseful: Bool { lookups < 256 || hits * 4 >= lookups }

    /// The cached text that `bytes[from..<to]` begins with, by its length, and its value.
    mutating func match(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (length: Int, value: Value)? {
        guard isUseful, let base = bytes.baseAddress else { return nil }
        lookups += 1
        for (k, text) in texts.enumerated() where text.count <= to - from {
            if text.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base + from, text.count) }) == 0 {
                hits += 1
                return (text.count, values[k])
            }
        }
        return nil
    }

    /// Remembers `value` as decoded from `text`, in place of the oldest when full. Only an
    /// object's text (after any whitespace) is kept: an object ends at its closing brace, so
    /// bytes that begin with the text hold that object and nothing else; a number's text
    /// (`12` of `123`) would not.
    mutating func insert(_ text: UnsafeBufferPointer<UInt8>, _ value: Value) {
        guard isUseful, let first = text.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
            first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}")
        else { return }
        if texts.count < capacity {
            texts.append(Array(text))
            values.append(value)
        } else {
            texts[next] = Array(text)
            values[next] = value
            next = (next + 1) % capacity
        }
    }
}
