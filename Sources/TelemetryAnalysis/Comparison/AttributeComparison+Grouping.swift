import TelemetryModel
import Vocabulary

/// Grouping an operation's spans and their attribute values for comparison: operations by integer
/// keys, and what one pass learns about a key's values.
extension AttributeComparison {
    /// The span indexes of each operation (service and span name), in table order; grouped by
    /// integer keys (the service's index, the name's string id), then named.
    /// `only`: just these operations. `limit`: each operation's first `limit` spans.
    /// Why both: the findings want the spans of a few operations and the report's usual values
    /// the first 20,000 of each; grouping every span for them was two more full passes, each
    /// appending millions of indexes into growing lists (2M spans: about 1% of the run each;
    /// issue 7).
    public static func spansByOperation(
        _ snapshot: Snapshot, services: Set<String>? = nil, only wanted: Set<OperationKey>? = nil, limit: Int = .max
    ) -> [OperationKey: [Int]] {
        let spans = snapshot.spans
        // Services by their numbers among the distinct names (`ServiceNameTable`, as the trace
        // summaries' root operations are keyed), each resource's checked against `services`
        // once; a span whose resource index is out of range belongs to `unknown_service`.
        let table = snapshot.serviceNamesByResource
        let serviceOfResource: [UInt32?] = table.names.indices.map { r in
            services.map { $0.contains(table.names[r]) } ?? true ? table.number(Int32(r)) : nil
        }
        let unknown: UInt32? = services.map { $0.contains("unknown_service") } ?? true ? table.number(-1) : nil
        // Each span's (service, name) key, one 64-bit word, finds its list through an
        // `IntegerMap` rather than a dictionary: a few dozen operations cover nearly every span,
        // and hashing a key per span was most of this pass (run by the analysis and again by
        // the report).
        var listOfKey = IntegerMap(capacity: 64)
        var keys: [UInt64] = []
        // Each span's list (-1: none) and each list's size, then the lists made at their sizes:
        // appended to as they grew, the lists were copied at every doubling into fresh pages
        // (500k spans: the kernel zeroing those pages was 1.4% of a render's CPU; issue 7).
        var counts: [Int] = []
        // Per list, whether it takes more spans (an operation not wanted, or full, takes none).
        var open: [Bool] = []
        var listOfSpan = [Int32](repeating: -1, count: spans.count)
        for i in spans.indices {
            let r = Int(spans.resourceIndexes[i])
            guard let service = r >= 0 && r < serviceOfResource.count ? serviceOfResource[r] : unknown else { continue }
            let key = UInt64(service) << 32 | UInt64(spans.nameIDs[i])
            let list: Int
            if let known = listOfKey.value(low: key, insertingIfAbsent: Int32(keys.count)) {
                list = Int(known)
            } else {
                list = keys.count
                keys.append(key)
                counts.append(0)
                let isWanted =
                    wanted.map {
                        $0.contains(OperationKey(service: table[Int32(r)], name: spans.strings[spans.nameIDs[i]]))
                    } ?? true
                open.append(isWanted && limit > 0)
            }
            guard open[list] else { continue }
            listOfSpan[i] = Int32(list)
            counts[list] += 1
            if counts[list] >= limit { open[list] = false }
        }
        var lists: [[Int]] = counts.map { n in
            var list: [Int] = []
            list.reserveCapacity(n)
            return list
        }
        for i in listOfSpan.indices where listOfSpan[i] >= 0 { lists[Int(listOfSpan[i])].append(i) }
        // Sized for every operation at once, each list stored without a copy: with a name per
        // request (an id in the span name) there are as many operations as traces, and growing
        // the dictionary rehashed every key's two strings at each doubling (issue 7). Two keys
        // naming one operation (a name the string table holds twice) have their lists joined.
        var result = [OperationKey: [Int]](minimumCapacity: keys.count)
        for (k, key) in keys.enumerated() where wanted == nil || !lists[k].isEmpty {
            let op = OperationKey(service: table[Int32(key >> 32)], name: spans.strings[UInt32(truncatingIfNeeded: key)])
            if let earlier = result.updateValue(lists[k], forKey: op) { result[op] = earlier + lists[k] }
        }
        return result
    }

    /// The spans of an operation that carry one key, as positions in the operation's span list,
    /// with the value of each: 13 bytes an entry (a 32-bit position and a value as `StoredValues`
    /// keeps it) where a tuple of an `Int` and a `StoredValue` took 24. An operation's spans are
    /// compared on two cores at once, and at 2 million spans these lists were the analysis
    /// phase's largest temporaries (issue 7, memory).
    struct PresentValues: Sequence {
        private(set) var positions: [Int32] = []
        private(set) var values = StoredValues()

        init() {}

        init(capacity: Int) {
            positions.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        var count: Int { positions.count }
        var lastPosition: Int? { positions.last.map(Int.init) }

        mutating func append(position: Int, value: StoredValue) {
            positions.append(Int32(position))
            values.append(value)
        }

        func makeIterator() -> Iterator { Iterator(list: self) }

        struct Iterator: IteratorProtocol {
            let list: PresentValues
            var k = 0

            mutating func next() -> (position: Int, value: StoredValue)? {
                guard k < list.positions.count else { return nil }
                defer { k += 1 }
                return (Int(list.positions[k]), list.values[k])
            }
        }
    }

    /// One key's values at every position of an operation's spans: those read from the span's
    /// own attributes (`direct`), and for a span that replayed a recorded list
    /// (`listOf[position]`, -1 for none), that list's value of the key (`valueIn`, nil where the
    /// list lacks it). The same pairs, in the same order, as a `PresentValues` the replayed
    /// values had been appended to.
    struct ReplayedValues {
        let direct: PresentValues
        let listOf: [Int32]
        let valueIn: [StoredValue?]

        /// `body(position, value, list)` for each position holding a value, in position order;
        /// `list` is the recorded list it came from, nil for a value read directly.
        func forEach(_ body: (_ position: Int, _ value: StoredValue, _ list: Int?) -> Void) {
            var nextDirect = 0
            for position in listOf.indices {
                let list = Int(listOf[position])
                if list >= 0 {
                    if let value = valueIn[list] { body(position, value, list) }
                } else if nextDirect < direct.count && Int(direct.positions[nextDirect]) == position {
                    body(position, direct.values[nextDirect], nil)
                    nextDirect += 1
                }
            }
        }
    }

    /// What one pass learns about a key's values.
    struct KeyStats {
        var present = 0
        var allNumeric = true
        /// Distinct values as stored: a string id stands for one string, so this counts what a
        /// set of `AttributeValue`s would; nested values (rare) are compared as values.
        var distinct = Set<StoredValue>()
        var distinctNested = Set<AttributeValue>()
        var overflow = false
        /// The first few distinct values, searched before the set: most keys have a handful of
        /// values, and comparing a few enums is cheaper than hashing one per span.
        var few: [StoredValue] = []

        var distinctCount: Int { few.count + distinct.count + distinctNested.count }

        mutating func add(_ value: StoredValue, in spans: SpanTable) {
            present += 1
            switch value {
            case .int, .double: break
            default: allNumeric = false
            }
            guard !overflow else { return }
            if case .other = value {
                distinctNested.insert(spans.value(value))
            } else if !few.contains(value) {
                if few.count < 16 && distinct.isEmpty { few.append(value) } else { distinct.insert(value) }
            }
            if distinctCount > 1000 {
                overflow = true
                distinct = []
                distinctNested = []
                few = []
            }
        }
    }

    /// An operation: a service and a span name.
    public struct OperationKey: Hashable, Sendable {
        public var service: String
        public var name: String

        public init(service: String, name: String) {
            self.service = service
            self.name = name
        }
    }

    /// At most this many attribute keys are compared per operation (those on the most spans).
    public static let maximumKeys = 200
}
