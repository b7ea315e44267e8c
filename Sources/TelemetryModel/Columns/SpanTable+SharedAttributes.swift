import Vocabulary

extension SpanTable {
    /// Stores each distinct attribute list once: spans (and events and links) whose attributes
    /// are the same keys with the same values, in the same order, point at one shared run of the
    /// attribute arena. Returns whether the lists were shared.
    ///
    /// Why: most spans of a service repeat a few attribute lists (`http.method`, `http.route`,
    /// `http.status_code`, …), and the arena was the largest part of the snapshot — 13 bytes an
    /// entry, 20 MB of the 56 MB of a 500k-span snapshot — alive through the analysis and the
    /// render (issue 7, peak memory). A range may now be shared: every reader reads a span's
    /// attributes through its range, so nothing else changes, and no output byte does.
    ///
    /// The distinct lists keep the order in which spans, then events, then links first meet
    /// them. When they would take more than `maximumShare` of the arena, sharing saves too
    /// little for its transient copy: each list is then written in span order instead, unshared
    /// (`putAttributesInSpanOrder`), so that a trace's attributes are one run of the arena, like
    /// its spans, and every later pass over them reads memory in order.
    /// Call it after anything that rewrites values in place (redaction).
    @discardableResult
    public mutating func shareRepeatedAttributeLists(maximumShare: Double = 0.5) -> Bool {
        shareRepeatedAttributeLists(maximumShare: maximumShare, halvesFrom: Self.sharingHalvesFrom)
    }

    /// Spans from which the spans' lists are shared in two halves, one a core (below, in one).
    static let sharingHalvesFrom = 1 << 16

    /// `shareRepeatedAttributeLists(maximumShare:)`, the spans' lists shared in two halves on two
    /// cores when there are `halvesFrom` spans or more, with the same result as one pass.
    ///
    /// Why: one pass was the only step between the read and the analysis, on one core (2M spans:
    /// 50-100 ms with the other core idle, issue 7). Each half shares its own lists into an arena
    /// of its own; then the second half's distinct lists are shared into the first's, in the order
    /// the second half met them. One pass meets the first half's lists first and the second
    /// half's new ones after them, in that same order, so every range and arena entry is the
    /// same; the arena only grows, so one pass gives up exactly when the two halves together
    /// pass the limit. The events' and links' lists follow the spans' in the one sequence shared.
    /// `sampling`: whether a sample may settle first that the lists do not repeat (tests turn it
    /// off to compare).
    mutating func shareRepeatedAttributeLists(maximumShare: Double, halvesFrom: Int, sampling: Bool = true) -> Bool {
        let total = attributeArena.count
        guard total > 0 else { return false }
        let limit = Int(Double(total) * maximumShare)
        // The spans' lists, then the events', then the links', shared as one sequence: the order
        // one pass meets them in. The events' and links' had gone on in one pass on one core
        // after the spans' halves; with events on most spans that pass was most of this step
        // (500k spans: 0.10 s against 0.02 s without events; issue 7).
        let spans = attributeRanges
        let (spanCount, eventCount) = (spans.count, eventArena.count)
        var ranges = spans
        if eventCount + linkArena.count > 0 {
            ranges.reserveCapacity(spanCount + eventCount + linkArena.count)
            for e in eventArena { ranges.append(e.attributes) }
            for l in linkArena { ranges.append(l.attributes) }
        }
        let outcome: (sharing: AttributeListSharing, ranges: [ArenaRange])? = attributeArena.keys.withUnsafeBufferPointer {
            keys in
            attributeArena.values.kinds.withUnsafeBufferPointer { kinds in
                attributeArena.values.payloads.withUnsafeBufferPointer { payloads in
                    let arena = (keys: keys, kinds: kinds, payloads: payloads)
                    if sampling && spans.count >= Self.sampledFrom
                        && Self.sampleLooksDistinct(spans, of: arena, maximumShare: maximumShare)
                    {
                        return nil
                    }
                    return ranges.count >= halvesFrom
                        ? Self.shareInHalves(ranges, of: arena, limit: limit) : Self.share(ranges[...], of: arena, limit: limit)
                }
            }
        }
        guard let (sharing, shared) = outcome else {
            putAttributesInSpanOrder()
            return false
        }
        attributeRanges = shared.count == spanCount ? shared : Array(shared[..<spanCount])
        for k in eventArena.indices { eventArena[k].attributes = shared[spanCount + k] }
        for k in linkArena.indices { linkArena[k].attributes = shared[spanCount + eventCount + k] }
        attributeArena.keys = sharing.keys
        attributeArena.values.kinds = sharing.kinds
        attributeArena.values.payloads = sharing.payloads
        return true
    }

    /// Spans from which a sample of their lists may settle, before any sharing, that the lists
    /// do not repeat (`sampleLooksDistinct`).
    static let sampledFrom = 1 << 16

    /// Whether sharing a sample of the lists — 256 runs of 64 spans, spread evenly over the
    /// table — would keep more than 98% of its entries (`distinctShare`): sharing the whole table
    /// would then give up past `maximumShare` (below 0.98) of the arena anyway.
    ///
    /// Why: with a value on nearly every span that no other span has (a request id, a URL), every
    /// list is new; sharing hashed and copied each of them, on both cores, only to give up when
    /// the two halves were merged and then write the arena in span order (500k spans: 75–86 ms,
    /// against 12 ms when lists repeat). The runs keep a trace's spans together, so lists that
    /// repeat within traces show as repeated; lists that repeat only far apart, each a few times,
    /// mostly show as distinct (each list met 3 times in 500k spans: about 6% of the sample's
    /// lists meet a copy in it), hence the high bar. Measured shares: 1.0 for the benchmark's
    /// unique values, 0.003 for its other 500k files, 0.05 for the simulated demo. What the sample
    /// decides changes how the arena is laid out, never a result: every reader goes through a
    /// span's range.
    static func sampleLooksDistinct(_ ranges: [ArenaRange], of arena: AttributeListSharing.Arena, maximumShare: Double) -> Bool {
        guard maximumShare < 0.98 else { return false }
        return distinctShare(ranges, of: arena) > 0.98
    }

    /// The share of the sample's entries (`sampleLooksDistinct`) that sharing the sample keeps:
    /// its distinct lists' entries; 0 for a table too small to sample.
    static func distinctShare(_ ranges: [ArenaRange], of arena: AttributeListSharing.Arena) -> Double {
        let runs = 256, runLength = 64
        guard ranges.count >= runs * runLength else { return 0 }
        let step = ranges.count / runs
        var sample: [ArenaRange] = []
        sample.reserveCapacity(runs * runLength)
        for k in 0..<runs { sample += ranges[(k * step)..<(k * step + runLength)] }
        let entries = sample.reduce(0) { $0 + Int($1.count) }
        guard entries > 0 else { return 0 }
        // Shared as the spans' lists are, in halves on two cores with hints ahead: the same
        // distinct lists as one pass (`shareInHalves`). One pass with no hints was the only work
        // between the read and the sharing, about 3 ms on one core at 500k spans (issue 7).
        guard let (sharing, _) = shareInHalves(sample, of: arena, limit: .max) else { return 0 }
        return Double(sharing.keys.count) / Double(entries)
    }

    /// The lists of `ranges` shared in one pass, and each one's shared range; nil past `limit`.
    static func share(
        _ ranges: ArraySlice<ArenaRange>, of arena: AttributeListSharing.Arena, limit: Int
    ) -> (AttributeListSharing, [ArenaRange])? {
        var sharing: AttributeListSharing?
        let shared = [ArenaRange](unsafeUninitializedCapacity: ranges.count) { buffer, initialized in
            sharing = share(ranges, of: arena, limit: limit, into: buffer)
            initialized = sharing == nil ? 0 : ranges.count
        }
        return sharing.map { ($0, shared) }
    }

    /// Shares the lists of `ranges`, writing each one's shared range to `shared` (as many places
    /// as `ranges`); nil past `limit`.
    static func share(
        _ ranges: ArraySlice<ArenaRange>, of arena: AttributeListSharing.Arena, limit: Int,
        into shared: UnsafeMutableBufferPointer<ArenaRange>
    ) -> AttributeListSharing? {
        var sharing = AttributeListSharing(limit: limit)
        var k = 0
        let ahead = ranges.startIndex + AttributeListSharing.prefetchDistance
        for r in ranges {
            if ahead + k < ranges.endIndex { AttributeListSharing.prefetch(ranges[ahead + k], of: arena) }
            guard let s = sharing.share(r, of: arena) else { return nil }
            shared[k] = s
            k += 1
        }
        return sharing
    }

    /// `share(ranges, …)` as two halves on two cores, then the second half's lists shared into
    /// the first's (see `shareRepeatedAttributeLists(maximumShare:halvesFrom:)`). Both halves
    /// write into the one result, the second half's ranges (in its own arena) rewritten there.
    static func shareInHalves(
        _ ranges: [ArenaRange], of arena: AttributeListSharing.Arena, limit: Int
    ) -> (AttributeListSharing, [ArenaRange])? {
        let middle = ranges.count / 2
        var merged: AttributeListSharing?
        let shared = [ArenaRange](unsafeUninitializedCapacity: ranges.count) { buffer, initialized in
            initialized = 0
            let (first, second) = CoreSplit.both(
                { share(ranges[..<middle], of: arena, limit: limit, into: UnsafeMutableBufferPointer(rebasing: buffer[..<middle])) },
                { share(ranges[middle...], of: arena, limit: limit, into: UnsafeMutableBufferPointer(rebasing: buffer[middle...])) })
            guard var sharing = first, let other = second,
                merge(other, into: &sharing, ranges: UnsafeMutableBufferPointer(rebasing: buffer[middle...]))
            else { return }
            merged = sharing
            initialized = ranges.count
        }
        return merged.map { ($0, shared) }
    }

    /// Shares `other`'s distinct lists into `sharing` in the order `other` met them, and
    /// rewrites `ranges` (ranges in `other`'s arena) to where their lists are now; false past
    /// the limit.
    static func merge(
        _ other: AttributeListSharing, into sharing: inout AttributeListSharing, ranges: UnsafeMutableBufferPointer<ArenaRange>
    ) -> Bool {
        // Where each of `other`'s distinct lists lands, in the order met; and the merged arena's
        // size before each of them, which is where one pass puts an empty list met at that point
        // (its start is the arena's size then).
        var landed: [ArenaRange] = []
        landed.reserveCapacity(other.listCount)
        var sizeBefore: [UInt32] = [UInt32(sharing.keys.count)]
        sizeBefore.reserveCapacity(other.listCount + 1)
        let merged: Bool = other.keys.withUnsafeBufferPointer { keys in
            other.kinds.withUnsafeBufferPointer { kinds in
                other.payloads.withUnsafeBufferPointer { payloads in
                    for list in other.listRanges {
                        guard let range = sharing.share(list, of: (keys, kinds, payloads)) else { return false }
                        landed.append(range)
                        sizeBefore.append(UInt32(sharing.keys.count))
                    }
                    return true
                }
            }
        }
        guard merged else { return false }
        // A list's start in `other`'s arena names it: the lists lie there in the order met (none
        // empty), so the k-th starts where the (k-1)-th ends, and an empty list met after k lists
        // starts at that same offset, the k-th's start (or the arena's end).
        var listAt = IntegerMap(capacity: other.listCount * 2 + 2)
        for (k, list) in other.listRanges.enumerated() {
            _ = listAt.value(low: UInt64(list.start), insertingIfAbsent: Int32(k))
        }
        let end = UInt32(other.keys.count)
        for i in ranges.indices {
            let r = ranges[i]
            let k = r.start == end ? other.listCount : Int(listAt.value(low: UInt64(r.start))!)
            ranges[i] = r.count == 0 ? ArenaRange(start: sizeBefore[k], count: 0) : landed[k]
        }
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
    /// The distinct lists in the order met: their ranges in `keys`, `kinds` and `payloads`.
    var listRanges: [ArenaRange] { lists }
    var listCount: Int { lists.count }
    private var index = HashIndex(capacity: 512)

    init(limit: Int) { self.limit = limit }

    /// Lists ahead of the one shared whose entries are hinted (`prefetch`).
    static let prefetchDistance = 8

    /// Hints the first entry of `range` in each of the arena's three columns (`SpanTable.prefetch`;
    /// a list is a few entries, and hinting each of its lines cost 19 M instructions more at 500k).
    /// The spans' lists lie in file order while the spans are in trace order, so each list is a
    /// jump through three columns: hinted a few lists ahead, the sharing took a third of the time
    /// it took waiting for them (500k spans: 45 → 20 ms of CPU; 14 ms on an arena in span order,
    /// which the sort no longer writes: issue 7).
    @inline(__always)
    static func prefetch(_ range: ArenaRange, of arena: Arena) {
        guard range.count > 0 else { return }
        let first = Int(range.start)
        SpanTable.prefetch(arena.keys, at: first)
        SpanTable.prefetch(arena.kinds, at: first)
        SpanTable.prefetch(arena.payloads, at: first)
    }

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
