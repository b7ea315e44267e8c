#ifndef CLOADER_SHIM_H
#define CLOADER_SHIM_H
/* The dynamic loader's list of loaded objects (glibc's dl_iterate_phdr), for CodePages.
   <link.h> declares it only under _GNU_SOURCE, and defining that here changes the system
   headers this module sees against Swift's Glibc module ("fd_set ... is not present in
   definition" in a clean build). So the prefix of struct dl_phdr_info and the ELF records
   read are declared here with names of their own (64-bit ELF, as on every target built),
   and the function is bound to its symbol by an asm label. */
#if defined(__linux__) && defined(__LP64__)
#include <stddef.h>
#include <stdint.h>

/* Elf64_Phdr. */
struct cloader_phdr {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};

/* The first fields of struct dl_phdr_info (the callback is told the whole size). */
struct cloader_phdr_info {
    uint64_t addr;
    const char *name;
    const struct cloader_phdr *phdr;
    uint16_t phnum;
};

/* Elf64_Dyn. */
struct cloader_dyn {
    int64_t tag;
    uint64_t value;
};

int cloader_iterate_phdr(int (*callback)(struct cloader_phdr_info *info, size_t size, void *data), void *data)
    __asm__("dl_iterate_phdr");
#endif
#endif
