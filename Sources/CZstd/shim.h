#ifndef CZSTD_SHIM_H
#define CZSTD_SHIM_H
/* Debian's libzstd-dev: the streaming decompression API (ZSTD_decompressStream). */
#include <zstd.h>
#endif
