import BackendClients
import Foundation

/// Writes an archive folder whole or not at all: into a sibling staging folder, then renamed
/// into place (an earlier archive is moved aside first and removed after).
enum ArchiveWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ files: [(path: String, data: Data)], to target: String) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: target).standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists {
            let empty = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: url.path))?.isEmpty ?? false)
            guard empty || FetchArchive.isArchive(url.path) else {
                throw Failure(
                    description: "it exists and is not an earlier fetch archive (no \(FetchArchive.manifestName)); choose another folder")
            }
        }
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).otel-report-fetch-\(getpid()).tmp")
        try? fm.removeItem(at: staging)
        do {
            for f in files {
                let path = staging.appendingPathComponent(f.path)
                try fm.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try writeFile(f.data, to: path)
            }
            if exists {
                let aside = parent.appendingPathComponent(".\(url.lastPathComponent).otel-report-old-\(getpid()).tmp")
                try fm.moveItem(at: url, to: aside)
                try fm.moveItem(at: staging, to: url)
                try? fm.removeItem(at: aside)
            } else {
                try fm.moveItem(at: staging, to: url)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw Failure(description: (error as? Failure)?.description ?? error.localizedDescription)
        }
    }

    /// Writes `data` into a new file at `url`, at most `OutputWriter.writeChunk` bytes a
    /// `write(2)`: a fetched response can be tens of megabytes, and one call of 2 MiB or more
    /// fills 2 MiB page-cache folios, slow on a virtual machine that hands free memory back to
    /// its host (measured in `OutputWriter.writeChunk`).
    static func writeFile(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot create \(url.path): \(StagingArea.lastError())") }
        defer { close(fd) }
        let written = data.withUnsafeBytes { OutputWriter.writeEvery($0, to: fd) }
        if !written { throw Failure(description: "cannot write \(url.path): \(StagingArea.lastError())") }
    }
}
