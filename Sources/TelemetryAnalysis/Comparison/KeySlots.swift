/// Numbers attribute keys (string ids) in the order they are first met, span by span: the
/// attribute and window comparisons keep what they learn about each key in arrays by slot.
///
/// Spans of one operation mostly list their keys in the same order, so the key last seen at each
/// position of a span's attributes is tried before the dictionary (hashing a key per attribute
/// was a large part of both comparisons, and of the per-operation value counts,
/// `OperationValues`, which number keys the same way).
struct KeySlots {
    var slotOfID: [UInt32: Int] = [:]
    var lastAtPosition: [(id: UInt32, slot: Int)] = []
    var keyOfSlot: [UInt32] = []
    /// The key of each slot.
    var ids: [UInt32] { keyOfSlot }

    init() {}

    /// The slot of key `id`, met at `position` of a span's attributes; `isNew` when it was met
    /// for the first time (its slot is then `ids.count - 1`).
    @inline(__always)
    mutating func slot(of id: UInt32, at position: Int) -> (slot: Int, isNew: Bool) {
        if position < lastAtPosition.count && lastAtPosition[position].id == id {
            return (lastAtPosition[position].slot, false)
        }
        let slot: Int, isNew: Bool
        if let known = slotOfID[id] {
            (slot, isNew) = (known, false)
        } else {
            (slot, isNew) = (keyOfSlot.count, true)
            slotOfID[id] = slot
            keyOfSlot.append(id)
        }
        if position < lastAtPosition.count {
            lastAtPosition[position] = (id, slot)
        } else if position == lastAtPosition.count {
            lastAtPosition.append((id, slot))
        }
        return (slot, isNew)
    }

    /// The slot of key `id` if it was met.
    func existingSlot(of id: UInt32) -> Int? { slotOfID[id] }
}
