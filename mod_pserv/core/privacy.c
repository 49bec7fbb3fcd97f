/*
 * privacy.c: the Pemberitahuan Privasi's text as paragraphs, and its
 * version (issue 23; docs/PRIVACY.md "Notice").
 */
#include "pserv_core.h"

#include <apr_strings.h>
#include <apr_lib.h>

#include <string.h>

apr_array_header_t *pserv_paragraphs(apr_pool_t *p, const char *text)
{
    apr_array_header_t *a = apr_array_make(p, 8, sizeof(const char *));
    const char *s = text, *e;
    char *para = NULL;

    /* a UTF-8 byte order mark at the very start is not text */
    if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
        s += 3;
    for (; *s; s = *e ? e + 1 : e) {
        const char *b, *t;

        e = s + strcspn(s, "\n");
        for (b = s; b < e && apr_isspace(*b); b++)
            ;
        for (t = e; t > b && apr_isspace(t[-1]); t--)
            ;
        if (t == b) { /* a blank line ends a paragraph */
            if (para)
                *(const char **)apr_array_push(a) = para;
            para = NULL;
            continue;
        }
        para =
            para ? apr_pstrcat(p, para, " ",
                               apr_pstrmemdup(p, b, (apr_size_t)(t - b)), NULL)
                 : apr_pstrmemdup(p, b, (apr_size_t)(t - b));
    }
    if (para)
        *(const char **)apr_array_push(a) = para;
    return a;
}

const char *pserv_paragraphs_join(apr_pool_t *p, const apr_array_header_t *a)
{
    const char *s = "";
    int i;

    for (i = 0; i < a->nelts; i++)
        s = apr_pstrcat(p, s, i ? "\n\n" : "",
                        APR_ARRAY_IDX(a, i, const char *), NULL);
    return s;
}

const char *pserv_notice_version(apr_pool_t *p, const char *text)
{
    unsigned char md[PSERV_SHA256_BYTES];

    pserv_sha256(text, strlen(text), md);
    return pserv_hex(p, md, PSERV_NOTICE_VERSION_BYTES);
}
