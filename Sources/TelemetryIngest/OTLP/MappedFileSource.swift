import TelemetryModel
import Vocabulary

/// A plain file's windows, mapped (`FileWindow`): a file in the page cache is not copied.
final class MappedFileSource: StreamSource, @unchecked Sendable {
    private let fd: Int32
    private let fileSize: Int

    init(fd: Int32, fileSize: Int) {
        self.fd = fd
        self.fileSize = fileSize
    }

    var expectedSize: Int { fileSize }

    func window(from start: Int, count: Int) -> StreamWindow? {
        guard let window = FileWindow(fd, from: start, count: min(count, fileSize - start)) else { return nil }
        return StreamWindow(bytes: window.bytes, owner: window, atEnd: window.end >= fileSize)
    }

    func decoded(_ bytes: Int) {
        ProgressReporter.shared.advance(by: Int64(bytes))
    }
}
