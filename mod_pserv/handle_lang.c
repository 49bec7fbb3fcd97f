/*
 * handle_lang.c: the switch Bahasa / English in every page's header and on
 * the login page: GET /lang/CODE?next=PATH, a plain link that works
 * without JavaScript. It remembers the choice in the pserv_lang cookie
 * and, for a logged-in person, on the account (i18n.c), then sends the
 * browser back to next, a local path only (anything else: "/").
 */
#include "audit.h"
#include "i18n.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"
#include "util_script.h"

int pserv_handle_lang(request_rec *r, pserv_session *s, apr_int64_t id)
{
    int lang = pserv_lang_index(r->uri + sizeof "/lang/" - 1);
    apr_table_t *args = NULL;
    const char *next, *was = NULL;

    (void)id;
    if (lang < 0)
        return pserv_error_page(r, HTTP_NOT_FOUND);
    ap_args_to_table(r, &args);
    next = apr_table_get(args, "next");
    s = pserv_session_load(r); /* a public route: look for one here */
    if (pserv_lang_choose(r, s, lang, &was) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (s && (!was || strcmp(was, pserv_lang_codes[lang]) != 0))
        pserv_audit(r, "lang.set", s->username, "from", was, "to",
                    pserv_lang_codes[lang], NULL);
    return pserv_redirect(r, next && pserv_valid_local_path(next) ? next : "/");
}
