/*
 * actors.c: who may act on a waiting ticket now (actors.h). The candidates
 * come from the database (pserv_candidates, migration 012: holders, their
 * delegates, the assignee, active accounts only); separation of duties is
 * core's (pserv_barred), by person. The ticket page, the decision, the
 * submit, the reminders and the Tiket Tertahan page all ask here.
 */
#include "actors.h"
#include "mail.h"
#include "maildecide.h"
#include "msg.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

#define PSERV_NULLS4 ", NULL, NULL, NULL, NULL"

/* now, request id ('' for every waiting ticket) -> rows of (request id,
 * part, c0 .. c11) by ticket: part 0 the ticket (nomor, status, Atasan's
 * nopek and name, requester's nopek and e-mail, since and stuck since in
 * epoch seconds, name, kind, unit, platforms), part 1 its deciders
 * (account, nopek, e-mail, stage), part 2 its candidates (account, name,
 * nopek, e-mail, via, for account, for name, for nopek, for e-mail, the
 * account's Pengaturan Notifikasi: migration 016). */
#define PSERV_WAITING_SQL(one, cand)                                           \
    "WITH arg AS (SELECT %s::timestamptz AS now, nullif(%s, '')::bigint AS "   \
    "id),"                                                                     \
    " w AS MATERIALIZED (SELECT r.* FROM arg, requests r"                      \
    "   WHERE r.status IN ('atasan', 'verificator', 'manager', 'executor')"    \
    "   AND " one ")"                                                          \
    " SELECT w.id, 0 AS part, w.nomor, w.status, w.atasan_nopek, e.full_name," \
    "   w.nopek, w.email, extract(epoch FROM w.updated_at)::bigint::text,"     \
    "   coalesce(extract(epoch FROM w.stuck_since)::bigint::text, '0'),"       \
    "   w.full_name, w.kind, u.name,"                                          \
    "   (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order, p.name)"        \
    "    FROM request_platforms rp JOIN platforms p"                           \
    "    ON p.code = rp.platform_code WHERE rp.request_id = w.id)"             \
    "   FROM w JOIN employees e ON e.nopek = w.atasan_nopek"                   \
    "   JOIN units u ON u.code = w.unit_code"                                  \
    " UNION ALL SELECT w.id, 1, ap.account_id::text, a.nopek, a.email,"        \
    "   ap.stage" PSERV_NULLS4 PSERV_NULLS4                                    \
    "   FROM w JOIN approvals ap ON ap.request_id = w.id"                      \
    "   JOIN accounts a ON a.id = ap.account_id"                               \
    " UNION ALL SELECT c.request_id, 2, c.account_id::text, a.full_name,"      \
    "   a.nopek, a.email, c.via, c.for_id::text, f.full_name, f.nopek,"        \
    "   f.email, a.notify, NULL, NULL FROM arg, " cand                         \
    "   JOIN accounts a ON a.id = c.account_id"                                \
    "   LEFT JOIN accounts f ON f.id = c.for_id"                               \
    " ORDER BY 1, 2, 4, 3"
/* One ticket (now, id) and every waiting ticket (now, ""): statements of
 * their own, so that each keeps a plan of its own (one generic plan for
 * both scanned every waiting ticket for the one: seconds at a million
 * tickets). */
PSERV_SQL(waiting_get, 2,
          PSERV_WAITING_SQL("r.id = arg.id",
                            "pserv_candidates(arg.now, arg.id) c"));
PSERV_SQL(waiting_all, 2,
          PSERV_WAITING_SQL("arg.id IS NULL",
                            "pserv_candidates(arg.now, arg.id) c"));
/* after id -> the next 500 waiting tickets' ids (the stuck look) */
PSERV_SQL(waiting_ids, 1,
          "SELECT id FROM requests WHERE status IN ('atasan', 'verificator',"
          " 'manager', 'executor') AND id > %s::bigint ORDER BY id LIMIT 500");
/* now, request id, status -> the id when the mark was set now */
PSERV_SQL(stuck_set, 3,
          "UPDATE requests SET stuck_since = %s::timestamptz"
          " WHERE id = %s::bigint AND status = %s AND stuck_since IS NULL"
          " RETURNING id");
/* request id */
PSERV_SQL(stuck_clear, 1,
          "UPDATE requests SET stuck_since = NULL"
          " WHERE id = %s::bigint AND stuck_since IS NOT NULL");

/* -> the ICT roles in the chain's order with their active holders: rows
 * of (role, account, name, nopek, e-mail); a role no active account holds
 * gives one row with NULLs. */
PSERV_SQL(role_holders_get, 0,
          "SELECT x.role, a.id::text, a.full_name, a.nopek, a.email"
          " FROM unnest(ARRAY['ict_verificator', 'ict_manager',"
          "   'ict_executor']) WITH ORDINALITY x(role, n)"
          " LEFT JOIN (account_roles ar JOIN accounts a"
          "   ON a.id = ar.account_id AND a.active) ON ar.role = x.role"
          " ORDER BY x.n, a.full_name, a.id");

const pserv_stmt *const pserv_sql_table_actors[] = {
    &pserv_sql_waiting_get,
    &pserv_sql_waiting_all,
    &pserv_sql_waiting_ids,
    &pserv_sql_stuck_set,
    &pserv_sql_stuck_clear,
    &pserv_sql_role_holders_get,
    NULL,
};

void pserv_actx_of(request_rec *r, pserv_db *db, pserv_actx *x)
{
    x->dbd = db->dbd;
    x->p = r->pool;
    x->s = r->server;
    x->now = pserv_now_sql(r);
    x->base = pserv_mail_link(r, "");
}

/* ---- loading and judging ----------------------------------------------- */

static const char *pserv_col(const pserv_actx *x, apr_dbd_row_t *row, int n)
{
    const char *v = apr_dbd_get_entry(x->dbd->driver, row, n);

    return v ? apr_pstrdup(x->p, v) : NULL;
}

/* Rank of a right: a holder acts for themselves first. */
static int pserv_via_rank(const char *via)
{
    return strcmp(via, "holder") == 0     ? 0
           : strcmp(via, "delegate") == 0 ? 1
                                          : 2;
}

static void pserv_waiting_add_candidate(const pserv_actx *x, pserv_waiting *w,
                                        apr_dbd_row_t *row)
{
    pserv_candidate c, *have;
    int i;

    memset(&c, 0, sizeof c);
    c.account = apr_atoi64(pserv_col(x, row, 2));
    c.full_name = pserv_col(x, row, 3);
    c.nopek = pserv_col(x, row, 4);
    c.email = pserv_col(x, row, 5);
    c.via = pserv_col(x, row, 6);
    c.for_account =
        apr_atoi64(pserv_col(x, row, 7) ? pserv_col(x, row, 7) : "0");
    c.for_name = pserv_col(x, row, 8);
    c.for_nopek = pserv_col(x, row, 9);
    c.for_email = pserv_col(x, row, 10);
    c.digest_only =
        pserv_col(x, row, 11) && !strcmp(pserv_col(x, row, 11), "digest");
    for (i = 0; i < w->cands->nelts; i++) {
        have = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (have->account == c.account) {
            if (pserv_via_rank(c.via) < pserv_via_rank(have->via))
                *have = c;
            return;
        }
    }
    *(pserv_candidate *)apr_array_push(w->cands) = c;
}

int pserv_waiting_bars(const pserv_waiting *w, const pserv_actor *who)
{
    pserv_ticket_facts facts = { w->status,
                                 w->atasan_nopek,
                                 w->nopek,
                                 w->email,
                                 (const pserv_person *)w->deciders->elts,
                                 w->deciders->nelts,
                                 (const char *const *)w->decided_at->elts };

    return pserv_barred(who, &facts);
}

const char *pserv_candidate_as(apr_pool_t *p, const pserv_candidate *c,
                               const char *stage)
{
    return pserv_candidate_as_in(p, c, stage, 0);
}

const char *pserv_candidate_as_in(apr_pool_t *p, const pserv_candidate *c,
                                  const char *stage, int lang)
{
    return strcmp(c->via, "delegate") == 0 ? pserv_msgf(
               p, lang, "mail.as.delegate", "%s%s", stage, c->for_name)
           : strcmp(c->via, "assigned") == 0
               ? pserv_msgf(p, lang, "mail.as.assigned", "%s", stage)
               : stage;
}

/* Separation of duties for every candidate of w; its stuck words. */
static void pserv_waiting_judge(const pserv_actx *x, pserv_waiting *w)
{
    const char *decided = NULL;
    int i, k, why = PSERV_ACT_OK;

    w->n_may = 0;
    for (i = 0; i < w->cands->nelts; i++) {
        pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        pserv_actor who = { c->nopek, NULL, c->email, c->account };
        pserv_actor holder = { c->for_nopek, NULL, c->for_email,
                               c->for_account };
        c->why = pserv_waiting_bars(w, &who);
        /* A delegation does not carry a holder's authority to the
         * holder's own request: nobody's request is approved in their
         * own name. (Deciding two stages is judged on the delegate, the
         * person who decides.) */
        if (c->why == PSERV_ACT_OK && c->for_account
            && pserv_waiting_bars(w, &holder) == PSERV_ACT_OWN_REQUEST)
            c->why = PSERV_ACT_OWN_REQUEST;
        if (c->why == PSERV_ACT_OK)
            w->n_may++;
        why = c->why;
    }
    w->stuck = NULL;
    if (w->n_may)
        return;
    if (w->cands->nelts == 1 && why == PSERV_ACT_TWICE) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, 0, pserv_candidate);
        pserv_person me = { c->account, c->nopek, c->email };
        for (k = 0; k < w->deciders->nelts; k++)
            if (strcmp(APR_ARRAY_IDX(w->decided_at, k, const char *),
                       w->status) /* this stage, an earlier round: no bar */
                && pserv_same_person(
                    &me, &APR_ARRAY_IDX(w->deciders, k, pserv_person)))
                decided = APR_ARRAY_IDX(w->decided_at, k, const char *);
    }
    w->stuck_why = why;
    w->stuck_decided = decided;
    w->stuck = pserv_waiting_stuck(x->p, w, 0);
}

const char *pserv_stuck_reason(apr_pool_t *p, const char *status,
                               const char *atasan_nopek, int n, int why,
                               const char *decided_at, int lang)
{
    pserv_stuck_cause c;

    switch (
        pserv_stuck_cause_of(status, atasan_nopek, n, why, decided_at, &c)) {
    case PSERV_STUCK_NO_HOLDER:
        return pserv_msgf(p, lang, "admin.stuck.no_holder", "%s", c.who);
    case PSERV_STUCK_NO_ACCOUNT:
        return pserv_msgf(p, lang, "admin.stuck.no_account", "%s", c.nopek);
    case PSERV_STUCK_ALL_BARRED:
        return pserv_msgf(p, lang, "admin.stuck.all_barred", "%d %s", c.n,
                          c.who);
    case PSERV_STUCK_OWN_REQUEST:
        return pserv_msgf(p, lang, "admin.stuck.own", "%s", c.who);
    case PSERV_STUCK_TWICE:
        return pserv_msgf(p, lang, "admin.stuck.twice", "%s %s", c.who, c.as);
    case PSERV_STUCK_TWICE_OTHER:
        return pserv_msgf(p, lang, "admin.stuck.twice_other", "%s", c.who);
    default:
        return NULL;
    }
}

const char *pserv_waiting_stuck(apr_pool_t *p, const pserv_waiting *w, int lang)
{
    if (w->n_may)
        return NULL;
    return pserv_stuck_reason(p, w->status, w->atasan_nopek, w->cands->nelts,
                              w->stuck_why, w->stuck_decided, lang);
}

/* The waiting tickets st (waiting_get, waiting_all, waiting_batch) reads
 * with id ("" for none). */
static apr_array_header_t *
pserv_waiting_read(const pserv_actx *x, const pserv_stmt *st, const char *id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *all = apr_array_make(x->p, 4, sizeof(pserv_waiting));
    pserv_waiting *w = NULL;
    int i, n;
    const char *argv[2];

    argv[0] = x->now;
    argv[1] = id;
    if (pserv_db_select_onv(x->dbd, x->p, x->s, &res, st, 2, argv) != 0)
        return NULL;
    n = apr_dbd_num_tuples(x->dbd->driver, res);
    for (i = 1; i <= n; i++) {
        apr_int64_t rid;
        int part;

        if (apr_dbd_get_row(x->dbd->driver, x->p, res, &row, i) != 0)
            break;
        rid = apr_atoi64(apr_dbd_get_entry(x->dbd->driver, row, 0));
        part = atoi(apr_dbd_get_entry(x->dbd->driver, row, 1));
        if (part == 0) {
            if (w)
                pserv_waiting_judge(x, w);
            w = apr_array_push(all);
            memset(w, 0, sizeof *w);
            w->id = rid;
            w->nomor = pserv_col(x, row, 2);
            w->status = pserv_col(x, row, 3);
            w->atasan_nopek = pserv_col(x, row, 4);
            w->atasan_name = pserv_col(x, row, 5);
            w->nopek = pserv_col(x, row, 6);
            w->email = pserv_col(x, row, 7);
            w->since = apr_atoi64(pserv_col(x, row, 8));
            w->stuck_since = apr_atoi64(pserv_col(x, row, 9));
            w->full_name = pserv_col(x, row, 10);
            w->kind = pserv_col(x, row, 11);
            w->unit_name = pserv_col(x, row, 12);
            w->platforms = pserv_col(x, row, 13);
            w->deciders = apr_array_make(x->p, 4, sizeof(pserv_person));
            w->decided_at = apr_array_make(x->p, 4, sizeof(const char *));
            w->cands = apr_array_make(x->p, 4, sizeof(pserv_candidate));
        }
        else if (!w || w->id != rid)
            continue; /* a ticket that stopped waiting meanwhile */
        else if (part == 1) {
            pserv_person *d = apr_array_push(w->deciders);
            d->account = apr_atoi64(pserv_col(x, row, 2));
            d->nopek = pserv_col(x, row, 3);
            d->email = pserv_col(x, row, 4);
            *(const char **)apr_array_push(w->decided_at) =
                pserv_col(x, row, 5);
        }
        else
            pserv_waiting_add_candidate(x, w, row);
    }
    if (w)
        pserv_waiting_judge(x, w);
    return all;
}

apr_array_header_t *pserv_waiting_load(const pserv_actx *x, apr_int64_t id)
{
    return id > 0
               ? pserv_waiting_read(x, &pserv_sql_waiting_get,
                                    apr_psprintf(x->p, "%" APR_INT64_T_FMT, id))
               : pserv_waiting_read(x, &pserv_sql_waiting_all, "");
}

const pserv_candidate *pserv_waiting_find(const pserv_waiting *w,
                                          apr_int64_t account)
{
    int i;

    for (i = 0; w && i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (c->account == account)
            return c;
    }
    return NULL;
}

/* ---- mail and the stuck mark ------------------------------------------- */

static const char *pserv_waiting_facts(const pserv_actx *x,
                                       const pserv_waiting *w, int lang)
{
    pserv_mail_ticket t = { w->nomor,     w->full_name, w->kind,
                            w->unit_name, w->platforms, w->status };

    return pserv_mail_facts(x->p, lang, &t);
}

/* The language of the mails to the address to about w. */
static int pserv_waiting_lang(const pserv_actx *x, const pserv_waiting *w,
                              const char *to)
{
    return pserv_mail_lang_on(x->dbd, x->p, x->s, to, w->id);
}

/* One mail to each active Administrator with an address about w, in
 * their language: stuck now (stop NULL), or, at the submit, going to stop
 * at stage stop (why: its words in each language, by core/lang.h's
 * index). The number told, or -1. */
static int pserv_admins_mail(const pserv_actx *x, const pserv_waiting *w,
                             const char *stop, const char *const *why)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *stage = pserv_stage_label(stop ? stop : w->status);
    int i, n;

    if (pserv_mail_role_emails_on(x->dbd, x->p, x->s, "admin", &res) != 0)
        return -1;
    n = apr_dbd_num_tuples(x->dbd->driver, res);
    for (i = 1; i <= n; i++) {
        const char *to, *subject, *intro, *outro;
        int lang;

        if (apr_dbd_get_row(x->dbd->driver, x->p, res, &row, i) != 0)
            return -1;
        to = apr_dbd_get_entry(x->dbd->driver, row, 0);
        lang = pserv_waiting_lang(x, w, to);
        if (stop) {
            subject = pserv_msgf(x->p, lang, "mail.ahead.subject", "%s%s",
                                 w->nomor, stage);
            intro = pserv_msgf(x->p, lang, "mail.ahead.intro", "%s%s", stage,
                               why[lang]);
            outro = pserv_msgf(x->p, lang, "mail.ahead.outro", "%s%s%s", stage,
                               x->base, x->base);
        }
        else {
            subject = pserv_msgf(x->p, lang, "mail.stuck.subject", "%s%s",
                                 w->nomor, stage);
            intro = pserv_msgf(x->p, lang, "mail.stuck.intro", "%s%s", stage,
                               pserv_waiting_stuck(x->p, w, lang));
            outro = pserv_msgf(x->p, lang, "mail.stuck.outro", "%s", x->base);
        }
        if (pserv_mail_queue_on(
                x->dbd, x->p, x->s, w->id, to, subject,
                pserv_mail_signed(
                    x->p,
                    pserv_msgf(x->p, lang, "mail.admins.body", "%s%s%s%s",
                               apr_dbd_get_entry(x->dbd->driver, row, 1), intro,
                               pserv_waiting_facts(x, w, lang), outro)),
                x->now)
            != 0)
            return -1;
    }
    return n;
}

/* One mail to the Administrators about w, stuck since now. */
static int pserv_stuck_mail(const pserv_actx *x, const pserv_waiting *w)
{
    int n = pserv_admins_mail(x, w, NULL, NULL);

    if (n < 0)
        return APR_EGENERAL;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, x->s,
                 "pserv[ACT01]: %s is stuck at %s (%s): %d Administrators told",
                 w->nomor, w->status, w->stuck, n);
    return 0;
}

/* Set or clear w's stuck mark; 1 when it was set now (and the mail
 * queued), 0 when nothing new, -1 on error. */
static int pserv_stuck_mark(const pserv_actx *x, const pserv_waiting *w)
{
    const char *id = apr_psprintf(x->p, "%" APR_INT64_T_FMT, w->id);
    apr_dbd_results_t *res = NULL;

    if (!w->stuck) {
        if (!w->stuck_since)
            return 0;
        return pserv_db_query_on(x->dbd, x->p, x->s, stuck_clear, NULL, id) ? -1
                                                                            : 0;
    }
    if (w->stuck_since)
        return 0;
    if (pserv_db_select_on(x->dbd, x->p, x->s, stuck_set, &res, x->now, id,
                           w->status)
        != 0)
        return -1;
    if (apr_dbd_num_tuples(x->dbd->driver, res) < 1)
        return 0; /* moved on, or marked by another process meanwhile */
    return pserv_stuck_mail(x, w) ? -1 : 1;
}

/* One ticket, or every waiting ticket (id 0): these one by one, 500 ids
 * at a time, each ticket in a pool of its own. Reading all of them at
 * once held hundreds of MB in the worker's process at a million tickets
 * (make bench), and one statement for a batch of them planned badly. */
int pserv_stuck_check(const pserv_actx *x, apr_int64_t id)
{
    apr_array_header_t *all;
    apr_dbd_results_t *res;
    apr_dbd_row_t *row;
    apr_int64_t after = 0, next;
    pserv_actx one = *x;
    apr_pool_t *batch;
    int i, k, rv = 0, n = 0, got;

    if (id > 0) {
        if (!(all = pserv_waiting_load(x, id)))
            return -1;
        for (i = 0; i < all->nelts; i++) {
            if ((rv =
                     pserv_stuck_mark(x, &APR_ARRAY_IDX(all, i, pserv_waiting)))
                < 0)
                return -1;
            n += rv;
        }
        return n;
    }
    apr_pool_create(&batch, x->p);
    apr_pool_create(&one.p, batch);
    do {
        apr_pool_clear(batch);
        apr_pool_create(&one.p, batch);
        res = NULL;
        got = 0;
        if (pserv_db_select_on(x->dbd, batch, x->s, waiting_ids, &res,
                               apr_psprintf(batch, "%" APR_INT64_T_FMT, after))
            != 0) {
            n = -1;
            break;
        }
        k = apr_dbd_num_tuples(x->dbd->driver, res);
        for (i = 1; i <= k && n >= 0; i++) {
            row = NULL;
            if (apr_dbd_get_row(x->dbd->driver, batch, res, &row, i) != 0)
                break;
            next = apr_atoi64(apr_dbd_get_entry(x->dbd->driver, row, 0));
            got++;
            after = next;
            apr_pool_clear(one.p);
            if (!(all = pserv_waiting_load(&one, next))) {
                n = -1;
                break;
            }
            if (all->nelts
                && (rv = pserv_stuck_mark(
                        &one, &APR_ARRAY_IDX(all, 0, pserv_waiting)))
                       < 0) {
                n = -1;
                break;
            }
            n += all->nelts ? rv : 0;
        }
    } while (n >= 0 && got == 500);
    apr_pool_destroy(batch);
    return n;
}

/* ---- the chain ahead ----------------------------------------------------- */

apr_array_header_t *pserv_role_holders_load(const pserv_actx *x)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *all =
        apr_array_make(x->p, 3, sizeof(pserv_role_holders));
    pserv_role_holders *h = NULL;
    int i, k, n;

    if (pserv_db_select_on(x->dbd, x->p, x->s, role_holders_get, &res) != 0)
        return NULL;
    n = apr_dbd_num_tuples(x->dbd->driver, res);
    for (i = 1; i <= n; i++) {
        const char *role;
        pserv_candidate *c;

        if (apr_dbd_get_row(x->dbd->driver, x->p, res, &row, i) != 0)
            return NULL;
        role = pserv_col(x, row, 0);
        if (!h || strcmp(h->role, role) != 0) {
            h = apr_array_push(all);
            h->role = role;
            h->status = NULL;
            for (k = 0; k < pserv_stage_count(); k++) {
                const char *st = pserv_stage_status_at(k);
                if (pserv_status_role(st)
                    && strcmp(pserv_status_role(st), role) == 0)
                    h->status = st;
            }
            h->people = apr_array_make(x->p, 2, sizeof(pserv_candidate));
        }
        if (!pserv_col(x, row, 1) || !*pserv_col(x, row, 1))
            continue; /* nobody active holds it (NULL may come as "") */
        c = apr_array_push(h->people);
        memset(c, 0, sizeof *c);
        c->account = apr_atoi64(pserv_col(x, row, 1));
        c->full_name = pserv_col(x, row, 2);
        c->nopek = pserv_col(x, row, 3);
        c->email = pserv_col(x, row, 4);
        c->via = "holder";
    }
    return all;
}

const char *pserv_role_holders_names(apr_pool_t *p, const pserv_role_holders *h)
{
    const char *names = "";
    int i;

    for (i = 0; i < h->people->nelts; i++)
        names = apr_pstrcat(
            p, names, i ? ", " : "",
            APR_ARRAY_IDX(h->people, i, pserv_candidate).full_name, NULL);
    return names;
}

/* 1 when the candidates of cands nothing bars are all one person (then
 * *who is that person), 0 when none or several. */
static int pserv_only_one(const apr_array_header_t *cands, pserv_person *who)
{
    int i, found = 0;

    for (i = 0; i < cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(cands, i, pserv_candidate);
        pserv_person me = { c->account, c->nopek, c->email };
        if (c->why != PSERV_ACT_OK)
            continue;
        if (found && !pserv_same_person(who, &me))
            return 0;
        if (!found)
            *who = me;
        found = 1;
    }
    return found;
}

/* Prevention (issue 17 section 2): the first stage after w's where nobody
 * will be able to act, or NULL; *why its words (as Tiket Tertahan will
 * say them). The rule, kept simple and on today's roles: before a stage,
 * its deciders must include w's deciders so far and, for w's stage and
 * each later stage that only one person may decide, that person (the
 * Atasan, at submit). A later stage's possible deciders are its role's
 * active holders that separation of duties (core's pserv_barred: not the
 * requester, not one who decided another stage) leaves; none: the ticket
 * will stop there. Delegations and Alihkan Persetujuan are not counted:
 * they run for a time, or are made once a ticket has stopped. */
static const char *pserv_ahead_stop(const pserv_actx *x, const pserv_waiting *w,
                                    const apr_array_header_t *roles,
                                    const char *why[PSERV_LANG_COUNT])
{
    apr_array_header_t *dec = apr_array_copy(x->p, w->deciders);
    apr_array_header_t *at = apr_array_copy(x->p, w->decided_at);
    const char *status;
    pserv_person one;
    int i, k;

    if (pserv_only_one(w->cands, &one)) {
        *(pserv_person *)apr_array_push(dec) = one;
        *(const char **)apr_array_push(at) = w->status;
    }
    for (status = pserv_status_next(w->status); pserv_status_role(status);
         status = pserv_status_next(status)) {
        apr_array_header_t *people = NULL;
        const char *decided = NULL;
        int last = PSERV_ACT_OK;
        pserv_ticket_facts f = { status,
                                 w->atasan_nopek,
                                 w->nopek,
                                 w->email,
                                 (const pserv_person *)dec->elts,
                                 dec->nelts,
                                 (const char *const *)at->elts };

        for (i = 0; i < roles->nelts; i++)
            if (strcmp(APR_ARRAY_IDX(roles, i, pserv_role_holders).role,
                       pserv_status_role(status))
                == 0)
                people = apr_array_copy(
                    x->p, APR_ARRAY_IDX(roles, i, pserv_role_holders).people);
        if (!people)
            people = apr_array_make(x->p, 1, sizeof(pserv_candidate));
        for (i = 0; i < people->nelts; i++) {
            pserv_candidate *c = &APR_ARRAY_IDX(people, i, pserv_candidate);
            pserv_actor who = { c->nopek, NULL, c->email, c->account };
            pserv_person me = { c->account, c->nopek, c->email };
            if ((c->why = pserv_barred(&who, &f)) == PSERV_ACT_OK)
                continue;
            last = c->why;
            for (k = 0; last == PSERV_ACT_TWICE && k < dec->nelts; k++)
                if (pserv_same_person(&me,
                                      &APR_ARRAY_IDX(dec, k, pserv_person)))
                    decided = APR_ARRAY_IDX(at, k, const char *);
        }
        if (!pserv_only_one(people, &one)) {
            for (i = 0; i < people->nelts; i++)
                if (APR_ARRAY_IDX(people, i, pserv_candidate).why
                    == PSERV_ACT_OK)
                    break;
            if (i < people->nelts)
                continue; /* several may decide it */
            for (i = 0; i < PSERV_LANG_COUNT; i++)
                why[i] = pserv_stuck_reason(x->p, status, w->atasan_nopek,
                                            people->nelts, last, decided, i);
            return status;
        }
        *(pserv_person *)apr_array_push(dec) = one;
        *(const char **)apr_array_push(at) = status;
    }
    return NULL;
}

/* At submit: when a later stage of w will have nobody who may act, one
 * mail to the Administrators ("akan tertahan di tahap ..."). */
static int pserv_ahead_check(const pserv_actx *x, const pserv_waiting *w)
{
    apr_array_header_t *roles = pserv_role_holders_load(x);
    const char *why[PSERV_LANG_COUNT] = { NULL }, *stop;
    int n;

    if (!roles)
        return APR_EGENERAL;
    if (!(stop = pserv_ahead_stop(x, w, roles, why)))
        return 0;
    n = pserv_admins_mail(x, w, stop, why);
    if (n < 0)
        return APR_EGENERAL;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, x->s,
                 "pserv[ACT02]: %s will stop at %s (%s): %d Administrators "
                 "told at submit",
                 w->nomor, stop, why[0], n);
    return 0;
}

/* "Permohonan User ID berikut [telah disetujui pada tahap S oleh X dan
 * kini ]", in lang. */
static const char *pserv_arrived_lead(const pserv_actx *x,
                                      const pserv_approved *by, int lang)
{
    if (!by)
        return pserv_msg(lang, "mail.stage.lead");
    return pserv_msgf(x->p, lang, "mail.stage.lead.approved", "%s%s",
                      pserv_stage_label(by->stage),
                      by->for_name
                          ? pserv_msgf(x->p, lang, "mail.stage.on_behalf",
                                       "%s%s", by->name, by->for_name)
                          : by->name);
}

/* pserv_stage_arrived, and with ahead the look at the stages after. */
static int pserv_arrived(const pserv_actx *x, apr_int64_t id,
                         const pserv_approved *by, int holders_mailed,
                         int ahead)
{
    apr_array_header_t *all = pserv_waiting_load(x, id);
    const pserv_waiting *w;
    const char *link, *stage, *mailed = " ";
    int i;

    if (!all)
        return APR_EGENERAL;
    if (all->nelts < 1)
        return 0; /* it no longer waits (completed, rejected) */
    w = &APR_ARRAY_IDX(all, 0, pserv_waiting);
    link = apr_psprintf(x->p, "%s/requests/%" APR_INT64_T_FMT, x->base, w->id);
    stage = pserv_stage_label(w->status);
    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        const char *key, *links;
        int lang;
        if (c->why != PSERV_ACT_OK || !c->email || !*c->email
            || (holders_mailed && strcmp(c->via, "holder") == 0)
            || c->digest_only) /* the daily digest only (digest.c) */
            continue;
        /* one mail per address, whatever number of accounts share it */
        key = apr_pstrcat(x->p, " ", c->email, " ", NULL);
        if (ap_strcasestr(mailed, key))
            continue;
        mailed = apr_pstrcat(x->p, mailed, c->email, " ", NULL);
        lang = pserv_waiting_lang(x, w, c->email);
        /* Setujui, Tolak, Kembalikan untuk Revisi: this person's own
         * links ("" at the Executor's stage: the User ID must be typed) */
        if (!(links = pserv_maildecide_links(x, w->id, w->status, c->account,
                                             lang)))
            return APR_EGENERAL;
        if (pserv_mail_queue_on(
                x->dbd, x->p, x->s, w->id, c->email,
                pserv_msgf(x->p, lang, "mail.stage.subject", "%s%s", w->nomor,
                           stage),
                pserv_mail_signed(
                    x->p,
                    pserv_msgf(x->p, lang, "mail.stage.body", "%s%s%s%s%s%s%s",
                               c->full_name, pserv_arrived_lead(x, by, lang),
                               pserv_candidate_as_in(x->p, c, stage, lang),
                               pserv_waiting_facts(x, w, lang), links,
                               pserv_mail_cta(lang, w->status), link)),
                x->now)
            != 0)
            return APR_EGENERAL;
    }
    if (pserv_stuck_mark(x, w) < 0)
        return APR_EGENERAL;
    /* stuck now: the Administrators were told that already */
    return ahead && !w->stuck ? pserv_ahead_check(x, w) : 0;
}

int pserv_stage_arrived(const pserv_actx *x, apr_int64_t id,
                        const pserv_approved *by, int holders_mailed)
{
    return pserv_arrived(x, id, by, holders_mailed, 0);
}

int pserv_submit_arrived(const pserv_actx *x, apr_int64_t id)
{
    return pserv_arrived(x, id, NULL, 1, 1);
}
