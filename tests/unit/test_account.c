/* Unit tests for the Administrator's account rules (core/account.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "pserv_core.h"

#include "check_main.h"

START_TEST(roles_canonical)
{
    apr_pool_t *p;
    const char *out, *bad;
    const char *mixed[] = { "ict_executor", "admin", "ict_executor" };
    const char *unknown[] = { "admin", "root" };

    apr_pool_create(&p, NULL);
    ck_assert_int_eq(pserv_role_count(), 4);
    ck_assert_str_eq(pserv_role_code_at(0), "admin");
    ck_assert_ptr_null(pserv_role_code_at(4));
    ck_assert_int_eq(pserv_roles_canonical(p, mixed, 3, &out, &bad), 0);
    ck_assert_str_eq(out, "admin ict_executor");
    ck_assert_int_eq(pserv_roles_canonical(p, NULL, 0, &out, &bad), 0);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(pserv_roles_canonical(p, unknown, 2, &out, &bad), -1);
    ck_assert_ptr_null(out);
    ck_assert_str_eq(bad, "root");
    apr_pool_destroy(p);
}
END_TEST

START_TEST(change_rules)
{
    /* another admin demoted, another admin left */
    pserv_account_change c = { 0, 1, 1, 0, 1, 1 };

    ck_assert_int_eq(pserv_account_change_check(&c), PSERV_ACCOUNT_OK);
    /* ... but nobody else is an active admin: the last one */
    c.other_active_admins = 0;
    ck_assert_int_eq(pserv_account_change_check(&c), PSERV_ACCOUNT_LAST_ADMIN);
    /* deactivating the last active admin, keeping the role */
    c.will_be_admin = 1;
    c.will_be_active = 0;
    ck_assert_int_eq(pserv_account_change_check(&c), PSERV_ACCOUNT_LAST_ADMIN);
    /* an inactive admin changes nothing about who can administer */
    c.was_active = 0;
    ck_assert_int_eq(pserv_account_change_check(&c), PSERV_ACCOUNT_OK);
    c.will_be_admin = 0;
    ck_assert_int_eq(pserv_account_change_check(&c), PSERV_ACCOUNT_OK);
    /* granting admin or reactivating is always allowed */
    {
        pserv_account_change g = { 0, 0, 1, 1, 1, 0 };
        ck_assert_int_eq(pserv_account_change_check(&g), PSERV_ACCOUNT_OK);
        g.was_active = 0;
        ck_assert_int_eq(pserv_account_change_check(&g), PSERV_ACCOUNT_OK);
    }
    /* oneself: never the admin role, never the account */
    {
        pserv_account_change s = { 1, 1, 1, 0, 1, 3 };
        ck_assert_int_eq(pserv_account_change_check(&s),
                         PSERV_ACCOUNT_SELF_DEMOTE);
        s.will_be_admin = 1;
        s.will_be_active = 0;
        ck_assert_int_eq(pserv_account_change_check(&s),
                         PSERV_ACCOUNT_SELF_DEACTIVATE);
        /* one's other roles may change */
        s.will_be_active = 1;
        ck_assert_int_eq(pserv_account_change_check(&s), PSERV_ACCOUNT_OK);
        /* the self rule speaks first, even when also the last admin */
        s.other_active_admins = 0;
        s.will_be_admin = 0;
        ck_assert_int_eq(pserv_account_change_check(&s),
                         PSERV_ACCOUNT_SELF_DEMOTE);
    }
}
END_TEST

START_TEST(username_suggest)
{
    apr_pool_t *p;
    const char *u;

    apr_pool_create(&p, NULL);
    ck_assert_str_eq(pserv_username_suggest(p, "Rina Wulandari", NULL, 1),
                     "rina.wulandari");
    ck_assert_str_eq(pserv_username_suggest(p, "  Dr. Ir. A. Budi, M.Sc ",
                                            NULL, 1),
                     "dr.ir.a.budi.m.sc");
    ck_assert_str_eq(pserv_username_suggest(p, "Rina Wulandari", NULL, 12),
                     "rina.wulandari12");
    /* no letters in the name: the e-mail's local part */
    ck_assert_str_eq(pserv_username_suggest(p, "\xc3\x89 \xc3\x89",
                                            "Siti_Rahayu@ptpr.example", 1),
                     "siti.rahayu");
    ck_assert_ptr_null(pserv_username_suggest(p, "--", "x@y.example", 1));
    /* 32 at most, with the number */
    u = pserv_username_suggest(
        p, "Abcdefghij Klmnopqrst Uvwxyzabcd Efghij", NULL, 7);
    ck_assert_uint_le(strlen(u), 32);
    ck_assert_int_eq(u[strlen(u) - 1], '7');
    ck_assert(pserv_valid_username(u));
    apr_pool_destroy(p);
}
END_TEST

START_TEST(valid_code)
{
    ck_assert(pserv_valid_code("UNIT-JKT"));
    ck_assert(pserv_valid_code("9_A"));
    ck_assert(pserv_valid_code("ABCDEFGHIJABCDEFGHIJABCDEFGHIJ12"));
    ck_assert(!pserv_valid_code("ABCDEFGHIJABCDEFGHIJABCDEFGHIJ123"));
    ck_assert(!pserv_valid_code("-A"));
    ck_assert(!pserv_valid_code("unit"));
    ck_assert(!pserv_valid_code(""));
    ck_assert(!pserv_valid_code(NULL));
    ck_assert(!pserv_valid_code("A B"));
}
END_TEST

static Suite *account_suite(void)
{
    Suite *s = suite_create("account");
    TCase *tc = tcase_create("account");

    tcase_add_test(tc, roles_canonical);
    tcase_add_test(tc, change_rules);
    tcase_add_test(tc, username_suggest);
    tcase_add_test(tc, valid_code);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(account_suite)
