import TelemetryModel
import Vocabulary

/// Builds the spans of one front-end request of the demo, with realistic names, kinds,
/// attributes and timings per service, and drives the recommendation cache.
///
/// Span names follow each language's instrumentation as the demo's own captures show:
/// Node's gRPC client prefixes `grpc.`, Python's gRPC spans keep the leading `/`, Go's otelgrpc
/// and the other servers drop it. The frontend's HTTP server spans use `METHOD route`.
struct TraceGenerator {
    /// The kinds of request and their share of the front-end traffic.
    enum Request: CaseIterable {
        case recommendations, product, ads, cart

        var weight: Double {
            switch self {
            case .recommendations: return 0.47
            case .product: return 0.25
            case .ads: return 0.13
            case .cart: return 0.15
            }
        }
    }

    /// Probability that adservice fails a `GetAds` call (the demo's `adServiceFailure` flag,
    /// on for a fraction of requests).
    static let adErrorRate = 0.04
    /// Probability that cartservice cannot reach its Redis on `GetCart`.
    static let cartErrorRate = 0.025

    static let productIDs = [
        "OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N",
        "0PUK6V6EV0", "LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ", "HQTGWGPNH4",
    ]
    static let currencies = ["EUR", "CAD", "JPY", "GBP", "TRY"]
    static let adContexts = ["telescopes", "binoculars", "accessories", "travel", "assembly"]

    /// Timing and choices.
    var random: SplitMix64
    /// Trace and span ids: a stream of their own, so that ids never shift the timings.
    var ids: SplitMix64
    var traceHigh: UInt64 = 0
    var traceLow: UInt64 = 0
    /// Recommendation requests so far: they go to the replicas round-robin.
    private var recommendationCalls = 0

    init(random: SplitMix64, ids: SplitMix64) {
        self.random = random
        self.ids = ids
    }

    /// Appends the spans of one request arriving at `time`. Recommendation calls go to the
    /// replicas in turn.
    mutating func generate(
        at time: Int64, replicas: inout [RecommendationReplica],
        topology: inout DemoTopology, into spans: inout [SimulatedSpan]
    ) {
        traceHigh = ids.next()
        traceLow = ids.next() | 1
        let request = pickRequest()
        switch request {
        case .recommendations:
            let replica = recommendationCalls % replicas.count
            recommendationCalls += 1
            recommendations(at: time, replica: &replicas[replica], topology: &topology, into: &spans)
        case .product: product(at: time, topology: topology, into: &spans)
        case .ads: ads(at: time, topology: topology, into: &spans)
        case .cart: cart(at: time, topology: topology, into: &spans)
        }
    }

    /// Draws the kind of the next request by its share of the traffic.
    private mutating func pickRequest() -> Request {
        var draw = random.unit()
        for request in Request.allCases {
            if draw < request.weight { return request }
            draw -= request.weight
        }
        return .recommendations
    }

    // MARK: - Requests

    private mutating func recommendations(
        at time: Int64, replica: inout RecommendationReplica,
        topology: inout DemoTopology, into spans: inout [SimulatedSpan]
    ) {
        let requested = random.int(in: 1...3)
        let target = "/api/recommendations?productIds=" + (0..<requested).map { _ in pick(Self.productIDs) }.joined(separator: ",")
        let rootID = spanID(), clientID = spanID(), serverID = spanID(), listID = spanID()
        let clientStart = time + nanos(1.2, 0.3)
        let serverStart = clientStart + nanos(0.6, 0.3)
        let listStart = serverStart + nanos(0.15, 0.3)
        let missCoin = random.unit()
        let scanJitter = random.logNormal(median: 1, sigma: 0.12)

        replica.restartIfDue(at: serverStart, topology: &topology)
        let call = replica.serve(missCoin: missCoin)
        let recommendation = call.resource
        var listEnd: Int64
        if call.hit {
            listEnd = listStart + nanos(0.12, 0.3) + Int64(call.cpuNanos * scanJitter)
        } else {
            let catalogClientID = spanID(), catalogServerID = spanID()
            let catalogClientStart = listStart + nanos(0.1, 0.3)
            let catalogServerStart = catalogClientStart + nanos(0.5, 0.3)
            let catalogServerEnd = catalogServerStart + nanos(0.35, 0.4)
            let catalogClientEnd = catalogServerEnd + nanos(1.5, 0.3)
            listEnd = catalogClientEnd + nanos(0.1, 0.3) + Int64(call.cpuNanos * scanJitter)
            spans.append(
                span(
                    catalogClientID, parent: listID, "/hipstershop.ProductCatalogService/ListProducts", .client,
                    catalogClientStart, catalogClientEnd, resource: recommendation, scope: .pythonGRPC,
                    rpc("hipstershop.ProductCatalogService", "ListProducts")))
            spans.append(
                span(
                    catalogServerID, parent: catalogClientID, "hipstershop.ProductCatalogService/ListProducts", .server,
                    catalogServerStart, catalogServerEnd, resource: topology.resource(of: .productcatalogservice), scope: .goGRPC,
                    rpc("hipstershop.ProductCatalogService", "ListProducts")
                        + [Attribute(key: "app.products.count", value: .int(Int64(ProductCache.catalogSize)))]))
        }
        let filtered = ProductCache.filteredCount(cachedCount: call.productCount, requested: requested)
        spans.append(
            span(
                listID, parent: serverID, "get_product_list", .internal, listStart, listEnd,
                resource: recommendation, scope: .recommendation,
                [
                    Attribute(key: "app.recommendation.cache_enabled", value: .bool(replica.cacheFailure)),
                    Attribute(key: "app.cache_hit", value: .bool(call.hit)),
                    Attribute(key: "app.products.count", value: .int(Int64(call.productCount))),
                    Attribute(key: "app.filtered_products.count", value: .int(Int64(filtered))),
                ]))
        let serverEnd = listEnd + nanos(0.35, 0.3)
        replica.checkMemoryLimit(callEnd: serverEnd)
        spans.append(
            span(
                serverID, parent: clientID, "/hipstershop.RecommendationService/ListRecommendations", .server,
                serverStart, serverEnd, resource: recommendation, scope: .pythonGRPC,
                rpc("hipstershop.RecommendationService", "ListRecommendations")
                    + [Attribute(key: "app.products_recommended.count", value: .int(Int64(min(5, filtered))))]))
        let clientEnd = serverEnd + nanos(0.8, 0.3)
        spans.append(
            span(
                clientID, parent: rootID, "grpc.hipstershop.RecommendationService/ListRecommendations", .client,
                clientStart, clientEnd, resource: topology.resource(of: .frontend), scope: .nodeGRPC,
                rpcClient("hipstershop.RecommendationService", "ListRecommendations", peer: "recommendationservice")))
        spans.append(
            httpRoot(
                rootID, "GET", route: "/api/recommendations", target: target, time, clientEnd + nanos(2.5, 0.4),
                topology: topology))
    }

    private mutating func product(at time: Int64, topology: DemoTopology, into spans: inout [SimulatedSpan]) {
        let productID = pick(Self.productIDs)
        let rootID = spanID()
        var cursor = time + nanos(1.5, 0.3)
        cursor = grpcPair(
            parent: rootID, start: cursor, client: "grpc.hipstershop.ProductCatalogService/GetProduct",
            rpcService: "hipstershop.ProductCatalogService", method: "GetProduct", peer: "productcatalogservice",
            server: "hipstershop.ProductCatalogService/GetProduct", service: .productcatalogservice, scope: .goGRPC,
            serverMedianMs: 0.25, extra: [Attribute(key: "app.product.id", value: .string(productID))],
            topology: topology, into: &spans)
        if random.chance(0.6) {
            cursor = grpcPair(
                parent: rootID, start: cursor + nanos(0.3, 0.3), client: "grpc.hipstershop.CurrencyService/Convert",
                rpcService: "hipstershop.CurrencyService", method: "Convert", peer: "currencyservice",
                server: "Convert", service: .currencyservice, scope: .currency, serverMedianMs: 0.08,
                extra: [
                    Attribute(key: "app.currency.conversion.from", value: .string("USD")),
                    Attribute(key: "app.currency.conversion.to", value: .string(pick(Self.currencies))),
                ],
                topology: topology, into: &spans)
        }
        spans.append(
            httpRoot(
                rootID, "GET", route: "/api/products/{productId}", target: "/api/products/" + productID,
                time, cursor + nanos(3, 0.4), topology: topology))
    }

    private mutating func ads(at time: Int64, topology: DemoTopology, into spans: inout [SimulatedSpan]) {
        let context = pick(Self.adContexts)
        let rootID = spanID()
        let failed = random.chance(Self.adErrorRate)
        let failure =
            failed
            ? Failure(
                grpcCode: 14, message: "UNAVAILABLE",
                exceptionType: "io.grpc.StatusRuntimeException",
                exceptionMessage: "UNAVAILABLE: ad service failure flag enabled") : nil
        let end = grpcPair(
            parent: rootID, start: time + nanos(1.1, 0.3), client: "grpc.hipstershop.AdService/GetAds",
            rpcService: "hipstershop.AdService", method: "GetAds", peer: "adservice",
            server: "hipstershop.AdService/GetAds", service: .adservice, scope: .javaGRPC,
            serverMedianMs: failed ? 2.5 : 1.4,
            extra: [
                Attribute(key: "app.ads.contextKeys", value: .string(context)),
                Attribute(key: "app.ads.count", value: .int(failed ? 0 : 2)),
            ],
            failure: failure, topology: topology, into: &spans)
        spans.append(
            httpRoot(
                rootID, "GET", route: "/api/data", target: "/api/data?contextKeys=" + context,
                time, end + nanos(1.8, 0.4), status: failed ? 500 : 200, topology: topology))
    }

    private mutating func cart(at time: Int64, topology: DemoTopology, into spans: inout [SimulatedSpan]) {
        let rootID = spanID()
        let failed = random.chance(Self.cartErrorRate)
        let failure =
            failed
            ? Failure(
                grpcCode: 9, message: "Can't access cart storage. System.ApplicationException: Wasn't able to connect to redis",
                exceptionType: "Grpc.Core.RpcException",
                exceptionMessage:
                    "Status(StatusCode=\"FailedPrecondition\", Detail=\"Can't access cart storage. System.ApplicationException: Wasn't able to connect to redis\")"
            ) : nil
        let end = grpcPair(
            parent: rootID, start: time + nanos(1.0, 0.3), client: "grpc.hipstershop.CartService/GetCart",
            rpcService: "hipstershop.CartService", method: "GetCart", peer: "cartservice",
            server: "hipstershop.CartService/GetCart", service: .cartservice, scope: .aspNetCore,
            serverMedianMs: failed ? 5.2 : 0.9, extra: [], failure: failure, topology: topology, into: &spans)
        spans.append(
            httpRoot(
                rootID, "GET", route: "/api/cart", target: "/api/cart?currencyCode=USD",
                time, end + nanos(1.6, 0.4), status: failed ? 500 : 200, topology: topology))
    }
}
