#ifndef PARSE_ARENA_H
#define PARSE_ARENA_H
#include <stddef.h>

/* An allocator for libxml2 (installed with xmlMemSetup) that, between parse_arena_begin and
   parse_arena_end on a thread, serves that thread's small blocks from 2 MiB chunks by bumping a
   pointer, ignores their frees, and takes the chunks back whole at the end; everything else is
   malloc's. See parse_arena.c for why and for the rules a caller keeps. */

void *parse_arena_malloc(size_t size);
void *parse_arena_realloc(void *block, size_t size);
void parse_arena_free(void *block);
char *parse_arena_strdup(const char *text);

/* Start serving this thread's blocks from the arena (one document's parse and checks). */
void parse_arena_begin(void);
/* Stop, and give this thread's chunks back to the shared pool. No block served since
   parse_arena_begin may be used or freed after this. */
void parse_arena_end(void);
/* Whether every block served on this thread since parse_arena_begin and not freed yet is the
   arena's (none of malloc's is live): a document built in that time can then be let go with the
   arena's end instead of freed node by node (xmlFreeDoc). */
int parse_arena_holds_every_block(void);
/* Unmap the chunks in the pool (those no thread is using). */
void parse_arena_trim(void);

/* For the tests: the chunks this thread holds now. */
size_t parse_arena_thread_chunks(void);
/* Whether `block` was served by an arena (1) or by malloc (0). */
int parse_arena_owns(const void *block);

#endif
