import Vocabulary

/// The trace id of every span, each id stored once per run of spans that share it.
///
/// A trace's spans are one contiguous run once the table is in trace order (`sortByTrace`), so
/// after the sort `runIDs` holds each trace's id once, in order, and `runOf[i]` is the ordinal
/// of span `i`'s trace. At five spans a trace that is 4 + 16 / 5 ≈ 7 bytes a span instead of
/// 16: at 500k spans the column shrinks from 8 MB to 3.6 MB, which every phase after the read
/// carries (issue 7).
///
/// Before the sort, spans of one trace are rarely side by side (a collector's request groups
/// them by service), so a run is a slot, not a stretch: an id met again while it is still in
/// a small table of recent ids (the last run of each of `recentSlots` slots, by the id's low
/// bits) gets the same run. The spans of the thousands of traces of one request then share one
/// run each, and the column stays well under a plain array of ids during the read too (at
/// one run a span it would take 20 bytes a span against 16).
///
/// Runs are not required to be distinct (appending a table, or an id pushed out of the recent
/// table, may give one id two runs); every reader compares the ids themselves.
public struct TraceIDColumn: RandomAccessCollection, Sendable {
    /// The id of each run, in order.
    public private(set) var runIDs: [TraceID] = []
    /// For each span, the index of its run in `runIDs`.
    public private(set) var runOf: [UInt32] = []
    /// For each slot (an id's low bits), 1 + the run of the id last appended there; 0: none.
    /// Made at the first append; emptied when a permutation renumbers the runs.
    private var recent: [UInt32] = []
    static let recentSlots = 16_384

    public init() {}

    /// The ids of `ids`, in order, appended one by one (an id met again shares its run while it
    /// is in the recent table).
    public init<S: Sequence>(_ ids: S) where S.Element == TraceID {
        runOf.reserveCapacity(ids.underestimatedCount)
        for id in ids { append(id) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { runOf.count }

    @inlinable
    public subscript(i: Int) -> TraceID { runIDs[Int(runOf[i])] }

    /// Whether spans `a` and `b` belong to one trace: one run, or two runs of the same id.
    @inlinable
    public func sameTrace(_ a: Int, _ b: Int) -> Bool {
        let (ra, rb) = (runOf[a], runOf[b])
        return ra == rb || runIDs[Int(ra)] == runIDs[Int(rb)]
    }

    public mutating func append(_ id: TraceID) {
        if let last = runOf.last, runIDs[Int(last)] == id {
            runOf.append(last)
            return
        }
        if recent.isEmpty { recent = [UInt32](repeating: 0, count: Self.recentSlots) }
        let slot = Int(truncatingIfNeeded: (id.low ^ id.high) & UInt64(Self.recentSlots - 1))
        let known = recent[slot]
        if known != 0 && runIDs[Int(known - 1)] == id {
            runOf.append(known - 1)
            return
        }
        runIDs.append(id)
        recent[slot] = UInt32(truncatingIfNeeded: runIDs.count)
        runOf.append(UInt32(truncatingIfNeeded: runIDs.count - 1))
    }

    /// Appends `other`'s spans; its runs stay runs of their own.
    public mutating func append(contentsOf other: TraceIDColumn) {
        let base = UInt32(runIDs.count)
        runIDs.append(contentsOf: other.runIDs)
        let first = runOf.count
        runOf.append(contentsOf: other.runOf)
        guard base != 0 else { return }
        runOf.withUnsafeMutableBufferPointer { r in
            for i in first..<r.count { r[i] &+= base }
        }
    }

    /// Room for `n` spans, and for runs in the proportion the column holds so far (one run a
    /// span while it is empty).
    public mutating func reserveCapacity(_ n: Int) {
        runOf.reserveCapacity(n)
        let runs = runOf.isEmpty ? n : Int((Double(n) * Double(runIDs.count) / Double(runOf.count)).rounded(.up)) + 16
        runIDs.reserveCapacity(Swift.min(n, runs))
    }

    /// The ids in the order `order` gives (`self[order[j]]` at `j`), runs rebuilt from that
    /// order: the span-to-run column is gathered through `scratch`, then renumbered in place
    /// while the new runs are collected, so the old and new runs are the only ids held twice.
    /// Both passes over the spans run on every core, each on its own slice (`ColumnScratch`): a
    /// new run starts where a span's id differs from the one before it, so each slice counts its
    /// starts, then writes its runs from the count of the slices before it. One core made these
    /// passes alone, 9 ms at 500k spans, most of it waiting for the old ids (issue 7).
    mutating func permute(by order: [UInt32], through scratch: ColumnScratch) {
        scratch.permute(&runOf, by: order)
        let slices = ColumnScratch.slices(of: runOf.count)
        var runs: [TraceID] = []
        runIDs.withUnsafeBufferPointer { old in
            runOf.withUnsafeMutableBufferPointer { of in
                // Each slice's new runs, and the id just before it (read before any slice
                // renumbers its spans, the next slice's first span compares with it).
                let found = Parallel.map(slices.count) { s -> (starts: Int, before: TraceID?) in
                    let slice = slices[s]
                    var count = 0
                    var last = slice.lowerBound == 0 ? nil : old[Int(of[slice.lowerBound - 1])]
                    let before = last
                    for j in slice where old[Int(of[j])] != last {
                        count += 1
                        last = old[Int(of[j])]
                    }
                    return (count, before)
                }
                var firstRun: [Int] = []
                var total = 0
                for f in found {
                    firstRun.append(total)
                    total += f.starts
                }
                runs = [TraceID](unsafeUninitializedCapacity: total) { target, initialized in
                    let shared = SharedRenumbering(of: of, runs: target)
                    // Each slice writes only its own spans and its own runs.
                    _ = Parallel.map(slices.count) { s in
                        var last = found[s].before, run = firstRun[s] - 1
                        for j in slices[s] {
                            let id = old[Int(shared.of[j])]
                            if id != last {
                                run += 1
                                (shared.runs.baseAddress! + run).initialize(to: id)
                                last = id
                            }
                            shared.of[j] = UInt32(truncatingIfNeeded: run)
                        }
                    }
                    initialized = total
                }
            }
        }
        runIDs = []
        runIDs = runs
        recent = []
    }

    /// The span-to-run column and the new runs, shared with the threads of `permute`, which
    /// write disjoint slots of each.
    private struct SharedRenumbering: @unchecked Sendable {
        let of: UnsafeMutableBufferPointer<UInt32>
        let runs: UnsafeMutableBufferPointer<TraceID>
    }
}
