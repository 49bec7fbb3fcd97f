/* test_handoff.c: Check tests for mod_pserv/core/handoff.c, the SSO
 * hand-off's trust in r->user and the identity provider's second factor. */
#include <check.h>

#include <apr_general.h>

#include "handoff.h"

#include "check_main.h"

#define UNTRUSTED(conf, authed, user) pserv_handoff_untrusted(conf, authed, user)

/* The name is taken when the location's own authn module set it. */
START_TEST(trusted_when_the_locations_module_set_it)
{
    ck_assert_ptr_null(UNTRUSTED("Basic", "Basic", "maya"));
    ck_assert_ptr_null(UNTRUSTED("basic", "Basic", "maya"));
    ck_assert_ptr_null(UNTRUSTED("openid-connect", "openid-connect", "a@b"));
    ck_assert_ptr_null(UNTRUSTED("Mellon", "Mellon", "maya"));
    /* mod_auth_gssapi names the scheme, not its AuthType */
    ck_assert_ptr_null(UNTRUSTED("GSSAPI", "Negotiate", "maya@CORP"));
    ck_assert_ptr_null(UNTRUSTED("gssapi", "NTLM", "maya"));
    ck_assert_ptr_null(UNTRUSTED("GSSAPI", "Basic", "maya"));
    ck_assert_ptr_null(UNTRUSTED("auth-openidc", "openid-connect", "a@b"));
    ck_assert_ptr_null(UNTRUSTED("auth-openidc", "oauth20", "a@b"));
}
END_TEST

START_TEST(refused_otherwise)
{
    /* no AuthType: nothing of this location authenticated anybody */
    ck_assert_str_eq(UNTRUSTED(NULL, "Basic", "maya"), "no-authtype");
    ck_assert_str_eq(UNTRUSTED("", "Basic", "maya"), "no-authtype");
    ck_assert_str_eq(UNTRUSTED("None", NULL, "maya"), "no-authtype");
    /* P-Serv's own session is not a sign-on */
    ck_assert_str_eq(UNTRUSTED("pserv", "pserv", "maya"), "authtype-pserv");
    ck_assert_str_eq(UNTRUSTED("PSERV", "pserv", "maya"), "authtype-pserv");
    /* let in without authentication (Require all granted, an IP rule) */
    ck_assert_str_eq(UNTRUSTED("Basic", NULL, NULL), "no-user");
    ck_assert_str_eq(UNTRUSTED("Basic", "Basic", ""), "no-user");
    /* r->user from elsewhere than the location's module */
    ck_assert_str_eq(UNTRUSTED("Basic", NULL, "maya"), "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("Basic", "", "maya"), "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("Basic", "pserv", "maya"), "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("openid-connect", "Basic", "maya"),
                     "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("Basic", "Negotiate", "maya"),
                     "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("GSSAPI", "Mellon", "maya"),
                     "authtype-mismatch");
    ck_assert_str_eq(UNTRUSTED("Basicx", "Basic", "maya"),
                     "authtype-mismatch");
}
END_TEST

START_TEST(mfa_by_the_trusted_values)
{
    /* acr: one value */
    ck_assert_int_eq(pserv_handoff_mfa("urn:corp:mfa", "urn:corp:mfa"), 1);
    /* amr: mod_auth_openidc joins the array with commas */
    ck_assert_int_eq(pserv_handoff_mfa("pwd,otp", "otp hwk"), 1);
    ck_assert_int_eq(pserv_handoff_mfa("hwk", "otp hwk"), 1);
    ck_assert_int_eq(pserv_handoff_mfa("pwd, mfa", "mfa"), 1);
    ck_assert_int_eq(pserv_handoff_mfa(" otp ", "  otp  "), 1);
    /* exact words only */
    ck_assert_int_eq(pserv_handoff_mfa("pwd", "otp hwk"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("otpx", "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("ot", "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("OTP", "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("pwd,otp", "pwd,otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("", "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa(",, ,", "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa(NULL, "otp"), 0);
    ck_assert_int_eq(pserv_handoff_mfa("otp", ""), 0);
    ck_assert_int_eq(pserv_handoff_mfa("otp", NULL), 0);
}
END_TEST

static Suite *handoff_suite(void)
{
    Suite *s = suite_create("handoff");
    TCase *tc = tcase_create("handoff");

    tcase_add_test(tc, trusted_when_the_locations_module_set_it);
    tcase_add_test(tc, refused_otherwise);
    tcase_add_test(tc, mfa_by_the_trusted_values);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(handoff_suite)
