/// The parts of `TraceTableData` built on every core: a contiguous run of records (or of their
/// spans) is worked through on its own with ids local to the run, in the order the run first
/// meets each string, service set, shape, resource, span name and attribute pair; the caller
/// then walks the runs in order and gives each local id its global one. Ids are assigned in
/// first-seen order, so mapping the runs in order gives exactly the ids (and bytes) of one pass
/// over all records: an item first seen in run k is new to the whole exactly when no earlier run
/// has it, and the items it brings along (a pair's key and value strings, a shape's service set)
/// are met in the same order within the run as in the whole.
extension TraceTableData {
    /// `count` records split into `chunks` contiguous runs of about equal `weight`.
    static func chunkBounds(count: Int, chunks: Int, weight: (Int) -> Int) -> [Range<Int>] {
        guard chunks > 1 else { return [0..<count] }
        var total = 0
        for r in 0..<count { total += weight(r) }
        var result: [Range<Int>] = []
        var lo = 0, r = 0, sum = 0
        for k in 1...chunks {
            let target = k == chunks ? Int.max : Int((Double(total) * Double(k) / Double(chunks)).rounded(.up))
            while r < count && sum < target {
                sum += weight(r)
                r += 1
            }
            result.append(lo..<r)
            lo = r
        }
        return result
    }

    /// Bytes of `value` as an unsigned varint.
    static func varintLength(_ value: Int) -> Int {
        var v = UInt64(max(0, value)), n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }
}
