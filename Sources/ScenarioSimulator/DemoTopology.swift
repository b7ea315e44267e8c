import TelemetryModel
import Vocabulary

/// The demo services that appear in the scenario, with what their SDKs report about them.
enum DemoService: Int, CaseIterable, Comparable {
    case frontend, recommendationservice, productcatalogservice, currencyservice, cartservice, adservice

    var name: String {
        switch self {
        case .frontend: return "frontend"
        case .recommendationservice: return "recommendationservice"
        case .productcatalogservice: return "productcatalogservice"
        case .currencyservice: return "currencyservice"
        case .cartservice: return "cartservice"
        case .adservice: return "adservice"
        }
    }

    /// `telemetry.sdk.language`, as each service's SDK sets it in the demo.
    var sdkLanguage: String {
        switch self {
        case .frontend: return "nodejs"
        case .recommendationservice: return "python"
        case .productcatalogservice: return "go"
        case .currencyservice: return "cpp"
        case .cartservice: return "dotnet"
        case .adservice: return "java"
        }
    }

    var sdkVersion: String {
        switch self {
        case .frontend: return "1.18.1"
        case .recommendationservice: return "1.25.0"
        case .productcatalogservice: return "1.24.0"
        case .currencyservice: return "1.14.2"
        case .cartservice: return "1.8.1"
        case .adservice: return "1.36.0"
        }
    }

    /// Process attributes the demo's resource detectors add (runtime name and version).
    var runtime: (name: String, version: String) {
        switch self {
        case .frontend: return ("nodejs", "18.20.1")
        case .recommendationservice: return ("cpython", "3.12.4")
        case .productcatalogservice: return ("go", "go1.22.2")
        case .currencyservice: return ("cpp", "17")
        case .cartservice: return (".NET", "8.0.6")
        case .adservice: return ("OpenJDK Runtime Environment", "21.0.2+13-LTS")
        }
    }

    static func < (lhs: DemoService, rhs: DemoService) -> Bool { lhs.name < rhs.name }
}

/// The instrumentation scopes spans come from, as the demo's libraries name themselves.
enum DemoScope: Int, CaseIterable {
    case nodeHTTP, nodeGRPC, pythonGRPC, recommendation, goGRPC, currency, aspNetCore, javaGRPC

    var name: String {
        switch self {
        case .nodeHTTP: return "@opentelemetry/instrumentation-http"
        case .nodeGRPC: return "@opentelemetry/instrumentation-grpc"
        case .pythonGRPC: return "opentelemetry.instrumentation.grpc"
        case .recommendation: return "recommendationservice"
        case .goGRPC: return "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
        case .currency: return "currencyservice"
        case .aspNetCore: return "OpenTelemetry.Instrumentation.AspNetCore"
        case .javaGRPC: return "io.opentelemetry.grpc-1.6"
        }
    }

    var version: String {
        switch self {
        case .nodeHTTP, .nodeGRPC: return "0.45.1"
        case .pythonGRPC: return "0.46b0"
        case .recommendation, .currency: return ""
        case .goGRPC: return "0.49.0"
        case .aspNetCore: return "1.0.0.0"
        case .javaGRPC: return "2.0.0-alpha"
        }
    }

    /// `{"name":…,"version":…}` (version left out when the library sets none).
    var json: [UInt8] {
        var text = OTLPJSONText(capacity: 128)
        text.raw("{\"name\":")
        text.string(name)
        if !version.isEmpty {
            text.raw(",\"version\":")
            text.string(version)
        }
        text.raw("}")
        return text.bytes
    }
}

/// The resources of the run: one per service, plus one per recommendationservice process
/// (a restart is a new process: new `process.pid` and `service.instance.id`).
///
/// Resources are rendered to JSON once; spans refer to them by index.
struct DemoTopology {
    struct Entry {
        var service: DemoService
        var json: [UInt8]
    }

    private(set) var resources: [Entry] = []
    /// Index of the (single) resource of each service other than recommendationservice.
    private var fixed: [Int] = []
    private var random: SplitMix64
    let scopeJSON: [[UInt8]] = DemoScope.allCases.map(\.json)

    init(random: SplitMix64) {
        self.random = random
        for service in DemoService.allCases {
            fixed.append(resources.count)
            let pid: Int64 = service == .frontend ? 16 : 1
            resources.append(Entry(service: service, json: Self.render(attributes(for: service, pid: pid, instance: nil))))
        }
    }

    /// The resource index of a service's spans (not for recommendationservice: see `addProcess`).
    func resource(of service: DemoService) -> Int {
        fixed[service.rawValue]
    }

    /// Registers a new recommendationservice process on replica `replica` and returns its
    /// resource index and pid.
    mutating func addRecommendationProcess(replica: Int) -> (resource: Int, pid: Int64) {
        let pid = Int64(random.int(in: 7...32_000))
        var attributes = attributes(for: .recommendationservice, pid: pid, instance: uuid())
        attributes[attributes.firstIndex { $0.key == "host.name" }!].value = .string(hostName(replica: replica))
        resources.append(Entry(service: .recommendationservice, json: Self.render(attributes)))
        return (resources.count - 1, pid)
    }

    /// The resource the spanmetrics connector gives its output for `service`: only the
    /// attributes of its `resource_metrics_key_attributes` (service.name, telemetry.sdk.language,
    /// telemetry.sdk.name), so that counters stay continuous across restarts.
    static func spanMetricsResourceJSON(_ service: DemoService) -> [UInt8] {
        render([
            Attribute(key: "service.name", value: .string(service.name)),
            Attribute(key: "telemetry.sdk.language", value: .string(service.sdkLanguage)),
            Attribute(key: "telemetry.sdk.name", value: .string("opentelemetry")),
        ])
    }

    private mutating func attributes(for service: DemoService, pid: Int64, instance: String?) -> [Attribute] {
        var list: [Attribute] = [
            Attribute(key: "service.name", value: .string(service.name)),
            Attribute(key: "service.namespace", value: .string("opentelemetry-demo")),
        ]
        if let instance {
            list.append(Attribute(key: "service.instance.id", value: .string(instance)))
        }
        list += [
            Attribute(key: "telemetry.sdk.language", value: .string(service.sdkLanguage)),
            Attribute(key: "telemetry.sdk.name", value: .string("opentelemetry")),
            Attribute(key: "telemetry.sdk.version", value: .string(service.sdkVersion)),
        ]
        if service == .recommendationservice {
            list.append(Attribute(key: "telemetry.auto.version", value: .string("0.46b0")))
        }
        list += [
            Attribute(key: "host.name", value: .string(hostName(replica: 0, service: service))),
            Attribute(key: "process.pid", value: .int(pid)),
            Attribute(key: "process.runtime.name", value: .string(service.runtime.name)),
            Attribute(key: "process.runtime.version", value: .string(service.runtime.version)),
        ]
        return list
    }

    /// A container id prefix, as Docker sets the hostname: fixed per service and replica, so a
    /// restarted process keeps its host.
    private func hostName(replica: Int, service: DemoService = .recommendationservice) -> String {
        var generator = SplitMix64(seed: 0xC0FF_EE00 &+ UInt64(service.rawValue) &* 1_000_003 &+ UInt64(replica))
        let value = generator.next() >> 16
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// A random (version 4) UUID, as the SDK's `service.instance.id` default.
    private mutating func uuid() -> String {
        let high = (random.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        var text = OTLPJSONText(capacity: 40)
        text.hexID(high, low)
        let hex = Array(String(decoding: text.bytes.dropFirst().dropLast(), as: UTF8.self))
        return String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-"
            + String(hex[16..<20]) + "-" + String(hex[20..<32])
    }

    private static func render(_ attributes: [Attribute]) -> [UInt8] {
        var text = OTLPJSONText(capacity: 1024)
        text.raw("{\"attributes\":")
        text.attributes(attributes)
        text.raw("}")
        return text.bytes
    }
}
