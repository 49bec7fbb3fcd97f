/*
 * urlencoded.c: urlencoded bodies and query strings (see urlencoded.h).
 *
 * The body reader decodes each byte into one buffer allocated at create
 * and sized from max_bytes: the decoded bytes of all names and values
 * together may not pass max_bytes, so neither can the one being read.
 */
#include "urlencoded.h"

#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

struct pserv_urlenc {
    apr_pool_t *pool;
    apr_table_t *out;
    pserv_urlenc_limits lim;
    char *buf; /* the name or value being decoded */
    apr_size_t len;
    char *name;       /* the pair's name once '=' was seen */
    apr_size_t total; /* decoded bytes so far */
    int fields;
    int pct; /* hex digits of a %XX still to come */
    unsigned hi;
    int rc;
    const char *error;
};

pserv_urlenc *pserv_urlenc_create(apr_pool_t *p, const pserv_urlenc_limits *lim,
                                  apr_table_t *out)
{
    pserv_urlenc *u = apr_pcalloc(p, sizeof *u);

    u->pool = p;
    u->out = out;
    if (lim)
        u->lim = *lim;
    if (!u->lim.max_bytes)
        u->lim.max_bytes = PSERV_URLENC_MAX_BYTES_DEFAULT;
    if (u->lim.max_bytes > PSERV_URLENC_MAX_BYTES_CAP)
        u->lim.max_bytes = PSERV_URLENC_MAX_BYTES_CAP;
    if (!u->lim.max_name)
        u->lim.max_name = PSERV_URLENC_MAX_NAME_DEFAULT;
    if (u->lim.max_fields <= 0)
        u->lim.max_fields = PSERV_URLENC_MAX_FIELDS_DEFAULT;
    u->buf = apr_palloc(p, u->lim.max_bytes);
    u->error = "no error";
    return u;
}

static int pserv_urlenc_fail(pserv_urlenc *u, int rc, const char *why)
{
    u->rc = rc;
    u->error = why;
    return rc;
}

static int pserv_urlenc_hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One decoded byte of the current name or value. */
static int pserv_urlenc_put(pserv_urlenc *u, char c)
{
    if (c == '\0')
        return pserv_urlenc_fail(u, PSERV_URLENC_MALFORMED, "NUL byte");
    if (++u->total > u->lim.max_bytes)
        return pserv_urlenc_fail(u, PSERV_URLENC_LIMIT, "body too large");
    if (!u->name && u->len >= u->lim.max_name)
        return pserv_urlenc_fail(u, PSERV_URLENC_LIMIT, "name too long");
    u->buf[u->len++] = c;
    return PSERV_URLENC_OK;
}

static int pserv_urlenc_name_end(pserv_urlenc *u)
{
    if (u->len == 0)
        return pserv_urlenc_fail(u, PSERV_URLENC_MALFORMED, "empty name");
    if (++u->fields > u->lim.max_fields)
        return pserv_urlenc_fail(u, PSERV_URLENC_LIMIT, "too many fields");
    u->name = apr_pstrmemdup(u->pool, u->buf, u->len);
    u->len = 0;
    return PSERV_URLENC_OK;
}

/* End of a pair: kept when it had a '=', dropped otherwise. */
static void pserv_urlenc_pair_end(pserv_urlenc *u)
{
    if (u->name)
        apr_table_addn(u->out, u->name,
                       apr_pstrmemdup(u->pool, u->buf, u->len));
    u->name = NULL;
    u->len = 0;
}

int pserv_urlenc_feed(pserv_urlenc *u, const char *data, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < len && u->rc == PSERV_URLENC_OK; i++) {
        int c = (unsigned char)data[i], d;

        if (u->pct) {
            if ((d = pserv_urlenc_hex(c)) < 0)
                return pserv_urlenc_fail(u, PSERV_URLENC_MALFORMED,
                                         "bad %XX escape");
            if (--u->pct) {
                u->hi = (unsigned)d;
                continue;
            }
            pserv_urlenc_put(u, (char)(u->hi << 4 | (unsigned)d));
            continue;
        }
        switch (c) {
        case '%':
            u->pct = 2;
            break;
        case '&':
            pserv_urlenc_pair_end(u);
            break;
        case '=':
            if (!u->name)
                pserv_urlenc_name_end(u);
            else
                pserv_urlenc_put(u, '=');
            break;
        case '+':
            pserv_urlenc_put(u, ' ');
            break;
        default:
            pserv_urlenc_put(u, (char)c);
            break;
        }
    }
    return u->rc;
}

int pserv_urlenc_finish(pserv_urlenc *u)
{
    if (u->rc != PSERV_URLENC_OK)
        return u->rc;
    if (u->pct)
        return pserv_urlenc_fail(u, PSERV_URLENC_MALFORMED,
                                 "body ends inside a %XX escape");
    pserv_urlenc_pair_end(u);
    return PSERV_URLENC_OK;
}

const char *pserv_urlenc_error(const pserv_urlenc *u)
{
    return u->error;
}

apr_table_t *pserv_urlenc_parse(apr_pool_t *p, const char *data, apr_size_t len,
                                const pserv_urlenc_limits *lim, int *rc)
{
    apr_table_t *t = apr_table_make(p, 8);
    pserv_urlenc *u = pserv_urlenc_create(p, lim, t);

    *rc = pserv_urlenc_feed(u, data, len);
    if (*rc == PSERV_URLENC_OK)
        *rc = pserv_urlenc_finish(u);
    return *rc == PSERV_URLENC_OK ? t : NULL;
}

/* ---- query strings ------------------------------------------------------ */

/* In place, as httpd's ap_unescape_url: %XX with two hex digits decoded
 * (%00 ends the string), any other '%' kept. */
static void pserv_query_unescape(char *s)
{
    char *x = strchr(s, '%'), *y = x;

    if (!x)
        return;
    for (; *y; x++, y++) {
        if (*y == '%' && apr_isxdigit(y[1]) && apr_isxdigit(y[2])) {
            *x = (char)(pserv_urlenc_hex((unsigned char)y[1]) << 4
                        | pserv_urlenc_hex((unsigned char)y[2]));
            y += 2;
        }
        else
            *x = *y;
    }
    *x = '\0';
}

apr_table_t *pserv_query_parse(apr_pool_t *p, const char *args)
{
    apr_table_t *t = apr_table_make(p, 10);
    char *copy, *key, *value, *last;

    if (!args)
        return t;
    copy = apr_pstrdup(p, args);
    for (key = apr_strtok(copy, "&", &last); key;
         key = apr_strtok(NULL, "&", &last)) {
        value = strchr(key, '=');
        if (value)
            *value++ = '\0';
        pserv_query_unescape(key);
        if (value)
            pserv_query_unescape(value);
        apr_table_set(t, key, value ? value : "1");
    }
    return t;
}
