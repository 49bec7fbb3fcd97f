/*
 * urlencoded.h: application/x-www-form-urlencoded bodies and query
 * strings, APR only, no httpd.
 *
 * The body reader streams: feed it chunks of any size as they arrive (a
 * chunk may end inside a %XX escape); names and values go into a table as
 * each pair ends. It decodes as httpd's ap_parse_form_data does for every
 * well-formed body: '&' separates pairs, the first '=' ends the name, '+'
 * is a space, %XX a byte; a decoded "%26" or "%3D" is a literal '&' or
 * '='; a pair without '=' is dropped; a repeated name keeps every value.
 * Unlike ap_parse_form_data it refuses, as PSERV_URLENC_MALFORMED, what no
 * browser sends and what it decodes to garbage: a '%' not followed by two
 * hex digits (also at the end of the body), a NUL byte (raw or %00), an
 * empty name ("=x"). Refused as PSERV_URLENC_LIMIT: more than max_bytes
 * decoded bytes of names and values, a name longer than max_name, more
 * than max_fields pairs. The reader does not check character encoding.
 */
#ifndef PSERV_URLENCODED_H
#define PSERV_URLENCODED_H

#include <apr_pools.h>
#include <apr_tables.h>

#define PSERV_URLENC_MAX_BYTES_DEFAULT  8192
#define PSERV_URLENC_MAX_BYTES_CAP      (16 * 1024 * 1024)
#define PSERV_URLENC_MAX_NAME_DEFAULT   256
#define PSERV_URLENC_MAX_FIELDS_DEFAULT 1000

enum {
    PSERV_URLENC_OK = 0,
    PSERV_URLENC_MALFORMED = -1,
    PSERV_URLENC_LIMIT = -2
};

typedef struct {
    apr_size_t max_bytes; /* 0: default; capped at ..._CAP */
    apr_size_t max_name;  /* 0: default */
    int max_fields;       /* 0: default */
} pserv_urlenc_limits;

typedef struct pserv_urlenc pserv_urlenc;

/* A reader adding the pairs it decodes to out (allocated from p, as is
 * a buffer of max_bytes). lim may be NULL for the defaults. */
pserv_urlenc *pserv_urlenc_create(apr_pool_t *p, const pserv_urlenc_limits *lim,
                                  apr_table_t *out);

/* Decode the next len bytes. PSERV_URLENC_OK, _MALFORMED or _LIMIT; an
 * error sticks: every later call returns it. */
int pserv_urlenc_feed(pserv_urlenc *u, const char *data, apr_size_t len);

/* At the end of the body: ends the last pair. */
int pserv_urlenc_finish(pserv_urlenc *u);

/* Why the reader failed, "no error" while it has not. */
const char *pserv_urlenc_error(const pserv_urlenc *u);

/* The whole body at once: a fresh table, or NULL with *rc set. */
apr_table_t *pserv_urlenc_parse(apr_pool_t *p, const char *data, apr_size_t len,
                                const pserv_urlenc_limits *lim, int *rc);

/* A query string as httpd's ap_args_to_table reads it: '&'-separated,
 * "name=value" or "name" (value "1"), %XX decoded in both (a malformed
 * escape kept as it is, a %00 ending the string, '+' left alone), the
 * last of a repeated name winning. args may be NULL. */
apr_table_t *pserv_query_parse(apr_pool_t *p, const char *args);

#endif
