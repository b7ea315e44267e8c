import TelemetryModel

/// The pass over a whole file's Zipkin spans once all are read: distinct ids for the halves of
/// shared spans and start times for spans without a `timestamp` (see `ZipkinJSONDecoder`).
/// Zipkin UIs do the same repair when they build a trace tree
/// (zipkin-lens `span-cleaner.js`, `span-node.js`).
extension ZipkinJSONDecoder {
    mutating func finish() {
        // Halves sharing one (trace, id): keep the id on one, re-id the others as its children.
        var groups: [TraceAndSpan: [Int]] = [:]
        var order: [TraceAndSpan] = []
        for (i, entry) in pending.enumerated() {
            let key = TraceAndSpan(trace: entry.span.traceID, span: entry.span.spanID)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var reIdentified = 0
        var duplicates = 0
        for key in order {
            guard let members = groups[key], members.count > 1 else { continue }
            // Halves of one RPC differ in kind (or say `shared`); spans that repeat one id with
            // the same kind are not halves but repeats (a retried or duplicated report).
            let kinds = Set(members.map { pending[$0].span.kind })
            let halves = members.contains { pending[$0].shared } || (kinds.contains(.client) && kinds.contains(.server))
            let keep =
                members.first { !pending[$0].shared && pending[$0].span.kind == .client }
                ?? members.first { !pending[$0].shared } ?? members[0]
            var n = 0
            for i in members where i != keep {
                n += 1
                let original = pending[i].span.spanID.hex
                pending[i].span.spanID = SpanID(ForeignIdentifiers.fnv1a64(key.trace.hex + "/" + original + "/" + String(n)))
                pending[i].span.parentSpanID = key.span
                pending[i].span.attributes.append(Attribute(key: ForeignIdentifiers.sourceSpanIDKey, value: .string(original)))
                if halves { reIdentified += 1 } else { duplicates += 1 }
            }
        }
        if reIdentified > 0 {
            notes.append(
                "\(reIdentified) spans share their id with another span (client and server halves); they got derived ids, are children of the half that kept the id, and keep the original in \(ForeignIdentifiers.sourceSpanIDKey)"
            )
        }
        if duplicates > 0 {
            notes.append(
                "\(duplicates) spans repeat the trace and span id of another span of the same kind (not client and server halves: duplicates or retries); each got a derived id, is a child of the first, and keeps the original in \(ForeignIdentifiers.sourceSpanIDKey)"
            )
        }

        // Spans without timestamp nor annotations start with their trace.
        var traceStart: [TraceID: Int64] = [:]
        for entry in pending where entry.hasTimestamp {
            traceStart[entry.span.traceID] = min(traceStart[entry.span.traceID] ?? .max, entry.span.startTimeUnixNano)
        }
        var undated: [Int] = []
        for i in pending.indices where !pending[i].hasTimestamp {
            let start = traceStart[pending[i].span.traceID] ?? 0
            let duration = pending[i].span.durationNanos
            pending[i].span.startTimeUnixNano = start
            pending[i].span.endTimeUnixNano = start &+ duration
            undated.append(pending[i].offset)
        }
        if let first = undated.first {
            warnings.append(
                (
                    JSONError(
                        offset: first,
                        message: "\(undated.count) spans have no timestamp nor annotations; they are placed at the start of their trace"), 0
                ))
        }

        for entry in pending { builder.add(entry.span) }
        spanCount += pending.count
        pending = []
    }

    struct TraceAndSpan: Hashable {
        var trace: TraceID
        var span: SpanID
    }
}
