import Testing

@testable import Vocabulary

/// `RecentKeys` answers only what the dictionary behind it would, and remembers the last
/// `capacity` keys.
@Suite struct RecentKeysTests {
    @Test func remembersTheLastKeysAndForgetsTheOldest() {
        var recent = RecentKeys<String, Int>()
        #expect(recent.value(for: "a") == nil)
        for k in 0..<RecentKeys<String, Int>.capacity { recent.remember("key \(k)", k) }
        #expect(recent.value(for: "key 0") == 0)
        #expect(recent.value(for: "key 7") == 7)
        recent.remember("key 8", 8)  // replaces the oldest, key 0
        #expect(recent.value(for: "key 0") == nil)
        #expect(recent.value(for: "key 1") == 1)
        #expect(recent.value(for: "key 8") == 8)
        recent.remember("key 9", 9)  // then key 1
        #expect(recent.value(for: "key 1") == nil)
        #expect(recent.value(for: "key 2") == 2)
    }

    @Test func aDictionaryLookupThroughItGivesTheDictionarysAnswers() {
        // Many keys (most lookups miss the recent ones), repeated, and keys that are equal but
        // not the same storage: every answer is the subscript's.
        var table: [String: Int] = [:]
        for k in 0..<50 { table[String(repeating: "x", count: k % 20) + "\(k)"] = k }
        var recent = RecentKeys<String, Int>()
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let k = Int(state >> 33) % 60  // 50...59 are absent
            let key = String(repeating: "x", count: k % 20) + String(k)
            #expect(table.value(for: key, recent: &recent) == table[key])
        }
    }

    /// Keys compared by their bytes first: the same storage is found by its bytes, an equal
    /// string in another storage by its contents, and a struct with padding after its flag by
    /// either.
    @Test func keysWithTheSameBytesAreFoundBeforeTheirContentsAreCompared() {
        let long = String(repeating: "checkout-", count: 4)
        let copy = String(decoding: Array(long.utf8), as: UTF8.self)
        #expect(RecentKeys<String, Int>.sameBits(long, long))
        #expect(!RecentKeys<String, Int>.sameBits(long, copy))  // equal, but two storages
        var recent = RecentKeys<String, Int>()
        recent.remember("cart", 1)
        recent.remember(long, 2)
        #expect(recent.value(for: long) == 2)
        #expect(recent.value(for: copy) == 2)
        #expect(recent.value(for: "cart") == 1)
        #expect(recent.value(for: long + "x") == nil)
        struct Flagged: Equatable, SameBitsAreEqual {
            let name: String
            let flag: Bool
        }
        var flagged = RecentKeys<Flagged, Int>()
        flagged.remember(Flagged(name: long, flag: true), 3)
        #expect(flagged.value(for: Flagged(name: long, flag: true)) == 3)
        #expect(flagged.value(for: Flagged(name: copy, flag: true)) == 3)
        #expect(flagged.value(for: Flagged(name: long, flag: false)) == nil)
    }

    @Test func listsAreKeysByTheirElements() {
        var recent = RecentKeys<[String], Int>()
        recent.remember(["cart", "frontend"], 1)
        #expect(recent.value(for: ["cart"] + ["frontend"]) == 1)
        #expect(recent.value(for: ["frontend", "cart"]) == nil)
    }
}

/// `FirstSeenKeys` numbers keys in the order first met, whatever the recent keys hold.
@Suite struct FirstSeenKeysTests {
    @Test func numbersKeysInTheOrderFirstMet() {
        var keys = FirstSeenKeys<String>()
        // More distinct keys than `RecentKeys` remembers, met again out of order.
        let met = (0..<20).map { "service-\($0 % 12)" } + ["service-3", "service-11", "service-0"]
        var slots: [Int] = [], new: [Bool] = []
        for key in met {
            let (slot, isNew) = keys.slot(of: key)
            slots.append(slot)
            new.append(isNew)
        }
        #expect(keys.keys == (0..<12).map { "service-\($0)" })
        #expect(keys.count == 12)
        #expect(slots == (0..<20).map { $0 % 12 } + [3, 11, 0])
        #expect(new == (0..<20).map { $0 < 12 } + [false, false, false])
        #expect(keys.existingSlot(of: "service-7") == 7)
        #expect(keys.existingSlot(of: "service-12") == nil)
        #expect(keys.count == 12)
    }
}
