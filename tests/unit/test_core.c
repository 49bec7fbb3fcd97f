/* Unit tests for the core: tokens, hashes, passwords, validators. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "pserv_core.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

START_TEST(sha256_known_answers)
{
    unsigned char d[PSERV_SHA256_BYTES];

    pserv_sha256("abc", 3, d);
    ck_assert_str_eq(pserv_hex(pool, d, sizeof d),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pserv_sha256("", 0, d);
    ck_assert_str_eq(pserv_hex(pool, d, sizeof d),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(base64url_known_answers)
{
    ck_assert_str_eq(pserv_base64url(pool, (const unsigned char *)"", 0), "");
    ck_assert_str_eq(pserv_base64url(pool, (const unsigned char *)"f", 1), "Zg");
    ck_assert_str_eq(pserv_base64url(pool, (const unsigned char *)"fo", 2), "Zm8");
    ck_assert_str_eq(pserv_base64url(pool, (const unsigned char *)"foo", 3), "Zm9v");
    ck_assert_str_eq(pserv_base64url(pool, (const unsigned char *)"\xfb\xff\xbf", 3), "-_-_");
}
END_TEST

START_TEST(tokens_are_random_and_well_formed)
{
    char *a = pserv_token_new(pool), *b = pserv_token_new(pool);

    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(strlen(a), PSERV_TOKEN_CHARS);
    ck_assert(pserv_token_valid(a));
    ck_assert_str_ne(a, b);
    ck_assert(!pserv_token_valid(NULL));
    ck_assert(!pserv_token_valid(""));
    ck_assert(!pserv_token_valid("abc"));
    ck_assert(!pserv_token_valid("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+"));
    ck_assert(!pserv_token_valid("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    ck_assert(pserv_token_valid("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_"));
}
END_TEST

START_TEST(constant_time_compare)
{
    ck_assert(pserv_ct_equal("abcd", "abcd", 4));
    ck_assert(!pserv_ct_equal("abcd", "abce", 4));
    ck_assert(pserv_ct_streq("token", "token"));
    ck_assert(!pserv_ct_streq("token", "token2"));
    ck_assert(!pserv_ct_streq("token", NULL));
}
END_TEST

START_TEST(argon2id_known_answer)
{
    /* The reference implementation's test vector (t=2, m=65536, p=1). */
    const char *enc = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ"
                      "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    ck_assert_int_eq(pserv_password_verify(enc, "password"), 1);
    ck_assert_int_eq(pserv_password_verify(enc, "passwore"), 0);
    ck_assert_int_eq(pserv_password_verify(enc, ""), 0);
}
END_TEST

START_TEST(argon2id_hash_and_verify)
{
    char *h = pserv_password_hash(pool, "Demo-Pserv-2026");
    char *h2 = pserv_password_hash(pool, "Demo-Pserv-2026");

    ck_assert_ptr_nonnull(h);
    ck_assert(strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
    ck_assert_str_ne(h, h2);                   /* salted */
    ck_assert_int_eq(pserv_password_verify(h, "Demo-Pserv-2026"), 1);
    ck_assert_int_eq(pserv_password_verify(h, "demo-pserv-2026"), 0);
    ck_assert_int_eq(pserv_password_verify("$2y$10$notargon", "x"), 0);
    ck_assert_int_eq(pserv_password_verify(NULL, "x"), 0);
    pserv_password_dummy_verify("anything");   /* must not crash */
}
END_TEST

START_TEST(validators)
{
    ck_assert(pserv_valid_username("maya.puspitasari"));
    ck_assert(pserv_valid_username("abc"));
    ck_assert(!pserv_valid_username("ab"));
    ck_assert(!pserv_valid_username("Maya"));
    ck_assert(!pserv_valid_username(".maya"));
    ck_assert(!pserv_valid_username("maya puspita"));
    ck_assert(!pserv_valid_username("a234567890123456789012345678901234"));

    ck_assert(pserv_valid_nopek("10020003"));
    ck_assert(!pserv_valid_nopek("1002000A"));
    ck_assert(!pserv_valid_nopek("123"));
    ck_assert(!pserv_valid_nopek(""));

    ck_assert(pserv_valid_email("agus.salim@ptpr.example"));
    ck_assert(!pserv_valid_email("agus.salim"));
    ck_assert(!pserv_valid_email("a@b"));
    ck_assert(!pserv_valid_email("a@@b.c"));
    ck_assert(!pserv_valid_email("a b@c.d"));
    ck_assert(!pserv_valid_email("a@b.c\r\nBcc: x@y.z"));

    ck_assert(pserv_valid_text("Catatan\nbaris dua", 100, 1));
    ck_assert(!pserv_valid_text("Catatan\nbaris dua", 100, 0));
    ck_assert(pserv_valid_text("Rp 5.000 \xe2\x80\x94 \xc3\xa9", 20, 0));
    ck_assert(!pserv_valid_text("\xc0\xaf", 20, 0));          /* overlong */
    ck_assert(!pserv_valid_text("\xed\xa0\x80", 20, 0));      /* surrogate */
    ck_assert(!pserv_valid_text("a\x01" "b", 20, 1));
    ck_assert(!pserv_valid_text("abcdef", 5, 0));
    ck_assert(pserv_valid_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5, 0));

    ck_assert(pserv_valid_local_path("/requests?status=x"));
    ck_assert_int_eq(pserv_ticket_page_id("/requests/42"), 42);
    ck_assert_int_eq(pserv_ticket_page_id("/requests/"), 0);
    ck_assert_int_eq(pserv_ticket_page_id("/requests/42/decide"), 0);
    ck_assert_int_eq(pserv_ticket_page_id("/requests/export"), 0);
    ck_assert_int_eq(pserv_ticket_page_id("/requests"), 0);
    ck_assert_int_eq(pserv_ticket_page_id("/api/v1/requests/42"), 0);
    ck_assert_int_eq(pserv_ticket_page_id("/requests/99999999999999999999"), 0);
    ck_assert(!pserv_valid_local_path("//evil.example/"));
    ck_assert(!pserv_valid_local_path("/\\evil.example/"));
    ck_assert(!pserv_valid_local_path("https://evil.example/"));
    ck_assert(!pserv_valid_local_path("/a\r\nSet-Cookie: x"));
    ck_assert(!pserv_valid_local_path(""));

    ck_assert(pserv_valid_date("2026-11-28"));
    ck_assert(pserv_valid_date("2028-02-29"));
    ck_assert(!pserv_valid_date("2026-02-29"));
    ck_assert(!pserv_valid_date("2026-04-31"));
    ck_assert(!pserv_valid_date("2026-13-01"));
    ck_assert(!pserv_valid_date("2026-1-01"));
    ck_assert(!pserv_valid_date("2026-11-28'; --"));
}
END_TEST

START_TEST(formatting)
{
    apr_size_t n = 0;
    unsigned char *b;

    /* 2026-11-28 07:05:09 UTC is 14.05 in Jakarta */
    ck_assert_str_eq(pserv_format_wib(pool, 1795849509), "28 Nov 2026 14.05 WIB");
    ck_assert_str_eq(pserv_format_iso(pool, 1795849509), "2026-11-28T14:05:09+07:00");
    /* 2026-08-31 20:00 UTC is already 1 September in Jakarta */
    ck_assert_str_eq(pserv_format_wib(pool, 1788206400), "1 Sep 2026 03.00 WIB");
    ck_assert_str_eq(pserv_format_wib(pool, 1779000000 - 86400 * 14), "3 Mei 2026 13.40 WIB");
    ck_assert_str_eq(pserv_format_size(pool, 1), "1 KB");
    ck_assert_str_eq(pserv_format_size(pool, 120 * 1024), "120 KB");
    ck_assert_str_eq(pserv_format_size(pool, 5 * 1024 * 1024), "5,0 MB");
    ck_assert_str_eq(pserv_format_size(pool, 1288490), "1,2 MB");
    /* per language (core/lang.h: 0 Indonesian, 1 English), short and full */
    ck_assert_str_eq(pserv_format_wib_in(pool, 1796281500, 0, 1), "3 Desember 2026 14.05 WIB");
    ck_assert_str_eq(pserv_format_wib_in(pool, 1796281500, 1, 1), "3 December 2026 14:05 WIB");
    ck_assert_str_eq(pserv_format_wib_in(pool, 1796281500, 0, 0), "3 Des 2026 14.05 WIB");
    ck_assert_str_eq(pserv_format_wib_in(pool, 1796281500, 1, 0), "3 Dec 2026 14:05 WIB");
    ck_assert_str_eq(pserv_format_wib_in(pool, 1779000000 - 86400 * 14, 1, 1), "3 May 2026 13:40 WIB");
    /* a calendar day (the daily digest's) */
    ck_assert_str_eq(pserv_format_day_in(pool, "2026-12-03", 0), "3 Desember 2026");
    ck_assert_str_eq(pserv_format_day_in(pool, "2026-12-03", 1), "3 December 2026");
    ck_assert_str_eq(pserv_format_day_in(pool, "2026-05-13", 1), "13 May 2026");
    ck_assert_str_eq(pserv_format_day_in(pool, "2026-13-01", 1), "2026-13-01");
    ck_assert_ptr_null(pserv_format_day_in(pool, NULL, 1));
    ck_assert_str_eq(pserv_format_wib_in(pool, 1796281500, 7, 0), "3 Des 2026 14.05 WIB");
    ck_assert_str_eq(pserv_format_size_in(pool, 1288490, 1), "1.2 MB");
    ck_assert_str_eq(pserv_format_size_in(pool, 1288490, 0), "1,2 MB");
    b = pserv_unhex(pool, "89504e47", &n);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(n, 4);
    ck_assert(b[0] == 0x89 && b[3] == 0x47);
    ck_assert_ptr_null(pserv_unhex(pool, "8950g0", &n));
    ck_assert_ptr_null(pserv_unhex(pool, "895", &n));
    ck_assert_str_eq(pserv_like_escape(pool, "50%_a\\b"), "50\\%\\_a\\\\b");
    {
        apr_array_header_t *a = apr_array_make(pool, 4, sizeof(const char *));

        ck_assert_str_eq(pserv_pg_array(pool, a), "{}");
        APR_ARRAY_PUSH(a, const char *) = "2026-12-03 21:00:00+00";
        APR_ARRAY_PUSH(a, const char *) = "a\"b\\c,{d}";
        APR_ARRAY_PUSH(a, const char *) = NULL;
        APR_ARRAY_PUSH(a, const char *) = "";
        ck_assert_str_eq(pserv_pg_array(pool, a),
                         "{\"2026-12-03 21:00:00+00\",\"a\\\"b\\\\c,{d}\",NULL,\"\"}");
    }
}
END_TEST

START_TEST(password_policy)
{
    pserv_password_init(pool);
    ck_assert_int_eq(pserv_password_problem("agus.salim", "", ""), PSERV_PW_EMPTY);
    ck_assert_int_eq(pserv_password_problem("agus.salim", NULL, NULL), PSERV_PW_EMPTY);
    ck_assert_int_eq(pserv_password_problem("agus.salim", "Short-1", "Short-1"),
                     PSERV_PW_SHORT);
    ck_assert_int_eq(pserv_password_problem("agus.salim", "Kopi-Tubruk-2026!",
                                            "Kopi-Tubruk-2026?"),
                     PSERV_PW_MISMATCH);
    ck_assert_int_eq(pserv_password_problem("agus.salim.ptpr", "Agus.Salim.PTPR",
                                            "Agus.Salim.PTPR"),
                     PSERV_PW_USERNAME);
    ck_assert_int_eq(pserv_password_problem("x", "bad\001control-chars", "bad\001control-chars"),
                     PSERV_PW_INVALID);
    ck_assert_int_eq(pserv_password_problem("x", "password1234", "password1234"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("x", "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("x", "P@ssw0rd-2026!", "P@ssw0rd-2026!"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("x", "Qwertyuiop123", "Qwertyuiop123"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("x", "Pertamina#2026", "Pertamina#2026"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("x", "passwordpassword", "passwordpassword"), PSERV_PW_COMMON);
    ck_assert_int_eq(pserv_password_problem("agus.salim", "Kopi-Tubruk-2026!",
                                            "Kopi-Tubruk-2026!"),
                     PSERV_PW_OK);
}
END_TEST

/* The notice's paragraphs and version (docs/PRIVACY.md "Notice"). */
START_TEST(notice_paragraphs_and_version)
{
    apr_array_header_t *a;

    a = pserv_paragraphs(pool, "\xef\xbb\xbf  Satu\r\n dua  \r\n\r\n \t\n"
                               "Tiga & <b>\n\n\n");
    ck_assert_int_eq(a->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(a, 0, const char *), "Satu dua");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 1, const char *), "Tiga & <b>");
    ck_assert_str_eq(pserv_paragraphs_join(pool, a), "Satu dua\n\nTiga & <b>");
    ck_assert_int_eq(pserv_paragraphs(pool, " \n\r\n\t")->nelts, 0);
    ck_assert_int_eq(pserv_paragraphs(pool, "")->nelts, 0);
    ck_assert_str_eq(pserv_paragraphs_join(pool, pserv_paragraphs(pool, "x")),
                     "x");
    /* sha256("abc") = ba7816bf8f01cfea 414140de5dae2223 ... */
    ck_assert_str_eq(pserv_notice_version(pool, "abc"), "ba7816bf8f01cfea");
    ck_assert_int_eq(strlen(pserv_notice_version(pool, "")), 16);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, sha256_known_answers);
    tcase_add_test(tc, base64url_known_answers);
    tcase_add_test(tc, tokens_are_random_and_well_formed);
    tcase_add_test(tc, constant_time_compare);
    tcase_add_test(tc, argon2id_known_answer);
    tcase_add_test(tc, argon2id_hash_and_verify);
    tcase_add_test(tc, validators);
    tcase_add_test(tc, formatting);
    tcase_add_test(tc, password_policy);
    tcase_add_test(tc, notice_paragraphs_and_version);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(core_suite)
