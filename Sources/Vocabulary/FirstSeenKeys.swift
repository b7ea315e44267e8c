/// Keys numbered in the order they are first met: `slot(of:)` gives a key's number, adding it
/// when it is new. The passes that group every trace by its root service, operation or service
/// list share it; the last few keys are tried before the dictionary (`RecentKeys`), since a
/// snapshot has a handful of each and hashing the same strings once per trace was about 6% of a
/// 500k-span render's CPU (issue 7). Inlinable, so that each use is specialized for its key type.
public struct FirstSeenKeys<Key: Hashable> {
    @usableFromInline var met: [Key] = []
    @usableFromInline var slots: [Key: Int] = [:]
    @usableFromInline var recent = RecentKeys<Key, Int>()

    @inlinable
    public init() {}

    /// The keys met so far, in the order first met: `keys[slot(of: k).slot] == k`.
    @inlinable
    public var keys: [Key] { met }

    @inlinable
    public var count: Int { met.count }

    /// `key`'s number, and whether it was new (then it is `count - 1`).
    @inlinable
    public mutating func slot(of key: Key) -> (slot: Int, isNew: Bool) {
        if let known = existingSlot(of: key) { return (known, false) }
        slots[key] = met.count
        met.append(key)
        return (met.count - 1, true)
    }

    /// `key`'s number, or nil when it was never met.
    @inlinable
    public mutating func existingSlot(of key: Key) -> Int? {
        slots.value(for: key, recent: &recent)
    }
}
