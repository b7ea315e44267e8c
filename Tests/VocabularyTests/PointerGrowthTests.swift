import Testing

@testable import Vocabulary

/// A raw buffer's growth (`UnsafeMutablePointer.grown`) keeps its values and doubles its room,
/// or makes room for what is needed when doubling is not enough.
struct PointerGrowthTests {
    @Test func valuesAreKeptAndRoomDoublesOrFitsTheNeed() {
        let base = UnsafeMutablePointer<Int32>.allocate(capacity: 4)
        for k in 0..<3 { base[k] = Int32(k * 7) }
        let doubled = UnsafeMutablePointer.grown(from: base, count: 3, capacity: 4, needed: 5)
        #expect(doubled.capacity == 8)
        #expect((0..<3).map { doubled.base[$0] } == [0, 7, 14])
        let fitted = UnsafeMutablePointer.grown(from: doubled.base, count: 3, capacity: 8, needed: 40)
        #expect(fitted.capacity == 40)
        #expect((0..<3).map { fitted.base[$0] } == [0, 7, 14])
        fitted.base.deallocate()
    }
}
