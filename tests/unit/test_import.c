/* test_import.c: Check tests for mod_pserv/core/import.c, the import
 * files' row checks (the database side is tests/import/run.sh's). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "csv.h"
#include "import.h"

#include "check_main.h"

static apr_pool_t *pool;
static const char *reports;     /* "LINE:FIELD:message\n" each */

static void setup(void)
{
    apr_pool_create(&pool, NULL);
    reports = "";
}

static void teardown(void) { apr_pool_destroy(pool); }

static void report(void *ctx, const char *path, unsigned line,
                   const char *field, const char *msg)
{
    (void)ctx;
    ck_assert_str_eq(path, "x.csv");
    reports = apr_psprintf(pool, "%s%u:%s:%s\n", reports, line, field, msg);
}

static pserv_import_file *read_file(const pserv_import_spec *spec,
                                    const char *text, int *errors)
{
    pserv_import_log log = { pool, report, NULL, 0 };
    pserv_import_file *f = apr_pcalloc(pool, sizeof *f);

    pserv_import_file_init(&log, f, spec, "x.csv");
    pserv_import_read(&log, f,
                      pserv_csv_reader_mem(pool, text, strlen(text), NULL));
    *errors = log.errors;
    return f;
}

static const pserv_import_row *row_at(const pserv_import_file *f, int i)
{
    return APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
}

START_TEST(good_units)
{
    int errors;
    pserv_import_file *f = read_file(&pserv_import_units,
        "name,code,kind,head_nopek\n"
        "\"ICT, Head Office\",HO-ICT,HO,12345678\n"
        "Unit Satu,UNIT-01,UNIT,\n", &errors);

    ck_assert_int_eq(errors, 0);
    ck_assert_str_eq(reports, "");
    ck_assert_int_eq(f->present, 1);
    ck_assert_int_eq(f->rows->nelts, 2);
    ck_assert_str_eq(row_at(f, 0)->v[PSERV_UNIT_CODE], "HO-ICT");
    ck_assert_str_eq(row_at(f, 0)->v[PSERV_UNIT_NAME], "ICT, Head Office");
    ck_assert_ptr_null(row_at(f, 1)->v[PSERV_UNIT_HEAD]);     /* empty */
    ck_assert_ptr_null(row_at(f, 1)->v[PSERV_UNIT_ACTIVE]);   /* absent */
    ck_assert_int_eq(row_at(f, 1)->line, 3);
    ck_assert_int_eq(row_at(f, 1)->pos, 2);
    ck_assert_ptr_eq(apr_hash_get(f->keys, "UNIT-01", APR_HASH_KEY_STRING),
                     row_at(f, 1));
}
END_TEST

START_TEST(header_problems)
{
    int errors;

    read_file(&pserv_import_units, "code;name;kind;head_nopek\n", &errors);
    ck_assert_int_eq(errors, 5);    /* 4 required missing, 1 unknown */
    ck_assert_ptr_nonnull(strstr(reports, "1:code;name;kind;head_nopek:"
        "unknown column (fields must be separated by commas, not "
        "semicolons)\n"));
    reports = "";
    read_file(&pserv_import_platforms, "", &errors);
    ck_assert_int_eq(errors, 1);
    ck_assert_str_eq(reports, "1:record:empty file: no header row\n");
}
END_TEST

START_TEST(bad_values_reported_every_one)
{
    int errors;
    pserv_import_file *f = read_file(&pserv_import_accounts,
        "username,nopek,roles,active\n"
        "admin,,admin ict_manager admin,YES\n"
        "Bad,12,root,maybe\n"
        "admin,,,\n"
        "budi, 1234,,\n", &errors);

    ck_assert_int_eq(f->rows->nelts, 1);
    ck_assert_int_eq(errors, 6);
    ck_assert_str_eq(reports,
        "3:username:\"Bad\" must be 3 to 32 of a-z 0-9 . _ - (lower case), "
        "starting with a letter or digit\n"
        "3:nopek:\"12\" must be 4 to 20 digits\n"
        "3:roles:\"root\" must be a space-separated list of admin, "
        "ict_verificator, ict_manager, ict_executor\n"
        "3:active:\"maybe\" must be true or false\n"
        "4:username:duplicate \"admin\" (first on line 2)\n"
        "5:nopek:leading or trailing space in \" 1234\"\n");
}
END_TEST

START_TEST(csv_errors_name_the_field)
{
    int errors;
    pserv_import_file *f = read_file(&pserv_import_platforms,
        "code,name\nSAP,\"SAP\nMAIL,x\n", &errors);

    ck_assert_int_eq(errors, 1);
    ck_assert_int_eq(f->rows->nelts, 0);
    ck_assert_ptr_nonnull(strstr(reports, ":name:unterminated quoted field"));
    reports = "";
    f = read_file(&pserv_import_platforms, "code,name\nSAP\nMAIL,E-mail\n",
                  &errors);
    ck_assert_int_eq(errors, 1);
    ck_assert_int_eq(f->rows->nelts, 1);    /* the reader steps over it */
    ck_assert_str_eq(reports,
                     "2:record:expected 2 fields as in the header, found 1\n");
}
END_TEST

START_TEST(text_checks)
{
    int errors;

    read_file(&pserv_import_units, "code,name,kind,head_nopek\n"
              "A,\"two\nlines\",HO,\n"
              "B,\xc3\x28,HO,\n", &errors);
    ck_assert_int_eq(errors, 2);
    ck_assert_str_eq(reports,
        "2:name:invalid UTF-8 or a control character (line break, ...)\n"
        "4:name:invalid UTF-8 or a control character (line break, ...)\n");
}
END_TEST

START_TEST(booleans_and_roles)
{
    const char *bad = NULL;

    ck_assert_str_eq(pserv_import_bool("Yes"), "true");
    ck_assert_str_eq(pserv_import_bool("0"), "false");
    ck_assert_ptr_null(pserv_import_bool("2"));
    ck_assert_str_eq(pserv_import_roles_array(pool, " admin  ict_manager admin",
                                              &bad),
                     "{admin,ict_manager}");
    ck_assert_str_eq(pserv_import_roles_array(pool, "", &bad), "{}");
    ck_assert_ptr_null(pserv_import_roles_array(pool, "admin Admin", &bad));
    ck_assert_str_eq(bad, "Admin");
}
END_TEST

static Suite *import_suite(void)
{
    Suite *s = suite_create("import");
    TCase *tc = tcase_create("import");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, good_units);
    tcase_add_test(tc, header_problems);
    tcase_add_test(tc, bad_values_reported_every_one);
    tcase_add_test(tc, csv_errors_name_the_field);
    tcase_add_test(tc, text_checks);
    tcase_add_test(tc, booleans_and_roles);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(import_suite)
