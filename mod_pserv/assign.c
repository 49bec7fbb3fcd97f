/*
 * assign.c: Alihkan Persetujuan (assign.h). The stage a ticket waits at is
 * given, for this ticket only, to an account an Administrator chose: one
 * row of stage_assignments (a new one replaces the old), the Activity Log
 * line, the mails to the assignee and to the stage's holders, and the
 * stuck mark judged again (actors.c) -- all in one transaction, taken on
 * the ticket's row while it still waits at that stage.
 */
#include "assign.h"
#include "mail.h"
#include "maildecide.h"
#include "ticket.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* request id, stage -> the ticket's id and the stage's assignee until now
 * (id, name, e-mail; NULL when none), with the ticket's row locked; no row
 * when the ticket no longer waits at that stage */
PSERV_SQL(assign_lock, 2,
          "SELECT r.id, a.id, a.full_name, a.email FROM requests r"
          " LEFT JOIN stage_assignments s ON s.request_id = r.id"
          "   AND s.stage = r.status"
          " LEFT JOIN accounts a ON a.id = s.account_id"
          " WHERE r.id = %s::bigint AND r.status = %s FOR UPDATE OF r");
/* request id, stage, account id, reason, assigned by, now */
PSERV_SQL(assign_set, 6,
          "INSERT INTO stage_assignments (request_id, stage, account_id,"
          " reason, assigned_by, assigned_at) VALUES (%s::bigint, %s,"
          " %s::bigint, %s, %s::bigint, %s::timestamptz)"
          " ON CONFLICT (request_id, stage) DO UPDATE"
          " SET account_id = EXCLUDED.account_id, reason = EXCLUDED.reason,"
          " assigned_by = EXCLUDED.assigned_by,"
          " assigned_at = EXCLUDED.assigned_at");

const pserv_stmt *const pserv_sql_table_assign[] = {
    &pserv_sql_assign_lock,
    &pserv_sql_assign_set,
    NULL,
};

int pserv_assign_check(const pserv_session *s, const pserv_waiting *w,
                       const pserv_assignee *a)
{
    pserv_actor who = { a->nopek, NULL, a->email, a->id };

    if (!a->active)
        return PSERV_ASSIGN_INACTIVE;
    if (a->id == s->account_id)
        return PSERV_ASSIGN_SELF;
    switch (pserv_waiting_bars(w, &who)) {
    case PSERV_ACT_OK:
        return PSERV_ASSIGN_OK;
    case PSERV_ACT_OWN_REQUEST:
        return PSERV_ASSIGN_OWN_REQUEST;
    default:
        return PSERV_ASSIGN_TWICE;
    }
}

const char *pserv_assign_message(apr_pool_t *p, int lang, int why,
                                 const pserv_waiting *w,
                                 const pserv_assignee *a)
{
    switch (why) {
    case PSERV_ASSIGN_INACTIVE:
        return pserv_msgf(p, lang, "assign.err.inactive", "%s %s", a->full_name,
                          a->username);
    case PSERV_ASSIGN_SELF:
        return pserv_msg(lang, "assign.err.self");
    case PSERV_ASSIGN_OWN_REQUEST:
        return pserv_msgf(p, lang, "assign.err.own", "%s %s %s", a->full_name,
                          a->username, w->nomor);
    case PSERV_ASSIGN_TWICE:
        return pserv_msgf(p, lang, "assign.err.twice", "%s %s %s", a->full_name,
                          a->username, w->nomor);
    }
    return NULL;
}

/* ---- the mails ---------------------------------------------------------- */

typedef struct {
    request_rec *r;
    pserv_db *db;
    const pserv_waiting *w;
    const pserv_assignee *a;
    pserv_mail_ticket about;
    const char *stage, *link, *reason, *admin;
    const char *mailed; /* " addr addr " already written to */
} pserv_assign_mail;

/* One mail to (to, name) in their language unless that address had one
 * already: to the assignee (what to do, with their own decision links),
 * or (assignee 0) to a stage's holder or the assignee replaced (that it
 * was assigned, and why). */
static int pserv_assign_send(pserv_assign_mail *m, const char *to,
                             const char *name, int assignee)
{
    apr_pool_t *p = m->r->pool;
    const pserv_waiting *w = m->w;
    const char *subject, *body, *links;
    pserv_actx x;
    int lang;

    if (!to || !*to
        || ap_strcasestr(m->mailed, apr_pstrcat(p, " ", to, " ", NULL)))
        return 0;
    m->mailed = apr_pstrcat(p, m->mailed, to, " ", NULL);
    lang = pserv_mail_lang(m->db, to, w->id);
    if (assignee) {
        /* the assignee's own Setujui, Tolak, ... (maildecide.c) */
        pserv_actx_of(m->r, m->db, &x);
        if (!(links =
                  pserv_maildecide_links(&x, w->id, w->status, m->a->id, lang)))
            return APR_EGENERAL;
        subject = pserv_msgf(p, lang, "mail.assign.subject", "%s%s", w->nomor,
                             m->stage);
        body = pserv_msgf(p, lang, "mail.assign.body", "%s%s%s%s%s%s%s",
                          m->admin, m->stage, m->stage, w->nomor, links,
                          pserv_mail_cta(lang, w->status), m->link);
    }
    else {
        subject = pserv_msgf(p, lang, "mail.assign.told.subject", "%s%s%s",
                             m->stage, w->nomor, m->a->full_name);
        body =
            pserv_msgf(p, lang, "mail.assign.told.body", "%s%s%s%s%s", m->stage,
                       m->admin, m->a->full_name, m->a->username, m->link);
    }
    return pserv_mail_queue(
        m->db, w->id, to, subject,
        pserv_mail_signed(p, pserv_msgf(p, lang, "mail.assign.frame",
                                        "%s%s%s%s", name, body, m->reason,
                                        pserv_mail_facts(p, lang, &m->about))));
}

/* The assignee: what to do, for this ticket only; then the stage's
 * holders and the assignee replaced: that it was assigned, and why. */
static int pserv_assign_mails(pserv_assign_mail *m, const char *prev_name,
                              const char *prev_email)
{
    const pserv_waiting *w = m->w;
    int i;

    if (pserv_assign_send(m, m->a->email, m->a->full_name, 1) != 0)
        return APR_EGENERAL;
    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (strcmp(c->via, "holder") == 0
            && pserv_assign_send(m, c->email, c->full_name, 0) != 0)
            return APR_EGENERAL;
    }
    if (prev_email && pserv_assign_send(m, prev_email, prev_name, 0) != 0)
        return APR_EGENERAL;
    return 0;
}

/* ---- the store ---------------------------------------------------------- */

int pserv_assign_store(request_rec *r, pserv_db *db, const pserv_session *s,
                       const pserv_waiting *w, const pserv_assignee *a,
                       const char *reason)
{
    const char *now = pserv_now_sql(r), *id = pserv_i64s(r, w->id);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_assign_mail m;
    pserv_actx x;
    const char *prev_id, *prev_name = NULL, *prev_email = NULL;

    pserv_actx_of(r, db, &x);
    m.r = r;
    m.db = db;
    m.w = w;
    m.a = a;
    m.stage = pserv_stage_label(w->status);
    m.about.nomor = w->nomor;
    m.about.full_name = w->full_name;
    m.about.kind = w->kind;
    m.about.unit_name = w->unit_name;
    m.about.platforms = w->platforms;
    m.about.status = w->status;
    m.link = pserv_mail_link(r, apr_pstrcat(r->pool, "/requests/", id, NULL));
    m.reason = reason;
    m.admin = s->full_name;
    m.mailed = " ";

    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    if (pserv_db_select(db, assign_lock, &res, id, w->status) != 0)
        goto failed;
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return HTTP_CONFLICT; /* decided, or moved on, meanwhile */
    }
    prev_id = pserv_db_col(db, row, 1);
    if (prev_id && apr_atoi64(prev_id) != a->id) {
        prev_name = pserv_db_col(db, row, 2);
        prev_email = pserv_db_col(db, row, 3);
    }
    if (pserv_db_query(db, assign_set, NULL, id, w->status,
                       pserv_i64s(r, a->id), reason,
                       pserv_i64s(r, s->account_id), now)
        || pserv_ticket_log_add(db, id, now, pserv_i64s(r, s->account_id),
                                s->full_name, "Administrator",
                                apr_pstrcat(r->pool,
                                            "Persetujuan dialihkan kepada ",
                                            a->full_name, NULL),
                                reason)
        || pserv_assign_mails(&m, prev_name, prev_email)
        || pserv_stuck_check(&x, w->id) < 0)
        goto failed;
    if (pserv_db_end(db) != 0)
        return APR_EGENERAL;
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  "pserv[ASG01]: %s at %s assigned to '%s' by '%s'", w->nomor,
                  w->status, a->username, s->username);
    return 0;

failed:
    pserv_db_rollback(db);
    return APR_EGENERAL;
}
