/* test_lang.c: Check tests for mod_pserv/core/lang.c. */
#include <check.h>
#include <stdlib.h>

#include <apr.h>

#include "lang.h"

#include "check_main.h"

#define ID 0
#define EN 1

START_TEST(codes)
{
    ck_assert_int_eq(pserv_lang_index("id"), ID);
    ck_assert_int_eq(pserv_lang_index("en"), EN);
    ck_assert_int_eq(pserv_lang_index("EN"), -1);
    ck_assert_int_eq(pserv_lang_index("en-US"), -1);
    ck_assert_int_eq(pserv_lang_index(""), -1);
    ck_assert_int_eq(pserv_lang_index(NULL), -1);
    ck_assert_str_eq(pserv_lang_codes[ID], "id");
    ck_assert_str_eq(pserv_lang_codes[EN], "en");
}
END_TEST

START_TEST(accept_language)
{
    static const struct {
        const char *header;
        int lang;
    } cases[] = {
        { NULL, -1 },
        { "", -1 },
        { "en", EN },
        { "en-US", EN },
        { "EN-gb", EN },
        { "id", ID },
        { "id-ID", ID },
        { "in", ID },
        { "in-ID", ID },
        { "fr", -1 },
        { "ind", -1 }, /* a three-letter tag is another language */
        { "english", -1 },
        { "*", -1 },
        { "en-US,en;q=0.9,id;q=0.8", EN },
        { "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", ID },
        { "fr-FR, fr;q=0.9, en;q=0.5", EN },
        { "en;q=0.5, id;q=0.8", ID },
        { "en;q=0.8, id;q=0.8", EN }, /* equals: the first */
        { "id;q=0, en;q=0.1", EN },   /* q=0: not acceptable */
        { "en;q=0", -1 },
        { "en; q=0.3 , id ;q=0.2", EN },
        { "en;q=1.0001, id;q=0.2", ID }, /* malformed q: not counted */
        { "en;q=2, id;q=0.2", ID },
        { "en;q=abc, id", ID },
        { "en;level=1;q=0.4, id;q=0.3", EN },
        { ",,, ; ,en", EN },
        { "-en, id", ID },
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(pserv_lang_accept(cases[i].header) == cases[i].lang,
                      "%s: %d, not %d",
                      cases[i].header ? cases[i].header : "(null)",
                      pserv_lang_accept(cases[i].header), cases[i].lang);
}
END_TEST

/* A translation may be formatted with its Indonesian text's arguments only
 * when both take the same ones (msg.c, check-i18n.py's format_args). */
START_TEST(same_args)
{
    ck_assert(pserv_format_same_args("", ""));
    ck_assert(pserv_format_same_args("Tanpa apa pun", "Nothing at all"));
    ck_assert(pserv_format_same_args("Tiket %s ditolak", "Ticket %s rejected"));
    ck_assert(pserv_format_same_args("%s oleh %s", "by %s: %s"));
    ck_assert(pserv_format_same_args("%d%% selesai", "%d%% done"));
    ck_assert(pserv_format_same_args("%-16s: %s", "%s: %s"));
    ck_assert(pserv_format_same_args("%" APR_INT64_T_FMT " hari", "%" APR_INT64_T_FMT " days"));
    ck_assert(pserv_format_same_args("%.*s", "[%.*s]"));
    ck_assert(!pserv_format_same_args("Tiket %s", "Ticket"));
    ck_assert(!pserv_format_same_args("%s %d", "%d %s"));
    ck_assert(!pserv_format_same_args("%d hari", "%ld days"));
    ck_assert(!pserv_format_same_args("%.*s", "%s"));
    ck_assert(!pserv_format_same_args("100%% siap", "100% ready"));
    ck_assert(!pserv_format_same_args(NULL, ""));
    ck_assert(!pserv_format_same_args("", NULL));
}
END_TEST

static Suite *lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, codes);
    tcase_add_test(tc, accept_language);
    tcase_add_test(tc, same_args);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(lang_suite)
