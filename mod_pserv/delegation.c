/*
 * delegation.c: Delegasi Persetujuan, the service (delegation.h). The
 * pages are handle_delegation.c's; the Administrator's account page
 * (handle_admin.c) lists an account's delegations through
 * pserv_deleg_view. A delegation's dates are Jakarta dates, both included;
 * whether one runs at a moment is pserv_delegation_runs (migration 012),
 * and what a delegate may then do is pserv_candidates' and actors.c's.
 */
#include "i18n.h"
#include "delegation.h"
#include "actors.h"
#include "view.h"

#include "apr_strings.h"

#define PSERV_DELEG_MATCH_MAX 10

/* ---- statements (db.h: PSERV_SQL) ---- */

/* Whether account a approves something: pserv_approves (migration 013). */
#define PSERV_DELEG_APPROVER " pserv_approves(a.id)"

/* account id -> username, full name, active, approver */
PSERV_SQL(deleg_account, 1,
          "SELECT a.id, a.username, a.full_name, a.active," PSERV_DELEG_APPROVER
          " FROM accounts a WHERE a.id = %s::bigint");
/* typed text, the same LIKE-escaped, limit -> id, username, full name,
 * active, approver, how it matched (0 username, 1 full name, 2 a part):
 * the best matches first */
PSERV_SQL(
    deleg_find, 3,
    "WITH arg AS (SELECT lower(%s) AS q, %s AS pat, %s::int AS lim),"
    " m AS (SELECT a.*, CASE WHEN lower(a.username) = arg.q THEN 0"
    "   WHEN lower(a.full_name) = arg.q THEN 1 ELSE 2 END AS how"
    "   FROM arg, accounts a"
    "   WHERE (a.username || ' ' || a.full_name) ILIKE '%%' || arg.pat || '%%')"
    " SELECT a.id, a.username, a.full_name, a.active," PSERV_DELEG_APPROVER
    ", a.how FROM arg, m a"
    " ORDER BY a.how, NOT a.active, a.full_name, a.username LIMIT (SELECT lim"
    " FROM arg)");
/* delegator id, delegate id: both rows locked, in one order, so that two
 * saves touching one account run one after the other */
PSERV_SQL(deleg_lock, 2,
          "SELECT a.id, a.active FROM accounts a"
          " WHERE a.id IN (%s::bigint, %s::bigint) ORDER BY a.id FOR UPDATE");
/* delegator id, delegate id, start, end, now -> the delegations in the
 * way: (0: the delegator's own, 1: the delegate's own out: they are away
 * then), start, end, the other side's full name */
PSERV_SQL(deleg_conflicts, 5,
          "WITH arg AS (SELECT %s::bigint AS gid, %s::bigint AS did,"
          " %s::date AS s, %s::date AS e, %s::timestamptz AS now)"
          " SELECT CASE WHEN d.delegator_id = arg.gid THEN 0 ELSE 1 END,"
          " d.starts_on::text, d.ends_on::text, t.full_name"
          " FROM arg, delegations d JOIN accounts t ON t.id = d.delegate_id"
          " WHERE d.delegator_id IN (arg.gid, arg.did)"
          " AND d.starts_on <= arg.e AND d.ends_on >= arg.s"
          " AND (d.ended_at IS NULL OR d.ended_at > arg.now)"
          " ORDER BY 1, d.starts_on");
/* delegator, delegate, start, end, reason, created by, now -> id */
PSERV_SQL(deleg_insert, 7,
          "INSERT INTO delegations (delegator_id, delegate_id, starts_on,"
          " ends_on, reason, created_by, created_at) VALUES (%s::bigint,"
          " %s::bigint, %s::date, %s::date, %s, %s::bigint, %s::timestamptz)"
          " RETURNING id");
/* Its state at now, in the words of the page. */
#define PSERV_DELEG_STATUS                                                     \
    " CASE WHEN d.ended_at IS NOT NULL AND d.ended_at <= arg.now"              \
    "   THEN 'diakhiri' WHEN pserv_delegation_runs(d, arg.now)"                \
    "   THEN 'berjalan' WHEN (arg.now AT TIME ZONE 'Asia/Jakarta')::date"      \
    "   < d.starts_on THEN 'terjadwal' ELSE 'selesai' END"
/* id, now -> delegator id, delegate id, delegator's and delegate's full
 * names, delegate's username, start, end, reason, status */
PSERV_SQL(deleg_get, 2,
          "WITH arg AS (SELECT %s::bigint AS id, %s::timestamptz AS now)"
          " SELECT d.delegator_id, d.delegate_id, g.full_name, t.full_name,"
          " t.username, d.starts_on::text, d.ends_on::text, "
          "d.reason," PSERV_DELEG_STATUS " FROM arg, delegations d"
          " JOIN accounts g ON g.id = d.delegator_id"
          " JOIN accounts t ON t.id = d.delegate_id WHERE d.id = arg.id");
/* id, now, ended by -> id, when it still ran or was still to come */
PSERV_SQL(deleg_end, 3,
          "WITH arg AS (SELECT %s::bigint AS id, %s::timestamptz AS now)"
          " UPDATE delegations d SET ended_at = arg.now, ended_by = %s::bigint"
          " FROM arg WHERE d.id = arg.id AND d.ended_at IS NULL"
          " AND d.ends_on >= (arg.now AT TIME ZONE 'Asia/Jakarta')::date"
          " RETURNING d.id");
/* account id, now, with the received ones (t/f) -> id, direction,
 * delegator's full name and username, delegate's, start, end, reason,
 * created by (full name), created at (epoch), ended at (epoch), ended by
 * (full name), status */
PSERV_SQL(
    deleg_list, 3,
    "WITH arg AS (SELECT %s::bigint AS id, %s::timestamptz AS now,"
    " %s::boolean AS incoming)"
    " SELECT d.id, CASE WHEN d.delegator_id = arg.id THEN 'out'"
    " ELSE 'in' END, g.full_name, g.username, t.full_name, t.username,"
    " d.starts_on::text, d.ends_on::text, d.reason, c.full_name,"
    " extract(epoch FROM d.created_at)::bigint,"
    " extract(epoch FROM d.ended_at)::bigint, e.full_name," PSERV_DELEG_STATUS
    " FROM arg, delegations d"
    " JOIN accounts g ON g.id = d.delegator_id"
    " JOIN accounts t ON t.id = d.delegate_id"
    " JOIN accounts c ON c.id = d.created_by"
    " LEFT JOIN accounts e ON e.id = d.ended_by"
    " WHERE d.delegator_id = arg.id"
    " OR (arg.incoming AND d.delegate_id = arg.id)"
    " ORDER BY d.starts_on DESC, d.id DESC LIMIT 200");
/* limit -> username, full name of active accounts */
PSERV_SQL(deleg_options, 1,
          "SELECT a.username, a.full_name FROM accounts a WHERE a.active"
          " ORDER BY a.full_name, a.username LIMIT %s::int");

const pserv_stmt *const pserv_sql_table_delegation[] = {
    &pserv_sql_deleg_account, &pserv_sql_deleg_find,
    &pserv_sql_deleg_lock,    &pserv_sql_deleg_conflicts,
    &pserv_sql_deleg_insert,  &pserv_sql_deleg_get,
    &pserv_sql_deleg_end,     &pserv_sql_deleg_list,
    &pserv_sql_deleg_options, NULL,
};

static int pserv_deleg_t(const char *v)
{
    return v && *v == 't';
}

/* Columns 0-4 (id, username, full name, active, approver) into a. */
static void pserv_deleg_account_read(pserv_db *db, apr_dbd_row_t *row,
                                     pserv_deleg_account *a)
{
    a->id = apr_atoi64(pserv_db_col(db, row, 0));
    a->username = pserv_db_col(db, row, 1);
    a->full_name = pserv_db_col(db, row, 2);
    a->active = pserv_deleg_t(pserv_db_col(db, row, 3));
    a->approver = pserv_deleg_t(pserv_db_col(db, row, 4));
}

int pserv_deleg_account_get(pserv_db *db, apr_int64_t id,
                            pserv_deleg_account *a)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, deleg_account, &res, pserv_i64s(db->r, id)) != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 1;
    pserv_deleg_account_read(db, row, a);
    return 0;
}

int pserv_deleg_resolve(request_rec *r, pserv_db *db, const char *typed,
                        pserv_deleg_account *found,
                        apr_array_header_t **matches)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *all =
        apr_array_make(r->pool, 4, sizeof(pserv_deleg_account));
    apr_array_header_t *active =
        apr_array_make(r->pool, 4, sizeof(pserv_deleg_account));
    int i, best = 3;

    *matches = active;
    if (pserv_db_select(db, deleg_find, &res, typed,
                        pserv_like_escape(r->pool, typed),
                        apr_itoa(r->pool, PSERV_DELEG_MATCH_MAX + 1))
        != 0)
        return PSERV_DELEG_ERROR;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_deleg_account a;
        int how = atoi(pserv_db_col(db, row, 5));
        pserv_deleg_account_read(db, row, &a);
        /* an exact username or full name wins over the parts */
        if (how < 2 && best == 3)
            best = how;
        if (best < 2 && how != best)
            continue;
        *(pserv_deleg_account *)apr_array_push(all) = a;
        if (a.active)
            *(pserv_deleg_account *)apr_array_push(active) = a;
    }
    if (!all->nelts)
        return PSERV_DELEG_NONE;
    if (active->nelts == 1) {
        *found = APR_ARRAY_IDX(active, 0, pserv_deleg_account);
        return PSERV_DELEG_FOUND;
    }
    if (!active->nelts) {
        *found = APR_ARRAY_IDX(all, 0, pserv_deleg_account);
        return PSERV_DELEG_INACTIVE;
    }
    return PSERV_DELEG_MANY;
}

/* The stuck marks after a change of who may act (actors.c); a failure is
 * logged, the change stands. */
static void pserv_deleg_restuck(request_rec *r, pserv_db *db)
{
    pserv_actx x;

    pserv_actx_of(r, db, &x);
    if (pserv_stuck_check(&x, 0) < 0)
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[DLG01]: the stuck marks could not be looked at "
                      "after a delegation changed");
}

/* "1 Desember 2026" ("1 December 2026") of "2026-12-01", in language lang:
 * the date of format.c's full form, at noon WIB that day. */
static const char *pserv_deleg_date_label(apr_pool_t *p, int lang,
                                          const char *date)
{
    apr_time_exp_t x;
    apr_time_t t;
    char *s, *sp;

    if (!pserv_valid_date(date))
        return date;
    memset(&x, 0, sizeof x);
    x.tm_year = atoi(date) - 1900;
    x.tm_mon = atoi(date + 5) - 1;
    x.tm_mday = atoi(date + 8);
    x.tm_hour = 5; /* 12.00 WIB */
    if (apr_time_exp_gmt_get(&t, &x) != APR_SUCCESS)
        return date;
    s = pserv_format_wib_in(p, apr_time_sec(t), lang, 1);
    /* "1 Desember 2026 12.00 WIB": the first three words */
    if ((sp = strchr(s, ' ')) && (sp = strchr(sp + 1, ' '))
        && (sp = strchr(sp + 1, ' ')))
        *sp = '\0';
    return s;
}

/* "1 Desember 2026 s.d. 5 Desember 2026" */
static const char *pserv_deleg_span(request_rec *r, const char *s,
                                    const char *e)
{
    int lang = pserv_lang(r);

    return pserv_trf(r, "delegation.span", "%s %s",
                     pserv_deleg_date_label(r->pool, lang, s),
                     pserv_deleg_date_label(r->pool, lang, e));
}

int pserv_deleg_create(request_rec *r, pserv_db *db, const pserv_deleg_new *n,
                       apr_int64_t *id, const char **message, const char **why)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *gid = pserv_i64s(r, n->delegator->id);
    const char *did = pserv_i64s(r, n->delegate->id);
    const char *now = pserv_now_sql(r);
    int i, delegate_active = 0;

    *message = *why = NULL;
    if (n->delegator->id == n->delegate->id) {
        *why = "self";
        *message = pserv_tr(r, "delegation.err.self");
        return HTTP_CONFLICT;
    }
    if (pserv_db_begin(db) != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (pserv_db_select(db, deleg_lock, &res, gid, did) != 0)
        goto failed;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++)
        if (apr_atoi64(pserv_db_col(db, row, 0)) == n->delegate->id)
            delegate_active = pserv_deleg_t(pserv_db_col(db, row, 1));
    if (!delegate_active) {
        pserv_db_rollback(db);
        *why = "inactive";
        *message = pserv_trf(r, "delegation.err.inactive", "%s %s",
                             n->delegate->full_name, n->delegate->username);
        return HTTP_CONFLICT;
    }
    if (pserv_db_select(db, deleg_conflicts, &res, gid, did, n->start, n->end,
                        now)
        != 0)
        goto failed;
    if ((row = pserv_db_row(db, res, 1))) {
        int own = atoi(pserv_db_col(db, row, 0)) == 0;
        const char *span = pserv_deleg_span(r, pserv_db_col(db, row, 1),
                                            pserv_db_col(db, row, 2));
        pserv_db_rollback(db);
        if (own) {
            *why = "overlap";
            *message = pserv_trf(r, "delegation.err.overlap", "%s %s", span,
                                 pserv_db_col(db, row, 3));
        }
        else {
            *why = "chain";
            *message = pserv_trf(r, "delegation.err.chain", "%s %s %s",
                                 n->delegate->full_name, span,
                                 pserv_db_col(db, row, 3));
        }
        return HTTP_CONFLICT;
    }
    if (pserv_db_select(db, deleg_insert, &res, gid, did, n->start, n->end,
                        n->reason, pserv_i64s(r, n->created_by), now)
            != 0
        || !(row = pserv_db_row(db, res, 1)))
        goto failed;
    *id = apr_atoi64(pserv_db_col(db, row, 0));
    if (pserv_db_end(db) != 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    pserv_deleg_restuck(r, db);
    return OK;

failed:
    pserv_db_rollback(db);
    return pserv_req_get(r)->db_down ? HTTP_SERVICE_UNAVAILABLE
                                     : HTTP_INTERNAL_SERVER_ERROR;
}

int pserv_deleg_get(request_rec *r, pserv_db *db, apr_int64_t id,
                    pserv_deleg *d)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, deleg_get, &res, pserv_i64s(r, id),
                        pserv_now_sql(r))
        != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 1;
    d->id = id;
    d->delegator_id = apr_atoi64(pserv_db_col(db, row, 0));
    d->delegate_id = apr_atoi64(pserv_db_col(db, row, 1));
    d->delegator = pserv_db_col(db, row, 2);
    d->delegate = pserv_db_col(db, row, 3);
    d->delegate_username = pserv_db_col(db, row, 4);
    d->start = pserv_db_col(db, row, 5);
    d->end = pserv_db_col(db, row, 6);
    d->reason = pserv_db_col(db, row, 7);
    d->status = pserv_db_col(db, row, 8);
    return 0;
}

int pserv_deleg_end(request_rec *r, pserv_db *db, const pserv_deleg *d,
                    apr_int64_t by, const char **message)
{
    apr_dbd_results_t *res = NULL;

    *message = NULL;
    if (pserv_db_select(db, deleg_end, &res, pserv_i64s(r, d->id),
                        pserv_now_sql(r), pserv_i64s(r, by))
        != 0)
        return pserv_req_get(r)->db_down ? HTTP_SERVICE_UNAVAILABLE
                                         : HTTP_INTERNAL_SERVER_ERROR;
    if (!pserv_db_row(db, res, 1)) {
        *message = pserv_tr(r, "delegation.gone");
        return HTTP_CONFLICT;
    }
    pserv_deleg_restuck(r, db);
    return OK;
}

static const char *pserv_deleg_status_label(request_rec *r, const char *status)
{
    const char *key = strcmp(status, "berjalan") == 0
                          ? PSERV_MSG_KEY("delegation.status.running")
                      : strcmp(status, "terjadwal") == 0
                          ? PSERV_MSG_KEY("delegation.status.scheduled")
                      : strcmp(status, "diakhiri") == 0
                          ? PSERV_MSG_KEY("delegation.status.ended")
                          : PSERV_MSG_KEY("delegation.status.finished");

    return pserv_tr(r, key);
}

int pserv_deleg_view(request_rec *r, pserv_db *db, apr_int64_t account,
                     int incoming, xmlNodePtr parent)
{
    static const char *const names[] = { "id",        "direction",
                                         "delegator", "delegator_username",
                                         "delegate",  "delegate_username",
                                         "start",     "end",
                                         "reason",    "created_by" };
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i, k, lang = pserv_lang(r);

    if (pserv_db_select(db, deleg_list, &res, pserv_i64s(r, account),
                        pserv_now_sql(r), incoming ? "t" : "f")
        != 0)
        return -1;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr n = pserv_view_add(parent, "delegation", NULL);
        const char *status = pserv_db_col(db, row, 13), *v;
        for (k = 0; k < (int)(sizeof names / sizeof names[0]); k++)
            pserv_view_attr(n, names[k], pserv_db_col(db, row, k));
        pserv_view_attr(
            n, "start_label",
            pserv_deleg_date_label(r->pool, lang, pserv_db_col(db, row, 6)));
        pserv_view_attr(
            n, "end_label",
            pserv_deleg_date_label(r->pool, lang, pserv_db_col(db, row, 7)));
        if ((v = pserv_db_col(db, row, 10))) {
            pserv_view_attr(
                n, "created_at",
                pserv_format_wib_in(r->pool, apr_atoi64(v), lang, 0));
            pserv_view_attr(n, "created_at_iso",
                            pserv_format_iso(r->pool, apr_atoi64(v)));
        }
        if ((v = pserv_db_col(db, row, 11)))
            pserv_view_attr(
                n, "ended_at",
                pserv_format_wib_in(r->pool, apr_atoi64(v), lang, 0));
        pserv_view_attr(n, "ended_by", pserv_db_col(db, row, 12));
        pserv_view_attr(n, "status", status);
        pserv_view_attr(n, "status_label", pserv_deleg_status_label(r, status));
        if (strcmp(pserv_db_col(db, row, 1), "out") == 0
            && (strcmp(status, "berjalan") == 0
                || strcmp(status, "terjadwal") == 0))
            pserv_view_attr(n, "may_end", "1");
    }
    return 0;
}

int pserv_deleg_options(request_rec *r, pserv_db *db, int max,
                        xmlNodePtr parent)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, deleg_options, &res, apr_itoa(r->pool, max)) != 0)
        return -1;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr n = pserv_view_add(parent, "option", NULL);
        pserv_view_attr(n, "username", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "full_name", pserv_db_col(db, row, 1));
    }
    return 0;
}
