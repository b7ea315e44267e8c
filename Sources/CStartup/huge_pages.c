#include "huge_pages.h"

#include <string.h>

#if defined(__linux__)
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#if defined(__linux__)
/* What a file of `size` bytes named `name` will take once read: a compressed file (the
 * collector's file exporter writes zstd; gzip is read too) expands several times over, so it
 * counts for more than its size on disk. */
static long long expected_bytes(const char *name, long long size) {
    size_t length = strlen(name);
    if ((length > 4 && strcmp(name + length - 4, ".zst") == 0) ||
        (length > 3 && strcmp(name + length - 3, ".gz") == 0))
        return size * 8;
    return size;
}

/* Adds the regular files under the folder `fd` (hidden entries skipped, as the reader skips
 * them) to *total, `depth` folders down at most, stopping once `limit` is reached. */
static void add_folder(int fd, int depth, long long limit, long long *total) {
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        close(fd);
        return;
    }
    struct dirent *entry;
    while (*total < limit && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        struct stat info;
        if (fstatat(dirfd(dir), entry->d_name, &info, 0) != 0) continue;
        if (S_ISREG(info.st_mode)) {
            *total += expected_bytes(entry->d_name, info.st_size);
        } else if (S_ISDIR(info.st_mode) && depth > 0) {
            int child = openat(dirfd(dir), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (child >= 0) add_folder(child, depth - 1, limit, total);
        }
    }
    closedir(dir);
}
#endif

long long otel_report_input_bytes(int argc, char *const *argv, long long limit) {
    long long total = 0;
#if defined(__linux__)
    for (int i = 2; i < argc && total < limit; i++) {
        const char *argument = argv[i];
        if (argument[0] == '-') {
            /* The output names where the report goes, not what is read. */
            if (strcmp(argument, "-o") == 0 || strcmp(argument, "--output") == 0) i++;
            continue;
        }
        struct stat info;
        if (stat(argument, &info) != 0) continue;
        if (S_ISREG(info.st_mode)) {
            total += expected_bytes(argument, info.st_size);
        } else if (S_ISDIR(info.st_mode)) {
            int fd = open(argument, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) add_folder(fd, 3, limit, &total);
        }
    }
#else
    (void)argc;
    (void)argv;
    (void)limit;
#endif
    return total;
}

int otel_report_wants_huge_pages(int argc, char *const *argv) {
    if (argc < 3) return 0;
    if (strcmp(argv[1], "render") != 0 && strcmp(argv[1], "inspect") != 0 && strcmp(argv[1], "validate") != 0)
        return 0;
    return otel_report_input_bytes(argc, argv, OTEL_REPORT_HUGE_PAGES_FROM) >= OTEL_REPORT_HUGE_PAGES_FROM;
}

#if defined(__linux__)
/* Runs before main (glibc passes constructors argc, argv and the environment). glibc reads its
 * tunables once, when the process starts, from GLIBC_TUNABLES; so to have malloc advise
 * transparent huge pages for its large blocks and its heap (`glibc.malloc.hugetlb=1`), a run
 * that will read a large input starts itself again with the variable set. A variable the user
 * set (any value, even empty) is left alone, and so is a process where the exec fails. */
__attribute__((constructor)) static void otel_report_advise_huge_pages(int argc, char **argv, char **envp) {
    (void)envp;
    if (getenv("GLIBC_TUNABLES") != NULL || !otel_report_wants_huge_pages(argc, argv)) return;
    if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
    execv("/proc/self/exe", argv);
    unsetenv("GLIBC_TUNABLES");
}
#endif
