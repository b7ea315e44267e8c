/// The attribute value of a span table: the common kinds inline, strings as string-table ids,
/// and the rare nested kinds (arrays, kvlists, bytes) as an index into a side list.
public enum StoredValue: Hashable, Sendable {
    case string(UInt32)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case other(UInt32)
    case empty

    /// The equality Swift derives (a double by `Double ==`), written out so that other modules
    /// can inline it: the attribute comparisons test each value against a key's few distinct
    /// ones, and a call per test to the derived one was about 3% of the analysis at 2M spans.
    @inlinable
    public static func == (a: StoredValue, b: StoredValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.other(let x), .other(let y)): return x == y
        case (.empty, .empty): return true
        default: return false
        }
    }
}

/// A contiguous run of entries in one of a span table's shared arenas (attributes, events,
/// links): a span owns its entries by range, so no span holds an array of its own.
public struct ArenaRange: Hashable, Sendable {
    public var start: UInt32
    public var count: UInt32

    public init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }

    public static let empty = ArenaRange(start: 0, count: 0)

    public var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
}

/// Attributes of every span, event and link of a table, one after another.
public struct AttributeArena: Sendable {
    public var keys: [UInt32] = []
    /// By column (`StoredValues`): 9 bytes an entry instead of the enum's 16.
    public var values = StoredValues()
    /// Values of the nested kinds, addressed by `StoredValue.other`.
    public var others: [AttributeValue] = []

    public init() {}

    public var count: Int { keys.count }

    public mutating func reserveCapacity(_ n: Int) {
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    /// Appends `attributes`, interning their strings, and returns their range.
    public mutating func append(_ attributes: [Attribute], strings: inout StringTable) -> ArenaRange {
        let start = UInt32(keys.count)
        for a in attributes {
            keys.append(strings.intern(a.key))
            values.append(store(a.value, strings: &strings))
        }
        return ArenaRange(start: start, count: UInt32(attributes.count))
    }

    public mutating func store(_ value: AttributeValue, strings: inout StringTable) -> StoredValue {
        switch value {
        case .string(let s): return .string(strings.intern(s))
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .empty: return .empty
        case .bytes, .array, .kvlist:
            others.append(value)
            return .other(UInt32(others.count - 1))
        }
    }

    public func value(_ stored: StoredValue, strings: StringTable) -> AttributeValue {
        switch stored {
        case .string(let id): return .string(strings[id])
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .other(let i): return others[Int(i)]
        case .empty: return .empty
        }
    }

    public func attributes(_ range: ArenaRange, strings: StringTable) -> [Attribute] {
        range.range.map { Attribute(key: strings[keys[$0]], value: value(values[$0], strings: strings)) }
    }
}

/// An event of a span table: its attributes live in the table's attribute arena.
public struct StoredEvent: Hashable, Sendable {
    public var timeUnixNano: Int64
    public var name: UInt32
    public var attributes: ArenaRange

    public init(timeUnixNano: Int64, name: UInt32, attributes: ArenaRange) {
        self.timeUnixNano = timeUnixNano
        self.name = name
        self.attributes = attributes
    }
}

/// A link of a span table.
public struct StoredLink: Hashable, Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var attributes: ArenaRange

    public init(traceID: TraceID, spanID: SpanID, attributes: ArenaRange) {
        self.traceID = traceID
        self.spanID = spanID
        self.attributes = attributes
    }
}
