/// Values in a ``ValueUnit``: the style of chart tooltips, data tables and axes, where a value
/// is written in the unit that suits its magnitude (`4.2 s`, `120 MiB`, `1.2k/s`) because a
/// chart's values span several orders of magnitude, unlike a table column of one operation's
/// durations (``DurationStyle/table`` keeps those in ms).
extension NumberFormat {
    /// One value on its own: about 3 significant digits in the unit that suits its magnitude;
    /// `NaN`, `+Inf`, `-Inf` when not finite.
    public static func value(_ value: Double, in unit: ValueUnit) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let display = unit.displayUnit(forMagnitude: abs(value))
        let scaled = value / display.factor
        // Whole bytes are counted, not measured: `512 B`, never `512.4 B`.
        let digits = (unit == .bytes && display.factor == 1) ? fixed(scaled, decimals: 0) : significant(scaled)
        return display.attach(digits)
    }

    /// A duration given in milliseconds, in the unit that suits it: `0.25 ms`, `12 ms`, `4.2 s`,
    /// `2 min`, `5 µs`, `1.5 h`.
    public static func duration(milliseconds: Double) -> String { value(milliseconds, in: .milliseconds) }

    /// Labels for the ticks of one axis, all with the same number of decimals (`0.0 s`, `0.5 s`,
    /// `1.0 s`) and in the one `display` unit chosen from the axis's largest magnitude; `step`
    /// is the tick step in display units.
    public static func axisLabels(_ ticks: [Double], display: DisplayUnit, step: Double) -> [String] {
        let decimals = decimals(forStep: step)
        return ticks.map { display.attach(fixed($0 / display.factor, decimals: decimals)) }
    }
}
