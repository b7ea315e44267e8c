import Foundation
import TestSupport
import Testing

@testable import Vocabulary

/// A window of a file holds exactly the file's bytes from its start, whatever the start's place
/// in a page, to the file's last byte.
@Suite struct FileWindowTests {
    @Test func windowsHoldTheFileBytesFromAnyStart() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(3 * page + 123)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try TemporaryFile.withDescriptor(bytes) { fd, _ in
            let starts = [0, 1, page - 1, page, page + 1, 2 * page + 5, bytes.count - 1]
            for start in starts {
                for count in [1, 17, page, page + 1, bytes.count - start] where start + count <= bytes.count {
                    let window = try #require(FileWindow(fd, from: start, count: count))
                    #expect(window.start == start)
                    #expect(window.end == start + count)
                    #expect(Array(window.bytes) == Array(bytes[start..<(start + count)]), "start \(start), count \(count)")
                }
            }
            let empty = try #require(FileWindow(fd, from: bytes.count, count: 0))
            #expect(empty.bytes.isEmpty)
            #expect(empty.end == bytes.count)
        }
    }

    /// A file cut short since it was opened gives no window past its new end (the stream then
    /// leaves the file to the whole-file reader), and windows within it as before.
    @Test func aFileCutShortGivesNoWindowPastItsEnd() throws {
        try TemporaryFile.withDescriptor([UInt8](repeating: 0x41, count: 40_000)) { fd, url in
            #expect(FileWindow(fd, from: 20_000, count: 20_000) != nil)
            try #require(truncate(url.path, 30_000) == 0)
            #expect(FileWindow(fd, from: 20_000, count: 20_000) == nil)
            #expect(FileWindow(fd, from: 20_000, count: 10_000)?.bytes.count == 10_000)
        }
    }

    @Test func aDescriptorThatCannotBeMappedGivesNil() {
        #expect(FileWindow(-1, from: 0, count: 10) == nil)
    }
}
