/// What to simulate: how long, from which seed, at what load, from when.
///
/// The defaults make a snapshot that shows the whole story — the recommendation cache
/// filling up, the recommendationservice's latency tail and memory climbing, and at least one
/// restart near the 500 MB limit — while both files together stay small enough (< 4.5 MB) to
/// be checked into `examples/`.
public struct ScenarioOptions: Sendable, Equatable {
    /// 2026-01-15T10:00:00Z in Unix nanoseconds: the fixed start, so output never depends on the clock.
    public static let defaultStart: Int64 = 1_768_471_200_000_000_000
    /// Front-end requests per second at `scale` 1.
    public static let defaultRequestsPerSecond = 0.45
    public static let defaultMinutes = 25

    /// Length of the run: requests arrive during [start, start + minutes).
    public var minutes: Int
    /// Seed of every random choice; the same options always give byte-identical files.
    public var seed: UInt64
    /// Multiplies the request rate, for benchmark snapshots. Each whole unit of scale adds a
    /// recommendationservice replica (calls are spread round-robin), so that every replica's
    /// cache leaks at the same pace as at scale 1 and the memory sawtooth stays visible.
    public var scale: Double
    /// Unix nanoseconds of the first possible request.
    public var start: Int64
    /// Front-end requests per second at `scale` 1.
    public var requestsPerSecond: Double
    /// The demo's `recommendationCacheFailure` flag: on, the cache leaks (the story of the
    /// example); off, every `get_product_list` fetches the catalog's ten products and memory
    /// stays level — the healthy snapshot that no finding may blame (`simulate healthy`).
    public var cacheFailure: Bool

    public init(
        minutes: Int = ScenarioOptions.defaultMinutes, seed: UInt64 = 1, scale: Double = 1,
        start: Int64 = ScenarioOptions.defaultStart,
        requestsPerSecond: Double = ScenarioOptions.defaultRequestsPerSecond, cacheFailure: Bool = true
    ) {
        self.cacheFailure = cacheFailure
        self.minutes = minutes
        self.seed = seed
        self.scale = scale
        self.start = start
        self.requestsPerSecond = requestsPerSecond
    }

    /// The number of recommendationservice replicas: one per whole unit of scale, at least one.
    public var replicaCount: Int {
        max(1, Int(scale.rounded(.down)))
    }
}

/// Why a scenario could not be written.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
