#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TelemetryModel

/// The one place that prints: diagnostics and progress to standard error, results to standard
/// output (DESIGN §1). Colour only when standard error is a terminal.
struct DiagnosticPrinter {
    var quiet = false

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    func error(_ message: String) {
        Self.writeErr((Self.stderrIsTerminal ? "\u{1B}[1;31merror:\u{1B}[0m " : "error: ") + message + "\n")
    }

    func print(_ d: Diagnostic) {
        guard !(quiet && d.severity != .error) else { return }
        Self.writeErr(d.description + "\n")
    }

    /// A progress line, only when standard error is a terminal and not quiet.
    func progress(_ message: String) {
        guard !quiet, Self.stderrIsTerminal else { return }
        Self.writeErr("• " + message + "\n")
    }

    /// A line for the person even when output is redirected (the summary at the end).
    func note(_ message: String) {
        guard !quiet else { return }
        Self.writeErr(message + "\n")
    }

    /// Clears a progress line first (and keeps it from being drawn meanwhile), so a message
    /// never lands on the same line as the bar.
    static func writeErr(_ text: String) { ProgressReporter.shared.printing { write(text, to: 2) } }

    static func writeOut(_ text: String) { write(text, to: 1) }

    /// Unbuffered writes to a file descriptor (the C `FILE*` globals are not concurrency-safe
    /// in Swift 6), looping over partial writes.
    static func write(_ text: String, to fd: Int32) {
        var t = text
        t.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #else
                let n = Darwin.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #endif
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
