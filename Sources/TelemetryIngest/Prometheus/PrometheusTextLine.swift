/// One line of a Prometheus text (0.0.4) or OpenMetrics 1.0 exposition, parsed on its own.
///
/// Grammar: OpenMetrics 1.0 ABNF (`metric-descriptor`, `sample`, `labels`, `exemplar`) and
/// Prometheus's `model/textparse/promlex.l` / `openmetricslex.l` for the older format. The two
/// differ only where noted: OpenMetrics separates tokens by exactly one space, allows no
/// comments other than `# HELP`/`# TYPE`/`# UNIT`/`# EOF`, no trailing comma in a label set, and
/// writes timestamps as seconds; text 0.0.4 allows runs of spaces and tabs, free `#` comments,
/// and writes timestamps as integer milliseconds.
enum PrometheusTextLine {
    case blank
    case comment
    case help(name: String, text: String)
    case type(name: String, type: String)
    case unit(name: String, unit: String)
    case eof
    case sample(PrometheusTextSample)

    /// Types a `# TYPE` line may name (OpenMetrics `metric-type`, plus 0.0.4's `untyped`).
    static let openMetricsTypes: Set<String> = [
        "counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown",
    ]
    static let textTypes: Set<String> = openMetricsTypes.union(["untyped"])

    /// Parses `bytes[start..<end]` (without its line feed), line `line` of the file.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, line: Int,
        openMetrics: Bool
    ) throws(PrometheusTextError) -> PrometheusTextLine {
        var scanner = PrometheusTextScanner(bytes: bytes, lineStart: start, position: start, end: end, line: line, openMetrics: openMetrics)
        return try scanner.parseLine()
    }
}

/// A sample line: its metric name, labels as written (escapes resolved), value and timestamp.
struct PrometheusTextSample {
    var name: String
    var labels: [(name: String, value: String)]
    var value: Double
    /// The value as written, for `_created` samples, whose seconds are converted exactly.
    var valueText: String
    /// 1-based line and the column of the value, for messages about it.
    var line: Int
    var valueColumn: Int
    /// Nanoseconds since the Unix epoch, or nil when the sample has no timestamp.
    var timestampNanos: Int64?
    var hasExemplar: Bool
    /// The timestamp as written when it lies outside Int64 nanoseconds (years 1678–2262); one
    /// inside them but outside the times a snapshot holds is skipped by the parser.
    var unrepresentableTimestamp: String? = nil

    func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }
}

/// The cursor over one line that `PrometheusTextLine.parse` uses.
struct PrometheusTextScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let lineStart: Int
    var position: Int
    let end: Int
    let line: Int
    let openMetrics: Bool

    /// Exemplar label sets may hold at most this many characters (OpenMetrics 1.0 "Exemplars").
    static let exemplarLabelLimit = 128

    func error(_ message: String, at offset: Int? = nil) -> PrometheusTextError {
        let target = min(offset ?? position, end)
        var column = 1
        for i in lineStart..<target where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return PrometheusTextError(line: line, column: column, message: message)
    }

    func column(of offset: Int) -> Int { error("", at: offset).column }

    var atEnd: Bool { position >= end }
    var current: UInt8 { bytes[position] }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    mutating func parseLine() throws(PrometheusTextError) -> PrometheusTextLine {
        if atEnd {
            if openMetrics { throw error("empty line (OpenMetrics does not allow blank lines)") }
            return .blank
        }
        if current == UInt8(ascii: "#") { return try parseComment() }
        if !openMetrics && (current == 0x20 || current == 0x09) {
            skipBlanks()
            if atEnd { return .blank }
            if current == UInt8(ascii: "#") { return try parseComment() }
        }
        return .sample(try parseSample())
    }

    // MARK: Comments and metadata

    mutating func parseComment() throws(PrometheusTextError) -> PrometheusTextLine {
        position += 1
        if openMetrics {
            guard !atEnd, current == 0x20 else {
                throw error("expected '# HELP', '# TYPE', '# UNIT' or '# EOF'; OpenMetrics allows no other comments")
            }
            position += 1
        } else {
            skipBlanks()
        }
        let wordStart = position
        while !atEnd && current != 0x20 && current != 0x09 { position += 1 }
        let word = text(wordStart, position)
        switch word {
        case "EOF" where atEnd: return .eof
        case "HELP", "TYPE", "UNIT": break
        case _ where word.hasPrefix("EOF") && openMetrics:
            throw error("'# EOF' must stand alone on its line; text follows it", at: wordStart + 3)
        default:
            if openMetrics {
                throw error("expected '# HELP', '# TYPE', '# UNIT' or '# EOF'; OpenMetrics allows no other comments", at: wordStart)
            }
            return .comment
        }
        if word == "UNIT" && !openMetrics { return .comment }
        try separator(after: "# \(word)")
        let name = try metricName()
        if openMetrics && atEnd && word != "TYPE" {
            // OpenMetrics writes the separator even before empty text: `# HELP a ` (ABNF `metric-descriptor`).
            throw error(
                "expected a space after the metric name and then the \(word == "HELP" ? "help text" : "unit") (empty text is written '# \(word) \(name) ')"
            )
        }
        if word == "HELP" {
            if atEnd { return .help(name: name, text: "") }
            try separator(after: "the metric name")
            return .help(name: name, text: unescape(position, end))
        }
        if word == "UNIT" {
            if atEnd { return .unit(name: name, unit: "") }
            try separator(after: "the metric name")
            let unitStart = position
            while !atEnd && (isNameByte(current, first: false) && current != UInt8(ascii: ":")) { position += 1 }
            guard atEnd else { throw error("invalid character in a unit", at: position) }
            let unit = text(unitStart, end)
            if !unit.isEmpty && !name.hasSuffix("_" + unit) {
                throw error(
                    "unit '\(unit)' is not a suffix of the metric name '\(name)'; OpenMetrics requires '\(name)_\(unit)'", at: unitStart)
            }
            return .unit(name: name, unit: unit)
        }
        try separator(after: "the metric name")
        let typeStart = position
        while !atEnd && current != 0x20 && current != 0x09 { position += 1 }
        let type = text(typeStart, position)
        if !openMetrics { skipBlanks() }
        guard atEnd else { throw error("unexpected text after the metric type", at: position) }
        let allowed = openMetrics ? PrometheusTextLine.openMetricsTypes : PrometheusTextLine.textTypes
        guard allowed.contains(type) else {
            let hint = type == "untyped" ? "; OpenMetrics calls it 'unknown'" : ""
            throw error("unknown metric type '\(type)' for '\(name)'\(hint)", at: typeStart)
        }
        return .type(name: name, type: type)
    }

    // MARK: Samples

    mutating func parseSample() throws(PrometheusTextError) -> PrometheusTextSample {
        let name = try metricName()
        var labels: [(name: String, value: String)] = []
        if !atEnd && current == UInt8(ascii: "{") { labels = try labelSet() }
        try separator(after: labels.isEmpty ? "the metric name" : "the label set", before: "value")
        let valueStart = position
        let valueText = token()
        guard let value = PrometheusNumber.double(valueText) else {
            throw error(valueText.isEmpty ? "expected a sample value" : "invalid sample value '\(valueText)'", at: valueStart)
        }
        var sample = PrometheusTextSample(
            name: name, labels: labels, value: value, valueText: valueText, line: line,
            valueColumn: column(of: valueStart), timestampNanos: nil, hasExemplar: false)
        guard try moreAfterSeparator() else { return sample }
        if current != UInt8(ascii: "#") {
            let tsStart = position
            let tsText = token()
            if openMetrics {
                guard PrometheusNumber.decimalParts(Substring(tsText.drop { $0 == "-" || $0 == "+" })) != nil else {
                    throw error("invalid timestamp '\(tsText)' (OpenMetrics timestamps are seconds)", at: tsStart)
                }
                sample.timestampNanos = PrometheusNumber.nanoseconds(fromSeconds: tsText)
                if sample.timestampNanos == nil { sample.unrepresentableTimestamp = tsText }
            } else {
                guard let ns = PrometheusNumber.nanoseconds(fromMilliseconds: tsText) else {
                    throw error("invalid timestamp '\(tsText)' (text format 0.0.4 timestamps are integer milliseconds)", at: tsStart)
                }
                sample.timestampNanos = ns
            }
            guard try moreAfterSeparator() else { return sample }
            guard current == UInt8(ascii: "#") else { throw error("unexpected text after the timestamp") }
        }
        try exemplar()
        sample.hasExemplar = true
        return sample
    }

    /// ` # {labels} value [timestamp]` after a sample (OpenMetrics `exemplar`): checked, then dropped.
    mutating func exemplar() throws(PrometheusTextError) {
        position += 1
        guard !atEnd, current == 0x20 else { throw error("expected ' ' after '#' before an exemplar") }
        position += 1
        guard !atEnd, current == UInt8(ascii: "{") else { throw error("expected an exemplar label set '{…}'") }
        let labelsStart = position
        let labels = try labelSet()
        // Characters are code points (the reference parser counts Python `len`), not graphemes.
        let size = labels.reduce(0) { $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count }
        if openMetrics && size > Self.exemplarLabelLimit {
            throw error("exemplar labels have \(size) characters; OpenMetrics allows at most \(Self.exemplarLabelLimit)", at: labelsStart)
        }
        try separator(after: "the exemplar labels", before: "value")
        let valueStart = position
        let valueText = token()
        guard PrometheusNumber.double(valueText) != nil else { throw error("invalid exemplar value '\(valueText)'", at: valueStart) }
        guard try moreAfterSeparator() else { return }
        let tsStart = position
        let tsText = token()
        guard PrometheusNumber.nanoseconds(fromSeconds: tsText) != nil else {
            throw error("invalid exemplar timestamp '\(tsText)'", at: tsStart)
        }
        if !openMetrics { skipBlanks() }
        guard atEnd else { throw error("unexpected text after the exemplar") }
    }

    /// `{name="value",…}`; escapes `\\`, `\"` and `\n` resolved, other backslashes kept as written
    /// (what Prometheus's lexer and the OpenMetrics reference parser do).
    mutating func labelSet() throws(PrometheusTextError) -> [(name: String, value: String)] {
        position += 1
        var labels: [(name: String, value: String)] = []
        var afterComma = false
        while true {
            if !openMetrics { skipBlanks() }
            guard !atEnd else { throw error("unexpected end of line in a label set") }
            if current == UInt8(ascii: "}") {
                if afterComma && openMetrics { throw error("trailing ',' in a label set") }
                position += 1
                return labels
            }
            let nameStart = position
            guard isLabelNameByte(current, first: true) else { throw error("expected a label name or '}'") }
            while !atEnd && isLabelNameByte(current, first: false) { position += 1 }
            let name = text(nameStart, position)
            if labels.contains(where: { $0.name == name }) { throw error("duplicate label '\(name)'", at: nameStart) }
            if !openMetrics { skipBlanks() }
            guard !atEnd, current == UInt8(ascii: "=") else { throw error("expected '=' after label name '\(name)'") }
            position += 1
            if !openMetrics { skipBlanks() }
            guard !atEnd, current == UInt8(ascii: "\"") else { throw error("expected '\"' to open the value of label '\(name)'") }
            position += 1
            let valueStart = position
            while !atEnd && current != UInt8(ascii: "\"") {
                if current == UInt8(ascii: "\\") { position += 1 }
                position += 1
            }
            guard position < end else { throw error("unterminated value of label '\(name)'", at: valueStart - 1) }
            labels.append((name, unescape(valueStart, position)))
            position += 1
            if !openMetrics { skipBlanks() }
            guard !atEnd else { throw error("unexpected end of line in a label set") }
            if current == UInt8(ascii: ",") {
                position += 1
                afterComma = true
            } else if current != UInt8(ascii: "}") {
                throw error("expected ',' or '}' after a label value")
            } else {
                afterComma = false
            }
        }
    }

    // MARK: Tokens

    mutating func metricName() throws(PrometheusTextError) -> String {
        let start = position
        guard !atEnd, isNameByte(current, first: true) else { throw error("expected a metric name") }
        while !atEnd && isNameByte(current, first: false) { position += 1 }
        return text(start, position)
    }

    /// Consumes the separator before a token: one space in OpenMetrics, blanks in text 0.0.4.
    mutating func separator(after what: String, before next: String? = nil) throws(PrometheusTextError) {
        guard !atEnd, current == 0x20 || (!openMetrics && current == 0x09) else {
            let found = atEnd ? "end of line" : "'\(text(position, position + 1))'"
            throw error("expected a space after \(what)\(next.map { " and a \($0)" } ?? ""), found \(found)")
        }
        position += 1
        if openMetrics {
            if !atEnd && current == 0x20 { throw error("more than one space between tokens") }
        } else {
            skipBlanks()
        }
    }

    /// True when another token follows after a separator; false at the end of the line.
    mutating func moreAfterSeparator() throws(PrometheusTextError) -> Bool {
        if atEnd { return false }
        if !openMetrics {
            skipBlanks()
            return !atEnd
        }
        try separator(after: "a token")
        guard !atEnd else { throw error("trailing space at the end of the line") }
        return true
    }

    mutating func token() -> String {
        let start = position
        while !atEnd && current != 0x20 && current != 0x09 { position += 1 }
        return text(start, position)
    }

    mutating func skipBlanks() {
        while !atEnd && (current == 0x20 || current == 0x09) { position += 1 }
    }

    func isNameByte(_ b: UInt8, first: Bool) -> Bool {
        isLabelNameByte(b, first: first) || b == UInt8(ascii: ":")
    }

    func isLabelNameByte(_ b: UInt8, first: Bool) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_") || (!first && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    /// Resolves `\\`, `\"` and `\n`; any other backslash is kept with the byte after it.
    func unescape(_ from: Int, _ to: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var i = from
        while i < to {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") && i + 1 < to {
                switch bytes[i + 1] {
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "n"): out.append(0x0A)
                default:
                    out.append(b)
                    out.append(bytes[i + 1])
                }
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
