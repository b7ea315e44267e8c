import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Interning strings by their bytes gives the ids the string table gives the same strings.
@Suite struct ByteInternerTests {
    static func id(_ text: [UInt8], _ interner: inout ByteInterner, _ table: inout StringTable) -> UInt32 {
        text.withUnsafeBufferPointer { interner.id($0, in: &table) }
    }

    @Test func sameBytesSameIdAndTheTableAgrees() {
        var interner = ByteInterner()
        var table = StringTable()
        let a = Self.id(Array("frontend".utf8), &interner, &table)
        let b = Self.id(Array("cart".utf8), &interner, &table)
        #expect(Self.id(Array("frontend".utf8), &interner, &table) == a)
        #expect(a != b)
        #expect(table[a] == "frontend" && table[b] == "cart")
        #expect(table.id(of: "cart") == b)
        #expect(Self.id([], &interner, &table) == 0)
    }

    @Test func thousandsOfStringsSurviveTheTableGrowing() {
        var interner = ByteInterner()
        var table = StringTable()
        let ids = (0..<5000).map { Self.id(Array("value-\($0)".utf8), &interner, &table) }
        #expect(Set(ids).count == 5000)
        for (i, id) in ids.enumerated() { #expect(table[id] == "value-\(i)") }
        #expect((0..<5000).map { Self.id(Array("value-\($0)".utf8), &interner, &table) } == ids)
    }

    @Test func invalidUTF8IsRepairedAsTheReaderRepairsIt() {
        var interner = ByteInterner()
        var table = StringTable()
        let bad: [UInt8] = [0x61, 0xFF, 0x62]
        let id = Self.id(bad, &interner, &table)
        #expect(table[id] == String(decoding: bad, as: UTF8.self))
        #expect(table[id] == "a\u{FFFD}b")
        // Two different invalid sequences that repair to the same text share one id.
        #expect(Self.id([0x61, 0xFE, 0x62], &interner, &table) == id)
    }

    @Test func longStringsAreInternedToo() {
        var interner = ByteInterner()
        var table = StringTable()
        let long = Array(String(repeating: "x", count: 1000).utf8)
        let id = Self.id(long, &interner, &table)
        #expect(Self.id(long, &interner, &table) == id)
        #expect(table[id].count == 1000)
    }
}
