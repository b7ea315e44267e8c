/// The spans of the requests that started in one batching window, written as one
/// `ExportTraceServiceRequest` line grouped by resource and scope — as the collector's batch
/// processor and file exporter do — so that a resource's text appears once per line.
struct TraceBatch {
    private(set) var spans: [SimulatedSpan] = []

    var isEmpty: Bool { spans.isEmpty }
    var count: Int { spans.count }

    mutating func append(contentsOf newSpans: [SimulatedSpan]) {
        spans.append(contentsOf: newSpans)
    }

    /// Writes the batch as one line and empties it.
    mutating func write(topology: DemoTopology, to writer: ChunkedFileWriter, buffer json: inout OTLPJSONText) throws {
        guard !spans.isEmpty else { return }
        // Stable grouping by (resource, scope): order of first appearance is not needed, only
        // determinism, and the indexes are deterministic.
        let order = spans.indices.sorted { a, b in
            let (x, y) = (spans[a], spans[b])
            if x.resource != y.resource { return x.resource < y.resource }
            if x.scope != y.scope { return x.scope < y.scope }
            return a < b
        }
        json.removeAll()
        json.exportRequest(
            "resourceSpans", scopesKey: "scopeSpans", order: order, resource: { spans[$0].resource }, topology: topology
        ) { json, run in
            var position = run.lowerBound
            while position < run.upperBound {
                let scope = spans[order[position]].scope
                if position > run.lowerBound { json.raw(",") }
                json.raw("{\"scope\":")
                json.raw(topology.scopeJSON[scope])
                json.raw(",\"spans\":[")
                let first = position
                while position < run.upperBound, spans[order[position]].scope == scope {
                    if position > first { json.raw(",") }
                    spans[order[position]].write(to: &json)
                    position += 1
                }
                json.raw("]}")
            }
        }
        try writer.writeLine(json)
        spans.removeAll(keepingCapacity: true)
    }
}
