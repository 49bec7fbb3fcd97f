/* test_cookie.c: Check tests for mod_pserv/core/cookie.c. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "cookie.h"
#include "pserv_core.h"

#include "check_main.h"

#define TOK  "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
#define TOK2 "zbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

/* Scan the NULL-terminated header lines for name. */
static pserv_cookie_found scan(const char *name, ...)
{
    pserv_cookie_found f;
    va_list ap;
    const char *h;

    memset(&f, 0, sizeof f);
    va_start(ap, name);
    while ((h = va_arg(ap, const char *)))
        pserv_cookie_scan(pool, h, name, &f);
    va_end(ap);
    return f;
}

START_TEST(finds_the_cookie)
{
    pserv_cookie_found f = scan("pserv_session",
                                "theme=dark; pserv_session=" TOK "; lang=id",
                                NULL);

    ck_assert_str_eq(f.value, TOK);
    ck_assert_int_eq(f.duplicated, 0);
    ck_assert_str_eq(pserv_cookie_token(&f), TOK);
}
END_TEST

START_TEST(name_must_match_exactly)
{
    pserv_cookie_found f = scan("pserv_session",
                                "xpserv_session=" TOK "; pserv_sessionx=" TOK,
                                "__Host-pserv_session=" TOK, NULL);

    ck_assert_ptr_null(f.value);
    ck_assert_ptr_null(pserv_cookie_token(&f));
    f = scan("__Host-pserv_session", "__Host-pserv_session=" TOK, NULL);
    ck_assert_str_eq(pserv_cookie_token(&f), TOK);
}
END_TEST

START_TEST(same_value_twice_is_fine)
{
    pserv_cookie_found f = scan("pserv_csrf", "pserv_csrf=" TOK,
                                "a=1, pserv_csrf=" TOK, NULL);

    ck_assert_int_eq(f.duplicated, 0);
    ck_assert_str_eq(pserv_cookie_token(&f), TOK);
}
END_TEST

START_TEST(different_values_are_refused)
{
    pserv_cookie_found f = scan("pserv_csrf", "pserv_csrf=" TOK,
                                "pserv_csrf=" TOK2, NULL);

    ck_assert_int_eq(f.duplicated, 1);
    ck_assert_ptr_null(pserv_cookie_token(&f));
    f = scan("pserv_csrf", "pserv_csrf=" TOK "; pserv_csrf=" TOK2
             "; pserv_csrf=" TOK, NULL);
    ck_assert_int_eq(f.duplicated, 1);
}
END_TEST

START_TEST(value_taken_as_it_is)
{
    /* Leading space is skipped before the name only; nothing is trimmed
     * after it, so a padded token is no token. */
    pserv_cookie_found f = scan("pserv_session", "  pserv_session=" TOK " ",
                                NULL);

    ck_assert_str_eq(f.value, TOK " ");
    ck_assert_ptr_null(pserv_cookie_token(&f));
    f = scan("pserv_session", "pserv_session= " TOK, NULL);
    ck_assert_ptr_null(pserv_cookie_token(&f));
    f = scan("pserv_session", "pserv_session=" TOK "x", NULL);
    ck_assert_ptr_null(pserv_cookie_token(&f));
    f = scan("a", "a=", NULL);
    ck_assert_str_eq(f.value, "");
    f = scan("a", "", ",;, ;", NULL);
    ck_assert_ptr_null(f.value);
    memset(&f, 0, sizeof f);
    pserv_cookie_scan(pool, NULL, "a", &f);     /* no header at all */
    ck_assert_ptr_null(f.value);
}
END_TEST

static Suite *cookie_suite(void)
{
    Suite *s = suite_create("cookie");
    TCase *tc = tcase_create("cookie");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, finds_the_cookie);
    tcase_add_test(tc, name_must_match_exactly);
    tcase_add_test(tc, same_value_twice_is_fine);
    tcase_add_test(tc, different_values_are_refused);
    tcase_add_test(tc, value_taken_as_it_is);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(cookie_suite)
