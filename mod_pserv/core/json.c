/* json.c: the API's JSON writer (see json.h). APR only. */
#include "json.h"

#include <string.h>

#include <apr_strings.h>

/* The text grows in the pool by doubling; what it outgrows stays there
 * until the pool goes (a request's pool, for the API). */
static int pserv_json_room(pserv_json *j, apr_size_t n)
{
    apr_size_t need, cap;
    char *buf;

    if (j->failed)
        return 0;
    need = j->len + n + 1;
    if (need <= j->cap)
        return 1;
    for (cap = j->cap ? j->cap : 256; cap < need; cap *= 2)
        ;
    buf = apr_palloc(j->pool, cap);
    if (j->len)
        memcpy(buf, j->buf, j->len);
    j->buf = buf;
    j->cap = cap;
    return 1;
}

static void pserv_json_put(pserv_json *j, const char *s, apr_size_t n)
{
    if (n == 0 || !pserv_json_room(j, n))
        return;
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

/* Length of the well-formed UTF-8 sequence at s (n >= 1 bytes left, s[0]
 * >= 0x80) with its code point in *cp; or, negated, the length of its
 * maximal ill-formed subpart (at least 1). Unicode 15, table 3-7. */
static int pserv_utf8_seq(const unsigned char *s, apr_size_t n,
                          unsigned long *cp)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    int need, i;

    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        *cp = c & 0x1F;
    }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        *cp = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    }
    else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        *cp = c & 0x07;
        if (c == 0xF0)
            lo = 0x90; /* no overlong forms */
        else if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    }
    else
        return -1; /* 80-C1, F5-FF never lead */
    for (i = 1; i <= need; i++) {
        if ((apr_size_t)i >= n || s[i] < lo || s[i] > hi)
            return -i;
        *cp = (*cp << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

static void pserv_json_put_string(pserv_json *j, const char *str, apr_size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    apr_size_t i = 0, run = 0;
    char esc[7];

    pserv_json_put(j, "\"", 1);
    while (i < n) {
        unsigned char c = s[i];
        unsigned long cp = 0;
        int k;

        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<'
            && c != '>' && c != '&') {
            i++;
            continue;
        }
        pserv_json_put(j, str + run, i - run);
        if (c < 0x80) {
            const char *e = c == '"'    ? "\\\""
                            : c == '\\' ? "\\\\"
                            : c == '\n' ? "\\n"
                            : c == '\r' ? "\\r"
                            : c == '\t' ? "\\t"
                            : c == '\b' ? "\\b"
                            : c == '\f' ? "\\f"
                                        : NULL;
            if (e)
                pserv_json_put(j, e, 2);
            else {
                memcpy(esc, "\\u00", 4);
                esc[4] = hexd[c >> 4];
                esc[5] = hexd[c & 15];
                pserv_json_put(j, esc, 6);
            }
            i++;
        }
        else if ((k = pserv_utf8_seq(s + i, n - i, &cp)) > 0) {
            /* LINE and PARAGRAPH SEPARATOR: legal in JSON, not in older
             * JavaScript string literals. */
            if (cp == 0x2028 || cp == 0x2029)
                pserv_json_put(j, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
            else
                pserv_json_put(j, str + i, (apr_size_t)k);
            i += (apr_size_t)k;
        }
        else {
            pserv_json_put(j, "\xEF\xBF\xBD", 3); /* U+FFFD */
            i += (apr_size_t)-k;
        }
        run = i;
    }
    pserv_json_put(j, str + run, i - run);
    pserv_json_put(j, "\"", 1);
}

pserv_json *pserv_json_new(apr_pool_t *p)
{
    pserv_json *j = apr_pcalloc(p, sizeof *j);

    j->pool = p;
    return j;
}

/* Where a value may go now: writes the comma before an array element.
 * 0 (and the writer failed) when no value may go here. */
static int pserv_json_value_start(pserv_json *j)
{
    if (j->failed)
        return 0;
    if (j->depth == 0) {
        if (j->done)
            j->failed = 1; /* one top-level value only */
    }
    else if (j->open[j->depth - 1] == '{') {
        if (!j->want_value)
            j->failed = 1; /* a member needs its key */
        j->want_value = 0;
    }
    else if (j->count[j->depth - 1]++)
        pserv_json_put(j, ",", 1);
    return !j->failed;
}

/* After a complete value at the current depth. */
static void pserv_json_value_done(pserv_json *j)
{
    if (j->depth == 0)
        j->done = 1;
}

static void pserv_json_open(pserv_json *j, char kind)
{
    if (!pserv_json_value_start(j))
        return;
    if (j->depth == PSERV_JSON_DEPTH) {
        j->failed = 1;
        return;
    }
    j->open[j->depth] = kind;
    j->count[j->depth] = 0;
    j->depth++;
    pserv_json_put(j, &kind, 1);
}

void pserv_json_object(pserv_json *j)
{
    pserv_json_open(j, '{');
}

void pserv_json_array(pserv_json *j)
{
    pserv_json_open(j, '[');
}

void pserv_json_end(pserv_json *j)
{
    if (j->failed)
        return;
    if (j->depth == 0 || j->want_value) {
        j->failed = 1;
        return;
    }
    j->depth--;
    pserv_json_put(j, j->open[j->depth] == '{' ? "}" : "]", 1);
    pserv_json_value_done(j);
}

void pserv_json_key(pserv_json *j, const char *key)
{
    if (j->failed)
        return;
    if (j->depth == 0 || j->open[j->depth - 1] != '{' || j->want_value
        || !key) {
        j->failed = 1;
        return;
    }
    if (j->count[j->depth - 1]++)
        pserv_json_put(j, ",", 1);
    pserv_json_put_string(j, key, strlen(key));
    pserv_json_put(j, ":", 1);
    j->want_value = 1;
}

void pserv_json_strn(pserv_json *j, const char *s, apr_size_t len)
{
    if (!s) {
        pserv_json_null(j);
        return;
    }
    if (!pserv_json_value_start(j))
        return;
    pserv_json_put_string(j, s, len);
    pserv_json_value_done(j);
}

void pserv_json_str(pserv_json *j, const char *s)
{
    if (s)
        pserv_json_strn(j, s, strlen(s));
    else
        pserv_json_null(j);
}

static void pserv_json_literal(pserv_json *j, const char *text)
{
    if (!pserv_json_value_start(j))
        return;
    pserv_json_put(j, text, strlen(text));
    pserv_json_value_done(j);
}

void pserv_json_int(pserv_json *j, apr_int64_t v)
{
    char num[32];

    apr_snprintf(num, sizeof num, "%" APR_INT64_T_FMT, v);
    pserv_json_literal(j, num);
}

void pserv_json_bool(pserv_json *j, int v)
{
    pserv_json_literal(j, v ? "true" : "false");
}

void pserv_json_null(pserv_json *j)
{
    pserv_json_literal(j, "null");
}

void pserv_json_kstr(pserv_json *j, const char *key, const char *s)
{
    pserv_json_key(j, key);
    pserv_json_str(j, s);
}

void pserv_json_kint(pserv_json *j, const char *key, apr_int64_t v)
{
    pserv_json_key(j, key);
    pserv_json_int(j, v);
}

void pserv_json_kbool(pserv_json *j, const char *key, int v)
{
    pserv_json_key(j, key);
    pserv_json_bool(j, v);
}

const char *pserv_json_finish(pserv_json *j, apr_size_t *len)
{
    if (j->failed || j->depth != 0 || !j->done || !pserv_json_room(j, 0))
        return NULL;
    j->buf[j->len] = '\0';
    if (len)
        *len = j->len;
    return j->buf;
}

char *pserv_json_quote(apr_pool_t *p, const char *s, apr_size_t len,
                       apr_size_t *out_len)
{
    pserv_json *j = pserv_json_new(p);

    pserv_json_strn(j, s, len);
    return (char *)pserv_json_finish(j, out_len);
}
