import Foundation
import Markup
import TelemetryModel

/// Each resource's attribute table as the markup writer writes it, made once per report and
/// shared by every span card that shows the resource (`WaterfallPage.card`).
///
/// Why: every span card repeats its resource's table, and with fifteen resource attributes a
/// card (a collector in front of pods) those tables were a fifth of a waterfall page's bytes,
/// each built as nodes and escaped again for every card. The table's text is the writer's own
/// output for the same nodes, so the page's bytes are the same (`Node.trusted` is appended as
/// it is), and the values in it were escaped when it was written: hostile input stays inert.
final class ResourceTables: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [Int32: String] = [:]

    /// The table of `resource`, the snapshot's resource `index`, as written markup.
    func table(_ index: Int32, _ resource: Resource) -> Node {
        lock.lock()
        let known = written[index]
        lock.unlock()
        if let known { return .trusted(known) }
        let text = MarkupWriter.write(AttributeTable.table(resource.attributes))
        lock.lock()
        written[index] = text
        lock.unlock()
        return .trusted(text)
    }
}
