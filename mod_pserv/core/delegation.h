/*
 * delegation.h: the rules of a delegation's dates (Delegasi Persetujuan,
 * issue 17) that need no database: Mulai and Sampai are Jakarta dates
 * (YYYY-MM-DD), both included (APR only, no httpd).
 */
#ifndef PSERV_DELEGATION_H
#define PSERV_DELEGATION_H

#include <apr_pools.h>

/* The longest delegation, in days (Mulai and Sampai included). */
#define PSERV_DELEGATION_MAX_DAYS 90

enum {
    PSERV_DELEG_OK = 0,
    PSERV_DELEG_NO_START,   /* Mulai missing or not a date */
    PSERV_DELEG_NO_END,     /* Sampai missing or not a date */
    PSERV_DELEG_PAST,       /* Mulai before today */
    PSERV_DELEG_END_BEFORE, /* Sampai before Mulai */
    PSERV_DELEG_TOO_LONG,   /* more than PSERV_DELEGATION_MAX_DAYS days */
    PSERV_DELEG_TOO_FAR     /* Mulai more than a year ahead */
};

/* Days since 1970-01-01 of a valid date "YYYY-MM-DD" (pserv_valid_date);
 * -1 when it is not one. */
long pserv_date_days(const char *date);

/* The Jakarta date (UTC+7, no daylight saving) of epoch seconds, as
 * "YYYY-MM-DD". */
char *pserv_date_wib(apr_pool_t *p, apr_int64_t epoch);

/* Judge Mulai (start) and Sampai (end) against today (all "YYYY-MM-DD"):
 * PSERV_DELEG_OK or the first rule broken. */
int pserv_delegation_dates_check(const char *start, const char *end,
                                 const char *today);

/* The words for a PSERV_DELEG_* code are the page's, in its language
 * (handle_delegation.c, i18n/msg-CODE.xml). */

#endif
