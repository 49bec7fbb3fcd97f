/* validate.c: small input validators shared by the module and the tools. */
#include "pserv_core.h"
#include "urlencoded.h"

#include <stdlib.h>
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

static int pserv_is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static int pserv_is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}
static int pserv_is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

int pserv_valid_username(const char *s)
{
    apr_size_t i;

    if (!s || !(pserv_is_lower(s[0]) || pserv_is_digit(s[0])))
        return 0;
    for (i = 1; s[i]; i++) {
        char c = s[i];
        if (i >= 32)
            return 0;
        if (!(pserv_is_lower(c) || pserv_is_digit(c) || c == '.' || c == '_'
              || c == '-'))
            return 0;
    }
    return i >= 3;
}

int pserv_valid_nopek(const char *s)
{
    apr_size_t i;

    if (!s)
        return 0;
    for (i = 0; s[i]; i++)
        if (!pserv_is_digit(s[i]) || i >= 20)
            return 0;
    return i >= 4;
}

int pserv_valid_code(const char *s)
{
    apr_size_t i;

    if (!s || !(pserv_is_upper(s[0]) || pserv_is_digit(s[0])))
        return 0;
    for (i = 1; s[i]; i++)
        if (i >= 32
            || !(pserv_is_upper(s[i]) || pserv_is_digit(s[i]) || s[i] == '_'
                 || s[i] == '-'))
            return 0;
    return 1;
}

int pserv_valid_email(const char *s)
{
    const char *at, *dot, *c;
    apr_size_t len;

    if (!s || (len = strlen(s)) < 3 || len > 254)
        return 0;
    at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return 0;
    for (c = s; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == 0x7f || *c == '<' || *c == '>'
            || *c == '"' || *c == ',' || *c == ';' || *c == '\\')
            return 0;
    dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0';
}

/* Length of the UTF-8 sequence starting at s, or 0 when it is malformed
 * (overlong forms, surrogates and code points past U+10FFFF refused). */
static apr_size_t pserv_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xe0 && s[0] <= 0xef) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xe0 && s[1] < 0xa0)
            return 0;
        if (s[0] == 0xed && s[1] >= 0xa0)
            return 0;
        return 3;
    }
    if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80
            || (s[3] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xf0 && s[1] < 0x90)
            return 0;
        if (s[0] == 0xf4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

int pserv_valid_text(const char *s, apr_size_t max_chars, int multiline)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t chars = 0, n;

    if (!s)
        return 0;
    while (*u) {
        if (*u < 0x20 || *u == 0x7f) {
            if (!(*u == '\t' || (multiline && (*u == '\r' || *u == '\n'))))
                return 0;
        }
        if (!(n = pserv_utf8_len(u)))
            return 0;
        u += n;
        if (++chars > max_chars)
            return 0;
    }
    return 1;
}

apr_int64_t pserv_ticket_page_id(const char *path)
{
    static const char prefix[] = "/requests/";
    apr_int64_t id = 0;
    const char *c;

    if (!path || strncmp(path, prefix, sizeof prefix - 1) != 0)
        return 0;
    for (c = path + sizeof prefix - 1; *c; c++) {
        if (*c < '0' || *c > '9' || id > (APR_INT64_MAX - 9) / 10)
            return 0;
        id = id * 10 + (*c - '0');
    }
    return id;
}

int pserv_valid_local_path(const char *s)
{
    const unsigned char *c;

    if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
        return 0;
    for (c = (const unsigned char *)s; *c; c++)
        if (*c < 0x21 || *c == 0x7f || *c == '\\')
            return 0;
    return strlen(s) <= 2000;
}

int pserv_valid_date(const char *s)
{
    static const int days[12] = {
        31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    int y, m, d, i;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !pserv_is_digit(s[i]))
            return 0;
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

char *pserv_trim(apr_pool_t *p, const char *s)
{
    apr_size_t n;

    if (!s)
        return apr_pstrdup(p, "");
    while (apr_isspace(*s))
        s++;
    for (n = strlen(s); n > 0 && apr_isspace(s[n - 1]); n--)
        ;
    return apr_pstrmemdup(p, s, n);
}

int pserv_lookup_input(apr_pool_t *p, const char *args, const char **kind,
                       const char **nopek)
{
    apr_table_t *t = pserv_query_parse(p, args);

    *kind = pserv_trim(p, apr_table_get(t, "kind"));
    *nopek = pserv_trim(p, apr_table_get(t, "nopek"));
    if (!pserv_kind_is_ho(*kind))
        return PSERV_LOOKUP_BAD_KIND;
    if (!pserv_valid_nopek(*nopek))
        return PSERV_LOOKUP_BAD_NOPEK;
    return PSERV_LOOKUP_OK;
}
