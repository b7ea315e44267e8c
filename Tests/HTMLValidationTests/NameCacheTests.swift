import Testing

@testable import HTMLValidation

/// `NameCache` gives the string an address spells, whether the address is met again, shares its
/// slot with another, or comes back after the other took the slot.
@Suite struct NameCacheTests {
    @Test func eachAddressGivesItsOwnText() {
        // Two names 2,048 bytes apart fall in the same slot; a third elsewhere.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        defer { buffer.deallocate() }
        func put(_ text: String, at offset: Int) -> UnsafePointer<UInt8> {
            let bytes = Array(text.utf8) + [0]
            for (k, b) in bytes.enumerated() { buffer[offset + k] = b }
            return UnsafePointer(buffer + offset)
        }
        let a = put("rect", at: 0), b = put("xlink:href", at: 2048), c = put("g", at: 8)
        var cache = NameCache()
        for _ in 0..<3 {
            #expect(cache.string(a) == "rect")
            #expect(cache.string(b) == "xlink:href")
            #expect(cache.string(a) == "rect")
            #expect(cache.string(c) == "g")
            #expect(cache.string(c) == "g")
        }
    }
}
