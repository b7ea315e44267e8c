import Foundation
import TestSupport
import Testing

/// Runs the built `otel-report` binary as a person would, capturing exit code and output.
/// `swift test` builds the executable next to the test bundle.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    static var binary: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("otel-report")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for scratch in [".build/debug", ".build/release"] {
            let candidate = packageRoot.appendingPathComponent(scratch).appendingPathComponent("otel-report")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// `environment` is added to the test's own; the variables named in `removing` are left out.
    /// `stdin`, when given, is written to the process's standard input through a pipe (as
    /// `cat file | otel-report render /dev/stdin` would), from a thread of its own.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], removing: [String] = [], directory: URL? = nil,
        stdin: Data? = nil
    ) throws -> Result {
        let binary = try #require(binary, "otel-report binary not found next to the tests; run `swift build` first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if !environment.isEmpty || !removing.isEmpty {
            var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            for name in removing { merged[name] = nil }
            process.environment = merged
        }
        // Output goes to files, not pipes, so a chatty child can never block on a full pipe.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input }
        try process.run()
        if let input, let stdin {
            // A process that stops reading early must not end the tests with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let writer = Thread {
                try? input.fileHandleForWriting.write(contentsOf: stdin)
                try? input.fileHandleForWriting.close()
            }
            writer.start()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL { try TestFiles.temporaryDirectory(prefix: "otel-report-tests") }

    static func files(in folder: URL) -> [String: Data] { TestFiles.files(in: folder) }
}
