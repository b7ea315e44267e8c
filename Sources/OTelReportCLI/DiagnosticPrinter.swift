import TelemetryModel
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place that prints: every error, warning and note the tool emits (a `Diagnostic`, or
/// a message without a place) and progress to standard error, results to standard output
/// (DESIGN §1). `--quiet` leaves out everything but errors. Colour only when standard error is
/// a terminal.
struct DiagnosticPrinter {
    var quiet = false

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// `error: message`, for a failure that has no place in a file.
    func error(_ message: String) { print(.error, message) }

    /// `warning: message` or `note: message` (left out with `--quiet`), or an error.
    func print(_ severity: Diagnostic.Severity, _ message: String) {
        guard !(quiet && severity != .error) else { return }
        let label = severity.rawValue + ":"
        Self.writeErr(
            (severity == .error && Self.stderrIsTerminal ? "\u{1B}[1;31m\(label)\u{1B}[0m " : label + " ") + Self.terminalSafe(message)
                + "\n")
    }

    /// `file:line:col: severity: path: message` (left out with `--quiet` unless an error).
    func print(_ d: Diagnostic) {
        guard !(quiet && d.severity != .error) else { return }
        Self.writeErr(Self.terminalSafe(d.description) + "\n")
    }

    /// Text from the input (a service name, a value quoted in a diagnostic) must not drive the
    /// terminal: control characters other than newline and tab (ESC starts colour and cursor
    /// sequences), C1 controls and bidi overrides are printed as `\u{1B}`-style escapes.
    static func terminalSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// A progress line, only when standard error is a terminal and not quiet.
    func progress(_ message: String) {
        guard !quiet, Self.stderrIsTerminal else { return }
        Self.writeErr("• " + message + "\n")
    }

    /// A line for the person even when output is redirected (the summary at the end).
    func note(_ message: String) {
        guard !quiet else { return }
        Self.writeErr(Self.terminalSafe(message) + "\n")
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
