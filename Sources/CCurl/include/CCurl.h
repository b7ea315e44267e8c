#ifndef CCURL_H
#define CCURL_H
/* One HTTP exchange through libcurl, loaded with dlopen on the first request, so that a
   render that talks to no backend maps neither libcurl nor its TLS and Kerberos libraries
   (linked, they cost every run 6-7 MiB of resident memory). */
#include <stddef.h>

typedef struct {
    /* The response's HTTP status; 0 when there was none. */
    long status;
    /* The response body (malloc'd, released by otel_http_release). */
    unsigned char *body;
    size_t body_length;
    /* Why no response came (libcurl's message), or why libcurl could not be loaded. */
    char error[512];
} OTelHTTPResult;

/* Sends one request and waits for its response. `headers` are "Name: value" lines.
   Returns 0 when a response came (any status), 1 when none came (result->error says why),
   and 2 when libcurl could not be loaded. */
int otel_http_perform(const char *url, const char *method, const char *const *headers, int header_count,
                      const void *body, size_t body_length, long timeout_milliseconds,
                      OTelHTTPResult *result);

/* Frees the body of a result. */
void otel_http_release(OTelHTTPResult *result);

#endif
