import Foundation
import ReportRendering
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `syncfs(2)` (Linux 2.6.39+; glibc declares it only under `_GNU_SOURCE`, which the Glibc
/// module does not import).
#if os(Linux)
    @_silgen_name("syncfs") private func linuxSyncfs(_ fd: Int32) -> Int32
    /// `sync_file_range(2)` (Linux 2.6.17+; likewise declared only under `_GNU_SOURCE`).
    @_silgen_name("sync_file_range") private func linuxSyncFileRange(
        _ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32
    ) -> Int32
#endif

/// Writes a report so that it appears whole or not at all, whatever happens meanwhile.
///
/// - Files go to a locked `StagingArea` beside the target (same file system, so renames are
///   atomic), each written completely and flushed (one `syncfs` and each file's write-back error
///   asked for, or each file's `fsync`) before the swap; a write error
///   (a full disk, a read-only file system) removes the staging folder and reports the cause.
/// - A new target appears with one `rename`. An existing report is swapped for the new one with
///   one `renameat2(RENAME_EXCHANGE)` (Linux 3.15+), so at every instant the target path holds
///   either the earlier report or the new one, whole — `kill -9` at any point cannot leave a mix
///   or a missing report. The earlier report, now in the staging folder, is removed afterwards.
/// - Leftovers of killed runs (unlocked staging entries of the same target) are removed first.
/// - Two renders into one target: each stages privately and swaps atomically; the last swap wins
///   and the target is always one whole report.
/// - A folder that does not look like an earlier report (no `report.json`) is never replaced.
///
/// A report folder is written file by file as its pages are made through `SiteStaging`, which
/// uses the steps here; a single file is written whole by `writeFile`.
struct OutputWriter {
    enum Failure: Error, CustomStringConvertible {
        case notAReport(String)
        /// The target is a file (or a device such as `/dev/null`), where a report folder goes.
        case notAFolder(String)
        case io(String)

        var description: String {
            switch self {
            case .notAReport(let p):
                return
                    "refusing to replace '\(p)': it exists and holds files that are not an otel-report report (no report.json); choose another output"
            case .notAFolder(let p):
                return
                    "refusing to replace '\(p)': it exists and is not a folder, where a report folder would go; choose another output, or a path ending in .html for one file"
            case .io(let m): return m
            }
        }
    }

    let fm = FileManager.default
    /// Whether the earlier report swapped out of the target is removed by a child process that
    /// outlives this one (`FolderRemoval.removeDetached`) rather than before `commitFolder`
    /// returns: for a process that ends after the render (the command line).
    var detachedRemoval = false

    /// Writes one file atomically (staged beside it, flushed, then renamed over it).
    func writeFile(_ parts: [String], to target: String) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        try createFolder(url.deletingLastPathComponent(), for: target)
        StagingArea.removeLeftovers(beside: url)
        let staging = try StagingArea(beside: url, directory: false)
        do {
            try writeAll(parts, to: staging.descriptor, target: target, name: url.lastPathComponent)
            guard rename(staging.path, url.path) == 0 else { throw ioFailure(target, "cannot move the new file into place") }
        } catch {
            unlink(staging.path)
            throw error
        }
        syncFolder(url.deletingLastPathComponent().path)
    }

    /// Refuses a target that exists and is not an earlier report (or an empty folder).
    func checkReplaceable(_ url: URL, shownAs target: String) throws {
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { return }
        let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
        if !isDir.boolValue { throw Failure.notAFolder(target) }
        if !contents.isEmpty && !contents.contains("report.json") { throw Failure.notAReport(target) }
    }

    /// Puts the staged folder at `target`: a plain rename when nothing (or an empty folder) is
    /// there, else an atomic exchange with the earlier report, which is then removed.
    func commitFolder(_ staged: String, to targetURL: URL, shownAs target: String) throws {
        if rename(staged, targetURL.path) == 0 { return }
        guard errno == EEXIST || errno == ENOTEMPTY || errno == EISDIR || errno == ENOTDIR else {
            throw ioFailure(target, "cannot move the new report into place")
        }
        // Something is there now (perhaps put there by a concurrent render): check it again.
        try checkReplaceable(targetURL, shownAs: target)
        switch AtomicExchange.exchange(staged, targetURL.path) {
        case .done:
            removeEarlierReport(staged)
        case .unsupported:
            // No atomic exchange on this system or file system: the short window between the
            // two renames is the best available; a run that dies in it leaves the earlier report
            // in the staging folder, and the next run cleans it up.
            let old = staged + ".old"
            guard rename(targetURL.path, old) == 0 else { throw ioFailure(target, "cannot move the earlier report aside") }
            guard rename(staged, targetURL.path) == 0 else {
                let reason = ioFailure(target, "cannot move the new report into place")
                _ = rename(old, targetURL.path)
                throw reason
            }
            removeEarlierReport(old)
        case .failed(let code):
            errno = code
            throw ioFailure(target, "cannot swap the new report into place")
        }
    }

    /// Removes the earlier report swapped out to `path`: by a child process when
    /// `detachedRemoval` (and one could be started), else before returning.
    private func removeEarlierReport(_ path: String) {
        if !detachedRemoval || FolderRemoval.removeDetached(path) == nil { FolderRemoval.remove(path) }
    }

    /// The most one `write(2)` is given (`writeAll`).
    ///
    /// Why: on Linux 6.x ext4 caches a file in folios as large as the write that fills them, and
    /// a write of 2 MiB or more gets 2 MiB folios. On a virtual machine whose guest hands free
    /// memory back to its host in whole 2 MiB blocks (`page_reporting`), such a folio is likely
    /// one of those blocks, each of whose pages is then a fault in the host on first touch,
    /// inside the copy (the cause inferred; the times and the folio sizes measured). Measured on
    /// the benchmark machine, a new 38 MB file written in one call or in calls of 2–8 MiB:
    /// 178–327 ms (12 runs); in calls of 1 MiB down to 128 KiB: 8.3–9.8 ms (12 runs). The
    /// 500k-span traces page (13.6 MB) took 3.1–48.5 ms in one call. The folios, read from
    /// `/proc/kpageflags` for the 38 MB file: 19 of 512 pages written in one call, 38 of 256 in
    /// calls of 1 MiB. The bytes written are the same.
    static let writeChunk = 1 << 20

    /// Writes every byte of `parts`, one after another (a page's embedded data is a part of its
    /// own), at most `writeChunk` bytes a call; then (unless the caller flushes later) flushes
    /// the file to the disk, so a full disk is found here.
    func writeAll(_ parts: [String], to fd: Int32, target: String, name: String, flush: Bool = true) throws {
        for part in parts {
            var text = part
            let written = text.withUTF8 { Self.writeEvery(UnsafeRawBufferPointer($0), to: fd) }
            if !written { throw ioFailure(target, "cannot write \(name)") }
        }
        if flush && fsync(fd) != 0 && errno != EINVAL { throw ioFailure(target, "cannot flush \(name)") }
    }

    /// Writes every byte of `bytes` to `fd`, at most `writeChunk` a call, again after an
    /// interrupted call; false (with `errno` set) when a call fails. The one write loop of the
    /// report's files and the fetch folder's (`ArchiveWriter`).
    static func writeEvery(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, base + offset, min(bytes.count - offset, writeChunk))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// Flushes a written file to the disk, or, after `syncFileSystem` flushed the whole file
    /// system (`flushed`, Linux), only waits for its pages' write-back and reports that file's
    /// write-back error (`sync_file_range` with both waits; a read-only descriptor suffices).
    ///
    /// Why not `fsync` after `syncfs`: with nothing left to write, each `fsync` still asks the
    /// device to empty its cache (ext4 with barriers), 0.1 ms apiece on the benchmark machine
    /// and 16 ms for the 262 files of the 500k-span report (2 ms this way, three trials). The
    /// `syncfs` before it wrote back every file, their inodes and folders and emptied the cache
    /// once; a write-back error of a file is kept on it until a descriptor opened after it is
    /// asked, as `sync_file_range`'s wait does.
    func flush(_ path: String, target: String, name: String, flushed: Bool = false) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioFailure(target, "cannot reopen \(name)") }
        defer { close(fd) }
        #if os(Linux)
            if flushed {
                // SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER
                if linuxSyncFileRange(fd, 0, 0, 7) != 0 { throw ioFailure(target, "cannot flush \(name)") }
                return
            }
        #endif
        if fsync(fd) != 0 && errno != EINVAL { throw ioFailure(target, "cannot flush \(name)") }
    }

    func createFolder(_ url: URL, for target: String) throws {
        do {
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw Failure.io("could not write '\(target)': cannot create the folder \(url.path): \(error.localizedDescription)")
        }
    }

    /// Starts writing a file's pages back without waiting for them (`SYNC_FILE_RANGE_WRITE`), so
    /// that a file staged while other pages are still being made is mostly on disk by the time
    /// `syncFileSystem` and `flush` wait for it. It flushes nothing by itself: the flush before
    /// the swap is still `syncFileSystem` and each file's `flush`.
    func startWriteBack(_ fd: Int32) {
        #if os(Linux)
            _ = linuxSyncFileRange(fd, 0, 0, 2)
        #endif
    }

    /// Writes back and flushes the file system holding `path` (Linux); whether it did, without
    /// error (false elsewhere, where each file is then flushed on its own).
    ///
    /// One write-back of the whole file system: measured at 0.16–0.34 s for the 257 files of the
    /// 100k-span benchmark under load, against 0.42–0.97 s for one `fsync` per file.
    func syncFileSystem(of path: String) -> Bool {
        #if os(Linux)
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return linuxSyncfs(fd) == 0
        #else
            return false
        #endif
    }

    func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// A failure naming the target, the step and the system's reason (`strerror(errno)`).
    func ioFailure(_ target: String, _ step: String) -> Failure {
        .io("could not write '\(target)': \(step): \(StagingArea.lastError()); nothing was changed")
    }
}
