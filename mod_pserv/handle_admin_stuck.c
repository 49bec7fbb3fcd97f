/*
 * handle_admin_stuck.c: Tiket Tertahan and Alihkan Persetujuan, the
 * Administrator's way out of a ticket nobody may act on (issue 17).
 *
 *   GET  /admin/stuck          every waiting ticket nobody may act on now,
 *                              with why in words and how long it waited;
 *                              and the ICT roles one person or nobody
 *                              holds (the tickets that will stop there)
 *   GET  /requests/N/assign    Alihkan Persetujuan: the form
 *   POST /requests/N/assign    the account (by name or username), Alasan,
 *                              then a confirmation (the dialog of
 *                              static/ticket.js, or the page here without
 *                              JavaScript), then the assignment (assign.c)
 *
 * Their routes are PSERV_ADMIN (route.c). Who may act, and why nobody
 * may, is actors.c's (pserv_waiting_load), computed live; whom a stage may
 * be assigned to is assign.c's. The Administrator only routes: the role
 * itself decides nothing on a ticket, and nobody assigns a stage to
 * themselves.
 */
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "ticket.h"
#include "assign.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"

#define PSERV_ASSIGN_FORM_MAX   8192
#define PSERV_ASSIGN_REASON_MAX 2000
#define PSERV_ASSIGN_QUERY_MAX  100
#define PSERV_ASSIGN_MATCHES    20

/* ---- statements (db.h: PSERV_SQL) ---- */

/* text typed (lower case), the same LIKE-escaped, account id ('' for
 * none) -> the accounts it names, best first: id, username, full name,
 * nopek, e-mail, active, how (0: the id or the exact username, 1: the
 * exact full name, 2: a part of an active account's username or name) */
PSERV_SQL(assign_accounts, 3,
          "WITH arg AS (SELECT lower(%s) AS q, %s AS pat,"
          " nullif(%s, '')::bigint AS id)"
          " SELECT a.id, a.username, a.full_name, a.nopek, a.email, a.active,"
          " CASE WHEN a.id = arg.id OR lower(a.username) = arg.q THEN 0"
          "   WHEN lower(a.full_name) = arg.q THEN 1 ELSE 2 END AS how"
          " FROM arg, accounts a"
          " WHERE a.id = arg.id OR (arg.id IS NULL AND arg.q <> ''"
          "   AND (lower(a.username) = arg.q OR lower(a.full_name) = arg.q"
          "   OR (a.active AND (a.username || ' ' || a.full_name)"
          "   ILIKE '%%' || arg.pat || '%%')))"
          " ORDER BY how, a.username LIMIT 21");

const pserv_stmt *const pserv_sql_table_handle_admin_stuck[] = {
    &pserv_sql_assign_accounts,
    NULL,
};

/* "3 hari 4 jam", "5 jam 10 menit", "12 menit" (in r's language) */
static const char *pserv_stuck_waited(request_rec *r, apr_int64_t secs)
{
    long m = secs > 0 ? (long)(secs / 60) : 0;

    if (m >= 24 * 60)
        return pserv_trf(r, "admin.waited.days", "%ld %ld", m / (24 * 60),
                         m / 60 % 24);
    if (m >= 60)
        return pserv_trf(r, "admin.waited.hours", "%ld %ld", m / 60, m % 60);
    return pserv_trf(r, "admin.waited.minutes", "%ld", m);
}

/* ---- Tiket Tertahan ------------------------------------------------------ */

int pserv_handle_admin_stuck(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_array_header_t *all, *roles;
    apr_int64_t now = apr_time_sec(pserv_now(r));
    pserv_actx x;
    pserv_db *db;
    pserv_view *v;
    int i, n = 0;

    (void)s;
    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_actx_of(r, db, &x);
    if (!(all = pserv_waiting_load(&x, 0)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    v = pserv_view_new(r, "admin_stuck", pserv_tr(r, "admin.title.stuck"));
    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    for (i = 0; i < all->nelts; i++) {
        const pserv_waiting *w = &APR_ARRAY_IDX(all, i, pserv_waiting);
        const char *tid = pserv_i64s(r, w->id);
        xmlNodePtr t;
        if (!w->stuck)
            continue;
        n++;
        t = pserv_view_add(v->content, "ticket", NULL);
        pserv_view_attr(t, "id", tid);
        pserv_view_attr(t, "nomor", w->nomor);
        pserv_view_attr(t, "full_name", w->full_name);
        pserv_view_attr(t, "kind_label", pserv_kind_label(w->kind));
        pserv_view_attr(t, "unit_name", w->unit_name);
        pserv_view_attr(t, "status", w->status);
        pserv_view_attr(t, "stage_label", pserv_stage_label(w->status));
        pserv_view_attr(t, "reason",
                        pserv_waiting_stuck(r->pool, w, pserv_lang(r)));
        pserv_view_attr(
            t, "since",
            pserv_format_wib_in(r->pool, w->since, pserv_lang(r), 0));
        pserv_view_attr(t, "since_iso", pserv_format_iso(r->pool, w->since));
        pserv_view_attr(t, "waited", pserv_stuck_waited(r, now - w->since));
    }
    pserv_view_attr(v->content, "count", apr_itoa(r->pool, n));
    /* Prevention: the roles one person, or nobody, holds (none: a
     * ticket reaching that stage gets stuck; one: that person's own
     * tickets, and those they approved as Atasan, do). */
    if ((roles = pserv_role_holders_load(&x)))
        for (i = 0; i < roles->nelts; i++) {
            const pserv_role_holders *rh =
                &APR_ARRAY_IDX(roles, i, pserv_role_holders);
            xmlNodePtr h;
            if (rh->people->nelts > 1)
                continue;
            h = pserv_view_add(v->content, "thin_role", NULL);
            pserv_view_attr(h, "label", pserv_role_label(rh->role));
            pserv_view_attr(h, "holders", apr_itoa(r->pool, rh->people->nelts));
            pserv_view_attr(h, "names", pserv_role_holders_names(r->pool, rh));
        }
    return pserv_view_send(v, HTTP_OK);
}

/* ---- Alihkan Persetujuan ------------------------------------------------- */

typedef struct {
    const char *account, *account_id, *reason; /* as posted */
    const char *account_error, *reason_error, *notice;
    apr_array_header_t *matches;  /* pserv_assignee, when ambiguous */
    const pserv_assignee *chosen; /* for the confirmation */
} pserv_assign_form;

static void pserv_assign_account_node(request_rec *r, xmlNodePtr parent,
                                      const char *name, const pserv_assignee *a)
{
    xmlNodePtr n = pserv_view_add(parent, name, NULL);

    pserv_view_attr(n, "id", pserv_i64s(r, a->id));
    pserv_view_attr(n, "username", a->username);
    pserv_view_attr(n, "full_name", a->full_name);
    pserv_view_attr(n, "active", a->active ? "1" : "0");
}

/* The page: the form (f: what was posted, with its messages), or with
 * f->chosen the confirmation without JavaScript. */
static int pserv_assign_page_send(request_rec *r, const pserv_ticket *t,
                                  const pserv_assign_form *f, int status)
{
    const pserv_waiting *w = t->waiting;
    pserv_view *v =
        pserv_view_new(r, "assign", pserv_tr(r, "admin.title.assign"));
    xmlNodePtr c = v->content, n;
    int i;

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, "/admin/stuck", pserv_tr(r, "admin.title.stuck"));
    pserv_view_crumb(v, apr_pstrcat(r->pool, "/requests/", t->id, NULL),
                     t->nomor);
    pserv_view_attr(c, "id", t->id);
    pserv_view_attr(c, "nomor", t->nomor);
    pserv_view_attr(c, "full_name", t->full_name);
    pserv_view_attr(c, "status", t->status);
    pserv_view_attr(c, "status_label", pserv_status_label(t->status));
    if (f->notice)
        pserv_view_add(c, "notice", f->notice);
    if (!w)
        return pserv_view_send(v, status);
    pserv_view_attr(c, "stage_label", pserv_stage_label(w->status));
    pserv_view_attr(c, "since",
                    pserv_format_wib_in(r->pool, w->since, pserv_lang(r), 0));
    pserv_view_attr(c, "since_iso", pserv_format_iso(r->pool, w->since));
    pserv_view_attr(c, "stuck", pserv_waiting_stuck(r->pool, w, pserv_lang(r)));
    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *k = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (k->why != PSERV_ACT_OK)
            continue;
        n = pserv_view_add(c, "actor", NULL);
        pserv_view_attr(n, "full_name", k->full_name);
        pserv_view_attr(n, "via", k->via);
        pserv_view_attr(n, "for_name", k->for_name);
    }
    n = pserv_view_add(c, "form", NULL);
    pserv_view_attr(n, "account", f->account);
    pserv_view_attr(n, "reason", f->reason);
    pserv_view_attr(n, "account_error", f->account_error);
    pserv_view_attr(n, "reason_error", f->reason_error);
    for (i = 0; f->matches && i < f->matches->nelts; i++)
        pserv_assign_account_node(
            r, n, "match", &APR_ARRAY_IDX(f->matches, i, pserv_assignee));
    if (f->chosen) {
        pserv_view_attr(c, "mode", "confirm");
        pserv_assign_account_node(r, c, "chosen", f->chosen);
    }
    return pserv_view_send(v, status);
}

/* The accounts f names (f->account_id first, else the text typed), into
 * f->matches; the one meant, or NULL with f->account_error set. */
static const pserv_assignee *pserv_assign_resolve(request_rec *r, pserv_db *db,
                                                  pserv_assign_form *f)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *q;
    int i, exact = 0, by_name = 0;

    f->matches = apr_array_make(r->pool, 4, sizeof(pserv_assignee));
    if (f->account_id && *f->account_id
        && (strlen(f->account_id) > 18
            || strspn(f->account_id, "0123456789") != strlen(f->account_id)))
        f->account_id = NULL; /* not an id: the text typed counts */
    q = f->account_id && *f->account_id ? "" : f->account;
    if ((!f->account_id || !*f->account_id) && !*q) {
        f->account_error = pserv_tr(r, "admin.assign.account.required");
        return NULL;
    }
    if (pserv_db_select(db, assign_accounts, &res, apr_pstrdup(r->pool, q),
                        pserv_like_escape(r->pool, q),
                        f->account_id && *f->account_id ? f->account_id : "")
        != 0) {
        f->account_error = pserv_tr(r, "admin.assign.account.unavailable");
        return NULL;
    }
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_assignee *a = apr_array_push(f->matches);
        int how = atoi(pserv_db_col(db, row, 6));
        a->id = apr_atoi64(pserv_db_col(db, row, 0));
        a->username = pserv_db_col(db, row, 1);
        a->full_name = pserv_db_col(db, row, 2);
        a->nopek = pserv_db_col(db, row, 3);
        a->email = pserv_db_col(db, row, 4);
        a->active = *pserv_db_col(db, row, 5) == 't';
        exact += how == 0;
        by_name += how == 1;
    }
    if (exact || by_name == 1 || (f->matches->nelts == 1 && !by_name))
        return &APR_ARRAY_IDX(f->matches, 0, pserv_assignee);
    if (!f->matches->nelts)
        f->account_error =
            pserv_trf(r, "admin.assign.account.none", "%s", f->account);
    else {
        if (by_name) /* several accounts of one name: those only */
            f->matches->nelts = by_name;
        if (f->matches->nelts > PSERV_ASSIGN_MATCHES)
            f->matches->nelts = PSERV_ASSIGN_MATCHES;
        f->account_error = pserv_trf(
            r, "admin.assign.account.several", "%s%s", f->account,
            i > PSERV_ASSIGN_MATCHES + 1 ? pserv_tr(r, "admin.assign.first20")
                                         : "");
    }
    return NULL;
}

/* The ticket as the form needs it, or NULL after answering (*rv). */
static pserv_ticket *pserv_assign_ticket(request_rec *r, pserv_session *s,
                                         pserv_db **db, apr_int64_t id, int *rv)
{
    pserv_ticket *t;

    if (!(*db = pserv_db_get(r))) {
        *rv = pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        return NULL;
    }
    if (!(t = pserv_ticket_load(r, *db, s, id, rv)))
        *rv = pserv_error_page(r, *rv);
    return t;
}

/* "no longer waits": the ticket ended, nothing is assigned. */
static int pserv_assign_ended(request_rec *r, const pserv_ticket *t)
{
    pserv_assign_form f = { "", "", "", NULL, NULL, NULL, NULL, NULL };

    f.notice = pserv_trf(r, "admin.assign.ended", "%s %s", t->nomor,
                         pserv_status_label(t->status));
    return pserv_assign_page_send(r, t, &f, HTTP_CONFLICT);
}

int pserv_handle_assign_page(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_assign_form f = { "", "", "", NULL, NULL, NULL, NULL, NULL };
    pserv_ticket *t;
    pserv_db *db;
    int rv = OK;

    if (!(t = pserv_assign_ticket(r, s, &db, id, &rv)))
        return rv;
    if (!t->waiting)
        return pserv_assign_ended(r, t);
    return pserv_assign_page_send(r, t, &f, HTTP_OK);
}

int pserv_handle_assign(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_assign_form f = { "", "", "", NULL, NULL, NULL, NULL, NULL };
    const pserv_assignee *a;
    apr_table_t *in;
    pserv_ticket *t;
    pserv_db *db;
    const char *seen, *v;
    int rv = OK, why;

    if ((rv = pserv_form_post(r, PSERV_ASSIGN_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(t = pserv_assign_ticket(r, s, &db, id, &rv)))
        return rv;
    if (!t->waiting)
        return pserv_assign_ended(r, t);
    v = apr_table_get(in, "account");
    f.account = v && pserv_valid_text(v, PSERV_ASSIGN_QUERY_MAX, 0)
                    ? pserv_trim(r->pool, v)
                    : "";
    v = apr_table_get(in, "account_id");
    f.account_id = v ? v : "";
    v = apr_table_get(in, "reason");
    f.reason = v ? apr_pstrdup(r->pool, v) : "";
    seen = apr_table_get(in, "status");
    if (seen && strcmp(seen, t->status) != 0) {
        f.notice = pserv_tr(r, "admin.assign.moved");
        return pserv_assign_page_send(r, t, &f, HTTP_CONFLICT);
    }
    if (!*f.reason || strspn(f.reason, " \t\r\n") == strlen(f.reason))
        f.reason_error = pserv_tr(r, "admin.assign.reason.required");
    else if (!pserv_valid_text(f.reason, PSERV_ASSIGN_REASON_MAX, 1))
        f.reason_error = pserv_tr(r, "admin.assign.reason.long");
    a = pserv_assign_resolve(r, db, &f);
    if (!a || f.reason_error)
        return pserv_assign_page_send(r, t, &f, HTTP_OK);
    if ((why = pserv_assign_check(s, t->waiting, a)) != PSERV_ASSIGN_OK) {
        pserv_audit(r, "assign.refused", s->username, "nomor", t->nomor,
                    "stage", t->status, "account", a->username, "reason",
                    why == PSERV_ASSIGN_INACTIVE      ? "inactive"
                    : why == PSERV_ASSIGN_SELF        ? "self"
                    : why == PSERV_ASSIGN_OWN_REQUEST ? "own-request"
                                                      : "decided-before",
                    NULL);
        f.account_error =
            pserv_assign_message(r->pool, pserv_lang(r), why, t->waiting, a);
        f.matches = NULL;
        return pserv_assign_page_send(r, t, &f, HTTP_CONFLICT);
    }
    if (!apr_table_get(in, "confirm")) {
        f.chosen = a;
        return pserv_assign_page_send(r, t, &f, HTTP_OK);
    }
    rv = pserv_assign_store(r, db, s, t->waiting, a, f.reason);
    if (rv == HTTP_CONFLICT) {
        if (!(t = pserv_ticket_load(r, db, s, id, &rv)))
            return pserv_error_page(r, rv);
        if (!t->waiting)
            return pserv_assign_ended(r, t);
        f.notice = pserv_tr(r, "admin.assign.moved");
        return pserv_assign_page_send(r, t, &f, HTTP_CONFLICT);
    }
    if (rv != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[ASG02]: assigning %s to '%s' failed", t->nomor,
                      a->username);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    pserv_audit(r, "assign", s->username, "nomor", t->nomor, "stage", t->status,
                "account", a->username, NULL);
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/requests/%s?done=assigned", t->id));
}
