/* Byte scans over page text that run sixteen bytes at a time (issue 7); the JSON decoder's,
   inline, are in the header.

   The validator reads every byte of every page: the data blocks (the trace page's is 13 MB at
   500k spans) to know whether libxml2 may be handed their newlines alone, and all of the markup
   for tags, quotes and template braces. Eight bytes at a time in Swift, each word tested for
   each kind of byte, the data blocks took 7.7 instructions a byte, and in markup, where a tag
   or a quote comes every few bytes, each byte up to the one found was tested as the start of a
   word of its own; Swift's SIMD types compiled to a byte at a time. SSE2 (every x86-64 has it)
   tests sixteen bytes for every kind at once and the first hit is a count of trailing zeros;
   without it the same answers come a byte at a time. */

#include "byte_scan.h"

#include <string.h>

/* The bytes of text[from..<to] one at a time: 0 at a byte that rules the text out. */
static int bytewise(const uint8_t *text, size_t from, size_t to, uint8_t *previous, long *last_newline, size_t *newlines) {
    for (size_t i = from; i < to; i++) {
        uint8_t b = text[i];
        if (b == 0x0A) {
            *last_newline = (long)i;
            *newlines += 1;
        } else if (b < 0x20 || b > 0x7E || b == '>' || b == '&' || b == '<' || (b == '-' && *previous == '-')) {
            return 0;
        }
        *previous = b;
    }
    return 1;
}

int byte_scan_plain_text(const uint8_t *text, size_t count, size_t *last_newline, size_t *newlines) {
    long last = -1;
    size_t lines = 0;
    uint8_t previous = 0;
    size_t i = 0;
#if defined(__SSE2__)
    /* A block with none of: a byte below 0x20 or from 0x80 up (below 0x20 as a signed byte), 0x7F,
       '>', '&', '<', '-' is plain and holds no newline; any other block is read byte by byte. */
    const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    const __m128i gt = _mm_set1_epi8('>'), amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), dash = _mm_set1_epi8('-');
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
        __m128i flagged = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del));
        flagged = _mm_or_si128(flagged, _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, amp)));
        flagged = _mm_or_si128(flagged, _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, dash)));
        if (_mm_movemask_epi8(flagged) == 0) {
            previous = text[i + 15];
        } else if (!bytewise(text, i, i + 16, &previous, &last, &lines)) {
            return 0;
        }
    }
#endif
    if (!bytewise(text, i, count, &previous, &last, &lines) || last < 0) return 0;
    *last_newline = (size_t)last;
    *newlines = lines;
    return 1;
}

size_t byte_scan_first_of(const uint8_t *base, size_t from, size_t to, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    size_t i = from;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    for (; i + 16 <= to; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(base + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i < to; i++) {
        uint8_t x = base[i];
        if (x == a || x == b || x == c || x == d) return i;
    }
    return to;
}

size_t byte_scan_find(const uint8_t *base, size_t from, size_t count, const uint8_t *needle, size_t length) {
    if (length == 0 || count < length || from > count - length) return count;
    const size_t last_start = count - length, tail = length - 1;
    const uint8_t first = needle[0], last = needle[tail];
    size_t i = from;
#if defined(__SSE2__)
    /* Sixteen starts a step: where the needle's first byte is at the start and its last byte
       where it would end, the rest is compared. Every load stays inside base[0..<count]. */
    const __m128i vfirst = _mm_set1_epi8((char)first), vlast = _mm_set1_epi8((char)last);
    for (; i + 16 <= last_start + 1; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(base + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(base + i + tail));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, vfirst), _mm_cmpeq_epi8(b, vlast)));
        while (mask != 0) {
            size_t at = i + (size_t)__builtin_ctz(mask);
            if (length <= 2 || memcmp(base + at + 1, needle + 1, length - 2) == 0) return at;
            mask &= mask - 1;
        }
    }
#endif
    for (; i <= last_start; i++) {
        if (base[i] == first && base[i + tail] == last && (length <= 2 || memcmp(base + i + 1, needle + 1, length - 2) == 0)) return i;
    }
    return count;
}
