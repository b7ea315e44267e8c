import Foundation
import Markup
import TelemetryModel

/// Each resource's attribute table as the markup writer writes it, made once per report and
/// shared by every span card that shows the resource (`WaterfallPage.card`).
///
/// Why: every span card repeats its resource's table, and with fifteen resource attributes a
/// card (a collector in front of pods) those tables were a fifth of a waterfall page's bytes,
/// each built as nodes and escaped again for every card (500k spans, 20 services × 3 pods: the
/// render phase 0.404 → 0.384 s of CPU against the build before, 10 runs each; the whole process
/// 0.979× the CPU time, its wall time within the spread; issue 7). The table's text is the writer's own output
/// for the same nodes, so the page's bytes are the same (`Node.trusted` is appended as it is),
/// and the values in it were escaped when it was written: hostile input stays inert.
///
/// Kept only while small: a table of `keptTableBytes` or more (a resource with a megabyte value)
/// is written again for each card, as before, and the tables kept stop at `keptBytes` in all, so
/// the texts held for the whole render stay bounded whatever the resources hold.
final class ResourceTables: @unchecked Sendable {
    static let keptTableBytes = 64 << 10
    static let keptBytes = 4 << 20

    private let lock = NSLock()
    private var written: [Int32: String] = [:]
    private var heldBytes = 0
    private let tableLimit: Int, totalLimit: Int

    /// `tableLimit` and `totalLimit`: `keptTableBytes` and `keptBytes` (tests give smaller ones).
    init(tableLimit: Int = keptTableBytes, totalLimit: Int = keptBytes) {
        self.tableLimit = tableLimit
        self.totalLimit = totalLimit
    }

    /// The table of `resource`, the snapshot's resource `index`, as written markup.
    func table(_ index: Int32, _ resource: Resource) -> Node {
        lock.lock()
        let known = written[index]
        lock.unlock()
        if let known { return .trusted(known) }
        let text = MarkupWriter.write(AttributeTable.table(resource.attributes))
        let size = text.utf8.count
        if size < tableLimit {
            lock.lock()
            if written[index] == nil && heldBytes + size <= totalLimit {
                written[index] = text
                heldBytes += size
            }
            lock.unlock()
        }
        return .trusted(text)
    }
}
