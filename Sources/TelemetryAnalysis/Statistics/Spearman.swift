/// Spearman's rank correlation with average ranks for ties.
public enum Spearman {
    public static func correlation(_ pairs: [(Double, Double)]) -> Double? {
        guard pairs.count >= 3 else { return nil }
        let rx = ranks(pairs.map(\.0)), ry = ranks(pairs.map(\.1))
        let n = Double(pairs.count)
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties sharing the average of their positions.
    ///
    /// The values are put in order by a radix sort of keys that order as the values do
    /// (`sortKey`) when none is NaN: a comparison sort of the indexes was 8% of the analysis's
    /// time with a numeric attribute of many values (a random status code on 500k spans, issue
    /// 7). Ranks depend only on which values tie, never on the order of tied values, so both
    /// sorts give the same ranks; with a NaN, whose place a comparison sort decides, it is used.
    public static func ranks(_ values: [Double]) -> [Double] {
        if values.count >= RadixSort.minimumCount && !values.contains(where: \.isNaN) {
            return ranks(values, order: RadixSort.sortedWithOrder(values.map(sortKey)).order)
        }
        return ranks(values, order: values.indices.sorted { values[$0] < values[$1] })
    }

    /// A key whose order is the value's: the bits of a positive double (and +0), and those of a
    /// negative one with all but the sign flipped (−0 just below +0, which the ranks then tie).
    static func sortKey(_ value: Double) -> Int64 {
        let bits = Int64(bitPattern: value.bitPattern)
        return bits < 0 ? bits ^ Int64.max : bits
    }

    /// The ranks of `values` taken in `order` (ascending; ties together).
    private static func ranks(_ values: [Double], order: [Int]) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { result[order[k]] = rank }
            i = j + 1
        }
        return result
    }
}
