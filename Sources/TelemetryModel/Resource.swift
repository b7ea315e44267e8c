/// The entity that produced telemetry (OTLP `Resource`), shared by index between spans and series.
public struct Resource: Hashable, Sendable {
    public var attributes: [Attribute]

    public init(attributes: [Attribute] = []) { self.attributes = attributes }

    /// `service.name`, or `unknown_service` when absent (DESIGN §4; the OTel SDK default).
    public var serviceName: String {
        if case .string(let s)? = attributes[key: "service.name"], !s.isEmpty { return s }
        return "unknown_service"
    }
}

/// The instrumentation scope (library) that produced a span or metric.
public struct InstrumentationScope: Hashable, Sendable {
    public var name: String
    public var version: String
    public var attributes: [Attribute]

    public init(name: String = "", version: String = "", attributes: [Attribute] = []) {
        self.name = name
        self.version = version
        self.attributes = attributes
    }
}
