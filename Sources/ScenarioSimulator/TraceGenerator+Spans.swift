import TelemetryModel

/// The building blocks of `TraceGenerator`'s requests: ids, latencies, gRPC client/server
/// pairs and the frontend's HTTP root span.
extension TraceGenerator {
    /// How a gRPC call fails: the status both sides record and the exception the server logs.
    struct Failure {
        var grpcCode: Int64
        var message: String
        var exceptionType: String
        var exceptionMessage: String
    }

    /// A random non-zero span id (zero means "no parent" in OTLP).
    mutating func spanID() -> UInt64 {
        var id: UInt64
        repeat { id = ids.next() } while id == 0
        return id
    }

    /// A log-normal latency in nanoseconds with the given median in milliseconds.
    mutating func nanos(_ medianMs: Double, _ sigma: Double) -> Int64 {
        Int64((random.logNormal(median: medianMs, sigma: sigma) * 1_000_000).rounded())
    }

    mutating func pick(_ values: [String]) -> String {
        values[random.int(in: 0...(values.count - 1))]
    }

    func span(
        _ id: UInt64, parent: UInt64, _ name: String, _ kind: SpanKind, _ start: Int64, _ end: Int64,
        resource: Int, scope: DemoScope, _ attributes: [Attribute]
    ) -> SimulatedSpan {
        SimulatedSpan(
            traceHigh: traceHigh, traceLow: traceLow, spanID: id, parentSpanID: parent, name: name, kind: kind,
            start: start, end: end, attributes: attributes, resource: resource, scope: scope.rawValue)
    }

    /// The gRPC semantic-convention attributes every instrumentation sets.
    func rpc(_ service: String, _ method: String, code: Int64 = 0) -> [Attribute] {
        [
            Attribute(key: "rpc.system", value: .string("grpc")),
            Attribute(key: "rpc.service", value: .string(service)),
            Attribute(key: "rpc.method", value: .string(method)),
            Attribute(key: "rpc.grpc.status_code", value: .int(code)),
        ]
    }

    /// Client attributes: the server's address as the client knows it.
    func rpcClient(_ service: String, _ method: String, peer: String, code: Int64 = 0) -> [Attribute] {
        rpc(service, method, code: code) + [Attribute(key: "net.peer.name", value: .string(peer))]
    }

    /// A gRPC call from the frontend to `service` starting at `start`: the client span and
    /// the server span inside it, both failing when `failure` is given. Returns the client's end.
    mutating func grpcPair(
        parent: UInt64, start: Int64, client: String, rpcService: String, method: String,
        peer: String, server: String, service: DemoService, scope: DemoScope,
        serverMedianMs: Double, extra: [Attribute], failure: Failure? = nil,
        topology: DemoTopology, into spans: inout [SimulatedSpan]
    ) -> Int64 {
        let clientID = spanID(), serverID = spanID()
        let serverStart = start + nanos(0.45, 0.3)
        let serverEnd = serverStart + nanos(serverMedianMs, 0.45)
        let clientEnd = serverEnd + nanos(0.6, 0.3)
        let code = failure?.grpcCode ?? 0
        var serverSpan = span(
            serverID, parent: clientID, server, .server, serverStart, serverEnd,
            resource: topology.resource(of: service), scope: scope,
            rpc(rpcService, method, code: code) + extra)
        var clientSpan = span(
            clientID, parent: parent, client, .client, start, clientEnd,
            resource: topology.resource(of: .frontend), scope: .nodeGRPC,
            rpcClient(rpcService, method, peer: peer, code: code))
        if let failure {
            serverSpan.status = .error
            serverSpan.statusMessage = failure.message
            serverSpan.events = [
                SpanEvent(
                    timeUnixNano: serverEnd - nanos(0.05, 0.3), name: "exception",
                    attributes: [
                        Attribute(key: "exception.type", value: .string(failure.exceptionType)),
                        Attribute(key: "exception.message", value: .string(failure.exceptionMessage)),
                    ])
            ]
            clientSpan.status = .error
            clientSpan.statusMessage = "\(failure.grpcCode) \(failure.message)"
        }
        spans.append(serverSpan)
        spans.append(clientSpan)
        return clientEnd
    }

    /// The frontend's HTTP server span for a request from the load generator (old HTTP
    /// semantic conventions, as the demo's Node instrumentation 0.45 writes them). A 5xx
    /// response makes it an error span (HTTP semantic conventions: server spans fail on 5xx).
    func httpRoot(
        _ id: UInt64, _ method: String, route: String, target: String, _ start: Int64, _ end: Int64,
        status: Int64 = 200, topology: DemoTopology
    ) -> SimulatedSpan {
        var root = span(
            id, parent: 0, method + " " + route, .server, start, end,
            resource: topology.resource(of: .frontend), scope: .nodeHTTP,
            [
                Attribute(key: "http.method", value: .string(method)),
                Attribute(key: "http.route", value: .string(route)),
                Attribute(key: "http.target", value: .string(target)),
                Attribute(key: "http.status_code", value: .int(status)),
            ])
        if status >= 500 { root.status = .error }
        return root
    }
}
