import Foundation

/// An OTLP JSON snapshot whose every name and value is hostile text: service names, span names,
/// attribute keys and values, resource attributes, scope names, events, status messages and
/// metric label values, so each class reaches every page type (index, dashboards, traces,
/// compare, waterfalls, the single-file layout) and `report.json`. Log records (bodies, severity
/// texts, attributes), `exception` span events and uninstrumented peers (`peer.service` of
/// childless client spans) carry it to the logs page, the exceptions tables and the service map.
///
/// The strings are written as JSON source text so the file can carry what a `String` cannot:
/// lone surrogates as `\ud800` escapes and invalid UTF-8 bytes.
enum HostileSnapshot {
    /// One JSON string literal (with quotes) per class.
    static let classes: [String] = [
        #""nul\u0000x""#,  // NUL
        #""c0\u0001\u001b[31m\u007f""#,  // C0 controls and DEL
        "\"c1\u{85}\u{9B}\"",  // C1 controls, raw UTF-8
        #""nonchar\ufffe\uffff""#,  // XML-forbidden code points
        #""lone\ud800x""#,  // lone high surrogate
        #""lonelow\udc00""#,  // lone low surrogate
        #""{{mustache}} {{{triple}}} }}""#,  // template text
        #""]]>""#,  // CDATA end (gets invalid UTF-8 below)
        #""</script><script>alert(1)</script>""#,  // script end
        #""<!-- x""#,  // comment start
        "\"bidi\u{202E}evil\u{2066}\"",  // bidi override and isolate
        #""a.b.c""#,  // key with dots
        #""user@host""#,  // @
        #""with space""#,  // space
        #""quo\"te'""#,  // quotes
    ]

    /// What the reader makes of each class (invalid UTF-8 and lone surrogates become U+FFFD).
    static let decoded: [String] = [
        "nul\u{0}x", "c0\u{1}\u{1B}[31m\u{7F}", "c1\u{85}\u{9B}", "nonchar\u{FFFE}\u{FFFF}", "lone\u{FFFD}x",
        "lonelow\u{FFFD}", "{{mustache}} {{{triple}}} }}", "]]>", "</script><script>alert(1)</script>", "<!-- x",
        "bidi\u{202E}evil\u{2066}", "a.b.c", "user@host", "with space", "quo\"te'",
    ]

    static let megabyte = String(repeating: "m", count: 1_000_000)

    /// Writes `traces.json`, `metrics.json` and `logs.json` into `folder`.
    static func write(to folder: URL) throws {
        let h = classes
        func s(_ i: Int) -> String { h[i % h.count] }
        var resources: [String] = []
        var logResources: [String] = []
        for si in h.indices {
            var records: [String] = []
            var spans: [String] = []
            // Roots are named after the classes in turn; every child of a service carries the
            // service's own name, so each service has one operation of 25 spans to compare.
            for t in 0..<25 {
                let trace = hex(si * 1000 + t + 1, digits: 32)
                for k in 0..<2 {
                    let id = hex(si * 100_000 + t * 10 + k + 1, digits: 16)
                    var attributes = h.indices.map { j in #"{"key":\#(s(si + j)),"value":{"stringValue":\#(s(si + j + t % 2))}}"# }
                    attributes.append(#"{"key":"n","value":{"intValue":"\#(t)"}}"#)
                    if si == 0 && t == 24 && k == 0 { attributes.append(#"{"key":"big","value":{"stringValue":"\#(megabyte)"}}"#) }
                    // Children are client spans without children: uninstrumented peers named by hostile text.
                    if k == 1 { attributes.append(#"{"key":"peer.service","value":{"stringValue":\#(s(si + t))}}"#) }
                    let start = 1_700_000_000_000_000_000 + Int64(t) * 1_000_000_000 + Int64(k) * 1000
                    let end = start + Int64(t * t + 1) * 1_000_000
                    let parent = k == 1 ? #""parentSpanId":"\#(hex(si * 100_000 + t * 10 + 1, digits: 16))","# : ""
                    let exception =
                        #"{"name":"exception","timeUnixNano":"\#(start + 2)","attributes":[{"key":"exception.type","value":{"stringValue":\#(s(t))}},{"key":"exception.message","value":{"stringValue":\#(s(t + 1))}},{"key":"exception.stacktrace","value":{"stringValue":\#(s(t + 2))}}]}"#
                    spans.append(
                        #"{"traceId":"\#(trace)","spanId":"\#(id)",\#(parent)"name":\#(k == 1 ? h[si] : s(si + t)),"kind":\#(k == 1 ? 3 : 2),"startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)","attributes":[\#(attributes.joined(separator: ","))],"events":[{"name":\#(s(t)),"timeUnixNano":"\#(start + 1)","attributes":[\#(attributes[0])]}\#(k == 0 ? "," + exception : "")],"status":{"code":\#(t % 5 == 0 ? 2 : 0),"message":\#(s(t + 3))}}"#
                    )
                    if k == 0 {
                        let exceptionAttributes =
                            t % 3 == 0
                            ? #",{"key":"exception.type","value":{"stringValue":\#(s(t + 4))}},{"key":"exception.stacktrace","value":{"stringValue":\#(s(t + 5))}}"#
                            : ""
                        let ids = t % 4 == 0 ? "" : #","traceId":"\#(trace)","spanId":"\#(t % 4 == 1 ? hex(999, digits: 16) : id)""#
                        records.append(
                            #"{"timeUnixNano":"\#(start + 3)","severityNumber":\#(t % 25),"severityText":\#(s(t + 6)),"body":{"stringValue":\#(s(si + t))},"attributes":[{"key":\#(s(t)),"value":{"stringValue":\#(s(t + 7))}}\#(exceptionAttributes)]\#(ids)}"#
                        )
                    }
                }
            }
            resources.append(
                #"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":\#(h[si])}},{"key":\#(s(si + 1)),"value":{"stringValue":\#(s(si + 2))}}]},"scopeSpans":[{"scope":{"name":\#(s(si))},"spans":[\#(spans.joined(separator: ","))]}]}"#
            )
            logResources.append(
                #"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":\#(h[si])}}]},"scopeLogs":[{"scope":{"name":\#(s(si))},"logRecords":[\#(records.joined(separator: ","))]}]}"#
            )
        }
        var traces = Data(#"{"resourceSpans":[\#(resources.joined(separator: ","))]}"#.utf8)
        // Invalid UTF-8 inside the "]]>" strings: a stray continuation byte and a cut sequence.
        traces = replacing(traces, Data(#""]]>""#.utf8), with: Data([0x22, 0x5D, 0x5D, 0x3E, 0xFF, 0xC3, 0x28, 0x78, 0x22]))

        var metricResources: [String] = []
        for si in h.indices {
            var points: [String] = []
            for j in 0..<2 {
                for i in 0..<12 {
                    points.append(
                        #"{"attributes":[{"key":"type","value":{"stringValue":\#(s(si + j))}}],"startTimeUnixNano":"1700000000000000000","timeUnixNano":"\#(1_700_000_000_000_000_000 + Int64(i) * 5_000_000_000)","asDouble":\#(Double(i) * 0.5)}"#
                    )
                }
            }
            let dataPoints = points.joined(separator: ",")
            metricResources.append(
                #"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":\#(h[si])}}]},"scopeMetrics":[{"metrics":[{"name":"process.runtime.cpython.cpu_time","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[\#(dataPoints)]}},{"name":"process.runtime.cpython.memory","gauge":{"dataPoints":[\#(dataPoints)]}},{"name":\#(h[si]),"gauge":{"dataPoints":[\#(dataPoints)]}}]}]}"#
            )
        }
        let metrics = Data(#"{"resourceMetrics":[\#(metricResources.joined(separator: ","))]}"#.utf8)
        try traces.write(to: folder.appendingPathComponent("traces.json"))
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))
        var logs = Data(#"{"resourceLogs":[\#(logResources.joined(separator: ","))]}"#.utf8)
        logs = replacing(logs, Data(#""]]>""#.utf8), with: Data([0x22, 0x5D, 0x5D, 0x3E, 0xFF, 0xC3, 0x28, 0x78, 0x22]))
        try logs.write(to: folder.appendingPathComponent("logs.json"))
    }

    /// A custom dashboard file whose panels are built per service and grouped by a hostile label.
    static let dashboards = """
        dashboards:
          - id: per-service
            title: "Per {service}"
            fallbackTitle: Per service
            panels:
              - title: "{service} cpu"
                unit: percent
                forEach: service
                metric: process.runtime.cpython.cpu_time
                match: {service.name: "{service}"}
                transform: rate
                by: [type]
              - title: "{service} latency"
                unit: ms
                forEach: service
                source: spans
                transform: latency_percentiles p50 p99
        """

    static func hex(_ n: Int, digits: Int) -> String {
        let s = String(n, radix: 16)
        return String(repeating: "0", count: digits - s.count) + s
    }

    static func replacing(_ data: Data, _ old: Data, with new: Data) -> Data {
        var out = Data()
        var i = data.startIndex
        while let r = data.range(of: old, in: i..<data.endIndex) {
            out.append(data[i..<r.lowerBound])
            out.append(new)
            i = r.upperBound
        }
        out.append(data[i...])
        return out
    }
}
