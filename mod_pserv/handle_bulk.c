/*
 * handle_bulk.c: Approve Terpilih / Reject Terpilih on the list (issue 18
 * section 4), for an ICT Verificator or ICT Manager looking at their own
 * stage.
 *
 *   POST /requests/bulk   fields: status (the stage the list showed:
 *                         verificator or manager), id (one per ticked
 *                         row), decision (approve or reject), reason;
 *                         without confirm=1 the confirmation page listing
 *                         the Nomors, with it the decisions and the result
 *                         page saying per ticket what happened
 *
 * Each ticket is loaded (pserv_ticket_load) and decided on its own by the
 * one decision path (decide.c: pserv_decide_check + pserv_decide_apply,
 * channel "bulk"): its own transaction, Activity Log line, mails and audit
 * line. Who may decide which ticket is decide.c's and actors.c's answer,
 * not this file's: a ticket that moved on, one that separation of duties
 * bars, one not at the stage is reported and left as it is. The ICT
 * Executor (the User ID must be typed) and the Atasan stage are not
 * offered this.
 */
#include "i18n.h"
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "decide.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_lib.h"

#define PSERV_BULK_MAX      50    /* tickets in one go at most */
#define PSERV_BULK_FORM_MAX 32768 /* a reason of 2000 and 100 ids fit */
#define PSERV_BULK_IDS_MAX  200   /* ids read at most (the refusal says) */

/* The stage's role: bulk decisions are for the ICT stages that need no
 * more than a reason. NULL for any other status. */
static const char *pserv_bulk_role(const char *stage)
{
    if (!stage)
        return NULL;
    if (strcmp(stage, "verificator") == 0)
        return "ict_verificator";
    if (strcmp(stage, "manager") == 0)
        return "ict_manager";
    return NULL;
}

typedef struct {
    request_rec *r;
    apr_array_header_t *ids; /* apr_int64_t, in the order given, once each */
    int bad;                 /* an id that is not a positive number */
} pserv_bulk_ids;

static int pserv_bulk_id(void *ctx, const char *key, const char *value)
{
    pserv_bulk_ids *x = ctx;
    apr_int64_t id;
    char *end = NULL;
    int i;

    (void)key;
    if (!value || !apr_isdigit(*value) || strlen(value) > 18) {
        x->bad = 1;
        return 1;
    }
    id = apr_strtoi64(value, &end, 10);
    if (*end || id <= 0) {
        x->bad = 1;
        return 1;
    }
    for (i = 0; i < x->ids->nelts; i++)
        if (APR_ARRAY_IDX(x->ids, i, apr_int64_t) == id)
            return 1;
    if (x->ids->nelts < PSERV_BULK_IDS_MAX)
        APR_ARRAY_PUSH(x->ids, apr_int64_t) = id;
    else
        x->bad = x->bad ? x->bad : 2; /* too many to read: refused below */
    return 1;
}

/* The list the user came from, with its stage. */
static const char *pserv_bulk_back(request_rec *r, const char *stage)
{
    return apr_pstrcat(r->pool, "/requests?status=", stage, NULL);
}

static pserv_view *pserv_bulk_view(request_rec *r, const char *stage,
                                   const char *mode, const char *decision,
                                   const char *reason)
{
    const char *title = strcmp(mode, "result") == 0
                            ? PSERV_MSG_KEY("bulk.title.result")
                            : PSERV_MSG_KEY("ticket.confirm.title");
    pserv_view *v = pserv_view_new(r, "bulk", pserv_tr(r, title));

    pserv_view_crumb(v, "/home", pserv_tr(r, "ticket.crumb.home"));
    pserv_view_crumb(v, "/helpdesk", "ICT Helpdesk");
    pserv_view_crumb(v, pserv_bulk_back(r, stage),
                     "Request UID Management System");
    pserv_view_attr(v->content, "mode", mode);
    pserv_view_attr(v->content, "stage", stage);
    pserv_view_attr(v->content, "stage_label", pserv_stage_label(stage));
    pserv_view_attr(v->content, "back_href", pserv_bulk_back(r, stage));
    pserv_view_attr(v->content, "decision", decision);
    pserv_view_attr(v->content, "reason", reason ? reason : "");
    pserv_view_attr(v->content, "max", apr_itoa(r->pool, PSERV_BULK_MAX));
    return v;
}

/* A refusal that decides nothing: the message and the way back. */
static int pserv_bulk_refuse(request_rec *r, const pserv_session *s,
                             const char *stage, const char *decision,
                             const char *why, const char *message)
{
    pserv_view *v = pserv_bulk_view(r, stage, "refused", decision, NULL);

    pserv_audit(r, "bulk-decision", s->username, "stage", stage, "decision",
                decision, "result", why, NULL);
    pserv_view_attr(v->content, "error", message);
    return pserv_view_send(v, HTTP_BAD_REQUEST);
}

/* What happened to one ticket, as the result page says it. */
static const char *pserv_bulk_outcome(request_rec *r, const char *stage,
                                      const pserv_ticket *t,
                                      const pserv_decision *d, int rv)
{
    switch (rv) {
    case PSERV_DECIDE_OK:
        return pserv_tr(r, d->approve ? PSERV_MSG_KEY("bulk.outcome.approved")
                                      : PSERV_MSG_KEY("bulk.outcome.rejected"));
    case PSERV_DECIDE_MOVED:
        if (pserv_stage_index(t->status) >= 0
            && pserv_stage_index(t->status) < pserv_stage_index(stage))
            return pserv_trf(r, "bulk.outcome.early", "%s %s",
                             pserv_stage_label(stage),
                             pserv_status_label(t->status));
        return pserv_trf(r, "bulk.outcome.moved", "%s",
                         pserv_status_label(t->status));
    case PSERV_DECIDE_REFUSED:
        return d->why == PSERV_ACT_OWN_REQUEST ? pserv_tr(r, "bulk.outcome.own")
               : d->why == PSERV_ACT_TWICE ? pserv_tr(r, "bulk.outcome.twice")
               : d->why == PSERV_ACT_NOT_YOURS
                   ? pserv_tr(r, "bulk.outcome.not-yours")
                   : pserv_trf(r, "bulk.outcome.ended", "%s",
                               pserv_status_label(t->status));
    case PSERV_DECIDE_INVALID:
        return pserv_trf(r, "bulk.outcome.invalid", "%s",
                         d->reason_error
                             ? d->reason_error
                             : pserv_tr(r, "bulk.outcome.invalid.default"));
    default:
        return pserv_tr(r, "bulk.outcome.failed");
    }
}

int pserv_handle_bulk(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_bulk_ids ids;
    apr_table_t *in;
    pserv_db *db;
    pserv_view *v;
    xmlNodePtr list, n;
    const char *stage, *role, *decision, *reason;
    int rv, i, decided = 0, confirm;

    (void)id;
    if ((rv = pserv_form_post(r, PSERV_BULK_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    stage = apr_table_get(in, "status");
    decision = apr_table_get(in, "decision");
    reason = apr_table_get(in, "reason");
    confirm = apr_table_get(in, "confirm") != NULL;
    if (!(role = pserv_bulk_role(stage)) || !decision
        || (strcmp(decision, "approve") && strcmp(decision, "reject")))
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    if (!pserv_session_has_role(s, role)) {
        pserv_audit_deny(r, "role", "require", role, "channel", "bulk", NULL);
        return pserv_error_page(r, HTTP_FORBIDDEN);
    }

    memset(&ids, 0, sizeof ids);
    ids.r = r;
    ids.ids = apr_array_make(r->pool, 16, sizeof(apr_int64_t));
    apr_table_do(pserv_bulk_id, &ids, in, "id", NULL);
    if (ids.bad == 1)
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    if (ids.bad == 2 || ids.ids->nelts > PSERV_BULK_MAX)
        return pserv_bulk_refuse(
            r, s, stage, decision, "too-many",
            pserv_trf(r, "bulk.too-many", "%s%d %d",
                      ids.bad == 2 ? pserv_tr(r, "bulk.too-many.more") : "",
                      ids.bad == 2 ? PSERV_BULK_IDS_MAX : ids.ids->nelts,
                      PSERV_BULK_MAX));
    if (ids.ids->nelts == 0)
        return pserv_bulk_refuse(r, s, stage, decision, "none",
                                 pserv_tr(r, "bulk.none"));
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);

    v = pserv_bulk_view(r, stage, confirm ? "result" : "confirm", decision,
                        reason);
    list = pserv_view_add(v->content, "tickets", NULL);
    for (i = 0; i < ids.ids->nelts; i++) {
        apr_int64_t tid = APR_ARRAY_IDX(ids.ids, i, apr_int64_t);
        pserv_decision d;
        pserv_ticket *t;
        int load = OK, out;

        n = pserv_view_add(list, "ticket", NULL);
        pserv_view_attr(n, "id", pserv_i64s(r, tid));
        if (!(t = pserv_ticket_load(r, db, s, tid, &load))) {
            if (load == HTTP_SERVICE_UNAVAILABLE)
                return pserv_error_page(r, load);
            pserv_view_attr(n, "nomor", pserv_i64s(r, tid));
            pserv_view_attr(n, "outcome",
                            pserv_tr(r, "bulk.outcome.not-found"));
            pserv_view_attr(n, "result", "skipped");
            if (confirm)
                pserv_audit(r, "bulk-skipped", s->username, "id",
                            pserv_i64s(r, tid), "stage", stage, "why",
                            "not-visible", NULL);
            continue;
        }
        pserv_view_attr(n, "nomor", t->nomor);
        pserv_view_attr(n, "full_name", t->full_name);
        pserv_view_attr(n, "kind_label", pserv_kind_label(t->kind));
        if (!confirm) {
            pserv_view_attr(n, "status_label", pserv_status_label(t->status));
            continue;
        }
        memset(&d, 0, sizeof d);
        d.decision = decision;
        d.seen = stage;
        d.reason = reason;
        d.channel = "bulk";
        out = pserv_decide_check(r, db, s, &t, &d);
        /* The reason is the same for every ticket: when it is wrong,
         * nothing has been decided yet (a check that finds it wrong comes
         * before any apply); the confirmation page again, to fix it. */
        if (out == PSERV_DECIDE_INVALID && decided == 0) {
            v = pserv_bulk_view(r, stage, "confirm", decision, reason);
            pserv_view_attr(v->content, "reason_error", d.reason_error);
            list = pserv_view_add(v->content, "tickets", NULL);
            for (i = 0; i < ids.ids->nelts; i++) {
                pserv_ticket *u = pserv_ticket_load(
                    r, db, s, APR_ARRAY_IDX(ids.ids, i, apr_int64_t), &load);
                n = pserv_view_add(list, "ticket", NULL);
                pserv_view_attr(
                    n, "id",
                    pserv_i64s(r, APR_ARRAY_IDX(ids.ids, i, apr_int64_t)));
                pserv_view_attr(n, "nomor", u ? u->nomor : NULL);
                pserv_view_attr(n, "full_name", u ? u->full_name : NULL);
                pserv_view_attr(n, "kind_label",
                                u ? pserv_kind_label(u->kind) : NULL);
                pserv_view_attr(n, "status_label",
                                u ? pserv_status_label(u->status) : NULL);
            }
            return pserv_view_send(v, HTTP_OK);
        }
        if (out == PSERV_DECIDE_OK)
            out = pserv_decide_apply(r, db, s, &t, &d);
        if (out == PSERV_DECIDE_OK)
            decided++;
        else /* the ticket page answers these with a 403 or 409 */
            pserv_audit(r, "bulk-skipped", s->username, "nomor", t->nomor,
                        "stage", stage, "status", t->status, "why",
                        out == PSERV_DECIDE_MOVED     ? "moved"
                        : out != PSERV_DECIDE_REFUSED ? (
                              out == PSERV_DECIDE_FAILED ? "failed" : "invalid")
                        : d.why == PSERV_ACT_OWN_REQUEST ? "own-request"
                        : d.why == PSERV_ACT_TWICE       ? "decided-before"
                        : d.why == PSERV_ACT_NOT_YOURS   ? "not-this-stage"
                                                         : "ended",
                        NULL);
        pserv_view_attr(n, "result",
                        out == PSERV_DECIDE_OK       ? "decided"
                        : out == PSERV_DECIDE_FAILED ? "failed"
                                                     : "skipped");
        pserv_view_attr(n, "outcome", pserv_bulk_outcome(r, stage, t, &d, out));
    }
    if (!confirm)
        return pserv_view_send(v, HTTP_OK);
    pserv_view_attr(v->content, "decided", apr_itoa(r->pool, decided));
    pserv_view_attr(v->content, "skipped",
                    apr_itoa(r->pool, ids.ids->nelts - decided));
    pserv_audit(r, "bulk-decision", s->username, "stage", stage, "decision",
                decision, "tickets", apr_itoa(r->pool, ids.ids->nelts),
                "decided", apr_itoa(r->pool, decided), "result", "done", NULL);
    return pserv_view_send(v, HTTP_OK);
}
