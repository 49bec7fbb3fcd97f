/*
 * json.h: a small JSON writer (output only) for the read-only API.
 *
 * Strings: '"', '\' and every control character (U+0000-U+001F, U+007F)
 * escaped, U+2028 and U+2029 escaped too (a JSON text stays a valid
 * JavaScript literal), and '<', '>', '&' as \u003c, \u003e, \u0026 (no
 * JSON text can turn into markup, wherever it lands); every other valid
 * UTF-8 sequence passed through
 * as it is, and each ill-formed sequence replaced by U+FFFD (one per
 * maximal subpart, as Unicode recommends). The structure is checked as it
 * is written: a value without its key in an object, a key in an array, an
 * unclosed or over-closed container or a second top-level value makes
 * pserv_json_finish return NULL, never a broken text.
 *
 *   pserv_json *j = pserv_json_new(p);
 *   pserv_json_object(j);
 *   pserv_json_kstr(j, "nomor", "REQ-2026-000123");
 *   pserv_json_key(j, "roles");
 *   pserv_json_array(j); pserv_json_str(j, "admin"); pserv_json_end(j);
 *   pserv_json_end(j);
 *   body = pserv_json_finish(j, &len);
 */
#ifndef PSERV_JSON_H
#define PSERV_JSON_H

#include <apr_pools.h>

#define PSERV_JSON_DEPTH 32 /* containers open at once, at most */

typedef struct {
    apr_pool_t *pool;
    char *buf;
    apr_size_t len, cap;
    int depth;
    char open[PSERV_JSON_DEPTH]; /* '{' or '[' per open container */
    int count[PSERV_JSON_DEPTH]; /* members or elements written so far */
    int want_value;              /* a key is written, its value not yet */
    int done;                    /* the top-level value is complete */
    int failed;                  /* misuse: the text is unusable */
} pserv_json;

pserv_json *pserv_json_new(apr_pool_t *p);

void pserv_json_object(pserv_json *j); /* { */
void pserv_json_array(pserv_json *j);  /* [ */
void pserv_json_end(pserv_json *j);    /* } or ], whichever is open */
void pserv_json_key(pserv_json *j, const char *key);

/* A C string (NULL: null), or len bytes that may hold NULs. */
void pserv_json_str(pserv_json *j, const char *s);
void pserv_json_strn(pserv_json *j, const char *s, apr_size_t len);
void pserv_json_int(pserv_json *j, apr_int64_t v);
void pserv_json_bool(pserv_json *j, int v);
void pserv_json_null(pserv_json *j);

/* A member of the open object: key, then the value. */
void pserv_json_kstr(pserv_json *j, const char *key, const char *s);
void pserv_json_kint(pserv_json *j, const char *key, apr_int64_t v);
void pserv_json_kbool(pserv_json *j, const char *key, int v);

/* The text (NUL-terminated; *len without the NUL), or NULL when the
 * writer was misused or the value is not complete. */
const char *pserv_json_finish(pserv_json *j, apr_size_t *len);

/* len bytes of s as a JSON string literal, quotes included, in p. */
char *pserv_json_quote(apr_pool_t *p, const char *s, apr_size_t len,
                       apr_size_t *out_len);

#endif
