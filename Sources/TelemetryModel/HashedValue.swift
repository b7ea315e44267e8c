/// A value with its hash worked out once, for a value that is interned again and again into
/// dictionaries that start empty: a collector's file is decoded in runs of a few lines, each
/// into a `SnapshotBuilder` of its own, and a resource whose text repeats is decoded once
/// (`RawValueCache`) but met as new by every run's builder, which hashed each of its strings
/// again (60 pods of 15 attributes: 23,100 resources hashed in 385 runs; issue 7).
///
/// Equal values have equal hashes within a process, so comparing the hashes first gives the
/// answers `==` gives (a value holding a NaN stays unequal to itself).
public struct HashedValue<Value: Hashable>: Hashable {
    public let value: Value
    public let hash: Int

    public init(_ value: Value) {
        self.value = value
        hash = value.hashValue
    }

    public static func == (a: Self, b: Self) -> Bool { a.hash == b.hash && a.value == b.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

extension HashedValue: Sendable where Value: Sendable {}
