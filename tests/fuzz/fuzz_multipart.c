/*
 * fuzz_multipart.c: libFuzzer target for mod_pserv/core/multipart.c.
 *
 * Input: the first byte chooses how the rest (the body) is cut into feeds
 * and which limits apply; the boundary is fixed ("fuzzB0undary", see the
 * dictionary). Each input is parsed twice, once in a single feed and once
 * cut as chosen: both parses must agree exactly (result code and a hash of
 * every callback event), since where a network read ends must never
 * change what the module sees. The callbacks also check the order of
 * events and the limits. The body's leading bytes are also thrown at
 * pserv_mp_create (as a Content-Type), pserv_mp_display_filename and
 * pserv_mp_sniff.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "multipart.h"

#define FUZZ_CT         "multipart/form-data; boundary=fuzzB0undary"
#define FUZZ_STOP_CODE  1234        /* returned for a part named "stop" */

static apr_pool_t *root;

typedef struct {
    const pserv_mp_limits *lim;
    apr_pool_t *pool;
    uint64_t    hash;               /* FNV-1a over the events */
    uint64_t    bytes;              /* part data seen */
    int         in_part, parts, stopped;
} fuzz_state;

/* A failed invariant is a bug: crash so libFuzzer keeps the input. */
#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

static void fuzz_hash(fuzz_state *st, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < len; i++)
        st->hash = (st->hash ^ p[i]) * 1099511628211ULL;
}

static void fuzz_hash_str(fuzz_state *st, char tag, const char *s)
{
    fuzz_hash(st, &tag, 1);
    if (s)
        fuzz_hash(st, s, strlen(s) + 1);
}

/* Strict UTF-8 check and character count, written independently of the
 * parser's own decoder. -1 when invalid. */
static long fuzz_utf8_chars(const unsigned char *s)
{
    long chars = 0;

    while (*s) {
        unsigned c = *s, cp, n, i;

        if (c < 0x80)
            n = 1, cp = c;
        else if ((c & 0xE0) == 0xC0)
            n = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            n = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            n = 4, cp = c & 0x07;
        else
            return -1;
        for (i = 1; i < n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800)
            || (n == 4 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
            || (cp >= 0x202A && cp <= 0x202E))
            return -1;              /* must have been removed */
        s += n;
        chars++;
    }
    return chars;
}

static void fuzz_check_display(apr_pool_t *p, const char *raw)
{
    const char *s = pserv_mp_display_filename(p, raw);
    size_t n = strlen(s);
    long chars = fuzz_utf8_chars((const unsigned char *)s);

    FUZZ_REQUIRE(n > 0);
    FUZZ_REQUIRE(chars > 0 && chars <= PSERV_MP_DISPLAY_MAX_CHARS);
    FUZZ_REQUIRE(!strchr(s, '/') && !strchr(s, '\\'));
    FUZZ_REQUIRE(s[0] != ' ' && s[0] != '.');
    FUZZ_REQUIRE(s[n - 1] != ' ' && s[n - 1] != '.');
}

static int fuzz_begin(void *ctx, const char *name, const char *filename,
                      const char *content_type)
{
    fuzz_state *st = ctx;

    FUZZ_REQUIRE(!st->stopped && !st->in_part);
    FUZZ_REQUIRE(name && *name);
    FUZZ_REQUIRE(strlen(name) <= st->lim->max_name_bytes);
    FUZZ_REQUIRE(!filename || strlen(filename) <= st->lim->max_filename_bytes);
    FUZZ_REQUIRE(!content_type || *content_type);
    FUZZ_REQUIRE(++st->parts <= st->lim->max_parts);
    st->in_part = 1;
    fuzz_hash_str(st, 'B', name);
    fuzz_hash_str(st, filename ? 'F' : 'f', filename);
    fuzz_hash_str(st, content_type ? 'T' : 't', content_type);
    if (filename)
        fuzz_check_display(st->pool, filename);
    if (content_type)       /* any text may reach pserv_mp_create */
        (void)pserv_mp_create(st->pool, content_type, NULL, NULL, NULL);
    if (strcmp(name, "stop") == 0) {
        st->stopped = 1;
        return FUZZ_STOP_CODE;
    }
    return 0;
}

static int fuzz_data(void *ctx, const char *data, apr_size_t len)
{
    fuzz_state *st = ctx;
    const char *type;

    FUZZ_REQUIRE(!st->stopped && st->in_part);
    FUZZ_REQUIRE(len > 0);
    fuzz_hash(st, data, len);       /* bytes only: cut-independent */
    st->bytes += len;
    type = pserv_mp_sniff((const unsigned char *)data, len);
    FUZZ_REQUIRE(!type || strchr(type, '/'));
    return 0;
}

static int fuzz_end(void *ctx)
{
    fuzz_state *st = ctx;

    FUZZ_REQUIRE(!st->stopped && st->in_part);
    st->in_part = 0;
    fuzz_hash_str(st, 'E', NULL);
    return 0;
}

static const pserv_mp_callbacks fuzz_cb = { fuzz_begin, fuzz_data, fuzz_end };

/* Length of the next feed for cutting pattern mode (0 = all at once). */
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
        /* xorshift: sizes 0..15, empty feeds included. */
        *rng ^= *rng << 13;
        *rng ^= *rng >> 17;
        *rng ^= *rng << 5;
        n = *rng % 16;
        break;
    }
    return n < left ? n : left;
}

static int fuzz_parse(const uint8_t *body, size_t len, uint8_t mode,
                      const pserv_mp_limits *lim, fuzz_state *st)
{
    pserv_mp *mp = pserv_mp_create(st->pool, FUZZ_CT, lim, &fuzz_cb, st);
    uint32_t rng = 0x9E3779B9u ^ mode;
    size_t at = 0;
    int rc = PSERV_MP_OK;

    FUZZ_REQUIRE(mp != NULL);
    while (rc == PSERV_MP_OK && at < len) {
        size_t n = fuzz_next_cut(mode, &rng, len - at);

        rc = pserv_mp_feed(mp, (const char *)body + at, n);
        at += n;
    }
    if (rc == PSERV_MP_OK)
        rc = pserv_mp_finish(mp);
    if (rc == PSERV_MP_OK) {
        FUZZ_REQUIRE(!st->in_part);
        FUZZ_REQUIRE(strcmp(pserv_mp_error(mp), "no error") == 0);
    }
    else {
        /* Errors stick, and say why. */
        FUZZ_REQUIRE(pserv_mp_feed(mp, "\r\n", 2) == rc);
        FUZZ_REQUIRE(pserv_mp_finish(mp) == rc);
        FUZZ_REQUIRE(strcmp(pserv_mp_error(mp), "no error") != 0);
    }
    FUZZ_REQUIRE(rc == PSERV_MP_OK || rc == PSERV_MP_MALFORMED
                 || rc == PSERV_MP_LIMIT || rc == FUZZ_STOP_CODE);
    FUZZ_REQUIRE((rc == FUZZ_STOP_CODE) == st->stopped);
    return rc;
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
    static const pserv_mp_limits small = { 200, 4, 16, 32 };
    static const pserv_mp_limits defaults = {
        PSERV_MP_MAX_HEADER_DEFAULT, PSERV_MP_MAX_PARTS_DEFAULT,
        PSERV_MP_MAX_NAME_DEFAULT, PSERV_MP_MAX_FILENAME_DEFAULT
    };
    fuzz_state cut, whole;
    apr_pool_t *p;
    uint8_t mode;
    int rc_cut, rc_whole;

    if (size < 1)
        return 0;
    mode = data[0];
    apr_pool_create(&p, root);
    memset(&cut, 0, sizeof cut);
    cut.lim = (mode & 4) ? &small : &defaults;
    cut.pool = p;
    whole = cut;
    rc_cut = fuzz_parse(data + 1, size - 1, mode, cut.lim, &cut);
    rc_whole = fuzz_parse(data + 1, size - 1, 0, whole.lim, &whole);
    FUZZ_REQUIRE(rc_cut == rc_whole);
    FUZZ_REQUIRE(cut.hash == whole.hash && cut.bytes == whole.bytes);
    FUZZ_REQUIRE(cut.parts == whole.parts && cut.in_part == whole.in_part);

    /* The raw bytes as a Content-Type and as a filename. */
    {
        const char *text = apr_pstrndup(p, (const char *)data + 1,
                                        size - 1 < 300 ? size - 1 : 300);

        (void)pserv_mp_create(p, text, NULL, &fuzz_cb, NULL);
        fuzz_check_display(p, text);
        (void)pserv_mp_sniff(data + 1, size - 1);
    }
    apr_pool_destroy(p);
    return 0;
}
