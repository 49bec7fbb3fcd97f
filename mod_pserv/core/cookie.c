/* cookie.c: one cookie from Cookie headers (see cookie.h). */
#include "cookie.h"
#include "pserv_core.h"

#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

void pserv_cookie_scan(apr_pool_t *p, const char *header, const char *name,
                       pserv_cookie_found *f)
{
    char *copy = apr_pstrdup(p, header ? header : ""), *l1, *l2, *part, *c;
    apr_size_t n = strlen(name);

    for (part = apr_strtok(copy, ",", &l1); part;
         part = apr_strtok(NULL, ",", &l1))
        for (c = apr_strtok(part, ";", &l2); c;
             c = apr_strtok(NULL, ";", &l2)) {
            while (apr_isspace(*c))
                c++;
            if (strncmp(c, name, n) != 0 || c[n] != '=')
                continue;
            if (f->value && strcmp(f->value, c + n + 1) != 0)
                f->duplicated = 1;
            f->value = c + n + 1;
        }
}

const char *pserv_cookie_token(const pserv_cookie_found *f)
{
    if (f->duplicated || !f->value || !pserv_token_valid(f->value))
        return NULL;
    return f->value;
}
