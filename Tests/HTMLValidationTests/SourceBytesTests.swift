import Foundation
import TestSupport
import Testing
import Vocabulary

@testable import HTMLValidation

/// `SourceBytes` holds exactly the bytes it was given, for as long as any copy of it lives,
/// whichever memory they are in; a page checked from any of them gives the same issues.
@Suite struct SourceBytesTests {
    @Test func aCopyOfAnArrayHoldsItsBytes() {
        let bytes: [UInt8] = Array("<p>é</p>".utf8)
        let source = SourceBytes(bytes)
        #expect(Array(source.buffer) == bytes)
        #expect(source.count == 9)
        #expect(SourceBytes([]).count == 0)
    }

    @Test func readingKeepsWhatTheFillWroteAndGivesUpOnFailure() {
        let five = SourceBytes(reading: 8) { into in
            for k in 0..<5 { into[k] = UInt8(65 + k) }
            return 5
        }
        #expect(five.map { Array($0.buffer) } == Array("ABCDE".utf8))
        #expect(SourceBytes(reading: 8) { _ in nil } == nil)
        #expect(SourceBytes(reading: 8) { _ in -1 } == nil)
        #expect(SourceBytes(reading: 8) { _ in 9 } == nil)
        #expect(SourceBytes(reading: 0) { _ in 0 }?.count == 0)
    }

    /// A file's mapping stays valid through the value's copies after the window itself is no
    /// longer referenced elsewhere, and a page checked from it gives the issues of the array.
    @Test func aMappedFileLivesAsLongAsItsBytesAndChecksAsTheArray() throws {
        let page =
            "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><title>t</title></head>"
            + "<body>\n<p onclick=\"x()\">é</p>\n</body></html>\n"
        let bytes = Array(page.utf8)
        let copy: SourceBytes = try TemporaryFile.withDescriptor(bytes) { fd, _ in
            let window = try #require(FileWindow(fd, from: 0, count: bytes.count))
            return SourceBytes(window.bytes, owner: window)
        }
        #expect(Array(copy.buffer) == bytes)
        let mapped = PageChecker(file: "p.html", source: copy, knownUTF8: true).check()
        let inMemory = PageChecker(file: "p.html", bytes: bytes, knownUTF8: true).check()
        #expect(!mapped.issues.isEmpty)
        #expect(mapped.issues == inMemory.issues)
        #expect(mapped.issues.first.map { [$0.line, $0.column] } == [3, 4])
    }
}
