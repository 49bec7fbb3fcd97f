/*
 * handle_home.c: the pages behind login that lead to the work: Halaman
 * Utama and ICT Helpdesk (the list itself is handle_list.c).
 * conf/pserv.conf puts them behind "AuthType pserv"; each also checks.
 */
#include "view.h"
#include "respond.h"
#include "handlers.h"

/* The session, or NULL after sending the browser to the login page. */
static pserv_session *pserv_require_login(request_rec *r, int *rv)
{
    pserv_session *s = pserv_session_load(r);

    if (!s)
        *rv = pserv_redirect(r, "/login");
    return s;
}

int pserv_handle_home(request_rec *r, apr_int64_t id)
{
    int rv = OK;

    (void)id;
    if (!pserv_require_login(r, &rv))
        return rv;
    return pserv_view_send(pserv_view_new(r, "home", "Halaman Utama"),
                           HTTP_OK);
}

int pserv_handle_helpdesk(request_rec *r, apr_int64_t id)
{
    int rv = OK;

    (void)id;
    if (!pserv_require_login(r, &rv))
        return rv;
    return pserv_view_send(pserv_view_new(r, "helpdesk", "ICT Helpdesk"),
                           HTTP_OK);
}
