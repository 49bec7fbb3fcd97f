/*
 * handle_lang.c: the switch Bahasa / English in every page's header and on
 * the login page: GET /lang/CODE, a plain link that works without
 * JavaScript. It remembers the choice in the pserv_lang cookie and, for a
 * logged-in person, on the account (i18n.c), then sends the browser back:
 * to ?next=PATH when given, else to the page the link was on (its Referer,
 * from this same site), a local path only; anything else: "/". The links
 * themselves name no page, so that a page whose address holds a token
 * (Status Permintaan) never repeats it and every page's header is alike.
 */
#include "audit.h"
#include "i18n.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_uri.h"
#include "util_script.h"

/* The path and query of the Referer when it is a page of this site (the
 * Host the browser asked for), else NULL. */
static const char *pserv_lang_referer(request_rec *r)
{
    const char *ref = apr_table_get(r->headers_in, "Referer");
    const char *host = apr_table_get(r->headers_in, "Host");
    apr_uri_t u;

    if (!ref || !host || apr_uri_parse(r->pool, ref, &u) != APR_SUCCESS
        || !u.scheme || !u.hostinfo || !u.path
        || (strcasecmp(u.scheme, "http") != 0
            && strcasecmp(u.scheme, "https") != 0)
        || strcasecmp(u.hostinfo, host) != 0)
        return NULL;
    return u.query ? apr_pstrcat(r->pool, u.path, "?", u.query, NULL) : u.path;
}

int pserv_handle_lang(request_rec *r, pserv_session *s, apr_int64_t id)
{
    int lang = pserv_lang_index(r->uri + sizeof "/lang/" - 1);
    apr_table_t *args = NULL;
    const char *next, *was = NULL;

    (void)id;
    if (lang < 0)
        return pserv_error_page(r, HTTP_NOT_FOUND);
    ap_args_to_table(r, &args);
    if (!(next = apr_table_get(args, "next")))
        next = pserv_lang_referer(r);
    s = pserv_session_load(r); /* a public route: look for one here */
    if (pserv_lang_choose(r, s, lang, &was) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (s && (!was || strcmp(was, pserv_lang_codes[lang]) != 0))
        pserv_audit(r, "lang.set", s->username, "from", was, "to",
                    pserv_lang_codes[lang], NULL);
    /* never back to a switch: that would go round */
    return pserv_redirect(r, next && pserv_valid_local_path(next)
                                     && strncmp(next, "/lang/", 6) != 0
                                 ? next
                                 : "/");
}
