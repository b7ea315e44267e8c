import Foundation
import TelemetryModel
import Vocabulary

/// Expands the command line's inputs into the files to read: files as given, folders walked
/// recursively with hidden entries skipped and paths sorted, so that a run over the same
/// inputs always reads the same files in the same order (deterministic output, DESIGN §1).
enum InputFileCollector {
    /// The files, in order (duplicates removed), and a diagnostic for every input that is missing.
    static func collect(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(file: path, message: "no such file or folder"))
                continue
            }
            let found = isDirectory.boolValue ? walk(path) : [path]
            for file in found where seen.insert(file).inserted { files.append(file) }
        }
        return (files, diagnostics)
    }

    /// Regular files under a folder, recursively, skipping names that start with "."; sorted
    /// by path (byte order of the UTF-8 text, independent of locale).
    static func walk(_ folder: String) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
        var result: [String] = []
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        for name in names where !name.hasPrefix(".") {
            let path = base + name
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                result.append(contentsOf: walk(path))
            } else {
                result.append(path)
            }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
