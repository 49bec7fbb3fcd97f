/*
 * handle_admin_access.c: Riwayat Akses, the access record (issue 23,
 * docs/PRIVACY.md) for the Administrator: who read a ticket's personal
 * data, when, how and from where.
 *
 *   GET /admin/access          the newest reads first, 50 a page;
 *                              ?nomor=UID-2026-000123 one ticket's,
 *                              ?nopek=12345 those of every ticket of that
 *                              requester (requests.nopek); both: both
 *
 * Its route is PSERV_ADMIN (route.c). The rows are written by the reads
 * themselves (session.c, handle_ticket.c, access.c). Looking at them is
 * itself audited (event=access.view): the record says whose record was
 * looked at, too.
 */
#include "i18n.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

#define PSERV_ACCESS_PAGE_SIZE 50
#define PSERV_ACCESS_PAGE_MAX  10000
#define PSERV_ACCESS_NOMOR_MAX 40

/* ---- statements (db.h: PSERV_SQL) ---- */

/* nomor ('' for any), nopek ('' for any), limit, offset -> at (epoch),
 * username, nomor, kind, client address, request id (NULL when the ticket
 * is gone), newest first. By Nomor: the Nomor kept on the row, so a
 * ticket deleted since still answers; by nopek: the requester's tickets
 * (requests.nopek, kept by anonymisation). */
PSERV_SQL(access_rows, 4,
          "WITH arg AS (SELECT nullif(%s, '') AS nomor, nullif(%s, '') AS"
          " nopek, %s::int AS lim, %s::int AS off)"
          " SELECT extract(epoch FROM l.at)::bigint, l.username, l.nomor,"
          " l.kind, l.client_ip, l.request_id FROM arg, access_log l"
          " WHERE (arg.nomor IS NULL OR l.nomor = arg.nomor)"
          " AND (arg.nopek IS NULL OR l.request_id IN (SELECT q.id"
          "   FROM requests q WHERE q.nopek = arg.nopek))"
          " ORDER BY l.at DESC, l.id DESC LIMIT (SELECT lim FROM arg)"
          " OFFSET (SELECT off FROM arg)");

const pserv_stmt *const pserv_sql_table_handle_admin_access[] = {
    &pserv_sql_access_rows,
    NULL,
};

/* A Nomor as typed: letters (made upper case), digits and '-', else
 * NULL. */
static const char *pserv_access_nomor(request_rec *r, const char *s)
{
    char *n = pserv_trim(r->pool, s), *c;

    if (!*n || strlen(n) > PSERV_ACCESS_NOMOR_MAX)
        return NULL;
    for (c = n; *c; c++) {
        if (!apr_isalnum(*c) && *c != '-')
            return NULL;
        *c = (char)apr_toupper(*c);
    }
    return n;
}

static const char *pserv_access_href(request_rec *r, const char *nomor,
                                     const char *nopek, int page)
{
    return apr_psprintf(r->pool, "/admin/access?nomor=%s&nopek=%s&page=%d",
                        ap_escape_urlencoded(r->pool, nomor),
                        ap_escape_urlencoded(r->pool, nopek), page);
}

int pserv_handle_admin_access(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *args = NULL;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_view *v;
    const char *nomor, *nopek, *p, *nomor_in, *nopek_in;
    const char *nomor_error = NULL, *nopek_error = NULL;
    int page, i, bad;

    (void)id;
    (void)s;
    ap_args_to_table(r, &args);
    nomor_in = apr_table_get(args, "nomor");
    nopek_in = apr_table_get(args, "nopek");
    nomor_in = nomor_in ? pserv_trim(r->pool, nomor_in) : "";
    nopek_in = nopek_in ? pserv_trim(r->pool, nopek_in) : "";
    nomor = "";
    nopek = "";
    if (*nomor_in && !(nomor = pserv_access_nomor(r, nomor_in))) {
        nomor = "";
        nomor_error = pserv_tr(r, "access.err.nomor");
    }
    if (*nopek_in) {
        if (pserv_valid_nopek(nopek_in))
            nopek = nopek_in;
        else
            nopek_error = pserv_tr(r, "access.err.nopek");
    }
    p = apr_table_get(args, "page");
    page = p ? atoi(p) : 1;
    if (page < 1 || page > PSERV_ACCESS_PAGE_MAX)
        page = 1;
    bad = nomor_error || nopek_error;
    pserv_audit(r, "access.view", NULL, "nomor", *nomor ? nomor : NULL, "nopek",
                *nopek ? nopek : NULL, "page", apr_itoa(r->pool, page),
                "result", bad ? "invalid" : "shown", NULL);

    v = pserv_view_new(r, "admin_access", pserv_tr(r, "access.title"));
    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    /* what was typed stays in the form, with its error */
    pserv_view_attr(v->content, "nomor", nomor_error ? nomor_in : nomor);
    pserv_view_attr(v->content, "nopek", nopek_in);
    pserv_view_attr(v->content, "nomor_error", nomor_error);
    pserv_view_attr(v->content, "nopek_error", nopek_error);
    pserv_view_attr(v->content, "filtered", *nomor || *nopek ? "1" : "0");
    /* Bad input shows no rows: never a wider list than was asked for. */
    if (bad) {
        pserv_view_attr(v->content, "invalid", "1");
        return pserv_view_send(v, HTTP_BAD_REQUEST);
    }
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, access_rows, &res, nomor, nopek,
                        apr_itoa(r->pool, PSERV_ACCESS_PAGE_SIZE + 1),
                        apr_itoa(r->pool, (page - 1) * PSERV_ACCESS_PAGE_SIZE))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_view_attr(v->content, "page", apr_itoa(r->pool, page));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr n;
        apr_int64_t at;
        if (i > PSERV_ACCESS_PAGE_SIZE) {
            pserv_view_attr(v->content, "next_href",
                            pserv_access_href(r, nomor, nopek, page + 1));
            break;
        }
        at = apr_atoi64(pserv_db_col(db, row, 0));
        n = pserv_view_add(v->content, "read", NULL);
        pserv_view_attr(n, "at",
                        pserv_format_wib_in(r->pool, at, pserv_lang(r), 0));
        pserv_view_attr(n, "at_iso", pserv_format_iso(r->pool, at));
        pserv_view_attr(n, "username", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "nomor", pserv_db_col(db, row, 2));
        pserv_view_attr(n, "kind", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "ip", pserv_db_col(db, row, 4));
        pserv_view_attr(n, "request_id", pserv_db_col(db, row, 5));
    }
    if (page > 1)
        pserv_view_attr(v->content, "prev_href",
                        pserv_access_href(r, nomor, nopek, page - 1));
    return pserv_view_send(v, HTTP_OK);
}
