/*
 * revise.c: Batalkan Permohonan and the expiry of an unfixed return for
 * revision (revise.h).
 *
 * A withdrawal is the requester's, reached by the status link alone: it
 * takes the ticket from the status the page showed (a conditional update,
 * so a decision taken meanwhile wins and the requester is told), tells
 * whoever it was waiting on (actors.c's candidates, read before the
 * change) and logs it. The expiry runs in the mail worker like the
 * reminders (remind.c): one transaction per ticket, the conditional update
 * first and the mail only when it took.
 */
#include "revise.h"
#include "mail.h"
#include "audit.h"

#include "apr_strings.h"

#define PSERV_REVISION_MOST "20" /* tickets a sweep */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* status token hash -> id, nomor, status, name, e-mail, kind, unit,
 * platforms */
PSERV_SQL(withdraw_get, 1,
          "SELECT r.id, r.nomor, r.status, r.full_name, r.email, r.kind,"
          " u.name, (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order,"
          " p.name) FROM request_platforms rp JOIN platforms p"
          " ON p.code = rp.platform_code WHERE rp.request_id = r.id)"
          " FROM requests r JOIN units u ON u.code = r.unit_code"
          " WHERE r.status_token = decode(%s, 'hex')");
/* now, id, status seen -> id when it moved (only from a status the
 * requester may still withdraw) */
PSERV_SQL(withdraw_set, 3,
          "UPDATE requests SET status = 'cancelled',"
          " updated_at = %s::timestamptz, stuck_since = NULL"
          " WHERE id = %s::bigint AND status = %s AND status IN ('atasan',"
          " 'verificator', 'manager', 'executor', 'returned') RETURNING id");
/* now, days, most -> the returned tickets past their days, oldest first */
PSERV_SQL(revision_due, 3,
          "SELECT id FROM requests WHERE status = 'returned'"
          " AND updated_at <= %s::timestamptz - %s::int * interval '1 day'"
          " ORDER BY updated_at, id LIMIT %s::int");
/* now, id, days -> the ticket when it was still due (the mark): nomor,
 * name, e-mail, kind, unit, platforms */
PSERV_SQL(revision_expire, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::bigint AS id,"
          "  %s::int AS days),"
          " c AS (UPDATE requests r SET status = 'cancelled',"
          "  updated_at = arg.now FROM arg WHERE r.id = arg.id"
          "  AND r.status = 'returned'"
          "  AND r.updated_at <= arg.now - arg.days * interval '1 day'"
          "  RETURNING r.id, r.nomor, r.full_name, r.email, r.kind,"
          "  r.unit_code)"
          " SELECT c.nomor, c.full_name, c.email, c.kind, u.name,"
          " (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order, p.name)"
          "  FROM request_platforms rp JOIN platforms p"
          "  ON p.code = rp.platform_code WHERE rp.request_id = c.id)"
          " FROM c JOIN units u ON u.code = c.unit_code");
/* now, reason, id: the system's Activity Log line, in the ticket's
 * round */
PSERV_SQL(revision_log, 3,
          "INSERT INTO activity_log (request_id, at, account_id, actor_name,"
          " actor_role, action, reason, round) SELECT r.id, %s::timestamptz,"
          " NULL,"
          " 'P-Serv', 'Sistem', 'Cancelled', %s, r.revision FROM requests r"
          " WHERE r.id = %s::bigint");

const pserv_stmt *const pserv_sql_table_revise[] = {
    &pserv_sql_withdraw_get, &pserv_sql_withdraw_set,
    &pserv_sql_revision_due, &pserv_sql_revision_expire,
    &pserv_sql_revision_log, NULL,
};

/* ---- Batalkan Permohonan ------------------------------------------------- */

/* The withdrawal's reason as a line of its mails in lang ("" when none
 * given). */
static const char *pserv_withdraw_reason(apr_pool_t *p, const char *reason,
                                         int lang)
{
    return *reason ? pserv_msgf(p, lang, "mail.withdraw.reason", "%s", reason)
                   : "";
}

/* Whoever the waiting ticket w was waiting on, once per address. */
static int pserv_withdraw_tell(const pserv_actx *x, const pserv_waiting *w,
                               const char *reason)
{
    const char *stage = pserv_stage_label(w->status), *mailed = " ";
    pserv_mail_ticket about = { w->nomor,     w->full_name, w->kind,
                                w->unit_name, w->platforms, "cancelled" };
    int i, lang;

    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (c->why != PSERV_ACT_OK || !c->email || !*c->email
            || ap_strcasestr(mailed,
                             apr_pstrcat(x->p, " ", c->email, " ", NULL)))
            continue;
        mailed = apr_pstrcat(x->p, mailed, c->email, " ", NULL);
        lang = pserv_mail_lang_on(x->dbd, x->p, x->s, c->email, w->id);
        if (pserv_mail_queue_on(
                x->dbd, x->p, x->s, w->id, c->email,
                pserv_msgf(x->p, lang, "mail.withdraw.tell.subject", "%s",
                           w->nomor),
                pserv_mail_signed(
                    x->p,
                    pserv_msgf(x->p, lang, "mail.withdraw.tell.body",
                               "%s%s%s%s", c->full_name,
                               pserv_candidate_as_in(x->p, c, stage, lang),
                               pserv_mail_facts(x->p, lang, &about),
                               pserv_withdraw_reason(x->p, reason, lang))),
                x->now)
            != 0)
            return APR_EGENERAL;
    }
    return 0;
}

int pserv_withdraw(request_rec *r, pserv_db *db, const char *hash,
                   const char *seen, const char *reason, pserv_withdrawn *t)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *waiting = NULL;
    const char *now = pserv_now_sql(r);
    pserv_mail_ticket about;
    pserv_actx x;
    int rv = 0, lang;

    memset(t, 0, sizeof *t);
    if (pserv_db_select(db, withdraw_get, &res, hash) != 0)
        return PSERV_WITHDRAW_FAILED;
    if (!(row = pserv_db_row(db, res, 1)))
        return PSERV_WITHDRAW_UNKNOWN;
    t->id = pserv_db_col(db, row, 0);
    t->nomor = pserv_db_col(db, row, 1);
    t->status = pserv_db_col(db, row, 2);
    t->full_name = pserv_db_col(db, row, 3);
    t->email = pserv_db_col(db, row, 4);
    about.nomor = t->nomor;
    about.full_name = t->full_name;
    about.kind = pserv_db_col(db, row, 5);
    about.unit_name = pserv_db_col(db, row, 6);
    about.platforms = pserv_db_col(db, row, 7);
    about.status = "cancelled";
    if (!pserv_status_open(t->status))
        return PSERV_WITHDRAW_ENDED;
    if (seen && strcmp(seen, t->status) != 0)
        return PSERV_WITHDRAW_MOVED;
    pserv_actx_of(r, db, &x);
    lang = pserv_mail_lang(db, t->email, apr_atoi64(t->id));
    if (pserv_db_begin(db) != 0)
        return PSERV_WITHDRAW_FAILED;
    /* who it waits on, before it stops waiting */
    if (strcmp(t->status, "returned") != 0
        && !(waiting = pserv_waiting_load(&x, apr_atoi64(t->id))))
        rv = APR_EGENERAL;
    else if (pserv_db_select(db, withdraw_set, &res, now, t->id, t->status)
             != 0)
        rv = APR_EGENERAL;
    else if (!pserv_db_row(db, res, 1))
        rv = HTTP_CONFLICT;
    else if (pserv_ticket_log_add(db, t->id, now, NULL, t->full_name, "Pemohon",
                                  "Cancelled", *reason ? reason : NULL)
             || (waiting && waiting->nelts == 1
                 && pserv_withdraw_tell(
                     &x, &APR_ARRAY_IDX(waiting, 0, pserv_waiting), reason))
             || pserv_mail_queue(
                 db, apr_atoi64(t->id), t->email,
                 pserv_msgf(r->pool, lang, "mail.withdraw.subject", "%s",
                            t->nomor),
                 pserv_mail_signed(
                     r->pool,
                     pserv_msgf(r->pool, lang, "mail.withdraw.body", "%s%s%s%s",
                                t->full_name,
                                pserv_mail_facts(r->pool, lang, &about),
                                pserv_withdraw_reason(r->pool, reason, lang),
                                pserv_mail_link(r, "/request/new")))))
        rv = APR_EGENERAL;
    if (rv) {
        pserv_db_rollback(db);
        if (rv == HTTP_CONFLICT)
            return PSERV_WITHDRAW_MOVED;
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[WDR01]: withdrawing %s failed", t->nomor);
        return PSERV_WITHDRAW_FAILED;
    }
    if (pserv_db_end(db) != 0)
        return PSERV_WITHDRAW_FAILED;
    return PSERV_WITHDRAW_OK;
}

/* ---- the expiry ---------------------------------------------------------- */

/* One due ticket: 1 cancelled (and mailed), 0 not due any more, -1 on
 * error. Inside the caller's transaction. */
static int pserv_revision_expire_one(ap_dbd_t *dbd, apr_pool_t *p,
                                     server_rec *s, const char *id, int days,
                                     const char *base_url)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *c[6], *why;
    pserv_mail_ticket about;
    int i, lang;

    if (pserv_db_select_on(dbd, p, s, revision_expire, &res, "now", id,
                           apr_itoa(p, days))
        != 0)
        return -1;
    if (apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0)
        return 0;
    for (i = 0; i < 6; i++)
        c[i] = apr_dbd_get_entry(dbd->driver, row, i);
    about.nomor = c[0];
    about.full_name = c[1];
    about.kind = c[3];
    about.unit_name = c[4];
    about.platforms = c[5];
    about.status = "cancelled";
    lang = pserv_mail_lang_on(dbd, p, s, c[2], apr_atoi64(id));
    why = apr_psprintf(p,
                       "Tidak diperbaiki oleh pemohon dalam %d hari setelah "
                       "dikembalikan untuk revisi",
                       days);
    if (pserv_db_query_on(dbd, p, s, revision_log, NULL, "now", why, id) != 0
        || pserv_mail_queue_on(
               dbd, p, s, apr_atoi64(id), c[2],
               pserv_msgf(p, lang, "mail.expired.subject", "%s", c[0]),
               pserv_mail_signed(
                   p, pserv_msgf(p, lang, "mail.expired.body", "%s%d%s%s", c[1],
                                 days, pserv_mail_facts(p, lang, &about),
                                 base_url ? base_url : "")),
               "now")
               != 0)
        return -1;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                 "pserv[WDR02]: %s was not fixed within %d days of its return "
                 "for revision: cancelled",
                 c[0], days);
    return 1;
}

void pserv_revision_sweep(ap_dbd_t *dbd, apr_pool_t *pool, server_rec *s,
                          const pserv_srv_conf *c, const char *base_url)
{
    apr_dbd_results_t *due = NULL;
    apr_dbd_row_t *row = NULL;
    apr_pool_t *p;
    int k, n;

    if (c->revision_days <= 0
        || pserv_db_select_on(dbd, pool, s, revision_due, &due, "now",
                              apr_itoa(pool, c->revision_days),
                              PSERV_REVISION_MOST)
               != 0)
        return;
    n = apr_dbd_num_tuples(dbd->driver, due);
    apr_pool_create(&p, pool);
    for (k = 1; k <= n; k++) {
        const char *id;
        if (apr_dbd_get_row(dbd->driver, pool, due, &row, k) != 0)
            break;
        id = apr_pstrdup(pool, apr_dbd_get_entry(dbd->driver, row, 0));
        apr_pool_clear(p);
        if (pserv_db_exec(dbd, "BEGIN") != 0)
            break;
        if (pserv_revision_expire_one(dbd, p, s, id, c->revision_days, base_url)
            < 0) {
            pserv_db_exec(dbd, "ROLLBACK");
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[WDR03]: cancelling returned ticket %s "
                         "failed; retried at the next look",
                         id);
            break;
        }
        if (pserv_db_exec(dbd, "COMMIT") != 0)
            break;
    }
    apr_pool_destroy(p);
}
