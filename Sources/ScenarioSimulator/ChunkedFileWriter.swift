import Foundation

/// Appends bytes to a file through a bounded buffer, so that a `--scale 100` snapshot of
/// several hundred megabytes never sits in memory: only the current chunk does.
final class ChunkedFileWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`.
    init(path: String, chunkSize: Int = 1 << 20) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw ScenarioError("cannot create file '\(path)'")
        }
        self.handle = handle
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + chunkSize / 4)
    }

    /// Appends one JSON line (the text and a newline).
    func writeLine(_ text: OTLPJSONText) throws {
        buffer.append(contentsOf: text.bytes)
        buffer.append(UInt8(ascii: "\n"))
        bytesWritten += text.count + 1
        if buffer.count >= chunkSize { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
