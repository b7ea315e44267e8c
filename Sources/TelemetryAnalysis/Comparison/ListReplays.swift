import TelemetryModel
import Vocabulary

/// What one attribute comparison learned from each attribute list the first time an operation's
/// spans met it (each entry's key slot and value), so that the spans sharing that list are
/// counted from the record instead of reading, numbering and testing their attributes again.
///
/// Why: the span table stores each distinct attribute list once and lets spans share it
/// (`SpanTable.shareRepeatedAttributeLists`), and an operation's spans mostly repeat a few dozen
/// lists. Gathering each span's keys and values was most of the comparisons' work, and they were
/// the analysis phase's largest item (2M collector spans: 40% of its CPU; issue 7). Spans that
/// share a list share its range, and two spans with the same range have the same entries, so a
/// replay is exact.
///
/// Where lists are not shared (every span's attributes differ), no range comes back: after
/// `trialLists` lists with fewer repeats than lists, the record stops, and each span costs one
/// test of a flag.
struct ListReplays {
    /// One attribute of a recorded list: its key's slot (`KeySlots`), whether it is the first of
    /// its key in the list (only the first value of a key on a span is kept), and its value.
    struct Entry {
        var slot: Int32
        var first: Bool
        var value: StoredValue
    }

    /// How many lists are recorded before the record may give up: it does when, by then, fewer
    /// spans have repeated a recorded list than there are lists.
    static let trialLists = 4096

    private var listOfRange = IntegerMap(capacity: 64)
    /// Recorded list `r` is `entries[bounds[r]..<bounds[r + 1]]`.
    private var bounds: [Int] = [0]
    private(set) var entries: [Entry] = []
    private var repeats = 0
    /// How many spans replayed each recorded list (`recorded` found it): what the callers add
    /// on top of the list's first reading.
    private(set) var uses: [Int] = []
    /// False once the record gave up.
    private(set) var recording = true

    /// The number of the list recorded for `range` (its entries are `entries(of:)`); nil when
    /// it is new (the caller reads it, then `add`s its entries and `finish`es it) or when the
    /// record has given up. Lists recorded before it gave up keep their entries.
    mutating func recorded(_ range: ArenaRange) -> Int? {
        guard recording else { return nil }
        if let r = listOfRange.value(low: Self.word(range)) {
            repeats += 1
            uses[Int(r)] += 1
            return Int(r)
        }
        let lists = bounds.count - 1
        if lists >= Self.trialLists && repeats < lists { recording = false }
        return nil
    }

    /// How many lists were recorded.
    var count: Int { bounds.count - 1 }

    /// The entries of recorded list `list`, as positions in `entries`.
    func entries(of list: Int) -> Range<Int> { bounds[list]..<bounds[list + 1] }

    /// One entry of the list being read, in the list's order.
    mutating func add(slot: Int, value: StoredValue) {
        guard recording else { return }
        let start = bounds[bounds.count - 1]
        var first = true
        for k in start..<entries.count where entries[k].slot == Int32(slot) {
            first = false
            break
        }
        entries.append(Entry(slot: Int32(slot), first: first, value: value))
    }

    /// Closes the list being read: later spans with the same range replay it.
    mutating func finish(_ range: ArenaRange) {
        guard recording else { return }
        _ = listOfRange.value(low: Self.word(range), insertingIfAbsent: Int32(bounds.count - 1))
        bounds.append(entries.count)
        uses.append(0)
    }

    /// Per recorded list, the first value of the key in `slot` (nil where the list lacks it),
    /// for the lists some span replayed (`uses[list] > 0`); nil for the others.
    func firstValues(of slot: Int, among uses: [Int]) -> [StoredValue?] {
        var values = [StoredValue?](repeating: nil, count: count)
        for list in 0..<count where uses[list] > 0 {
            values[list] = entries[entries(of: list)].first { $0.slot == Int32(slot) && $0.first }?.value
        }
        return values
    }

    private static func word(_ range: ArenaRange) -> UInt64 { UInt64(range.start) << 32 | UInt64(range.count) }
}
