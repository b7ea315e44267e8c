import TelemetryModel

/// Groups a snapshot's exceptions by (service, `exception.type`) (issue 14).
///
/// Occurrences: every span event named `exception` (its time; when that is 0, the span's end),
/// and every log record with an `exception.type` attribute (its timestamp: time, else observed
/// time). A span event without `exception.type` counts under "(unknown)". The message and stack
/// trace shown for a group are those of its earliest occurrence that has one; occurrences at the
/// same time are taken in the order span events (by span order), then log records. Groups are
/// sorted by span events + log records descending, then service, then type.
public enum ExceptionGroups {
    public static let unknownType = "(unknown)"
    /// Occurrences kept per group for links.
    public static let exampleLimit = 5

    public static func compute(_ snapshot: Snapshot) -> [ExceptionGroup] {
        struct Key: Hashable {
            var service: String
            var type: String
        }
        struct Raw {
            var time: Int64
            var order: Int
            var trace: TraceID
            var span: SpanID
            var fromLog: Bool
            var message: String?
            var stack: String?
        }
        var byKey: [Key: [Raw]] = [:]
        var keyOrder: [Key] = []
        func add(_ key: Key, _ raw: Raw) {
            if byKey[key] == nil { keyOrder.append(key) }
            byKey[key, default: []].append(raw)
        }
        let spans = snapshot.spans
        let names = snapshot.serviceNamesByResource
        var order = 0
        if let exceptionName = spans.strings.id(of: "exception") {
            let typeKey = spans.strings.id(of: "exception.type")
            let messageKey = spans.strings.id(of: "exception.message")
            let stackKey = spans.strings.id(of: "exception.stacktrace")
            func text(_ key: UInt32?, _ range: ArenaRange) -> String? {
                guard let key else { return nil }
                for j in range.range where spans.attributeArena.keys[j] == key {
                    return spans.value(spans.attributeArena.values[j]).displayText
                }
                return nil
            }
            for (i, events) in spans.eventRanges.storedEntries where events.count > 0 {
                for e in spans.eventArena[events.range] where e.name == exceptionName {
                    let type = text(typeKey, e.attributes).flatMap { $0.isEmpty ? nil : $0 } ?? unknownType
                    let key = Key(service: names[spans.resourceIndexes[i]], type: type)
                    add(
                        key,
                        Raw(
                            time: e.timeUnixNano != 0 ? e.timeUnixNano : spans.endTime(at: i), order: order,
                            trace: spans.traceIDs[i], span: spans.spanIDs[i], fromLog: false,
                            message: text(messageKey, e.attributes), stack: text(stackKey, e.attributes)))
                    order += 1
                }
            }
        }
        let logs = snapshot.logs
        if let typeKey = logs.strings.id(of: "exception.type") {
            let messageKey = logs.strings.id(of: "exception.message")
            let stackKey = logs.strings.id(of: "exception.stacktrace")
            func text(_ key: UInt32?, _ range: ArenaRange) -> String? {
                guard let key else { return nil }
                for j in range.range where logs.attributeArena.keys[j] == key {
                    return logs.attributeArena.value(logs.attributeArena.values[j], strings: logs.strings).displayText
                }
                return nil
            }
            for i in logs.indices where logs.attributeRanges[i].count > 0 {
                guard let type = text(typeKey, logs.attributeRanges[i]) else { continue }
                let key = Key(service: names[logs.resourceIndexes[i]], type: type.isEmpty ? unknownType : type)
                add(
                    key,
                    Raw(
                        time: logs.timestamp(at: i), order: order, trace: logs.traceIDs[i], span: logs.spanIDs[i], fromLog: true,
                        message: text(messageKey, logs.attributeRanges[i]), stack: text(stackKey, logs.attributeRanges[i])))
                order += 1
            }
        }
        var groups: [ExceptionGroup] = []
        for key in keyOrder {
            let raws = byKey[key]!.sorted { $0.time != $1.time ? $0.time < $1.time : $0.order < $1.order }
            var seen = Set<TraceID>()
            var traces: [TraceID] = []
            for r in raws where !r.trace.isZero && seen.insert(r.trace).inserted { traces.append(r.trace) }
            groups.append(
                ExceptionGroup(
                    service: key.service, type: key.type,
                    message: raws.lazy.compactMap { $0.message }.first { !$0.isEmpty } ?? "",
                    stackTrace: raws.lazy.compactMap { $0.stack }.first { !$0.isEmpty } ?? "",
                    spanEvents: raws.count { !$0.fromLog }, logRecords: raws.count { $0.fromLog },
                    traceIDs: traces, firstSeen: raws.first!.time, lastSeen: raws.map(\.time).max()!,
                    examples: raws.prefix(exampleLimit).map {
                        .init(time: $0.time, traceID: $0.trace, spanID: $0.span, fromLog: $0.fromLog)
                    }))
        }
        return groups.sorted {
            if $0.count != $1.count { return $0.count > $1.count }
            if $0.service != $1.service { return $0.service < $1.service }
            return $0.type < $1.type
        }
    }
}
