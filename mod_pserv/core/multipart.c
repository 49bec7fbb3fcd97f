/*
 * multipart.c: streaming multipart/form-data parser (see multipart.h).
 *
 * One pass, byte by byte through headers and through delimiter candidates,
 * memchr over body bytes. Every buffer is allocated at create and sized
 * from the limits, so a hostile body can make the parse fail but never
 * make it grow. Body bytes that might begin a delimiter are held back
 * without copying: the held-back bytes are by definition a prefix of the
 * delimiter itself, so they can be given out from the delimiter string if
 * they turn out to be data after all.
 */
#include "multipart.h"

#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#define PSERV_MP_BOUNDARY_MAX 70 /* RFC 2046 section 5.1.1 */
#define PSERV_MP_EXT_MAX      16 /* longest extension kept by a cut */

/* Under AddressSanitizer, separate pool buffers by poisoned red zones:
 * a pool carves many allocations out of one malloc'd block, so ASan
 * (fuzzing) would otherwise not see an overrun from one buffer into the
 * next. __has_feature is clang's spelling, __SANITIZE_ADDRESS__ gcc's. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PSERV_MP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PSERV_MP_ASAN)
#define PSERV_MP_ASAN 1
#endif
#ifdef PSERV_MP_ASAN
#include <sanitizer/asan_interface.h>
#define PSERV_MP_REDZONE 32
#endif

typedef enum {
    PSERV_MP_S_PREAMBLE,    /* before the first boundary: dropped */
    PSERV_MP_S_AFTER_DELIM, /* "--boundary" just matched */
    PSERV_MP_S_CLOSE_DASH,  /* the first '-' of a closing "--" */
    PSERV_MP_S_PADDING,     /* spaces or tabs after a boundary */
    PSERV_MP_S_DELIM_LF,    /* the CR ending a boundary line */
    PSERV_MP_S_HEADERS,
    PSERV_MP_S_BODY,
    PSERV_MP_S_EPILOGUE, /* after the closing boundary: dropped */
} pserv_mp_state;

struct pserv_mp {
    apr_pool_t *pool;
    pserv_mp_callbacks cb;
    void *ctx;
    pserv_mp_limits lim;

    char *delim; /* CRLF "--" boundary */
    apr_size_t delim_len;
    apr_size_t match; /* delimiter bytes matched, held back */
    pserv_mp_state state;
    int parts;

    /* The headers of the part being read: each line NUL-terminated. */
    char *hdr; /* max_header_bytes + 1 */
    apr_size_t hdr_used;
    apr_size_t hdr_raw; /* bytes read, for the limit */
    apr_size_t line_start;
    int cr; /* the last header byte was a CR */
    int have_disposition, have_type;
    int have_name, have_filename;
    char *name;               /* max_name_bytes + 1 */
    char *filename;           /* max_filename_bytes + 1 */
    const char *content_type; /* into hdr */

    int rc; /* sticky: the first error */
    const char *err;
};

/* ---- small helpers -------------------------------------------------------- */

#ifdef PSERV_MP_ASAN
static apr_status_t pserv_mp_unpoison(void *zone)
{
    ASAN_UNPOISON_MEMORY_REGION(zone, PSERV_MP_REDZONE);
    return APR_SUCCESS;
}
#endif

static char *pserv_mp_alloc(apr_pool_t *p, apr_size_t n)
{
#ifdef PSERV_MP_ASAN
    char *buf = apr_palloc(p, n + PSERV_MP_REDZONE);

    ASAN_POISON_MEMORY_REGION(buf + n, PSERV_MP_REDZONE);
    /* The pool reuses this memory after a clear: lift the poison first. */
    apr_pool_cleanup_register(p, buf + n, pserv_mp_unpoison,
                              apr_pool_cleanup_null);
    return buf;
#else
    return apr_palloc(p, n);
#endif
}

/* RFC 7230 tchar. */
static int pserv_mp_is_tchar(char c)
{
    return c && (apr_isalnum(c) || strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars (the trailing space is checked by the caller). */
static int pserv_mp_is_bchar(char c)
{
    return c && (apr_isalnum(c) || strchr("'()+_,-./:=? ", c));
}

static const char *pserv_mp_skip_ows(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int pserv_mp_fail(pserv_mp *mp, int rc, const char *why)
{
    mp->rc = rc;
    mp->err = why;
    return rc;
}

/* A callback's nonzero code stops the parse like an error of ours. */
static int pserv_mp_stopped(pserv_mp *mp, int rc, const char *which)
{
    if (rc == 0)
        return 0;
    return pserv_mp_fail(mp, rc,
                         apr_psprintf(mp->pool,
                                      "stopped by the %s callback (code %d)",
                                      which, rc));
}

/* ---- parameter values (Content-Type, Content-Disposition) ---------------- */

/* Read a token or a quoted-string at *v into out (at most cap bytes plus a
 * NUL; out NULL: skip the value), advance *v past it and set *len.
 * In quotes, only \" and \\ are escapes: old Internet Explorer sends
 * Windows paths with bare backslashes, and no sender escapes a letter. */
static int pserv_mp_value(const char **v, char *out, apr_size_t cap,
                          apr_size_t *len)
{
    const char *s = *v;
    apr_size_t n = 0;
    int quoted = *s == '"';

    if (quoted)
        s++;
    for (;;) {
        char c = *s;

        if (quoted) {
            if (c == '\0')
                return PSERV_MP_MALFORMED; /* no closing quote */
            s++;
            if (c == '"')
                break;
            if (c == '\\' && (*s == '"' || *s == '\\'))
                c = *s++;
        }
        else if (pserv_mp_is_tchar(c))
            s++;
        else
            break;
        if (out && n == cap)
            return PSERV_MP_LIMIT;
        if (out)
            out[n] = c;
        n++;
    }
    if (!quoted && n == 0)
        return PSERV_MP_MALFORMED;
    if (out)
        out[n] = '\0';
    *len = n;
    *v = s;
    return PSERV_MP_OK;
}

/* Step over OWS ";" OWS before the next parameter. 1 when a parameter
 * follows, 0 at the end, -1 on anything else. A trailing ";" is tolerated. */
static int pserv_mp_next_param(const char **v)
{
    const char *s = pserv_mp_skip_ows(*v);

    if (*s == '\0')
        return 0;
    if (*s != ';')
        return -1;
    s = pserv_mp_skip_ows(s + 1);
    *v = s;
    return *s != '\0';
}

/* Read "name OWS = OWS" at *v: the length of the name, or 0 when malformed. */
static apr_size_t pserv_mp_param_name(const char **v)
{
    const char *s = *v;
    apr_size_t n;

    while (pserv_mp_is_tchar(*s))
        s++;
    n = (apr_size_t)(s - *v);
    s = pserv_mp_skip_ows(s);
    if (n == 0 || *s != '=')
        return 0;
    *v = pserv_mp_skip_ows(s + 1);
    return n;
}

static int pserv_mp_name_is(const char *s, apr_size_t n, const char *want)
{
    return n == strlen(want) && strncasecmp(s, want, n) == 0;
}

/* ---- the boundary ------------------------------------------------------- */

static int pserv_mp_valid_boundary(const char *b, apr_size_t n)
{
    apr_size_t i;

    if (n == 0 || n > PSERV_MP_BOUNDARY_MAX || b[n - 1] == ' ')
        return 0;
    for (i = 0; i < n; i++)
        if (!pserv_mp_is_bchar(b[i]))
            return 0;
    return 1;
}

/* Copy the boundary of a multipart/form-data Content-Type into out
 * (PSERV_MP_BOUNDARY_MAX + 1 bytes). Its length, or 0 when there is none,
 * more than one, or it is invalid. */
static apr_size_t pserv_mp_boundary(const char *ct, char *out)
{
    static const char type[] = "multipart/form-data";
    const char *s = pserv_mp_skip_ows(ct);
    apr_size_t found = 0;
    int more;

    if (strncasecmp(s, type, sizeof type - 1) != 0)
        return 0;
    s += sizeof type - 1;
    while ((more = pserv_mp_next_param(&s)) > 0) {
        const char *pname = s;
        apr_size_t plen = pserv_mp_param_name(&s), n;
        int is_boundary = pserv_mp_name_is(pname, plen, "boundary");

        if (plen == 0 || (is_boundary && found))
            return 0;
        if (pserv_mp_value(&s, is_boundary ? out : NULL, PSERV_MP_BOUNDARY_MAX,
                           &n)
            != PSERV_MP_OK)
            return 0;
        if (is_boundary)
            found = n;
    }
    if (more < 0 || !pserv_mp_valid_boundary(out, found))
        return 0;
    return found;
}

/* ---- create, finish, error ----------------------------------------------- */

static void pserv_mp_set_limits(pserv_mp *mp, const pserv_mp_limits *l)
{
    mp->lim.max_header_bytes = l && l->max_header_bytes
                                   ? l->max_header_bytes
                                   : PSERV_MP_MAX_HEADER_DEFAULT;
    mp->lim.max_parts =
        l && l->max_parts > 0 ? l->max_parts : PSERV_MP_MAX_PARTS_DEFAULT;
    mp->lim.max_name_bytes =
        l && l->max_name_bytes ? l->max_name_bytes : PSERV_MP_MAX_NAME_DEFAULT;
    mp->lim.max_filename_bytes = l && l->max_filename_bytes
                                     ? l->max_filename_bytes
                                     : PSERV_MP_MAX_FILENAME_DEFAULT;
}

pserv_mp *pserv_mp_create(apr_pool_t *p, const char *content_type,
                          const pserv_mp_limits *limits,
                          const pserv_mp_callbacks *cb, void *ctx)
{
    char boundary[PSERV_MP_BOUNDARY_MAX + 1];
    apr_size_t blen;
    pserv_mp *mp;

    if (!content_type)
        return NULL;
    blen = pserv_mp_boundary(content_type, boundary);
    if (blen == 0)
        return NULL;
    mp = apr_pcalloc(p, sizeof *mp);
    mp->pool = p;
    if (cb)
        mp->cb = *cb;
    mp->ctx = ctx;
    pserv_mp_set_limits(mp, limits);
    mp->delim_len = 4 + blen;
    mp->delim = pserv_mp_alloc(p, mp->delim_len + 1);
    memcpy(mp->delim, "\r\n--", 4);
    memcpy(mp->delim + 4, boundary, blen + 1);
    mp->hdr = pserv_mp_alloc(p, mp->lim.max_header_bytes + 1);
    mp->name = pserv_mp_alloc(p, mp->lim.max_name_bytes + 1);
    mp->filename = pserv_mp_alloc(p, mp->lim.max_filename_bytes + 1);
    mp->state = PSERV_MP_S_PREAMBLE;
    /* The first boundary may open the body with no CRLF before it: start
     * as if that CRLF had been read, so one matcher serves both cases. */
    mp->match = 2;
    return mp;
}

int pserv_mp_finish(pserv_mp *mp)
{
    static const char *const where[] = {
        "before the first boundary",
        "right after a boundary",
        "inside a closing boundary",
        "after a boundary",
        "after a boundary",
        "inside a part's headers",
        "inside a part",
    };

    if (mp->rc)
        return mp->rc;
    if (mp->state == PSERV_MP_S_EPILOGUE)
        return PSERV_MP_OK;
    return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                         apr_pstrcat(mp->pool, "the body ended ",
                                     where[mp->state],
                                     ", without the closing boundary", NULL));
}

const char *pserv_mp_error(const pserv_mp *mp)
{
    return mp->err ? mp->err : "no error";
}

/* ---- part headers ------------------------------------------------------- */

/* One name= or filename= parameter (others are skipped: filename* among
 * them, which RFC 7578 section 4.2 tells senders not to use). */
static int pserv_mp_disposition_param(pserv_mp *mp, const char *pname,
                                      apr_size_t plen, const char **v)
{
    int is_name = pserv_mp_name_is(pname, plen, "name");
    int is_file = pserv_mp_name_is(pname, plen, "filename");
    char *out = is_name ? mp->name : is_file ? mp->filename : NULL;
    apr_size_t cap =
        is_name ? mp->lim.max_name_bytes : mp->lim.max_filename_bytes;
    apr_size_t n;
    int rc;

    if ((is_name && mp->have_name) || (is_file && mp->have_filename))
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             apr_pstrcat(mp->pool, "repeated ",
                                         is_name ? "name" : "filename",
                                         " in Content-Disposition", NULL));
    rc = pserv_mp_value(v, out, cap, &n);
    if (rc == PSERV_MP_LIMIT)
        return pserv_mp_fail(
            mp, rc,
            apr_psprintf(mp->pool, "%s longer than %" APR_SIZE_T_FMT " bytes",
                         is_name ? "field name" : "filename", cap));
    if (rc != PSERV_MP_OK)
        return pserv_mp_fail(mp, rc, "malformed Content-Disposition value");
    if (is_name && n == 0)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED, "empty field name");
    mp->have_name |= is_name;
    mp->have_filename |= is_file;
    return PSERV_MP_OK;
}

static int pserv_mp_disposition(pserv_mp *mp, const char *v)
{
    static const char type[] = "form-data";
    int more, rc;

    if (mp->have_disposition)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "repeated Content-Disposition header");
    mp->have_disposition = 1;
    if (strncasecmp(v, type, sizeof type - 1) != 0
        || pserv_mp_is_tchar(v[sizeof type - 1]))
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "Content-Disposition is not form-data");
    v += sizeof type - 1;
    while ((more = pserv_mp_next_param(&v)) > 0) {
        const char *pname = v;
        apr_size_t plen = pserv_mp_param_name(&v);

        if (plen == 0)
            break;
        rc = pserv_mp_disposition_param(mp, pname, plen, &v);
        if (rc)
            return rc;
    }
    if (more != 0)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "malformed Content-Disposition parameters");
    if (!mp->have_name)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED, "part without a name");
    return PSERV_MP_OK;
}

/* One complete header line (NUL-terminated, no CRLF; writable: the
 * value's trailing whitespace is cut in place). */
static int pserv_mp_header_line(pserv_mp *mp, char *line)
{
    char *colon = line, *value, *end;
    apr_size_t n;

    if (*line == ' ' || *line == '\t')
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "folded header line in a part");
    while (pserv_mp_is_tchar(*colon))
        colon++;
    if (colon == line || *colon != ':')
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "malformed header line in a part");
    n = (apr_size_t)(colon - line);
    value = (char *)pserv_mp_skip_ows(colon + 1);
    end = value + strlen(value);
    while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    if (pserv_mp_name_is(line, n, "Content-Disposition"))
        return pserv_mp_disposition(mp, value);
    if (pserv_mp_name_is(line, n, "Content-Type")) {
        if (mp->have_type)
            return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                                 "repeated Content-Type header in a part");
        mp->have_type = 1;
        mp->content_type = *value ? value : NULL;
    }
    return PSERV_MP_OK; /* other headers do not concern a form */
}

/* The blank line after the headers: the part begins. */
static int pserv_mp_headers_done(pserv_mp *mp)
{
    if (!mp->have_disposition)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "part without Content-Disposition: form-data");
    mp->state = PSERV_MP_S_BODY;
    mp->match = 0;
    if (!mp->cb.part_begin)
        return PSERV_MP_OK;
    return pserv_mp_stopped(
        mp,
        mp->cb.part_begin(mp->ctx, mp->name,
                          mp->have_filename ? mp->filename : NULL,
                          mp->content_type),
        "part_begin");
}

static int pserv_mp_line_end(pserv_mp *mp)
{
    char *line = mp->hdr + mp->line_start;

    if (mp->hdr_used == mp->line_start)
        return pserv_mp_headers_done(mp);
    mp->hdr[mp->hdr_used++] = '\0';
    mp->line_start = mp->hdr_used;
    return pserv_mp_header_line(mp, line);
}

/* Store one header byte. Each stored line (bytes + NUL) is shorter than
 * what was read (bytes + CRLF), so hdr never holds more than hdr_raw. */
static int pserv_mp_header_byte(pserv_mp *mp, unsigned char c)
{
    if (++mp->hdr_raw > mp->lim.max_header_bytes)
        return pserv_mp_fail(
            mp, PSERV_MP_LIMIT,
            apr_psprintf(mp->pool,
                         "part headers longer than %" APR_SIZE_T_FMT " bytes",
                         mp->lim.max_header_bytes));
    if (mp->cr) {
        mp->cr = 0;
        if (c != '\n')
            return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                                 "bare CR in a part's headers");
        return pserv_mp_line_end(mp);
    }
    if (c == '\r') {
        mp->cr = 1;
        return PSERV_MP_OK;
    }
    if (c == '\n')
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "bare LF in a part's "
                             "headers (lines must end in CRLF)");
    if (c == '\0')
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "NUL byte in a part's headers");
    if ((c < 0x20 && c != '\t') || c == 0x7f)
        return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                             "control character in a part's headers");
    mp->hdr[mp->hdr_used++] = (char)c;
    return PSERV_MP_OK;
}

/* ---- boundaries --------------------------------------------------------- */

static int pserv_mp_begin_part(pserv_mp *mp)
{
    if (++mp->parts > mp->lim.max_parts)
        return pserv_mp_fail(
            mp, PSERV_MP_LIMIT,
            apr_psprintf(mp->pool, "more than %d parts", mp->lim.max_parts));
    mp->state = PSERV_MP_S_HEADERS;
    mp->hdr_used = mp->hdr_raw = mp->line_start = 0;
    mp->cr = 0;
    mp->have_disposition = mp->have_type = 0;
    mp->have_name = mp->have_filename = 0;
    mp->content_type = NULL;
    return PSERV_MP_OK;
}

/* One byte of what follows "--boundary": transport padding and CRLF
 * (a part follows) or "--" (the end). RFC 2046 allows nothing else: a
 * longer "--boundaryX" line inside a part means a bad boundary. */
static int pserv_mp_boundary_byte(pserv_mp *mp, char c)
{
    switch (mp->state) {
    case PSERV_MP_S_AFTER_DELIM:
        if (c == '-') {
            mp->state = PSERV_MP_S_CLOSE_DASH;
            return PSERV_MP_OK;
        }
        /* fall through */
    case PSERV_MP_S_PADDING:
        if (c == ' ' || c == '\t') {
            mp->state = PSERV_MP_S_PADDING;
            return PSERV_MP_OK;
        }
        if (c == '\r') {
            mp->state = PSERV_MP_S_DELIM_LF;
            return PSERV_MP_OK;
        }
        break;
    case PSERV_MP_S_CLOSE_DASH:
        if (c == '-') {
            mp->state = PSERV_MP_S_EPILOGUE;
            return PSERV_MP_OK;
        }
        break;
    case PSERV_MP_S_DELIM_LF:
        if (c == '\n')
            return pserv_mp_begin_part(mp);
        break;
    default:
        break;
    }
    return pserv_mp_fail(mp, PSERV_MP_MALFORMED,
                         "unexpected text after a boundary");
}

/* Pass body bytes on (preamble bytes are dropped). */
static int pserv_mp_emit(pserv_mp *mp, const char *data, apr_size_t len)
{
    if (len == 0 || mp->state != PSERV_MP_S_BODY || !mp->cb.part_data)
        return PSERV_MP_OK;
    return pserv_mp_stopped(mp, mp->cb.part_data(mp->ctx, data, len),
                            "part_data");
}

/* A whole delimiter was read: the part (if any) ends. */
static int pserv_mp_delimiter(pserv_mp *mp)
{
    int in_part = mp->state == PSERV_MP_S_BODY;

    mp->match = 0;
    mp->state = PSERV_MP_S_AFTER_DELIM;
    if (!in_part || !mp->cb.part_end)
        return PSERV_MP_OK;
    return pserv_mp_stopped(mp, mp->cb.part_end(mp->ctx), "part_end");
}

/* Look for the delimiter in buf (preamble or part body); *used tells how
 * far this got. The delimiter's first byte (CR) occurs nowhere else in it
 * (bchars exclude CR), so after a mismatch no shorter match can be under
 * way and the matched bytes are plain data: no KMP table is needed. */
static int pserv_mp_scan(pserv_mp *mp, const char *buf, apr_size_t len,
                         apr_size_t *used)
{
    const char *d = mp->delim;
    apr_size_t carry = mp->match; /* matched in earlier chunks */
    apr_size_t run = 0;           /* first byte of buf not passed on */
    apr_size_t i = 0;
    int rc;

    while (i < len) {
        if (mp->match == 0) {
            const char *cr = memchr(buf + i, '\r', len - i);

            if (!cr)
                break;
            i = (apr_size_t)(cr - buf);
        }
        if (buf[i] == d[mp->match]) {
            i++;
            if (++mp->match < mp->delim_len)
                continue;
            *used = i;
            rc =
                pserv_mp_emit(mp, buf + run, i - (mp->delim_len - carry) - run);
            return rc ? rc : pserv_mp_delimiter(mp);
        }
        if (carry) {
            /* buf[0..i) and the carried bytes are d[0..match). */
            rc = pserv_mp_emit(mp, d, mp->match);
            if (rc)
                return rc;
            run = i;
            carry = 0;
        }
        mp->match = 0;
    }
    *used = len;
    /* Hold back the bytes of a delimiter that may go on in the next chunk. */
    return pserv_mp_emit(mp, buf + run, len - (mp->match - carry) - run);
}

int pserv_mp_feed(pserv_mp *mp, const char *data, apr_size_t len)
{
    apr_size_t i = 0, used;
    int rc = mp->rc;

    while (rc == PSERV_MP_OK && i < len) {
        switch (mp->state) {
        case PSERV_MP_S_PREAMBLE:
        case PSERV_MP_S_BODY:
            rc = pserv_mp_scan(mp, data + i, len - i, &used);
            i += used;
            break;
        case PSERV_MP_S_HEADERS:
            rc = pserv_mp_header_byte(mp, (unsigned char)data[i++]);
            break;
        case PSERV_MP_S_EPILOGUE:
            return PSERV_MP_OK;
        default:
            rc = pserv_mp_boundary_byte(mp, data[i++]);
            break;
        }
    }
    return rc;
}

/* ---- display filename ---------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (its code point in *cp), or 0:
 * overlong forms, surrogates and values past U+10FFFF are invalid. */
static apr_size_t pserv_mp_utf8(const unsigned char *s, apr_uint32_t *cp)
{
    apr_uint32_t v, min;
    apr_size_t n, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, v = s[0] & 0x1F, min = 0x80;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3, v = s[0] & 0x0F, min = 0x800;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, v = s[0] & 0x07, min = 0x10000;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Characters that must not reach a page: controls, and the bidirectional
 * formatting marks that could show "evil<RLO>fdp.exe" as "evilexe.pdf". */
static int pserv_mp_hidden_char(apr_uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C
           || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
           || (cp >= 0x2066 && cp <= 0x2069);
}

/* Copy src to out (as large as src) keeping valid visible characters. */
static void pserv_mp_clean(const char *src, char *out)
{
    const unsigned char *s = (const unsigned char *)src;
    char *o = out;

    while (*s) {
        apr_uint32_t cp;
        apr_size_t n = pserv_mp_utf8(s, &cp);

        if (n == 0) {
            *o++ = '_';
            s++;
            continue;
        }
        if (!pserv_mp_hidden_char(cp)) {
            memcpy(o, s, n);
            o += n;
        }
        s += n;
    }
    *o = '\0';
}

static int pserv_mp_trimmed(char c)
{
    return c == ' ' || c == '.';
}

/* Cut spaces and dots from the end of s (in place). */
static void pserv_mp_trim_end(char *s)
{
    apr_size_t n = strlen(s);

    while (n > 0 && pserv_mp_trimmed(s[n - 1]))
        s[--n] = '\0';
}

/* Characters (not bytes) in the valid UTF-8 string s. */
static apr_size_t pserv_mp_chars(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The byte offset of character k of the valid UTF-8 string s. */
static apr_size_t pserv_mp_char_offset(const char *s, apr_size_t k)
{
    apr_size_t i = 0;

    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && k-- == 0)
            break;
    return i;
}

/* Cut s (in place) to PSERV_MP_DISPLAY_MAX_CHARS characters, keeping a
 * short extension so that "report ... .pdf" still reads as a PDF. */
static void pserv_mp_cap(char *s)
{
    apr_size_t total = pserv_mp_chars(s), ext_chars = 0;
    char *dot = strrchr(s, '.');

    if (total <= PSERV_MP_DISPLAY_MAX_CHARS)
        return;
    if (dot && dot != s)
        ext_chars = pserv_mp_chars(dot);
    if (ext_chars < 2 || ext_chars > PSERV_MP_EXT_MAX) {
        s[pserv_mp_char_offset(s, PSERV_MP_DISPLAY_MAX_CHARS)] = '\0';
        pserv_mp_trim_end(s);
        return;
    }
    {
        apr_size_t ext_len = strlen(dot);
        char *cut =
            s + pserv_mp_char_offset(s, PSERV_MP_DISPLAY_MAX_CHARS - ext_chars);

        memmove(cut, dot, ext_len + 1);
        /* The stem may now end in spaces or dots before the extension. */
        while (cut > s && pserv_mp_trimmed(cut[-1])) {
            memmove(cut - 1, cut, ext_len + 1);
            cut--;
        }
    }
}

char *pserv_mp_display_filename(apr_pool_t *p, const char *raw)
{
    const char *base = raw;
    char *out, *start;

    if (!raw)
        return apr_pstrdup(p, "lampiran");
    /* Browsers send a bare name, but old ones sent the client's full path
     * (with either separator): only its last component is the name. */
    for (; *raw; raw++)
        if (*raw == '/' || *raw == '\\')
            base = raw + 1;
    out = apr_palloc(p, strlen(base) + 1);
    pserv_mp_clean(base, out);
    start = out;
    while (pserv_mp_trimmed(*start))
        start++;
    pserv_mp_trim_end(start);
    pserv_mp_cap(start);
    return *start ? start : apr_pstrdup(p, "lampiran");
}

/* ---- content sniffing --------------------------------------------------- */

const char *pserv_mp_sniff(const unsigned char *head, apr_size_t n)
{
    static const struct {
        const char *magic;
        apr_size_t len;
        const char *type;
    } sig[] = {
        { "\xFF\xD8\xFF", 3, "image/jpeg" },
        { "\x89PNG\r\n\x1A\n", 8, "image/png" },
        { "%PDF-", 5, "application/pdf" },
    };
    apr_size_t i;

    if (!head)
        return NULL;
    for (i = 0; i < sizeof sig / sizeof sig[0]; i++)
        if (n >= sig[i].len && memcmp(head, sig[i].magic, sig[i].len) == 0)
            return sig[i].type;
    return NULL;
}
