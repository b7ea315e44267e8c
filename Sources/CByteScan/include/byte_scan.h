#ifndef BYTE_SCAN_H
#define BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Whether text[0..<count] is plain data-block text (DataBlockText.plainText in HTMLValidation):
   every byte printable ASCII (0x20-0x7E) or a newline, and no '>', '&', '<' or "--". When it
   is, and holds a newline, returns 1 and sets *last_newline (the offset of the last newline)
   and *newlines (how many); otherwise returns 0. */
int byte_scan_plain_text(const uint8_t *text, size_t count, size_t *last_newline, size_t *newlines);

/* The offset of the first byte of base[from..<to] that is a, b, c or d (repeat one to look for
   fewer), or `to` when there is none. */
size_t byte_scan_first_of(const uint8_t *base, size_t from, size_t to, uint8_t a, uint8_t b, uint8_t c, uint8_t d);

#endif
