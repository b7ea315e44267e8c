import Foundation

/// A file of given bytes in the temporary folder, open for reading while `body` runs, then
/// closed and removed: for the tests of readers that take a descriptor (the streaming reader,
/// `FileWindow`).
public enum TemporaryFile {
    /// The file could not be opened again after it was written.
    public struct OpenFailed: Error {}

    public static func withDescriptor<R>(_ bytes: [UInt8], _ body: (_ fd: Int32, _ url: URL) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("otel-report-test-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw OpenFailed() }
        defer { close(fd) }
        return try body(fd, url)
    }
}
