import Vocabulary

extension SpanTable {
    /// Stores each distinct attribute list once: spans (and events and links) whose attributes
    /// are the same keys with the same values, in the same order, point at one shared run of the
    /// attribute arena. Returns whether the arena was rewritten.
    ///
    /// Why: most spans of a service repeat a few attribute lists (`http.method`, `http.route`,
    /// `http.status_code`, …), and the arena was the largest part of the snapshot — 13 bytes an
    /// entry, 20 MB of the 56 MB of a 500k-span snapshot — alive through the analysis and the
    /// render (issue 7, peak memory). A range may now be shared: every reader reads a span's
    /// attributes through its range, so nothing else changes, and no output byte does.
    ///
    /// The distinct lists keep the order in which spans, then events, then links first meet
    /// them. When they would take more than `maximumShare` of the arena, sharing saves too
    /// little for its transient copy and the table is left as it was.
    /// Call it after anything that rewrites values in place (redaction).
    @discardableResult
    public mutating func shareRepeatedAttributeLists(maximumShare: Double = 0.5) -> Bool {
        let total = attributeArena.count
        guard total > 0 else { return false }
        var sharing = AttributeListSharing(limit: Int(Double(total) * maximumShare))
        var spanRanges: [ArenaRange] = []
        spanRanges.reserveCapacity(attributeRanges.count)
        var eventRanges: [ArenaRange] = []
        var linkRanges: [ArenaRange] = []
        let done: Bool = attributeArena.keys.withUnsafeBufferPointer { keys in
            attributeArena.values.kinds.withUnsafeBufferPointer { kinds in
                attributeArena.values.payloads.withUnsafeBufferPointer { payloads in
                    let arena = (keys: keys, kinds: kinds, payloads: payloads)
                    for r in attributeRanges {
                        guard let shared = sharing.share(r, of: arena) else { return false }
                        spanRanges.append(shared)
                    }
                    for e in eventArena {
                        guard let shared = sharing.share(e.attributes, of: arena) else { return false }
                        eventRanges.append(shared)
                    }
                    for l in linkArena {
                        guard let shared = sharing.share(l.attributes, of: arena) else { return false }
                        linkRanges.append(shared)
                    }
                    return true
                }
            }
        }
        guard done else { return false }
        attributeRanges = spanRanges
        for k in eventArena.indices { eventArena[k].attributes = eventRanges[k] }
        for k in linkArena.indices { linkArena[k].attributes = linkRanges[k] }
        attributeArena.keys = sharing.keys
        attributeArena.values.kinds = sharing.kinds
        attributeArena.values.payloads = sharing.payloads
        return true
    }
}

/// The distinct attribute lists met so far, copied into a new arena, found again by a hash of
/// their entries (a `HashIndex` over the lists' numbers).
struct AttributeListSharing {
    typealias Arena = (keys: UnsafeBufferPointer<UInt32>, kinds: UnsafeBufferPointer<UInt8>, payloads: UnsafeBufferPointer<UInt64>)

    /// The most entries the new arena may take before sharing gives up.
    let limit: Int
    var keys: [UInt32] = []
    var kinds: [UInt8] = []
    var payloads: [UInt64] = []
    /// Each distinct list's range in the new arena, numbered by `index`.
    private var lists: [ArenaRange] = []
    private var index = HashIndex(capacity: 512)

    init(limit: Int) { self.limit = limit }

    /// The range in the new arena holding the entries of `range` of `arena`; nil past `limit`.
    mutating func share(_ range: ArenaRange, of arena: Arena) -> ArenaRange? {
        if range.count == 0 { return ArenaRange(start: UInt32(keys.count), count: 0) }
        let hash = Self.hash(range, of: arena)
        let found = index.find(hash) { equal(lists[$0], range, of: arena) }
        if let k = found.id { return lists[k] }
        guard keys.count + Int(range.count) <= limit else { return nil }
        let shared = ArenaRange(start: UInt32(keys.count), count: range.count)
        for j in range.range {
            keys.append(arena.keys[j])
            kinds.append(arena.kinds[j])
            payloads.append(arena.payloads[j])
        }
        lists.append(shared)
        index.insert(hash, at: found.slot)
        return shared
    }

    private func equal(_ shared: ArenaRange, _ range: ArenaRange, of arena: Arena) -> Bool {
        guard shared.count == range.count else { return false }
        var a = Int(shared.start)
        for j in range.range {
            if keys[a] != arena.keys[j] || kinds[a] != arena.kinds[j] || payloads[a] != arena.payloads[j] { return false }
            a += 1
        }
        return true
    }

    /// A 64-bit mix of the entries (multiply and xor-shift): the same list always hashes alike,
    /// in any run, so nothing depends on a per-process seed.
    private static func hash(_ range: ArenaRange, of arena: Arena) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(range.count)
        for j in range.range {
            h = (h ^ UInt64(arena.keys[j]) ^ (UInt64(arena.kinds[j]) << 32)) &* 0xFF51_AFD7_ED55_8CCD
            h = (h ^ arena.payloads[j]) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
        }
        return h
    }
}
