#ifndef BYTE_SCAN_H
#define BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The decoder's scans below are a few dozen instructions each, asked millions of times: always
   inlined, since the optimizer left `byte_scan_decimal19` a call (1 million at 500k spans). */
#define BYTE_SCAN_INLINE __attribute__((always_inline))

/* Whether text[0..<count] is plain data-block text (DataBlockText.plainText in HTMLValidation):
   every byte printable ASCII (0x20-0x7E) or a newline, and no '>', '&', '<' or "--". When it
   is, and holds a newline, returns 1 and sets *last_newline (the offset of the last newline)
   and *newlines (how many); otherwise returns 0. */
int byte_scan_plain_text(const uint8_t *text, size_t count, size_t *last_newline, size_t *newlines);

/* The offset of the first byte of base[from..<to] that is a, b, c or d (repeat one to look for
   fewer), or `to` when there is none. */
size_t byte_scan_first_of(const uint8_t *base, size_t from, size_t to, uint8_t a, uint8_t b, uint8_t c, uint8_t d);

/* The offset of the first place at or after `from` where needle[0..<length] starts in
   base[0..<count], or `count` when there is none (or the needle is empty). SSE2 tests sixteen
   starts at once for the needle's first and last bytes and compares the rest only where both
   match; without it, one start at a time. */
size_t byte_scan_find(const uint8_t *base, size_t from, size_t count, const uint8_t *needle, size_t length);

/* The offset of the first quote, backslash or byte below 0x20 in base[from..<end], or `end`
   when there is none: sixteen bytes a step with SSE2, the last few (and all, without it) one at
   a time. Inline, for the JSON reader's strings (ids, times, names: most of an OTLP file's
   bytes). */
static inline BYTE_SCAN_INLINE size_t byte_scan_string_run(const uint8_t *base, size_t from, size_t end) {
    size_t i = from;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), below = _mm_set1_epi8(0x1F);
    while (i + 16 <= end) {
        __m128i v = _mm_loadu_si128((const __m128i *)(base + i));
        __m128i special = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmpeq_epi8(_mm_min_epu8(v, below), v));
        int mask = _mm_movemask_epi8(special);
        if (mask != 0) return i + (size_t)__builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    for (; i < end; i++) {
        uint8_t b = base[i];
        if (b == '"' || b == '\\' || b < 0x20) return i;
    }
    return end;
}

/* Sixteen decimal digits at text[0..<16] as a number, the first digit the most significant: 1
   with the number in *value, or 0 when a byte is not 0-9. Inline; SSE2 checks all sixteen at
   once and joins them in pairs, fours and eights by multiplies (without it, one at a time). */
static inline BYTE_SCAN_INLINE int byte_scan_decimal16(const uint8_t *text, uint64_t *value) {
#if defined(__SSE2__)
    __m128i digit = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)text), _mm_set1_epi8('0'));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit)) != 0xFFFF) return 0;
    /* 16-bit lanes: first * 10 + second (0...99); 32-bit lanes: pair * 100 + pair (0...9999). */
    __m128i pairs = _mm_add_epi16(
        _mm_mullo_epi16(_mm_and_si128(digit, _mm_set1_epi16(0x00FF)), _mm_set1_epi16(10)), _mm_srli_epi16(digit, 8));
    __m128i quads = _mm_madd_epi16(pairs, _mm_set_epi16(1, 100, 1, 100, 1, 100, 1, 100));
    uint64_t low = (uint64_t)_mm_cvtsi128_si64(quads), high = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(quads, quads));
    uint64_t first = (low & 0xFFFFFFFF) * 10000 + (low >> 32), second = (high & 0xFFFFFFFF) * 10000 + (high >> 32);
    *value = first * 100000000 + second;
    return 1;
#else
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t d = (uint8_t)(text[i] - '0');
        if (d > 9) return 0;
        v = v * 10 + d;
    }
    *value = v;
    return 1;
#endif
}

/* Nineteen decimal digits at text[0..<19] (a time of this century in nanoseconds, two on every
   span of an OTLP file) as a number below 10^19: three one at a time, then sixteen at once; or
   UINT64_MAX, which no nineteen digits spell, when a byte is not 0-9 (a value, not a pointer to
   fill, so the caller keeps nothing in memory for it). A time took about 125 instructions
   through the Swift decimal reader (eight-byte SWAR words and the digits around them), about
   40 this way (issue 7). */
static inline BYTE_SCAN_INLINE uint64_t byte_scan_decimal19(const uint8_t *text) {
    uint8_t a = (uint8_t)(text[0] - '0'), b = (uint8_t)(text[1] - '0'), c = (uint8_t)(text[2] - '0');
    uint64_t rest;
    if (a > 9 || b > 9 || c > 9 || !byte_scan_decimal16(text + 3, &rest)) return UINT64_MAX;
    return (uint64_t)(a * 100 + b * 10 + c) * 10000000000000000ULL + rest;
}

/* Sixteen hex digits of any case at text[0..<16] as a number, the first digit the most
   significant: 1 with the number in *value, or 0 when a byte is not 0-9, a-f or A-F. Inline, so
   that the JSON decoder's calls (three ids a span: 64 digits) compile to the instructions
   themselves; SSE2 checks and converts all sixteen at once where two words of SWAR in Swift
   took about 100 instructions (issue 7), and without it the digits go one at a time. */
static inline BYTE_SCAN_INLINE int byte_scan_hex16(const uint8_t *text, uint64_t *value) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)text);
    /* Digits: v - '0' in 0...9. Letters: v | 0x20 (A-F to a-f; nothing else lands there)
       minus 'a' in 0...5. Bytes from 0x80 fall outside both. */
    __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    __m128i letter = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i isDigit = _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit);
    __m128i isLetter = _mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(5)), letter);
    if (_mm_movemask_epi8(_mm_or_si128(isDigit, isLetter)) != 0xFFFF) return 0;
    __m128i nibble = _mm_or_si128(_mm_and_si128(isDigit, digit), _mm_andnot_si128(isDigit, _mm_add_epi8(letter, _mm_set1_epi8(10))));
    /* Each 16-bit lane holds a digit pair, the first in its low byte: first << 4 | second. */
    __m128i pairs = _mm_or_si128(_mm_and_si128(_mm_slli_epi16(nibble, 4), _mm_set1_epi16(0x00F0)), _mm_srli_epi16(nibble, 8));
    uint64_t packed = (uint64_t)_mm_cvtsi128_si64(_mm_packus_epi16(pairs, pairs));
    *value = __builtin_bswap64(packed);
    return 1;
#else
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t c = text[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (c | 0x20) - 'a' + 10;
        else return 0;
        v = v << 4 | d;
    }
    *value = v;
    return 1;
#endif
}

#endif
