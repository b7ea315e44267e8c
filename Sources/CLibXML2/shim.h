#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* xmlversion.h first, then drop ICU: Debian's encoding.h would pull in the system
   <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's bundled ICU (FACTS.md). */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/HTMLparser.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe. */
static inline void clibxml2_free(void *p) { xmlFree(p); }

#include <string.h>
#include <libxml/SAX2.h>

/* Whether `node` is a <script> whose `type` attribute is exactly "application/json" (a data
   block), read from the tree without allocating: this runs for every run of text. */
static inline int clibxml2_is_data_block(xmlNodePtr node) {
    if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL ||
        strcmp((const char *)node->name, "script") != 0)
        return 0;
    for (xmlAttrPtr attribute = node->properties; attribute != NULL; attribute = attribute->next) {
        if (attribute->ns != NULL || attribute->name == NULL || strcmp((const char *)attribute->name, "type") != 0)
            continue;
        xmlNodePtr value = attribute->children;
        if (value == NULL || value->next != NULL || value->type != XML_TEXT_NODE || value->content == NULL) return 0;
        return strcmp((const char *)value->content, "application/json") == 0;
    }
    return 0;
}

/* SAX2's text handler, except that text inside a data block is dropped (after libxml2 has
   parsed and checked it). */
static void clibxml2_characters(void *context, const xmlChar *text, int length) {
    xmlParserCtxtPtr parser = (xmlParserCtxtPtr)context;
    if (parser != NULL && clibxml2_is_data_block(parser->node)) return;
    xmlSAX2Characters(context, text, length);
}

/* Both `characters` and `ignorableWhitespace` get the same function, as both were
   `xmlSAX2Characters` before, so libxml2's handling of blank text does not change. */
static inline void clibxml2_keep_data_blocks_out_of_tree(xmlParserCtxtPtr parser) {
    if (parser == NULL || parser->sax == NULL) return;
    parser->sax->characters = clibxml2_characters;
    parser->sax->ignorableWhitespace = clibxml2_characters;
}

/* A page in memory read by libxml2 in pieces: `xmlCtxtReadMemory` (libxml2 2.9) first copies the
   whole page into its input buffer, while an I/O input is read as the parser goes and what it
   has consumed is let go, so a page of megabytes is not held twice while it is checked.

   `steps` (triples of offsets: start, end, newlines; in page order) are stretches of a data
   block's text that were found to be plain text (`DataBlockText` in HTMLValidation: printable
   ASCII and newlines, no markup character, no `--`): instead of their bytes the parser is
   handed only their newlines, so every line and column after them is what it would have been,
   and text that no rule reads (it is dropped from the tree) is not scanned character by
   character by libxml2. */
typedef struct {
    const char *base;
    size_t offset;
    size_t count;
    const size_t *steps;
    size_t step_count;
    size_t step;
    size_t newlines;
} clibxml2_memory_reader;

static int clibxml2_memory_read(void *context, char *buffer, int length) {
    clibxml2_memory_reader *reader = (clibxml2_memory_reader *)context;
    size_t want = length < 0 ? 0 : (size_t)length, given = 0;
    while (given < want) {
        if (reader->newlines > 0) {
            size_t n = reader->newlines < want - given ? reader->newlines : want - given;
            memset(buffer + given, '\n', n);
            reader->newlines -= n;
            given += n;
            continue;
        }
        size_t stop = reader->count;
        if (reader->step < reader->step_count) {
            const size_t *step = reader->steps + 3 * reader->step;
            if (reader->offset >= step[0]) {
                reader->offset = step[1];
                reader->newlines = step[2];
                reader->step += 1;
                continue;
            }
            stop = step[0];
        }
        if (reader->offset >= stop) break;
        size_t n = stop - reader->offset < want - given ? stop - reader->offset : want - given;
        memcpy(buffer + given, reader->base + reader->offset, n);
        reader->offset += n;
        given += n;
    }
    return (int)given;
}

/* `xmlCtxtReadMemory`'s parse, through `clibxml2_memory_read` (same input, options and
   encoding handling: both push one stream of the bytes and run the same reader). */
static inline xmlDocPtr clibxml2_read_memory_in_pieces(
    xmlParserCtxtPtr parser, const char *bytes, size_t count, const size_t *steps, size_t step_count,
    const char *encoding, int options) {
    clibxml2_memory_reader reader = {bytes, 0, count, steps, step_count, 0, 0};
    return xmlCtxtReadIO(parser, clibxml2_memory_read, NULL, &reader, NULL, encoding, options);
}
#endif
