/*
 * fuzz_urlencoded.c: libFuzzer target for mod_pserv/core/urlencoded.c.
 *
 * Input: the first byte chooses how the rest (the body) is cut into feeds
 * (as in fuzz_multipart) and the limits (bit 2: small ones). The body is
 * parsed whole and cut: both must agree exactly, pair by pair. A parse
 * that succeeds must respect the limits, never give out more bytes than
 * came in, hold no empty name, and survive a round trip: its table,
 * encoded again (every byte but [A-Za-z0-9] as %XX, or as '+' for a
 * space), parses back to the same table. The body also goes through
 * pserv_query_parse, whose values can only shrink under decoding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "urlencoded.h"

static apr_pool_t *root;

#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

static size_t fuzz_next_cut(uint8_t mode, uint32_t *rng, size_t left)
{
    size_t n;

    switch (mode & 3) {
    case 0:
        n = left;
        break;
    case 1:
        n = 1;
        break;
    case 2:
        n = (size_t)(mode >> 3) + 2;
        break;
    default:
        *rng ^= *rng << 13;
        *rng ^= *rng >> 17;
        *rng ^= *rng << 5;
        n = *rng % 16;
        break;
    }
    return n < left ? n : left;
}

static int fuzz_parse_cut(apr_pool_t *p, const uint8_t *body, size_t len,
                          uint8_t mode, const pserv_urlenc_limits *lim,
                          apr_table_t *out)
{
    pserv_urlenc *u = pserv_urlenc_create(p, lim, out);
    uint32_t rng = 0x9E3779B9u ^ mode;
    size_t at = 0;
    int rc = PSERV_URLENC_OK;

    while (rc == PSERV_URLENC_OK && at < len) {
        size_t n = fuzz_next_cut(mode, &rng, len - at);

        rc = pserv_urlenc_feed(u, (const char *)body + at, n);
        at += n;
    }
    if (rc == PSERV_URLENC_OK)
        rc = pserv_urlenc_finish(u);
    if (rc != PSERV_URLENC_OK) {
        /* Errors stick, and say why. */
        FUZZ_REQUIRE(pserv_urlenc_feed(u, "a=b", 3) == rc);
        FUZZ_REQUIRE(pserv_urlenc_finish(u) == rc);
        FUZZ_REQUIRE(strcmp(pserv_urlenc_error(u), "no error") != 0);
    }
    else
        FUZZ_REQUIRE(strcmp(pserv_urlenc_error(u), "no error") == 0);
    FUZZ_REQUIRE(rc == PSERV_URLENC_OK || rc == PSERV_URLENC_MALFORMED
                 || rc == PSERV_URLENC_LIMIT);
    return rc;
}

static void fuzz_same_tables(const apr_table_t *a, const apr_table_t *b)
{
    const apr_array_header_t *x = apr_table_elts(a), *y = apr_table_elts(b);
    const apr_table_entry_t *ex = (const apr_table_entry_t *)x->elts;
    const apr_table_entry_t *ey = (const apr_table_entry_t *)y->elts;
    int i;

    FUZZ_REQUIRE(x->nelts == y->nelts);
    for (i = 0; i < x->nelts; i++) {
        FUZZ_REQUIRE(strcmp(ex[i].key, ey[i].key) == 0);
        FUZZ_REQUIRE(strcmp(ex[i].val, ey[i].val) == 0);
    }
}

static char *fuzz_encode(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9'))
            *o++ = (char)c;
        else if (c == ' ')
            *o++ = '+';
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (apr_initialize() != APR_SUCCESS || apr_pool_create(&root, NULL))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pserv_urlenc_limits small = { 64, 8, 4 };
    const pserv_urlenc_limits *lim;
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    apr_table_t *whole, *cut;
    apr_pool_t *p;
    size_t decoded = 0;
    uint8_t mode;
    int rc_whole, rc_cut, i;

    if (size < 1)
        return 0;
    mode = data[0];
    data++;
    size--;
    lim = (mode & 4) ? &small : NULL;
    apr_pool_create(&p, root);
    whole = apr_table_make(p, 8);
    cut = apr_table_make(p, 8);
    rc_whole = fuzz_parse_cut(p, data, size, 0, lim, whole);
    rc_cut = fuzz_parse_cut(p, data, size, mode, lim, cut);
    FUZZ_REQUIRE(rc_whole == rc_cut);
    fuzz_same_tables(whole, cut);       /* also what came before an error */

    arr = apr_table_elts(whole);
    e = (const apr_table_entry_t *)arr->elts;
    for (i = 0; i < arr->nelts; i++) {
        size_t nk = strlen(e[i].key);

        FUZZ_REQUIRE(nk > 0);
        FUZZ_REQUIRE(nk <= (lim ? lim->max_name
                                : PSERV_URLENC_MAX_NAME_DEFAULT));
        decoded += nk + strlen(e[i].val);
    }
    FUZZ_REQUIRE(decoded <= size);
    FUZZ_REQUIRE(decoded <= (lim ? lim->max_bytes
                                 : PSERV_URLENC_MAX_BYTES_DEFAULT));
    FUZZ_REQUIRE(arr->nelts <= (lim ? lim->max_fields
                                    : PSERV_URLENC_MAX_FIELDS_DEFAULT));

    if (rc_whole == PSERV_URLENC_OK) {
        /* Round trip: encode what was read, read it again. */
        const char *body = "";
        apr_table_t *again;
        int rc;

        for (i = 0; i < arr->nelts; i++)
            body = apr_pstrcat(p, body, i ? "&" : "", fuzz_encode(p, e[i].key),
                               "=", fuzz_encode(p, e[i].val), NULL);
        again = pserv_urlenc_parse(p, body, strlen(body), lim, &rc);
        FUZZ_REQUIRE(rc == PSERV_URLENC_OK && again);
        fuzz_same_tables(whole, again);
    }

    /* The same bytes as a query string. */
    {
        const char *q = apr_pstrmemdup(p, (const char *)data, size);
        apr_table_t *t = pserv_query_parse(p, q);

        arr = apr_table_elts(t);
        e = (const apr_table_entry_t *)arr->elts;
        for (i = 0; i < arr->nelts; i++) {
            FUZZ_REQUIRE(strlen(e[i].key) <= strlen(q));
            FUZZ_REQUIRE(strlen(e[i].val) <= strlen(q));
            FUZZ_REQUIRE(apr_table_get(t, e[i].key) == e[i].val);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
