/*
 * lang.c: the languages of the pages and Accept-Language (lang.h).
 */
#include <string.h>
#include <strings.h>

#include <apr_lib.h>

#include "lang.h"

const char *const pserv_lang_codes[PSERV_LANG_COUNT] = { "id", "en" };

/* Primary tags a browser may send for one of ours: "in" is Indonesian's
 * code before ISO 639 changed it (Java and old Android still send it). */
static const struct {
    const char *tag;
    int lang;
} pserv_lang_tags[] = {
    { "id", 0 },
    { "in", 0 },
    { "en", 1 },
};

int pserv_lang_index(const char *code)
{
    int i;

    for (i = 0; code && i < PSERV_LANG_COUNT; i++)
        if (strcmp(code, pserv_lang_codes[i]) == 0)
            return i;
    return -1;
}

/* The language of a range's primary tag (s, n bytes up to '-' or its
 * end), case-insensitive; -1 when not one of ours. */
static int pserv_lang_of_tag(const char *s, size_t n)
{
    size_t i, len = 0;

    while (len < n && s[len] != '-')
        len++;
    for (i = 0; i < sizeof pserv_lang_tags / sizeof pserv_lang_tags[0]; i++)
        if (strlen(pserv_lang_tags[i].tag) == len
            && strncasecmp(s, pserv_lang_tags[i].tag, len) == 0)
            return pserv_lang_tags[i].lang;
    return -1;
}

/* A qvalue "0", "0.5", "1", "1.000" as thousandths; -1 when malformed. */
static int pserv_lang_q(const char *s, size_t n)
{
    int q, digits = 0;
    size_t i = 1;

    if (n == 0 || (s[0] != '0' && s[0] != '1'))
        return -1;
    q = (s[0] - '0') * 1000;
    if (n == 1)
        return q;
    if (s[1] != '.')
        return -1;
    for (i = 2; i < n; i++) {
        if (!apr_isdigit(s[i]) || ++digits > 3)
            return -1;
        q += (s[i] - '0') * (digits == 1 ? 100 : digits == 2 ? 10 : 1);
    }
    return q > 1000 ? -1 : q;
}

int pserv_lang_accept(const char *header)
{
    const char *p = header;
    int best = -1, best_q = 0;

    while (p && *p) {
        const char *item = p, *end = strchr(p, ','), *semi, *tag_end;
        size_t n;
        int lang, q = 1000;

        if (!end)
            end = p + strlen(p);
        p = *end ? end + 1 : end;
        while (item < end && (*item == ' ' || *item == '\t'))
            item++;
        semi = memchr(item, ';', (size_t)(end - item));
        tag_end = semi ? semi : end;
        n = (size_t)(tag_end - item);
        while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '\t'))
            n--;
        if (n == 0 || (lang = pserv_lang_of_tag(item, n)) < 0)
            continue;
        /* parameters: only q counts */
        while (semi) {
            const char *v = semi + 1, *next;
            while (v < end && (*v == ' ' || *v == '\t'))
                v++;
            next = v < end ? memchr(v, ';', (size_t)(end - v)) : NULL;
            if (end - v >= 2 && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
                const char *ve = next ? next : end;
                while (ve > v + 2 && (ve[-1] == ' ' || ve[-1] == '\t'))
                    ve--;
                q = pserv_lang_q(v + 2, (size_t)(ve - v - 2));
            }
            semi = next;
        }
        if (q > best_q) {
            best = lang;
            best_q = q;
        }
    }
    return best;
}

/* The arguments printf format f takes, written to out: one word per
 * argument, its length modifiers and conversion ("s", "d", "ld"; "*" for
 * a width or precision given as an argument), each followed by a space.
 * 0, or -1 when out is too small. */
static int pserv_format_args(const char *f, char *out, size_t size)
{
    size_t n = 0;

    while ((f = strchr(f, '%'))) {
        f++;
        if (*f == '%') {
            f++;
            continue;
        }
        while (*f && strchr("-+ #0'", *f))
            f++;
        while (apr_isdigit(*f) || *f == '.' || *f == '*') {
            if (*f == '*') {
                if (n + 2 >= size)
                    return -1;
                out[n++] = '*';
                out[n++] = ' ';
            }
            f++;
        }
        while (*f && strchr("hlLqjzt", *f)) {
            if (n + 1 >= size)
                return -1;
            out[n++] = *f++;
        }
        if (!*f)
            break;
        if (n + 2 >= size)
            return -1;
        out[n++] = *f++;
        out[n++] = ' ';
    }
    out[n] = '\0';
    return 0;
}

int pserv_format_same_args(const char *a, const char *b)
{
    char sa[256], sb[256];

    return a && b && pserv_format_args(a, sa, sizeof sa) == 0
           && pserv_format_args(b, sb, sizeof sb) == 0 && strcmp(sa, sb) == 0;
}
