/*
 * fuzz_cookie.c: libFuzzer target for mod_pserv/core/cookie.c (with
 * token.c, whose pserv_token_valid judges the cookie's shape).
 *
 * Input: the first byte picks the cookie name looked for; the rest, split
 * at '\n', is one Cookie header per line. Invariants: the value found
 * holds no ',' or ';' and starts no piece with white space; a token given
 * out is token-shaped and never comes from a duplicated cookie; the result
 * does not depend on the order of the header lines (the last value wins
 * only when all agree), nor on whether they come as separate headers or
 * one joined by ','; "NAME=value" built from what was found reads back
 * the same. The rest of the input also exercises token.c's encoders.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "cookie.h"
#include "pserv_core.h"

static apr_pool_t *root;

#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

#define FUZZ_MAX_LINES 64

static void fuzz_same(const pserv_cookie_found *a, const pserv_cookie_found *b)
{
    FUZZ_REQUIRE(a->duplicated == b->duplicated);
    FUZZ_REQUIRE(!a->value == !b->value);
    if (!a->duplicated && a->value)
        FUZZ_REQUIRE(strcmp(a->value, b->value) == 0);
    FUZZ_REQUIRE(pserv_cookie_token(a) == NULL
                 || (pserv_cookie_token(b)
                     && !strcmp(pserv_cookie_token(a), pserv_cookie_token(b))));
}

static void fuzz_encoders(apr_pool_t *p, const uint8_t *data, size_t size)
{
    size_t n = size < 48 ? size : 48;
    const char *b64 = pserv_base64url(p, data, n);
    const char *hex = pserv_hex(p, data, n);

    FUZZ_REQUIRE(strlen(b64) == (n * 4 + 2) / 3);
    FUZZ_REQUIRE(strlen(hex) == n * 2);
    FUZZ_REQUIRE(pserv_token_valid(b64) == (n == PSERV_TOKEN_BYTES));
    FUZZ_REQUIRE(strlen(pserv_token_hash(p, b64)) == PSERV_SHA256_BYTES * 2);
    FUZZ_REQUIRE(pserv_ct_streq(b64, b64) && pserv_ct_streq(hex, hex));
    FUZZ_REQUIRE(n == 0 || !pserv_ct_streq(b64, hex));
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
    static const char *const names[] = {
        "pserv_session", "__Host-pserv_session", "pserv_csrf", "a"
    };
    const char *lines[FUZZ_MAX_LINES], *name, *joined = NULL, *tok;
    pserv_cookie_found fwd, back, one, again;
    apr_pool_t *p;
    char *text, *line, *last;
    int n = 0, i;

    if (size < 1)
        return 0;
    apr_pool_create(&p, root);
    name = names[data[0] & 3];
    text = apr_pstrmemdup(p, (const char *)data + 1, size - 1);
    /* Lines end at '\n' (or at a NUL: headers are C strings). */
    for (line = text; n < FUZZ_MAX_LINES; line = last + 1) {
        last = strchr(line, '\n');
        if (last)
            *last = '\0';
        lines[n++] = line;
        if (!last)
            break;
    }

    memset(&fwd, 0, sizeof fwd);
    memset(&back, 0, sizeof back);
    memset(&one, 0, sizeof one);
    for (i = 0; i < n; i++) {
        pserv_cookie_scan(p, lines[i], name, &fwd);
        pserv_cookie_scan(p, lines[n - 1 - i], name, &back);
        joined = joined ? apr_pstrcat(p, joined, ",", lines[i], NULL)
                        : lines[i];
    }
    pserv_cookie_scan(p, joined, name, &one);
    fuzz_same(&fwd, &back);
    fuzz_same(&fwd, &one);
    FUZZ_REQUIRE(fwd.value == NULL || strlen(fwd.value) < size);

    if (fwd.value) {
        FUZZ_REQUIRE(!strchr(fwd.value, ',') && !strchr(fwd.value, ';'));
        /* What was found reads back the same on its own. */
        memset(&again, 0, sizeof again);
        pserv_cookie_scan(p, apr_pstrcat(p, " ", name, "=", fwd.value, NULL),
                          name, &again);
        FUZZ_REQUIRE(again.value && !again.duplicated
                     && strcmp(again.value, fwd.value) == 0);
    }
    tok = pserv_cookie_token(&fwd);
    if (tok) {
        FUZZ_REQUIRE(!fwd.duplicated && tok == fwd.value);
        FUZZ_REQUIRE(strlen(tok) == PSERV_TOKEN_CHARS);
        FUZZ_REQUIRE(pserv_token_valid(tok));
    }
    else
        FUZZ_REQUIRE(fwd.duplicated || !fwd.value
                     || !pserv_token_valid(fwd.value));
    fuzz_encoders(p, data + 1, size - 1);
    apr_pool_destroy(p);
    return 0;
}
