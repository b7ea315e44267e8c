import Foundation
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if os(Linux)
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+; declared only under `_GNU_SOURCE`).
    @_silgen_name("posix_spawn_file_actions_addclosefrom_np")
    private func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
#endif

/// Removes a folder and everything in it, its files unlinked from several threads at once; what
/// cannot be removed stays (the caller's removal is best effort: the earlier report after a swap).
///
/// Why: a file's blocks are freed when it is unlinked, and on a file system mounted with
/// `discard` and no journal (the benchmark machine's ext4) the unlink waits for the device to
/// discard them. Removing the 262 files of the earlier 500k-span report, the last step of a render
/// into the same target, waited 0.039–0.045 s one file at a time and 0.022–0.027 s from four
/// threads, its waits overlapped (three trials each); the CPU time is about 0.01 s either way.
enum FolderRemoval {
    /// Threads unlinking at once: waits, not work, so more than the cores.
    static let threads = 4

    /// Hands the removal of `path` to a child process that outlives this one (`command` and
    /// `path`: `rm -rf -- path`, in a session of its own, its standard streams on /dev/null) and
    /// returns at once: the child's pid, or nil when it did not start (nothing was done, and the
    /// caller removes `path` itself). The caller does not wait for it: a process that ends
    /// leaves it to init.
    ///
    /// Why: the earlier report, swapped out of the target, is the last thing a render into the
    /// same folder removes, and on the benchmark machine (ext4 mounted with `discard`) its 262
    /// files waited 0.015–0.018 s even from four threads (`remove`): 3–5% of a 500k-span
    /// render, spent after the new report was already in place. The child holds a `flock` on
    /// the folder until it exits (the descriptor is passed to it as descriptor 3), so a
    /// concurrent run's `StagingArea.removeLeftovers` leaves it alone; if the child is killed,
    /// the lock goes with it and the next run into the target removes what is left.
    static func removeDetached(_ path: String, command: [String] = ["/bin/rm", "-rf", "--"]) -> pid_t? {
        #if os(Linux)
            guard let program = command.first, access(program, X_OK) == 0 else { return nil }
            let lock = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard lock >= 0 else { return nil }
            defer { close(lock) }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return nil }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // dup2 clears close-on-exec on the copy: the child keeps the lock, nothing else.
            posix_spawn_file_actions_adddup2(&actions, lock, 3)
            _ = spawnCloseFrom(&actions, 4)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t()
            sigemptyset(&none)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(
                &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | Self.spawnSetsid))
            var child: pid_t = 0
            let pointers = (command + [path]).map { strdup($0) } + [nil]
            defer { for pointer in pointers { free(pointer) } }
            return posix_spawn(&child, program, &actions, &attributes, pointers, environ) == 0 ? child : nil
        #else
            return nil
        #endif
    }

    /// `POSIX_SPAWN_SETSID` (glibc 2.26+; declared only under `_GNU_SOURCE`): the child leaves
    /// the terminal's process group, so a ^C meant for the next command does not stop it.
    private static let spawnSetsid: Int32 = 0x80

    /// Removes `path` and everything below it; whether the listing's own unlinks did (false
    /// when a name it could not spell back, or anything else, was left for `FileManager`).
    @discardableResult
    static func remove(_ path: String) -> Bool {
        var files: [String] = []
        var folders: [String] = []
        list(path, files: &files, folders: &folders)
        if files.count < 2 * threads {
            for file in files { unlink(file) }
        } else {
            let per = (files.count + threads - 1) / threads
            _ = CoreSplit.map(threads, threads: threads) { k in
                for file in files[min(files.count, k * per)..<min(files.count, (k + 1) * per)] { unlink(file) }
            }
        }
        // Deepest first: each folder is empty once those below it are gone.
        for folder in folders.reversed() { rmdir(folder) }
        // A name this listing could not spell back (not UTF-8) is still there: removed as before.
        guard access(path, F_OK) == 0 else { return true }
        try? FileManager.default.removeItem(atPath: path)
        return false
    }

    /// Every entry below `folder` that is not a folder (links are not followed) into `files`,
    /// and `folder` with every folder below it, each before those inside it, into `folders`.
    private static func list(_ folder: String, files: inout [String], folders: inout [String]) {
        folders.append(folder)
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder {
                list(path, files: &files, folders: &folders)
            } else {
                files.append(path)
            }
        }
    }
}
