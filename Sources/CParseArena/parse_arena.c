/* The arena behind libxml2 while a page is checked (issue 7).

   libxml2 builds a tree of the whole page, one malloc'd block per element, attribute, attribute
   text and name, and xmlFreeDoc frees them one by one: 4.2 million malloc/free pairs for the
   232 pages of a 500k-span render of deep traces, and malloc, free and their bins were 23% of
   `otel-report validate`'s CPU time on those pages. Here a thread's blocks of one document come
   from a bump pointer in 2 MiB chunks; a free is ignored (but the latest block's space is taken
   back); at the end the chunks go back to a pool shared by the threads, still mapped, so the next
   page reuses pages that are already resident instead of faulting in new ones.

   The rules a caller keeps (LibXML2.withParsedDocument does):
   - xmlMemSetup with these four functions before anything else in libxml2 allocates;
   - begin after the thread's libxml2 globals exist (xmlSetStructuredErrorFunc creates them,
     with plain malloc), and before the parser context;
   - end only after the context is freed, the document freed or left to the arena (below), and
     xmlResetLastError has dropped the thread's copy of the last error (its strings would
     otherwise be freed by the next error).

   A document whose every block is the arena's is not freed at all: its memory goes with the
   chunks at the end (parse_arena_holds_every_block tells, from the blocks of malloc's served
   while the arena runs and not freed yet; LibXML2.release decides). xmlFreeDoc walked every node
   only to hand each block back to an arena that ignores it.

   A block is recognised as the arena's by the word in front of it: a marker with the top bit
   set, which glibc never has there (that word is a chunk's size and flags, below 2^48), so a
   block malloc served is always freed by free. Blocks above LARGEST and blocks asked for while
   no arena is running are malloc's. */

#include "parse_arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum {
    HEADER = 16,
    ALIGNMENT = 16,
    /* One transparent huge page: a chunk is placed on a 2 MiB boundary and advised for huge
       pages, so it faults in once rather than 512 times (4 KiB pages fault at about 2.8 µs each
       on this project's machine; validation took 4,100 faults a 500k-span render). */
    CHUNK_SIZE = 2 << 20,
    /* A chunk's first bytes hold the link to the next chunk. */
    CHUNK_HEADER = 64,
    /* Larger blocks (a long text's buffer) are malloc's, so a chunk is never mostly one block. */
    LARGEST = 64 << 10,
};

static const uint64_t MARKER = 0xA3E1C0DE5A17A5E5ull;

typedef struct Chunk {
    struct Chunk *next;
} Chunk;

enum {
    /* How many of malloc's blocks served while the arena runs are remembered (see below). */
    TRACKED = 64,
};

typedef struct {
    int active;
    Chunk *chunks; /* this document's chunks, the current one first */
    size_t chunkCount;
    char *cursor;
    char *end;
    char *last; /* the latest block, whose space a free or a realloc can take back */
    /* malloc's blocks served while the arena runs and not freed yet (large ones, or any when no
       chunk could be had), so that parse_arena_holds_every_block can tell whether a document
       holds any memory but the arena's; `overflow` once more than TRACKED were live at once. */
    void *mallocs[TRACKED];
    size_t mallocCount;
    int overflow;
} ArenaState;

static __thread ArenaState state;

static pthread_mutex_t poolLock = PTHREAD_MUTEX_INITIALIZER;
static Chunk *pool;

static Chunk *takeChunk(void) {
    pthread_mutex_lock(&poolLock);
    Chunk *chunk = pool;
    if (chunk != NULL) {
        pool = chunk->next;
    }
    pthread_mutex_unlock(&poolLock);
    if (chunk == NULL) {
        /* Twice the size mapped, then all but the aligned chunk in it unmapped. */
        char *mapped = mmap(NULL, 2 * CHUNK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) return NULL;
        char *aligned = (char *)(((uintptr_t)mapped + CHUNK_SIZE - 1) & ~(uintptr_t)(CHUNK_SIZE - 1));
        if (aligned > mapped) munmap(mapped, (size_t)(aligned - mapped));
        if (aligned + CHUNK_SIZE < mapped + 2 * CHUNK_SIZE)
            munmap(aligned + CHUNK_SIZE, (size_t)(mapped + 2 * CHUNK_SIZE - (aligned + CHUNK_SIZE)));
#ifdef MADV_HUGEPAGE
        madvise(aligned, CHUNK_SIZE, MADV_HUGEPAGE);
#endif
        chunk = (Chunk *)aligned;
    }
    chunk->next = NULL;
    return chunk;
}

static size_t rounded(size_t size) { return (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1); }

static uint64_t *words(const void *block) { return (uint64_t *)block - 2; }

/* Under AddressSanitizer the word in front of a malloc'd block is in its left redzone: reading it
   is what this check is for, so it is not reported. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PARSE_ARENA_NO_ASAN __attribute__((no_sanitize("address")))
#endif
#endif
#ifndef PARSE_ARENA_NO_ASAN
#define PARSE_ARENA_NO_ASAN
#endif

PARSE_ARENA_NO_ASAN int parse_arena_owns(const void *block) { return block != NULL && words(block)[1] == MARKER; }

static void *arenaBlock(size_t size) {
    size_t need = HEADER + rounded(size);
    if (state.cursor == NULL || (size_t)(state.end - state.cursor) < need) {
        Chunk *chunk = takeChunk();
        if (chunk == NULL) return NULL;
        chunk->next = state.chunks;
        state.chunks = chunk;
        state.chunkCount += 1;
        state.cursor = (char *)chunk + CHUNK_HEADER;
        state.end = (char *)chunk + CHUNK_SIZE;
    }
    uint64_t *header = (uint64_t *)state.cursor;
    header[0] = size;
    header[1] = MARKER;
    state.cursor += need;
    state.last = (char *)(header + 2);
    return state.last;
}

static void track(void *block) {
    if (!state.active || block == NULL) return;
    if (state.mallocCount < TRACKED) {
        state.mallocs[state.mallocCount++] = block;
    } else {
        state.overflow = 1;
    }
}

static void untrack(void *block) {
    if (!state.active || block == NULL) return;
    for (size_t i = 0; i < state.mallocCount; i++) {
        if (state.mallocs[i] == block) {
            state.mallocs[i] = state.mallocs[--state.mallocCount];
            return;
        }
    }
}

void *parse_arena_malloc(size_t size) {
    if (state.active && size <= LARGEST) {
        void *block = arenaBlock(size);
        if (block != NULL) return block;
    }
    void *block = malloc(size);
    track(block);
    return block;
}

void parse_arena_free(void *block) {
    if (block == NULL) return;
    if (!parse_arena_owns(block)) {
        untrack(block);
        free(block);
        return;
    }
    if (state.active && block == state.last) {
        state.cursor = (char *)block - HEADER;
        state.last = NULL;
    }
}

void *parse_arena_realloc(void *block, size_t size) {
    if (block == NULL) return parse_arena_malloc(size);
    if (!parse_arena_owns(block)) {
        void *moved = realloc(block, size);
        if (moved != NULL) {
            untrack(block);
            track(moved);
        }
        return moved;
    }
    size_t old = (size_t)words(block)[0];
    if (state.active && block == state.last && size <= LARGEST
        && (size_t)(state.end - (char *)block) >= rounded(size)) {
        /* The latest block grows or shrinks where it is. */
        words(block)[0] = size;
        state.cursor = (char *)block + rounded(size);
        return block;
    }
    if (size <= old) {
        words(block)[0] = size;
        return block;
    }
    void *moved = parse_arena_malloc(size);
    if (moved == NULL) return NULL;
    memcpy(moved, block, old);
    return moved;
}

char *parse_arena_strdup(const char *text) {
    size_t count = strlen(text) + 1;
    char *copy = parse_arena_malloc(count);
    if (copy != NULL) memcpy(copy, text, count);
    return copy;
}

void parse_arena_begin(void) {
    state.active = 1;
    state.mallocCount = 0;
    state.overflow = 0;
}

int parse_arena_holds_every_block(void) { return state.active && state.mallocCount == 0 && !state.overflow; }

void parse_arena_end(void) {
    state.active = 0;
    state.mallocCount = 0;
    state.overflow = 0;
    Chunk *first = state.chunks;
    if (first != NULL) {
        Chunk *tail = first;
        while (tail->next != NULL) tail = tail->next;
        pthread_mutex_lock(&poolLock);
        tail->next = pool;
        pool = first;
        pthread_mutex_unlock(&poolLock);
    }
    state.chunks = NULL;
    state.chunkCount = 0;
    state.cursor = state.end = state.last = NULL;
}

void parse_arena_trim(void) {
    pthread_mutex_lock(&poolLock);
    Chunk *chunk = pool;
    pool = NULL;
    pthread_mutex_unlock(&poolLock);
    while (chunk != NULL) {
        Chunk *next = chunk->next;
        munmap(chunk, CHUNK_SIZE);
        chunk = next;
    }
}

size_t parse_arena_thread_chunks(void) { return state.chunkCount; }
