import TelemetryModel
import Vocabulary

/// The services of a trace's resources (sorted, one array shared by every trace with the same
/// resources), for `TraceAssembler.summarise`, on one thread.
///
/// A file names a few resources, so a trace's are a set of bits while every index is below 64,
/// and that word finds the services through an `IntegerMap` (a `Dictionary` lookup hashed the
/// word with SipHash for every trace: 14 M instructions at 500k spans; issue 7); a trace touching
/// a resource of a higher index lists its resources and finds them by that list. Traces touching
/// the same resources share one array (at 500k spans, 100k arrays of the same few lists were 10
/// MB), and so do traces of different resources with the same services (pods of the same
/// services): those who look a list up again know it by its storage (`TraceTableData`'s
/// records; issue 7). Each way remembers at most `capacity` sets.
struct TraceServiceSets {
    static let capacity = 4096

    /// Sets of bits to the index of their services in `lists`.
    private var byMask = IntegerMap(capacity: 64)
    private var lists: [[String]] = []
    /// Sorted resource lists (a set of bits cannot hold) to their services.
    private var byResources: [[Int32]: [String]] = [:]
    /// Each list of services made, by its contents: the one array every equal list shares.
    private var byServices: [[String]: [String]] = [:]
    /// The current trace's resources, refilled for each.
    private var resources: [Int32] = []

    init() { resources.reserveCapacity(16) }

    /// The services of the resources of `spans[range]`; `mask` has a bit for each of their
    /// resource indexes, or is nil when one is 64 or more.
    mutating func services(mask: UInt64?, spans: SpanTable, range: Range<Int>, serviceNames: ServiceNameTable) -> [String] {
        if let mask, let known = byMask.value(low: mask) { return lists[Int(known)] }
        resources.removeAll(keepingCapacity: true)
        if let mask {
            var bits = mask
            while bits != 0 {
                resources.append(Int32(bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        } else {
            var seen = Set<Int32>()
            for i in range where seen.insert(spans.resourceIndexes[i]).inserted { resources.append(spans.resourceIndexes[i]) }
            resources.sort()
        }
        let services: [String]
        if let known = byResources[resources] {
            services = known
        } else {
            let made = Set(resources.map { serviceNames[$0] }).sorted()
            if let same = byServices[made] {
                services = same
            } else {
                services = made
                if byServices.count < Self.capacity { byServices[made] = made }
            }
            if byResources.count < Self.capacity { byResources[resources] = services }
        }
        if let mask, lists.count < Self.capacity {
            _ = byMask.value(low: mask, insertingIfAbsent: Int32(lists.count))
            lists.append(services)
        }
        return services
    }
}
