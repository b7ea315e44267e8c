/// The severity bucket of a log record (OpenTelemetry logs data model, "Field: SeverityNumber"):
/// numbers 1–4 are TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. A record
/// with number 0 (unspecified) is bucketed by its `severityText` when that is a level name a
/// logging library writes (see `init(number:text:)`), else it is UNSPECIFIED.
public enum LogSeverity: Int, CaseIterable, Comparable, Hashable, Sendable {
    case unspecified = 0, trace, debug, info, warn, error, fatal

    /// The bucket's name as `report.json` and the pages write it.
    public var name: String {
        switch self {
        case .unspecified: return "UNSPECIFIED"
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info: return "INFO"
        case .warn: return "WARN"
        case .error: return "ERROR"
        case .fatal: return "FATAL"
        }
    }

    /// The order `report.json` lists the buckets in: TRACE … FATAL, then UNSPECIFIED.
    public static let reportOrder: [LogSeverity] = [.trace, .debug, .info, .warn, .error, .fatal, .unspecified]

    /// ERROR and FATAL: what `errorCount` counts.
    public var isError: Bool { self == .error || self == .fatal }

    public static func < (a: LogSeverity, b: LogSeverity) -> Bool { a.rawValue < b.rawValue }

    /// The bucket of a severity number (1–24); nil for 0 or a number outside the data model.
    public init?(number: Int) {
        switch number {
        case 1...4: self = .trace
        case 5...8: self = .debug
        case 9...12: self = .info
        case 13...16: self = .warn
        case 17...20: self = .error
        case 21...24: self = .fatal
        default: return nil
        }
    }

    /// The bucket of a record: by number when it is 1–24, else by the text. The text is read
    /// case-insensitively with trailing digits and spaces dropped (the data model's short
    /// names `INFO2`, `WARN3`), and the names of common logging libraries are accepted —
    /// Python's `WARNING`/`CRITICAL`, syslog's `NOTICE`/`ERR`/`CRIT`/`ALERT`/`EMERG`, Go's
    /// `PANIC`, .NET's `INFORMATION`/`VERBOSE` (as DEBUG)/`TRACE`. Anything else is UNSPECIFIED.
    public init(number: Int, text: String) {
        if let bucket = LogSeverity(number: number) {
            self = bucket
            return
        }
        var letters = Substring(text.uppercased())
        while let last = letters.last, last.isNumber || last == " " { letters = letters.dropLast() }
        while let first = letters.first, first == " " { letters = letters.dropFirst() }
        switch letters {
        case "TRACE", "FINEST", "FINER": self = .trace
        case "DEBUG", "VERBOSE", "FINE", "DBG": self = .debug
        case "INFO", "INFORMATION", "NOTICE", "INF": self = .info
        case "WARN", "WARNING", "WRN": self = .warn
        case "ERROR", "ERR", "SEVERE": self = .error
        case "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC": self = .fatal
        default: self = .unspecified
        }
    }
}
