import Foundation
import Testing
import Vocabulary

@testable import HTMLValidation

/// A data block's plain text is handed to libxml2 as its newlines alone (`DataBlockText`): which
/// text qualifies, and that every page checks to the same issues, at the same places, as when
/// libxml2 reads every byte (`knownUTF8: false` turns the shortcut off).
struct DataBlockTextTests {
    /// JSON over `lines` lines of about 100 KB in all, the last line `}`.
    static func json(lines: Int = 20, row: String = "\"abc\",12345,\"ZGVmZ2hp\",") -> String {
        let line = String(repeating: row, count: 120_000 / lines / row.utf8.count)
        return "{\n" + (0..<lines).map { "  \"k\($0)\": [\(line)0]," }.joined(separator: "\n") + "\n  \"end\": 0\n}"
    }

    static func block(_ json: String = json(), type: String = "type=\"application/json\"") -> String {
        "<script \(type) id=\"d\">\(json)</script>"
    }

    static func steps(_ page: String) -> [Int] {
        Array(page.utf8).withUnsafeBufferPointer { DataBlockText.steps(in: $0) }
    }

    @Test func plainMultiLineTextIsSteppedOverToItsLastLine() throws {
        let json = Self.json()
        let page = Fixtures.page(body: "<p>x</p>\n" + Self.block(json) + "\n<p>y</p>")
        let steps = Self.steps(page)
        #expect(steps.count == 3)
        let bytes = Array(page.utf8)
        let start = try #require(page.range(of: json)).lowerBound.utf16Offset(in: page)
        #expect(steps[0] == start)
        // Up to and with the last newline: `}` and `</script>` are read as written.
        #expect(String(decoding: bytes[steps[1]...].prefix(10), as: UTF8.self) == "}</script>")
        #expect(steps[2] == json.utf8.filter { $0 == 0x0A }.count)
    }

    @Test func textThatCouldHoldMarkupIsReadWhole() {
        let json = Self.json()
        for text in [
            json.replacingOccurrences(of: "abc", with: "a&amp;c"),
            json.replacingOccurrences(of: "abc", with: "a--c"),
            json.replacingOccurrences(of: "abc", with: "a>c"),
            json.replacingOccurrences(of: "abc", with: "café"),
            json.replacingOccurrences(of: "abc", with: "a\tc"),
            json.replacingOccurrences(of: "\n", with: " "),
        ] {
            #expect(Self.steps(Fixtures.page(body: Self.block(text))).isEmpty)
        }
        // Other start tags, or too little text to bother.
        #expect(Self.steps(Fixtures.page(body: Self.block(type: "type='application/json'"))).isEmpty)
        #expect(Self.steps(Fixtures.page(body: Self.block(type: "type=\"application/jsonx\""))).isEmpty)
        #expect(Self.steps(Fixtures.page(body: Self.block(type: "type=\"text/javascript\""))).isEmpty)
        #expect(Self.steps(Fixtures.page(body: Self.block("[\n" + String(repeating: "1,", count: 30_000) + "0\n]"))).isEmpty)
        #expect(Self.steps(Fixtures.page(body: Self.block("[\n" + String(repeating: "1,", count: 40_000) + "0\n]"))).count == 3)
        // Two blocks, both stepped over.
        #expect(Self.steps(Fixtures.page(body: Self.block() + "<p>x</p>" + Self.block())).count == 6)
    }

    /// Pages whose problems sit after, at the end of, around and instead of a data block give
    /// the same issues at the same lines and columns either way.
    @Test func everyPageChecksTheSameWithAndWithoutTheShortcut() throws {
        let block = Self.block()
        let bodies = [
            "<p id=\"a\">x</p>\n" + block + "\n<p>y</p>\n<p id=\"a\">dup</p><a href=\"#nowhere\">l</a>",
            "<p>x</p>" + block + "<p>unclosed\n<b>bold</p>",
            "<p>x</p>" + block.replacingOccurrences(of: "\n}</script>", with: "\n} & </script>"),
            "<p>x</p>" + block.replacingOccurrences(of: "</script>", with: "</scrip>") + "<p>y</p>",
            "<!-- " + block + " -->\n<p id=\"b\">x</p><p id=\"b\">y</p>",
            "<!-- " + block.replacingOccurrences(of: "<script", with: "script") + " -->\n<p id=\"b\">x</p><p id=\"b\">y</p>",
            "<p title=\"" + block.replacingOccurrences(of: "\"", with: "'") + "\">x</p>",
            block + "\n<a href=\"#a\">a</a><p id=\"a\" onclick=\"f()\">{{hole}}</p><img src=\"http://x/y.png\" alt=\"\"/>",
        ]
        for (n, body) in bodies.enumerated() {
            let bytes = Array(Fixtures.page(body: body).utf8)
            let fast = PageChecker(file: "p.html", bytes: bytes, knownUTF8: true).check()
            let slow = PageChecker(file: "p.html", bytes: bytes, knownUTF8: false).check()
            #expect(fast.issues == slow.issues, "page \(n)")
            #expect(fast.ids == slow.ids, "page \(n)")
            #expect(fast.links.map { "\($0.href) \($0.position)" } == slow.links.map { "\($0.href) \($0.position)" }, "page \(n)")
        }
        // The first page's issue and link are there, after the block, on their line.
        let page = Fixtures.page(body: bodies[0])
        #expect(Self.steps(page).count == 3)
        let line = try #require(page.range(of: "<p id=\"a\">dup")).lowerBound
        let expected = page[..<line].filter { $0 == "\n" }.count + 1
        let first = PageChecker(file: "p.html", bytes: Array(page.utf8), knownUTF8: true).check()
        #expect(first.issues.map(\.rule) == ["duplicate-id"])
        #expect(first.issues.map(\.line) == [expected])
        #expect(first.issues.map(\.column) == [4])
        #expect(first.links.map(\.position) == [SourcePosition(line: expected, column: 21)])
    }

    /// The sixteen-byte test flags what the byte-by-byte reading refuses: random texts of every
    /// length up to 160 (several blocks and the tail), mostly plain, with newlines, dashes (a
    /// pair included), markup characters, controls, DEL and bytes above ASCII at random places;
    /// and a pair of dashes at every offset, across the blocks' borders too.
    @Test func plainTextAgreesWithAByteByByteReading() {
        var random = SplitMix64(seed: 43)
        let rare: [UInt8] = [0x0A, 0x0A, 0x2D, 0x2D, 0x3C, 0x3E, 0x26, 0x09, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x7E, 0x20]
        func reference(_ bytes: [UInt8]) -> (lastNewline: Int, newlines: Int)? {
            var lastNewline = -1, newlines = 0, previous: UInt8 = 0
            for (i, b) in bytes.enumerated() {
                if b == 0x0A {
                    lastNewline = i
                    newlines += 1
                } else if b < 0x20 || b > 0x7E || b == 0x3E || b == 0x26 || b == 0x3C || (b == 0x2D && previous == 0x2D) {
                    return nil
                }
                previous = b
            }
            return lastNewline >= 0 ? (lastNewline, newlines) : nil
        }
        for round in 0..<4000 {
            let count = Int(random.next() % 161)
            let markup: Set<UInt8> = [0x3C, 0x3E, 0x26, 0x2D]
            var bytes: [UInt8] = (0..<count).map { _ in
                let b = UInt8(0x21 + random.next() % 0x5D)
                return markup.contains(b) ? 0x61 : b
            }
            for _ in 0..<Int(random.next() % 4) where count > 0 {
                bytes[Int(random.next() % UInt64(count))] = rare[Int(random.next() % UInt64(rare.count))]
            }
            if round % 3 == 0, count > 0 { bytes[Int(random.next() % UInt64(count))] = 0x0A }
            if round % 5 == 1, count > 1 {
                let k = Int(random.next() % UInt64(count - 1))
                (bytes[k], bytes[k + 1]) = (0x2D, 0x2D)
            }
            let found = bytes.withUnsafeBufferPointer { DataBlockText.plainText($0) }
            let expected = reference(bytes)
            #expect(found?.lastNewline == expected?.lastNewline && found?.newlines == expected?.newlines, "\(bytes)")
        }
        for k in 0..<47 {
            var bytes = [UInt8](repeating: 0x61, count: 48)
            bytes[47] = 0x0A
            #expect(bytes.withUnsafeBufferPointer { DataBlockText.plainText($0) }?.newlines == 1)
            (bytes[k], bytes[k + 1]) = (0x2D, 0x2D)
            #expect(bytes.withUnsafeBufferPointer { DataBlockText.plainText($0) } == nil, "dashes at \(k)")
        }
    }
}
