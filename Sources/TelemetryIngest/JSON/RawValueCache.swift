#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decoded values by the bytes they were decoded from, for values a file repeats verbatim: the
/// resource and scope that a collector writes again on every line, ahead of each batch (with
/// one trace a line, once per five spans). Holds the last `capacity` distinct texts, replaced
/// oldest first: a file names a handful of resources over and over, and a file with thousands
/// only pays a few failed length comparisons for each.
struct RawValueCache<Value> {
    private var texts: [[UInt8]] = []
    private var values: [Value] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    /// The value decoded from exactly these bytes, if cached.
    func value(for raw: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let base = raw.baseAddress else { return nil }
        for (k, text) in texts.enumerated() where text.count == raw.count {
            if text.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, raw.count) }) == 0 { return values[k] }
        }
        return nil
    }

    /// Remembers `value` as decoded from `raw`, in place of the oldest when full.
    mutating func insert(_ raw: UnsafeBufferPointer<UInt8>, _ value: Value) {
        guard !raw.isEmpty else { return }
        if texts.count < capacity {
            texts.append(Array(raw))
            values.append(value)
        } else {
            texts[next] = Array(raw)
            values[next] = value
            next = (next + 1) % capacity
        }
    }
}
