import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A temporary folder or file beside an output target, named `.<target>.otel-report-<pid>-<n>.tmp`
/// and held under an exclusive `flock` for as long as this process writes into it.
///
/// Why a lock and not just the pid in the name: after `kill -9` the folder stays behind, and the
/// next run must tell such leftovers from the folder of a render that is still running into the
/// same target. The kernel drops a `flock` when its process dies, so "the lock can be taken" means
/// exactly "nobody is writing here any more", whatever the pid is now used for.
final class StagingArea {
    let path: String
    private var fd: Int32

    /// Creates and locks a new staging folder (`directory`) or empty file beside `target`.
    init(beside target: URL, directory: Bool) throws {
        let parent = target.deletingLastPathComponent().path
        let prefix = Self.prefix(for: target)
        for attempt in 0..<100 {
            let candidate = parent + "/" + prefix + "\(getpid())-\(attempt)-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let created = directory ? mkdir(candidate, 0o755) : open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if created < 0 {
                if errno == EEXIST { continue }
                throw OutputWriter.Failure.io("could not write '\(target.path)': cannot create \(candidate): \(Self.lastError())")
            }
            let handle: Int32
            if directory {
                handle = open(candidate, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            } else {
                handle = created
            }
            guard handle >= 0 else {
                throw OutputWriter.Failure.io("could not write '\(target.path)': cannot open \(candidate): \(Self.lastError())")
            }
            // Between creating and locking, a concurrent run's cleanup may have taken the
            // unlocked entry for a leftover and removed it; then start again under a new name.
            if flock(handle, LOCK_EX | LOCK_NB) == 0, Self.sameFile(handle, candidate) {
                path = candidate
                fd = handle
                return
            }
            close(handle)
        }
        throw OutputWriter.Failure.io("could not write '\(target.path)': cannot create a temporary entry beside it")
    }

    deinit { release() }

    /// The open descriptor (for the single-file case, the file to write into).
    var descriptor: Int32 { fd }

    /// Drops the lock; the entry is then fair game for `removeLeftovers`.
    func release() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    /// `.<name>.otel-report-`: every temporary entry of this target starts with it, including the
    /// `-old-<pid>` folders of earlier versions.
    static func prefix(for target: URL) -> String {
        "." + target.lastPathComponent + ".otel-report-"
    }

    /// Removes the temporary entries of earlier runs into `target` that no live process holds.
    static func removeLeftovers(beside target: URL) {
        let parent = target.deletingLastPathComponent().path
        let prefix = prefix(for: target)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(prefix) {
            let path = parent + "/" + name
            let handle = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard handle >= 0 else { continue }
            defer { close(handle) }
            guard flock(handle, LOCK_EX | LOCK_NB) == 0, sameFile(handle, path) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Whether `path` still names the file open as `handle`.
    static func sameFile(_ handle: Int32, _ path: String) -> Bool {
        var a = stat(), b = stat()
        guard fstat(handle, &a) == 0, lstat(path, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
