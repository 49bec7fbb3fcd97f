/* test_json.c: Check tests for mod_pserv/core/json.c, the API's writer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "json.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

/* s (n bytes) as a JSON string literal. */
static const char *quote(const char *s, apr_size_t n)
{
    apr_size_t len = 0;
    const char *q = pserv_json_quote(pool, s, n, &len);

    ck_assert_ptr_nonnull(q);
    ck_assert_uint_eq(strlen(q), len);
    return q;
}
#define Q(lit) quote(lit, sizeof lit - 1)

START_TEST(writes_nested_values)
{
    pserv_json *j = pserv_json_new(pool);
    apr_size_t len = 0;
    const char *out;

    pserv_json_object(j);
    pserv_json_kstr(j, "nomor", "REQ-1");
    pserv_json_kint(j, "id", 42);
    pserv_json_kbool(j, "may_decide", 1);
    pserv_json_kbool(j, "no", 0);
    pserv_json_kstr(j, "nopek", NULL);
    pserv_json_key(j, "roles");
    pserv_json_array(j);
    pserv_json_str(j, "admin");
    pserv_json_str(j, "ict_manager");
    pserv_json_array(j);
    pserv_json_end(j);
    pserv_json_object(j);
    pserv_json_end(j);
    pserv_json_null(j);
    pserv_json_end(j);
    pserv_json_key(j, "min");
    pserv_json_int(j, APR_INT64_MIN);
    pserv_json_key(j, "max");
    pserv_json_int(j, APR_INT64_MAX);
    pserv_json_end(j);
    out = pserv_json_finish(j, &len);
    ck_assert_str_eq(out, "{\"nomor\":\"REQ-1\",\"id\":42,\"may_decide\":true,"
                     "\"no\":false,\"nopek\":null,\"roles\":[\"admin\","
                     "\"ict_manager\",[],{},null],"
                     "\"min\":-9223372036854775808,"
                     "\"max\":9223372036854775807}");
    ck_assert_uint_eq(len, strlen(out));
}
END_TEST

START_TEST(top_level_scalars_and_empties)
{
    pserv_json *j = pserv_json_new(pool);

    pserv_json_array(j);
    pserv_json_end(j);
    ck_assert_str_eq(pserv_json_finish(j, NULL), "[]");
    j = pserv_json_new(pool);
    pserv_json_int(j, 0);
    ck_assert_str_eq(pserv_json_finish(j, NULL), "0");
    j = pserv_json_new(pool);
    pserv_json_strn(j, "", 0);
    ck_assert_str_eq(pserv_json_finish(j, NULL), "\"\"");
}
END_TEST

START_TEST(escapes_what_json_requires)
{
    ck_assert_str_eq(Q("plain text / 100% {[]}:,'"), "\"plain text / 100% {[]}:,'\"");
    ck_assert_str_eq(Q("</script><b>&amp;"),
                     "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\"");
    ck_assert_str_eq(Q("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
    ck_assert_str_eq(Q("a\nb\r\nc\td\be\ff"), "\"a\\nb\\r\\nc\\td\\be\\ff\"");
    ck_assert_str_eq(Q("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
    ck_assert_str_eq(Q("nul\0here"), "\"nul\\u0000here\"");
    ck_assert_str_eq(Q("\x1b[31m"), "\"\\u001b[31m\"");
}
END_TEST

START_TEST(passes_utf8_through)
{
    /* é (2 bytes), 中 (3), 😀 (4), U+FFFF, U+10FFFF, U+00A0 */
    ck_assert_str_eq(Q("Jos\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80"),
                     "\"Jos\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80\"");
    ck_assert_str_eq(Q("\xEF\xBF\xBF\xF4\x8F\xBF\xBF\xC2\xA0"),
                     "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\xC2\xA0\"");
    /* U+2027 and U+202A are their neighbours, not separators. */
    ck_assert_str_eq(Q("\xE2\x80\xA7\xE2\x80\xAA"),
                     "\"\xE2\x80\xA7\xE2\x80\xAA\"");
}
END_TEST

START_TEST(escapes_line_and_paragraph_separators)
{
    ck_assert_str_eq(Q("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c"),
                     "\"a\\u2028b\\u2029c\"");
}
END_TEST

#define FFFD "\xEF\xBF\xBD"

START_TEST(replaces_invalid_utf8)
{
    ck_assert_str_eq(Q("a\x80z"), "\"a" FFFD "z\"");               /* lone continuation */
    ck_assert_str_eq(Q("\xC0\xAF"), "\"" FFFD FFFD "\"");          /* overlong '/' */
    ck_assert_str_eq(Q("\xC1\xBF"), "\"" FFFD FFFD "\"");
    ck_assert_str_eq(Q("\xE0\x80\xAF"), "\"" FFFD FFFD FFFD "\"");  /* overlong */
    ck_assert_str_eq(Q("\xED\xA0\x80"), "\"" FFFD FFFD FFFD "\"");  /* surrogate */
    ck_assert_str_eq(Q("\xF0\x80\x80\x80"), "\"" FFFD FFFD FFFD FFFD "\"");
    ck_assert_str_eq(Q("\xF4\x90\x80\x80"), "\"" FFFD FFFD FFFD FFFD "\"");  /* > U+10FFFF */
    ck_assert_str_eq(Q("\xF5\xFE\xFF"), "\"" FFFD FFFD FFFD "\"");
    /* A truncated sequence is one maximal subpart: one replacement. */
    ck_assert_str_eq(Q("x\xE4\xB8"), "\"x" FFFD "\"");
    ck_assert_str_eq(Q("\xE4\xB8" "A"), "\"" FFFD "A\"");
    ck_assert_str_eq(Q("\xF0\x9F\x98" "\""), "\"" FFFD "\\\"\"");
    ck_assert_str_eq(Q("\xF0\x9F" "\xF0\x9F\x98\x80"), "\"" FFFD "\xF0\x9F\x98\x80\"");
    /* A separator cut short is not a separator. */
    ck_assert_str_eq(Q("\xE2\x80"), "\"" FFFD "\"");
}
END_TEST

START_TEST(keys_are_escaped_too)
{
    pserv_json *j = pserv_json_new(pool);

    pserv_json_object(j);
    pserv_json_kstr(j, "a\"b\n\xE2\x80\xA8", "v");
    pserv_json_end(j);
    ck_assert_str_eq(pserv_json_finish(j, NULL),
                     "{\"a\\\"b\\n\\u2028\":\"v\"}");
}
END_TEST

/* Each misuse leaves no text at all. */
START_TEST(refuses_broken_structure)
{
    pserv_json *j;

    j = pserv_json_new(pool);                   /* nothing written */
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* a member without key */
    pserv_json_object(j);
    pserv_json_str(j, "v");
    pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* a key in an array */
    pserv_json_array(j);
    pserv_json_key(j, "k");
    pserv_json_int(j, 1);
    pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* a key without value */
    pserv_json_object(j);
    pserv_json_key(j, "k");
    pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* two keys in a row */
    pserv_json_object(j);
    pserv_json_key(j, "k");
    pserv_json_key(j, "l");
    pserv_json_int(j, 1);
    pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* left open */
    pserv_json_array(j);
    pserv_json_int(j, 1);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* closed once too often */
    pserv_json_array(j);
    pserv_json_end(j);
    pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* two top-level values */
    pserv_json_int(j, 1);
    pserv_json_int(j, 2);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));

    j = pserv_json_new(pool);                   /* a NULL key */
    pserv_json_object(j);
    pserv_json_key(j, NULL);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));
}
END_TEST

START_TEST(depth_is_bounded)
{
    pserv_json *j = pserv_json_new(pool);
    int i;

    for (i = 0; i < PSERV_JSON_DEPTH; i++)
        pserv_json_array(j);
    for (i = 0; i < PSERV_JSON_DEPTH; i++)
        pserv_json_end(j);
    ck_assert_uint_eq(strlen(pserv_json_finish(j, NULL)),
                      2 * PSERV_JSON_DEPTH);
    j = pserv_json_new(pool);
    for (i = 0; i <= PSERV_JSON_DEPTH; i++)
        pserv_json_array(j);
    for (i = 0; i <= PSERV_JSON_DEPTH; i++)
        pserv_json_end(j);
    ck_assert_ptr_null(pserv_json_finish(j, NULL));
}
END_TEST

START_TEST(grows_past_its_first_block)
{
    pserv_json *j = pserv_json_new(pool);
    char big[5000];
    const char *out;
    apr_size_t len = 0;
    int i;

    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\n';
    pserv_json_array(j);
    for (i = 0; i < 40; i++)
        pserv_json_strn(j, big, sizeof big);
    pserv_json_end(j);
    out = pserv_json_finish(j, &len);
    ck_assert_ptr_nonnull(out);
    /* [ + 40 x ("xxx...\n" with quotes, \n as two bytes) + 39 commas + ] */
    ck_assert_uint_eq(len, 2 + 40 * (sizeof big + 1 + 2) + 39);
    ck_assert_int_eq(out[len - 1], ']');
    ck_assert_int_eq(out[len], '\0');
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, writes_nested_values);
    tcase_add_test(tc, top_level_scalars_and_empties);
    tcase_add_test(tc, escapes_what_json_requires);
    tcase_add_test(tc, passes_utf8_through);
    tcase_add_test(tc, escapes_line_and_paragraph_separators);
    tcase_add_test(tc, replaces_invalid_utf8);
    tcase_add_test(tc, keys_are_escaped_too);
    tcase_add_test(tc, refuses_broken_structure);
    tcase_add_test(tc, depth_is_bounded);
    tcase_add_test(tc, grows_past_its_first_block);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(json_suite)
