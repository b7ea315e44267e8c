import CLibXML2
import CParseArena
import Foundation
import Vocabulary

/// The one door to libxml2 in this module.
///
/// libxml2 (built with thread support, as Debian's is) keeps its error handlers and last-error
/// record in per-thread globals, and a parser context must not be shared between threads. So
/// ``withParsedDocument(_:body:)`` gives each call its own context and installs the structured
/// error handler on the calling thread only (resetting it before returning): pages can be
/// parsed on several threads at once, each collecting its own diagnostics. `xmlInitParser` runs
/// once, before any parse.
enum LibXML2 {
    /// One diagnostic from libxml2's structured error callback.
    struct Diagnostic: Sendable {
        var line: Int
        /// libxml2 puts the column in `int2` ("error column # or 0 if N/A", xmlerror.h).
        var column: Int
        var code: Int
        var isWarning: Bool
        var message: String
    }

    /// Once, before anything else in libxml2 allocates: the arena's allocator
    /// (`parse_arena.c`), then `xmlInitParser`, which sets up the library's global tables.
    ///
    /// The tree of a page is one `malloc` per element, attribute, attribute text and name, and
    /// `xmlFreeDoc` frees them one by one: malloc, free and their bins were 23% of the CPU time
    /// of checking the 232 pages of a 500k-span render of deep traces (issue 7). Between
    /// `parse_arena_begin` and `parse_arena_end` a thread's blocks come from 2 MiB chunks instead;
    /// at other times, and for blocks above 64 KiB, the functions are malloc's.
    private static let initialized: Void = {
        xmlMemSetup(parse_arena_free, parse_arena_malloc, parse_arena_realloc, parse_arena_strdup)
        xmlInitParser()
    }()

    /// The libxml2 version the module was compiled against (`LIBXML_DOTTED_VERSION`; the
    /// run-time `xmlParserVersion` global is not importable into Swift).
    static var dottedVersion: String { LIBXML_DOTTED_VERSION }

    /// Parser options: no network (`XML_PARSE_NONET`); no DTD loading or entity substitution
    /// (neither `XML_PARSE_DTDLOAD` nor `XML_PARSE_NOENT`), so nothing outside the bytes is read;
    /// `XML_PARSE_BIG_LINES` so line numbers above 65 535 stay right; `XML_PARSE_COMPACT` keeps
    /// short text (up to 15 bytes: a duration, a count, the space between tags) inside its node
    /// instead of a string of its own, which forbids changing the tree, as nothing here does.
    private static let baseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)

    /// `XML_PARSE_HUGE` lifts the 10 MB text-node and 256-level depth limits, which a large
    /// trace page can exceed; it also relaxes libxml2's entity-expansion guards, so it is only
    /// used when the page declares no entities (a polyglot page has only `<!DOCTYPE html>`).
    static func options(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        // Sixteen starts at a time (`ByteSearch`): the pages are megabytes, almost none of it markup.
        let declaresEntities = ByteSearch.first("<!ENTITY", in: bytes) != nil
        return declaresEntities ? baseOptions : baseOptions | Int32(XML_PARSE_HUGE.rawValue)
    }

    /// Collects diagnostics; reached from the C callback through its `userData` pointer.
    private final class Collector {
        var diagnostics: [Diagnostic] = []
    }

    /// Parses `bytes` strictly as XML (UTF-8) and runs `body` on the tree (on the calling thread).
    ///
    /// The document is `nil` when the page is not well-formed: without `XML_PARSE_RECOVER`,
    /// libxml2 frees a tree that is not well-formed. The tree is freed after `body`.
    ///
    /// `knownUTF8`: the bytes are valid UTF-8 (a Swift string's), so no encoding is forced and
    /// libxml2 reads them as UTF-8 directly (a page without a declaration or byte-order mark is
    /// UTF-8 to it) rather than copying them through its converter: on a page of megabytes that
    /// copy was twice the page.
    static func withParsedDocument<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        knownUTF8: Bool = false,
        body: (xmlDocPtr?, [Diagnostic]) -> Result
    ) -> Result {
        let parseOptions = options(for: bytes)
        _ = initialized

        let collector = Collector()
        let handler: xmlStructuredErrorFunc = { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let record = error.pointee
            let text = record.message.map { String(cString: $0) } ?? "libxml2 error \(record.code)"
            collector.diagnostics.append(
                Diagnostic(
                    line: Int(record.line),
                    column: Int(record.int2),
                    code: Int(record.code),
                    isWarning: record.level == XML_ERR_WARNING,
                    message: text.trimmingCharacters(in: .whitespacesAndNewlines)
                ))
        }
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), handler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        // From here the thread's libxml2 blocks are the arena's (its globals exist: setting the
        // error handler made them). Deferred before the context and the document, so it runs
        // after both are freed; the thread's copy of the last error goes first, as its strings
        // are the arena's and the next error would free them.
        parse_arena_begin()
        defer {
            xmlResetLastError()
            parse_arena_end()
        }

        // The document goes after the context (deferred before it), and before the arena's end.
        var document: xmlDocPtr?
        defer { if let document { release(document) } }
        guard let context = xmlNewParserCtxt() else {
            return body(
                nil, [Diagnostic(line: 0, column: 0, code: 2, isWarning: false, message: "libxml2 could not allocate a parser context")])
        }
        defer { xmlFreeParserCtxt(context) }
        // Text inside a data block (`<script type="application/json">`) is parsed, and its
        // well-formedness errors reported, like any other, but not kept in the tree: no rule
        // reads it (the rules on text scan the page's bytes, and the policy's hashes are of
        // executable scripts only), and the trace page's block is 13 MB at 500k spans, which
        // libxml2 would copy into a text node grown by doubling: most of the check's peak
        // memory (issue 7). See `clibxml2_keep_data_blocks_out_of_tree` in the shim.
        clibxml2_keep_data_blocks_out_of_tree(context)

        // Only where nothing could make libxml2 pick another encoding (no declaration, no BOM).
        let direct = knownUTF8 && !bytes.starts(with: "<?xml".utf8) && (bytes.first ?? 0) < 0x80
        // Where the bytes are read as they are, a data block's plain text is handed over as its
        // newlines alone (`DataBlockText`).
        let steps = direct ? DataBlockText.steps(in: bytes) : []
        // Empty bytes may have no base address; libxml2 returns NULL for a NULL buffer without
        // raising an error, so it is handed a valid pointer and a length of 0.
        var nul: CChar = 0
        document = withUnsafeMutablePointer(to: &nul) { empty in
            let start = UnsafeRawPointer(bytes.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) } ?? UnsafePointer(empty)
            return steps.withUnsafeBufferPointer { steps in
                clibxml2_read_memory_in_pieces(
                    context, start, bytes.count, steps.baseAddress, steps.count / 3, direct ? nil : "UTF-8", parseOptions)
            }
        }

        var diagnostics = collector.diagnostics
        if document == nil, diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(line: 0, column: 0, code: 0, isWarning: false, message: "libxml2 rejected the document without a message"))
        }
        return body(document, diagnostics)
    }

    /// Lets a parsed document go, its parser context already freed. When every block served
    /// since the arena began and not freed is the arena's (none of malloc's: a page without a
    /// text or attribute of over 64 KiB), the document is only memory that the arena's end takes
    /// back whole, and is left to it; otherwise `xmlFreeDoc` frees it node by node. Walking a
    /// waterfall's tree only to hand each block back to the arena, which ignores it, was 0.8% of
    /// a 500k-span render's instructions (issue 7).
    private static func release(_ document: xmlDocPtr) {
        if parse_arena_holds_every_block() == 0 { xmlFreeDoc(document) }
    }
}
