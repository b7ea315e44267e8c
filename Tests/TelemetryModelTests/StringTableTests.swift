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
