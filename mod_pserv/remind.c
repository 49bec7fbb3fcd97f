/*
 * remind.c: reminders and escalation for tickets that wait too long, and
 * the periodic look for tickets nobody may act on.
 *
 * The mail worker (mail_worker.c) sweeps before each look at the outbox.
 * A stage starts when the ticket reaches it (requests.updated_at):
 *
 *   after PservRemindAfter hours, and again every PservRemindAfter hours,
 *     everyone who may act on it now is reminded (actors.c: the stage's
 *     holders, their delegates "atas nama", the stage's assignee; not
 *     those separation of duties bars);
 *   after PservEscalateAfter hours, once, every ICT Manager is told (every
 *     Administrator when the ICT Manager's own stage is the one waiting,
 *     or when nobody may act on the ticket: only they can route it).
 *
 * Each ticket is one transaction: stage_reminders is marked first, by a
 * conditional upsert that locks the ticket's row for the stage, and the
 * mails are queued only when the mark took. Two workers (two Apaches on
 * one database) therefore never send one reminder twice, and a reminder
 * is never lost to a crash: it is in the outbox, or not marked.
 *
 * The stuck sweep runs actors.c's check over every waiting ticket: what
 * changes without a request (a delegation starting or ending, accounts or
 * roles changed outside P-Serv) sets or clears the stuck mark; the
 * Administrators are mailed once per episode. A ticket's own changes are
 * judged in their request, so the sweep only runs when the people's data
 * version or the day moved since the last sweep anyone finished
 * (migration 027), at most every PSERV_STUCK_EVERY seconds (every look
 * under PservTestHooks), and by one node at a time.
 */
#include "mail.h"
#include "actors.h"
#include "maildecide.h"

#include "apr_strings.h"

#define PSERV_REMIND_MOST "20" /* tickets a sweep */
#define PSERV_STUCK_EVERY 300  /* seconds between two stuck sweeps */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* Reminders (remind.c). now, remind after (h), escalate after (h),
 * most -> the tickets waiting past either, oldest stage first: id,
 * nomor, status, name, kind, unit, platforms, hours waited, remind due,
 * escalation due. */
PSERV_SQL(
    remind_due, 4,
    "SELECT id, nomor, status, full_name, kind, unit_name, platforms,"
    " waited, remind, escalate FROM ("
    " SELECT r.id, r.nomor, r.status, r.full_name, r.kind,"
    " u.name AS unit_name, r.updated_at,"
    " (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order, p.name)"
    "  FROM request_platforms rp JOIN platforms p"
    "  ON p.code = rp.platform_code WHERE rp.request_id = r.id)"
    " AS platforms,"
    " floor(extract(epoch FROM a.now - r.updated_at) / 3600)::int"
    " AS waited,"
    " (a.ra > 0 AND r.updated_at <= a.now - a.ra * interval '1 hour'"
    "  AND (s.last_at IS NULL"
    "  OR s.last_at <= a.now - a.ra * interval '1 hour')) AS remind,"
    " (a.ea > 0 AND r.updated_at <= a.now - a.ea * interval '1 hour'"
    "  AND s.escalated_at IS NULL) AS escalate"
    " FROM (SELECT %s::timestamptz AS now, %s::int AS ra, %s::int AS ea) a"
    " JOIN requests r"
    " ON r.status IN ('atasan', 'verificator', 'manager', 'executor')"
    " AND r.updated_at <= a.now - least(nullif(a.ra, 0), nullif(a.ea, 0))"
    " * interval '1 hour'"
    " JOIN units u ON u.code = r.unit_code"
    " LEFT JOIN stage_reminders s"
    " ON s.request_id = r.id AND s.stage = r.status) d"
    " WHERE remind OR escalate ORDER BY updated_at, id LIMIT %s::int");
/* now, request id, stage, remind after (h) -> the stage's reminder
 * count, when the ticket still waits there and none was sent within
 * the last remind-after hours (checked on the locked row: two workers
 * never both remind) */
PSERV_SQL(remind_mark, 4,
          "INSERT INTO stage_reminders AS s (request_id, stage, reminders,"
          " last_at) SELECT r.id, r.status, 1, %s::timestamptz FROM requests r"
          " WHERE r.id = %s::bigint AND r.status = %s"
          " ON CONFLICT (request_id, stage) DO UPDATE"
          " SET reminders = s.reminders + 1, last_at = EXCLUDED.last_at"
          " WHERE s.last_at IS NULL"
          " OR s.last_at <= EXCLUDED.last_at - %s::int * interval '1 hour'"
          " RETURNING s.reminders");
/* now, request id, stage -> a row when this stage was not escalated */
PSERV_SQL(escalate_mark, 3,
          "INSERT INTO stage_reminders AS s (request_id, stage, escalated_at)"
          " SELECT r.id, r.status, %s::timestamptz FROM requests r"
          " WHERE r.id = %s::bigint AND r.status = %s"
          " ON CONFLICT (request_id, stage) DO UPDATE"
          " SET escalated_at = EXCLUDED.escalated_at"
          " WHERE s.escalated_at IS NULL RETURNING 1");

/* The stuck sweep's turn (migration 027), in the sweep's transaction:
 * no row while another process sweeps; else whether the people's data or
 * the day moved since the last sweep, and both as they are now. */
PSERV_SQL(stuck_turn, 0,
          "SELECT s.people IS DISTINCT FROM v.v OR s.day IS DISTINCT FROM"
          " d.day, v.v, d.day"
          " FROM pserv_sweep s,"
          " (SELECT v FROM pserv_data_version WHERE scope = 'people') v,"
          " (SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date AS day) d"
          " WHERE s.name = 'stuck' FOR UPDATE OF s SKIP LOCKED");
/* people version, day: what this sweep looked at */
PSERV_SQL(stuck_done, 2,
          "UPDATE pserv_sweep SET people = %s::bigint, day = %s::date,"
          " done_at = now() WHERE name = 'stuck'");

const pserv_stmt *const pserv_sql_table_remind[] = {
    &pserv_sql_stuck_turn,  &pserv_sql_stuck_done,    &pserv_sql_remind_due,
    &pserv_sql_remind_mark, &pserv_sql_escalate_mark, NULL,
};

typedef struct {
    ap_dbd_t *dbd;
    apr_pool_t *p;
    server_rec *s;
    const char *base_url;
    apr_int64_t id;
    const char *nomor, *status;
    pserv_mail_ticket about; /* for the facts */
    int hours;               /* waited at the stage */
    const char *waited;      /* the same in words, for the log */
} pserv_remind_ticket;

/* Row n (from 1) of res, or NULL past its end. */
static apr_dbd_row_t *pserv_remind_row(ap_dbd_t *dbd, apr_pool_t *p,
                                       apr_dbd_results_t *res, int n)
{
    apr_dbd_row_t *row = NULL;

    return apr_dbd_get_row(dbd->driver, p, res, &row, n) == 0 ? row : NULL;
}

/* How long t waited, in words of lang: "3 hari", "5 jam". */
static const char *pserv_remind_waited(const pserv_remind_ticket *t, int lang)
{
    return t->hours >= 48
               ? pserv_msgf(t->p, lang, "mail.remind.days", "%d", t->hours / 24)
               : pserv_msgf(t->p, lang, "mail.remind.hours", "%d", t->hours);
}

/* "Yth. <name>,\n\n<lead>\n\n<facts>\n[<links>]<link>" to one person
 * in lang (links: maildecide.c's Setujui, Tolak, ... or ""). */
static int pserv_remind_mail(const pserv_remind_ticket *t, const char *to,
                             int lang, const char *name, const char *subject,
                             const char *lead, const char *links)
{
    const char *link =
        t->base_url
            ? pserv_msgf(t->p, lang, "mail.remind.link", "%s%s", t->base_url,
                         apr_psprintf(t->p, "%" APR_INT64_T_FMT, t->id))
            : "";

    return pserv_mail_queue_on(
        t->dbd, t->p, t->s, t->id, to, subject,
        pserv_mail_signed(t->p,
                          pserv_msgf(t->p, lang, "mail.remind.body",
                                     "%s%s%s%s%s%s", name, lead,
                                     pserv_mail_facts(t->p, lang, &t->about),
                                     *links ? "\n" : "", links, link)),
        "now");
}

/* The escalation of w to every holder of role, each in their language;
 * the number queued, -1 on error. */
static int pserv_remind_role(const pserv_remind_ticket *t, const char *role,
                             const pserv_waiting *w)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *stage = pserv_stage_label(t->status);
    int n;

    if (pserv_mail_role_emails_on(t->dbd, t->p, t->s, role, &res) != 0)
        return -1;
    for (n = 0; (row = pserv_remind_row(t->dbd, t->p, res, n + 1)); n++) {
        const char *to = apr_dbd_get_entry(t->dbd->driver, row, 0);
        int lang = pserv_mail_lang_on(t->dbd, t->p, t->s, to, t->id);
        const char *waited = pserv_remind_waited(t, lang);
        const char *lead =
            w->stuck
                ? pserv_msgf(t->p, lang, "mail.escalate.stuck", "%s%s%s%s",
                             waited, stage, pserv_waiting_stuck(t->p, w, lang),
                             t->base_url ? t->base_url : "")
                : pserv_msgf(t->p, lang, "mail.escalate.lead", "%s%s", waited,
                             stage);
        if (pserv_remind_mail(t, to, lang,
                              apr_dbd_get_entry(t->dbd->driver, row, 1),
                              pserv_msgf(t->p, lang, "mail.escalate.subject",
                                         "%s%s", t->nomor, stage),
                              lead, "")
            != 0)
            return -1;
    }
    return n;
}

/* Mark, then queue to everyone who may act on w now, once per address:
 * 1 sent (to nobody when nobody may act: the escalation goes to the
 * Administrators), 0 not due (any more), -1 on error. */
static int pserv_remind_stage(const pserv_remind_ticket *t,
                              const pserv_waiting *w, int hours)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *stage = pserv_stage_label(t->status);
    const char *links, *mailed = " ";
    pserv_actx x = { t->dbd, t->p, t->s, "now",
                     t->base_url ? t->base_url : "" };
    int i, lang, n = 0;

    if (pserv_db_select_on(t->dbd, t->p, t->s, remind_mark, &res, "now",
                           apr_psprintf(t->p, "%" APR_INT64_T_FMT, t->id),
                           t->status, apr_itoa(t->p, hours))
        != 0)
        return -1;
    if (!(row = pserv_remind_row(t->dbd, t->p, res, 1)))
        return 0;
    for (i = 0; i < w->cands->nelts; i++) {
        const pserv_candidate *c = &APR_ARRAY_IDX(w->cands, i, pserv_candidate);
        if (c->why != PSERV_ACT_OK || !c->email || !*c->email
            || c->digest_only /* the daily digest only (digest.c) */
            || ap_strcasestr(mailed,
                             apr_pstrcat(t->p, " ", c->email, " ", NULL)))
            continue;
        mailed = apr_pstrcat(t->p, mailed, c->email, " ", NULL);
        lang = pserv_mail_lang_on(t->dbd, t->p, t->s, c->email, t->id);
        /* this person's own decision links, as in the stage's mail */
        if (!(links = pserv_maildecide_links(&x, t->id, t->status, c->account,
                                             lang)))
            return -1;
        if (pserv_remind_mail(
                t, c->email, lang, c->full_name,
                pserv_msgf(t->p, lang, "mail.remind.subject", "%s%s", t->nomor,
                           stage),
                pserv_msgf(t->p, lang, "mail.remind.lead", "%s%s",
                           pserv_remind_waited(t, lang),
                           pserv_candidate_as_in(t->p, c, stage, lang)),
                links)
            != 0)
            return -1;
        n++;
    }
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, t->s,
                 "pserv[REM01]: %s has waited %s at %s: reminder %s to %d",
                 t->nomor, t->waited, t->status,
                 apr_dbd_get_entry(t->dbd->driver, row, 0), n);
    return 1;
}

/* Once per stage: the ICT Managers; the Administrators at the ICT
 * Manager's own stage, and whenever nobody may act on w (w->stuck): only
 * they can route it (Alihkan Persetujuan). */
static int pserv_escalate_stage(const pserv_remind_ticket *t,
                                const pserv_waiting *w)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *role =
        w->stuck || strcmp(t->status, "manager") == 0 ? "admin" : "ict_manager";
    int n;

    if (pserv_db_select_on(t->dbd, t->p, t->s, escalate_mark, &res, "now",
                           apr_psprintf(t->p, "%" APR_INT64_T_FMT, t->id),
                           t->status)
        != 0)
        return -1;
    if (!(row = pserv_remind_row(t->dbd, t->p, res, 1)))
        return 0;
    n = pserv_remind_role(t, role, w);
    if (n == 0 && strcmp(role, "admin") == 0) {
        /* No Administrator has an address: the ICT Managers, then. */
        role = "ict_manager";
        n = pserv_remind_role(t, role, w);
    }
    if (n < 0)
        return -1;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, t->s,
                 "pserv[REM02]: %s has waited %s at %s: escalated to %d "
                 "holders of %s%s",
                 t->nomor, t->waited, t->status, n, role,
                 w->stuck ? " (nobody may act on it)" : "");
    return 1;
}

void pserv_stuck_sweep(ap_dbd_t *dbd, apr_pool_t *pool, server_rec *s,
                       const char *base_url)
{
    static apr_time_t last; /* the mail worker's thread alone calls this */
    pserv_actx x;
    apr_pool_t *p;
    apr_dbd_results_t *turn = NULL;
    apr_dbd_row_t *row = NULL;
    const char *due, *people, *day;

    if (!pserv_look_due(&last, s, PSERV_STUCK_EVERY))
        return;
    apr_pool_create(&p, pool);
    x.dbd = dbd;
    x.p = p;
    x.s = s;
    x.now = "now";
    x.base = base_url ? base_url : "";
    if (pserv_db_exec(dbd, "BEGIN") != 0) {
        apr_pool_destroy(p);
        return;
    }
    if (pserv_db_select_on(dbd, p, s, stuck_turn, &turn) != 0
        || apr_dbd_num_tuples(dbd->driver, turn) < 1
        || apr_dbd_get_row(dbd->driver, p, turn, &row, 1) != 0
        || !(due = apr_dbd_get_entry(dbd->driver, row, 0))) {
        /* another process sweeps (or the look failed: logged) */
        pserv_db_exec(dbd, "ROLLBACK");
        apr_pool_destroy(p);
        return;
    }
    people = apr_pstrdup(p, apr_dbd_get_entry(dbd->driver, row, 1));
    day = apr_pstrdup(p, apr_dbd_get_entry(dbd->driver, row, 2));
    if (*due != 't')
        pserv_db_exec(dbd, "COMMIT"); /* nothing it looks at moved */
    else if (pserv_stuck_check(&x, 0) < 0
             || pserv_db_query_on(dbd, p, s, stuck_done, NULL, people, day)
                    != 0) {
        pserv_db_exec(dbd, "ROLLBACK");
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[REM04]: the look for stuck tickets failed; "
                     "retried at the next sweep");
        last = 0;
    }
    else
        pserv_db_exec(dbd, "COMMIT");
    apr_pool_destroy(p);
}

void pserv_remind_sweep(ap_dbd_t *dbd, apr_pool_t *pool, server_rec *s,
                        const pserv_srv_conf *c, const char *base_url)
{
    apr_dbd_results_t *due = NULL;
    apr_dbd_row_t *row;
    apr_pool_t *p;
    int k;

    if (!c->remind_after && !c->escalate_after)
        return;
    if (pserv_db_select_on(dbd, pool, s, remind_due, &due, "now",
                           apr_itoa(pool, c->remind_after),
                           apr_itoa(pool, c->escalate_after), PSERV_REMIND_MOST)
        != 0)
        return;
    apr_pool_create(&p, pool);
    for (k = 1; (row = pserv_remind_row(dbd, pool, due, k)); k++) {
        pserv_remind_ticket t;
        pserv_actx x;
        apr_array_header_t *all;
        const pserv_waiting *w;
        const char *col[10];
        int i, rv = 0;

        for (i = 0; i < 10; i++)
            col[i] = apr_dbd_get_entry(dbd->driver, row, i);
        apr_pool_clear(p);
        t.dbd = dbd;
        t.p = p;
        t.s = s;
        t.base_url = base_url;
        t.id = apr_atoi64(col[0]);
        t.nomor = apr_pstrdup(p, col[1]);
        t.status = apr_pstrdup(p, col[2]);
        t.about.nomor = t.nomor;
        t.about.full_name = apr_pstrdup(p, col[3]);
        t.about.kind = apr_pstrdup(p, col[4]);
        t.about.unit_name = apr_pstrdup(p, col[5]);
        t.about.platforms = col[6] ? apr_pstrdup(p, col[6]) : NULL;
        t.about.status = t.status;
        t.hours = atoi(col[7]);
        t.waited = pserv_remind_waited(&t, 0);
        x.dbd = dbd;
        x.p = p;
        x.s = s;
        x.now = "now";
        x.base = base_url ? base_url : "";
        if (pserv_db_exec(dbd, "BEGIN") != 0)
            break;
        /* Who may act on it now; none when it moved on meanwhile. */
        if (!(all = pserv_waiting_load(&x, t.id)))
            rv = -1;
        else if (all->nelts == 1
                 && strcmp((w = &APR_ARRAY_IDX(all, 0, pserv_waiting))->status,
                           t.status)
                        == 0) {
            if (*col[8] == 't')
                rv = pserv_remind_stage(&t, w, c->remind_after);
            if (rv >= 0 && *col[9] == 't')
                rv = pserv_escalate_stage(&t, w);
        }
        if (rv < 0) {
            pserv_db_exec(dbd, "ROLLBACK");
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[REM03]: the reminder for %s failed; "
                         "retried at the next look",
                         t.nomor);
            break;
        }
        if (pserv_db_exec(dbd, "COMMIT") != 0)
            break;
    }
    apr_pool_destroy(p);
}
