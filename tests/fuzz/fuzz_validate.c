/*
 * fuzz_validate.c: libFuzzer target for mod_pserv/core/validate.c: the
 * nopek look-up's input (its query string, read by pserv_query_parse in
 * urlencoded.c; the kinds from workflow.c) and the small validators.
 *
 * Input: the whole of it, up to a NUL, is the look-up's query string and
 * the string every validator judges. Invariants: a look-up accepted has
 * an HO kind and a nopek of 4 to 20 digits, both trimmed and no longer
 * than the query; the verdict does not change when kind and nopek are
 * sent again on their own; the validators agree with small reference
 * versions written here (strict UTF-8 included), pserv_valid_text is
 * monotone in max_chars and multiline, and pserv_trim is idempotent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "pserv_core.h"

static apr_pool_t *root;

#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

static int fuzz_all(const char *s, const char *set, size_t min, size_t max)
{
    size_t n = strlen(s);

    return n >= min && n <= max && strspn(s, set) == n;
}

#define FUZZ_DIGITS "0123456789"

/* Characters of strict UTF-8 (no overlongs, surrogates or > U+10FFFF),
 * -1 when invalid; controls are the caller's business. */
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
        s += n;
        chars++;
    }
    return chars;
}

static int fuzz_text_ok(const char *s, size_t max, int multiline)
{
    const unsigned char *u = (const unsigned char *)s;
    long chars = fuzz_utf8_chars(u);

    if (chars < 0 || (size_t)chars > max)
        return 0;
    for (; *u; u++)
        if ((*u < 0x20 || *u == 0x7f) && *u != '\t'
            && !(multiline && (*u == '\r' || *u == '\n')))
            return 0;
    return 1;
}

static void fuzz_validators(apr_pool_t *p, const char *s)
{
    size_t n = strlen(s), max;
    const char *t;

    FUZZ_REQUIRE(pserv_valid_nopek(s) == fuzz_all(s, FUZZ_DIGITS, 4, 20));
    FUZZ_REQUIRE(pserv_valid_username(s)
                 == (fuzz_all(s, "abcdefghijklmnopqrstuvwxyz" FUZZ_DIGITS
                                 "._-", 3, 32)
                     && (apr_islower(s[0]) || apr_isdigit(s[0]))));
    for (max = 0; max <= 8; max += 4) {
        FUZZ_REQUIRE(pserv_valid_text(s, max, 0) == fuzz_text_ok(s, max, 0));
        FUZZ_REQUIRE(pserv_valid_text(s, max, 1) == fuzz_text_ok(s, max, 1));
        FUZZ_REQUIRE(!pserv_valid_text(s, max, 0)
                     || (pserv_valid_text(s, max + 1, 0)
                         && pserv_valid_text(s, max, 1)));
    }
    FUZZ_REQUIRE(pserv_valid_text(s, n, 1) == fuzz_text_ok(s, n, 1));
    if (pserv_valid_email(s)) {
        const char *at = strchr(s, '@');

        FUZZ_REQUIRE(n >= 3 && n <= 254 && at && at > s);
        FUZZ_REQUIRE(!strchr(at + 1, '@') && strchr(at + 1, '.'));
        FUZZ_REQUIRE(strcspn(s, " \t\r\n<>\",;\\") == n);
    }
    if (pserv_valid_local_path(s)) {
        FUZZ_REQUIRE(s[0] == '/' && s[1] != '/' && s[1] != '\\');
        FUZZ_REQUIRE(n <= 2000 && !strchr(s, '\\') && !strchr(s, ' '));
    }
    if (pserv_valid_date(s)) {
        int y, m, d;
        apr_time_exp_t x;
        apr_time_t tm;

        FUZZ_REQUIRE(sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3);
        FUZZ_REQUIRE(strcmp(apr_psprintf(p, "%04d-%02d-%02d", y, m, d), s)
                     == 0);
        /* A real date: through the calendar and back unchanged. */
        memset(&x, 0, sizeof x);
        x.tm_year = y - 1900;
        x.tm_mon = m - 1;
        x.tm_mday = d;
        x.tm_hour = 12;
        FUZZ_REQUIRE(apr_time_exp_gmt_get(&tm, &x) == APR_SUCCESS);
        FUZZ_REQUIRE(apr_time_exp_gmt(&x, tm) == APR_SUCCESS);
        FUZZ_REQUIRE(x.tm_year == y - 1900 && x.tm_mon == m - 1
                     && x.tm_mday == d);
    }
    t = pserv_trim(p, s);
    FUZZ_REQUIRE(strlen(t) <= n && strcmp(pserv_trim(p, t), t) == 0);
    FUZZ_REQUIRE(!*t || (!apr_isspace(t[0]) && !apr_isspace(t[strlen(t) - 1])));
}

static void fuzz_lookup(apr_pool_t *p, const char *args)
{
    const char *kind, *nopek, *k2, *n2;
    int rc = pserv_lookup_input(p, args, &kind, &nopek), rc2;

    FUZZ_REQUIRE(rc == PSERV_LOOKUP_OK || rc == PSERV_LOOKUP_BAD_KIND
                 || rc == PSERV_LOOKUP_BAD_NOPEK);
    FUZZ_REQUIRE(kind && nopek);
    FUZZ_REQUIRE(strlen(kind) <= strlen(args) && strlen(nopek) <= strlen(args));
    FUZZ_REQUIRE(strcmp(pserv_trim(p, kind), kind) == 0);
    FUZZ_REQUIRE(strcmp(pserv_trim(p, nopek), nopek) == 0);
    FUZZ_REQUIRE((rc == PSERV_LOOKUP_BAD_KIND) == !pserv_kind_is_ho(kind));
    if (rc == PSERV_LOOKUP_OK) {
        FUZZ_REQUIRE(!strcmp(kind, "HO_ORGANIK") || !strcmp(kind, "HO_TKJP"));
        FUZZ_REQUIRE(fuzz_all(nopek, FUZZ_DIGITS, 4, 20));
        /* Sent again, alone and clean: the same verdict and values. */
        rc2 = pserv_lookup_input(p, apr_pstrcat(p, "nopek=", nopek,
                                                "&kind=", kind, NULL),
                                 &k2, &n2);
        FUZZ_REQUIRE(rc2 == PSERV_LOOKUP_OK);
        FUZZ_REQUIRE(!strcmp(k2, kind) && !strcmp(n2, nopek));
    }
    else if (rc == PSERV_LOOKUP_BAD_NOPEK)
        FUZZ_REQUIRE(!pserv_valid_nopek(nopek));
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
    apr_pool_t *p;
    const char *s;

    apr_pool_create(&p, root);
    s = apr_pstrmemdup(p, (const char *)data, size);
    fuzz_lookup(p, s);
    fuzz_validators(p, s);
    apr_pool_destroy(p);
    return 0;
}
