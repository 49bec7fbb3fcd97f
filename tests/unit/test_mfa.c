/* Unit tests for the second factor's pure parts (core/mfa.c): base32,
 * sealing, recovery codes, the code's shape, the URI, the QR path. */
#include <check.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "pserv_core.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

#define B32(s) pserv_base32(pool, (const unsigned char *)(s), strlen(s))

/* RFC 4648 section 10, without the padding. */
START_TEST(base32_known_answers)
{
    ck_assert_str_eq(B32(""), "");
    ck_assert_str_eq(B32("f"), "MY");
    ck_assert_str_eq(B32("fo"), "MZXQ");
    ck_assert_str_eq(B32("foo"), "MZXW6");
    ck_assert_str_eq(B32("foob"), "MZXW6YQ");
    ck_assert_str_eq(B32("fooba"), "MZXW6YTB");
    ck_assert_str_eq(B32("foobar"), "MZXW6YTBOI");
    /* RFC 6238's test secret */
    ck_assert_str_eq(B32("12345678901234567890"),
                     "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}
END_TEST

START_TEST(base32_decodes_what_it_encodes)
{
    apr_size_t n = 0;
    unsigned char *b;

    b = pserv_base32_decode(pool, "mzxw 6ytb oi======", &n);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(memcmp(b, "foobar", 6), 0);
    b = pserv_base32_decode(pool, "PSERVDEMOTOTPSECRETFORDEMOONLY23", &n);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(n, 20);
    ck_assert_str_eq(pserv_base32(pool, b, n),
                     "PSERVDEMOTOTPSECRETFORDEMOONLY23");
    /* not base32, a length no encoder gives, something after padding */
    ck_assert_ptr_null(pserv_base32_decode(pool, "MZXW1YQ", &n));
    ck_assert_ptr_null(pserv_base32_decode(pool, "MZX", &n));
    ck_assert_ptr_null(pserv_base32_decode(pool, "MY=A", &n));
}
END_TEST

START_TEST(seal_opens_only_with_its_key_and_account)
{
    unsigned char key[PSERV_MFA_KEY_BYTES], other[PSERV_MFA_KEY_BYTES];
    const unsigned char *plain = (const unsigned char *)"12345678901234567890";
    unsigned char *sealed, *again, *opened;
    apr_size_t n = 0, n2 = 0, m = 0;

    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
    sealed = pserv_mfa_seal(pool, key, "pserv-mfa:42", plain, 20, &n);
    ck_assert_ptr_nonnull(sealed);
    ck_assert_uint_eq(n, PSERV_MFA_SEALED_BYTES);
    ck_assert_ptr_null(memmem(sealed, n, plain, 20));
    /* a fresh nonce each time */
    again = pserv_mfa_seal(pool, key, "pserv-mfa:42", plain, 20, &n2);
    ck_assert_int_ne(memcmp(sealed, again, n), 0);
    opened = pserv_mfa_open(pool, key, "pserv-mfa:42", sealed, n, &m);
    ck_assert_ptr_nonnull(opened);
    ck_assert_uint_eq(m, 20);
    ck_assert_int_eq(memcmp(opened, plain, 20), 0);
    ck_assert_ptr_null(pserv_mfa_open(pool, other, "pserv-mfa:42", sealed, n,
                                      &m));
    ck_assert_ptr_null(pserv_mfa_open(pool, key, "pserv-mfa:43", sealed, n,
                                      &m));
    sealed[PSERV_MFA_NONCE_BYTES + 3] ^= 1;
    ck_assert_ptr_null(pserv_mfa_open(pool, key, "pserv-mfa:42", sealed, n,
                                      &m));
    ck_assert_ptr_null(pserv_mfa_open(pool, key, "pserv-mfa:42", sealed, 20,
                                      &m));
}
END_TEST

START_TEST(recovery_codes_have_their_shape)
{
    int i, j;
    char *seen[20];

    for (i = 0; i < 20; i++) {
        char *c = pserv_mfa_recovery_new(pool);
        ck_assert_ptr_nonnull(c);
        ck_assert_uint_eq(strlen(c), 11);
        ck_assert_int_eq(c[5], '-');
        ck_assert_str_eq(pserv_mfa_recovery_norm(pool, c),
                         apr_pstrcat(pool, apr_pstrndup(pool, c, 5), c + 6,
                                     NULL));
        for (j = 0; j < i; j++)
            ck_assert_str_ne(seen[j], c);
        seen[i] = c;
    }
}
END_TEST

START_TEST(recovery_codes_are_read_forgivingly)
{
    ck_assert_str_eq(pserv_mfa_recovery_norm(pool, " ABCDE-fghij "),
                     "abcdefghij");
    ck_assert_str_eq(pserv_mfa_recovery_norm(pool, "abcde fghij"),
                     "abcdefghij");
    /* 0, 1, 8 are not in the alphabet: read as o, l, b */
    ck_assert_str_eq(pserv_mfa_recovery_norm(pool, "a0c1e-8ghij"),
                     "aocleb" "ghij");
    ck_assert_ptr_null(pserv_mfa_recovery_norm(pool, "abcde-fghi"));
    ck_assert_ptr_null(pserv_mfa_recovery_norm(pool, "abcde-fghijk"));
    ck_assert_ptr_null(pserv_mfa_recovery_norm(pool, "abcde-fghi9"));
    ck_assert_ptr_null(pserv_mfa_recovery_norm(pool, "123456"));
    ck_assert_ptr_null(pserv_mfa_recovery_norm(pool, NULL));
}
END_TEST

START_TEST(recovery_hash_is_keyed_and_bound_to_the_account)
{
    unsigned char key[PSERV_MFA_KEY_BYTES], other[PSERV_MFA_KEY_BYTES];
    const char *h;

    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
    h = pserv_mfa_recovery_hash(pool, key, "pserv-mfa:42", "abcdefghij");
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(strlen(h), 64);
    ck_assert_str_eq(h, pserv_mfa_recovery_hash(pool, key, "pserv-mfa:42",
                                                "abcdefghij"));
    ck_assert_str_ne(h, pserv_mfa_recovery_hash(pool, other, "pserv-mfa:42",
                                                "abcdefghij"));
    ck_assert_str_ne(h, pserv_mfa_recovery_hash(pool, key, "pserv-mfa:43",
                                                "abcdefghij"));
    ck_assert_str_ne(h, pserv_mfa_recovery_hash(pool, key, "pserv-mfa:42",
                                                "abcdefghik"));
}
END_TEST

START_TEST(codes_are_six_digits)
{
    ck_assert_str_eq(pserv_mfa_code_norm(pool, "123456"), "123456");
    ck_assert_str_eq(pserv_mfa_code_norm(pool, " 123 456 "), "123456");
    ck_assert_ptr_null(pserv_mfa_code_norm(pool, "12345"));
    ck_assert_ptr_null(pserv_mfa_code_norm(pool, "1234567"));
    ck_assert_ptr_null(pserv_mfa_code_norm(pool, "12345a"));
    ck_assert_ptr_null(pserv_mfa_code_norm(pool, ""));
    ck_assert_ptr_null(pserv_mfa_code_norm(pool, NULL));
}
END_TEST

START_TEST(uri_names_issuer_and_account)
{
    ck_assert_str_eq(
        pserv_mfa_uri(pool, "P-Serv", "rina.wulandari", "ABCDEF"),
        "otpauth://totp/P-Serv:rina.wulandari?secret=ABCDEF&issuer=P-Serv"
        "&algorithm=SHA1&digits=6&period=30");
    ck_assert_str_eq(pserv_mfa_uri(pool, "P Serv", "a@b", "X"),
                     "otpauth://totp/P%20Serv:a%40b?secret=X&issuer=P%20Serv"
                     "&algorithm=SHA1&digits=6&period=30");
}
END_TEST

START_TEST(svg_path_draws_the_dark_runs)
{
    /* 3x3: a dark top row, one dark module in the middle, a light bottom
     * row (bits above 0 are qrencode's own flags: ignored) */
    const unsigned char m[9] = { 1, 0x81, 1, 0, 3, 0, 0xc0, 0, 0 };

    ck_assert_str_eq(pserv_mfa_svg_path(pool, m, 3),
                     "M4 4h3v1h-3zM5 5h1v1h-1z");
    ck_assert_str_eq(pserv_mfa_svg_path(pool, m, 0), "");
}
END_TEST

static Suite *mfa_suite(void)
{
    Suite *s = suite_create("mfa");
    TCase *tc = tcase_create("mfa");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, base32_known_answers);
    tcase_add_test(tc, base32_decodes_what_it_encodes);
    tcase_add_test(tc, seal_opens_only_with_its_key_and_account);
    tcase_add_test(tc, recovery_codes_have_their_shape);
    tcase_add_test(tc, recovery_codes_are_read_forgivingly);
    tcase_add_test(tc, recovery_hash_is_keyed_and_bound_to_the_account);
    tcase_add_test(tc, codes_are_six_digits);
    tcase_add_test(tc, uri_names_issuer_and_account);
    tcase_add_test(tc, svg_path_draws_the_dark_runs);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(mfa_suite)
