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
   has consumed is let go, so a page of megabytes is not held twice while it is checked. */
typedef struct {
    const char *next;
    size_t left;
} clibxml2_memory_reader;

static int clibxml2_memory_read(void *context, char *buffer, int length) {
    clibxml2_memory_reader *reader = (clibxml2_memory_reader *)context;
    size_t count = length < 0 ? 0 : (size_t)length;
    if (count > reader->left) count = reader->left;
    memcpy(buffer, reader->next, count);
    reader->next += count;
    reader->left -= count;
    return (int)count;
}

/* `xmlCtxtReadMemory`'s parse, through `clibxml2_memory_read` (same input, options and
   encoding handling: both push one stream of the bytes and run the same reader). */
static inline xmlDocPtr clibxml2_read_memory_in_pieces(
    xmlParserCtxtPtr parser, const char *bytes, size_t count, const char *encoding, int options) {
    clibxml2_memory_reader reader = {bytes, count};
    return xmlCtxtReadIO(parser, clibxml2_memory_read, NULL, &reader, NULL, encoding, options);
}
#endif
