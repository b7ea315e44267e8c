import Vocabulary

/// A metric family as read from an exposition: its metadata and samples in file order.
struct PrometheusTextFamily {
    var name: String
    /// The `# TYPE` word, or "" when the family has no TYPE line.
    var type: String = ""
    var help: String = ""
    var unit: String = ""
    var samples: [PrometheusTextSample] = []
    var seen: Set<String> = []

    /// True when a sample called `sampleName` is part of this family: the suffixes each type
    /// has (OpenMetrics 1.0 "Metric types"), plus the 0.0.4 habits of naming a counter family
    /// after its `_total` sample and of info metrics without `_info`.
    func contains(_ sampleName: String) -> Bool {
        if sampleName == name { return type != "histogram" && type != "gaugehistogram" }
        guard sampleName.hasPrefix(name) else { return false }
        let suffix = sampleName.dropFirst(name.count)
        switch type {
        case "counter": return suffix == "_total" || suffix == "_created"
        case "histogram": return ["_bucket", "_count", "_sum", "_created"].contains(suffix)
        case "gaugehistogram": return ["_bucket", "_gcount", "_gsum"].contains(suffix)
        case "summary": return ["_count", "_sum", "_created"].contains(suffix)
        case "info": return suffix == "_info"
        default: return false
        }
    }

    /// The sample names a family of this type holds, for messages.
    var expectedSampleNames: String {
        let suffixes: [String] =
            switch type {
            case "counter": ["_total", "_created"]
            case "histogram": ["_bucket", "_count", "_sum", "_created"]
            case "gaugehistogram": ["_bucket", "_gcount", "_gsum"]
            case "summary": ["", "_count", "_sum", "_created"]
            case "info": ["_info"]
            default: [""]
            }
        return suffixes.map { "'\(name)\($0)'" }.joined(separator: ", ")
    }
}

/// Splits an exposition into lines and groups them into metric families, checking the
/// structure the OpenMetrics 1.0 text format requires ("MetricFamily": metadata before samples,
/// at most one of each metadata line, families not interleaved; "Overall Structure": LF line
/// endings, the exposition ends with `# EOF` and nothing follows it). In text 0.0.4 mode these
/// are relaxed the way Prometheus's `promparse.go` relaxes them (blank lines, `\r\n`, comments,
/// families repeated later).
struct PrometheusTextParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let openMetrics: Bool
    private(set) var families: [PrometheusTextFamily] = []
    private(set) var sampleCount = 0
    /// Samples skipped because their timestamp cannot be held in Int64 nanoseconds.
    private(set) var warnings: [PrometheusTextError] = []
    private var closed: Set<String> = []
    /// The per-sample OpenMetrics rules for the current family (`OpenMetricsSampleRules`).
    private var rules = OpenMetricsSampleRules()

    init(bytes: UnsafeBufferPointer<UInt8>, openMetrics: Bool) {
        self.bytes = bytes
        self.openMetrics = openMetrics
    }

    /// True when some line is `# EOF` (or starts with it, as `# EOFblah`, which is then rejected):
    /// the file is OpenMetrics, whose expositions must end with it; in 0.0.4 text it would be an
    /// ordinary comment, which exporters do not write.
    static func hasEOFLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker = Array("# EOF".utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd - lineStart >= marker.count && bytes[lineStart] == UInt8(ascii: "#")
                && (0..<marker.count).allSatisfy({ bytes[lineStart + $0] == marker[$0] })
            {
                return true
            }
            lineStart = lineEnd + 1
        }
        return false
    }

    static let missingEOFMessage = "missing '# EOF' at the end of an OpenMetrics exposition"

    mutating func parse() throws(PrometheusTextError) {
        var lineStart = OTLPJSONFormat.bomLength(bytes)
        var line = 1
        var sawEOF = false
        var lastLineLength = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D {
                if openMetrics {
                    throw PrometheusTextError(
                        line: line, column: contentEnd - lineStart,
                        message: "carriage return in a line ending (OpenMetrics lines end with LF only)")
                }
                contentEnd -= 1
            }
            if sawEOF {
                throw PrometheusTextError(line: line, column: 1, message: "content after '# EOF'; an OpenMetrics exposition ends there")
            }
            let parsed = try PrometheusTextLine.parse(bytes, start: lineStart, end: contentEnd, line: line, openMetrics: openMetrics)
            switch parsed {
            case .blank, .comment: break
            case .eof: sawEOF = true
            case .help(let name, let text): try metadata("HELP", name: name, line: line) { if !text.isEmpty { $0.help = text } }
            case .unit(let name, let unit): try metadata("UNIT", name: name, line: line) { if !unit.isEmpty { $0.unit = unit } }
            case .type(let name, let type):
                if openMetrics { try checkClash(name, type: type, line: line) }
                try metadata("TYPE", name: name, line: line) { $0.type = type }
            case .sample(let sample): try add(sample)
            }
            if openMetrics, let family = families.last, !family.unit.isEmpty, family.type == "info" || family.type == "stateset" {
                throw PrometheusTextError(
                    line: line, column: 1,
                    message:
                        "\(family.type) '\(family.name)' has a unit ('\(family.unit)'); OpenMetrics allows no unit on info and stateset families"
                )
            }
            lastLineLength = contentEnd - lineStart
            lineStart = lineEnd + 1
            line += 1
        }
        if openMetrics && !sawEOF {
            throw PrometheusTextError(line: max(line - 1, 1), column: max(lastLineLength, 0) + 1, message: Self.missingEOFMessage)
        }
    }

    /// Applies a `# HELP`/`# TYPE`/`# UNIT` line to the family it names, starting that family
    /// when it is not the current one.
    private mutating func metadata(
        _ kind: String, name: String, line: Int,
        _ apply: (inout PrometheusTextFamily) -> Void
    ) throws(PrometheusTextError) {
        if let current = families.last, current.name == name {
            if current.samples.isEmpty {
                if !current.seen.contains(kind) {
                    families[families.count - 1].seen.insert(kind)
                    apply(&families[families.count - 1])
                    return
                }
                if openMetrics {
                    throw PrometheusTextError(line: line, column: 1, message: "second '# \(kind)' line for '\(name)'")
                }
            } else if openMetrics {
                throw PrometheusTextError(
                    line: line, column: 1, message: "'# \(kind)' line for '\(name)' after its samples; metadata must come first")
            }
            // Text 0.0.4: metadata repeated later starts the family again; its series merge.
        }
        if openMetrics && closed.contains(name) {
            throw PrometheusTextError(
                line: line, column: 1,
                message: "metric family '\(name)' appears a second time; OpenMetrics families must not be interleaved")
        }
        startFamily(PrometheusTextFamily(name: name))
        families[families.count - 1].seen.insert(kind)
        apply(&families[families.count - 1])
    }

    private mutating func add(_ sample: PrometheusTextSample) throws(PrometheusTextError) {
        sampleCount += 1
        if let text = sample.unrepresentableTimestamp {
            warnings.append(
                PrometheusTextError(
                    line: sample.line, column: 0,
                    message: "timestamp \(text) s is outside the years 1970 to 2099; sample skipped"))
            return
        }
        // Not `if let current = families.last`: a live copy of the family would make every
        // append copy its whole sample array (quadratic: 100 s for a 9.5 MB file in debug).
        if families.last?.contains(sample.name) == true {
            if openMetrics { try rules.check(sample, family: families[families.count - 1]) }
            if skipsOutsideTheWindow(sample) { return }
            families[families.count - 1].samples.append(sample)
            return
        }
        if openMetrics, let owner = closedFamily(of: sample.name) {
            throw PrometheusTextError(
                line: sample.line, column: 1,
                message:
                    "sample '\(sample.name)' belongs to metric family '\(owner)', which ended earlier; OpenMetrics families must not be interleaved"
            )
        }
        var family = PrometheusTextFamily(name: sample.name)
        startFamily(family)
        if openMetrics { try rules.check(sample, family: family) }
        if skipsOutsideTheWindow(sample) { return }
        family.samples = [sample]
        families[families.count - 1] = family
    }

    /// True, with a warning, for a sample whose timestamp is valid but outside the times a
    /// snapshot holds (`UTCTime.supportedNanos`, 1970 to 2099). Checked after OpenMetrics's
    /// rules, which still see its time (a later sample may not go back before it).
    private mutating func skipsOutsideTheWindow(_ sample: PrometheusTextSample) -> Bool {
        guard let t = sample.timestampNanos, !UTCTime.supportedNanos.contains(t) else { return false }
        warnings.append(
            PrometheusTextError(
                line: sample.line, column: 0,
                message: "timestamp \(UTCTime.rfc3339(nanos: t)) is outside the years 1970 to 2099; sample skipped"))
        return true
    }

    private mutating func startFamily(_ family: PrometheusTextFamily) {
        if let last = families.last { closed.insert(last.name) }
        families.append(family)
        rules.reset(family.name)
    }

    /// OpenMetrics 1.0: a family's sample names must not be another family's name
    /// (`# TYPE a_created gauge` then `# TYPE a counter`, whose `a_created` would clash).
    private func checkClash(_ name: String, type: String, line: Int) throws(PrometheusTextError) {
        let suffixes: [String] =
            switch type {
            case "counter": ["_total", "_created"]
            case "histogram": ["_bucket", "_count", "_sum", "_created"]
            case "gaugehistogram": ["_bucket", "_gcount", "_gsum"]
            case "summary": ["_count", "_sum", "_created"]
            case "info": ["_info"]
            default: []
            }
        for suffix in suffixes where families.contains(where: { $0.name == name + suffix }) {
            throw PrometheusTextError(
                line: line, column: 1,
                message:
                    "the \(type) '\(name)' would have samples named '\(name + suffix)', which is already a metric family; OpenMetrics names must not clash"
            )
        }
    }

    /// The name of an earlier family a sample name would belong to (its name, or its name
    /// without a type suffix).
    private func closedFamily(of sampleName: String) -> String? {
        if closed.contains(sampleName) { return sampleName }
        for suffix in ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"] where sampleName.hasSuffix(suffix) {
            let base = String(sampleName.dropLast(suffix.count))
            if closed.contains(base), let family = families.last(where: { $0.name == base }), family.contains(sampleName) {
                return base
            }
        }
        return nil
    }
}
