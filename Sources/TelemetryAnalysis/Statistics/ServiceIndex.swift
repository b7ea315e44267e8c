import TelemetryModel

/// Dense integer ids for the services of a snapshot's spans, by resource: loops over millions
/// of spans then index arrays by service instead of hashing a service name per span. Several
/// resources may share a service (instances, restarts); a resource index out of range is
/// `unknown_service`, as `Snapshot.serviceName(of:)` says.
public struct ServiceIndex: Sendable {
    /// Service names by id.
    public private(set) var names: [String] = []
    private var byResource: [Int] = []
    private var unknown = 0

    public init(_ snapshot: Snapshot) {
        var ids: [String: Int] = [:]
        func id(_ name: String) -> Int {
            if let i = ids[name] { return i }
            names.append(name)
            ids[name] = names.count - 1
            return names.count - 1
        }
        byResource = snapshot.resources.map { id($0.serviceName) }
        unknown = id("unknown_service")
    }

    /// The service id of a span's resource index.
    @inline(__always)
    public func id(ofResource r: Int32) -> Int {
        let i = Int(r)
        return i >= 0 && i < byResource.count ? byResource[i] : unknown
    }

    public var count: Int { names.count }
}
