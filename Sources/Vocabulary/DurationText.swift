/// The one reader of written durations (`250ms`, `1.5s`, `-1.000340012s`, `2m3s`, `15m`), for
/// the filter language, the foreign trace formats and `--from`/`--to`.
///
/// A duration is a decimal number followed by a unit, in nanoseconds, computed exactly: the
/// digits are scaled with 128-bit integer arithmetic and rounded half away from zero, so
/// `0.1s` is 100,000,000 ns to the nanosecond (no binary floating point in between), as Go's
/// `time.ParseDuration` does. Where the grammars of the places that read durations really
/// differ, a ``Dialect`` says how and why.
public enum DurationText {
    /// What a place accepts beyond `number unit`.
    public struct Dialect: Sendable {
        /// The unit names and their length in nanoseconds.
        public var units: [(name: String, nanos: Int64)]
        /// The unit of a number written without one, or nil when a unit is required.
        public var bareNumberNanos: Int64?
        /// Whether a leading `+` or `-` is allowed.
        public var signed: Bool
        /// Whether several components may follow each other (`2m3s`).
        public var compound: Bool

        static let clockUnits: [(name: String, nanos: Int64)] = [
            ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
            ("m", 60_000_000_000), ("h", 3_600_000_000_000),
        ]

        /// A `duration` value of the filter language (DESIGN §1: `duration>250ms`): one number,
        /// unit ns, us (µs, μs), ms, s, m or h, a bare number is milliseconds, no sign. The
        /// page's filter box reads the same grammar (`filter-language.js`), so it must not grow.
        public static let filterValue = Dialect(units: clockUnits, bareNumberNanos: 1_000_000, signed: false, compound: false)

        /// Go's `time.ParseDuration` (`22938000ns`, `1.5ms`, `2m3s`) and protobuf's JSON
        /// `Duration` (`"-1.000340012s"`), as Jaeger api_v2 proto-JSON writers emit them: a sign,
        /// several components, a unit always (https://protobuf.dev/programming-guides/proto3/#json).
        public static let go = Dialect(units: clockUnits, bareNumberNanos: nil, signed: true, compound: true)

        /// A look-back of `--from`/`--to` after its `-` (`15m`, `2h`, `30s`, `1d`): one number,
        /// unit s, m, h or d; report windows are minutes to days, so no smaller units.
        public static let lookBack = Dialect(
            units: [("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000)],
            bareNumberNanos: nil, signed: false, compound: false)
    }

    /// Why a text is not a duration.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Nothing to read, or a component without digits (`ms`, `-`, `.s`).
        case expectedNumber
        /// Digits with more than one point (`1.2.3s`).
        case malformedNumber(String)
        /// A number without a unit where the dialect needs one.
        case missingUnit
        /// A unit the dialect does not know (`5x`, or `1m30s` where only one component is allowed).
        case unknownUnit(String)
        /// A sign where the dialect has none.
        case unexpectedSign
        /// Beyond `Int64.max` nanoseconds (about 292 years), the range of the model's times.
        case tooLarge

        public var description: String {
            switch self {
            case .expectedNumber: return "expected a number"
            case .malformedNumber(let n): return "'\(n)' is not a number"
            case .missingUnit: return "expected a unit after the number"
            case .unknownUnit(let u): return "unknown unit '\(u)'"
            case .unexpectedSign: return "a sign is not allowed here"
            case .tooLarge: return "too large"
            }
        }
    }

    /// `text` in nanoseconds, read in `dialect`.
    public static func nanoseconds(_ text: some StringProtocol, _ dialect: Dialect) throws(Failure) -> Int64 {
        var rest = Substring(text)
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            guard dialect.signed else { throw .unexpectedSign }
            negative = first == "-"
            rest.removeFirst()
        }
        var total: Int64 = 0
        repeat {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard number.contains(where: \.isNumber) else { throw .expectedNumber }
            guard number.filter({ $0 == "." }).count <= 1 else { throw .malformedNumber(String(number)) }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            let scale: Int64
            if unit.isEmpty {
                guard let bare = dialect.bareNumberNanos, total == 0, rest.isEmpty else { throw .missingUnit }
                scale = bare
            } else {
                guard let known = dialect.units.first(where: { $0.name == unit }) else {
                    throw .unknownUnit(String(unit) + (dialect.compound ? "" : String(rest)))
                }
                scale = known.nanos
            }
            guard dialect.compound || rest.isEmpty else { throw .unknownUnit(String(unit) + String(rest)) }
            let (sum, overflow) = total.addingReportingOverflow(try scaled(number, by: scale))
            guard !overflow else { throw .tooLarge }
            total = sum
        } while !rest.isEmpty
        return negative ? -total : total
    }

    /// `digits` (with at most one point) × `scale` exactly, rounded half away from zero: the whole
    /// part times the scale, plus the fraction's digits times the scale over their power of ten
    /// (a 128-bit product, so no precision is lost on the way).
    static func scaled(_ digits: Substring, by scale: Int64) throws(Failure) -> Int64 {
        let point = digits.firstIndex(of: ".") ?? digits.endIndex
        var whole: Int64 = 0
        for c in digits[..<point] {
            let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(c.asciiValue! - 48))
            guard !o1, !o2 else { throw .tooLarge }
            whole = next
        }
        let (wholeNanos, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { throw .tooLarge }
        // Past 18 digits a fraction is below 10^-18 of a unit: it cannot change the nanoseconds.
        let fraction = point == digits.endIndex ? Substring() : digits[digits.index(after: point)...].prefix(18)
        guard !fraction.isEmpty else { return wholeNanos }
        var numerator: UInt64 = 0, denominator: UInt64 = 1
        for c in fraction {
            numerator = numerator * 10 + UInt64(c.asciiValue! - 48)
            denominator *= 10
        }
        // numerator < denominator, so the product's high word is below the divisor: no trap.
        let (quotient, remainder) = denominator.dividingFullWidth(numerator.multipliedFullWidth(by: UInt64(scale)))
        let rounded = Int64(quotient) + (remainder * 2 >= denominator ? 1 : 0)
        let (sum, overflow2) = wholeNanos.addingReportingOverflow(rounded)
        guard !overflow2 else { throw .tooLarge }
        return sum
    }
}
