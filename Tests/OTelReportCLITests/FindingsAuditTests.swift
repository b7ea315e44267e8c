import Foundation
import Testing

/// Renders every real capture of the shared corpus and the example, and checks each finding
/// against numbers computed here, not by the code under test: memory direction words against the
/// chart's own points (Kendall's S over the cited window, first against last), "until it
/// restarted" against the chart's restart markers, latency-tail and attribute claims against the
/// spans parsed with Foundation's JSON parser (OTLP JSON inputs), and that no two findings cite
/// the same spans. Skipped where the corpus is absent (the example always runs).
@Suite(.serialized) struct FindingsAuditTests {
    /// A span as this test reads it from OTLP JSON.
    struct RawSpan {
        var service: String
        var name: String
        var end: Int64
        var duration: Int64
        var attributes: [String: String]
        /// Attributes whose values were floating-point numbers (their text may differ from the report's).
        var doubles: Set<String> = []
        /// The trace id as the file writes it.
        var trace: String = ""
    }

    static func inputs() -> [URL] {
        var inputs = [CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")]
        if CLI.hasCorpus {
            for folder in ["otlp-json", "jaeger-json", "opensearch", "zipkin", "prometheus"] {
                inputs += CorpusTests.files(in: folder).map { URL(fileURLWithPath: $0) }
            }
        }
        return inputs
    }

    @Test func everyFindingAgreesWithItsDataAndNoTwoCiteTheSameSpans() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        var checked = 0, withFindings = 0, againstSpans = 0
        // A simulated snapshot at three times the example's rate, whose cart failures show on
        // the client and server spans of the same calls (one finding, "the same traces").
        let simulated = out.appendingPathComponent("simulated")
        let sim = try CLI.run(["simulate", "recommendation-cache", "-o", simulated.path, "--scale", "3"])
        #expect(sim.status == 0, "\(sim.stderr)")
        for (i, input) in (Self.inputs() + [simulated]).enumerated() {
            let target = out.appendingPathComponent("r\(i)")
            let r = try CLI.run([
                "render", input.path, "-o", target.path, "--generated-at", "2026-01-15T12:00:00Z", "--top", "1", "--quiet",
            ])
            guard r.status == 0 else { continue }  // files with nothing to render are CorpusTests' business
            let data = try Data(contentsOf: target.appendingPathComponent("report.json"))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let findings = report["findings"] as? [[String: Any]] ?? []
            guard !findings.isEmpty else { continue }
            withFindings += 1
            let spans = Self.otlpSpans(input) ?? Self.otherSpans(input)
            for f in findings {
                try audit(f, report: report, spans: spans, input: input.lastPathComponent)
                checked += 1
            }
            againstSpans += try auditPartitions(findings, spans: spans, input: input.lastPathComponent)
        }
        #expect(withFindings >= 1 && checked >= 3, "only \(checked) findings in \(withFindings) reports were checked")
        // The example's and the simulation's attribute findings, and with the corpus those of the
        // demo capture, HotROD, the Data Prepper sample app and the SmartThings Zipkin trace, are
        // checked span by span.
        #expect(againstSpans >= (CLI.hasCorpus ? 13 : 5), "only \(againstSpans) attribute findings were checked against spans")
    }

    /// The example's findings: the leak to a restart, the tail, and app.cache_hit as one cause.
    @Test func theExampleTellsTheLeakOnce() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run([
            "render", "examples/recommendation-cache", "-o", out.appendingPathComponent("r").path,
            "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let titles = findings.compactMap { $0["title"] as? String }
        #expect(titles.filter { $0.contains("memory") } == ["recommendationservice's memory climbed until it restarted."])
        #expect(titles.filter { $0.contains("app.cache_hit") }.count == 1)
        // Story order: what is wrong first, then what marks the slow spans.
        let kinds = findings.compactMap { $0["kind"] as? String }
        let order = ["latency-tail", "error-rate", "exception", "memory", "slow-traces", "attribute"]
        #expect(kinds.map { order.firstIndex(of: $0)! } == kinds.map { order.firstIndex(of: $0)! }.sorted())
        // Every finding links to its evidence.
        for f in findings { #expect(!((f["links"] as? [[String: Any]]) ?? []).isEmpty, "\(f["title"] ?? "")") }
    }

    /// A finding's trace link opens the trace table filtered to its evidence: in headless
    /// Chromium (skipped where it is not installed), the example's app.cache_hit=false link leaves
    /// the 154 traces with a cache miss, as the finding's span count says.
    @Test func aFindingsTraceLinkFiltersTheTable() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else { return }
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let site = out.appendingPathComponent("r")
        let r = try CLI.run([
            "render", "examples/recommendation-cache", "-o", site.path, "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("report.json"))) as? [String: Any])
        let finding = try #require(
            (report["findings"] as? [[String: Any]] ?? []).first { ($0["title"] as? String ?? "").hasPrefix("app.cache_hit=false") })
        let link = try #require(
            (finding["links"] as? [[String: Any]] ?? []).compactMap { $0["href"] as? String }.first { $0.hasPrefix("traces.html?where=") })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + site.path + "/" + link]
        let dom = out.appendingPathComponent("dom.html")
        FileManager.default.createFile(atPath: dom.path, contents: nil)
        let handle = try FileHandle(forWritingTo: dom)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: dom, encoding: .utf8)
        let evidence = finding["evidence"] as? [String: Any] ?? [:]
        #expect(evidence["markedCount"] as? Int == 154)
        #expect(text.contains(">154 of 654 traces<"), "the filtered table's count is missing")
    }

    /// The OTel demo capture: its frontend container memory falls (139 → 88 MiB), so no finding
    /// may say it climbed; http.status_code and http.status_text split GET identically: one finding.
    @Test func theDemoCaptureSaysNothingFalse() throws {
        guard CLI.hasCorpus else { return }
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = CLI.corpus.appendingPathComponent("otlp-json/otel-tui/test_data.jsonl")
        let r = try CLI.run([
            "render", input.path, "-o", out.appendingPathComponent("r").path, "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let text = findings.map { "\($0["title"] ?? "") \($0["detail"] ?? "")" }
        #expect(!text.contains { $0.contains("climbed") }, "\(text)")
        let status = text.filter { $0.contains("http.status_code") || $0.contains("http.status_text") }
        #expect(status.count == 1, "\(status)")
        #expect(status.first?.contains("same spans as") == true)
    }

    // MARK: - One finding

    func audit(_ f: [String: Any], report: [String: Any], spans: [RawSpan]?, input: String) throws {
        let title = f["title"] as? String ?? "", detail = f["detail"] as? String ?? ""
        let text = title + " " + detail
        let evidence = f["evidence"] as? [String: Any] ?? [:]
        let kind = f["kind"] as? String ?? ""
        let context = "\(input): \(title)"
        switch kind {
        case "memory":
            // The cited series on the memory chart, over the cited window.
            let labels = evidence["series"] as? [String: String] ?? [:]
            let from = try #require(evidence["fromMillis"] as? Int64 ?? (evidence["fromMillis"] as? Int).map(Int64.init), "\(context)")
            let to = try #require(evidence["toMillis"] as? Int64 ?? (evidence["toMillis"] as? Int).map(Int64.init), "\(context)")
            let panel = try #require(Self.panel(report, id: "memory"), "\(context)")
            let series = try #require(
                (panel["series"] as? [[String: Any]] ?? []).first { ($0["labels"] as? [String: String]) == labels }, "\(context)")
            let points = (series["points"] as? [[Any]] ?? []).compactMap { p -> (Int64, Double)? in
                guard let t = p[0] as? Int, let v = p[1] as? Double else { return nil }
                return Int64(t) * 1000 >= from && Int64(t) * 1000 <= to ? (Int64(t), v) : nil
            }
            #expect(points.count >= 2, "\(context): the chart has no points in the cited window")
            let values = points.map(\.1)
            var s = 0
            for i in values.indices {
                for j in values.indices where j > i && values[j] != values[i] { s += values[j] > values[i] ? 1 : -1 }
            }
            let rises = s > 0 && (values.last ?? 0) > (values.first ?? 0)
            #expect(text.contains("climbed") == rises, "\(context): chart S = \(s), \(values.first ?? 0) → \(values.last ?? 0)")
            #expect(!text.contains("fell") || !rises || detail.contains(" fell and "), "\(context)")
            // The numbers cited are the cited window's first and last samples, rising.
            let fromValue = evidence["fromValue"] as? Double ?? 0, toValue = evidence["toValue"] as? Double ?? 0
            #expect(toValue > fromValue, "\(context)")
            #expect(detail.contains("from \(Self.mib(fromValue)) to \(Self.mib(toValue))"), "\(context)")
            if title.contains("until it restarted") {
                let restart = try #require(evidence["restartSeconds"] as? Int, "\(context): no restart cited")
                let markers = (panel["markers"] as? [[String: Any]] ?? []).compactMap { $0["time"] as? Int }
                #expect(
                    markers.contains { abs($0 - restart) <= 60 && Int64($0) * 1000 >= to - 60_000 },
                    "\(context): no restart marker near \(restart) on the chart (\(markers))")
            }
        case "latency-tail":
            let firstP99 = evidence["firstP99Ms"] as? Double ?? 0, lastP99 = evidence["lastP99Ms"] as? Double ?? 0
            #expect(text.contains("grew") && text.contains("rose"), "\(context)")
            #expect(lastP99 >= 2 * firstP99, "\(context)")
            if let spans, let service = f["service"] as? String {
                let earlyEnd = try #require(
                    evidence["firstThirdEndNanos"] as? Int64 ?? (evidence["firstThirdEndNanos"] as? Int).map(Int64.init))
                let lateStart = try #require(
                    evidence["lastThirdStartNanos"] as? Int64 ?? (evidence["lastThirdStartNanos"] as? Int).map(Int64.init))
                let mine = spans.filter { $0.service == service }
                let early = mine.filter { $0.end <= earlyEnd }.map(\.duration), late = mine.filter { $0.end >= lateStart }.map(\.duration)
                #expect(Self.p99(early) == firstP99, "\(context): first-third p99 \(Self.p99(early)) here")
                #expect(Self.p99(late) == lastP99, "\(context): last-third p99 \(Self.p99(late)) here")
            }
        case "error-rate":
            let errors = evidence["errorCount"] as? Int ?? 0, total = evidence["spanCount"] as? Int ?? 0
            #expect(errors * 100 > total, "\(context): not above 1%")
            let service = (report["services"] as? [[String: Any]] ?? []).first { $0["name"] as? String == f["service"] as? String }
            #expect(service?["errorCount"] as? Int == errors && service?["spanCount"] as? Int == total, "\(context)")
        case "exception":
            // The counts cited agree with the report's exceptions list, and "concentrated" with them:
            // the share of bad traces holding the type is at least twice the others' share.
            let type = evidence["type"] as? String
            let group = (report["exceptions"] as? [[String: Any]] ?? []).first {
                $0["service"] as? String == f["service"] as? String && $0["type"] as? String == type
            }
            let n = evidence["exceptionTraces"] as? Int ?? 0, bad = evidence["badExceptionTraces"] as? Int ?? 0
            let other = evidence["otherTraces"] as? Int ?? 0, otherBad = evidence["badOtherTraces"] as? Int ?? 0
            #expect(group?["traceCount"] as? Int == n, "\(context)")
            #expect(n + other == (report["snapshot"] as? [String: Any])?["traceCount"] as? Int, "\(context)")
            #expect(bad * other >= 2 * otherBad * n && text.contains("concentrated"), "\(context)")
        case "attribute":
            #expect(text.contains("marks the slow"), "\(context)")
            if detail.contains("takes longer than"), let spans, let m = try Self.marked(f, spans: spans) {
                // "slower": the named value's median is above the other's.
                let slower = evidence["slower"] as? String, faster = evidence["faster"] as? String
                let attribute = ((evidence["attributes"] as? [[String: Any]])?.first?["attribute"] as? String) ?? ""
                let op = m.operation
                let a = op.filter { $0.attributes[attribute] == slower }.map(\.duration).sorted()
                let b = op.filter { $0.attributes[attribute] == faster }.map(\.duration).sorted()
                if !a.isEmpty && !b.isEmpty {
                    #expect(
                        a[(a.count - 1) / 2] > b[(b.count - 1) / 2],
                        "\(context): medians \(a[(a.count - 1) / 2]) vs \(b[(b.count - 1) / 2])")
                }
            }
        case "slow-traces":
            // The sentence's numbers are the breakdown's, the tail is an outlier (beyond the
            // far-out fence and twice the rest's mean), and the operation named holds most of it.
            let share = evidence["share"] as? Double ?? 0
            #expect(share >= 0.5 && text.contains("accounts for \(Int((share * 100).rounded()))%"), "\(context)")
            #expect((evidence["slowThresholdMs"] as? Double ?? 0) >= (evidence["farOutFenceMs"] as? Double ?? .infinity), "\(context)")
            #expect((evidence["slowMeanMs"] as? Double ?? 0) >= 2 * (evidence["restMeanMs"] as? Double ?? .infinity), "\(context)")
            let breakdown = (report["slowTraceBreakdowns"] as? [[String: Any]] ?? []).first {
                $0["rootService"] as? String == evidence["rootService"] as? String
                    && $0["rootName"] as? String == evidence["rootName"] as? String
            }
            let top = (breakdown?["operations"] as? [[String: Any]])?.first
            #expect(
                top?["service"] as? String == f["service"] as? String && top?["operation"] as? String == f["operation"] as? String,
                "\(context)")
            #expect(top?["share"] as? Double == share, "\(context)")
            if let spans, let service = f["service"] as? String, let operation = f["operation"] as? String {
                #expect(spans.contains { $0.service == service && $0.name == operation }, "\(context): no such spans")
            }
        default:
            Issue.record("\(context): unknown kind \(kind)")
        }
    }

    /// No two findings name the same spans: the attribute findings of one operation mark sets of
    /// spans that agree on under 99% of its spans, while the attributes merged into one finding
    /// agree on at least 99%.
    /// Returns how many findings were checked against the spans.
    func auditPartitions(_ findings: [[String: Any]], spans: [RawSpan]?, input: String) throws -> Int {
        var againstSpans = 0
        let attributeFindings = findings.filter { $0["kind"] as? String == "attribute" }
        var cited: [(key: String, marked: [Bool], title: String)] = []
        var tracesCited: [(key: String, marked: (op: [RawSpan], set: [Bool]), title: String)] = []
        for f in attributeFindings {
            let title = f["title"] as? String ?? ""
            guard let spans, let m = try Self.marked(f, spans: spans) else {
                // Without the spans, at least the (service, operation, attribute) triples differ.
                let key = "\(f["service"] ?? "")|\(f["operation"] ?? "")|\(title)"
                #expect(!cited.contains { $0.key == key }, "\(input): \(title) twice")
                cited.append((key, [], title))
                continue
            }
            for (k, other) in m.sets.enumerated() where k > 0 {
                #expect(Self.agreement(m.sets[0], other) >= 0.99, "\(input): \(title): merged attributes disagree")
            }
            let key = "\(f["service"] ?? "")|\(f["operation"] ?? "")"
            for c in cited where c.key == key && c.marked.count == m.sets[0].count {
                #expect(Self.agreement(c.marked, m.sets[0]) < 0.99, "\(input): \(title) and \(c.title) cite the same spans")
            }
            // Attributes of other operations joined as "the same traces" are, and other findings are not.
            let lead = (op: m.operation, set: m.sets[0])
            for l in (f["evidence"] as? [String: Any])?["linked"] as? [[String: Any]] ?? [] {
                let op = spans.filter { $0.service == l["service"] as? String && $0.name == l["operation"] as? String }
                if let attribute = l["attribute"] as? String, let value = l["value"] as? String,
                    let set = Self.markedSet(op, attribute: attribute, value: value)
                {
                    #expect(
                        Self.traceAgreement(lead, (op, set)) >= 0.99,
                        "\(input): \(title): \(attribute) on \(l["operation"] ?? "") is not on the same traces")
                }
            }
            for c in tracesCited where c.key != key {
                #expect(Self.traceAgreement(c.marked, lead) < 0.99, "\(input): \(title) and \(c.title) cite the same traces")
            }
            tracesCited.append((key, lead, title))
            cited.append((key, m.sets[0], title))
            againstSpans += 1
        }
        return againstSpans
    }

    // MARK: - Independent computation

    /// For an attribute finding: the operation's spans and, per cited attribute, which carry the
    /// cited value. Nil for values this test cannot read the same way (numeric ranges, doubles).
    static func marked(_ f: [String: Any], spans: [RawSpan]) throws -> (operation: [RawSpan], sets: [[Bool]])? {
        guard let service = f["service"] as? String, let operation = f["operation"] as? String,
            let cited = (f["evidence"] as? [String: Any])?["attributes"] as? [[String: Any]]
        else { return nil }
        let op = spans.filter { $0.service == service && $0.name == operation }
        var sets: [[Bool]] = []
        for c in cited {
            guard let attribute = c["attribute"] as? String, let value = c["value"] as? String,
                let set = markedSet(op, attribute: attribute, value: value)
            else { return nil }
            sets.append(set)
        }
        return sets.isEmpty || op.isEmpty ? nil : (op, sets)
    }

    /// Which of an operation's spans carry the value (text as the report writes it, "(missing)",
    /// or a numeric range "[lo, hi)" / "[lo, hi]"); nil for floating-point values.
    static func markedSet(_ op: [RawSpan], attribute: String, value: String) -> [Bool]? {
        if value.hasPrefix("[") {
            let bounds = value.dropFirst().dropLast().split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let lo = bounds[0], let hi = bounds[1] else { return nil }
            let closed = value.hasSuffix("]")
            return op.map { span in
                guard let v = span.attributes[attribute].flatMap(Double.init) else { return false }
                return v >= lo && (closed ? v <= hi : v < hi)
            }
        }
        guard !op.contains(where: { $0.doubles.contains(attribute) }) else { return nil }
        return op.map { value == "(missing)" ? $0.attributes[attribute] == nil : $0.attributes[attribute] == value }
    }

    /// The smaller of the two shares of marked traces held by the other side, or 0 when traces say
    /// nothing (marked spans in over 90% of an operation's traces, or under two shared traces) —
    /// the report's rule for "the same traces", computed here from the parsed spans.
    static func traceAgreement(_ a: (op: [RawSpan], set: [Bool]), _ b: (op: [RawSpan], set: [Bool])) -> Double {
        let ma = Set(zip(a.op, a.set).filter(\.1).map(\.0.trace)), mb = Set(zip(b.op, b.set).filter(\.1).map(\.0.trace))
        let ta = Set(a.op.map(\.trace)), tb = Set(b.op.map(\.trace))
        guard !ma.contains(""), Double(ma.count) <= 0.9 * Double(ta.count), Double(mb.count) <= 0.9 * Double(tb.count) else { return 0 }
        let both = Double(ma.intersection(mb).count)
        return both >= 2 ? min(both / Double(ma.count), both / Double(mb.count)) : 0
    }

    static func agreement(_ a: [Bool], _ b: [Bool]) -> Double {
        let same = zip(a, b).filter { $0 == $1 }.count
        return Double(max(same, a.count - same)) / Double(max(a.count, 1))
    }

    /// Nearest-rank p99 in ms: the value at rank ⌈0.99 n⌉.
    static func p99(_ durations: [Int64]) -> Double {
        let sorted = durations.sorted()
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[(99 * sorted.count + 99) / 100 - 1]) / 1e6
    }

    static func mib(_ bytes: Double) -> String { String(format: "%.1f MiB", bytes / 1_048_576) }

    static func panel(_ report: [String: Any], id: String) -> [String: Any]? {
        for d in report["dashboards"] as? [[String: Any]] ?? [] {
            if let p = (d["panels"] as? [[String: Any]] ?? []).first(where: { $0["id"] as? String == id }) { return p }
        }
        return nil
    }

    /// The spans of an OTLP JSON input (a file or a folder; whole-file JSON or JSON Lines), or nil
    /// when it holds none this reader understands.
    static func otlpSpans(_ url: URL) -> [RawSpan]? {
        var files: [URL] = []
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            files = ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []).sorted {
                $0.path < $1.path
            }
        } else {
            files = [url]
        }
        var out: [RawSpan] = []
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            var documents: [Any] = []
            if let whole = try? JSONSerialization.jsonObject(with: data) {
                documents = [whole]
            } else {
                for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                    if let d = try? JSONSerialization.jsonObject(with: Data(line)) { documents.append(d) }
                }
            }
            for case let d as [String: Any] in documents {
                for rs in d["resourceSpans"] as? [[String: Any]] ?? [] {
                    let resource = (rs["resource"] as? [String: Any])?["attributes"] as? [[String: Any]] ?? []
                    let service =
                        resource.first { $0["key"] as? String == "service.name" }
                        .flatMap { ($0["value"] as? [String: Any])?["stringValue"] as? String } ?? "unknown_service"
                    for ss in rs["scopeSpans"] as? [[String: Any]] ?? [] {
                        for span in ss["spans"] as? [[String: Any]] ?? [] {
                            guard let start = Self.int(span["startTimeUnixNano"]), let end = Self.int(span["endTimeUnixNano"]) else {
                                continue
                            }
                            var attributes: [String: String] = [:]
                            var doubles = Set<String>()
                            for a in span["attributes"] as? [[String: Any]] ?? [] {
                                guard let key = a["key"] as? String, let v = a["value"] as? [String: Any] else { continue }
                                if let s = v["stringValue"] as? String {
                                    attributes[key] = s
                                } else if let b = v["boolValue"] as? Bool {
                                    attributes[key] = b ? "true" : "false"
                                } else if let i = Self.int(v["intValue"]) {
                                    attributes[key] = String(i)
                                } else if let d = v["doubleValue"] as? Double {
                                    attributes[key] = String(d)
                                    doubles.insert(key)
                                }
                            }
                            out.append(
                                RawSpan(
                                    service: service, name: span["name"] as? String ?? "", end: end, duration: end - start,
                                    attributes: attributes, doubles: doubles, trace: span["traceId"] as? String ?? ""))
                        }
                    }
                }
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The spans of a Zipkin v2 array, Jaeger Elasticsearch documents (`_bulk` NDJSON) or Data
    /// Prepper `otel-v1-apm-span` documents, read here by their documented field names: service,
    /// name, end, duration and the attributes as text. Nil when the input is none of these.
    static func otherSpans(_ url: URL) -> [RawSpan]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        var documents: [[String: Any]] = []
        if let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] {
            documents = array
        } else {
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                if let d = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] { documents.append(d) }
            }
        }
        func text(_ v: Any) -> (String, Bool)? {
            if let s = v as? String { return (s, false) }
            if let n = v as? NSNumber {
                if String(cString: n.objCType) == "c" { return (n.boolValue ? "true" : "false", false) }  // a JSON true/false
                let d = n.doubleValue
                return d == d.rounded() && abs(d) < 9e15 ? (String(Int64(d)), false) : (String(d), true)
            }
            return nil
        }
        var out: [RawSpan] = []
        for d in documents {
            var span: RawSpan?
            if let local = d["localEndpoint"] as? [String: Any], let start = int(d["timestamp"]) {
                // Zipkin v2: microseconds; tags are strings.
                let duration = (int(d["duration"]) ?? 0) * 1000
                span = RawSpan(
                    service: local["serviceName"] as? String ?? "", name: d["name"] as? String ?? "",
                    end: start * 1000 + duration, duration: duration, attributes: (d["tags"] as? [String: String]) ?? [:])
            } else if let op = d["operationName"] as? String, let start = int(d["startTime"]), let duration = int(d["duration"]) {
                // Jaeger: microseconds; tags in "tag" ("@" for ".") and in "tags".
                var attributes: [String: String] = [:], doubles = Set<String>()
                for (k, v) in d["tag"] as? [String: Any] ?? [:] {
                    let key = k.replacingOccurrences(of: "@", with: ".")
                    if let (t, isDouble) = text(v) {
                        attributes[key] = t
                        if isDouble { doubles.insert(key) }
                    }
                }
                for t in d["tags"] as? [[String: Any]] ?? [] {
                    if let key = t["key"] as? String, let v = t["value"], let (tx, isDouble) = text(v) {
                        attributes[key] = tx
                        if isDouble { doubles.insert(key) }
                    }
                }
                let service = (d["process"] as? [String: Any])?["serviceName"] as? String ?? ""
                span = RawSpan(
                    service: service, name: op, end: (start + duration) * 1000, duration: duration * 1000,
                    attributes: attributes, doubles: doubles)
            } else if let service = d["serviceName"] as? String, let name = d["name"] as? String, let duration = int(d["durationInNanos"]),
                let end = (d["endTime"] as? String).flatMap(rfc3339Nanos)
            {
                // Data Prepper: flattened "span.attributes.http@method" keys, or a nested object.
                var attributes: [String: String] = [:], doubles = Set<String>()
                let prefix = "span.attributes."
                var flat: [(String, Any)] = d.compactMap { k, v in k.hasPrefix(prefix) ? (String(k.dropFirst(prefix.count)), v) : nil }
                if let nested = (d["span"] as? [String: Any])?["attributes"] as? [String: Any] { flat += nested.map { ($0.key, $0.value) } }
                for (k, v) in flat {
                    let key = k.replacingOccurrences(of: "@", with: ".")
                    if let (t, isDouble) = text(v) {
                        attributes[key] = t
                        if isDouble { doubles.insert(key) }
                    }
                }
                span = RawSpan(service: service, name: name, end: end, duration: duration, attributes: attributes, doubles: doubles)
            }
            if var span {
                span.trace = (d["traceId"] ?? d["traceID"]) as? String ?? ""
                out.append(span)
            }
        }
        return out.isEmpty ? nil : out
    }

    /// Unix nanoseconds of an RFC 3339 UTC time with up to nine fractional digits.
    static func rfc3339Nanos(_ s: String) -> Int64? {
        let parts = s.replacingOccurrences(of: "Z", with: "").split(separator: ".")
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        guard let first = parts.first, let date = f.date(from: String(first)) else { return nil }
        var nanos = Int64(date.timeIntervalSince1970) * 1_000_000_000
        if parts.count > 1 {
            let digits = String(parts[1].prefix(9))
            nanos += (Int64(digits) ?? 0) * Int64(pow(10.0, Double(9 - digits.count)))
        }
        return nanos
    }

    static func int(_ v: Any?) -> Int64? {
        if let s = v as? String { return Int64(s) }
        if let n = v as? NSNumber { return n.int64Value }
        return nil
    }
}
