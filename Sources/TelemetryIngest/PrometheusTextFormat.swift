import TelemetryModel

/// Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text (DESIGN §3.5): `/metrics`
/// scrapes, `promtool tsdb dump`/`dump-openmetrics` output, exporter fixtures.
///
/// Which of the two a file is cannot come from a Content-Type header here, so it comes from
/// its content: a file with a `# EOF` line is OpenMetrics (the spec requires that line and
/// 0.0.4 has no such thing) and is held to its rules; anything else is 0.0.4, read as leniently
/// as Prometheus's `promparse.go` reads it. The difference matters for timestamps: OpenMetrics
/// writes seconds (`1700215884.373`), 0.0.4 integer milliseconds (`1700215884373`).
///
/// **Samples without a timestamp** (a live scrape) are given `defaultTimestampNanos` when the
/// caller knows the scrape time, and otherwise time 0 (1970-01-01T00:00:00Z), with a note
/// saying so. The file's modification time is not used: it changes when a file is copied,
/// and the same input must always give the same report.
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
            if lineEnd == limit && limit < bytes.count { return false }   // a line longer than the window
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let content = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
            if metadataPrefixes.contains(where: { content.starts(with: $0) }) || content.elementsEqual("# EOF".utf8) {
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

    /// Decodes a whole exposition; samples without a timestamp get `defaultTimestampNanos`
    /// (the scrape time, when the caller knows it) or else 0 with a note.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, defaultTimestampNanos: Int64?) -> FileDecodeResult {
        let openMetrics = PrometheusTextParser.hasEOFLine(bytes)
        var parser = PrometheusTextParser(bytes: bytes, openMetrics: openMetrics)
        var assembler = PrometheusFamilyAssembler(openMetrics: openMetrics, defaultTimestamp: defaultTimestampNanos ?? 0)
        do {
            try parser.parse()
            for family in parser.families { try assembler.add(family) }
        } catch {
            return .failed([diagnostic(error, file: file, severity: .error)])
        }
        var warnings = (parser.warnings + assembler.warnings).map { diagnostic($0, file: file, severity: .warning) }
        let untimed = parser.families.reduce(0) { $0 + $1.samples.filter { $0.timestampNanos == nil }.count }
        if untimed > 0 {
            let placed = defaultTimestampNanos.map { "at the given scrape time (\($0) ns)" }
                ?? "at time 0 (1970-01-01T00:00:00Z); give the scrape time to place them"
            let of = untimed == 1 && parser.sampleCount == 1 ? "its one sample has"
                : untimed == parser.sampleCount ? "all \(untimed) samples have" : "\(untimed) of \(parser.sampleCount) samples have"
            warnings.append(Diagnostic(severity: .note, file: file, message: "\(of) no timestamp; they are placed \(placed)"))
        }
        return .decoded(DecodedFile(snapshot: assembler.builder.finish(), spanCount: 0,
                                    metricPointCount: assembler.pointCount, warnings: warnings))
    }

    static func diagnostic(_ error: PrometheusTextError, file: String, severity: Diagnostic.Severity) -> Diagnostic {
        Diagnostic(severity: severity, file: file, line: error.line, column: error.column, message: error.message)
    }
}
