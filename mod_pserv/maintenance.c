/*
 * maintenance.c: what a page does while the database's schema is not the
 * one this build needs (schema.c keeps what each process knows): the look
 * on the request's connection, /healthz's check, and the 503 maintenance
 * page (JSON under /api/) that the handler answers instead of routing.
 */
#include "db.h"
#include "schema.h"
#include "maintenance.h"
#include "view.h"
#include "respond.h"
#include "i18n.h"

#include "apr_strings.h"
#include "http_core.h"

#define PSERV_SCHEMA_RETRY "60" /* Retry-After of the maintenance page */

/* Ask the database on the request's connection. -1: no answer. */
static int pserv_schema_look(request_rec *r)
{
    ap_dbd_t *dbd = ap_dbd_acquire(r);
    int have;

    if (!dbd)
        return -1; /* the page says so (pserv[DB03]) */
    pserv_req_get(r)->db_calls++;
    have = pserv_schema_read(dbd, r->pool);
    pserv_schema_seen(r->server, have);
    return have;
}

int pserv_schema_check_now(request_rec *r)
{
    return pserv_schema_look(r);
}

static apr_status_t pserv_schema_free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

/* templates/maintenance.xsl, without the user menu: it would need the
 * session, hence the database. */
static int pserv_schema_maintenance(request_rec *r)
{
    pserv_view v;
    apr_time_exp_t now;
    xmlNodePtr meta;

    /* A browser sees the answer to a form it is still sending only when
     * the body is read. */
    (void)ap_discard_request_body(r);
    apr_table_setn(r->err_headers_out, "Retry-After", PSERV_SCHEMA_RETRY);
    if (pserv_api_request(r))
        return pserv_api_error(r, HTTP_SERVICE_UNAVAILABLE);
    v.r = r;
    v.doc = xmlNewDoc((const xmlChar *)"1.0");
    apr_pool_cleanup_register(r->pool, v.doc, pserv_schema_free_doc,
                              apr_pool_cleanup_null);
    v.page = xmlNewDocNode(v.doc, NULL, (const xmlChar *)"page", NULL);
    xmlDocSetRootElement(v.doc, v.page);
    pserv_view_attr(v.page, "name", "maintenance");
    /* no session on this page: its language from the browser (i18n.c) */
    pserv_req_get(r)->session_loaded = 1;
    pserv_view_attr(v.page, "title", pserv_tr(r, "maint.title"));
    meta = pserv_view_add(v.page, "meta", NULL);
    pserv_view_attr(meta, "base", "/");
    apr_time_exp_gmt(&now, r->request_time);
    pserv_view_attr(meta, "year", apr_itoa(r->pool, 1900 + now.tm_year));
    v.content = pserv_view_add(v.page, "content", NULL);
    pserv_view_attr(v.content, "status", "503");
    if (pserv_view_send(&v, HTTP_SERVICE_UNAVAILABLE) != OK) {
        /* The view is missing or broken: say it plainly. */
        r->status = HTTP_SERVICE_UNAVAILABLE;
        ap_set_content_type(r, "text/plain; charset=UTF-8");
        if (!r->header_only) {
            ap_rputs(pserv_tr(r, "maint.plain"), r);
            ap_rputs("\n", r);
        }
    }
    return OK;
}

int pserv_schema_gate(request_rec *r)
{
    int have, seen;

    if (strcmp(r->uri, "/healthz") == 0)
        return DECLINED; /* it reports the schema itself */
    if (pserv_schema_due(r->server, r, &have)
        && (seen = pserv_schema_look(r)) >= 0)
        have = seen;
    if (have < 0 || have == PSERV_SCHEMA_NEED)
        return DECLINED; /* unknown: the page finds out itself */
    return pserv_schema_maintenance(r);
}
