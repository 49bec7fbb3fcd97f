/*
 * handle_ticket.c: one ticket (Open on the list): every field, the
 * attachments, Progres Persetujuan, the Activity Log, and the decision
 * panel for the one person who may act now (manual 4.3 - 7.1).
 *
 *   GET  /requests/N          the ticket
 *   POST /requests/N/decide   Approve / Reject (Confirm at the Executor) /
 *                             Kembalikan untuk Revisi
 *   POST /requests/N/resend   the set-password link again (Executor)
 *   GET  /attachments/N       an attachment, to those who may see its ticket
 *
 * A ticket the user may not see is "not found", whatever its ID. Here: the
 * handlers and the views; a decision's storage and mail are decide.c.
 */
#include "i18n.h"
#include "form.h"
#include "audit.h"
#include "pagecache.h"
#include "account.h"
#include "view.h"
#include "respond.h"
#include "decide.h"
#include "rform.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* attachment id, scope, account id, now, username, client address: the
 * file, if the account may see its ticket, and then its access record
 * (issue 23, docs/PRIVACY.md) in the same statement */
PSERV_SQL(attachment_get, 6,
          "WITH arg AS (SELECT %s::bigint AS id, %s::text AS scope,"
          " %s::bigint AS account, %s::timestamptz AS now, %s::text AS who,"
          " %s::text AS ip),"
          " f AS MATERIALIZED (SELECT f.filename, f.content_type, f.data,"
          "   r.id AS request_id, r.nomor"
          "   FROM arg, attachments f JOIN requests r ON r.id = f.request_id"
          "   WHERE f.id = arg.id"
          "   AND pserv_may_see(r.id, r.atasan_nopek, arg.scope, arg.account,"
          "   arg.now)),"
          " seen AS (INSERT INTO access_log (at, account_id, username,"
          "   request_id, nomor, kind, client_ip)"
          "   SELECT arg.now, arg.account, arg.who, f.request_id, f.nomor,"
          "   'attachment', arg.ip FROM arg, f)"
          " SELECT f.filename, f.content_type, encode(f.data, 'hex') FROM f");

const pserv_stmt *const pserv_sql_table_handle_ticket[] = {
    &pserv_sql_attachment_get,
    NULL,
};

/* ---- the page ------------------------------------------------------------ */

/* The stepper, with who decided each stage: the current round only (the
 * approvals before a return for revision no longer count; the Activity
 * Log keeps them). */
static void pserv_ticket_progress(pserv_view *v, const pserv_ticket *t)
{
    int i, k = 0, n = t->part[PSERV_PART_APPROVALS]->nelts;
    pserv_step *steps = apr_pcalloc(v->r->pool, (n + 1) * sizeof *steps);

    for (i = 0; i < n; i++) {
        const pserv_trow *a = PSERV_TROW(t, PSERV_PART_APPROVALS, i);
        if (a->c[7] && strcmp(a->c[7], "1") == 0)
            continue;
        steps[k].stage = a->c[0];
        steps[k].decision = a->c[1];
        steps[k].actor = pserv_ticket_acting_tr(v->r, a->c[2]);
        steps[k++].at = apr_atoi64(a->c[3]);
    }
    pserv_view_progress(v, t->status, steps, k);
}

static void pserv_ticket_lists(pserv_view *v, const pserv_ticket *t)
{
    request_rec *r = v->r;
    xmlNodePtr list, n;
    int i;

    list = pserv_view_add(v->content, "platforms", NULL);
    for (i = 0; i < t->part[PSERV_PART_PLATFORMS]->nelts; i++) {
        const pserv_trow *p = PSERV_TROW(t, PSERV_PART_PLATFORMS, i);
        n = pserv_view_add(list, "platform", NULL);
        pserv_view_attr(n, "name", p->c[0]);
        pserv_view_attr(n, "note", p->c[1]);
    }
    list = pserv_view_add(v->content, "attachments", NULL);
    if (t->attachments_purged) /* the retention rules took them */
        pserv_view_attr(list, "purged",
                        pserv_format_wib_in(r->pool,
                                            apr_atoi64(t->attachments_purged),
                                            pserv_lang(r), 1));
    for (i = 0; i < t->part[PSERV_PART_FILES]->nelts; i++) {
        const pserv_trow *f = PSERV_TROW(t, PSERV_PART_FILES, i);
        n = pserv_view_add(list, "attachment", NULL);
        pserv_view_attr(n, "id", f->c[0]);
        pserv_view_attr(n, "filename", f->c[1]);
        pserv_view_attr(n, "content_type", f->c[2]);
        pserv_view_attr(
            n, "size_label",
            pserv_format_size_in(r->pool, apr_atoi64(f->c[3]), pserv_lang(r)));
        pserv_view_attr(n, "href",
                        apr_pstrcat(r->pool, "/attachments/", f->c[0], NULL));
    }
    list = pserv_view_add(v->content, "log", NULL);
    for (i = 0; i < t->part[PSERV_PART_LOG]->nelts; i++) {
        const pserv_trow *l = PSERV_TROW(t, PSERV_PART_LOG, i);
        apr_int64_t at = apr_atoi64(l->c[0]);
        n = pserv_view_add(list, "entry", NULL);
        pserv_view_attr(n, "at",
                        pserv_format_wib_in(r->pool, at, pserv_lang(r), 0));
        pserv_view_attr(n, "at_iso", pserv_format_iso(r->pool, at));
        pserv_view_attr(n, "actor", pserv_ticket_acting_tr(r, l->c[1]));
        pserv_view_attr(n, "role", pserv_ticket_acting_tr(r, l->c[2]));
        pserv_view_attr(n, "action", pserv_ticket_acting_tr(r, l->c[3]));
        pserv_view_attr(n, "reason", l->c[4]);
        if (l->c[5] && strcmp(l->c[5], "1") == 0)
            pserv_view_attr(n, "earlier", "1");
    }
}

/* Menunggu, under Progres Persetujuan: the stage, since when, and who may
 * act now (actors.c: holders, delegates "atas nama", the assignee), or
 * why nobody may; for an Administrator, the way to Alihkan Persetujuan. */
static void pserv_ticket_waiting(pserv_view *v, const pserv_session *s,
                                 const pserv_ticket *t)
{
    request_rec *r = v->r;
    const pserv_waiting *w = t->waiting;
    xmlNodePtr n, who;
    int i;

    if (!w)
        return;
    n = pserv_view_add(v->content, "waiting", NULL);
    pserv_view_attr(n, "names", "1");
    pserv_view_attr(n, "stage_label", pserv_stage_label(w->status));
    pserv_view_attr(n, "since",
                    pserv_format_wib_in(r->pool, w->since, pserv_lang(r), 0));
    pserv_view_attr(n, "since_iso", pserv_format_iso(r->pool, w->since));
    pserv_view_attr(n, "stuck", w->stuck);
    if (pserv_session_has_role(s, "admin"))
        pserv_view_attr(
            n, "assign_href",
            apr_pstrcat(r->pool, "/requests/", t->id, "/assign", NULL));
    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (c->why != PSERV_ACT_OK)
            continue;
        who = pserv_view_add(n, "who", NULL);
        pserv_view_attr(who, "name", c->full_name);
        pserv_view_attr(who, "via", c->via);
        pserv_view_attr(who, "for_name", c->for_name);
    }
}

typedef struct {
    const char *reason, *user_id;
    const char *reason_error, *user_id_error;
    const char *notice, *notice_type;
} pserv_panel_state;

/* For the ICT stages of an open ticket: the same person's other open
 * requests and existing accounts (the public form no longer says so, as
 * it told anyone whose e-mail or nopek has an account). */
static void pserv_ticket_warnings(pserv_view *v, const pserv_session *s,
                                  const pserv_ticket *t)
{
    request_rec *r = v->r;
    apr_array_header_t *a;
    pserv_db *db;
    int i;

    if (!pserv_status_open(t->status) || !strcmp(t->status, "returned")
        || !(pserv_session_has_role(s, "ict_verificator")
             || pserv_session_has_role(s, "ict_manager")
             || pserv_session_has_role(s, "ict_executor"))
        || !(db = pserv_db_get(r))
        || !(a = pserv_rform_warnings(r, db, t->id, t->nopek, t->email)))
        return;
    for (i = 0; i < a->nelts; i++) {
        const pserv_rform_warning *w =
            &APR_ARRAY_IDX(a, i, pserv_rform_warning);
        pserv_view_add(
            v->content, "warning",
            w->open ? pserv_trf(r, "ticket.warn.open", "%s", w->what)
                    : pserv_trf(r, "ticket.warn.account", "%s", w->what));
    }
}

static int pserv_ticket_send(request_rec *r, const pserv_session *s,
                             const pserv_ticket *t, const pserv_panel_state *ps,
                             int status)
{
    pserv_view *v = pserv_view_new(r, "ticket", pserv_tr(r, "ticket.title"));
    xmlNodePtr d;

    pserv_view_crumb(v, "/home", pserv_tr(r, "ticket.crumb.home"));
    pserv_view_crumb(v, "/helpdesk", "ICT Helpdesk");
    pserv_view_crumb(v, "/requests", "Request UID Management System");
    pserv_view_attr(v->content, "id", t->id);
    pserv_view_attr(v->content, "nomor", t->nomor);
    pserv_view_attr(v->content, "status", t->status);
    pserv_view_attr(v->content, "status_label", pserv_status_label(t->status));
    pserv_view_attr(v->content, "created",
                    pserv_format_wib_in(r->pool, t->created, pserv_lang(r), 0));
    pserv_view_attr(v->content, "created_iso",
                    pserv_format_iso(r->pool, t->created));
    if (ps && ps->notice)
        pserv_view_attr(pserv_view_add(v->content, "notice", ps->notice),
                        "type", ps->notice_type);
    d = pserv_view_add(v->content, "detail", NULL);
    pserv_view_attr(d, "kind_label", pserv_kind_label(t->kind));
    pserv_view_attr(d, "nopek", t->nopek ? t->nopek : "");
    pserv_view_attr(d, "full_name", t->full_name);
    pserv_view_attr(d, "position", t->position);
    pserv_view_attr(d, "email", t->email);
    pserv_view_attr(d, "unit_name", t->unit_name);
    pserv_view_attr(d, "atasan_name", t->atasan_name);
    pserv_view_attr(d, "note", t->note ? t->note : "");
    pserv_view_attr(d, "account_username", t->account_username);
    pserv_ticket_lists(v, t);
    pserv_ticket_warnings(v, s, t);
    pserv_ticket_progress(v, t);
    pserv_ticket_waiting(v, s, t);
    if (pserv_ticket_may_act(s, t, NULL) == PSERV_ACT_OK) {
        xmlNodePtr p = pserv_view_add(v->content, "panel", NULL);
        pserv_view_attr(p, "kind",
                        strcmp(t->status, "executor") == 0 ? "executor"
                                                           : "approve");
        pserv_view_attr(p, "status", t->status);
        pserv_view_attr(p, "reason", ps ? ps->reason : "");
        pserv_view_attr(p, "reason_error", ps ? ps->reason_error : NULL);
        pserv_view_attr(p, "user_id", ps ? ps->user_id : "");
        pserv_view_attr(p, "user_id_error", ps ? ps->user_id_error : NULL);
    }
    /* No link to send again for an account whose password is the
     * company directory's (PservNewAccountSource). */
    if (t->account_username && strcmp(t->status, "completed") == 0
        && pserv_session_has_role(s, "ict_executor")
        && !pserv_account_directory(pserv_db_get(r), t->account_username))
        pserv_view_add(v->content, "resend", NULL);
    return pserv_view_send(v, status);
}

int pserv_handle_ticket(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_panel_state ps = { "", "", NULL, NULL, NULL, NULL };
    apr_table_t *args = NULL;
    pserv_ticket *t;
    pserv_db *db;
    const char *done;
    int rv = OK;

    if ((rv = pserv_pagecache_serve_ticket(r, s, id)) != DECLINED)
        return rv;
    rv = OK;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(t = pserv_ticket_load(r, db, s, id, &rv)))
        return pserv_error_page(r, rv);
    ap_args_to_table(r, &args);
    if ((done = apr_table_get(args, "done"))) {
        ps.notice_type = "success";
        const char *key =
            strcmp(done, "reject") == 0   ? PSERV_MSG_KEY("ticket.done.reject")
            : strcmp(done, "return") == 0 ? PSERV_MSG_KEY("ticket.done.return")
            : strcmp(done, "completed") == 0 && t->account_username
                    && pserv_account_directory(db, t->account_username)
                ? PSERV_MSG_KEY("ticket.done.completed.directory")
            : strcmp(done, "completed") == 0
                ? PSERV_MSG_KEY("ticket.done.completed")
            : strcmp(done, "resent") == 0 ? PSERV_MSG_KEY("ticket.done.resent")
            : strcmp(done, "approve") == 0
                ? PSERV_MSG_KEY("ticket.done.approve")
            : strcmp(done, "assigned") == 0
                ? PSERV_MSG_KEY("ticket.done.assigned")
                : NULL;
        ps.notice = key ? pserv_tr(r, key) : NULL;
    }
    return pserv_ticket_send(r, s, t, &ps, HTTP_OK);
}

/* ---- attachments ------------------------------------------------------- */

/* RFC 5987 value: UTF-8, percent-encoded but for attr-char. */
static const char *pserv_rfc5987(request_rec *r, const char *s)
{
    static const char ok[] = "!#$&+-.^_`|~";
    char *out = apr_palloc(r->pool, strlen(s) * 3 + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || (c && strchr(ok, c)))
            *o++ = (char)c;
        else
            o += apr_snprintf(o, 4, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

/* A header-safe filename: ASCII, no quotes or separators. */
static const char *pserv_ascii_filename(request_rec *r, const char *name)
{
    char *a = apr_pstrdup(r->pool, name), *c;

    for (c = a; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e || *c == '"'
            || *c == '\\' || *c == ';' || *c == ',')
            *c = '_';
    return a;
}

int pserv_handle_attachment(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    const char *name, *type;
    unsigned char *data;
    apr_size_t len = 0;

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, attachment_get, &res, pserv_i64s(r, id),
                        pserv_session_scope(s), pserv_i64s(r, s->account_id),
                        pserv_now_sql(r), s->username, r->useragent_ip)
        != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_audit(r, "not-visible", s->username, "attachment",
                    pserv_i64s(r, id), NULL);
        return pserv_error_page(r, HTTP_NOT_FOUND);
    }
    name = pserv_db_col(db, row, 0);
    type = pserv_db_col(db, row, 1);
    data = pserv_unhex(r->pool, pserv_db_col(db, row, 2), &len);
    if (!data)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    ap_set_content_type(r, type);
    ap_set_content_length(r, len);
    /* Shown in the browser (thumbnails, PDFs in a new tab), under the name
     * the requester gave, never sniffed into something else. */
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_psprintf(r->pool,
                                "inline; filename=\"%s\"; "
                                "filename*=UTF-8''%s",
                                pserv_ascii_filename(r, name),
                                pserv_rfc5987(r, name)));
    apr_table_setn(r->headers_out, "Cache-Control", "private, no-store");
    if (!r->header_only)
        ap_rwrite(data, (int)len, r);
    return OK;
}

/* ---- deciding ------------------------------------------------------------- */

static int pserv_confirm_send(request_rec *r, const pserv_ticket *t,
                              apr_table_t *in, const char *decision)
{
    pserv_view *v =
        pserv_view_new(r, "confirm", pserv_tr(r, "ticket.confirm.title"));
    static const char *const keep[] = { "status", "decision", "reason",
                                        "user_id" };
    const char *user_id = apr_table_get(in, "user_id");
    apr_size_t i;

    pserv_view_crumb(v, "/requests", "Request UID Management System");
    pserv_view_crumb(v, apr_pstrcat(r->pool, "/requests/", t->id, NULL),
                     t->nomor);
    pserv_view_attr(v->content, "id", t->id);
    pserv_view_attr(v->content, "nomor", t->nomor);
    pserv_view_attr(v->content, "decision", decision);
    pserv_view_attr(
        v->content, "question",
        strcmp(decision, "reject") == 0
            ? pserv_trf(r, "ticket.confirm.reject", "%s", t->nomor)
        : strcmp(decision, "return") == 0
            ? pserv_trf(r, "ticket.confirm.return", "%s", t->nomor)
        : strcmp(t->status, "executor") == 0
            ? pserv_trf(r, "ticket.confirm.executor", "%s %s",
                        user_id ? user_id : "", t->nomor)
            : pserv_trf(r, "ticket.confirm.approve", "%s", t->nomor));
    for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        xmlNodePtr h = pserv_view_add(v->content, "hidden", NULL);
        const char *val = apr_table_get(in, keep[i]);
        pserv_view_attr(h, "name", keep[i]);
        pserv_view_attr(h, "value", val ? val : "");
    }
    return pserv_view_send(v, HTTP_OK);
}

/* The ticket as it is now, told that it moved on since the page was shown:
 * one decider wins, the other is told, nothing is written twice. */
static int pserv_moved_on(request_rec *r, const pserv_session *s,
                          const pserv_ticket *t, pserv_panel_state *ps)
{
    ps->notice_type = "error";
    ps->notice = pserv_tr(r, "ticket.moved");
    return pserv_ticket_send(r, s, t, ps, HTTP_CONFLICT);
}

int pserv_handle_decide(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_panel_state ps = { "", "", NULL, NULL, NULL, NULL };
    pserv_decision d;
    apr_table_t *in;
    pserv_ticket *t;
    pserv_db *db;
    int rv = OK;

    if ((rv = pserv_form_post(r, 16384, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(t = pserv_ticket_load(r, db, s, id, &rv)))
        return pserv_error_page(r, rv);

    memset(&d, 0, sizeof d);
    d.decision = apr_table_get(in, "decision");
    d.seen = apr_table_get(in, "status");
    d.reason = apr_table_get(in, "reason");
    d.user_id = apr_table_get(in, "user_id");
    switch (pserv_decide_check(r, db, s, &t, &d)) {
    case PSERV_DECIDE_OK:
        break;
    case PSERV_DECIDE_BAD:
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    case PSERV_DECIDE_MOVED:
        return pserv_moved_on(r, s, t, &ps);
    case PSERV_DECIDE_REFUSED:
        return pserv_error_page(
            r, d.why == PSERV_ACT_WRONG_STAGE ? HTTP_CONFLICT : HTTP_FORBIDDEN);
    case PSERV_DECIDE_INVALID:
        ps.reason = d.reason;
        ps.reason_error = d.reason_error;
        ps.user_id = d.user_id ? d.user_id : "";
        ps.user_id_error = d.user_id_error;
        return pserv_ticket_send(r, s, t, &ps, HTTP_OK);
    default:
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    }
    if (d.user_id) /* as it will be created: lower case */
        apr_table_set(in, "user_id", d.user_id);
    if (!apr_table_get(in, "confirm"))
        return pserv_confirm_send(r, t, in, d.decision);

    switch (pserv_decide_apply(r, db, s, &t, &d)) {
    case PSERV_DECIDE_OK:
        break;
    case PSERV_DECIDE_INVALID:
        ps.reason = d.reason;
        ps.user_id = d.user_id;
        ps.user_id_error = d.user_id_error;
        return pserv_ticket_send(r, s, t, &ps, HTTP_CONFLICT);
    case PSERV_DECIDE_MOVED:
        return pserv_moved_on(r, s, t, &ps);
    default:
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    return pserv_redirect(r,
                          apr_psprintf(r->pool, "/requests/%s?done=%s", t->id,
                                       d.revise     ? "return"
                                       : !d.approve ? "reject"
                                       : d.user_id  ? "completed"
                                                    : "approve"));
}

/* POST /requests/N/resend: an Executor sends the set-password link again
 * (the old one stops working). */
int pserv_handle_resend(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *in;
    pserv_ticket *t;
    pserv_db *db;
    int rv = OK;

    if ((rv = pserv_form_post(r, 4096, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(t = pserv_ticket_load(r, db, s, id, &rv)))
        return pserv_error_page(r, rv);
    if (!pserv_session_has_role(s, "ict_executor")) {
        pserv_audit_deny(r, "role", "require", "ict_executor", "nomor",
                         t->nomor, NULL);
        return pserv_error_page(r, HTTP_FORBIDDEN);
    }
    if (strcmp(t->status, "completed") != 0 || !t->account_username
        || pserv_account_directory(db, t->account_username))
        return pserv_error_page(r, HTTP_CONFLICT);
    if ((rv = pserv_decide_resend(r, db, t)) != 0)
        return pserv_error_page(r, rv);
    pserv_audit(r, "password.link", s->username, "reason", "resent", "account",
                t->account_username, "nomor", t->nomor, NULL);
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/requests/%s?done=resent", t->id));
}
