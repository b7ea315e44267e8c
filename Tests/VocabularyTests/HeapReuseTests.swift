import Testing

@testable import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// `HeapReuse`: a block between the usual threshold and the raised one is mapped on its own
/// outside `during` and taken from a heap inside it, and the usual threshold is back after it
/// (once the heap's free top, which `during` lets it keep, is trimmed).
struct HeapReuseTests {
    #if os(Linux)
        /// Whether glibc mapped the block at `pointer` on its own: the `IS_MMAPPED` bit (0x2) of
        /// the size word just before a chunk's memory, a layout glibc has kept since its first
        /// `malloc`.
        static func isMapped(_ bytes: Int) -> Bool {
            guard let pointer = malloc(bytes) else { return false }
            defer { free(pointer) }
            return pointer.load(fromByteOffset: -MemoryLayout<Int>.size, as: Int.self) & 0x2 != 0
        }

        @Test func blocksBelowTheRaisedThresholdComeFromTheHeapOnlyDuringIt() throws {
            HeapReuse.mapLargeBlocks()
            let between = Int(HeapReuse.mappedFrom) * 2
            let above = Int(HeapReuse.reusedMappedFrom) + 4096
            #expect(Self.isMapped(between))
            let inside = HeapReuse.during { (Self.isMapped(between), Self.isMapped(above)) }
            #expect(inside.0 == false)
            #expect(inside.1)
            // The free space a heap kept during it goes back with the trim that follows it in a
            // render (the main heap's) or at the heap's next large free (a thread's heap, trimmed
            // by glibc then: here, the first block's); then such a block is mapped on its own.
            FreeMemory.returnToSystem()
            _ = Self.isMapped(between)
            #expect(Self.isMapped(between))
            // The value and the error of the body pass through.
            #expect(HeapReuse.during { 42 } == 42)
            struct Failure: Error {}
            #expect(throws: Failure.self) { try HeapReuse.during { () throws(Failure) in throw Failure() } }
            #expect(Self.isMapped(between))
        }
    #endif
}
