import Vocabulary

/// The traces of each root operation, keyed as the breakdowns, the baselines and the report's
/// choice of waterfalls name an operation:
/// `key(service:name:)`, with each group's positions ascending.
///
/// Why: both used to join the two strings and hash the result for every trace (a new string per
/// trace for any pair longer than 15 bytes). A snapshot has a few operations, so the traces are
/// grouped by the pair (`FirstSeenKeys`), and each
/// key is joined once per operation. Two pairs that join to the same key (a name holding the
/// separator) share one group, their positions merged in order, as before.
public enum RootOperationGroups {
    /// The key of a root operation: its service and span name joined by NUL (the one place the
    /// key is spelled; `TraceBaselines` looks traces up by it).
    public static func key(service: String, name: String) -> String { service + "\u{0}" + name }

    public static func groups(_ traces: [TraceSummary]) -> [String: [Int]] {
        struct Pair: Hashable, SameBitsAreEqual {
            let service: String
            let name: String
        }
        var pairs = FirstSeenKeys<Pair>(), members: [[Int]] = []
        for k in traces.indices {
            let (slot, isNew) = pairs.slot(of: Pair(service: traces[k].rootService, name: traces[k].rootName))
            if isNew { members.append([k]) } else { members[slot].append(k) }
        }
        // Sized for every operation at once: with a name per request (an id in the span name),
        // growing it rehashed every joined key at each doubling (issue 7).
        var groups = [String: [Int]](minimumCapacity: pairs.count)
        for (pair, list) in zip(pairs.keys, members) {
            let key = Self.key(service: pair.service, name: pair.name)
            if let earlier = groups[key] { groups[key] = (earlier + list).sorted() } else { groups[key] = list }
        }
        return groups
    }
}
