/* format.c: how times and sizes read, in each language (core/lang.h). */
#include "pserv_core.h"
#include "lang.h"

#include <apr_strings.h>
#include <stdio.h>
#include <string.h>

/* Western Indonesia Time: UTC+7 all year (no daylight saving). */
#define PSERV_WIB_OFFSET (7 * 3600)

/* Month names per language (lang.h's order): short, then full. */
static const char *const pserv_month_names[PSERV_LANG_COUNT][2][12] = {
    { { "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
        "Nov", "Des" },
      { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
        "Agustus", "September", "Oktober", "November", "Desember" } },
    { { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec" },
      { "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December" } },
};

static int pserv_wib(apr_int64_t epoch, apr_time_exp_t *x)
{
    return apr_time_exp_tz(x, apr_time_from_sec(epoch), PSERV_WIB_OFFSET)
           == APR_SUCCESS;
}

char *pserv_format_wib(apr_pool_t *p, apr_int64_t epoch)
{
    return pserv_format_wib_in(p, epoch, 0, 0);
}

char *pserv_format_wib_in(apr_pool_t *p, apr_int64_t epoch, int lang, int full)
{
    apr_time_exp_t x;

    if (lang < 0 || lang >= PSERV_LANG_COUNT)
        lang = 0;
    if (!pserv_wib(epoch, &x))
        return apr_pstrdup(p, "");
    /* Indonesian writes the time 14.05, English 14:05 */
    return apr_psprintf(p, "%d %s %04d %02d%c%02d WIB", x.tm_mday,
                        pserv_month_names[lang][full != 0][x.tm_mon],
                        x.tm_year + 1900, x.tm_hour, lang == 0 ? '.' : ':',
                        x.tm_min);
}

const char *pserv_format_day_in(apr_pool_t *p, const char *day, int lang)
{
    int y, m, d;

    if (lang < 0 || lang >= PSERV_LANG_COUNT)
        lang = 0;
    if (!day || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return day;
    return apr_psprintf(p, "%d %s %d", d, pserv_month_names[lang][1][m - 1], y);
}

char *pserv_format_iso(apr_pool_t *p, apr_int64_t epoch)
{
    apr_time_exp_t x;

    if (!pserv_wib(epoch, &x))
        return apr_pstrdup(p, "");
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02d+07:00",
                        x.tm_year + 1900, x.tm_mon + 1, x.tm_mday, x.tm_hour,
                        x.tm_min, x.tm_sec);
}

char *pserv_format_size(apr_pool_t *p, apr_int64_t bytes)
{
    return pserv_format_size_in(p, bytes, 0);
}

char *pserv_format_size_in(apr_pool_t *p, apr_int64_t bytes, int lang)
{
    if (bytes < 1024 * 1024)
        return apr_psprintf(p, "%" APR_INT64_T_FMT " KB",
                            (bytes + 1023) / 1024);
    /* the decimal comma of Indonesian, the point of English */
    return apr_psprintf(p, "%" APR_INT64_T_FMT "%c%" APR_INT64_T_FMT " MB",
                        bytes / (1024 * 1024), lang == 1 ? '.' : ',',
                        bytes % (1024 * 1024) * 10 / (1024 * 1024));
}

static int pserv_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

unsigned char *pserv_unhex(apr_pool_t *p, const char *hex, apr_size_t *len)
{
    apr_size_t n, i;
    unsigned char *out;

    if (!hex)
        return NULL;
    n = strlen(hex);
    if (n % 2)
        return NULL;
    out = apr_palloc(p, n / 2 + 1);
    for (i = 0; i < n; i += 2) {
        int hi = pserv_hexval(hex[i]), lo = pserv_hexval(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return NULL;
        out[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    *len = n / 2;
    return out;
}

char *pserv_like_escape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 2 + 1), *o = out;

    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

char *pserv_pg_array(apr_pool_t *p, const apr_array_header_t *a)
{
    apr_size_t n = 3; /* "{}" and the end */
    char *out, *o;
    int i;

    for (i = 0; i < a->nelts; i++) {
        const char *e = APR_ARRAY_IDX(a, i, const char *);
        n += e ? strlen(e) * 2 + 3 : 5;
    }
    out = o = apr_palloc(p, n);
    *o++ = '{';
    for (i = 0; i < a->nelts; i++) {
        const char *e = APR_ARRAY_IDX(a, i, const char *);
        if (i)
            *o++ = ',';
        if (!e) {
            memcpy(o, "NULL", 4);
            o += 4;
            continue;
        }
        *o++ = '"';
        for (; *e; e++) {
            if (*e == '"' || *e == '\\')
                *o++ = '\\';
            *o++ = *e;
        }
        *o++ = '"';
    }
    *o++ = '}';
    *o = '\0';
    return out;
}
