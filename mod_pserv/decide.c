/*
 * decide.c: the decisions on a ticket (decide.h): each stored in one
 * transaction with its Activity Log entry and its mail (the next stage's
 * role, the requester on a reject, the new account's set-password link at
 * the Executor's Confirm), and that link sent again.
 */
#include "i18n.h"
#include "decide.h"
#include "mail.h"
#include "account.h"
#include "actors.h"
#include "maildecide.h"

#include "audit.h"

#include "apr_strings.h"

#define PSERV_REASON_MAX 2000

/* ---- statements (db.h: PSERV_SQL) ---- */

/* request id: platform names, for the mails */
PSERV_SQL(ticket_platforms, 1,
          "SELECT p.name, rp.note FROM request_platforms rp"
          " JOIN platforms p ON p.code = rp.platform_code"
          " WHERE rp.request_id = %s::bigint ORDER BY p.sort_order, p.name");
/* new status, now, id, expected status -> id when it moved */
PSERV_SQL(decide, 4,
          "UPDATE requests SET status = %s, updated_at = %s::timestamptz"
          " WHERE id = %s::bigint AND status = %s RETURNING id");
/* stage, decision, account id, reason, now, on behalf of (account id or
 * NULL), via ('delegation', 'assignment' or NULL), request id: in the
 * ticket's current round (migration 014) */
PSERV_SQL(approval_add, 8,
          "INSERT INTO approvals (request_id, stage, decision, account_id,"
          " reason, decided_at, on_behalf_of, via, round) SELECT r.id, %s, %s,"
          " %s::bigint, %s, %s::timestamptz, %s::bigint, %s, r.revision"
          " FROM requests r WHERE r.id = %s::bigint");
/* status token hash, request id: a returned ticket's new status link; it
 * waits for nobody, so it is stuck for nobody */
PSERV_SQL(req_returned, 2,
          "UPDATE requests SET status_token = decode(%s, 'hex'),"
          " stuck_since = NULL WHERE id = %s::bigint");
/* account id, request id */
/* account, request: the ticket's new account, which takes the language
 * the requester used on the form (issue 20: the pages and the mails of
 * the new User ID speak it until its owner switches) */
PSERV_SQL(req_set_account, 2,
          "WITH r AS (UPDATE requests SET account_id = %s::bigint"
          " WHERE id = %s::bigint RETURNING account_id, lang)"
          " UPDATE accounts a SET lang = r.lang FROM r"
          " WHERE a.id = r.account_id AND r.lang IS NOT NULL");
/* username -> id, e-mail, full name */
PSERV_SQL(account_by_name, 1,
          "SELECT id, email, full_name FROM accounts"
          " WHERE username = %s AND active");

const pserv_stmt *const pserv_sql_table_decide[] = {
    &pserv_sql_ticket_platforms,
    &pserv_sql_decide,
    &pserv_sql_approval_add,
    &pserv_sql_req_set_account,
    &pserv_sql_account_by_name,
    &pserv_sql_req_returned,
    NULL,
};

/* ---- the mail ------------------------------------------------------------ */

/* The ticket at status as its mails describe it. */
static const pserv_mail_ticket *pserv_mail_about(request_rec *r, pserv_db *db,
                                                 const pserv_ticket *t,
                                                 const char *status)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_mail_ticket *m = apr_pcalloc(r->pool, sizeof *m);
    int i;

    if (pserv_db_select(db, ticket_platforms, &res, t->id) == 0)
        for (i = 1; (row = pserv_db_row(db, res, i)); i++)
            m->platforms = m->platforms
                               ? apr_pstrcat(r->pool, m->platforms, ", ",
                                             pserv_db_col(db, row, 0), NULL)
                               : pserv_db_col(db, row, 0);
    m->nomor = t->nomor;
    m->full_name = t->full_name;
    m->kind = t->kind;
    m->unit_name = t->unit_name;
    m->status = status;
    return m;
}

static int pserv_mail_rejected(request_rec *r, pserv_db *db,
                               const pserv_ticket *t, const char *reason)
{
    int lang = pserv_mail_lang(db, t->email, apr_atoi64(t->id));

    return pserv_mail_queue(
        db, apr_atoi64(t->id), t->email,
        pserv_msgf(r->pool, lang, "mail.rejected.subject", "%s", t->nomor),
        pserv_mail_signed(
            r->pool,
            pserv_msgf(r->pool, lang, "mail.rejected.body", "%s%s%s%s%s",
                       t->full_name, pserv_stage_label(t->status),
                       pserv_mail_facts(r->pool, lang,
                                        pserv_mail_about(r, db, t, "rejected")),
                       reason, pserv_mail_link(r, "/request/new"))));
}

/* Kembalikan untuk Revisi: the reason and the way to fix it, through a
 * new status link (only its hash is kept, so the old one cannot be sent
 * again; it stops working). */
static int pserv_mail_returned(request_rec *r, pserv_db *db,
                               const pserv_ticket *t, const char *reason)
{
    const char *token = pserv_token_new(r->pool);
    pserv_srv_conf c;
    const char *status_link, *expiry = "";
    int lang = pserv_mail_lang(db, t->email, apr_atoi64(t->id));

    if (!token
        || pserv_db_query(db, req_returned, NULL,
                          pserv_token_hash(r->pool, token), t->id))
        return APR_EGENERAL;
    pserv_srv_conf_get(r->server, &c);
    if (c.revision_days > 0)
        expiry = pserv_msgf(r->pool, lang, "mail.returned.expiry", "%d",
                            c.revision_days);
    status_link =
        pserv_mail_link(r, apr_pstrcat(r->pool, "/status/", token, NULL));
    return pserv_mail_queue(
        db, apr_atoi64(t->id), t->email,
        pserv_msgf(r->pool, lang, "mail.returned.subject", "%s", t->nomor),
        pserv_mail_signed(
            r->pool,
            pserv_msgf(
                r->pool, lang, "mail.returned.body", "%s%s%s%s%s%s%s",
                t->full_name, pserv_stage_label(t->status),
                pserv_mail_facts(r->pool, lang,
                                 pserv_mail_about(r, db, t, "returned")),
                reason,
                pserv_mail_link(
                    r, apr_pstrcat(r->pool, "/request/revise/", token, NULL)),
                expiry, status_link)));
}

/* ---- deciding ------------------------------------------------------------ */

int pserv_decide_user_id_taken(pserv_db *db, const char *user_id)
{
    return pserv_account_username_taken(db, user_id);
}

/* The Executor's Confirm: the account for the requester (no password, no
 * roles) and the mail with its set-password link, inside the decision's
 * transaction. HTTP_CONFLICT when the username was taken meanwhile. */
static int pserv_executor_create(request_rec *r, pserv_db *db,
                                 const pserv_ticket *t, const char *username)
{
    const char *account = NULL;
    int rv;

    if ((rv = pserv_account_create(r, db, username, t->nopek, t->full_name,
                                   t->email, t->unit_code, &account))
        != 0)
        return rv;
    if (pserv_db_query(db, req_set_account, NULL, account, t->id))
        return APR_EGENERAL;
    return pserv_password_link_send(
        r, db, apr_atoi64(t->id), account, t->email, t->full_name, username,
        t->nomor, pserv_mail_about(r, db, t, "completed"), PSERV_LINK_CREATED);
}

/* Who may decide (pserv_ticket_may_act) was judged on t, read in one
 * statement: its status and its approvals together. An approval is only
 * ever written with the move away from its stage, and the move here is
 * conditional on the status t has, so no decider can have been added since:
 * the separation of duties holds without a second look under the lock. */
int pserv_decide_store(request_rec *r, pserv_db *db, const pserv_session *s,
                       const pserv_ticket *t, const pserv_candidate *as,
                       int approve, const char *reason, const char *user_id)
{
    const char *now = pserv_now_sql(r);
    int revise = approve == PSERV_VERDICT_RETURN;
    const char *next = revise    ? "returned"
                       : approve ? pserv_status_next(t->status)
                                 : "rejected";
    int delegate = strcmp(as->via, "delegate") == 0;
    int assigned = strcmp(as->via, "assigned") == 0;
    /* "Hendra Gunawan atas nama Rina Wulandari" */
    const char *actor = delegate
                            ? apr_pstrcat(r->pool, s->full_name, " atas nama ",
                                          as->for_name, NULL)
                            : s->full_name;
    apr_dbd_results_t *res = NULL;
    pserv_actx x;
    int rv = 0;

    pserv_actx_of(r, db, &x);
    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    if (pserv_db_select(db, decide, &res, next, now, t->id, t->status) != 0)
        rv = APR_EGENERAL;
    else if (!pserv_db_row(db, res, 1))
        rv = HTTP_CONFLICT;
    else if (pserv_db_query(db, approval_add, NULL, t->status,
                            revise    ? "return"
                            : approve ? "approve"
                                      : "reject",
                            pserv_i64s(r, s->account_id), reason, now,
                            delegate ? pserv_i64s(r, as->for_account) : NULL,
                            delegate   ? "delegation"
                            : assigned ? "assignment"
                                       : NULL,
                            t->id)
             || pserv_ticket_log_add(
                 db, t->id, now, pserv_i64s(r, s->account_id), actor,
                 assigned ? apr_pstrcat(r->pool, pserv_stage_label(t->status),
                                        " (dialihkan)", NULL)
                          : pserv_stage_label(t->status),
                 revise     ? "Returned for Revision"
                 : !approve ? "Rejected"
                 : user_id  ? "Completed"
                            : "Approved",
                 reason)
             /* every decision link to this stage stops working */
             || pserv_maildecide_revoke(db, t->id, t->status, now))
        rv = APR_EGENERAL;
    else if (revise)
        rv = pserv_mail_returned(r, db, t, reason);
    else if (!approve)
        rv = pserv_mail_rejected(r, db, t, reason);
    else if (user_id)
        rv = pserv_executor_create(r, db, t, user_id);
    else {
        /* the next stage's mails say who approved, each in its reader's
         * language */
        pserv_approved by = { t->status, s->full_name,
                              delegate ? as->for_name : NULL };
        rv = pserv_stage_arrived(&x, apr_atoi64(t->id), &by, 0);
    }
    if (rv) {
        pserv_db_rollback(db);
        return rv;
    }
    return pserv_db_end(db);
}

int pserv_decide_check(request_rec *r, pserv_db *db, const pserv_session *s,
                       pserv_ticket **t, pserv_decision *d)
{
    pserv_ticket *tk = *t;
    int rv = OK, executor;

    if (!d->decision
        || (strcmp(d->decision, "approve") && strcmp(d->decision, "reject")
            && strcmp(d->decision, "return")))
        return PSERV_DECIDE_BAD;
    d->approve = strcmp(d->decision, "approve") == 0;
    d->revise = strcmp(d->decision, "return") == 0;
    /* Moved on since the page (or the mail) was shown. */
    if (d->seen && strcmp(d->seen, tk->status) != 0
        && pserv_stage_index(d->seen) >= 0)
        return PSERV_DECIDE_MOVED;
    d->why = pserv_ticket_may_act(s, tk, &d->as);
    if (d->why != PSERV_ACT_OK) {
        /* The same person's decision from a second click or tab can commit
         * between loading the ticket and reading its approvals: the ticket
         * moved on, and this one is told so, not refused. */
        pserv_ticket *again =
            pserv_ticket_load(r, db, s, apr_atoi64(tk->id), &rv);
        if (again && strcmp(again->status, tk->status) != 0) {
            *t = again;
            return PSERV_DECIDE_MOVED;
        }
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      "pserv[TKT01]: '%s' may not decide on %s (reason %d)",
                      s->username, tk->nomor, d->why);
        pserv_audit_deny(r,
                         d->why == PSERV_ACT_NOT_YOURS     ? "not-this-stage"
                         : d->why == PSERV_ACT_OWN_REQUEST ? "own-request"
                         : d->why == PSERV_ACT_TWICE       ? "decided-before"
                                                           : "ended",
                         "nomor", tk->nomor, "stage", tk->status, "channel",
                         d->channel, NULL);
        return PSERV_DECIDE_REFUSED;
    }
    executor = strcmp(tk->status, "executor") == 0;
    d->reason = apr_pstrdup(r->pool, d->reason ? d->reason : "");
    d->reason_error = d->user_id_error = NULL;
    if (!*d->reason || strspn(d->reason, " \t\r\n") == strlen(d->reason))
        d->reason_error =
            pserv_tr(r, executor ? PSERV_MSG_KEY("ticket.err.note")
                                 : PSERV_MSG_KEY("ticket.err.reason"));
    else if (!pserv_valid_text(d->reason, PSERV_REASON_MAX, 1))
        d->reason_error = pserv_tr(r, "ticket.err.reason.long");
    if (executor && d->approve) {
        char *u = apr_pstrdup(r->pool, d->user_id ? d->user_id : ""), *c;
        apr_collapse_spaces(u, u);
        /* "Agus.Salim" is agus.salim: User IDs are lower case, and the
         * Executor need not know it (ASCII only: anything else stays
         * and is refused below) */
        for (c = u; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        d->user_id = u;
        if (!*u)
            d->user_id_error = pserv_tr(r, "ticket.err.user-id");
        else if (!pserv_valid_username(u))
            d->user_id_error = pserv_tr(r, "ticket.err.user-id.form");
        else if (pserv_decide_user_id_taken(db, u))
            d->user_id_error = pserv_tr(r, "ticket.err.user-id.taken");
    }
    else
        d->user_id = NULL;
    return d->reason_error || d->user_id_error ? PSERV_DECIDE_INVALID
                                               : PSERV_DECIDE_OK;
}

int pserv_decide_apply(request_rec *r, pserv_db *db, const pserv_session *s,
                       pserv_ticket **t, pserv_decision *d)
{
    pserv_ticket *tk = *t, *now;
    int rv = pserv_decide_store(r, db, s, tk, d->as,
                                d->revise ? PSERV_VERDICT_RETURN : d->approve,
                                d->reason, d->user_id);

    if (rv == HTTP_CONFLICT) {
        if (!(now = pserv_ticket_load(r, db, s, apr_atoi64(tk->id), &rv)))
            return PSERV_DECIDE_FAILED;
        *t = now;
        if (d->user_id && strcmp(now->status, "executor") == 0) {
            d->user_id_error = pserv_tr(r, "ticket.err.user-id.just-taken");
            return PSERV_DECIDE_INVALID;
        }
        return PSERV_DECIDE_MOVED;
    }
    if (rv != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[TKT02]: storing the decision on %s failed",
                      tk->nomor);
        return PSERV_DECIDE_FAILED;
    }
    pserv_audit(r, "decision", s->username, "nomor", tk->nomor, "stage",
                tk->status, "decision", d->decision, "status",
                d->revise    ? "returned"
                : d->approve ? pserv_status_next(tk->status)
                             : "rejected",
                "via", strcmp(d->as->via, "holder") ? d->as->via : NULL, "for",
                d->as->for_account ? pserv_i64s(r, d->as->for_account) : NULL,
                "channel", d->channel, NULL);
    if (d->user_id)
        pserv_audit(r, "account.create", s->username, "account", d->user_id,
                    "nomor", tk->nomor, NULL);
    return PSERV_DECIDE_OK;
}

int pserv_decide_resend(request_rec *r, pserv_db *db, const pserv_ticket *t)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, account_by_name, &res, t->account_username) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return HTTP_CONFLICT;
    if (pserv_db_begin(db) != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (pserv_password_link_send(
            r, db, apr_atoi64(t->id), pserv_db_col(db, row, 0),
            pserv_db_col(db, row, 1), pserv_db_col(db, row, 2),
            t->account_username, t->nomor,
            pserv_mail_about(r, db, t, t->status), PSERV_LINK_RESENT)
        != 0) {
        pserv_db_rollback(db);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (pserv_db_end(db) != 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    return 0;
}
