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
                try f.data.write(to: path)
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
            throw Failure(description: error.localizedDescription)
        }
    }
}
