import TelemetryModel
import Vocabulary

/// The pair ids a trace-page chunk (`TraceTableData.SpanChunk`) gave each attribute list it
/// met, found again by the list's arena range.
///
/// Spans whose attributes are the same list share one range once the lists are shared
/// (`SpanTable.shareRepeatedAttributeLists`), and a list's pairs are a function of its entries,
/// so a span whose list was met before takes the pair ids found the first time instead of
/// reading each attribute's key, kind and payload again (a jump into the arena) and looking the
/// pair up. In a chunk whose lists rarely repeat (lists left unshared, each span its own range)
/// it gives up after 256 lookups when fewer than a quarter found their list, as
/// `AttributeListCache` does.
struct ChunkListPairs {
    private var index = IntegerMap(capacity: 256)
    private var ids: [Int32] = []
    private var lookups = 0, hits = 0

    private var isUseful: Bool { lookups < 256 || hits * 4 >= lookups }

    /// Calls `body` with each pair id of `list` and returns true when the list was learned;
    /// false for a list not met yet, an empty one, or once the cache gave up.
    @inline(__always)
    mutating func replay(_ list: ArenaRange, _ body: (Int32) -> Void) -> Bool {
        guard list.count > 0, isUseful else { return false }
        lookups += 1
        guard let offset = index.value(forHigh: UInt64(list.count), low: UInt64(list.start)) else { return false }
        hits += 1
        ids.withUnsafeBufferPointer { ids in
            for k in Int(offset)..<Int(offset) + Int(list.count) { body(ids[k]) }
        }
        return true
    }

    /// Remembers `pairs` (one id per entry, in order) as the pair ids of `list`.
    mutating func learn(_ list: ArenaRange, _ pairs: UnsafeBufferPointer<Int32>) {
        guard list.count > 0, isUseful, pairs.count == Int(list.count) else { return }
        guard index.value(forHigh: UInt64(list.count), low: UInt64(list.start), insertingIfAbsent: Int32(ids.count)) == nil else {
            return
        }
        ids.append(contentsOf: pairs)
    }
}
