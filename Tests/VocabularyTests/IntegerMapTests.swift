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

@Suite struct IntegerMapRemovalTests {
    /// Removing keys one by one (backward-shift deletion) against a `Dictionary`: keys that
    /// collide on their home slots and wrap around the table's end, removals inside and at the
    /// ends of runs, removed keys given new values, and keys that are not there.
    @Test func removeKeepsEveryOtherKeyFindable() {
        var rng = SplitMix64(seed: 11)
        // Sizes from a table that never grows to one that grows several times.
        for capacity in [4, 64, 4_096] {
            var map = IntegerMap(capacity: capacity)
            var reference: [[UInt64]: Int32] = [:]
            var next: Int32 = 0
            for step in 0..<30_000 {
                // Few distinct keys, so removals meet keys that are there and runs stay long.
                let high = rng.next() % 3, low = rng.next() % 700
                if rng.next() % 3 == 0 {
                    let removed = map.remove(high: high, low: low), wasThere = reference.removeValue(forKey: [high, low]) != nil
                    #expect(removed == wasThere, "step \(step)")
                } else if map.value(forHigh: high, low: low, insertingIfAbsent: next) == nil {
                    #expect(reference[[high, low]] == nil)
                    reference[[high, low]] = next
                    next += 1
                }
                #expect(map.count == reference.count)
            }
            for (key, id) in reference { #expect(map.value(forHigh: key[0], low: key[1]) == id) }
            for high in UInt64(0)..<3 {
                for low in UInt64(0)..<700 where reference[[high, low]] == nil { #expect(map.value(forHigh: high, low: low) == nil) }
            }
        }
    }

    /// Undoing the keys given since a mark one by one (the trace page's roll-back) leaves exactly
    /// the earlier keys with their values, as a map given only those has, and the removed keys
    /// can be given new values.
    @Test func removingTheLatestKeysLeavesTheEarlierOnes() {
        var rng = SplitMix64(seed: 5)
        var keys: [(UInt64, UInt64)] = []
        var map = IntegerMap(), earlier = IntegerMap()
        while keys.count < 3_000 {
            let key = (rng.next() % 4, rng.next() % 100_000)
            guard map.value(forHigh: key.0, low: key.1, insertingIfAbsent: Int32(keys.count)) == nil else { continue }
            if keys.count < 1_800 { _ = earlier.value(forHigh: key.0, low: key.1, insertingIfAbsent: Int32(keys.count)) }
            keys.append(key)
        }
        for key in keys[1_800...].reversed() {
            let removed = map.remove(high: key.0, low: key.1)
            #expect(removed)
        }
        #expect(map.count == 1_800)
        for (k, key) in keys.enumerated() {
            #expect(map.value(forHigh: key.0, low: key.1) == earlier.value(forHigh: key.0, low: key.1))
            #expect(map.value(forHigh: key.0, low: key.1) == (k < 1_800 ? Int32(k) : nil))
        }
        let (high, low) = keys[2_500]
        #expect(map.value(forHigh: high, low: low, insertingIfAbsent: 1_800) == nil)
        #expect(map.value(forHigh: high, low: low) == 1_800)
    }
}
