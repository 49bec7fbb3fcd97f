/* test_netaddr.c: Check tests for mod_pserv/core/netaddr.c. */
#include <check.h>

#include <apr_general.h>

#include "pserv_core.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

#define KEY(ip) pserv_client_key(pool, ip)

START_TEST(ipv4_is_the_address)
{
    ck_assert_str_eq(KEY("192.0.2.7"), "192.0.2.7");
    ck_assert_str_eq(KEY("127.0.0.1"), "127.0.0.1");
}
END_TEST

START_TEST(ipv6_is_its_slash_64)
{
    ck_assert_str_eq(KEY("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
                     "2001:db8:1:2::/64");
    /* privacy addresses of one client: one key */
    ck_assert_str_eq(KEY("2001:db8:1:2::1"), KEY("2001:0DB8:1:2:ffff::9"));
    /* the neighbouring /64 is another client */
    ck_assert_str_ne(KEY("2001:db8:1:2::1"), KEY("2001:db8:1:3::1"));
    ck_assert_str_eq(KEY("::1"), "::/64");
    ck_assert_str_eq(KEY("fe80::1%eth0"), "fe80::/64");
}
END_TEST

START_TEST(ipv4_mapped_is_ipv4)
{
    ck_assert_str_eq(KEY("::ffff:192.0.2.7"), "192.0.2.7");
}
END_TEST

START_TEST(odd_input_is_kept)
{
    ck_assert_str_eq(KEY(NULL), "-");
    ck_assert_str_eq(KEY(""), "-");
    ck_assert_str_eq(KEY("not:an:address::x"), "not:an:address::x");
}
END_TEST

static Suite *netaddr_suite(void)
{
    Suite *s = suite_create("netaddr");
    TCase *tc = tcase_create("netaddr");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ipv4_is_the_address);
    tcase_add_test(tc, ipv6_is_its_slash_64);
    tcase_add_test(tc, ipv4_mapped_is_ipv4);
    tcase_add_test(tc, odd_input_is_kept);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(netaddr_suite)
