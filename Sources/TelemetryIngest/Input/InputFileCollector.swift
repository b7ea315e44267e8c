import Foundation
import TelemetryModel
import Vocabulary

/// Expands the command line's inputs into the files to read: files as given, folders walked
/// recursively with hidden entries skipped and paths sorted, so that a run over the same
/// inputs always reads the same files in the same order (deterministic output, DESIGN §1).
///
/// A file or folder is read once however many paths reach it (its device and inode): a symbolic
/// link back to a folder above it made the walk go round until paths grew too long, reading the
/// same files tens of times and multiplying every count. Inside folders only regular files are
/// read: a FIFO would block the run forever, waiting for a writer. A path given on the command
/// line is read whatever it is (`/dev/stdin`, `<(zcat spans.json.gz)`).
enum InputFileCollector {
    /// Where a file or folder is on disk: equal for every path that reaches it.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// The files, in order (duplicates removed), a diagnostic for every input that is missing,
    /// and a note for every file or folder entry that was skipped (a file or folder read
    /// already through another path, a FIFO, a socket or a device); a file whose name is not
    /// UTF-8 is an error, as a file that cannot be read.
    static func collect(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var seenPaths = Set<String>(), seenFiles: [Identity: String] = [:], folders = Set<Identity>()
        var diagnostics: [Diagnostic] = []
        func add(_ file: String, _ identity: Identity?) {
            guard seenPaths.insert(file).inserted else { return }
            if let identity {
                if let first = seenFiles[identity] {
                    diagnostics.append(Diagnostic(severity: .note, file: file, message: "the same file as \(first); read once"))
                    return
                }
                seenFiles[identity] = file
            }
            files.append(file)
        }
        for path in paths {
            guard let (identity, kind) = entry(path) else {
                diagnostics.append(Diagnostic(file: path, message: "no such file or folder"))
                continue
            }
            switch kind {
            case .folder:
                guard folders.insert(identity).inserted else { continue }
                for (file, fileIdentity) in walk(path, folders: &folders, notes: &diagnostics) { add(file, fileIdentity) }
            case .file: add(path, identity)
            case .other: add(path, nil)
            }
        }
        return (files, diagnostics)
    }

    /// The regular files under `folder`, as `collect` finds them (for tests and tools).
    static func walk(_ folder: String) -> [String] {
        var folders = Set<Identity>(), notes: [Diagnostic] = []
        if let (identity, _) = entry(folder) { folders.insert(identity) }
        return walk(folder, folders: &folders, notes: &notes).map(\.path)
    }

    /// Regular files under a folder, recursively, skipping names that start with "." and folders
    /// in `folders` (read already; each one walked is added); sorted by path (byte order of the
    /// UTF-8 text, independent of locale). Entries are visited in that order too, so which of
    /// two paths to one folder is walked does not depend on the file system's order.
    private static func walk(_ folder: String, folders: inout Set<Identity>, notes: inout [Diagnostic]) -> [(
        path: String, identity: Identity
    )] {
        guard let (names, unreadable) = names(in: folder) else { return [] }
        var result: [(path: String, identity: Identity)] = []
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        for name in unreadable where !name.hasPrefix(".") {
            notes.append(
                Diagnostic(
                    file: base + name,
                    message: "cannot read the file: its name is not valid UTF-8 (shown with U+FFFD in its place); rename it to read it"))
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = base + name
            // A broken symbolic link is passed over, as before.
            guard let (identity, kind) = entry(path) else { continue }
            switch kind {
            case .folder:
                if folders.insert(identity).inserted {
                    result.append(contentsOf: walk(path, folders: &folders, notes: &notes))
                } else {
                    notes.append(Diagnostic(severity: .note, file: path, message: "a folder already read through another path; skipped"))
                }
            case .file:
                result.append((path, identity))
            case .other:
                notes.append(Diagnostic(severity: .note, file: path, message: "not a regular file (a FIFO, socket or device); skipped"))
            }
        }
        return result.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The names in `folder` (without `.` and `..`), and apart those that are not valid UTF-8
    /// (decoded with U+FFFD, for a message): Foundation's listing gives those with U+FFFD too, a
    /// path that does not exist, so such a file was passed over without a word. Nil when the
    /// folder cannot be read.
    static func names(in folder: String) -> (valid: [String], invalid: [String])? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var valid: [String] = [], invalid: [String] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                valid.append(name)
            } else {
                invalid.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return (valid, invalid.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    enum Kind { case folder, file, other }

    /// `stat(2)` of `path`, following symbolic links; nil when it does not exist or cannot be
    /// reached.
    static func entry(_ path: String) -> (Identity, Kind)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return (identity, .folder)
        case S_IFREG: return (identity, .file)
        default: return (identity, .other)
        }
    }
}
