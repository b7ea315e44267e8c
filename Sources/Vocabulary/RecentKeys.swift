/// The last few keys looked up and their values, asked before a `Dictionary`: the passes over
/// every trace key by its root service, root operation or service list, of which a snapshot has
/// a handful, and hashing the same few strings once per trace (SipHash through `Hasher`) was
/// about 6% of a 500k-span render's CPU (issue 7). Comparing a key with a remembered one is
/// cheap when it is the same value: strings and arrays that share storage (the analysis hands
/// every trace of a service the same strings and lists) compare by identity first, and short
/// strings as two words.
///
/// The answers are the dictionary's: a key is found here only when it is `==` to a remembered
/// one, which is what the dictionary would match; the caller keeps the dictionary for the rest.
/// Inlinable, so that each use is specialized for its key type.
public struct RecentKeys<Key: Equatable, Value> {
    /// How many keys are remembered; past this the oldest is replaced.
    public static var capacity: Int { 8 }

    @usableFromInline var keys: [Key] = []
    @usableFromInline var values: [Value] = []
    @usableFromInline var oldest = 0

    @inlinable
    public init() {
        keys.reserveCapacity(Self.capacity)
        values.reserveCapacity(Self.capacity)
    }

    /// The value remembered for `key`, if it is one of the last `capacity` remembered.
    @inlinable
    public func value(for key: Key) -> Value? {
        for i in keys.indices where keys[i] == key { return values[i] }
        return nil
    }

    /// Remembers `value` for `key` (which `value(for:)` did not find).
    @inlinable
    public mutating func remember(_ key: Key, _ value: Value) {
        if keys.count < Self.capacity {
            keys.append(key)
            values.append(value)
        } else {
            keys[oldest] = key
            values[oldest] = value
            oldest = (oldest + 1) % Self.capacity
        }
    }
}

extension Dictionary {
    /// `self[key]`, asking `recent` first and remembering what the dictionary answered.
    @inlinable
    public func value(for key: Key, recent: inout RecentKeys<Key, Value>) -> Value? {
        if let known = recent.value(for: key) { return known }
        guard let found = self[key] else { return nil }
        recent.remember(key, found)
        return found
    }
}
