/// Finds a span of one trace by its span id: the **last** span of the trace's range with that id,
/// which is the waterfall's rule for a parent (DESIGN §4: a span hangs under the last span of its
/// trace with its parent id).
///
/// Why one type: the parents and self times (`TraceParents`), the trace summaries (which spans
/// are orphans) and the service map (calls between services) each looked spans up this way,
/// each with its own backward scan for small traces and a `Dictionary` for large ones. On traces
/// of 50 spans the dictionary's hashing (SipHash, a fresh hasher per id) was 2% of a render's
/// CPU in `TraceParents` alone (issue 7). Here a large trace is indexed in an open-addressing
/// table of its own size, refilled for each trace: the ids are random 64-bit numbers, so a
/// multiply and shift spreads them. Ids made to collide (hostile input) cannot make it slow: a
/// probe longer than `probeLimit` sends that trace to a `Dictionary` instead. Which structure
/// answers never changes the answer.
public struct TraceSpanLookup {
    /// Traces up to this many spans are searched backwards instead of indexed.
    public static let scanLimit = 32
    /// The longest probe sequence allowed before a trace is indexed by a `Dictionary` instead.
    static let probeLimit = 64

    private var range: Range<Int> = 0..<0
    private var mode = Mode.scan
    /// Span id of each slot; meaningful where `slotIndexes` is not -1.
    private var slotIDs: [UInt64] = []
    /// Offset in the trace's range of the span in each slot, or -1 for an empty slot.
    private var slotIndexes: [Int32] = []
    private var shift: UInt64 = 64
    private var fallback: [SpanID: Int] = [:]

    private enum Mode { case scan, table, dictionary }

    /// Whether the loaded trace went to the `Dictionary` (tests: colliding ids must).
    var usesDictionary: Bool { mode == .dictionary }
    /// Whether the loaded trace is in the table (tests: large traces must be).
    var usesTable: Bool { mode == .table }

    public init() {}

    /// Indexes the spans `ids[range]` (one trace's span range) for `lastIndex(of:in:)`.
    public mutating func load(_ ids: [SpanID], range: Range<Int>) {
        self.range = range
        guard range.count > Self.scanLimit else {
            mode = .scan
            return
        }
        guard range.count <= Int(Int32.max) / 2 else {
            useDictionary(ids)
            return
        }
        // At most half full: capacity the next power of two at or above twice the spans.
        let bits = UInt64(Int.bitWidth - (2 * range.count - 1).leadingZeroBitCount)
        let capacity = 1 << bits
        shift = 64 - bits
        if slotIndexes.count != capacity {
            slotIDs = [UInt64](repeating: 0, count: capacity)
            slotIndexes = [Int32](repeating: -1, count: capacity)
        } else {
            slotIndexes.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        }
        mode = .table
        let mask = capacity - 1, shift = self.shift
        let fits = ids.withUnsafeBufferPointer { ids in
            slotIDs.withUnsafeMutableBufferPointer { keys in
                slotIndexes.withUnsafeMutableBufferPointer { slots in
                    for i in range {
                        let id = ids[i].value
                        var slot = Self.slot(of: id, shift: shift)
                        var probes = 0
                        while slots[slot] >= 0 && keys[slot] != id {
                            probes += 1
                            if probes > Self.probeLimit { return false }
                            slot = (slot + 1) & mask
                        }
                        // In range order, so a repeated id ends up naming its last span.
                        keys[slot] = id
                        slots[slot] = Int32(truncatingIfNeeded: i - range.lowerBound)
                    }
                    return true
                }
            }
        }
        if !fits { useDictionary(ids) }
    }

    private mutating func useDictionary(_ ids: [SpanID]) {
        mode = .dictionary
        fallback.removeAll(keepingCapacity: true)
        fallback.reserveCapacity(range.count)
        for i in range { fallback[ids[i]] = i }
    }

    /// The last span of the loaded range with span id `id` (an index into `ids`, the same
    /// column `load` was given), or nil when the trace has none.
    @inline(__always)
    public func lastIndex(of id: SpanID, in ids: [SpanID]) -> Int? {
        switch mode {
        case .scan:
            var j = range.upperBound - 1
            while j >= range.lowerBound {
                if ids[j] == id { return j }
                j -= 1
            }
            return nil
        case .table:
            let mask = slotIndexes.count - 1
            var slot = Self.slot(of: id.value, shift: shift)
            while true {
                let found = slotIndexes[slot]
                if found < 0 { return nil }
                if slotIDs[slot] == id.value { return range.lowerBound + Int(found) }
                slot = (slot + 1) & mask
            }
        case .dictionary:
            return fallback[id]
        }
    }

    /// Fibonacci hashing: the top bits of the id times 2^64 / φ.
    @inline(__always)
    private static func slot(of id: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (id &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
