#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes `start..<start + count` of a file, mapped read-only with their pages filled at once
/// (`MAP_POPULATE`), and unmapped when the window is dropped.
///
/// The streaming reader's rounds read the file through windows rather than `read(2)` into
/// buffers of its own: a file in the page cache is then not copied at all, only mapped (a 182 MB
/// file: 25-30 ms of CPU in 5 MiB windows against 37-76 ms read into a 5 MiB buffer, touching
/// every cache line either way), and an unfinished last line is the next window's start, not a
/// copy (issue 7). Resident memory is the same: the mapped pages count as the buffers did.
/// A staged page of a megabyte or more is read back for its check the same way (`SiteStaging`):
/// the page it wrote is in the page cache, mapped rather than copied into pages of its own.
public final class FileWindow: @unchecked Sendable {
    /// The file offset of `bytes[0]`.
    public let start: Int
    /// The window's bytes; valid while the window lives.
    public let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?
    private let mappedLength: Int

    /// Maps `count` bytes of `fd` from `start`; nil when the file no longer holds them or `mmap`
    /// fails. A file cut short since it was opened (logrotate's `copytruncate`) is noticed here,
    /// before a page past its new end is touched (which would end the process with `SIGBUS`), so
    /// the caller can read it again as it now is. One cut while a window is being read is not.
    /// `populate: false` leaves pages to be read in as they are touched (a compressed file read
    /// from start to end, whose pages read are let go as it goes: `release(below:)`).
    public init?(_ fd: Int32, from start: Int, count: Int, populate: Bool = true) {
        self.start = start
        guard count > 0 else {
            (mapping, mappedLength, bytes) = (nil, 0, UnsafeBufferPointer(start: nil, count: 0))
            return
        }
        var info = stat()
        guard fstat(fd, &info) == 0, start + count <= Int(info.st_size) else { return nil }
        // The mapping starts at a page boundary; the window skips the bytes before `start`.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let skip = start % page
        guard let mapped = mmap(nil, skip + count, PROT_READ, MAP_PRIVATE | (populate ? Self.populate : 0), fd, off_t(start - skip)),
            mapped != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        (mapping, mappedLength) = (mapped, skip + count)
        bytes = UnsafeBufferPointer(start: (mapped + skip).assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Pages filled by `mmap` itself where the system can (Linux), so the decoding threads do not
    /// fault them in one by one.
    private static var populate: Int32 {
        #if os(Linux)
            Int32(MAP_POPULATE)
        #else
            0
        #endif
    }

    /// Lets the whole pages before `offset` (a window offset) go from resident memory; they
    /// are read in again if touched. The file and the page cache are not changed.
    public func release(below offset: Int) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (mappedLength - bytes.count + min(offset, bytes.count)) / page * page
        if length > 0 { _ = madvise(mapping, length, Int32(MADV_DONTNEED)) }
    }

    /// The file offset just past the window.
    public var end: Int { start + bytes.count }

    deinit {
        if let mapping { munmap(mapping, mappedLength) }
    }
}
