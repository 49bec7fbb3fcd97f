/*
 * multipart.h: a streaming multipart/form-data parser (RFC 7578 over the
 * RFC 2046 multipart syntax), APR only, no httpd.
 *
 * The body is fed in chunks of any size as it arrives (a chunk may end
 * anywhere: inside a boundary, a CRLF, a header). Part bodies are never
 * buffered: their bytes go to part_data as soon as they are known not to
 * begin a delimiter. Memory is allocated once, at create, from the limits.
 *
 * Accepted: a preamble before the first boundary and an epilogue after the
 * closing one (both ignored); transport padding (spaces, tabs) after a
 * boundary; header names in any case; Content-Disposition parameters as
 * tokens or quoted strings; in a quoted string, backslash escapes \" and
 * \\ (curl, older Firefox). A backslash before any other character is
 * kept as it is, because old Internet Explorer sends unescaped Windows
 * paths ("C:\dir\f.pdf"). Percent escapes (Chrome sends " as %22, CR and
 * LF as %0D %0A) are NOT decoded: a literal "%22" in a name would be
 * indistinguishable. Raw UTF-8 in names and filenames is passed through.
 * filename* is ignored (RFC 7578 section 4.2: senders must not use it).
 * A body with no part at all ("--boundary--") is accepted: it is what a
 * browser sends for a form with no successful controls.
 *
 * Refused as PSERV_MP_MALFORMED: header lines ending in a bare LF (HTTP
 * clients and browsers send CRLF, RFC 2046 requires it, and accepting both
 * would let a delimiter and a header disagree about where a line ends), a
 * bare CR, NUL or another control character in headers, folded header
 * lines, a part without "Content-Disposition: form-data" or without a
 * non-empty name, a repeated Content-Disposition, Content-Type, name or
 * filename, text after a boundary other than padding + CRLF or "--", and
 * a body that ends before the closing boundary (at finish).
 * Refused as PSERV_MP_LIMIT: more parts than max_parts, part headers longer
 * than max_header_bytes, a name or filename longer than its limit.
 */
#ifndef PSERV_MULTIPART_H
#define PSERV_MULTIPART_H

#include <apr_pools.h>

#define PSERV_MP_MAX_HEADER_DEFAULT   8192
#define PSERV_MP_MAX_PARTS_DEFAULT    64
#define PSERV_MP_MAX_NAME_DEFAULT     128
#define PSERV_MP_MAX_FILENAME_DEFAULT 1024

typedef struct pserv_mp pserv_mp;

/* A field left 0 takes its default. */
typedef struct {
    apr_size_t max_header_bytes; /* per part: every header byte, CRLFs
                                     * and the blank line included */
    int max_parts;
    apr_size_t max_name_bytes;     /* form field name, after unquoting */
    apr_size_t max_filename_bytes; /* after unquoting */
} pserv_mp_limits;

/* Each callback returns 0 to go on, or a nonzero code that stops parsing;
 * feed (or finish) then returns that code, and no callback runs again.
 * Any callback may be NULL. The strings given to part_begin live only
 * until it returns: copy what you keep. */
typedef struct {
    /* name: never NULL nor empty. filename: NULL when the part is not a
     * file, "" for a file input left empty. content_type: NULL if absent. */
    int (*part_begin)(void *ctx, const char *name, const char *filename,
                      const char *content_type);
    /* Any number of calls of any size, never with len 0. */
    int (*part_data)(void *ctx, const char *data, apr_size_t len);
    int (*part_end)(void *ctx);
} pserv_mp_callbacks;

enum { PSERV_MP_OK = 0, PSERV_MP_MALFORMED = -1, PSERV_MP_LIMIT = -2 };

/* A parser for a body whose Content-Type header value is content_type
 * ("multipart/form-data; boundary=...", the boundary possibly quoted,
 * 1..70 RFC 2046 bchars not ending in a space). NULL when the type is not
 * multipart/form-data or the boundary is missing, repeated or invalid.
 * limits may be NULL for the defaults; cb is copied. */
pserv_mp *pserv_mp_create(apr_pool_t *p, const char *content_type,
                          const pserv_mp_limits *limits,
                          const pserv_mp_callbacks *cb, void *ctx);

/* Parse the next len bytes. PSERV_MP_OK, PSERV_MP_MALFORMED,
 * PSERV_MP_LIMIT or a callback's code; once an error is returned, every
 * later feed and finish returns it again. Bytes after the closing boundary
 * (the epilogue) are ignored. */
int pserv_mp_feed(pserv_mp *mp, const char *data, apr_size_t len);

/* At the end of the body: PSERV_MP_OK when the closing boundary was seen,
 * else PSERV_MP_MALFORMED (or the earlier error). */
int pserv_mp_finish(pserv_mp *mp);

/* Why the last error happened, for the log ("no error" when none). */
const char *pserv_mp_error(const pserv_mp *mp);

/* A client-supplied filename made safe to show: the last path component
 * (after / or \), control characters (C0, DEL, C1) and bidirectional
 * formatting characters removed (they can disguise an extension), each
 * byte that is not part of valid UTF-8 replaced by '_', spaces and dots
 * trimmed from both ends, at most 120 characters (a short extension is
 * kept when the name is cut). "lampiran" when nothing is left. */
char *pserv_mp_display_filename(apr_pool_t *p, const char *raw);

#define PSERV_MP_DISPLAY_MAX_CHARS 120

/* "image/jpeg", "image/png" or "application/pdf" when the first n bytes at
 * head carry that format's signature; NULL otherwise. */
const char *pserv_mp_sniff(const unsigned char *head, apr_size_t n);

#endif
