import Vocabulary

/// The evaluation times of a chart: multiples of a "nice" step in UTC (DESIGN §4), chosen so
/// that the range has 60–240 points where the data allows.
public struct TimeGrid: Hashable, Sendable {
    /// Step in seconds.
    public var stepSeconds: Int64
    /// First and last evaluation time, unix seconds, both multiples of the step.
    public var firstSeconds: Int64
    public var lastSeconds: Int64

    /// The steps people read easily, in seconds.
    /// Beyond a day: 2 days, a week, two weeks, 30 days, 90 days and 365 days, so that even a
    /// snapshot spanning years (files from different eras mixed) stays within 240 points.
    public static let niceSteps: [Int64] = [
        1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
        172_800, 604_800, 1_209_600, 2_592_000, 7_776_000, 31_536_000,
    ]

    /// The coarsest nice step that still gives at least 60 points over [start, end] (unix ns), so
    /// each point aggregates as many spans as the 60–240 point rule allows (DESIGN §4); a range
    /// too short for 60 one-second points gets 1 s steps. The result never exceeds 240 points:
    /// neighbouring nice steps differ by at most 2.5×.
    public init(startNanos: Int64, endNanos: Int64) {
        var chosen = TimeGrid(stepSeconds: Self.niceSteps[0], startNanos: startNanos, endNanos: endNanos)
        for step in Self.niceSteps.dropFirst() {
            let grid = TimeGrid(stepSeconds: step, startNanos: startNanos, endNanos: endNanos)
            guard grid.count >= 60 else { break }
            chosen = grid
        }
        self = chosen
    }

    /// A grid from the step at or before `startNanos` to the step at or after `endNanos`.
    public init(stepSeconds: Int64, startNanos: Int64, endNanos: Int64) {
        self.stepSeconds = stepSeconds
        firstSeconds = Math.floorDiv(Math.floorDiv(startNanos, 1_000_000_000), stepSeconds) * stepSeconds
        let endCeil = Self.ceilDiv(Self.ceilDiv(max(endNanos, startNanos), 1_000_000_000), stepSeconds) * stepSeconds
        lastSeconds = max(firstSeconds, endCeil)
    }

    /// Evaluation times in unix seconds.
    public var times: [Int64] { Array(stride(from: firstSeconds, through: lastSeconds, by: Int(stepSeconds))) }

    public var count: Int { Int((lastSeconds - firstSeconds) / stepSeconds) + 1 }

    /// The step ending at or after `nanos`: a span ending at time t is counted at the first
    /// grid time ≥ t, i.e. in the step (T − step, T] as Prometheus's range windows are.
    ///
    /// One division a span: ⌈⌈t / 10⁹⌉ / step⌉ = ⌈t / (10⁹ · step)⌉ for positive divisors, and the
    /// first grid time is a multiple of the step. The three 64-bit divisions this took (two
    /// rounding ones, one to index) took a quarter of the samples of a pass counting every span
    /// into the grid (such passes: 1.7% of a 500k-span render's instructions); the instruction
    /// count is the same, the time a division takes is not.
    public func index(forEndNanos nanos: Int64) -> Int? {
        let i: Int64
        if stepSeconds <= Self.longestStepForOneDivision {
            i = Self.ceilDiv(nanos, 1_000_000_000 * stepSeconds) - firstSeconds / stepSeconds
        } else {
            i = (Self.ceilDiv(Self.ceilDiv(nanos, 1_000_000_000), stepSeconds) * stepSeconds - firstSeconds) / stepSeconds
        }
        return i >= 0 && i < count ? Int(i) : nil
    }

    /// Steps up to this many seconds have 10⁹ · step within Int64 (every nice step does).
    static let longestStepForOneDivision = Int64.max / 1_000_000_000

    static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -Math.floorDiv(-a, b) }
}
