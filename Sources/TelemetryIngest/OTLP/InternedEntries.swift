/// The index in a decoder's own `SnapshotBuilder` of each `RawValueCache` entry's value, once
/// interned there. A collector's file names a resource and a scope ahead of every batch — with
/// one trace a line, ahead of every five spans — and the cache hands back the same entry each
/// time its text recurs; interning that value again (a look through the builder's last values,
/// and a retain of objects every core shares) took more than the rest of reading the repeated
/// envelope (issue 7). Kept by the decoder, not the cache: the cache passes from run to run and
/// each run interns into a builder of its own. An entry replaced in the cache is forgotten.
struct InternedEntries {
    /// By entry; −1 for one not interned since it was (last) filled.
    private var indexes: [Int32] = []

    /// The index `entry`'s value was interned at, nil when not yet.
    @inline(__always)
    subscript(entry: Int) -> Int32? {
        entry < indexes.count && indexes[entry] >= 0 ? indexes[entry] : nil
    }

    mutating func remember(_ entry: Int, _ index: Int32) {
        if entry >= indexes.count { indexes.append(contentsOf: repeatElement(-1, count: entry + 1 - indexes.count)) }
        indexes[entry] = index
    }

    /// `entry` holds a new value.
    mutating func forget(_ entry: Int) {
        if entry < indexes.count { indexes[entry] = -1 }
    }
}
