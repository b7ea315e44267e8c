import Foundation
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
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
