/*
 * decide.c: the decisions on a ticket (decide.h): each stored in one
 * transaction with its Activity Log entry and its mail (the next stage's
 * role, the requester on a reject, the new account's set-password link at
 * the Executor's Confirm), and that link sent again.
 */
#include "decide.h"
#include "mail.h"
#include "account.h"
#include "actors.h"

#include "apr_strings.h"

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
/* request id, stage, decision, account id, reason, now, on behalf of
 * (account id or NULL), via ('delegation', 'assignment' or NULL) */
PSERV_SQL(approval_add, 8,
          "INSERT INTO approvals (request_id, stage, decision, account_id,"
          " reason, decided_at, on_behalf_of, via) VALUES (%s::bigint, %s, %s,"
          " %s::bigint, %s, %s::timestamptz, %s::bigint, %s)");
/* account id, request id */
PSERV_SQL(req_set_account, 2,
          "UPDATE requests SET account_id = %s::bigint WHERE id = %s::bigint");
/* username -> id, e-mail, full name */
PSERV_SQL(account_by_name, 1,
          "SELECT id, email, full_name FROM accounts"
          " WHERE username = %s AND active");

const pserv_stmt *const pserv_sql_table_decide[] = {
    &pserv_sql_ticket_platforms, &pserv_sql_decide,
    &pserv_sql_approval_add,     &pserv_sql_req_set_account,
    &pserv_sql_account_by_name,  NULL,
};

/* ---- the mail ------------------------------------------------------------ */

/* What every mail about a ticket says about it, at status. */
static const char *pserv_mail_about(request_rec *r, pserv_db *db,
                                    const pserv_ticket *t, const char *status)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *platforms = NULL;
    int i;

    if (pserv_db_select(db, ticket_platforms, &res, t->id) == 0)
        for (i = 1; (row = pserv_db_row(db, res, i)); i++)
            platforms = platforms ? apr_pstrcat(r->pool, platforms, ", ",
                                                pserv_db_col(db, row, 0), NULL)
                                  : pserv_db_col(db, row, 0);
    return pserv_mail_facts(r->pool, t->nomor, t->full_name, t->kind,
                            t->unit_name, platforms, status);
}

static int pserv_mail_rejected(request_rec *r, pserv_db *db,
                               const pserv_ticket *t, const char *reason)
{
    return pserv_mail_queue(
        db, apr_atoi64(t->id), t->email,
        apr_psprintf(r->pool, "[P-Serv] Permohonan User ID %s ditolak",
                     t->nomor),
        apr_psprintf(r->pool,
                     "Yth. %s,\n\nMohon maaf, permohonan User ID "
                     "Anda ditolak pada tahap %s.\n\n%sAlasan          : %s\n"
                     "\nSilakan hubungi ICT Helpdesk bila ada pertanyaan, atau "
                     "ajukan permohonan baru melalui Create New Account:\n%s"
                     "\n\n-- \nP-Serv, PT Pertamina Retail\n",
                     t->full_name, pserv_stage_label(t->status),
                     pserv_mail_about(r, db, t, "rejected"), reason,
                     pserv_mail_link(r, "/request/new")));
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
    const char *next = approve ? pserv_status_next(t->status) : "rejected";
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
    else if (pserv_db_query(db, approval_add, NULL, t->id, t->status,
                            approve ? "approve" : "reject",
                            pserv_i64s(r, s->account_id), reason, now,
                            delegate ? pserv_i64s(r, as->for_account) : NULL,
                            delegate   ? "delegation"
                            : assigned ? "assignment"
                                       : NULL)
             || pserv_ticket_log_add(
                 db, t->id, now, pserv_i64s(r, s->account_id), actor,
                 assigned ? apr_pstrcat(r->pool, pserv_stage_label(t->status),
                                        " (dialihkan)", NULL)
                          : pserv_stage_label(t->status),
                 !approve  ? "Rejected"
                 : user_id ? "Completed"
                           : "Approved",
                 reason))
        rv = APR_EGENERAL;
    else if (!approve)
        rv = pserv_mail_rejected(r, db, t, reason);
    else if (user_id)
        rv = pserv_executor_create(r, db, t, user_id);
    else
        rv = pserv_stage_arrived(
            &x, apr_atoi64(t->id),
            apr_psprintf(r->pool, "telah disetujui pada tahap %s oleh %s",
                         pserv_stage_label(t->status), actor),
            0);
    if (rv) {
        pserv_db_rollback(db);
        return rv;
    }
    return pserv_db_end(db);
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
