import Testing

@testable import TelemetryModel

/// The attribute values by column (issue 7, memory): every value reads back as the same
/// `StoredValue`, bit for bit.
@Suite struct StoredValuesTests {
    static let samples: [StoredValue] = [
        .string(0), .string(UInt32.max), .bool(true), .bool(false), .int(0), .int(-1), .int(Int64.min), .int(Int64.max),
        .double(0.5), .double(-0.0), .double(.infinity), .double(-.infinity), .double(Double(nan: 0x1234, signaling: false)),
        .other(7), .other(UInt32.max), .empty,
    ]

    @Test func everyKindOfValueReadsBackUnchanged() {
        let values = StoredValues(Self.samples)
        #expect(values.count == Self.samples.count && values.kinds.count == values.payloads.count)
        for (j, expected) in Self.samples.enumerated() {
            let back = values[j]
            if case .double(let d) = expected {
                // NaN is not equal to itself: compare the bits.
                guard case .double(let e) = back else {
                    Issue.record("entry \(j) read back as \(back)")
                    continue
                }
                #expect(e.bitPattern == d.bitPattern)
            } else {
                #expect(back == expected)
            }
        }
        #expect(values[1] == .string(UInt32.max) && values[1] != .other(UInt32.max))
        #expect(values[3] == .bool(false) && values[4] == .int(0) && values[15] == .empty)
    }

    @Test func anEntryCanBeReplacedByAValueOfAnotherKind() {
        var values = StoredValues([.int(3), .string(4), .empty])
        values[1] = .double(2.5)
        values[0] = .empty
        #expect(Array(values) == [.empty, .double(2.5), .empty])
        values.append(contentsOf: [StoredValue.bool(true)])
        #expect(Array(values) == [.empty, .double(2.5), .empty, .bool(true)])
        #expect(values == StoredValues([.empty, .double(2.5), .empty, .bool(true)]))
    }
}
