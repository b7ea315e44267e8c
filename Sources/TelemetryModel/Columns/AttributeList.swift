/// A span's attributes read in place from its table's arena: a collection of `Attribute`
/// values made on access, so a loop over many spans' attributes allocates no array per span.
public struct AttributeList: RandomAccessCollection, Sendable {
    // The arena and the strings only, not the whole table: copying a table retains every column.
    let arena: AttributeArena
    let strings: StringTable
    public let range: Range<Int>

    public init(table: SpanTable, range: ArenaRange) {
        self.arena = table.attributeArena
        self.strings = table.strings
        self.range = range.range
    }

    public var startIndex: Int { range.lowerBound }
    public var endIndex: Int { range.upperBound }

    public subscript(j: Int) -> Attribute {
        Attribute(key: strings[arena.keys[j]], value: arena.value(arena.values[j], strings: strings))
    }

    /// The value of the first attribute named `key`, as `[Attribute][key:]` gives.
    public subscript(key key: String) -> AttributeValue? {
        guard let id = strings.id(of: key) else { return nil }
        for j in range where arena.keys[j] == id { return arena.value(arena.values[j], strings: strings) }
        return nil
    }
}

extension SpanTable {
    /// The attributes of span `i`, read in place.
    public func attributeList(at i: Int) -> AttributeList { AttributeList(table: self, range: attributeRanges[i]) }
}
