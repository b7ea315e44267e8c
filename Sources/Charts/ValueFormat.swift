/// Formatting of single values for people: pure, locale-free and deterministic, so a report
/// reads the same on every machine and in every year. Each function is the `ValueUnit` rule of
/// the same name; about three significant digits, trailing zeros dropped.
public enum ValueFormat {
    /// Binary units: `512 B`, `1.5 KiB`, `120 MiB`, `1 GiB`.
    public static func bytes(_ bytes: Double) -> String { ValueUnit.bytes.format(bytes) }

    /// A duration given in milliseconds: `0.25 ms`, `12 ms`, `1.5 s`, `2 min`, `5 µs`, `1.5 h`.
    public static func duration(milliseconds: Double) -> String { ValueUnit.milliseconds.format(milliseconds) }

    /// A percentage given in percent: `12.5%`.
    public static func percent(_ percent: Double) -> String { ValueUnit.percent.format(percent) }

    /// A fraction written as a percentage: 0.125 → `12.5%`.
    public static func ratio(_ fraction: Double) -> String { ValueUnit.ratio.format(fraction) }

    /// A count: `950`, `1.2k`, `3.4M`.
    public static func count(_ count: Double) -> String { ValueUnit.count.format(count) }

    /// A rate per second: `3.4/s`, `1.2k/s`.
    public static func rate(perSecond rate: Double) -> String { ValueUnit.perSecond.format(rate) }

    /// Exactly `decimals` decimals, no grouping, no exponent: `fixed(2.5, decimals: 2)` → `2.50`.
    public static func fixed(_ value: Double, decimals: Int) -> String { DecimalText.fixed(value, decimals: decimals) }

    /// Unix seconds as UTC `yyyy-MM-dd HH:mm:ss` (with `.SSS` when there are milliseconds).
    public static func utc(_ unixSeconds: Double) -> String { UTCDateTime(unixSeconds: unixSeconds).dateTimeText }
}
