import Testing
import Vocabulary

@Suite struct IntegerMapTests {
    /// Numbering keys by first meeting through the map gives the ids a `Dictionary` gives, for
    /// keys that repeat, keys that differ only in one word, and enough keys to grow it many times.
    @Test func numbersKeysAsADictionaryDoes() {
        var rng = SplitMix64(seed: 7)
        var map = IntegerMap()
        var reference: [[UInt64]: Int32] = [:]
        for _ in 0..<50_000 {
            // Few distinct high words and a skewed low word, so keys collide on one word often.
            let high = rng.next() % 5, low = rng.next() % 3 == 0 ? rng.next() % 4 : rng.next() % 40_000
            let fresh = Int32(reference.count)
            let known = map.value(forHigh: high, low: low, insertingIfAbsent: fresh)
            if let id = reference[[high, low]] {
                #expect(known == id)
            } else {
                #expect(known == nil)
                reference[[high, low]] = fresh
            }
        }
        #expect(map.count == reference.count)
        for (key, id) in reference { #expect(map.value(forHigh: key[0], low: key[1]) == id) }
        #expect(map.value(forHigh: 99, low: 0) == nil)
    }

    /// Zero words are an ordinary key (an empty slot is told apart by its value, not its key).
    @Test func zeroKeyAndLowOnlyKeys() {
        var map = IntegerMap(capacity: 1)
        #expect(map.value(low: 0) == nil)
        #expect(map.value(low: 0, insertingIfAbsent: 0) == nil)
        #expect(map.value(low: 0, insertingIfAbsent: 5) == 0)
        #expect(map.value(low: UInt64.max, insertingIfAbsent: 1) == nil)
        #expect(map.value(forHigh: 1, low: 0) == nil)
        #expect(map.value(low: UInt64.max) == 1)
        #expect(map.count == 2)
    }
}

@Suite struct IntegerMapRollBackTests {
    /// Removing the values given since a mark leaves exactly the earlier keys, which keep their
    /// values, and the removed keys can be given new values.
    @Test func removeValuesAtLeastKeepsTheEarlierKeys() {
        var map = IntegerMap()
        for k in 0..<1000 { _ = map.value(forHigh: UInt64(k % 7), low: UInt64(k), insertingIfAbsent: Int32(k)) }
        map.removeValues(atLeast: 600)
        #expect(map.count == 600)
        for k in 0..<1000 {
            #expect(map.value(forHigh: UInt64(k % 7), low: UInt64(k)) == (k < 600 ? Int32(k) : nil))
        }
        #expect(map.value(forHigh: 1, low: 750, insertingIfAbsent: 600) == nil)
        #expect(map.value(forHigh: 1, low: 750) == 600)
    }
}
