import Testing
import Vocabulary

@testable import TelemetryModel

/// `StringTable`'s own index against the `[String: UInt32]` it replaced (issue 7): the same ids
/// for the same strings in the same order, with `String`'s equality (canonical equivalence).
struct StringTableTests {
    /// The reference: first-seen ids through a dictionary, as the table was before.
    struct Reference {
        var strings: [String] = [""]
        var ids: [String: UInt32] = ["": 0]
        mutating func intern(_ s: String) -> UInt32 {
            if let id = ids[s] { return id }
            strings.append(s)
            ids[s] = UInt32(strings.count - 1)
            return UInt32(strings.count - 1)
        }
    }

    @Test func idsAreFirstSeenOrderAndTheEmptyStringIsZero() {
        var table = StringTable()
        #expect(table.intern("") == 0)
        #expect(table.intern("GET") == 1)
        #expect(table.intern("POST") == 2)
        #expect(table.intern("GET") == 1)
        #expect(table.strings == ["", "GET", "POST"])
        #expect(table.id(of: "POST") == 2)
        #expect(table.id(of: "PUT") == nil)
        #expect(table[2] == "POST")
    }

    @Test func canonicallyEquivalentStringsShareAnId() {
        var table = StringTable()
        // "é" precomposed, then decomposed; KELVIN SIGN, then the letter K it is equivalent to.
        let first = table.intern("caf\u{E9}")
        #expect(table.intern("cafe\u{301}") == first)
        let kelvin = table.intern("\u{212A}")
        #expect(table.intern("K") == kelvin)
        #expect(table.id(of: "K") == kelvin)
        #expect(table.strings == ["", "caf\u{E9}", "\u{212A}"])
    }

    /// The table keeps each string's bytes, not a `String`: the first spelling met is the one
    /// kept (as the dictionary kept its first key), read in place with its UTF-8 length.
    @Test func bytesAreTheFirstSpellingsUTF8() {
        var table = StringTable()
        let long = String(repeating: "x", count: 300)
        let ids = ["GET", "caf\u{E9}", "cafe\u{301}", "", "日本", long, "GET"].map { table.intern($0) }
        #expect(ids == [1, 2, 2, 0, 3, 4, 1])
        for (id, s) in [(UInt32(0), ""), (1, "GET"), (2, "caf\u{E9}"), (3, "日本"), (4, long)] {
            #expect(table.withUTF8(of: id) { Array($0) } == Array(s.utf8))
            #expect(table.utf8Count(of: id) == s.utf8.count)
            #expect(table[id].utf8.elementsEqual(s.utf8))
        }
        #expect(table.count == 5)
        // `equals` compares as `String`s do: either spelling of "café" equals the kept one.
        #expect(table.equals(2, "cafe\u{301}") && table.equals(2, "caf\u{E9}") && table.equals(1, "GET"))
        #expect(!table.equals(1, "GETS") && !table.equals(1, "get") && !table.equals(2, "cafe") && !table.equals(0, " "))
        #expect(table.equals(0, "") && table.equals(4, long))
    }

    /// The first ids' `String`s are made once and shared; later ones, and strings added after,
    /// are made from the bytes on each use: the same text either way.
    @Test func leadingStringsAreSharedAndTheRestMadeOnUse() {
        var table = StringTable()
        let texts = (0..<10).map { "a string longer than fifteen bytes, number \($0)" }
        for t in texts { _ = table.intern(t) }
        table.shareLeadingStrings(4)
        #expect((0..<4).allSatisfy { table.isShared(UInt32($0)) } && !table.isShared(4))
        let added = table.intern("added after the sharing, also long")
        #expect(!table.isShared(added))
        #expect(table.strings == [""] + texts + ["added after the sharing, also long"])
        #expect(table.id(of: texts[2]) == 3 && table.equals(3, texts[2]))
        // A finished snapshot's table shares its leading strings.
        var builder = SnapshotBuilder()
        builder.add([SpanTableTests.span(1, 1, name: "op", start: 0, end: 1)])
        #expect(builder.finish().spans.strings.isShared(1))
    }

    @Test func manyStringsGetTheDictionarysIdsAcrossGrowth() {
        var table = StringTable(), reference = Reference()
        // 60,000 draws from 20,000 values (repeats, and growth well past the first index size).
        var random = SplitMix64(seed: 7)
        for _ in 0..<60_000 {
            let s = "value-\(random.next(upperBound: UInt64(20_000)))"
            #expect(table.intern(s) == reference.intern(s))
        }
        #expect(table.strings == reference.strings)
        for (id, s) in reference.strings.enumerated() { #expect(table.id(of: s) == UInt32(id)) }
        #expect(table.id(of: "value-absent") == nil)
    }

    @Test func mergeMapsEachIdToTheSameStringHere() {
        var a = StringTable(), b = StringTable(), reference = Reference()
        for s in ["svc-a", "op1", "x"] {
            _ = a.intern(s)
            _ = reference.intern(s)
        }
        for s in ["op1", "y", "cafe\u{301}", "svc-a", "z"] { _ = b.intern(s) }
        _ = a.intern("caf\u{E9}")
        _ = reference.intern("caf\u{E9}")
        let map = a.merge(b)
        #expect(map == b.strings.map { reference.intern($0) })
        #expect(a.strings == reference.strings)
        for (id, s) in b.strings.enumerated() { #expect(a[map[id]] == s) }
    }
}
