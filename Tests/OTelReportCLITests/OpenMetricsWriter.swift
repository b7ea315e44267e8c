import Foundation
import TelemetryModel

/// Writes a snapshot's OTLP metrics as OpenMetrics text the way the OpenTelemetry → Prometheus
/// translation names them (dots to `_`, a unit suffix, `_total` on monotonic cumulative sums;
/// `job` = `service.name`, `instance` = `service.instance.id`, point attributes as labels), with
/// a timestamp (ms) on every sample and `# EOF`, so that `promtool tsdb create-blocks-from
/// openmetrics` can backfill it and `render` can read it as a file: the same samples on both
/// sides of the Prometheus comparison. Test support, not a feature.
enum OpenMetricsWriter {
    static func text(_ snapshot: Snapshot) -> String {
        struct Family {
            var type: String
            var series: [String: [(Int64, [String])]] = [:]
        }
        var families: [String: Family] = [:]
        for s in snapshot.metrics {
            let resource = snapshot.resources[Int(s.resourceIndex)]
            var labels: [(String, String)] = [("job", resource.serviceName)]
            if let instance = resource.attributes[key: "service.instance.id"] { labels.append(("instance", instance.displayText)) }
            for a in s.attributes { labels.append((sanitize(a.key), a.value.displayText)) }
            labels.sort { $0.0 < $1.0 }
            let base = sanitize(s.name) + unitSuffix(s.unit)
            switch (s.kind, s.points) {
            case (.sum(true, .cumulative), .number(let points)):
                var f = families[base] ?? Family(type: "counter")
                for p in points {
                    f.series[labelText(labels), default: []].append(
                        (p.timeUnixNano / 1_000_000, ["\(base)_total\(labelText(labels)) \(p.value)"]))
                }
                families[base] = f
            case (.gauge, .number(let points)), (.sum, .number(let points)):
                var f = families[base] ?? Family(type: "gauge")
                for p in points {
                    f.series[labelText(labels), default: []].append(
                        (p.timeUnixNano / 1_000_000, ["\(base)\(labelText(labels)) \(p.value)"]))
                }
                families[base] = f
            case (.histogram(.cumulative), .histogram(let points)):
                var f = families[base] ?? Family(type: "histogram")
                for p in points {
                    var lines: [String] = []
                    var cumulative: UInt64 = 0
                    for (i, bound) in p.explicitBounds.enumerated() {
                        cumulative += i < p.bucketCounts.count ? p.bucketCounts[i] : 0
                        lines.append("\(base)_bucket\(labelText(labels + [("le", "\(bound)")])) \(cumulative)")
                    }
                    lines.append("\(base)_bucket\(labelText(labels + [("le", "+Inf")])) \(p.count)")
                    lines.append("\(base)_count\(labelText(labels)) \(p.count)")
                    lines.append("\(base)_sum\(labelText(labels)) \(p.sum ?? 0)")
                    f.series[labelText(labels), default: []].append((p.timeUnixNano / 1_000_000, lines))
                }
                families[base] = f
            default: continue
            }
        }
        var out = ""
        for name in families.keys.sorted() {
            let f = families[name]!
            out += "# TYPE \(name) \(f.type)\n"
            for key in f.series.keys.sorted() {
                var lastTime = Int64.min
                for (time, lines) in f.series[key]!.sorted(by: { $0.0 < $1.0 }) where time > lastTime {
                    lastTime = time
                    let stamp = String(format: "%lld.%03lld", time / 1000, time % 1000)
                    for line in lines { out += line + " " + stamp + "\n" }
                }
            }
        }
        return out + "# EOF\n"
    }

    static func sanitize(_ key: String) -> String {
        String(
            key.unicodeScalars.map { c -> Character in
                (("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_") ? Character(c) : "_"
            })
    }

    static func unitSuffix(_ unit: String) -> String {
        switch unit {
        case "s": return "_seconds"
        case "ms": return "_milliseconds"
        case "By": return "_bytes"
        default: return ""
        }
    }

    static func labelText(_ labels: [(String, String)]) -> String {
        "{"
            + labels.map {
                "\($0.0)=\""
                    + $0.1.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\n", with: "\\n") + "\""
            }.joined(separator: ",") + "}"
    }
}
