import TelemetryModel

/// The attribute values of an operation's spans as integer columns, one per key, for scoring
/// between two windows (`WindowComparison`): a position holds the id of a distinct value, -1
/// when the span has none. Each distinct value is turned into text and a number once, so
/// choosing a key and grouping its spans by text compare integers instead of making and
/// hashing a `String` per span (that was most of the window comparison's time).
struct ValueColumns {
    /// Positions per column (the operation's spans in both windows).
    let count: Int
    /// The key of each column.
    private(set) var keys: [String] = []
    var columns: [[Int32]] = []
    /// Per distinct value: the id of its display text, and its number (nil when not a number).
    private(set) var textOfEntry: [Int32] = []
    private(set) var numberOfEntry: [Double?] = []
    /// Distinct display texts. Id 0 is "(missing)", the group of spans without the key, so a
    /// value whose text reads "(missing)" joins that group (as grouping by text does).
    private(set) var texts: [String] = ["(missing)"]
    private var textID: [String: Int32] = ["(missing)": 0]
    private var entryOfStored: [StoredValue: Int32] = [:]
    /// The last few stored values seen, searched before the dictionary: most keys have a
    /// handful of values, and comparing a few enums is cheaper than hashing one per span.
    private var recent: [(value: StoredValue, entry: Int32)] = []

    init(count: Int) { self.count = count }

    /// A new column without values, for `key`; its index.
    mutating func addColumn(_ key: String) -> Int {
        keys.append(key)
        columns.append([Int32](repeating: -1, count: count))
        return columns.count - 1
    }

    /// The entry of a value as a span table stores it (one entry per distinct stored value).
    mutating func entry(_ value: StoredValue, spans: borrowing SpanTable) -> Int32 {
        for r in recent where r.value == value { return r.entry }
        let e: Int32
        if let known = entryOfStored[value] {
            e = known
        } else {
            e = entry(spans.value(value))
            entryOfStored[value] = e
        }
        if recent.count < 16 { recent.append((value, e)) }
        return e
    }

    /// A new entry for a value (a resource's attribute: one per resource and key).
    mutating func entry(_ value: AttributeValue) -> Int32 {
        let text = value.displayText
        let t: Int32
        if let known = textID[text] {
            t = known
        } else {
            t = Int32(texts.count)
            texts.append(text)
            textID[text] = t
        }
        textOfEntry.append(t)
        numberOfEntry.append(value.numericValue)
        return Int32(textOfEntry.count - 1)
    }

    /// Positions grouped by their value's display text (no value: "(missing)"), each group in
    /// ascending position order: what grouping the texts themselves gives.
    func membersByText(_ ids: [Int32]) -> [String: [Int]] {
        var groupOfText = [Int](repeating: -1, count: texts.count)
        var textOfGroup: [Int32] = []
        var lists: [[Int]] = []
        for (k, e) in ids.enumerated() {
            let t = e >= 0 ? textOfEntry[Int(e)] : 0
            var g = groupOfText[Int(t)]
            if g < 0 {
                g = lists.count
                groupOfText[Int(t)] = g
                textOfGroup.append(t)
                lists.append([])
            }
            lists[g].append(k)
        }
        var members: [String: [Int]] = [:]
        for (g, list) in lists.enumerated() { members[texts[Int(textOfGroup[g])]] = list }
        return members
    }
}
