import Foundation
import TelemetryModel
import Vocabulary

/// The streaming reader's rounds as one stream of tasks that every core takes from, with no
/// barrier between rounds (issue 7).
///
/// A round is a window of the data (`StreamSource`: a plain file's mapped, a compressed file's
/// decompressed) cut at its last newline and split into runs of
/// whole lines. Three kinds of task: mapping the next round's window, decoding a run, and merging
/// a finished round's parts into the builder. A core takes, in this order of preference: the
/// merge of the oldest finished round (merges run one at a time, in file order), the next
/// window's mapping (at most two windows are mapped: the round being decoded and the next),
/// then the next run in file order of the two oldest rounds (so the parts of at most two rounds
/// wait beside the builder, as when each round was a split of its own). A round's window is
/// unmapped as soon as its last run is decoded, which lets the window after the next be mapped.
///
/// Why: the rounds used to be one split each (`CoreSplit.map` over the previous round's merge,
/// the next window's mapping and the round's runs), so at each of the 40 rounds of a 500k-span
/// file one core waited for the other's last task, and between rounds for the caller alone
/// (unmapping the old window, cutting the next, waking the helper): 16 core-ms idle inside the
/// rounds and 15 ms between them, of a 0.12 s read phase; as one stream, 0.124 -> 0.107 s, and
/// the whole render 0.966x (20 pairs) at the same peak. Which core decodes what never shows in
/// the result: parts are merged in file order.
final class StreamPipeline: @unchecked Sendable {
    private let source: any StreamSource
    private let workers: Int
    private let blockSize: Int
    private let condition = NSCondition()

    /// One window of the file and what has become of its runs.
    private final class Round {
        var window: StreamWindow?
        let runs: [Range<Int>]
        /// The bytes of whole lines the round covers (its progress and the merge's measure).
        let cut: Int
        var parts: [OTLPJSONLinesStream.Part?]
        /// The next run to hand out, and how many are not decoded yet.
        var nextRun = 0
        var unfinished: Int

        init(window: StreamWindow?, runs: [Range<Int>], cut: Int) {
            self.window = window
            self.runs = runs
            self.cut = cut
            parts = Array(repeating: nil, count: runs.count)
            unfinished = runs.count
        }
    }

    // Everything below is read and written under `condition`'s lock, except `builder` and
    // `totals`, which only the one core merging (`merging`) touches.
    /// Rounds mapped and not yet merged, in file order.
    private var rounds: [Round] = []
    /// A round's bytes; grown (and kept) when a window holds too few lines.
    private var windowBytes: Int
    /// Where the next window starts; nil once the last window is mapped.
    private var nextStart: Int? = 0
    private var mapping = false
    /// Windows kept by rounds and not yet unmapped (a mapping in progress is `mapping`).
    private var mappedWindows = 0
    private var merging = false
    private var failed = false
    private var builder = SnapshotBuilder()
    private var totals: OTLPJSONLinesStream.Totals
    /// What the last merged round's last run knew, given to every run taken after it.
    private var known = OTLPJSONLinesStream.KnownObjects()

    init(source: any StreamSource, blockSize: Int, workers: Int) {
        self.source = source
        self.workers = workers
        self.blockSize = blockSize
        windowBytes = workers * blockSize + (1 << 20)
        totals = OTLPJSONLinesStream.Totals()
    }

    /// Every round decoded and merged; nil when a window could not be mapped or a run did not
    /// decode cleanly (the caller then reads the file the ordinary way).
    func run() -> (builder: SnapshotBuilder, totals: OTLPJSONLinesStream.Totals)? {
        // The first window is mapped before the cores start, so they find runs at once.
        guard mapNext() else { return nil }
        _ = CoreSplit.map(workers) { _ in work() }
        guard !failed else { return nil }
        // Moved out, so that the builder's columns have one owner when they are sorted.
        var moved = SnapshotBuilder()
        swap(&moved, &builder)
        return (moved, totals)
    }

    private enum Task {
        case merge(Round)
        case map
        /// A run of a round, with the bytes of the round's window, which the round keeps mapped
        /// until its last run is decoded.
        case decode(Round, Int, UnsafeBufferPointer<UInt8>, OTLPJSONLinesStream.KnownObjects)
    }

    /// Takes tasks until every round is merged or one failed.
    private func work() {
        condition.lock()
        while true {
            guard !failed, nextStart != nil || !rounds.isEmpty else { break }
            guard let task = take() else {
                condition.wait()
                continue
            }
            condition.unlock()
            let done: Bool
            switch task {
            case .merge(let round):
                totals.merge((round.parts.map { $0! }, round.cut), into: &builder, expectedSize: source.expectedSize)
                done = true
            case .map:
                done = mapNext()
            case .decode(let round, let k, let bytes, let known):
                done = finish(round, k, OTLPJSONLinesStream.decodeRun(bytes, round.runs[k], known: known))
            }
            condition.lock()
            if case .merge(let round) = task {
                merging = false
                rounds.removeFirst()
                if let last = round.parts.last { known = last!.known }
            }
            if case .map = task { mapping = false }
            if !done { failed = true }
            condition.broadcast()
        }
        condition.unlock()
    }

    /// The next task, or nil when there is none to take now; called under the lock.
    private func take() -> Task? {
        if !merging, let oldest = rounds.first, oldest.unfinished == 0 {
            merging = true
            return .merge(oldest)
        }
        // Two windows at most: the next is mapped once the older one's runs are all decoded (and
        // its parts merged or being merged, so that parts never wait for more than one merge).
        if !mapping, nextStart != nil, rounds.count < 3, mappedWindows < 2 {
            mapping = true
            return .map
        }
        // Runs of the two oldest rounds only: while a round is merged, the round after the next
        // waits, so decoded parts of at most two rounds are held beside the builder.
        for round in rounds.prefix(2) where round.nextRun < round.runs.count {
            round.nextRun += 1
            return .decode(round, round.nextRun - 1, round.window!.bytes, known)
        }
        return nil
    }

    /// Keeps a decoded run; unmaps the round's window after its last run. False when the run
    /// did not decode.
    private func finish(_ round: Round, _ k: Int, _ part: OTLPJSONLinesStream.Part?) -> Bool {
        guard let part else { return false }
        condition.lock()
        round.parts[k] = part
        round.unfinished -= 1
        var window: StreamWindow?
        if round.unfinished == 0 { swap(&window, &round.window) }
        condition.unlock()
        // Unmapped here, outside the lock, and only then counted out.
        if window != nil {
            source.decoded(round.cut)
            window = nil
            condition.lock()
            mappedWindows -= 1
            condition.unlock()
        }
        return true
    }

    /// Maps the window at `nextStart`, cut at its last newline, and adds its round; false when
    /// the file must be read the ordinary way. A window holding no newline, or fewer lines than
    /// cores (a line is decoded by one core), is mapped again larger, by half again (at least a
    /// round's blocks): two windows are the read's peak on 4 MB lines, and doubling took them
    /// to 20 MiB each where 13.5 holds two lines (500k spans in 4 MB lines: peak 99-102 MiB
    /// against 102-106). A line longer than `longestLine` (a whole document on one line) goes
    /// to the whole-file reader.
    private func mapNext() -> Bool {
        condition.lock()
        let start = nextStart!
        var size = windowBytes
        condition.unlock()
        while true {
            guard let window = source.window(from: start, count: size) else { return false }
            let bytes = window.bytes, atEnd = window.atEnd
            if bytes.isEmpty {
                condition.lock()
                nextStart = nil
                condition.unlock()
                return true
            }
            // Whole lines only, unless this is the end of the file.
            let cut =
                atEnd
                ? bytes.count
                : OTLPJSONLinesStream.newline(in: bytes.baseAddress!, 0..<bytes.count, last: true).map { $0 + 1 } ?? 0
            if cut == 0
                || (!atEnd && bytes.count < OTLPJSONLinesStream.maximumGrowth * workers * blockSize
                    && !OTLPJSONLinesStream.holdsLines(workers, bytes, cut))
            {
                if atEnd || (cut == 0 && bytes.count >= OTLPJSONLinesStream.longestLine) { return false }
                size = bytes.count + max(workers * blockSize, bytes.count / 2)
                continue
            }
            let from = start == 0 ? OTLPJSONFormat.bomLength(bytes) : 0
            let runs = OTLPJSONLinesStream.splitAtLines(
                bytes, from: from, to: cut, into: workers * OTLPJSONLinesStream.runsPerCore)
            // A round with no run (a file of a byte-order mark alone) keeps no window.
            let round = Round(window: runs.isEmpty ? nil : window, runs: runs, cut: cut)
            condition.lock()
            if !runs.isEmpty { mappedWindows += 1 }
            windowBytes = size
            rounds.append(round)
            nextStart = atEnd ? nil : start + cut
            condition.unlock()
            return true
        }
    }
}
