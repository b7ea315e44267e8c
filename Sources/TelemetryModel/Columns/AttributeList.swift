/// A span's attributes read in place from its table's arena: a collection of `Attribute`
/// values made on access, so a loop over many spans' attributes allocates no array per span.
public struct AttributeList: RandomAccessCollection, Sendable {
    public let table: SpanTable
    public let range: Range<Int>

    public init(table: SpanTable, range: ArenaRange) {
        self.table = table
        self.range = range.range
    }

    public var startIndex: Int { range.lowerBound }
    public var endIndex: Int { range.upperBound }

    public subscript(j: Int) -> Attribute {
        Attribute(key: table.strings[table.attributeArena.keys[j]], value: table.value(table.attributeArena.values[j]))
    }

    /// The value of the first attribute named `key`, as `[Attribute][key:]` gives.
    public subscript(key key: String) -> AttributeValue? {
        guard let id = table.strings.id(of: key) else { return nil }
        for j in range where table.attributeArena.keys[j] == id { return table.value(table.attributeArena.values[j]) }
        return nil
    }
}

extension SpanTable {
    /// The attributes of span `i`, read in place.
    public func attributeList(at i: Int) -> AttributeList { AttributeList(table: self, range: attributeRanges[i]) }
}
