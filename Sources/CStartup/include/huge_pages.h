#ifndef CSTARTUP_HUGE_PAGES_H
#define CSTARTUP_HUGE_PAGES_H

/* Start-up of the executable (issue 7): a run whose inputs come to at least this many bytes
 * starts itself again with glibc's malloc advising transparent huge pages (huge_pages.c). */
#define OTEL_REPORT_HUGE_PAGES_FROM (64LL << 20)

/* The bytes the command line's inputs will take when read (arguments from the third on that
 * name files or folders, the output's folder left out; compressed files counted at 8 times their
 * size), counted until `limit` is reached. 0 outside Linux. */
long long otel_report_input_bytes(int argc, char *const *argv, long long limit);

/* 1 when the command (`render`, `inspect` or `validate`) will read inputs of at least
 * OTEL_REPORT_HUGE_PAGES_FROM bytes. */
int otel_report_wants_huge_pages(int argc, char *const *argv);

#endif
