import Foundation
import Testing

/// The progress line (issue 7): drawn on standard error when it is a terminal, never on
/// standard output or into the report, and not at all with `--quiet` or without a terminal.
@Suite(.serialized) struct ProgressTests {
    /// Runs `render` under `script(1)`, so standard error is a terminal while standard output
    /// goes to a file; returns (what the terminal showed, standard output).
    static func renderOnATerminal(_ extra: [String], out: URL, work: URL) throws -> (terminal: String, stdout: String)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), let binary = CLI.binary else { return nil }
        let stdoutFile = work.appendingPathComponent("stdout.txt"), typescript = work.appendingPathComponent("typescript")
        let command =
            ([binary.path, "render", "examples/recommendation-cache", "-o", out.path, "--generated-at", "2026-01-15T12:00:00Z"] + extra)
            .map { "'" + $0 + "'" }.joined(separator: " ") + " > '" + stdoutFile.path + "'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, typescript.path]
        process.currentDirectoryURL = CLI.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["OTEL_REPORT_PROGRESS_DELAY_MS": "0"]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (
            String(decoding: try Data(contentsOf: typescript), as: UTF8.self),
            String(decoding: try Data(contentsOf: stdoutFile), as: UTF8.self)
        )
    }

    @Test func aTerminalSeesTheProgressLineAndNothingElseDoes() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("report")
        guard let (terminal, stdout) = try Self.renderOnATerminal([], out: out, work: work) else { return }
        #expect(terminal.contains("reading"))
        #expect(terminal.contains("\r\u{1B}[K"))
        #expect(stdout.isEmpty)
        for (name, data) in CLI.files(in: out) {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("\u{1B}[K") && !text.contains("reading ["), "\(name) holds progress output")
        }
    }

    @Test func quietDrawsNothingEvenOnATerminal() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        guard let (terminal, _) = try Self.renderOnATerminal(["--quiet"], out: work.appendingPathComponent("report"), work: work) else {
            return
        }
        #expect(!terminal.contains("reading"))
        #expect(!terminal.contains("\u{1B}[K"))
    }

    @Test func withoutATerminalThereIsNoProgressLine() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try CLI.run(
            ["render", "examples/recommendation-cache", "-o", work.appendingPathComponent("r").path],
            environment: ["OTEL_REPORT_PROGRESS_DELAY_MS": "0"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("reading"))
        #expect(result.stdout.isEmpty)
    }
}
