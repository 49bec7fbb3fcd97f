/*
 * delegation.c: the rules of a delegation's dates (delegation.h).
 */
#include "pserv_core.h"
#include "delegation.h"

#include <apr_strings.h>
#include <stdlib.h>

#define PSERV_DELEGATION_AHEAD_DAYS 366

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
static long pserv_days_from_civil(long y, unsigned m, unsigned d)
{
    long era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

long pserv_date_days(const char *date)
{
    if (!pserv_valid_date(date))
        return -1;
    return pserv_days_from_civil(atol(date), (unsigned)atoi(date + 5),
                                 (unsigned)atoi(date + 8));
}

char *pserv_date_wib(apr_pool_t *p, apr_int64_t epoch)
{
    apr_time_exp_t x;

    apr_time_exp_tz(&x, apr_time_from_sec(epoch), 7 * 3600);
    return apr_psprintf(p, "%04d-%02d-%02d", x.tm_year + 1900, x.tm_mon + 1,
                        x.tm_mday);
}

int pserv_delegation_dates_check(const char *start, const char *end,
                                 const char *today)
{
    long s = pserv_date_days(start), e = pserv_date_days(end);
    long t = pserv_date_days(today);

    if (s < 0)
        return PSERV_DELEG_NO_START;
    if (e < 0)
        return PSERV_DELEG_NO_END;
    if (s < t)
        return PSERV_DELEG_PAST;
    if (e < s)
        return PSERV_DELEG_END_BEFORE;
    if (e - s + 1 > PSERV_DELEGATION_MAX_DAYS)
        return PSERV_DELEG_TOO_LONG;
    if (s - t > PSERV_DELEGATION_AHEAD_DAYS)
        return PSERV_DELEG_TOO_FAR;
    return PSERV_DELEG_OK;
}
