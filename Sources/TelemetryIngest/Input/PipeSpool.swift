import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pipe or device given as an input (`/dev/stdin`, `<(zstd -dc spans.jsonl.zst)`): it has no
/// size and cannot be mapped or read twice.
///
/// Such an input was read whole into memory before it was decoded: the collector 500k file
/// (206 MB) through a pipe peaked at 267 MiB where the file itself peaks at 86 MiB. Now a pipe
/// whose first bytes could be streamed (`spools`: OTLP JSON Lines, plain or compressed) and that
/// goes on past them is copied to a file in the temporary folder instead, unlinked as soon as it
/// is made. The streaming reader then takes it a window at a time as it takes any file, and the
/// ordinary reader maps it when it must (a warning to report with its line). The copy's space is
/// the disk's, not the process's memory, and is freed when its descriptor is closed, at the
/// latest when the process ends, however it ends.
///
/// Plain OTLP JSON Lines going on past the size the streaming reader takes is copied that far,
/// and the rest by a thread of its own while the reader reads the copy behind it (`SpoolCopy`):
/// the copy's time then passes beside the decoding's, not before it.
///
/// Anything else, or a pipe that ends within its first bytes, is read into memory as before; so
/// is the rest of a pipe when no copy can be made or written (no temporary folder, a full disk):
/// what was written is read back, and nothing is lost.
enum PipeSpool {
    /// What the pipe held: its bytes, or an unlinked file holding them (the caller closes it).
    enum Content {
        case memory([UInt8])
        case spooled(fd: Int32, size: Int)
        /// The copy goes on beside the caller, who reads it as it grows (`SpoolCopy`).
        case copying(SpoolCopy)
    }

    /// Reads `path` to its end. `prefix`: bytes read before deciding (at least 4 KiB);
    /// `spool`: makes the file copied into, opened for reading and writing (`makeSpool(in:)`),
    /// or nil. A pipe whose prefix `overlaps` and that goes on past `overlapFrom` bytes has the
    /// rest copied by a thread of its own (`copying`). Nil, with `errno` set, when the pipe
    /// cannot be opened or read.
    static func read(
        _ path: String, prefix: Int, chunk: Int = 1 << 20, spool makeSpool: () -> Int32?,
        spools: (UnsafeBufferPointer<UInt8>) -> Bool, overlapFrom: Int = .max,
        overlaps: (UnsafeBufferPointer<UInt8>) -> Bool = { _ in false }
    ) -> Content? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        // Closed here unless the copy's thread took it.
        var handedOver = false
        defer { if !handedOver { close(fd) } }
        widen(fd)
        var bytes = OTLPJSONLinesStream.unwritten(max(4096, prefix))
        let got = bytes.withUnsafeMutableBytes { DescriptorRead.fill(fd, $0.baseAddress!, $0.count) }
        guard got >= 0 else { return nil }
        let ended = got < bytes.count
        bytes.removeLast(bytes.count - got)
        if !ended, bytes.withUnsafeBufferPointer(spools), let spool = makeSpool() {
            let limit = bytes.withUnsafeBufferPointer(overlaps) ? overlapFrom : .max
            switch copy(bytes, then: fd, to: spool, chunk: chunk, upTo: limit) {
            case .copied(let size):
                return .spooled(fd: spool, size: size)
            case .partial(let size):
                handedOver = true
                return .copying(SpoolCopy(pipe: fd, spool: spool, written: size, chunk: chunk))
            case .readFailed:
                let why = errno
                close(spool)
                errno = why
                return nil
            case .writeFailed(let written, let pending):
                let all = readBack(spool, written: written, pending: pending, rest: fd, chunk: chunk)
                let why = errno
                close(spool)
                errno = why
                return all.map { .memory($0) }
            }
        } else if ended {
            return .memory(bytes)
        }
        return DescriptorRead.readRest(fd, chunk: chunk, appendingTo: &bytes) ? .memory(bytes) : nil
    }

    /// All of a pipe whose copy stopped at a failed write, in memory: the `written` bytes the
    /// copy holds read back, then `pending` (read but not written), then the rest of `fd`. Nil,
    /// with `errno` set, when a read fails.
    static func readBack(_ spool: Int32, written: Int, pending: [UInt8], rest fd: Int32, chunk: Int) -> [UInt8]? {
        var bytes = OTLPJSONLinesStream.unwritten(written)
        let back = bytes.withUnsafeMutableBytes { DescriptorRead.fill(spool, $0.baseAddress!, $0.count, at: 0) }
        guard back == written else {
            if back >= 0 { errno = EIO }
            return nil
        }
        bytes += pending
        return DescriptorRead.readRest(fd, chunk: chunk, appendingTo: &bytes) ? bytes : nil
    }

    /// Asks for the pipe `fd` to hold 1 MiB (or 256 KiB) rather than 64 KiB, where the system
    /// lets it (Linux's `F_SETPIPE_SZ`; nothing for other files): the writer and this reader then
    /// take turns a sixteenth as often. 824 MB from `cat` copied by `read` and `write` in 1 MiB
    /// pieces: 1.37-1.81 s of wall time through the default pipe, 0.87-1.06 s through a wider one.
    static func widen(_ fd: Int32) {
        #if os(Linux)
            let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, not visible to Swift's Glibc module
            if fcntl(fd, setPipeSize, Int32(1 << 20)) < 0 { _ = fcntl(fd, setPipeSize, Int32(1 << 18)) }
        #endif
    }

    /// A new file in `directory`, already unlinked; nil when none can be made there.
    static func makeSpool(in directory: String) -> Int32? {
        var template = Array((directory + "/otel-report-input-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    enum Copy {
        case copied(size: Int)
        /// `size` bytes, at least the limit asked for, are in the spool and the pipe goes on.
        case partial(size: Int)
        /// The pipe could not be read (`errno`).
        case readFailed
        /// `written` bytes are in the spool; `pending` were read but could not be written.
        case writeFailed(written: Int, pending: [UInt8])
    }

    /// `first`, then the rest of `fd` to its end, written to `spool` a chunk at a time; stopped
    /// after the chunk that brings the copy to `limit` bytes, unless the pipe ended with it.
    /// `copied` hears the bytes written so far after each chunk (`SpoolCopy` publishes them).
    static func copy(
        _ first: [UInt8], then fd: Int32, to spool: Int32, chunk: Int, upTo limit: Int = .max, copied: (Int) -> Void = { _ in }
    ) -> Copy {
        var written = append(first, count: first.count, to: spool)
        guard written == first.count else { return .writeFailed(written: written, pending: Array(first[written...])) }
        var buffer = OTLPJSONLinesStream.unwritten(chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { DescriptorRead.fill(fd, $0.baseAddress!, $0.count) }
            guard n >= 0 else { return .readFailed }
            let done = append(buffer, count: n, to: spool)
            written += done
            guard done == n else { return .writeFailed(written: written, pending: Array(buffer[done..<n])) }
            copied(written)
            if n < buffer.count { return .copied(size: written) }
            if written >= limit { return .partial(size: written) }
        }
    }

    /// Writes `bytes[0..<count]`, retrying short writes and interruptions: how many were written
    /// before an error (`ENOSPC`, `EFBIG`, `EIO`).
    static func append(_ bytes: [UInt8], count: Int, to fd: Int32) -> Int {
        bytes.withUnsafeBytes { raw in
            var total = 0
            while total < count {
                let n = write(fd, raw.baseAddress! + total, count - total)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                total += n
            }
            return total
        }
    }
}
