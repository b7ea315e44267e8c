import Vocabulary

/// The values of an attribute arena by column: a one-byte kind and an eight-byte payload each
/// (issue 7, memory).
///
/// `StoredValue` is an enum with a 64-bit payload, so an array of it takes 16 bytes an entry, 7
/// of them padding: at 6 million attributes (2 million spans) that was 43 MB of nothing, and the
/// span sort's scratch buffer, sized for the largest column, was the values' 98 MB. Split, an
/// entry takes 9 bytes and the largest arena column 8. Entries read and write as `StoredValue`,
/// so code reading `values[j]` is unchanged.
public struct StoredValues: RandomAccessCollection, MutableCollection, Equatable, Sendable {
    /// Which case each entry is (`StoredValue.kindCode`).
    public var kinds: [UInt8] = []
    /// Each entry's payload: a string or side-list id, a bool as 0/1, an integer's or a double's
    /// bit pattern; 0 for `.empty`.
    public var payloads: [UInt64] = []

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == StoredValue {
        append(contentsOf: values)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { kinds.count }

    @inlinable
    public subscript(i: Int) -> StoredValue {
        get { StoredValue(kindCode: kinds[i], payload: payloads[i]) }
        set {
            kinds[i] = newValue.kindCode
            payloads[i] = newValue.payload
        }
    }

    public mutating func reserveCapacity(_ n: Int) {
        kinds.reserveCapacity(n)
        payloads.reserveCapacity(n)
    }

    @inlinable
    public mutating func append(_ value: StoredValue) {
        kinds.append(value.kindCode)
        payloads.append(value.payload)
    }

    /// Appends another table's values, their string ids mapped through `stringMap` and their
    /// side-list indexes moved past `otherBase` (merging span tables). Both columns are copied
    /// whole and the payloads then fixed in place: two tight loops instead of two appends, each
    /// checking capacity and uniqueness, per entry.
    public mutating func append(contentsOf other: StoredValues, stringMap: [UInt32], otherBase: UInt32) {
        let first = kinds.count
        kinds.append(contentsOf: other.kinds)
        payloads.append(contentsOf: other.payloads)
        let stringCode = StoredValue.string(0).kindCode, otherCode = StoredValue.other(0).kindCode
        kinds.withUnsafeBufferPointer { kinds in
            stringMap.withUnsafeBufferPointer { map in
                payloads.withUnsafeMutableBufferPointer { payloads in
                    for i in first..<payloads.count {
                        let kind = kinds[i]
                        if kind == stringCode {
                            payloads[i] = UInt64(map[Int(truncatingIfNeeded: payloads[i])])
                        } else if kind == otherCode {
                            payloads[i] = UInt64(UInt32(truncatingIfNeeded: payloads[i]) + otherBase)
                        }
                    }
                }
            }
        }
    }

    public mutating func append<S: Sequence>(contentsOf values: S) where S.Element == StoredValue {
        let more = values.underestimatedCount
        kinds.reserveForAppending(more)
        payloads.reserveForAppending(more)
        for value in values { append(value) }
    }
}

extension StoredValue {
    /// The value a kind code and payload of `StoredValues` stand for.
    @inlinable
    public init(kindCode: UInt8, payload: UInt64) {
        switch kindCode {
        case 0: self = .string(UInt32(truncatingIfNeeded: payload))
        case 1: self = .bool(payload != 0)
        case 2: self = .int(Int64(bitPattern: payload))
        case 3: self = .double(Double(bitPattern: payload))
        case 4: self = .other(UInt32(truncatingIfNeeded: payload))
        default: self = .empty
        }
    }

    /// The case as `StoredValues` stores it.
    @inlinable
    public var kindCode: UInt8 {
        switch self {
        case .string: return 0
        case .bool: return 1
        case .int: return 2
        case .double: return 3
        case .other: return 4
        case .empty: return 5
        }
    }

    /// The payload as `StoredValues` stores it (a double by its bits, so NaNs keep theirs).
    @inlinable
    public var payload: UInt64 {
        switch self {
        case .string(let id): return UInt64(id)
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return UInt64(bitPattern: i)
        case .double(let d): return d.bitPattern
        case .other(let i): return UInt64(i)
        case .empty: return 0
        }
    }
}
