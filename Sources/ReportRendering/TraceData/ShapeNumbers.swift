import Vocabulary

/// Numbers trace shapes (`[root service, root name, service set, spans, errors]`) in the order
/// they are first met: the one numbering of a record chunk's local shapes and of the merge's
/// global ones.
///
/// Why two indexes: a shape whose fields fit two words (nearly all) is found through an integer
/// map, where hashing it as an array and growing a dictionary was a third of the merge with a
/// span name per request, a shape per trace (issue 7); the rest (over a million spans or errors,
/// ids past 32 bits) by their fields. A shape always goes to the same index, so numbering in
/// first-met order holds across both.
struct ShapeNumbers {
    private var packed: IntegerMap
    private var unpacked: [[Int]: Int] = [:]
    /// How many shapes have been numbered (the next new one gets this number).
    private(set) var count = 0

    /// Room for about `capacity` shapes before the index grows.
    init(capacity: Int = 256) {
        packed = IntegerMap(capacity: capacity)
    }

    /// The number of the shape with these fields, and whether it was new (and so given `count`
    /// before the call).
    @inline(__always)
    mutating func number(root: Int, name: Int, set: Int, spans: Int, errors: Int) -> (number: Int, isNew: Bool) {
        if let (high, low) = Self.packed(root: root, name: name, set: set, spans: spans, errors: errors) {
            if let known = packed.value(forHigh: high, low: low, insertingIfAbsent: Int32(count)) {
                return (Int(known), false)
            }
        } else {
            let fields = [root, name, set, spans, errors]
            if let known = unpacked[fields] { return (known, false) }
            unpacked[fields] = count
        }
        count += 1
        return (count - 1, true)
    }

    /// A shape's five fields as two words, when each fits its bits (32, 32; 24, 20, 20) and none
    /// is negative; nil otherwise.
    @inline(__always)
    static func packed(root: Int, name: Int, set: Int, spans: Int, errors: Int) -> (high: UInt64, low: UInt64)? {
        guard root >= 0, name >= 0, set >= 0, spans >= 0, errors >= 0, root < 1 << 32, name < 1 << 32, set < 1 << 24,
            spans < 1 << 20, errors < 1 << 20
        else { return nil }
        return (UInt64(root) << 32 | UInt64(name), UInt64(set) << 40 | UInt64(spans) << 20 | UInt64(errors))
    }
}
