/*
 * handle_public.c: the health check, and the error page that
 * ErrorDocument points at. (The login page is in auth.c.)
 */
#include "db.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

PSERV_SQL(health, 0,
    "SELECT count(*) FROM schema_migrations");

const pserv_stmt *const pserv_sql_table_handle_public[] = {
    &pserv_sql_health,
    NULL
};

/* 200 when the database answers with the schema in place, 503 otherwise.
 * Plain text, never cached. */
int pserv_handle_healthz(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;
    int ok = 0;

    (void)id;
    (void)s;
    if (db && pserv_db_select(db, health, &res) == 0)
        ok = pserv_db_row(db, res, 1) != NULL;
    r->status = ok ? HTTP_OK : HTTP_SERVICE_UNAVAILABLE;
    ap_set_content_type(r, "text/plain; charset=UTF-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (!r->header_only)
        ap_rputs(ok ? "ok\n" : "database unavailable\n", r);
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
