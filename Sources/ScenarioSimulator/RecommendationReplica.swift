/// One recommendationservice container: the current Python process, its leaking cache, and
/// the CPU it has spent — the state behind the memory and CPU series.
///
/// The process is replaced when a miss pushes its RSS past the limit (the OOM kill and
/// restart): the new process has a new pid, resource and start time, an empty cache, and CPU
/// counters that start again from zero (a counter reset, with a new `startTimeUnixNano`).
struct RecommendationReplica {
    /// Outcome of one `get_product_list` call.
    struct Call {
        var hit: Bool
        /// `app.products.count`: the list length the call worked on (after the rebuild on a miss).
        var productCount: Int
        /// CPU nanoseconds spent copying and scanning the list.
        var cpuNanos: Double
        /// The process (resource index) that served the call.
        var resource: Int
    }

    let index: Int
    /// The demo's `recommendationCacheFailure` flag; off, nothing is cached and nothing leaks.
    let cacheFailure: Bool
    private(set) var resource: Int
    private(set) var pid: Int64
    private(set) var processStart: Int64
    private(set) var cachedCount = 0
    private var firstRun = true
    /// CPU seconds from calls (beyond the idle baseline), by `type`.
    private var callUserSeconds = 0.0
    private var callSystemSeconds = 0.0
    /// When the current process is killed for exceeding its memory limit.
    private(set) var pendingRestart: Int64?
    private(set) var restarts = 0

    /// CPU seconds a fresh CPython process spends importing grpc and the SDK.
    static let startupUserSeconds = 0.84
    static let startupSystemSeconds = 0.21
    /// CPU used per second while idle (gRPC polling, the metric reader, the span exporter).
    static let idleUserPerSecond = 0.006
    static let idleSystemPerSecond = 0.002

    init(index: Int, start: Int64, topology: inout DemoTopology, cacheFailure: Bool = true) {
        self.index = index
        self.cacheFailure = cacheFailure
        let process = topology.addRecommendationProcess(replica: index)
        resource = process.resource
        pid = process.pid
        processStart = start
    }

    /// Replaces the process if its kill time has come (before serving a call at `time`).
    mutating func restartIfDue(at time: Int64, topology: inout DemoTopology) {
        guard let killedAt = pendingRestart, killedAt <= time else { return }
        let process = topology.addRecommendationProcess(replica: index)
        resource = process.resource
        pid = process.pid
        processStart = killedAt
        cachedCount = 0
        firstRun = true
        callUserSeconds = 0
        callSystemSeconds = 0
        pendingRestart = nil
        restarts += 1
    }

    /// Serves `get_product_list`: the demo's coin flip (always a miss on the first call), the
    /// growth of the list on a miss, and the CPU the scan costs. `missCoin` is the caller's
    /// uniform draw, so that the random stream does not depend on the state.
    mutating func serve(missCoin: Double) -> Call {
        guard cacheFailure else {
            // The flag off: the catalog is fetched on every call and scanned; nothing grows.
            let cpu = ProductCache.hitCPUNanos(cachedCount: ProductCache.catalogSize)
            callUserSeconds += cpu * 0.97 / 1e9
            callSystemSeconds += cpu * 0.03 / 1e9
            return Call(hit: false, productCount: ProductCache.catalogSize, cpuNanos: cpu, resource: resource)
        }
        let miss = firstRun || missCoin < 0.5
        firstRun = false
        if miss {
            let before = cachedCount
            cachedCount = ProductCache.countAfterMiss(before)
            let cpu = ProductCache.missCPUNanos(before: before, after: cachedCount)
            // Copies allocate fresh pages: a third of their time is spent in the kernel.
            let copy = ProductCache.copyNanosPerID * Double(before + cachedCount)
            callUserSeconds += (cpu - copy / 3) / 1e9
            callSystemSeconds += (copy / 3) / 1e9
            return Call(hit: false, productCount: cachedCount, cpuNanos: cpu, resource: resource)
        }
        let cpu = ProductCache.hitCPUNanos(cachedCount: cachedCount)
        callUserSeconds += cpu * 0.97 / 1e9
        callSystemSeconds += cpu * 0.03 / 1e9
        return Call(hit: true, productCount: cachedCount, cpuNanos: cpu, resource: resource)
    }

    /// Schedules the kill when the cache has grown past the memory limit; the call that
    /// crossed it ends at `callEnd`, and calls already in flight until then still run.
    mutating func checkMemoryLimit(callEnd: Int64) {
        if pendingRestart == nil, ProductCache.exceedsLimit(cachedCount: cachedCount) {
            pendingRestart = callEnd
        }
    }

    /// The values the Python SDK's system-metrics instrumentation would report at `time`.
    func sample(at time: Int64) -> (rss: Int64, vms: Int64, user: Double, system: Double) {
        let uptime = Double(max(0, time - processStart)) / 1e9
        return (
            ProductCache.rssBytes(cachedCount: cachedCount),
            ProductCache.vmsBytes(cachedCount: cachedCount),
            Self.startupUserSeconds + Self.idleUserPerSecond * uptime + callUserSeconds,
            Self.startupSystemSeconds + Self.idleSystemPerSecond * uptime + callSystemSeconds
        )
    }
}
