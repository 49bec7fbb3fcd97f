/*
 * handoff.c: the SSO hand-off's decisions from strings (handoff.h).
 */
#include <string.h>
#include <strings.h>

#include "handoff.h"

/* An AuthType whose module names r->ap_auth_type otherwise: the location's
 * AuthType and each name its module may set. */
static const struct {
    const char *configured;
    const char *authed[4];
} pserv_handoff_alias[] = {
    /* mod_auth_gssapi: the HTTP scheme the browser used */
    { "GSSAPI", { "Negotiate", "NTLM", "Basic", NULL } },
    /* mod_auth_openidc's mixed mode: whichever of the two it did */
    { "auth-openidc", { "openid-connect", "oauth20", NULL } },
};

static int pserv_handoff_same_type(const char *configured, const char *authed)
{
    apr_size_t i, j;

    if (strcasecmp(configured, authed) == 0)
        return 1;
    for (i = 0; i < sizeof pserv_handoff_alias / sizeof pserv_handoff_alias[0];
         i++) {
        if (strcasecmp(configured, pserv_handoff_alias[i].configured) != 0)
            continue;
        for (j = 0; pserv_handoff_alias[i].authed[j]; j++)
            if (strcasecmp(authed, pserv_handoff_alias[i].authed[j]) == 0)
                return 1;
    }
    return 0;
}

const char *pserv_handoff_untrusted(const char *configured, const char *authed,
                                    const char *user)
{
    if (!configured || !*configured || strcasecmp(configured, "None") == 0)
        return "no-authtype";
    if (strcasecmp(configured, "pserv") == 0)
        return "authtype-pserv";
    if (!user || !*user)
        return "no-user";
    if (!authed || !pserv_handoff_same_type(configured, authed))
        return "authtype-mismatch";
    return NULL;
}

#define PSERV_HANDOFF_SEP " ,\t"

/* 1 when the n bytes at word are one of trusted's space-separated values. */
static int pserv_handoff_trusted(const char *word, apr_size_t n,
                                 const char *trusted)
{
    const char *t = trusted;

    while (*t) {
        apr_size_t m;
        t += strspn(t, " ");
        m = strcspn(t, " ");
        if (m == n && m > 0 && memcmp(t, word, n) == 0)
            return 1;
        t += m;
    }
    return 0;
}

int pserv_handoff_mfa(const char *value, const char *trusted)
{
    const char *v = value;

    if (!value || !trusted)
        return 0;
    while (*v) {
        apr_size_t n;
        v += strspn(v, PSERV_HANDOFF_SEP);
        n = strcspn(v, PSERV_HANDOFF_SEP);
        if (n && pserv_handoff_trusted(v, n, trusted))
            return 1;
        v += n;
    }
    return 0;
}
