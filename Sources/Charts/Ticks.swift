import Vocabulary

/// "Nice" tick values, following d3-array's `ticks`/`tickIncrement` and d3-scale's `nice`.
///
/// Steps are 1, 2 or 5 × 10^k. Ticks are integer multiples of the step, and for steps below 1 a
/// tick is computed as `i / (1/step)` rather than `i * step`, so `0.3` is the double nearest
/// 3/10 (the literal `0.3`) and never `0.30000000000000004`.
public enum Ticks {
    /// About this many pixels between two ticks, as uPlot does: x labels are wider than tall.
    public static let xSpacing = 50.0
    public static let ySpacing = 30.0

    /// The tick count that fits `pixels` with about `spacing` pixels per tick (at least 2).
    public static func count(forPixels pixels: Double, spacing: Double) -> Int {
        guard pixels.isFinite, spacing > 0 else { return 2 }
        return max(2, Int((pixels / spacing).rounded(.down)))
    }

    /// Ticks between `start` and `stop` (inclusive), about `count` of them. Empty when the count
    /// is not positive or an end is not finite; `[start]` when `start == stop`; descending when
    /// `stop < start`.
    public static func ticks(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        guard count > 0, start.isFinite, stop.isFinite else { return [] }
        if start == stop { return [start] }
        let reverse = stop < start
        let spec = reverse ? tickSpec(stop, start, Double(count)) : tickSpec(start, stop, Double(count))
        guard spec.i2 >= spec.i1 else { return [] }
        let n = Int(spec.i2 - spec.i1) + 1
        var result: [Double] = []
        result.reserveCapacity(n)
        for k in 0..<n {
            let i = reverse ? spec.i2 - Double(k) : spec.i1 + Double(k)
            result.append(spec.inc < 0 ? i / -spec.inc : i * spec.inc)
        }
        return result
    }

    /// d3's `tickIncrement`: the step when ≥ 1; for steps below 1, the negated inverse of the step
    /// (−10 for 0.1), which keeps the arithmetic exact. Zero or NaN when no step exists.
    public static func tickIncrement(_ start: Double, _ stop: Double, count: Int) -> Double {
        guard count > 0, start.isFinite, stop.isFinite, start < stop else { return 0 }
        return tickSpec(start, stop, Double(count)).inc
    }

    /// The plain step between ticks (0.1, 2, 500); negative when `stop < start`, as d3's `tickStep`.
    public static func tickStep(_ start: Double, _ stop: Double, count: Int) -> Double {
        guard count > 0, start.isFinite, stop.isFinite, start != stop else { return 0 }
        let reverse = stop < start
        let inc = reverse ? tickIncrement(stop, start, count: count) : tickIncrement(start, stop, count: count)
        let step = inc < 0 ? 1 / -inc : inc
        return reverse ? -step : step
    }

    /// d3-scale's linear `nice`: widens the domain to whole steps, repeating until the step is
    /// stable (at most 10 rounds). Returns the domain unchanged when it is empty or not finite.
    public static func nice(_ lower: Double, _ upper: Double, count: Int) -> (lower: Double, upper: Double) {
        guard lower.isFinite, upper.isFinite, lower < upper, count > 0 else { return (lower, upper) }
        var start = lower, stop = upper
        var previous: Double? = nil
        for _ in 0..<10 {
            let step = tickIncrement(start, stop, count: count)
            if step == previous { return (start, stop) }
            if step > 0 {
                start = (start / step).rounded(.down) * step
                stop = (stop / step).rounded(.up) * step
            } else if step < 0 {
                start = (start * step).rounded(.up) / step
                stop = (stop * step).rounded(.down) / step
            } else {
                break
            }
            previous = step
        }
        return (start, stop)
    }

    /// d3's `e10`, `e5`, `e2`: the error thresholds that round a raw step to 10, 5 or 2.
    private static let e10 = 50.0.squareRoot(), e5 = 10.0.squareRoot(), e2 = 2.0.squareRoot()

    /// d3-array's `tickSpec`: first and last multiple, and the increment (negative = inverse step).
    private static func tickSpec(_ start: Double, _ stop: Double, _ count: Double) -> (i1: Double, i2: Double, inc: Double) {
        let step = (stop - start) / max(0, count)
        // d3 lets an infinite or zero step through as NaN and Infinity, and `ticks` then gives
        // none; `Int()` would trap instead. Both come from data: a domain wider than Double's
        // range (an attribute from −1.8e308 to 1.8e308) or a step below its smallest normal.
        guard step.isFinite, step >= Double.leastNormalMagnitude else { return (1, 0, 0) }
        let power = Int(Math.log10(step).rounded(.down))
        let error = step / Math.pow10(power)
        let factor: Double = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1
        var i1: Double, i2: Double, inc: Double
        if power < 0 {
            inc = Math.pow10(-power) / factor
            i1 = jsRound(start * inc)
            i2 = jsRound(stop * inc)
            if i1 / inc < start { i1 += 1 }
            if i2 / inc > stop { i2 -= 1 }
            inc = -inc
        } else {
            inc = Math.pow10(power) * factor
            i1 = jsRound(start / inc)
            i2 = jsRound(stop / inc)
            if i1 * inc < start { i1 += 1 }
            if i2 * inc > stop { i2 -= 1 }
        }
        if i2 < i1 && 0.5 <= count && count < 2 { return tickSpec(start, stop, count * 2) }
        // 10^-power overflows for steps near the smallest normal; no ticks then either.
        guard i1.isFinite, i2.isFinite, inc.isFinite else { return (1, 0, 0) }
        return (i1, i2, inc)
    }

    /// JavaScript's `Math.round`: halves go up (towards +∞), unlike Swift's default rounding.
    private static func jsRound(_ x: Double) -> Double {
        let f = x.rounded(.down)
        return x - f >= 0.5 ? f + 1 : f
    }
}
