import Foundation

/// File-system helpers the end-to-end and in-process pipeline tests share (a module of its
/// own, as test targets cannot import each other): a fresh temporary folder, and every file
/// below a folder by relative path, to compare whole reports.
public enum TestFiles {
    public static func temporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file below `folder` by relative path.
    public static func files(in folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                result[String(url.path.dropFirst(folder.path.count + 1))] = try? Data(contentsOf: url)
            }
        }
        return result
    }
}
