import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// `ListReplays`: a list is recorded once and found again by its range; a key's second entry in
/// a list is not its first; and where lists do not repeat the record gives up.
@Suite struct ListReplaysTests {
    @Test func aRecordedListIsFoundByItsRangeWithItsEntriesInOrder() {
        var replays = ListReplays()
        let list = ArenaRange(start: 10, count: 3)
        #expect(replays.recorded(list) == nil)
        replays.add(slot: 0, value: .string(4))
        replays.add(slot: 1, value: .int(7))
        replays.add(slot: 0, value: .string(5))  // the key again: not its first
        replays.finish(list)
        let other = ArenaRange(start: 13, count: 1)
        #expect(replays.recorded(other) == nil)
        replays.add(slot: 2, value: .bool(true))
        replays.finish(other)

        let found = replays.recorded(list)
        #expect(found == 0)
        #expect(replays.count == 2)
        let entries = found.map { Array(replays.entries[replays.entries(of: $0)]) } ?? []
        #expect(entries.map(\.slot) == [0, 1, 0])
        #expect(entries.map(\.first) == [true, true, false])
        #expect(entries.map(\.value) == [.string(4), .int(7), .string(5)])
        #expect(replays.recorded(other) == 1)
        #expect(replays.entries(of: 1) == 3..<4)
        // Each list was replayed once (its first reading is not a replay).
        #expect(replays.uses == [1, 1])
        // Each list's first value of a key, for the lists some span replayed.
        #expect(replays.firstValues(of: 0, among: [1, 1]) == [.string(4), nil])
        #expect(replays.firstValues(of: 2, among: [1, 1]) == [nil, .bool(true)])
        #expect(replays.firstValues(of: 2, among: [1, 0]) == [nil, nil])
        // The same start with another count is another list.
        #expect(replays.recorded(ArenaRange(start: 10, count: 2)) == nil)
    }

    @Test func theRecordGivesUpWhereListsDoNotRepeat() {
        var replays = ListReplays()
        for k in 0..<ListReplays.trialLists {
            let list = ArenaRange(start: UInt32(k), count: 1)
            #expect(replays.recorded(list) == nil)
            replays.add(slot: 0, value: .int(Int64(k)))
            replays.finish(list)
        }
        #expect(replays.recording)
        // A new list after the trial's, with no repeat: the record stops and finds nothing more.
        #expect(replays.recorded(ArenaRange(start: 999_999, count: 1)) == nil)
        #expect(!replays.recording)
        #expect(replays.recorded(ArenaRange(start: 0, count: 1)) == nil)
        // What was recorded stays readable: spans may have replayed those lists before.
        #expect(replays.count == ListReplays.trialLists)
        #expect(replays.entries[replays.entries(of: 7)].map(\.value) == [.int(7)])
    }

    @Test func listsThatRepeatKeepTheRecordGoingPastTheTrial() {
        var replays = ListReplays()
        for k in 0..<(2 * ListReplays.trialLists) {
            let list = ArenaRange(start: UInt32(k), count: 1)
            #expect(replays.recorded(list) == nil)
            replays.add(slot: 0, value: .int(Int64(k)))
            replays.finish(list)
            #expect(replays.recorded(list) == k)  // each list met twice
        }
        #expect(replays.recording)
    }
}
