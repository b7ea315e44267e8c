import TelemetryModel

/// The span paths of a trace diff (`TraceDiff`), numbered as they are met: a path is the number
/// of its parent path and its last step, a service and a span name.
///
/// A path stored this way costs one small key per span, where a key of the whole chain of
/// (service, name) strings was hashed from the root down for each span. Span names are the span
/// table's ids (one id per distinct name), service names get a number of their own here, so two
/// paths have one number exactly when their chains of names are equal (issue 7).
struct SpanPathTable {
    /// The parent of a root span's path: the empty path.
    static let empty: Int32 = -1
    /// A span whose path is not known yet.
    static let unknown: Int32 = -2

    private struct Key: Hashable {
        var parent: Int32
        var service: Int32
        var name: UInt32
    }

    private var numbers: [Key: Int32] = [:]
    private var keys: [Key] = []
    private var serviceNumbers: [String: Int32] = [:]
    private var services: [String] = []

    var count: Int { keys.count }

    /// The number of the path `parent` followed by (`service`, span name id `name`), adding it if new.
    mutating func id(parent: Int32, service: String, name: UInt32) -> Int32 {
        let serviceNumber: Int32
        if let known = serviceNumbers[service] {
            serviceNumber = known
        } else {
            serviceNumber = Int32(services.count)
            serviceNumbers[service] = serviceNumber
            services.append(service)
        }
        let key = Key(parent: parent, service: serviceNumber, name: name)
        if let known = numbers[key] { return known }
        let number = Int32(keys.count)
        numbers[key] = number
        keys.append(key)
        return number
    }

    /// Every path's steps from the root down, by number, names read from `names`: each path's
    /// are its parent's (numbered before it) and its own last step. Made path by path from the
    /// root, a deep trace's names were each read into a new `String` once for every path below
    /// them (issue 7).
    func allSteps(names: StringTable) -> [[TraceDiff.Step]] {
        var all: [[TraceDiff.Step]] = []
        all.reserveCapacity(keys.count)
        for key in keys {
            var steps = key.parent >= 0 ? all[Int(key.parent)] : []
            steps.append(TraceDiff.Step(service: services[Int(key.service)], name: names[key.name]))
            all.append(steps)
        }
        return all
    }
}
