import TelemetryModel

/// A set of trace ids asked about far more often than it holds (`RenderContext.hasWaterfall`:
/// a few hundred pages, asked for each of 100,000 traces on the trace page): each id's low 12
/// bits are marked in a 4,096-bit filter, and an id whose bit is clear is answered without
/// hashing it. Hashing every id (SipHash, through `Set.contains`) was 270 instructions an id.
struct TraceIDSet {
    private let ids: Set<TraceID>
    private let marks: [UInt64]

    init(_ ids: Set<TraceID>) {
        self.ids = ids
        var marks = [UInt64](repeating: 0, count: 64)
        for id in ids { marks[Int(id.low >> 6 & 63)] |= 1 << (id.low & 63) }
        self.marks = marks
    }

    func contains(_ id: TraceID) -> Bool {
        marks[Int(id.low >> 6 & 63)] & 1 << (id.low & 63) != 0 && ids.contains(id)
    }
}
