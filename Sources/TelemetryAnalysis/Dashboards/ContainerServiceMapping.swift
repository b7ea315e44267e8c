import TelemetryModel

/// Container metrics name a container, not a service: the collector's docker_stats receiver
/// reports `container.memory.usage.total` for `container.name` = `recommendation-service`, with
/// no `service.name`. When such a resource's container name, lowercased with everything but
/// letters and digits dropped, equals that of exactly one service seen in the spans
/// (`recommendationservice`), the resource gets that `service.name`, so the service's dashboards
/// find its container's metrics. Resources that already name a service are left alone.
public enum ContainerServiceMapping {
    public static func apply(_ snapshot: Snapshot, services: [String]) -> Snapshot {
        var byKey: [String: [String]] = [:]
        for s in services { byKey[key(s), default: []].append(s) }
        var result = snapshot
        var changed = false
        for i in result.resources.indices {
            let attributes = result.resources[i].attributes
            guard attributes[key: "service.name"] == nil,
                case .string(let container)? = attributes[key: "container.name"],
                let matches = byKey[key(container)], matches.count == 1
            else { continue }
            result.resources[i].attributes.append(Attribute(key: "service.name", value: .string(matches[0])))
            changed = true
        }
        return changed ? result : snapshot
    }

    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }
}
