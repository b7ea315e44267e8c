import Foundation
import HTMLValidation
import ReportRendering
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A report folder being written file by file, from several threads at once, into a locked
/// `StagingArea` beside the target, and put in place whole by `commit` (`OutputWriter`'s
/// guarantees: flushed first, then one rename or atomic exchange) or removed by `abandon`.
///
/// Why: `render` stages each page as soon as it is rendered, and drops its markup, instead of
/// holding every page until all are validated (issue 7, peak memory); the pages are read back
/// for their checks. Nothing is visible at the target before `commit`, so a run that fails
/// later — a page failing validation after every page was staged — still changes nothing: `abandon` removes the staging
/// folder and the folders this run created for it.
///
/// Problems are kept, not thrown, until `commit`: the caller reports a validation failure
/// ahead of a write failure, as when validation ran before anything was written.
final class SiteStaging: @unchecked Sendable {
    private let writer: OutputWriter
    private let target: String
    private let targetURL: URL
    private let lock = NSLock()
    private var area: StagingArea?
    /// Folders made inside the staging folder so far.
    private var folders: Set<String> = []
    /// The report's first-level folders and the names they are staged under (`stagedName`).
    private var renamed: [String: String] = [:]
    /// Each staged file: its place in the report's order, where it is, its name in the report.
    private var written: [(index: Int, path: String, name: String)] = []
    /// The target's missing ancestors this run created, deepest first.
    private var created: [String] = []
    /// The first problem, by the place of the file it concerns (-1: before any file).
    private var failure: (index: Int, error: Error)?
    /// Files whose writing has returned (written or failed).
    private var finishedWrites = 0
    /// The file system's write-back started by `beginFlush`, if it was.
    private var early: EarlyFlush?
    private let flushCount = NSLock()
    private var flushes = 0
    /// How many times the file system was flushed (`syncfs`) for this folder (tests: a file
    /// written after `beginFlush` is flushed again at `commit`).
    var fileSystemFlushes: Int {
        flushCount.lock()
        defer { flushCount.unlock() }
        return flushes
    }

    /// `detachedRemoval`: see `OutputWriter.detachedRemoval`.
    init(target: String, detachedRemoval: Bool = false) {
        var writer = OutputWriter()
        writer.detachedRemoval = detachedRemoval
        self.writer = writer
        self.target = target
        targetURL = URL(fileURLWithPath: target).standardizedFileURL
        do {
            var missing = targetURL.deletingLastPathComponent()
            while missing.path != "/" && !FileManager.default.fileExists(atPath: missing.path) {
                created.append(missing.path)
                missing = missing.deletingLastPathComponent()
            }
            try writer.createFolder(targetURL.deletingLastPathComponent(), for: target)
            StagingArea.removeLeftovers(beside: targetURL)
            let area = try StagingArea(beside: targetURL, directory: true)
            self.area = area
            folders = [area.path]
            SubfolderSpread.mark(area.descriptor, true)
        } catch {
            failure = (-1, error)
        }
    }

    /// Writes `file`, the `index`-th of the report, into the staging folder (not yet flushed);
    /// where it was written, or nil when it was not. After a problem nothing more is written:
    /// the run will fail.
    @discardableResult
    func write(_ index: Int, _ file: RenderedFile) -> String? {
        lock.lock()
        guard failure == nil, let area else {
            lock.unlock()
            return nil
        }
        let path = area.path + "/" + stagedName(file.path)
        let folder = (path as NSString).deletingLastPathComponent
        var problem: Error?
        if !folders.contains(folder) {
            do {
                try writer.createFolder(URL(fileURLWithPath: folder), for: target)
                folders.insert(folder)
            } catch {
                problem = error
            }
        }
        if problem == nil { written.append((index, path, file.path)) }
        lock.unlock()
        if problem == nil { problem = copy(file, to: path) }
        lock.lock()
        finishedWrites += 1
        lock.unlock()
        if let problem {
            record(index, problem)
            return nil
        }
        return path
    }

    /// Starts the flush `commit` needs — one `syncfs` of the staging folder's file system — on a
    /// thread of its own, now, once the files written so far are all in; `commit` waits for it,
    /// and flushes again only when a file was written after it began (or it failed).
    ///
    /// Why: the pages are staged during the render, and their checks (read back from the page
    /// cache) change nothing on disk, so the wait for the disk — the journal's commit and the
    /// device's cache, 30–35 ms for the 500k-span report, with both cores idle — can run beside
    /// the checks instead of after them (issue 7). Each file's write-back was started when it
    /// was staged (`OutputWriter.startWriteBack`), so little write-back work is left to compete
    /// with the checks.
    ///
    /// A thread of its own, not one of `CoreSplit`'s kept helpers: the flush would hold the
    /// parked helper for its 30 ms of waiting, and the checks' split, starting at once, would
    /// then start a new helper (about 1.3 ms before it runs, and this kernel starts it on its
    /// creator's core: `HelperThreads.startThread`). This thread only waits, so where it starts
    /// does not matter.
    func beginFlush() {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, early == nil, let area else { return }
        let flush = EarlyFlush(files: finishedWrites)
        early = flush
        let path = area.path
        Thread {
            flush.flushed = self.flushFileSystem(of: path)
            flush.done.signal()
        }.start()
    }

    /// `OutputWriter.syncFileSystem`, counted.
    private func flushFileSystem(of path: String) -> Bool {
        flushCount.lock()
        flushes += 1
        flushCount.unlock()
        return writer.syncFileSystem(of: path)
    }

    /// A `syncfs` begun before `commit`: whether it succeeded (read after `done`), and how many
    /// files had been written when it began.
    private final class EarlyFlush: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        let files: Int
        var flushed = false
        init(files: Int) { self.files = files }
    }

    /// Where `path` (a file's place in the report) is staged: its first folder, if any, under a
    /// name of its own (`traces.<random>`), given back at `commit`.
    ///
    /// Why: ext4 places a folder made inside one marked by `SubfolderSpread` from the hash of its
    /// name, so a folder named `traces` every run lands in the same block group every run, where
    /// the files of earlier reports were freed: rendering the 500k-span file eight times into one
    /// target, creating the staged files took 0.1–1.5% of the run's CPU time under the fixed name,
    /// rising run by run, and 0.1–0.3% under a name of its own. Called under `lock`.
    private func stagedName(_ path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return path }
        let folder = String(path[..<slash])
        let staged: String
        if let known = renamed[folder] {
            staged = known
        } else {
            staged = folder + ".\(UInt64.random(in: 0...UInt64.max))"
            renamed[folder] = staged
        }
        return staged + String(path[slash...])
    }

    /// The bytes of a file `write` put at `stagedPath` (the `index`-th of the report, `name` in
    /// it), read back whole; nil, with the problem kept for `commit`, when it cannot be read.
    ///
    /// A file of `mappedBytes` or more is mapped (`FileWindow`): the page just written is in the
    /// page cache, and a copy of it would be pages of this process's own, faulted in one by one
    /// (the traces page at 500k spans: 14.6 MB, 3,600 faults, on the validation's critical path).
    /// A smaller one is read into memory the heap hands out again page after page; mapping each
    /// of some 250 waterfalls would cost a mapping and an unmapping a page.
    func readBack(_ stagedPath: String, index: Int, name: String) -> SourceBytes? {
        let fd = open(stagedPath, O_RDONLY | O_CLOEXEC)
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0 else {
            if fd >= 0 { close(fd) }
            record(index, writer.ioFailure(target, "cannot read back \(name)"))
            return nil
        }
        defer { close(fd) }
        let size = Int(info.st_size)
        let bytes: SourceBytes?
        if size >= Self.mappedBytes {
            bytes = FileWindow(fd, from: 0, count: size).map { SourceBytes($0.bytes, owner: $0) }
        } else {
            // Read straight into the bytes the check parses: no string beside them (which would
            // double the page and validate every byte again).
            bytes = SourceBytes(reading: size) { buffer in
                guard size > 0 else { return 0 }
                return DescriptorRead.fill(fd, buffer.baseAddress!, size) == size ? size : nil
            }
        }
        guard let bytes else {
            record(index, writer.ioFailure(target, "cannot read back \(name)"))
            return nil
        }
        return bytes
    }

    /// The size from which `readBack` maps a staged file rather than reading it: glibc's own
    /// threshold for a block of its own mapping (`MemoryTuning`).
    static let mappedBytes = 1 << 20

    /// Flushes every staged file and puts the folder at the target; on any problem (kept from
    /// `write` or met here) removes what this run made and throws it.
    func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        do {
            if let failure { throw failure.error }
            guard let area else { return }
            SubfolderSpread.mark(area.descriptor, false)
            written.sort { $0.index < $1.index }
            // Flushed after all are written: one `syncfs` writes every file back with one
            // journal commit and one flush of the device's cache; then each file is asked for
            // its own write-back error (`OutputWriter.flush`), which names the file that failed.
            // Where `syncfs` failed or is missing, each file is flushed on its own.
            // The files are asked in two halves side by side (each an open, a wait and a close:
            // about 4 ms for the 262 files of the 500k-span report on one core while the other
            // was idle, issue 7); the first file that failed, in order, is the one reported.
            let flushed: Bool
            if let early {
                early.done.wait()
                // Failed: each file is flushed on its own, as when the flush here fails.
                flushed = early.flushed && (early.files == finishedWrites || flushFileSystem(of: area.path))
            } else {
                flushed = flushFileSystem(of: area.path)
            }
            let files = written, writer = writer, target = target
            let failed = CoreSplit.map(2) { half -> Error? in
                for k in Parallel.part(half, of: files.count, parts: 2) {
                    do {
                        try writer.flush(files[k].path, target: target, name: files[k].name, flushed: flushed)
                    } catch {
                        return error
                    }
                }
                return nil
            }
            if let error = failed.lazy.compactMap({ $0 }).first { throw error }
            // The folders below the staging folder: written back by `syncfs`, else each flushed.
            if !flushed {
                for folder in folders.sorted(by: >) where folder != area.path { writer.syncFolder(folder) }
            }
            for (folder, staged) in renamed.sorted(by: { $0.key < $1.key }) {
                guard rename(area.path + "/" + staged, area.path + "/" + folder) == 0 else {
                    throw writer.ioFailure(target, "cannot name the folder \(folder)")
                }
            }
            // The staging folder once, after the renames changed it.
            writer.syncFolder(area.path)
            // Checked here, not when staging began: another run may swap a report into the
            // target meanwhile, and a folder being swapped out may be listed half removed.
            try writer.checkReplaceable(targetURL, shownAs: target)
            try writer.commitFolder(area.path, to: targetURL, shownAs: target)
        } catch {
            removeEverything()
            throw error
        }
        writer.syncFolder(targetURL.deletingLastPathComponent().path)
        area = nil
    }

    /// Removes the staging folder and the folders made for it: the target is as it was.
    func abandon() {
        lock.lock()
        defer { lock.unlock() }
        removeEverything()
    }

    private func removeEverything() {
        if let area {
            try? FileManager.default.removeItem(atPath: area.path)
            area.release()
            self.area = nil
        }
        // Only folders still empty: another run may have put its report there meanwhile.
        for folder in created { rmdir(folder) }
        created = []
    }

    private func record(_ index: Int, _ error: Error) {
        lock.lock()
        if failure == nil || index < failure!.index { failure = (index, error) }
        lock.unlock()
    }

    /// Creates the file and writes its parts; the problem, if any.
    private func copy(_ file: RenderedFile, to path: String) -> Error? {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return writer.ioFailure(target, "cannot create \(file.path)") }
        defer { close(fd) }
        do {
            try writer.writeAll(file.parts, to: fd, target: target, name: file.path, flush: false)
            writer.startWriteBack(fd)
        } catch {
            return error
        }
        return nil
    }
}
