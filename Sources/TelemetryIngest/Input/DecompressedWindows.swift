import Foundation
import TelemetryModel
import Vocabulary

/// A compressed file's data a window at a time, for the streaming reader (`StreamPipeline`):
/// each window is decompressed when the reader asks for it, on whichever core maps the next
/// round, while the other cores decode the round before.
///
/// The compressed file is mapped whole (a tenth or less of the data). Each window is a buffer
/// of its own: the last window's bytes from `start` on (the unfinished line the round did not
/// take, or the whole window when the reader asks again for more) are copied to its start, and
/// the rest is decompressed into it. The buffer is freed when the round that decoded it is
/// done, so memory holds two windows, not the data (issue 7). The window before is always the
/// last one kept: the reader only ever moves forward.
final class DecompressedWindows: StreamSource, @unchecked Sendable {
    /// What a window's bytes live in: storage from `pool`, given back when the window is let go.
    private final class Buffer {
        let storage: UnsafeMutableBufferPointer<UInt8>
        let pool: Pool
        var filled = 0
        init(capacity: Int, pool: Pool) {
            self.pool = pool
            storage = pool.take(capacity)
        }
        deinit { pool.give(storage) }
    }

    /// Window storage freed and kept for the next windows. A window is megabytes, which the
    /// allocator maps on its own and hands back when freed (`HeapReuse`), so every window's pages
    /// would be faulted in and zeroed anew: 10k page faults more than the plain file's read at
    /// 500k spans.
    private final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [UnsafeMutableBufferPointer<UInt8>] = []

        /// Storage of `count` bytes, reused where a kept one is as large.
        func take(_ count: Int) -> UnsafeMutableBufferPointer<UInt8> {
            lock.lock()
            defer { lock.unlock() }
            if let k = free.firstIndex(where: { $0.count >= count }) {
                return UnsafeMutableBufferPointer(rebasing: free.remove(at: k)[0..<count])
            }
            return .allocate(capacity: count)
        }

        /// Keeps `storage` (at most three: the windows in flight), or frees it.
        func give(_ storage: UnsafeMutableBufferPointer<UInt8>) {
            lock.lock()
            defer { lock.unlock() }
            if free.count < 3 {
                free.append(storage)
            } else {
                storage.deallocate()
            }
        }

        deinit {
            for storage in free { storage.deallocate() }
        }
    }

    /// The compressed file, unmapped once it is read to its end (before the snapshot's sort).
    private var file: FileWindow?
    private let fileSize: Int
    private let reader: any Decompressor
    private var last: (start: Int, buffer: Buffer)?
    private let pool = Pool()
    private var finished = false
    /// The data's size as estimated at the last window (see `expectedSize`).
    private var estimate = 0
    /// Compressed bytes read by the windows so far, and those counted in the progress bar:
    /// read by the cores that decode, written by the one that maps.
    private let lock = NSLock()
    private var consumed = 0, reported = 0

    /// The file's compression as `SnapshotLoader` names it in formats ("gzip", "zstd").
    let compression: String

    /// The compressed file `fd` (of `fileSize` bytes) mapped, with its reader; nil when the
    /// file does not start with a gzip or zstd header or cannot be mapped.
    init?(fd: Int32, fileSize: Int) {
        guard let file = FileWindow(fd, from: 0, count: fileSize, populate: false) else { return nil }
        self.file = file
        self.fileSize = fileSize
        if Gzip.isGzip(file.bytes) {
            (reader, compression) = (Gzip.Reader(file.bytes), "gzip")
        } else if Zstd.isZstd(file.bytes) || Zstd.isLengthPrefixedFrames(file.bytes) {
            (reader, compression) = (Zstd.Reader(file.bytes, layout: Zstd.layout(of: file.bytes)), "zstd")
        } else {
            return nil
        }
    }

    func window(from start: Int, count: Int) -> StreamWindow? {
        var kept = 0, keptFrom = 0
        if let last {
            precondition(start >= last.start && start <= last.start + last.buffer.filled, "windows move forward")
            keptFrom = start - last.start
            kept = last.buffer.filled - keptFrom
        }
        let buffer = Buffer(capacity: max(count, kept, 1), pool: pool)
        if let last, kept > 0 {
            _ = buffer.storage.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: last.buffer.storage[keptFrom..<keptFrom + kept]))
        }
        var filled = kept
        while filled < buffer.storage.count && !finished {
            do {
                let produced = try reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer.storage[filled...]))
                if produced == 0 { finished = true }
                filled += produced
            } catch {
                return nil
            }
        }
        buffer.filled = filled
        last = (start, buffer)
        lock.lock()
        consumed = finished ? fileSize : reader.consumed
        estimate = finished ? start + filled : Int(Double(fileSize) * Double(start + filled) / Double(max(1, consumed)))
        lock.unlock()
        // The compressed bytes read are not read again: their pages go; once the reader has
        // ended, the whole mapping does.
        file?.release(below: consumed)
        if finished { file = nil }
        return StreamWindow(
            bytes: UnsafeBufferPointer(rebasing: buffer.storage[0..<filled]), owner: buffer, atEnd: finished)
    }

    /// The ratio of data to compressed bytes so far, over the whole file: the reader reserves
    /// its columns for it at its first merge, after two windows. From the first window alone
    /// (1 MiB) it fell 10-15% short at 500k spans, since the decompressor reads a block or a
    /// message before it hands out all of its bytes.
    var expectedSize: Int {
        lock.lock()
        defer { lock.unlock() }
        return estimate
    }

    func decoded(_ bytes: Int) {
        lock.lock()
        let now = consumed
        let step = now - reported
        reported = now
        lock.unlock()
        if step > 0 { ProgressReporter.shared.advance(by: Int64(step)) }
    }
}
