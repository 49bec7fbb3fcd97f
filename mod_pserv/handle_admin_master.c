/*
 * handle_admin_master.c: the master data as the Administrator sees it
 * (handle_admin_edit.c, handle_admin_import.c, handle_admin_newacct.c and
 * pserv-admin import change it):
 *
 *   GET /admin/units       Divisi/Cab/Unit with their heads
 *   GET /admin/employees   the HR master, a page at a time by nopek, with a
 *                          search by nopek or name, and each one's account
 *   GET /admin/platforms   the Platform System list
 *
 * ?done=... after a change shows what it did.
 */
#include "db.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_MASTER_PAGE_SIZE  50
#define PSERV_MASTER_SEARCH_MAX 100

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The HR master a page at a time, by nopek (keyset: after the last row
 * shown, or before the first, read backwards). Search: a nopek prefix or
 * part of the name. */
#define PSERV_ADM_EMPLOYEES_SQL(cmp, order)                                    \
    "WITH arg AS (SELECT nullif(%s, '') AS q, nullif(%s, '') AS k,"            \
    " %s::int AS n)"                                                           \
    " SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code,"          \
    " u.name, e.supervisor_nopek, s.full_name, e.employment_type,"             \
    " e.active, ac.id, ac.username"                                            \
    " FROM arg, employees e JOIN units u ON u.code = e.unit_code"              \
    " LEFT JOIN employees s ON s.nopek = e.supervisor_nopek"                   \
    " LEFT JOIN LATERAL (SELECT a.id, a.username FROM accounts a"              \
    "   WHERE a.nopek = e.nopek ORDER BY a.active DESC, a.id LIMIT 1) ac"      \
    "   ON true"                                                               \
    " WHERE (arg.k IS NULL OR e.nopek " cmp " arg.k)"                          \
    " AND (arg.q IS NULL OR e.nopek LIKE arg.q || '%%'"                        \
    "   OR e.full_name ILIKE '%%' || arg.q || '%%')"                           \
    " ORDER BY " order " LIMIT (SELECT n FROM arg)"

PSERV_SQL(adm_units, 0,
          "SELECT u.code, u.name, u.kind, u.head_nopek, h.full_name, u.active,"
          " (SELECT count(*) FROM employees e WHERE e.unit_code = u.code)"
          " FROM units u LEFT JOIN employees h ON h.nopek = u.head_nopek"
          " ORDER BY u.kind, u.name, u.code");
/* search ('' for all; LIKE-escaped), after/before nopek, limit */
PSERV_SQL(adm_employees_next, 3, PSERV_ADM_EMPLOYEES_SQL(">", "e.nopek"));
PSERV_SQL(adm_employees_prev, 3, PSERV_ADM_EMPLOYEES_SQL("<", "e.nopek DESC"));
PSERV_SQL(adm_platforms, 0,
          "SELECT p.code, p.name, p.active, p.sort_order,"
          " (SELECT count(*) FROM request_platforms rp"
          "   WHERE rp.platform_code = p.code)"
          " FROM platforms p ORDER BY p.sort_order, p.name");

const pserv_stmt *const pserv_sql_table_handle_admin_master[] = {
    &pserv_sql_adm_units,
    &pserv_sql_adm_employees_next,
    &pserv_sql_adm_employees_prev,
    &pserv_sql_adm_platforms,
    NULL,
};

/* What a change reported with ?done= (and &code=, &n=) did. */
static const char *pserv_master_done(request_rec *r, const char *list)
{
    apr_table_t *args = NULL;
    const char *done, *code, *n;
    int units = strcmp(list, "units") == 0;
    const char *what =
        pserv_tr(r, units ? PSERV_MSG_KEY("admin.noun.units")
                          : PSERV_MSG_KEY("admin.noun.platforms"));

    ap_args_to_table(r, &args);
    if (!(done = apr_table_get(args, "done")))
        return NULL;
    code = apr_table_get(args, "code");
    if (!code || !pserv_valid_code(code))
        code = what;
    n = apr_table_get(args, "n");
    if (strcmp(done, "added") == 0)
        return pserv_trf(r, "admin.done.added", "%s", what);
    if (strcmp(done, "updated") == 0)
        return pserv_trf(r, "admin.done.updated", "%s", what);
    if (strcmp(done, "rerouted") == 0)
        return pserv_trf(r, "admin.done.rerouted", "%s %d", what,
                         n ? atoi(n) : 0);
    if (strcmp(done, "deactivated") == 0)
        return pserv_trf(r, "admin.done.list_deactivated", "%s", code);
    if (strcmp(done, "activated") == 0)
        return pserv_trf(r, "admin.done.list_activated", "%s", code);
    return NULL;
}

static pserv_view *pserv_master_view(request_rec *r, const char *name,
                                     const char *title)
{
    pserv_view *v = pserv_view_new(r, name, title);

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    return v;
}

static const char *pserv_master_bool(const char *v)
{
    return v && *v == 't' ? "1" : "0";
}

/* A whole-table page: the rows of sql (no arguments) in *res, and the
 * page to fill; NULL when the answer has been given instead (*rv). */
static pserv_view *pserv_master_table(request_rec *r, const pserv_stmt *sql,
                                      const char *name, const char *title,
                                      pserv_db **db, apr_dbd_results_t **res,
                                      int *rv)
{
    *res = NULL;
    if (!(*db = pserv_db_get(r)))
        *rv = pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    else if (pserv_db_selectv(*db, res, sql, 0, NULL) != 0)
        *rv = pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    else {
        pserv_view *v = pserv_master_view(r, name, title);
        const char *done = pserv_master_done(
            r, strcmp(name, "admin_units") == 0 ? "units" : "platforms");
        if (done)
            pserv_view_attr(pserv_view_add(v->page, "flash", done), "type",
                            "success");
        return v;
    }
    return NULL;
}

int pserv_handle_admin_units(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_dbd_results_t *res;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_view *v;
    int rv = OK, i;

    (void)id;
    (void)s;
    if (!(v = pserv_master_table(r, &pserv_sql_adm_units, "admin_units",
                                 pserv_tr(r, "admin.title.units"), &db, &res,
                                 &rv)))
        return rv;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr n = pserv_view_add(v->content, "unit", NULL);
        const char *kind = pserv_db_col(db, row, 2);
        pserv_view_attr(n, "code", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "name", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "kind", kind);
        pserv_view_attr(n, "kind_label",
                        strcmp(kind, "HO") == 0 ? "Head Office (HO)" : "Unit");
        pserv_view_attr(n, "head_nopek", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "head_name", pserv_db_col(db, row, 4));
        pserv_view_attr(n, "active",
                        pserv_master_bool(pserv_db_col(db, row, 5)));
        pserv_view_attr(n, "employees", pserv_db_col(db, row, 6));
    }
    return pserv_view_send(v, HTTP_OK);
}

/* A nopek from the query string for keyset paging, or "". */
static const char *pserv_master_key(apr_table_t *args, const char *name)
{
    const char *k = apr_table_get(args, name);

    return k && pserv_valid_nopek(k) ? k : "";
}

int pserv_handle_admin_employees(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    apr_table_t *args = NULL;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *rows;
    pserv_db *db;
    pserv_view *v;
    const char *q, *after, *before, *qs, *like, *limit;
    int i, n, back, more;

    (void)id;
    (void)s;
    ap_args_to_table(r, &args);
    q = apr_table_get(args, "q");
    if (!q || !pserv_valid_text(q, PSERV_MASTER_SEARCH_MAX, 0))
        q = "";
    q = pserv_trim(r->pool, q);
    after = pserv_master_key(args, "after");
    before = *after ? "" : pserv_master_key(args, "before");
    back = *before != '\0';
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    like = pserv_like_escape(r->pool, q);
    limit = apr_itoa(r->pool, PSERV_MASTER_PAGE_SIZE + 1);
    if ((back ? pserv_db_select(db, adm_employees_prev, &res, like, before,
                                limit)
              : pserv_db_select(db, adm_employees_next, &res, like, after,
                                limit))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    /* One row past the page says whether there is more that way. Rows
     * are kept, so never asked for past the count: apr_dbd_pgsql frees
     * the result then. */
    rows = apr_array_make(r->pool, PSERV_MASTER_PAGE_SIZE + 1,
                          sizeof(apr_dbd_row_t *));
    n = apr_dbd_num_tuples(db->dbd->driver, res);
    for (i = 1; i <= n && (row = pserv_db_row(db, res, i)); i++)
        *(apr_dbd_row_t **)apr_array_push(rows) = row;
    more = rows->nelts > PSERV_MASTER_PAGE_SIZE;
    n = more ? PSERV_MASTER_PAGE_SIZE : rows->nelts;

    v = pserv_master_view(r, "admin_employees",
                          pserv_tr(r, "admin.title.employees"));
    pserv_view_attr(v->content, "q", q);
    for (i = 0; i < n; i++) {
        /* Read backwards, the rows come in descending order. */
        xmlNodePtr e = pserv_view_add(v->content, "employee", NULL);
        row = APR_ARRAY_IDX(rows, back ? n - 1 - i : i, apr_dbd_row_t *);
        pserv_view_attr(e, "nopek", pserv_db_col(db, row, 0));
        pserv_view_attr(e, "full_name", pserv_db_col(db, row, 1));
        pserv_view_attr(e, "position", pserv_db_col(db, row, 2));
        pserv_view_attr(e, "email", pserv_db_col(db, row, 3));
        pserv_view_attr(e, "unit_code", pserv_db_col(db, row, 4));
        pserv_view_attr(e, "unit_name", pserv_db_col(db, row, 5));
        pserv_view_attr(e, "supervisor_nopek", pserv_db_col(db, row, 6));
        pserv_view_attr(e, "supervisor_name", pserv_db_col(db, row, 7));
        pserv_view_attr(e, "employment_type", pserv_db_col(db, row, 8));
        pserv_view_attr(e, "active",
                        pserv_master_bool(pserv_db_col(db, row, 9)));
        pserv_view_attr(e, "account_id", pserv_db_col(db, row, 10));
        pserv_view_attr(e, "account", pserv_db_col(db, row, 11));
    }
    if (n > 0) {
        const char *first = pserv_db_col(
            db, APR_ARRAY_IDX(rows, back ? n - 1 : 0, apr_dbd_row_t *), 0);
        const char *last = pserv_db_col(
            db, APR_ARRAY_IDX(rows, back ? 0 : n - 1, apr_dbd_row_t *), 0);
        qs = apr_pstrcat(r->pool, "/admin/employees?q=",
                         ap_escape_urlencoded(r->pool, q), NULL);
        if (back ? more : *after != '\0')
            pserv_view_attr(v->content, "prev_href",
                            apr_pstrcat(r->pool, qs, "&before=", first, NULL));
        if (back || more)
            pserv_view_attr(v->content, "next_href",
                            apr_pstrcat(r->pool, qs, "&after=", last, NULL));
    }
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_admin_platforms(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    apr_dbd_results_t *res;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_view *v;
    int rv = OK, i;

    (void)id;
    (void)s;
    if (!(v = pserv_master_table(r, &pserv_sql_adm_platforms, "admin_platforms",
                                 pserv_tr(r, "admin.title.platforms"), &db,
                                 &res, &rv)))
        return rv;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr n = pserv_view_add(v->content, "platform", NULL);
        pserv_view_attr(n, "code", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "name", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "active",
                        pserv_master_bool(pserv_db_col(db, row, 2)));
        pserv_view_attr(n, "sort_order", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "requests", pserv_db_col(db, row, 4));
    }
    return pserv_view_send(v, HTTP_OK);
}
