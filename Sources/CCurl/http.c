/* libcurl through dlopen: curl.h gives the types and option numbers (a stable ABI), the
   functions come from the shared library at the first request. */
#include "CCurl.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    __typeof__(&curl_global_init) global_init;
    __typeof__(&curl_easy_init) easy_init;
    __typeof__(&curl_easy_setopt) easy_setopt;
    __typeof__(&curl_easy_perform) easy_perform;
    __typeof__(&curl_easy_getinfo) easy_getinfo;
    __typeof__(&curl_easy_cleanup) easy_cleanup;
    __typeof__(&curl_easy_reset) easy_reset;
    __typeof__(&curl_easy_strerror) easy_strerror;
    __typeof__(&curl_slist_append) slist_append;
    __typeof__(&curl_slist_free_all) slist_free_all;
    int loaded;
    char problem[256];
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    /* Debian's libcurl4 (OpenSSL) first, then its GnuTLS build, then an unversioned name. */
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        snprintf(curl.problem, sizeof curl.problem,
                 "libcurl is needed to talk to a backend and could not be loaded (apt-get install -y libcurl4)");
        return;
    }
#define LOAD(field, symbol)                                                                                        \
    do {                                                                                                           \
        *(void **)(&curl.field) = dlsym(handle, #symbol);                                                          \
        if (curl.field == NULL) {                                                                                  \
            snprintf(curl.problem, sizeof curl.problem, "libcurl has no %s", #symbol);                             \
            return;                                                                                                \
        }                                                                                                          \
    } while (0)
    LOAD(global_init, curl_global_init);
    LOAD(easy_init, curl_easy_init);
    LOAD(easy_setopt, curl_easy_setopt);
    LOAD(easy_perform, curl_easy_perform);
    LOAD(easy_getinfo, curl_easy_getinfo);
    LOAD(easy_cleanup, curl_easy_cleanup);
    LOAD(easy_reset, curl_easy_reset);
    LOAD(easy_strerror, curl_easy_strerror);
    LOAD(slist_append, curl_slist_append);
    LOAD(slist_free_all, curl_slist_free_all);
#undef LOAD
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(curl.problem, sizeof curl.problem, "libcurl could not be initialised");
        return;
    }
    curl.loaded = 1;
}

/* Idle handles, each with its open connections: a fetch of many pages from one server reuses
   its connection (and TLS session) as URLSession did, instead of a handshake per request.
   Requests may come from several threads, so a handle is taken from the pool for one request. */
enum { pool_capacity = 8 };
static CURL *pool[pool_capacity];
static int pooled;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static CURL *take_handle(void) {
    CURL *easy = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pooled > 0) easy = pool[--pooled];
    pthread_mutex_unlock(&pool_lock);
    return easy != NULL ? easy : curl.easy_init();
}

static void return_handle(CURL *easy) {
    curl.easy_reset(easy); /* options cleared; connections and caches kept */
    pthread_mutex_lock(&pool_lock);
    if (pooled < pool_capacity) {
        pool[pooled++] = easy;
        easy = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    if (easy != NULL) curl.easy_cleanup(easy);
}

typedef struct {
    unsigned char *bytes;
    size_t length, capacity;
    int failed;
} Buffer;

static size_t append(char *data, size_t size, size_t count, void *context) {
    Buffer *buffer = context;
    size_t n = size * count;
    if (buffer->length + n > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 16384;
        while (capacity < buffer->length + n) capacity *= 2;
        unsigned char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) {
            buffer->failed = 1;
            return 0; /* libcurl stops with CURLE_WRITE_ERROR */
        }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, data, n);
    buffer->length += n;
    return n;
}

int otel_http_perform(const char *url, const char *method, const char *const *headers, int header_count,
                      const void *body, size_t body_length, long timeout_milliseconds,
                      OTelHTTPResult *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&curl_once, load_curl);
    if (!curl.loaded) {
        snprintf(result->error, sizeof result->error, "%s", curl.problem);
        return 2;
    }
    CURL *easy = take_handle();
    if (easy == NULL) {
        snprintf(result->error, sizeof result->error, "libcurl could not start a request");
        return 1;
    }
    struct curl_slist *list = NULL;
    for (int i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    /* No "Expect: 100-continue" round trip before a body. */
    list = curl.slist_append(list, "Expect:");
    char message[CURL_ERROR_SIZE] = {0};
    Buffer buffer = {0};

    curl.easy_setopt(easy, CURLOPT_URL, url);
    curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, message);
    curl.easy_setopt(easy, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(easy, CURLOPT_USERAGENT, "otel-report");
    curl.easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
    curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_milliseconds);
    curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_milliseconds);
    curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, append);
    curl.easy_setopt(easy, CURLOPT_WRITEDATA, &buffer);
    if (body != NULL || strcmp(method, "POST") == 0) {
        /* A POST without a body still says Content-Length: 0. */
        curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body != NULL ? body_length : 0));
        curl.easy_setopt(easy, CURLOPT_POSTFIELDS, body != NULL ? body : "");
        if (strcmp(method, "POST") != 0) curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "GET") == 0) {
        curl.easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    }

    CURLcode code = curl.easy_perform(easy);
    int outcome = 0;
    if (code == CURLE_OK) {
        curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result->status);
        result->body = buffer.bytes;
        result->body_length = buffer.length;
    } else {
        snprintf(result->error, sizeof result->error, "%s",
                 buffer.failed ? "out of memory for the response" : (message[0] ? message : curl.easy_strerror(code)));
        free(buffer.bytes);
        outcome = 1;
    }
    return_handle(easy);
    curl.slist_free_all(list);
    return outcome;
}

void otel_http_release(OTelHTTPResult *result) {
    free(result->body);
    result->body = NULL;
    result->body_length = 0;
}
