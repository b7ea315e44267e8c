import TelemetryModel

/// Dense integer ids for the services of a snapshot's spans, by resource: loops over millions
/// of spans then index arrays by service instead of hashing a service name per span. Several
/// resources may share a service (instances, restarts); a resource index out of range is
/// `unknown_service`, as `Snapshot.serviceName(of:)` says. Any other name of a resource (the
/// process key `ResourceCorrelation` groups by) is numbered the same way (`init(resourceNames:unknown:)`).
public struct ServiceIndex: Sendable {
    /// Names by id, in the order the resources first name them, the unknown one after them.
    public private(set) var names: [String] = []
    private var byResource: [Int] = []
    private var unknown = 0

    public init(_ snapshot: Snapshot) {
        self.init(resourceNames: snapshot.resources.map(\.serviceName), unknown: "unknown_service")
    }

    /// Ids for `resourceNames[r]`, the name of resource `r`, and `unknown` for an index out of range.
    public init(resourceNames: [String], unknown unknownName: String) {
        var ids: [String: Int] = [:]
        func id(_ name: String) -> Int {
            if let i = ids[name] { return i }
            names.append(name)
            ids[name] = names.count - 1
            return names.count - 1
        }
        byResource = resourceNames.map(id)
        unknown = id(unknownName)
    }

    /// The service id of a span's resource index.
    @inline(__always)
    public func id(ofResource r: Int32) -> Int {
        let i = Int(r)
        return i >= 0 && i < byResource.count ? byResource[i] : unknown
    }

    public var count: Int { names.count }
}
