import Markup
import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// `ResourceTables` hands out each resource's attribute table as the writer writes it, once per
/// resource index: the page bytes must not change, and hostile values must stay escaped.
@Suite struct ResourceTablesTests {
    static let hostile = Resource(attributes: [
        Attribute(key: "service.name", value: .string("<script>alert('svc')</script>")),
        Attribute(key: "k8s.pod.name", value: .string("pod-{{title}}-\u{202E}")),
        Attribute(key: "host.cpu", value: .int(4)),
        Attribute(key: "note", value: .string(String(repeating: "y", count: 400))),
    ])

    @Test func aTableIsTheWritersOwnTextForTheSameNodes() {
        let tables = ResourceTables()
        let node = tables.table(3, Self.hostile)
        guard case .trusted(let text) = node else {
            Issue.record("expected written markup, got \(node)")
            return
        }
        #expect(text == MarkupWriter.write(AttributeTable.table(Self.hostile.attributes)))
        // Written inside a page, it is the same bytes as the nodes it stands for.
        let page = Node.el("section", .el("summary", .text("Resource")), node)
        let direct = Node.el("section", .el("summary", .text("Resource")), AttributeTable.table(Self.hostile.attributes))
        #expect(MarkupWriter.write(page) == MarkupWriter.write(direct))
        #expect(text.contains("&lt;script&gt;alert('svc')&lt;/script&gt;"))
        #expect(text.contains("pod-&#123;&#123;title&#125;&#125;-[U+202E]"))
        #expect(!text.contains("<script>"))
        #expect(text.contains("show all 400 characters"))
    }

    @Test func eachResourceIndexIsWrittenOnce() {
        let tables = ResourceTables()
        let first = MarkupWriter.write(tables.table(0, Self.hostile))
        // The index names the resource: a second call is given the table made by the first.
        let again = MarkupWriter.write(tables.table(0, Resource(attributes: [Attribute(key: "other", value: .bool(true))])))
        #expect(again == first)
        let other = MarkupWriter.write(tables.table(1, Resource(attributes: [Attribute(key: "other", value: .bool(true))])))
        #expect(other != first)
        #expect(other.contains("<code>other</code>"))
        // A resource without attributes is shown as the table function shows it.
        #expect(MarkupWriter.write(tables.table(2, Resource())) == MarkupWriter.write(AttributeTable.table([])))
    }

    @Test func largeTablesAndTablesPastTheBudgetAreWrittenAgainEachTime() {
        let small = Resource(attributes: [Attribute(key: "a", value: .string("1"))])
        let other = Resource(attributes: [Attribute(key: "b", value: .string("2"))])
        let smallText = MarkupWriter.write(AttributeTable.table(small.attributes))
        // A table of the limit's size or more is not kept: the index gives the resource passed.
        let tables = ResourceTables(tableLimit: smallText.utf8.count, totalLimit: 1 << 20)
        #expect(MarkupWriter.write(tables.table(0, small)) == smallText)
        #expect(MarkupWriter.write(tables.table(0, other)) == MarkupWriter.write(AttributeTable.table(other.attributes)))
        // Within the per-table limit, tables are kept until the total is reached.
        let budget = ResourceTables(tableLimit: 1 << 20, totalLimit: smallText.utf8.count)
        #expect(MarkupWriter.write(budget.table(0, small)) == smallText)
        #expect(MarkupWriter.write(budget.table(0, other)) == smallText)
        #expect(MarkupWriter.write(budget.table(1, other)) == MarkupWriter.write(AttributeTable.table(other.attributes)))
        #expect(MarkupWriter.write(budget.table(1, small)) == smallText)
    }

    @Test func pagesOnEveryCoreGetTheSameText() {
        let tables = ResourceTables()
        let expected = MarkupWriter.write(AttributeTable.table(Self.hostile.attributes))
        // Dispatch's workers, as the analysis's splits run (the pages run on `CoreSplit`'s).
        let results = Parallel.map(64) { k in MarkupWriter.write(tables.table(Int32(k % 4), Self.hostile)) == expected }
        #expect(results.allSatisfy { $0 })
    }
}
