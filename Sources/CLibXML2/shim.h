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
#endif
