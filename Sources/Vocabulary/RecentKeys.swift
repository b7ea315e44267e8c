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
        if Key.self is any SameBitsAreEqual.Type {
            // Every remembered key is tried by its bits before any is compared by its contents,
            // which for each different string went through the standard library's comparison
            // (60–70 instructions; about a million in a 500k-span render).
            for i in keys.indices where Self.sameBits(keys[i], key) { return values[i] }
        }
        for i in keys.indices where keys[i] == key { return values[i] }
        return nil
    }

    /// Whether `a` and `b` are the same bytes in place (words first). Bytes that differ only in
    /// a struct's padding make this false, and the caller then compares contents: never wrong,
    /// only slower.
    @inlinable
    static func sameBits(_ a: Key, _ b: Key) -> Bool {
        withUnsafeBytes(of: a) { x in
            withUnsafeBytes(of: b) { y in
                var i = 0
                while i + 8 <= x.count {
                    guard x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self) else {
                        return false
                    }
                    i += 8
                }
                while i < x.count {
                    guard x[i] == y[i] else { return false }
                    i += 1
                }
                return true
            }
        }
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

/// Keys that are equal whenever their bytes in place are the same: a string (one shared
/// storage, or the same short text held in place), an array (one shared buffer), and structs
/// made only of such. `RecentKeys` compares these by their bytes before their contents; a type
/// whose equal values may differ in bytes is fine (the contents are compared next), but one
/// whose same bytes may be unequal (a floating-point NaN) must not conform.
public protocol SameBitsAreEqual {}

extension String: SameBitsAreEqual {}
extension Array: SameBitsAreEqual {}
