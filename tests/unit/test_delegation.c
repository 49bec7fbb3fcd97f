/* Unit tests for a delegation's date rules (core/delegation.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "pserv_core.h"
#include "delegation.h"

#include "check_main.h"

START_TEST(days)
{
    ck_assert_int_eq(pserv_date_days("1970-01-01"), -1); /* before 2000 */
    ck_assert_int_eq(pserv_date_days("2000-01-01"), 10957);
    ck_assert_int_eq(pserv_date_days("2024-03-01") - pserv_date_days("2024-02-28"),
                     2); /* a leap year */
    ck_assert_int_eq(pserv_date_days("2026-03-01") - pserv_date_days("2026-02-28"),
                     1);
    ck_assert_int_eq(pserv_date_days("2026-12-31") - pserv_date_days("2026-01-01"),
                     364);
    ck_assert_int_eq(pserv_date_days("2026-02-29"), -1);
    ck_assert_int_eq(pserv_date_days("2026-1-01"), -1);
    ck_assert_int_eq(pserv_date_days(NULL), -1);
}
END_TEST

START_TEST(wib)
{
    apr_pool_t *p;

    apr_pool_create(&p, NULL);
    /* 2026-12-10 16:59:59 UTC is 23:59:59 WIB on the 10th ... */
    ck_assert_str_eq(pserv_date_wib(p, 1796921999), "2026-12-10");
    /* ... and a second later 00:00 WIB on the 11th */
    ck_assert_str_eq(pserv_date_wib(p, 1796922000), "2026-12-11");
    apr_pool_destroy(p);
}
END_TEST

START_TEST(rules)
{
    const char *t = "2026-12-03";

    ck_assert_int_eq(pserv_delegation_dates_check(t, t, t), PSERV_DELEG_OK);
    ck_assert_int_eq(pserv_delegation_dates_check("2026-12-02", t, t),
                     PSERV_DELEG_PAST);
    ck_assert_int_eq(pserv_delegation_dates_check("2026-12-05", "2026-12-04", t),
                     PSERV_DELEG_END_BEFORE);
    /* 90 days, both included, is the longest */
    ck_assert_int_eq(pserv_delegation_dates_check(t, "2027-03-02", t),
                     PSERV_DELEG_OK);
    ck_assert_int_eq(pserv_delegation_dates_check(t, "2027-03-03", t),
                     PSERV_DELEG_TOO_LONG);
    ck_assert_int_eq(pserv_delegation_dates_check("2028-01-01", "2028-01-02", t),
                     PSERV_DELEG_TOO_FAR);
    ck_assert_int_eq(pserv_delegation_dates_check("", t, t),
                     PSERV_DELEG_NO_START);
    ck_assert_int_eq(pserv_delegation_dates_check(t, "x", t),
                     PSERV_DELEG_NO_END);
}
END_TEST

static Suite *delegation_suite(void)
{
    Suite *s = suite_create("delegation");
    TCase *tc = tcase_create("dates");

    tcase_add_test(tc, days);
    tcase_add_test(tc, wib);
    tcase_add_test(tc, rules);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(delegation_suite)
