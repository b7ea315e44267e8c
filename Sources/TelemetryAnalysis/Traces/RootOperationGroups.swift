import Vocabulary

/// The traces of each root operation, keyed as the breakdowns, the baselines and the report's
/// choice of waterfalls name an operation: `key(service:name:)`. Each group's positions are
/// ascending, and the groups come in the order of their first traces.
///
/// Why: both used to join the two strings and hash the result for every trace (a new string per
/// trace for any pair longer than 15 bytes), then hashed the pair of strings instead; with a span
/// name per request (an id in the name, a group per trace) growing and probing that dictionary
/// was a tenth of a render's CPU (issue 7). The traces are now grouped by their
/// `rootOperationKey` (two integers, equal exactly when the pair of strings is) through an
/// `IntegerMap`, and no key is joined. Two pairs that join to the same key (a name holding the
/// separator, NUL) share one group, their positions merged in order, as before: only then are
/// keys joined, which a pair without a NUL cannot need.
public enum RootOperationGroups {
    /// The key of a root operation: its service and span name joined by NUL (the one place the
    /// key is spelled).
    public static func key(service: String, name: String) -> String { service + "\u{0}" + name }

    /// Each root operation's positions in `traces`, ascending; the operations in the order of
    /// their first traces.
    public static func groups(_ traces: [TraceSummary]) -> [[Int]] {
        var slots = IntegerMap(capacity: 64), members: [[Int]] = []
        for k in traces.indices {
            if let slot = slots.value(low: traces[k].rootOperationKey, insertingIfAbsent: Int32(members.count)) {
                members[Int(slot)].append(k)
            } else {
                members.append([k])
            }
        }
        let joinable = members.contains { g in traces[g[0]].rootService.utf8.contains(0) || traces[g[0]].rootName.utf8.contains(0) }
        guard joinable else { return members }
        // Some pair holds the separator: pairs whose joined keys are equal share the group of
        // the first, their positions merged in order.
        var byKey: [String: Int] = [:], joined: [[Int]] = []
        for g in members {
            let key = Self.key(service: traces[g[0]].rootService, name: traces[g[0]].rootName)
            if let earlier = byKey[key] {
                joined[earlier] = (joined[earlier] + g).sorted()
            } else {
                byKey[key] = joined.count
                joined.append(g)
            }
        }
        return joined
    }
}
