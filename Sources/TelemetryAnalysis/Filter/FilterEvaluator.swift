import TelemetryModel

/// A `SpanFilter` bound to one snapshot, for filtering millions of spans (DESIGN §1).
///
/// Whatever a term's result depends on through the span's resource (the `service` field, and
/// an attribute the span itself lacks) is computed once per (term, resource) when the evaluator
/// is made, so a span costs only the scan of its own attributes: no resource lookups, no
/// string building, no allocation.
public struct FilterEvaluator: Sendable {
    public let filter: SpanFilter
    public let snapshot: Snapshot
    /// `resourceResults[term * stride + resource]`, with one extra slot per term (the last) for
    /// spans whose resource index is out of range, which `Snapshot.resource(of:)` treats as empty.
    private let resourceResults: [Bool]
    private let stride: Int
    /// Each term's text (a span name or attribute key) as an id of the span table's strings.
    private let textIDs: [UInt32?]

    public init(_ filter: SpanFilter, snapshot: Snapshot) {
        self.filter = filter
        self.snapshot = snapshot
        let stride = snapshot.resources.count + 1
        var results: [Bool] = []
        results.reserveCapacity(filter.terms.count * stride)
        for term in filter.terms {
            for resource in snapshot.resources { results.append(term.matches(resource: resource)) }
            results.append(term.matches(resource: Resource()))
        }
        self.stride = stride
        self.textIDs = filter.terms.map { snapshot.spans.strings.id(of: $0.text) }
        self.resourceResults = results
    }

    /// Whether the span at `index` in the snapshot satisfies every term.
    public func matches(spanAt index: Int) -> Bool {
        matches(spansIn: index..<(index + 1))
    }

    /// Whether at least one span in `range` (indexes into the snapshot's spans) satisfies every term.
    public func matches(spansIn range: Range<Int>) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= snapshot.spans.count, "span range out of bounds")
        if filter.terms.isEmpty { return true }
        let spans = snapshot.spans
        for index in range where matches(index, spans) { return true }
        return false
    }

    /// Whether at least one span of `trace` (assembled from this snapshot) satisfies every term.
    public func matches(trace: TraceSummary) -> Bool {
        matches(spansIn: trace.spanRange)
    }

    @inline(__always)
    private func matches(_ i: Int, _ spans: SpanTable) -> Bool {
        let resource = Int(spans.resourceIndexes[i])
        let slot = resource >= 0 && resource < stride - 1 ? resource : stride - 1
        for termIndex in filter.terms.indices {
            let holds = filter.terms[termIndex].matches(i, in: spans, textID: textIDs[termIndex]) {
                resourceResults[termIndex * stride + slot]
            }
            if !holds { return false }
        }
        return true
    }
}
