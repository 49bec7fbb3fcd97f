/*
 * handle_home.c: the pages behind login that lead to the work: Halaman
 * Utama and ICT Helpdesk (the list itself is handle_list.c).
 * Their routes are PSERV_LOGIN (route.c); conf/pserv.conf says so again.
 */
#include "view.h"
#include "handlers.h"
#include "i18n.h"

int pserv_handle_home(request_rec *r, pserv_session *s, apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_view_send(pserv_view_new(r, "home", pserv_tr(r, "home.title")),
                           HTTP_OK);
}

int pserv_handle_helpdesk(request_rec *r, pserv_session *s, apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_view_send(pserv_view_new(r, "helpdesk", "ICT Helpdesk"),
                           HTTP_OK);
}
