import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The page's interned tables: strings, span names, resources, attribute pairs, service sets
/// and shapes, each added on first use with its row written once as JSON; and how an attribute
/// value is encoded for the script's comparisons.
extension TraceTableData {
    /// The index of `s` in `strings`, added on first use: a string the span table holds by its
    /// id there (so each text is in `strings` once, whichever way it comes), any other by its text.
    mutating func intern(_ s: String) -> Int {
        if let id = spanStrings.id(of: s) { return internSpanString(id) }
        if let i = stringIndex[s] { return i }
        otherStrings.append(s)
        stringRefs.append(-Int32(otherStrings.count))
        stringTextBytes += JSONWriter.stringLength(s) + 1
        stringIndex[s] = stringRefs.count - 1
        return stringRefs.count - 1
    }

    /// The index in the strings of the span table's string `id`, added on first use;
    /// `textBytes`, its JSON text's length when the caller knows it (`SpanChunk` measures the
    /// values of its pairs on every core).
    mutating func internSpanString(_ id: UInt32, textBytes: Int? = nil) -> Int {
        let known = spanStringIndex[Int(id)]
        if known >= 0 { return Int(known) }
        stringRefs.append(Int32(bitPattern: id))
        stringTextBytes += (textBytes ?? spanStrings.withUTF8(of: id) { JSONWriter.stringLength(utf8: $0) }) + 1
        spanStringIndex[Int(id)] = Int32(stringRefs.count - 1)
        return stringRefs.count - 1
    }

    /// The `k`-th string of the text.
    func string(at k: Int) -> String {
        let ref = stringRefs[k]
        return ref >= 0 ? spanStrings[UInt32(ref)] : otherStrings[Int(-1 - ref)]
    }

    /// Bytes of the row `[-1 - key, value]` of two string indexes.
    static func cellBytes(key: Int, value: Int) -> Int { 3 + decimalLength(-1 - key) + decimalLength(value) }

    /// Characters of an integer in decimal, its sign included.
    static func decimalLength(_ n: Int) -> Int {
        var digits = n < 0 ? 2 : 1, rest = n.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }

    /// The number of pairs.
    var pairCount: Int { pairCells.count }

    /// The index of a shape (`[root service, root name, service set, spans, errors]`), added
    /// with its row on first use.
    mutating func shape(root: Int, name: Int, set: Int, spans: Int, errors: Int) -> Int {
        let (number, isNew) = shapeNumbers.number(root: root, name: name, set: set, spans: spans, errors: errors)
        if isNew { shapeRows.append("[\(root),\(name),\(set),\(spans),\(errors)]") }
        return number
    }

    /// The index of a service set (string indexes, in the trace's order), added on first use.
    mutating func serviceSet(_ set: [Int]) -> Int {
        if let i = serviceSetIndex[set] { return i }
        serviceSetRows.append(JSONWriter.write(.array(set.map { .int(Int64($0)) })))
        serviceSetIndex[set] = serviceSetRows.count - 1
        return serviceSetRows.count - 1
    }

    /// The index of an attribute pair, added on first use; its row is written from `stored`.
    /// `valueText`: for a string value, its JSON text's length, or −1 when it is too long to
    /// embed, when the caller measured it (`SpanChunk.pairValueText`).
    mutating func pair(_ key: PairKey, stored: StoredValue, spans: borrowing SpanTable, valueText: Int32? = nil) -> Int {
        let words = key.words
        if case .string(let id) = key.value, Int(id) < stringValuePair.count {
            let known = stringValuePair[Int(id)]
            if known < 0 {
                stringValuePair[Int(id)] = Int32(pairCount)
                stringValueKey[Int(id)] = key.key
                return addPair(key, stored: stored, words: words, spans: spans, valueText: valueText)
            }
            if stringValueKey[Int(id)] == key.key { return Int(known) }
        }
        if let i = pairIndex.value(forHigh: words.high, low: words.low, insertingIfAbsent: Int32(pairCount)) {
            return Int(i)
        }
        return addPair(key, stored: stored, words: words, spans: spans, valueText: valueText)
    }

    /// Adds a pair's row, the pair new to its index.
    private mutating func addPair(
        _ key: PairKey, stored: StoredValue, words: (high: UInt64, low: UInt64), spans: borrowing SpanTable, valueText: Int32?
    ) -> Int {
        pairJournal.append(words)
        if case .string(let id) = stored {
            let text = valueText.map(Int.init) ?? Self.valueText(id, in: spanStrings)
            if text >= 0 {
                // A string value short enough to embed: the key and value by their string
                // indexes, the row `[-1 - key, value]` as `append` and `JSONWriter` would write
                // it, without building the attribute.
                let k = internSpanString(key.key), v = internSpanString(id, textBytes: text)
                pairCells.append((Int32(k), Int32(v)))
                pairTextBytes += Self.cellBytes(key: k, value: v) + 1
                return pairCount - 1
            }
        }
        var row: [JSONValue] = []
        append(Attribute(key: spans.strings[key.key], value: spans.value(stored)), to: &row)
        let text = JSONWriter.write(.array(row))
        pairTexts.append(text)
        pairCells.append((-1, Int32(pairTexts.count - 1)))
        pairTextBytes += text.utf8.count + 1
        return pairCount - 1
    }

    /// The JSON text's length of string `id` of `strings` as a pair's value, or −1 when it is
    /// too long to embed (its UTF-8 bytes bound its characters: `attributeValueLimit`).
    static func valueText(_ id: UInt32, in strings: StringTable) -> Int {
        strings.utf8Count(of: id) <= attributeValueLimit ? strings.withUTF8(of: id) { JSONWriter.stringLength(utf8: $0) } : -1
    }

    /// The text of pair `p`'s row, as the text holds it before its braces are escaped.
    func pairRow(_ p: Int) -> String {
        let cell = pairCells[p]
        return cell.key >= 0 ? "[\(-1 - Int(cell.key)),\(cell.value)]" : pairTexts[Int(cell.value)]
    }

    /// The row of a span's resource, added on first use; an index out of range is an empty resource.
    mutating func resource(_ index: Int32, snapshot: Snapshot) -> Int {
        if let row = resourceIndex[index] { return row }
        let resource = index >= 0 && Int(index) < snapshot.resources.count ? snapshot.resources[Int(index)] : Resource()
        var row: [JSONValue] = [.int(Int64(intern(resource.serviceName)))]
        for attribute in resource.attributes { append(attribute, to: &row) }
        resourceRows.append(JSONWriter.write(.array(row)))
        resourceIndex[index] = resourceRows.count - 1
        return resourceRows.count - 1
    }

    mutating func append(_ attribute: Attribute, to row: inout [JSONValue]) {
        let key = Int64(intern(attribute.key))
        switch Self.encode(attribute.value) {
        case .plain(.string(let v)): row += [.int(-1 - key), .int(Int64(intern(v)))]
        case .plain(let v): row += [.int(key), v]
        case .typed(let v): row += [.int(-1 - key), .string(v)]
        }
    }

    enum Encoded {
        case plain(JSONValue)
        case typed(String)
    }

    /// A value as the script compares it (`FilterAttributeTest`'s rules): ints within ±2^53 and
    /// finite doubles as numbers (for those, int and double comparisons give the same answers),
    /// other values tagged.
    static func encode(_ value: AttributeValue) -> Encoded {
        switch value {
        case .string(let s): return s.count <= attributeValueLimit ? .plain(.string(s)) : .plain(.null)
        case .bool(let b): return .plain(.bool(b))
        case .int(let i):
            let limit: Int64 = 1 << 53
            return i > -limit && i < limit ? .plain(.int(i)) : .typed("i" + String(i))
        case .double(let d):
            if d.isFinite { return .plain(.number(d)) }
            return .typed(d.isNaN ? "fNaN" : d > 0 ? "fInfinity" : "f-Infinity")
        case .bytes, .array, .kvlist, .empty:
            let text = value.displayText
            return text.count <= attributeValueLimit ? .typed("t" + text) : .plain(.null)
        }
    }
}
