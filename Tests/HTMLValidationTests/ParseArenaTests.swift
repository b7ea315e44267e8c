import CLibXML2
import CParseArena
import Foundation
import Testing
import Vocabulary

@testable import HTMLValidation

/// The arena libxml2 allocates from while a page is checked (`parse_arena.c`): which blocks it
/// serves, that their bytes survive growth and moves, that the chunks go back to the pool, and
/// that checking pages through it gives the same answers, errors included, page after page.
@Suite(.serialized)
struct ParseArenaTests {
    @Test func blocksAreTheArenasOnlyBetweenBeginAndEndAndOnlyWhenSmall() {
        let before = parse_arena_malloc(100)!
        #expect(parse_arena_owns(before) == 0)
        parse_arena_begin()
        let small = parse_arena_malloc(100)!
        let large = parse_arena_malloc(64 * 1024 + 1)!
        let limit = parse_arena_malloc(64 * 1024)!
        #expect(parse_arena_owns(small) == 1)
        #expect(parse_arena_owns(large) == 0)
        #expect(parse_arena_owns(limit) == 1)
        #expect(parse_arena_thread_chunks() == 1)
        // A chunk is one huge page, on a 2 MiB boundary: its first block follows the chunk's
        // 64-byte link and the block's 16-byte header.
        #expect(UInt(bitPattern: small) % (2 << 20) == 64 + 16)
        // malloc's blocks are malloc's to free, inside the arena's time as outside it.
        parse_arena_free(before)
        parse_arena_free(large)
        parse_arena_free(small)
        parse_arena_free(limit)
        parse_arena_end()
        #expect(parse_arena_thread_chunks() == 0)
        let after = parse_arena_malloc(100)!
        #expect(parse_arena_owns(after) == 0)
        parse_arena_free(after)
    }

    @Test func blocksAreSixteenByteAlignedAndKeepTheirBytesThroughReallocAndStrdup() {
        parse_arena_begin()
        defer { parse_arena_end() }
        var blocks: [UnsafeMutableRawPointer] = []
        for size in [1, 7, 16, 33, 1000, 4095] {
            let block = parse_arena_malloc(size)!
            #expect(Int(bitPattern: block) % 16 == 0)
            block.initializeMemory(as: UInt8.self, repeating: UInt8(size % 251), count: size)
            blocks.append(block)
        }
        for (block, size) in zip(blocks, [1, 7, 16, 33, 1000, 4095]) {
            #expect(block.assumingMemoryBound(to: UInt8.self)[size - 1] == UInt8(size % 251))
        }
        // The latest block grows where it is; an older one moves, with its bytes.
        let latest = blocks.last!
        let grown = parse_arena_realloc(latest, 8000)!
        #expect(grown == latest)
        let older = blocks[2]
        let moved = parse_arena_realloc(older, 5000)!
        #expect(moved != older)
        #expect((0..<16).allSatisfy { moved.assumingMemoryBound(to: UInt8.self)[$0] == 16 })
        // Into a block of malloc's once past 64 KiB, still with the bytes.
        let big = parse_arena_realloc(moved, 100_000)!
        #expect(parse_arena_owns(big) == 0)
        #expect((0..<16).allSatisfy { big.assumingMemoryBound(to: UInt8.self)[$0] == 16 })
        parse_arena_free(big)
        let copy = parse_arena_strdup("répertoire")!
        #expect(String(cString: copy) == "répertoire")
        #expect(parse_arena_owns(copy) == 1)
    }

    @Test func freeingTheLatestBlockGivesItsSpaceToTheNext() {
        parse_arena_begin()
        defer { parse_arena_end() }
        let first = parse_arena_malloc(48)!
        parse_arena_free(first)
        let second = parse_arena_malloc(48)!
        #expect(second == first)
        let third = parse_arena_malloc(48)!
        parse_arena_free(second)  // not the latest: nothing is taken back
        #expect(parse_arena_malloc(48)! != second)
        #expect(third != second)
    }

    /// Whether a document may be left to the arena's end: only while no block of malloc's served
    /// since the arena began is live, however it came (a large block, a block grown past 64 KiB
    /// or moved by realloc), and never outside the arena's time or once too many were live.
    @Test func everyBlockIsTheArenasOnlyWhileNoneOfMallocsIsLive() {
        #expect(parse_arena_holds_every_block() == 0)
        let before = parse_arena_malloc(100_000)!
        parse_arena_begin()
        #expect(parse_arena_holds_every_block() == 1)
        let small = parse_arena_malloc(100)!
        #expect(parse_arena_holds_every_block() == 1)
        let large = parse_arena_malloc(100_000)!
        #expect(parse_arena_holds_every_block() == 0)
        let moved = parse_arena_realloc(large, 200_000)!
        #expect(parse_arena_holds_every_block() == 0)
        parse_arena_free(moved)
        #expect(parse_arena_holds_every_block() == 1)
        // A block from before the arena began is malloc's to free, and was never counted.
        parse_arena_free(before)
        #expect(parse_arena_holds_every_block() == 1)
        let grown = parse_arena_realloc(small, 70_000)!
        #expect(parse_arena_owns(grown) == 0)
        #expect(parse_arena_holds_every_block() == 0)
        parse_arena_free(grown)
        #expect(parse_arena_holds_every_block() == 1)
        let copy = parse_arena_strdup(String(repeating: "x", count: 70_000))!
        #expect(parse_arena_holds_every_block() == 0)
        parse_arena_free(copy)
        #expect(parse_arena_holds_every_block() == 1)
        // More live at once than are remembered: no longer known, until the arena ends.
        let many = (0..<65).map { _ in parse_arena_malloc(70_000)! }
        many.forEach { parse_arena_free($0) }
        #expect(parse_arena_holds_every_block() == 0)
        parse_arena_end()
        #expect(parse_arena_holds_every_block() == 0)
        parse_arena_begin()
        #expect(parse_arena_holds_every_block() == 1)
        parse_arena_end()
    }

    /// Pages whose documents are left to the arena (no text over 64 KiB) and pages freed node by
    /// node (a text of 100 KB), one after another on one thread: the same answers each time, and
    /// every chunk given back.
    @Test func documentsLeftToTheArenaAndFreedNodeByNodeGiveTheSameAnswers() {
        let small = Fixtures.page(body: "<p id=\"a\">x</p><p id=\"a\">y</p>")
        let large = Fixtures.page(body: "<p id=\"a\">\(String(repeating: "z", count: 100_000))</p><p id=\"a\">y</p>")
        let expected = [small, large].map { HTMLValidator().validate([HTMLDocument(path: "p.html", text: $0)]) }
        #expect(expected.allSatisfy { $0.contains { $0.rule == ValidationRule.duplicateID.rawValue } })
        for round in 0..<20 {
            let k = round % 2
            #expect(HTMLValidator().validate([HTMLDocument(path: "p.html", text: [small, large][k])]) == expected[k])
        }
        #expect(parse_arena_thread_chunks() == 0)
    }

    /// Only this thread's count is asserted: other suites check pages on other threads at the
    /// same time, taking chunks from the pool and giving them back.
    @Test func aDocumentOfManyChunksGivesThemAllBack() {
        parse_arena_begin()
        for _ in 0..<6_000 { _ = parse_arena_malloc(1_000) }  // 6 MB: more than two chunks
        #expect(parse_arena_thread_chunks() >= 3)
        parse_arena_end()
        #expect(parse_arena_thread_chunks() == 0)
        parse_arena_trim()
    }

    /// A page with errors and one without, checked in turn on two threads many times: the
    /// diagnostics (whose strings libxml2 copies into the thread's last error, from the arena)
    /// are the same every time, and nothing is left held.
    @Test func pagesCheckedOneAfterAnotherGiveTheSameAnswers() {
        let broken = Fixtures.page(body: "<p id=\"a\">x</p><p id=\"a\"><b>unclosed</p>")
        let clean = ScaleTests.largePage(rows: 300)
        let expected = HTMLValidator().validate([HTMLDocument(path: "b.html", text: broken)])
        #expect(expected.contains { $0.rule == ValidationRule.xmlParse.rawValue })
        // Two threads at once (CoreSplit runs each part on a thread of its own).
        let answers = CoreSplit.map(2, threads: 2) { _ -> [ValidationIssue] in
            var all: [ValidationIssue] = []
            for round in 0..<40 {
                let text = round % 2 == 0 ? broken : clean
                all += HTMLValidator().validate([HTMLDocument(path: "b.html", text: text)])
            }
            return all
        }
        for answer in answers {
            #expect(answer == Array([[ValidationIssue]](repeating: expected, count: 20).joined()))
        }
        #expect(parse_arena_thread_chunks() == 0)
    }
}
