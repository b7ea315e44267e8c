import Vocabulary

/// The permutation that puts spans in (trace id, start time, span id) order, equal keys in index
/// order: exactly the order of a stable comparison sort, which `SpanTable.sortByTrace()` needs
/// so that output bytes never depend on how it sorts (issue 7: `SnapshotBuilder.finish`).
///
/// A merge sort of indexes with a closure over three columns took about 47 ms of CPU on the
/// 500k-span benchmark file; this takes about 18 ms. A stable LSD radix sort orders the words
/// `key << 32 | index` by a 32-bit key cut from the trace ids where they first differ (so equal
/// keys keep index order, and the key never inverts the order of two ids), then each run of equal
/// keys — one trace's spans, or the rare ids that share those 32 bits — is sorted by the full
/// comparison with the index last. Every comparison is of integers; only the runs touch the start
/// and span id columns.
enum TraceOrder {
    /// Runs longer than this are sorted by the standard library's sort; shorter ones (nearly all:
    /// one trace's spans) by insertion.
    static let insertionLimit = 32

    /// The span indexes in (trace id, start time, span id, index) order. Spans number fewer than
    /// 2³² (the arenas' `UInt32` ranges already require it).
    static func permutation(traceIDs: [TraceID], startTimes: [Int64], spanIDs: [SpanID]) -> [UInt32] {
        permutation(traceIDs: TraceIDColumn(traceIDs), startTimes: startTimes, spanIDs: spanIDs)
    }

    /// The same order, from the column's runs: each run's key is cut once, and spans of one run
    /// compare equal ids without reading them.
    static func permutation(traceIDs: TraceIDColumn, startTimes: [Int64], spanIDs: [SpanID]) -> [UInt32] {
        let n = traceIDs.count
        guard n > 1 else { return (0..<n).map { UInt32($0) } }
        return traceIDs.runIDs.withUnsafeBufferPointer { runIDs in
            traceIDs.runOf.withUnsafeBufferPointer { runOf in
                startTimes.withUnsafeBufferPointer { starts in
                    spanIDs.withUnsafeBufferPointer { spans in
                        let shift = keyShift(runIDs)
                        let keys = runIDs.map { key($0, shift: shift) }
                        // Filled, and narrowed at the end, slice by slice on every core: on one
                        // core each was 1-2.5 ms (mostly the first touches of the new pages)
                        // while the other core waited (issue 7).
                        let slices = ColumnScratch.slices(of: n)
                        var words = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
                            let base = buffer.baseAddress!
                            keys.withUnsafeBufferPointer { keys in
                                _ = Parallel.map(slices.count) { s in
                                    for i in slices[s] { base[i] = UInt64(keys[Int(runOf[i])]) << 32 | UInt64(i) }
                                }
                            }
                            initialized = n
                        }
                        words.withUnsafeMutableBufferPointer { radixSortByHighHalf($0) }
                        words.withUnsafeMutableBufferPointer { words in
                            let parts = runAlignedHalves(words)
                            _ = Parallel.map(parts.count) { p in
                                sortRuns(
                                    UnsafeMutableBufferPointer(rebasing: words[parts[p]]), ids: runIDs, runOf: runOf, starts: starts,
                                    spans: spans)
                            }
                        }
                        return words.withUnsafeBufferPointer { words in
                            [UInt32](unsafeUninitializedCapacity: n) { buffer, initialized in
                                let base = buffer.baseAddress!
                                _ = Parallel.map(slices.count) { s in
                                    for i in slices[s] { base[i] = UInt32(truncatingIfNeeded: words[i]) }
                                }
                                initialized = n
                            }
                        }
                    }
                }
            }
        }
    }

    /// How far to shift the 128-bit ids left so that their first differing bit comes first: the
    /// bits shifted out are the same in every id, so the shifted ids keep their order.
    static func keyShift(_ ids: UnsafeBufferPointer<TraceID>) -> Int {
        let first = ids[0]
        var high: UInt64 = 0, low: UInt64 = 0
        for id in ids {
            high |= id.high ^ first.high
            low |= id.low ^ first.low
        }
        return high != 0 ? high.leadingZeroBitCount : 64 + low.leadingZeroBitCount
    }

    /// The top 32 bits of `id << shift` (as one 128-bit number): ids in order give keys in order.
    @inline(__always)
    static func key(_ id: TraceID, shift: Int) -> UInt32 {
        let top: UInt64
        switch shift {
        case 0: top = id.high
        case 1..<64: top = id.high << UInt64(shift) | id.low >> UInt64(64 - shift)
        case 64..<128: top = id.low << UInt64(shift - 64)
        default: top = 0
        }
        return UInt32(truncatingIfNeeded: top >> 32)
    }

    /// Sorts by bits 32–63, stably (least significant digit first, 11 bits a pass), skipping a
    /// pass whose digit is the same in every word. Each pass runs on every core: the slices of
    /// the words (`ColumnScratch.slices`) count their digits, then each writes its words from its
    /// own offsets — for each digit, the slices before it come first, so equal digits keep their
    /// order. One core sorted alone, about 10 ms at 500k spans, while the other waited (issue 7).
    static func radixSortByHighHalf(_ words: UnsafeMutableBufferPointer<UInt64>) {
        let n = words.count
        let digitBits = 11, digits = 1 << digitBits, passes = 3
        let slices = ColumnScratch.slices(of: n)
        @inline(__always) func digit(_ w: UInt64, _ pass: Int) -> Int {
            Int(truncatingIfNeeded: w >> UInt64(32 + pass * digitBits)) & (digits - 1)
        }
        let other = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        defer { other.deallocate() }
        var source = words, target = other
        for pass in 0..<passes {
            let (from, to) = (source, target)
            let counts = Parallel.map(slices.count) { s -> [Int] in
                var c = [Int](repeating: 0, count: digits)
                for j in slices[s] { c[digit(from[j], pass)] += 1 }
                return c
            }
            // Every word has this digit: the pass would not move one.
            if (0..<digits).contains(where: { d in counts.reduce(0) { $0 + $1[d] } == n }) { continue }
            var starts = counts, sum = 0
            for d in 0..<digits {
                for s in counts.indices {
                    starts[s][d] = sum
                    sum += counts[s][d]
                }
            }
            // Each slice writes only the places its own starts give.
            _ = Parallel.map(slices.count) { s in
                var at = starts[s]
                for j in slices[s] {
                    let w = from[j], d = digit(w, pass)
                    to[at[d]] = w
                    at[d] += 1
                }
            }
            swap(&source, &target)
        }
        if source.baseAddress != words.baseAddress {
            words.baseAddress!.update(from: source.baseAddress!, count: n)
        }
    }

    /// The words split in two at the run boundary nearest the middle, so that each half's runs
    /// can be sorted on a core of its own; one part when there are few words.
    static func runAlignedHalves(_ words: UnsafeMutableBufferPointer<UInt64>) -> [Range<Int>] {
        let n = words.count
        guard n >= 1 << 16 else { return [0..<n] }
        var middle = n / 2
        while middle < n && words[middle] >> 32 == words[middle - 1] >> 32 { middle += 1 }
        return middle == n ? [0..<n] : [0..<middle, middle..<n]
    }

    /// Sorts each run of words with equal keys by (trace id, start, span id, index); `ids` are the
    /// column's runs and `runOf` each span's run.
    static func sortRuns(
        _ words: UnsafeMutableBufferPointer<UInt64>, ids: UnsafeBufferPointer<TraceID>, runOf: UnsafeBufferPointer<UInt32>,
        starts: UnsafeBufferPointer<Int64>, spans: UnsafeBufferPointer<SpanID>
    ) {
        @inline(__always) func less(_ x: UInt64, _ y: UInt64) -> Bool {
            let a = Int(truncatingIfNeeded: x & 0xFFFF_FFFF), b = Int(truncatingIfNeeded: y & 0xFFFF_FFFF)
            let (ra, rb) = (Int(runOf[a]), Int(runOf[b]))
            if ra != rb && ids[ra] != ids[rb] { return ids[ra] < ids[rb] }
            if starts[a] != starts[b] { return starts[a] < starts[b] }
            if spans[a] != spans[b] { return spans[a] < spans[b] }
            return a < b
        }
        let n = words.count
        var i = 0
        while i < n {
            let key = words[i] >> 32
            var j = i + 1
            while j < n && words[j] >> 32 == key { j += 1 }
            if j - i > insertionLimit {
                var run = UnsafeMutableBufferPointer(rebasing: words[i..<j])
                run.sort(by: less)
            } else if j - i > 1 {
                for x in i + 1..<j {
                    let w = words[x]
                    var y = x
                    while y > i && less(w, words[y - 1]) {
                        words[y] = words[y - 1]
                        y -= 1
                    }
                    words[y] = w
                }
            }
            i = j
        }
    }
}
