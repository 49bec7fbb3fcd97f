/* test_urlencoded.c: Check tests for mod_pserv/core/urlencoded.c and the
 * nopek look-up's input (pserv_lookup_input, pserv_trim in validate.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "pserv_core.h"
#include "urlencoded.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

static apr_table_t *parse(const char *body, const pserv_urlenc_limits *lim,
                          int expect_rc)
{
    int rc = 12345;
    apr_table_t *t = pserv_urlenc_parse(pool, body, strlen(body), lim, &rc);

    ck_assert_int_eq(rc, expect_rc);
    ck_assert(expect_rc == PSERV_URLENC_OK ? t != NULL : t == NULL);
    return t;
}

/* The table's entries as "k=v|k=v" for compact comparisons. */
static const char *dump(const apr_table_t *t)
{
    const apr_array_header_t *a = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)a->elts;
    const char *s = "";
    int i;

    for (i = 0; i < a->nelts; i++)
        s = apr_pstrcat(pool, s, i ? "|" : "", e[i].key, "=", e[i].val, NULL);
    return s;
}

START_TEST(decodes_like_httpd)
{
    ck_assert_str_eq(dump(parse("a=1&b=x+y&c=%41%2b%26%3D", NULL,
                                PSERV_URLENC_OK)), "a=1|b=x y|c=A+&=");
    ck_assert_str_eq(dump(parse("name=caf%C3%A9&e=", NULL, PSERV_URLENC_OK)),
                     "name=caf\xc3\xa9|e=");
    /* A pair without '=' is dropped; empty pairs are nothing. */
    ck_assert_str_eq(dump(parse("flag&&a=1&", NULL, PSERV_URLENC_OK)), "a=1");
    /* Only the first '=' ends the name; an encoded one stays in it. */
    ck_assert_str_eq(dump(parse("a=b=c&x%3Dy=1", NULL, PSERV_URLENC_OK)),
                     "a=b=c|x=y=1");
    ck_assert_str_eq(dump(parse("", NULL, PSERV_URLENC_OK)), "");
}
END_TEST

START_TEST(repeated_names_keep_every_value)
{
    apr_table_t *t = parse("platform=SAP&platform=MAIL", NULL,
                           PSERV_URLENC_OK);

    ck_assert_str_eq(dump(t), "platform=SAP|platform=MAIL");
    ck_assert_str_eq(apr_table_get(t, "platform"), "SAP");
}
END_TEST

START_TEST(malformed_bodies)
{
    parse("a=%zz", NULL, PSERV_URLENC_MALFORMED);
    parse("a=%4", NULL, PSERV_URLENC_MALFORMED);
    parse("a=%", NULL, PSERV_URLENC_MALFORMED);
    parse("a=%00", NULL, PSERV_URLENC_MALFORMED);
    parse("=x", NULL, PSERV_URLENC_MALFORMED);
    {
        int rc;

        ck_assert_ptr_null(pserv_urlenc_parse(pool, "a=b\0c", 5, NULL, &rc));
        ck_assert_int_eq(rc, PSERV_URLENC_MALFORMED);
    }
}
END_TEST

START_TEST(limits)
{
    pserv_urlenc_limits lim = { 6, 3, 2 };

    parse("abc=12", &lim, PSERV_URLENC_OK);           /* 5 bytes decoded */
    parse("abc=1234", &lim, PSERV_URLENC_LIMIT);      /* 7 bytes */
    parse("a=%41%41%41%41", &lim, PSERV_URLENC_OK);   /* escapes count once */
    parse("abcd=1", &lim, PSERV_URLENC_LIMIT);        /* name > 3 */
    parse("a=1&b=2", &lim, PSERV_URLENC_OK);
    parse("a=1&b=2&c=", &lim, PSERV_URLENC_LIMIT);    /* 3 fields */
}
END_TEST

START_TEST(streaming_any_cut)
{
    const char *body = "note=Baris+1%0D%0Abaris+2&csrf=abc%2D_";
    size_t len = strlen(body), cut;

    for (cut = 0; cut <= len; cut++) {
        apr_table_t *t = apr_table_make(pool, 4);
        pserv_urlenc *u = pserv_urlenc_create(pool, NULL, t);

        ck_assert_int_eq(pserv_urlenc_feed(u, body, cut), PSERV_URLENC_OK);
        ck_assert_int_eq(pserv_urlenc_feed(u, body + cut, 0), PSERV_URLENC_OK);
        ck_assert_int_eq(pserv_urlenc_feed(u, body + cut, len - cut),
                         PSERV_URLENC_OK);
        ck_assert_int_eq(pserv_urlenc_finish(u), PSERV_URLENC_OK);
        ck_assert_str_eq(dump(t), "note=Baris 1\r\nbaris 2|csrf=abc-_");
        ck_assert_str_eq(pserv_urlenc_error(u), "no error");
    }
}
END_TEST

START_TEST(errors_stick)
{
    apr_table_t *t = apr_table_make(pool, 4);
    pserv_urlenc *u = pserv_urlenc_create(pool, NULL, t);

    ck_assert_int_eq(pserv_urlenc_feed(u, "a=%g1", 5), PSERV_URLENC_MALFORMED);
    ck_assert_int_eq(pserv_urlenc_feed(u, "&b=1", 4), PSERV_URLENC_MALFORMED);
    ck_assert_int_eq(pserv_urlenc_finish(u), PSERV_URLENC_MALFORMED);
    ck_assert_str_ne(pserv_urlenc_error(u), "no error");
}
END_TEST

START_TEST(query_strings_as_ap_args_to_table)
{
    apr_table_t *t = pserv_query_parse(pool,
        "kind=HO_TKJP&nopek=%201234+&flag&x=%zz%41&kind=HO_ORGANIK&z=a%00b");

    ck_assert_str_eq(apr_table_get(t, "kind"), "HO_ORGANIK"); /* last wins */
    ck_assert_str_eq(apr_table_get(t, "nopek"), " 1234+");    /* '+' kept */
    ck_assert_str_eq(apr_table_get(t, "flag"), "1");
    ck_assert_str_eq(apr_table_get(t, "x"), "%zzA");   /* bad escape kept */
    ck_assert_str_eq(apr_table_get(t, "z"), "a");      /* %00 ends it */
    ck_assert_int_eq(apr_table_elts(pserv_query_parse(pool, NULL))->nelts, 0);
}
END_TEST

START_TEST(lookup_input)
{
    const char *kind, *nopek;

    ck_assert_int_eq(pserv_lookup_input(pool, "kind=HO_TKJP&nopek=%2012345",
                                        &kind, &nopek), PSERV_LOOKUP_OK);
    ck_assert_str_eq(kind, "HO_TKJP");
    ck_assert_str_eq(nopek, "12345");
    ck_assert_int_eq(pserv_lookup_input(pool, "kind=UNIT&nopek=12345",
                                        &kind, &nopek), PSERV_LOOKUP_BAD_KIND);
    ck_assert_int_eq(pserv_lookup_input(pool, NULL, &kind, &nopek),
                     PSERV_LOOKUP_BAD_KIND);
    ck_assert_str_eq(kind, "");
    ck_assert_str_eq(nopek, "");
    ck_assert_int_eq(pserv_lookup_input(pool, "kind=HO_ORGANIK&nopek=12a45",
                                        &kind, &nopek),
                     PSERV_LOOKUP_BAD_NOPEK);
    ck_assert_int_eq(pserv_lookup_input(pool, "kind=HO_ORGANIK&nopek=1+234",
                                        &kind, &nopek),
                     PSERV_LOOKUP_BAD_NOPEK);
}
END_TEST

START_TEST(trim)
{
    ck_assert_str_eq(pserv_trim(pool, " \t a b \r\n"), "a b");
    ck_assert_str_eq(pserv_trim(pool, "   "), "");
    ck_assert_str_eq(pserv_trim(pool, NULL), "");
}
END_TEST

static Suite *urlencoded_suite(void)
{
    Suite *s = suite_create("urlencoded");
    TCase *tc = tcase_create("urlencoded");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, decodes_like_httpd);
    tcase_add_test(tc, repeated_names_keep_every_value);
    tcase_add_test(tc, malformed_bodies);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, streaming_any_cut);
    tcase_add_test(tc, errors_stick);
    tcase_add_test(tc, query_strings_as_ap_args_to_table);
    tcase_add_test(tc, lookup_input);
    tcase_add_test(tc, trim);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(urlencoded_suite)
