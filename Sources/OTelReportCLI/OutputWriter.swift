import Foundation
import ReportRendering

/// Writes a report so that it appears whole or not at all: files go to a temporary folder next
/// to the target (same file system, so the final rename is atomic), and the target is replaced
/// only after every file is on disk. A folder that does not look like an earlier report is
/// never replaced.
struct OutputWriter {
    enum Failure: Error, CustomStringConvertible {
        case notAReport(String)
        case io(String)

        var description: String {
            switch self {
            case .notAReport(let p): return "refusing to replace '\(p)': it exists and holds files that are not an otel-report report (no report.json); choose another output"
            case .io(let m): return m
            }
        }
    }

    let fm = FileManager.default

    /// Writes `files` (paths relative to the report root) as the folder `target`.
    func writeSite(_ files: [RenderedFile], to target: String) throws {
        let targetURL = URL(fileURLWithPath: target).standardizedFileURL
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: targetURL.path, isDirectory: &isDir) {
            let contents = (try? fm.contentsOfDirectory(atPath: targetURL.path)) ?? []
            if !isDir.boolValue || (!contents.isEmpty && !contents.contains("report.json")) {
                throw Failure.notAReport(target)
            }
        }
        let parent = targetURL.deletingLastPathComponent()
        try create(parent)
        let temp = parent.appendingPathComponent(".\(targetURL.lastPathComponent).otel-report-\(ProcessInfo.processInfo.processIdentifier).tmp")
        try? fm.removeItem(at: temp)
        do {
            try create(temp)
            for f in files {
                let url = temp.appendingPathComponent(f.path)
                try create(url.deletingLastPathComponent())
                try Data(f.contents.utf8).write(to: url)
            }
            if fm.fileExists(atPath: targetURL.path) {
                let old = parent.appendingPathComponent(".\(targetURL.lastPathComponent).otel-report-old-\(ProcessInfo.processInfo.processIdentifier)")
                try? fm.removeItem(at: old)
                try fm.moveItem(at: targetURL, to: old)
                do {
                    try fm.moveItem(at: temp, to: targetURL)
                } catch {
                    try? fm.moveItem(at: old, to: targetURL)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: temp, to: targetURL)
            }
        } catch let e as Failure {
            try? fm.removeItem(at: temp)
            throw e
        } catch {
            try? fm.removeItem(at: temp)
            throw Failure.io("could not write '\(target)': \(error.localizedDescription)")
        }
    }

    /// Writes one file atomically (temporary file in the same folder, then rename).
    func writeFile(_ contents: String, to target: String) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        do {
            try create(url.deletingLastPathComponent())
            try Data(contents.utf8).write(to: url, options: .atomic)
        } catch {
            throw Failure.io("could not write '\(target)': \(error.localizedDescription)")
        }
    }

    private func create(_ dir: URL) throws {
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    }
}
