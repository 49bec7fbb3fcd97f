/*
 * account.c: the rules of the Administrator's account pages (Akun &
 * Peran), without httpd: which roles a form may set, and which changes to
 * an account are refused.
 */
#include "pserv_core.h"

#include <string.h>
#include <apr_strings.h>

static const char *const pserv_role_codes[] = { "admin", "ict_verificator",
                                                "ict_manager", "ict_executor" };

int pserv_role_count(void)
{
    return (int)(sizeof pserv_role_codes / sizeof pserv_role_codes[0]);
}

const char *pserv_role_code_at(int i)
{
    return i >= 0 && i < pserv_role_count() ? pserv_role_codes[i] : NULL;
}

/* The roles ticked, in the fixed order above, space-separated ("" for
 * none). A repeated role counts once; an unknown one refuses the whole. */
int pserv_roles_canonical(apr_pool_t *p, const char *const *ticked, int n,
                          const char **out, const char **unknown)
{
    int i, k, seen[sizeof pserv_role_codes / sizeof pserv_role_codes[0]];
    char *s = "";

    memset(seen, 0, sizeof seen);
    *out = NULL;
    if (unknown)
        *unknown = NULL;
    for (i = 0; i < n; i++) {
        for (k = 0; k < pserv_role_count(); k++)
            if (ticked[i] && strcmp(ticked[i], pserv_role_codes[k]) == 0)
                break;
        if (k == pserv_role_count()) {
            if (unknown)
                *unknown = ticked[i];
            return -1;
        }
        seen[k] = 1;
    }
    for (k = 0; k < pserv_role_count(); k++)
        if (seen[k])
            s = apr_pstrcat(p, s, *s ? " " : "", pserv_role_codes[k], NULL);
    *out = s;
    return 0;
}

int pserv_account_change_check(const pserv_account_change *c)
{
    int admin_after = c->will_be_admin && c->will_be_active;
    int admin_before = c->was_admin && c->was_active;

    if (c->self && c->was_admin && !c->will_be_admin)
        return PSERV_ACCOUNT_SELF_DEMOTE;
    if (c->self && c->was_active && !c->will_be_active)
        return PSERV_ACCOUNT_SELF_DEACTIVATE;
    /* Only a change that takes an active admin away can leave none. */
    if (admin_before && !admin_after && c->other_active_admins < 1)
        return PSERV_ACCOUNT_LAST_ADMIN;
    return PSERV_ACCOUNT_OK;
}

/* Letters and digits of s in lower case, each other run of characters one
 * dot (none at either end), at most max bytes. */
static char *pserv_username_words(apr_pool_t *p, const char *s, apr_size_t max)
{
    char *out = apr_palloc(p, max + 1);
    apr_size_t n = 0;
    int gap = 0;

    for (; s && *s && n < max; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && n > 0 && n + 1 < max)
                out[n++] = '.';
            out[n++] = c;
            gap = 0;
        }
        else
            gap = 1;
    }
    out[n] = '\0';
    return out;
}

const char *pserv_username_suggest(apr_pool_t *p, const char *full_name,
                                   const char *email, int n)
{
    const char *suffix = n > 1 ? apr_itoa(p, n) : "";
    apr_size_t room = 32 - strlen(suffix);
    const char *at = email ? strchr(email, '@') : NULL;
    const char *from[2];
    int i;

    from[0] = full_name;
    from[1] = at ? apr_pstrndup(p, email, (apr_size_t)(at - email)) : NULL;
    for (i = 0; i < 2; i++) {
        char *base;
        apr_size_t len;
        if (!from[i])
            continue;
        base = pserv_username_words(p, from[i], room);
        len = strlen(base);
        while (len > 0 && base[len - 1] == '.')
            base[--len] = '\0';
        base = apr_pstrcat(p, base, suffix, NULL);
        if (pserv_valid_username(base))
            return base;
    }
    return NULL;
}
