import Vocabulary

/// A value (y) axis: its scale, linear or log10, and its labelled ticks. Built before the plot's
/// width is known, because the left margin depends on how wide the labels are.
struct ValueAxis {
    enum Scale {
        case linear(LinearScale)
        case log(LogScale)
    }

    var scale: Scale
    var ticks: [(value: Double, label: String)]

    /// The axis for `values` drawn between pixel rows `bottom` (low values) and `top`.
    init(values: [Double], unit: ValueUnit, logScale: Bool, zeroBaseline: Bool, top: Double, bottom: Double) {
        let count = Ticks.count(forPixels: bottom - top, spacing: Ticks.ySpacing)
        if logScale {
            let log = LogScale(domain: LogScale.domain(covering: values), range: (bottom, top))
            scale = .log(log)
            ticks = log.ticks(count: count).map { ($0, unit.format($0)) }
            return
        }
        let raw = LinearScale.domain(covering: values, zeroBaseline: zeroBaseline)
        let display = unit.displayUnit(forMagnitude: max(abs(raw.lower), abs(raw.upper)))
        // Nice steps in the unit the labels are written in: 100 MiB steps, not 10^8 bytes.
        let f = display.factor
        let nice = Ticks.nice(raw.lower / f, raw.upper / f, count: count)
        let values = Ticks.ticks(nice.lower, nice.upper, count: count)
        let step = Ticks.tickStep(nice.lower, nice.upper, count: count)
        let labels = NumberFormat.axisLabels(values.map { $0 * f }, display: display, step: step)
        scale = .linear(LinearScale(domain: (nice.lower * f, nice.upper * f), range: (bottom, top)))
        ticks = zip(values, labels).map { ($0 * f, $1) }
    }

    /// The pixel row of `value`, or nil when the scale cannot show it (≤ 0 on a log axis).
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear(let s): return s(value)
        case .log(let s): return s(value)
        }
    }

    /// Whether the value can be drawn: log axes have no place for zero or negatives.
    func accepts(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if case .log = scale { return value > 0 }
        return true
    }

    /// The widest label, in pixels at the axis font size.
    var labelWidth: Double {
        Double(ticks.map { $0.label.count }.max() ?? 0) * TimeTicks.characterWidth
    }
}
