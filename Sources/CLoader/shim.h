#ifndef CLOADER_SHIM_H
#define CLOADER_SHIM_H
/* The dynamic loader's list of loaded objects and their program headers (dl_iterate_phdr,
   not exported by Swift's Glibc module), for CodePages. */
#if defined(__linux__)
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <link.h>
#include <elf.h>
#endif
#endif
