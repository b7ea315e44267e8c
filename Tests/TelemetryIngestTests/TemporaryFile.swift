import Foundation
import Testing

/// A file of given bytes in the temporary folder, open for reading while `body` runs, then
/// closed and removed: for the tests of readers that take a descriptor.
enum TemporaryFile {
    static func withDescriptor<R>(_ bytes: [UInt8], _ body: (_ fd: Int32, _ url: URL) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("otel-report-test-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        return try body(fd, url)
    }
}
