import Foundation
import TelemetryModel
import Vocabulary

/// The rest of a pipe copied to its file in the temporary folder (`PipeSpool`) by a thread of
/// its own, while the streaming reader reads the copy behind it: the copy's windows are handed
/// out as soon as the copy holds them (`StreamSource`).
///
/// Why: a pipe was copied whole before its first line was decoded, so the copy's time (the
/// collector 2M file through `cat`: 2.6 s of its 4.1–5.3 s) came before the decoding's rather
/// than beside it (issue 7). Only plain OTLP JSON Lines is read so; a compressed pipe is copied
/// whole first, as its decompression reads the copy by its size.
///
/// A window asks for bytes the copy does not hold yet: it waits for them, so the windows, and
/// with them the rounds and the report, are the ones a file of the same bytes gives. When the
/// copy cannot go on (the pipe cannot be read, the disk is full) a window past what it holds is
/// nil, the reader gives up, and the caller takes the pipe's bytes as `finish` gives them.
final class SpoolCopy: StreamSource, @unchecked Sendable {
    /// What the pipe held once the copy ended: the copy and its size, its bytes in memory (a
    /// write failed: what was written was read back and the rest read into memory), or the
    /// `errno` of a failed read.
    enum Outcome {
        case spooled(size: Int)
        case memory([UInt8])
        case failed(errno: Int32)
    }

    /// The copy, open for reading and writing; the caller closes it once `finish` has returned.
    let spool: Int32
    private let condition = NSCondition()
    /// Bytes in the copy so far, and the outcome once the copy has ended (under `condition`).
    private var written: Int
    private var outcome: Outcome?

    /// Starts copying the rest of `pipe` (closed by the copy when it ends) to the end of `spool`,
    /// which holds `written` bytes of it already, `chunk` bytes at a time.
    init(pipe: Int32, spool: Int32, written: Int, chunk: Int) {
        self.spool = spool
        self.written = written
        Thread { [self] in
            let ended = copy(pipe, chunk: chunk)
            close(pipe)
            condition.lock()
            outcome = ended
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    /// The rest of `pipe`, appended to the copy (`PipeSpool.copy`) and each chunk published;
    /// the outcome at its end.
    private func copy(_ pipe: Int32, chunk: Int) -> Outcome {
        let base = written
        let ended = PipeSpool.copy([], then: pipe, to: spool, chunk: chunk) { size in
            condition.lock()
            written = base + size
            condition.broadcast()
            condition.unlock()
        }
        switch ended {
        case .copied(let size), .partial(let size):  // no limit: never partial
            return .spooled(size: base + size)
        case .readFailed:
            return .failed(errno: errno)
        case .writeFailed(let size, let pending):
            // Read back what the copy holds, then go on in memory.
            return PipeSpool.readBack(spool, written: base + size, pending: pending, rest: pipe, chunk: chunk).map { .memory($0) }
                ?? .failed(errno: errno)
        }
    }

    /// Waits for the copy to end; what the pipe held. The caller then closes `spool`, whatever
    /// the outcome (not the copy's thread: a window being mapped would then map whatever file
    /// took the descriptor's number).
    func finish() -> Outcome {
        condition.lock()
        while outcome == nil { condition.wait() }
        let ended = outcome!
        condition.unlock()
        return ended
    }

    // MARK: - StreamSource

    /// Unknown until the pipe ends: the columns grow as the rounds come, as they do for a file
    /// whose size was not known.
    var expectedSize: Int { 0 }

    func window(from start: Int, count: Int) -> StreamWindow? {
        condition.lock()
        while written < start + count && outcome == nil { condition.wait() }
        let (held, ended) = (written, outcome)
        condition.unlock()
        if let ended {
            guard case .spooled = ended else {
                // The copy stopped short: only what it held before may be read, and only whole.
                guard held >= start + count, let window = FileWindow(spool, from: start, count: count) else { return nil }
                return StreamWindow(bytes: window.bytes, owner: window, atEnd: false)
            }
        }
        let available = min(count, held - start)
        guard available >= 0, let window = FileWindow(spool, from: start, count: available) else { return nil }
        return StreamWindow(bytes: window.bytes, owner: window, atEnd: ended != nil && window.end >= held)
    }

    func decoded(_ bytes: Int) {
        ProgressReporter.shared.advance(by: Int64(bytes))
    }
}
