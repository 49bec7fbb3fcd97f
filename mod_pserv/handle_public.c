/*
 * handle_public.c: the health check, the error page that ErrorDocument
 * points at, and the Pemberitahuan Privasi (GET /privasi). (The login
 * page is in auth.c.)
 */
#include "privacy.h"
#include "i18n.h"
#include "schema.h"
#include "maintenance.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"

/* 200 when the database answers with the schema this build needs, 503
 * otherwise, saying why. Plain text; never cached (Cache-Control comes
 * with the security headers, once). */
int pserv_handle_healthz(request_rec *r, pserv_session *s, apr_int64_t id)
{
    int have = pserv_schema_check_now(r);
    const char *body;

    (void)id;
    (void)s;
    if (have < 0)
        body = "database unavailable";
    else if (have != pserv_schema_need())
        body = pserv_schema_advice(r->pool, have);
    else
        body = NULL;
    r->status = body ? HTTP_SERVICE_UNAVAILABLE : HTTP_OK;
    ap_set_content_type(r, "text/plain; charset=UTF-8");
    if (!r->header_only)
        ap_rvputs(r, body ? body : "ok", "\n", NULL);
    return OK;
}

/* The target of "ErrorDocument NNN /_error": shows the original status in
 * the P-Serv look. Reached directly it is a 404. */
int pserv_handle_error(request_rec *r, pserv_session *s, apr_int64_t id)
{
    int status = r->prev ? r->prev->status : HTTP_NOT_FOUND;

    (void)id;
    (void)s;
    return pserv_error_page(r, status);
}

/* GET /privasi: the Pemberitahuan Privasi in full, public (the form, its
 * review page and Status Permintaan link here), with its version. */
int pserv_handle_privacy(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_view *v = pserv_view_new(r, "privacy", pserv_tr(r, "privacy.title"));

    (void)id;
    (void)s;
    pserv_view_crumb(v, "/login", pserv_tr(r, "status.crumb.login"));
    pserv_view_privacy(v->content, pserv_privacy_notice(r));
    return pserv_view_send(v, HTTP_OK);
}
