import Foundation
import TelemetryModel
import Vocabulary

/// Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text (DESIGN §3.5): `/metrics`
/// scrapes, `promtool tsdb dump`/`dump-openmetrics` output, exporter fixtures.
///
/// Which of the two a file is cannot come from a Content-Type header here, so it comes from
/// its content: a file with a `# EOF` line is OpenMetrics (the spec requires that line and
/// 0.0.4 has no such thing) and is held to its rules; anything else is 0.0.4, read as leniently
/// as Prometheus's `promparse.go` reads it. The difference matters for timestamps: OpenMetrics
/// writes seconds (`1700215884.373`), 0.0.4 integer milliseconds (`1700215884373`).
///
/// **Samples without a timestamp** (a live scrape) are placed at `defaultTimestampNanos` when
/// the caller knows the scrape time; otherwise at the newest timestamp of the same file (a
/// scrape saved beside timestamped samples belongs with them), else at the file's modification
/// time (when it was saved, which is when it was scraped unless it was copied since) — never at
/// 1970, which would stretch every chart over half a century. A note says which was used.
public enum PrometheusTextFormat: TelemetryFormat {
    public static let name = "prometheus-text"

    /// How much of a file the sniffer reads, and how many lines it looks at.
    static let sniffLimit = 64 << 10
    static let sniffLines = 16

    /// True when the first line that is neither blank nor a free comment is a `# HELP`,
    /// `# TYPE`, `# UNIT` or `# EOF` line, or a sample line that parses. Later lines are left
    /// to the decoder, so that a fault there is reported with its line instead of the file
    /// being "not recognised". JSON (`{`, `[`) never parses as a sample, so JSON is never claimed.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let limit = min(bytes.count, sniffLimit)
        var lineStart = OTLPJSONFormat.bomLength(bytes)
        var line = 1
        while lineStart < limit && line <= sniffLines {
            var lineEnd = lineStart
            while lineEnd < limit && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd == limit && limit < bytes.count { return false }  // a line longer than the window
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let content = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
            if metadataPrefixes.contains(where: { content.starts(with: $0) }) || content.elementsEqual("# EOF".utf8) {
                return true
            }
            if line == 1 && PrometheusTextParser.hasEOFLine(UnsafeBufferPointer(rebasing: bytes[0..<limit])) && !looksLikeJSON(content) {
                // An OpenMetrics exposition (it ends with `# EOF`) whose first line is broken:
                // claim it, so the fault is reported with its line rather than "not recognised".
                return true
            }
            if content.isEmpty || content.first == UInt8(ascii: "#") {
                lineStart = lineEnd + 1
                line += 1
                continue
            }
            return (try? PrometheusTextLine.parse(bytes, start: lineStart, end: contentEnd, line: line, openMetrics: false)) != nil
                || (try? PrometheusTextLine.parse(bytes, start: lineStart, end: contentEnd, line: line, openMetrics: true)) != nil
        }
        return false
    }

    static let metadataPrefixes = ["# HELP ", "# TYPE ", "# UNIT "].map { Array($0.utf8) }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        decode(bytes, file: file, defaultTimestampNanos: nil)
    }

    /// Decodes a whole exposition; samples without a timestamp get `defaultTimestampNanos` (the
    /// scrape time, when the caller knows it), else the newest timestamp in the file, else the
    /// file's modification time, with a note.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, defaultTimestampNanos: Int64?) -> FileDecodeResult {
        let openMetrics = PrometheusTextParser.hasEOFLine(bytes)
        var parser = PrometheusTextParser(bytes: bytes, openMetrics: openMetrics)
        do {
            try parser.parse()
        } catch {
            if !openMetrics, let truncated = truncatedOpenMetrics(bytes, textError: error) {
                return .failed([diagnostic(truncated, file: file, severity: .error)])
            }
            return .failed([diagnostic(error, file: file, severity: .error)])
        }
        var notes: [Diagnostic] = []
        // `_created` samples are start times, not points: they need no timestamp of their own.
        let untimed = parser.families.reduce(0) { sum, family in
            sum + family.samples.filter { $0.timestampNanos == nil && $0.name != family.name + "_created" }.count
        }
        var defaultTime: Int64 = 0
        if untimed > 0 {
            let newest = parser.families.lazy.flatMap(\.samples).compactMap(\.timestampNanos).max()
            let placed: String
            if let given = defaultTimestampNanos {
                defaultTime = given
                placed = "at the given scrape time (\(given) ns)"
            } else if let newest {
                defaultTime = newest
                placed = "at the newest timestamp in the file, \(UTCTime.rfc3339(nanos: newest))"
            } else if let fixed = sourceDateEpoch() {
                defaultTime = fixed
                placed = "at SOURCE_DATE_EPOCH, \(UTCTime.rfc3339(nanos: fixed)), in place of the file's modification time"
            } else if let modified = modificationTime(file) {
                defaultTime = modified
                placed = "at the file's modification time, \(UTCTime.rfc3339(nanos: modified))"
            } else {
                placed = "at time 0 (1970-01-01T00:00:00Z), as the file has no modification time"
            }
            let of =
                untimed == 1 && parser.sampleCount == 1
                ? "its one sample has"
                : untimed == parser.sampleCount ? "all \(untimed) samples have" : "\(untimed) of \(parser.sampleCount) samples have"
            let verb = untimed == 1 && parser.sampleCount == 1 ? "it is" : "they are"
            notes.append(Diagnostic(severity: .note, file: file, message: "\(of) no timestamp; \(verb) placed \(placed)"))
        }
        var assembler = PrometheusFamilyAssembler(openMetrics: openMetrics, defaultTimestamp: defaultTime)
        do {
            for family in parser.families { try assembler.add(family) }
        } catch {
            return .failed([diagnostic(error, file: file, severity: .error)])
        }
        let warnings = (parser.warnings + assembler.warnings).map { diagnostic($0, file: file, severity: .warning) } + notes
        return .decoded(
            DecodedFile(
                snapshot: assembler.builder.finish(), spanCount: 0,
                metricPointCount: assembler.pointCount, warnings: warnings))
    }

    /// `SOURCE_DATE_EPOCH` (seconds since the epoch), when set: the reproducible-builds
    /// convention (https://reproducible-builds.org/specs/source-date-epoch/) for a fixed time
    /// that stands in for file times, so a report of untimed samples is the same on every
    /// checkout (the golden tests set it).
    static func sourceDateEpoch() -> Int64? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) else { return nil }
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? nil : nanos
    }

    /// The modification time of `path` in nanoseconds, or nil when it cannot be read (bytes
    /// that came from no file).
    static func modificationTime(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// When a file without `# EOF` fails as text 0.0.4 but reads cleanly as OpenMetrics up to
    /// its end, it is an OpenMetrics exposition cut short (a truncated download or copy): say
    /// that `# EOF` is missing, at the end of the file, instead of blaming a seconds timestamp
    /// for not being milliseconds.
    static func truncatedOpenMetrics(_ bytes: UnsafeBufferPointer<UInt8>, textError: PrometheusTextError) -> PrometheusTextError? {
        var parser = PrometheusTextParser(bytes: bytes, openMetrics: true)
        do {
            try parser.parse()
            return nil
        } catch {
            guard error.message.hasPrefix(PrometheusTextParser.missingEOFMessage) else { return nil }
            return PrometheusTextError(
                line: error.line, column: error.column,
                message:
                    "\(PrometheusTextParser.missingEOFMessage): the file reads as OpenMetrics but ends without it, so it was probably cut short (read as text format 0.0.4 instead, line \(textError.line) fails: \(textError.message))"
            )
        }
    }

    /// True when a line starts like JSON (`{` or `[`), which no exposition line does.
    static func looksLikeJSON(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = content.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    static func diagnostic(_ error: PrometheusTextError, file: String, severity: Diagnostic.Severity) -> Diagnostic {
        Diagnostic(severity: severity, file: file, line: error.line, column: error.column, message: error.message)
    }
}
