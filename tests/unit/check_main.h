/*
 * check_main.h: the main() every Check unit test shares. APR up, the
 * file's one suite run, APR down; the exit status says whether any test
 * failed. A test file ends with PSERV_CHECK_MAIN(name_suite).
 */
#ifndef PSERV_CHECK_MAIN_H
#define PSERV_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#include "apr_general.h"

static int pserv_check_run(Suite *(*make)(void))
{
    SRunner *sr;
    int failed;

    apr_initialize();
    sr = srunner_create(make());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define PSERV_CHECK_MAIN(make) \
    int main(void) { return pserv_check_run(make); }

#endif
