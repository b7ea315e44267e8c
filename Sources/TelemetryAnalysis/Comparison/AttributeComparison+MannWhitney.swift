/// The Mann–Whitney probability of superiority, by ranking two samples together or by walking an
/// operation's duration order.
extension AttributeComparison {
    /// P(X > Y) + ½ P(X = Y) for X drawn from `x` and Y from `y`, by ranking both together
    /// (average ranks for ties): U = R_x − n_x(n_x + 1)/2, P = U / (n_x n_y).
    public static func probabilityOfSuperiority(_ x: [Int64], _ y: [Int64]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0.5 }
        let ranks = Spearman.ranks((x + y).map(Double.init))
        let rx = ranks.prefix(x.count).reduce(0, +)
        let nx = Double(x.count), ny = Double(y.count)
        return (rx - nx * (nx + 1) / 2) / (nx * ny)
    }

    /// `probabilityOfSuperiority(_:_:)` for two groups of an operation's spans (indexes into
    /// `durations`), ranked by walking the operation's duration order once instead of sorting
    /// the two groups together. Ranks are halves and their sums stay far below 2^53, so the
    /// sum — and the result — is exactly what the sorting version computes. `sorted`: the
    /// durations in `order` (`sorted[k] == durations[order[k]]`) when the caller has them, read
    /// in order instead of span by span.
    static func probabilityOfSuperiority(_ x: [Int], _ y: [Int], order: [Int], durations: [Int64], sorted: [Int64]? = nil) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0.5 }
        let inOrder = sorted ?? order.map { durations[$0] }
        var side = [UInt8](repeating: 0, count: durations.count)  // 1: x, 2: y
        for i in x { side[i] = 1 }
        for i in y { side[i] = 2 }
        var rx = 0.0
        var position = 0  // 1-based rank of the last element placed
        var k = 0
        while k < order.count {
            // One run of equal durations, counting only x and y members.
            var end = k
            var inX = 0, inRun = 0
            let d = inOrder[k]
            while end < order.count && inOrder[end] == d {
                let s = side[order[end]]
                if s != 0 { inRun += 1 }
                if s == 1 { inX += 1 }
                end += 1
            }
            if inRun > 0 {
                let rank = Double(2 * position + inRun + 1) / 2  // average of position+1 … position+inRun
                rx += rank * Double(inX)
                position += inRun
            }
            k = end
        }
        let nx = Double(x.count), ny = Double(y.count)
        return (rx - nx * (nx + 1) / 2) / (nx * ny)
    }

    /// `probabilityOfSuperiority(_:_:order:durations:)` for two groups given by number, from each
    /// span's group in duration order (`groupByRank[k]`: the group of span `order[k]`, as
    /// `latencyByGroup` reads it) and the durations in that order: both read in order, so no
    /// span is looked up by position. `x` and `y` are the members of groups `gx` and `gy`
    /// (`nx`, `ny` of them); the walk and the sum are those of the other versions, exactly.
    ///
    /// The sum is kept as twice itself in an integer, and a span's group decides what it adds
    /// rather than which way the walk goes: the groups come in no order, so each span's tests
    /// were a guess the processor often got wrong (the categorical comparisons' largest cost,
    /// issue 7). Ranks are halves, so twice the sum is a whole number, below 2^53 for fewer
    /// than 2^26 spans, and halving it gives exactly the sum the other versions add up.
    static func probabilityOfSuperiority(group gx: Int32, _ gy: Int32, nx: Int, ny: Int, groupByRank: [Int32], sorted: [Int64]) -> Double {
        guard nx > 0, ny > 0 else { return 0.5 }
        let n = sorted.count
        guard n < 1 << 26, groupByRank.count >= n else {
            return probabilityOfSuperiorityAdding(group: gx, gy, nx: nx, ny: ny, groupByRank: groupByRank, sorted: sorted)
        }
        var twiceRx = 0
        var position = 0  // 1-based rank of the last element placed
        groupByRank.withUnsafeBufferPointer { groups in
            sorted.withUnsafeBufferPointer { sorted in
                var k = 0
                while k < n {
                    // One run of equal durations, counting only x and y members.
                    let d = sorted[k]
                    var inX = 0, inRun = 0
                    var end = k
                    repeat {
                        let g = groups[end]
                        let isX = g == gx ? 1 : 0
                        inX &+= isX
                        inRun &+= isX | (g == gy ? 1 : 0)
                        end &+= 1
                    } while end < n && sorted[end] == d
                    // Twice the average of ranks position+1 … position+inRun, for each x member
                    // (nothing when the run has none).
                    twiceRx &+= (2 &* position &+ inRun &+ 1) &* inX
                    position &+= inRun
                    k = end
                }
            }
        }
        let fx = Double(nx), fy = Double(ny)
        return (Double(twiceRx) / 2 - fx * (fx + 1) / 2) / (fx * fy)
    }

    /// The same walk with the sum added up in floating point (halves, exact below 2^53), for
    /// operations of 2^26 spans or more.
    static func probabilityOfSuperiorityAdding(
        group gx: Int32, _ gy: Int32, nx: Int, ny: Int, groupByRank: [Int32], sorted: [Int64]
    ) -> Double {
        guard nx > 0, ny > 0 else { return 0.5 }
        var rx = 0.0
        var position = 0  // 1-based rank of the last element placed
        var k = 0
        let n = sorted.count
        while k < n {
            var end = k
            var inX = 0, inRun = 0
            let d = sorted[k]
            while end < n && sorted[end] == d {
                let g = groupByRank[end]
                if g == gx {
                    inX += 1
                    inRun += 1
                } else if g == gy {
                    inRun += 1
                }
                end += 1
            }
            if inRun > 0 {
                let rank = Double(2 * position + inRun + 1) / 2
                rx += rank * Double(inX)
                position += inRun
            }
            k = end
        }
        let fx = Double(nx), fy = Double(ny)
        return (rx - fx * (fx + 1) / 2) / (fx * fy)
    }
}
