/*
 * retain.c: the retention rules of issue 23 (UU No. 27/2022; retain.h,
 * docs/PRIVACY.md "Retention"), each a number of days set by a directive
 * (0: kept for ever):
 *
 *   PservRetainAttachments  the attachments of a completed ticket, N days
 *                           after its completion (its last change); the
 *                           ticket keeps requests.attachments_purged_at
 *                           and its page says so
 *   PservRetainRejected     a rejected or cancelled ticket is anonymised
 *                           N days after its last change
 *                           (pserv_anonymise_request of migration 023)
 *   PservRetainDrafts       an unsent draft and its files, N days after
 *                           the form was opened
 *   PservRetainMail         a delivered mail (its body holds links) N days
 *                           after delivery; a failed one N days after its
 *                           last attempt
 *
 * and always, by the real clock: expired sessions, expired set-password
 * and form tokens, expired decision links, second-factor states older
 * than an hour and wrong codes older than a day (rate counters and failed
 * logins: ratelimit.c's sweep).
 *
 * Each statement takes at most PSERV_RETAIN_BATCH rows with FOR UPDATE
 * SKIP LOCKED and is its own transaction: no lock is held for long, and
 * two looks at once (two Apache nodes on one database, or the worker and
 * a test hook) take each row once; a row is counted by the look whose
 * statement deleted or changed it (RETURNING), so the counts of two
 * looks add up to the rows purged.
 */
#include "retain.h"

#include "apr_strings.h"

#define PSERV_RETAIN_BATCH  "200" /* rows a statement */
#define PSERV_RETAIN_ROUNDS 50    /* statements a rule a look */
#define PSERV_RETAIN_EVERY  60    /* seconds between two worker looks */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* now, days, most -> completed tickets whose attachments went, files */
PSERV_SQL(retain_attach, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::int AS days,"
          "  %s::int AS most),"
          " c AS (SELECT r.id FROM requests r, arg"
          "  WHERE r.status = 'completed' AND r.attachments_purged_at IS NULL"
          "  AND r.updated_at <= arg.now - arg.days * interval '1 day'"
          "  AND EXISTS (SELECT 1 FROM attachments f WHERE f.request_id = r.id)"
          "  ORDER BY r.id LIMIT (SELECT most FROM arg)"
          "  FOR UPDATE OF r SKIP LOCKED),"
          " u AS (UPDATE requests r SET attachments_purged_at = arg.now"
          "  FROM arg, c WHERE r.id = c.id RETURNING r.id),"
          " d AS (DELETE FROM attachments f USING u"
          "  WHERE f.request_id = u.id RETURNING f.id)"
          " SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM d)");
/* now, days, most -> rejected and cancelled tickets anonymised, 0 */
PSERV_SQL(retain_rejected, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::int AS days,"
          "  %s::int AS most),"
          " c AS (SELECT r.id FROM requests r, arg"
          "  WHERE r.status IN ('rejected', 'cancelled')"
          "  AND r.anonymised_at IS NULL"
          "  AND r.updated_at <= arg.now - arg.days * interval '1 day'"
          "  ORDER BY r.id LIMIT (SELECT most FROM arg)"
          "  FOR UPDATE OF r SKIP LOCKED)"
          " SELECT count(*), 0 FROM c, arg"
          " WHERE pserv_anonymise_request(c.id, arg.now)");
/* now, days, most -> drafts deleted, their files */
PSERV_SQL(retain_drafts, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::int AS days,"
          "  %s::int AS most),"
          " c AS (SELECT d.token_hash FROM request_drafts d, arg"
          "  WHERE d.created_at <= arg.now - arg.days * interval '1 day'"
          "  ORDER BY d.created_at LIMIT (SELECT most FROM arg)"
          "  FOR UPDATE OF d SKIP LOCKED),"
          " g AS (DELETE FROM request_drafts d USING c"
          "  WHERE d.token_hash = c.token_hash RETURNING d.files)"
          " SELECT count(*), coalesce(sum(files), 0) FROM g");
/* now, days, most -> delivered mails deleted, failed ones */
PSERV_SQL(retain_mail, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::int AS days,"
          "  %s::int AS most),"
          " c AS (SELECT m.id FROM mail_outbox m, arg"
          "  WHERE (m.status = 'sent'"
          "   AND m.sent_at <= arg.now - arg.days * interval '1 day')"
          "  OR (m.status = 'failed' AND greatest(m.created_at,"
          "   m.next_attempt_at) <= arg.now - arg.days * interval '1 day')"
          "  ORDER BY m.id LIMIT (SELECT most FROM arg)"
          "  FOR UPDATE OF m SKIP LOCKED),"
          " g AS (DELETE FROM mail_outbox m USING c WHERE m.id = c.id"
          "  RETURNING m.status)"
          " SELECT count(*) FILTER (WHERE status = 'sent'),"
          " count(*) FILTER (WHERE status = 'failed') FROM g");
/* now, max age (s), idle (s), most -> expired sessions deleted, 0; the
 * earlier of now and the real clock (as session.c's sweep), so a test
 * moving its own clock ends nobody else's session */
PSERV_SQL(retain_sessions, 4,
          "WITH arg AS (SELECT least(%s::timestamptz, now()) AS now,"
          "  make_interval(secs => %s::int) AS max_age,"
          "  make_interval(secs => %s::int) AS idle, %s::int AS most),"
          " c AS (SELECT s.token_hash FROM sessions s, arg"
          "  WHERE s.created_at < arg.now - arg.max_age"
          "  OR s.last_seen_at < arg.now - arg.idle"
          "  LIMIT (SELECT most FROM arg) FOR UPDATE OF s SKIP LOCKED),"
          " g AS (DELETE FROM sessions s USING c"
          "  WHERE s.token_hash = c.token_hash RETURNING 1)"
          " SELECT count(*), 0 FROM g");
/* now, most -> expired one-time tokens deleted, expired decision links */
PSERV_SQL(retain_tokens, 2,
          "WITH arg AS (SELECT least(%s::timestamptz, now()) AS now,"
          "  %s::int AS most),"
          " t AS (SELECT o.token_hash FROM one_time_tokens o, arg"
          "  WHERE o.expires_at < arg.now"
          "  LIMIT (SELECT most FROM arg) FOR UPDATE OF o SKIP LOCKED),"
          " l AS (SELECT k.token_hash FROM decide_links k, arg"
          "  WHERE k.expires_at < arg.now"
          "  LIMIT (SELECT most FROM arg) FOR UPDATE OF k SKIP LOCKED),"
          " dt AS (DELETE FROM one_time_tokens o USING t"
          "  WHERE o.token_hash = t.token_hash RETURNING 1),"
          " dl AS (DELETE FROM decide_links k USING l"
          "  WHERE k.token_hash = l.token_hash RETURNING 1)"
          " SELECT (SELECT count(*) FROM dt), (SELECT count(*) FROM dl)");
/* now, most -> second-factor states older than an hour and wrong codes
 * older than a day deleted (together), 0 */
PSERV_SQL(retain_mfa, 2,
          "WITH arg AS (SELECT least(%s::timestamptz, now()) AS now,"
          "  %s::int AS most),"
          " p AS (SELECT m.token_hash FROM mfa_pending m, arg"
          "  WHERE m.created_at < arg.now - interval '1 hour'"
          "  LIMIT (SELECT most FROM arg) FOR UPDATE OF m SKIP LOCKED),"
          " f AS (SELECT m.id FROM mfa_failures m, arg"
          "  WHERE m.at < arg.now - interval '1 day'"
          "  LIMIT (SELECT most FROM arg) FOR UPDATE OF m SKIP LOCKED),"
          " dp AS (DELETE FROM mfa_pending m USING p"
          "  WHERE m.token_hash = p.token_hash RETURNING 1),"
          " df AS (DELETE FROM mfa_failures m USING f WHERE m.id = f.id"
          "  RETURNING 1)"
          " SELECT (SELECT count(*) FROM dp) + (SELECT count(*) FROM df), 0");

const pserv_stmt *const pserv_sql_table_retain[] = {
    &pserv_sql_retain_attach,   &pserv_sql_retain_rejected,
    &pserv_sql_retain_drafts,   &pserv_sql_retain_mail,
    &pserv_sql_retain_sessions, &pserv_sql_retain_tokens,
    &pserv_sql_retain_mfa,      NULL,
};

/* Run one rule's statement in batches until a batch comes back short:
 * *a and *b add its two counts. 0, or -1 when a statement failed. */
static int pserv_retain_rule(ap_dbd_t *dbd, apr_pool_t *pool, server_rec *s,
                             const pserv_stmt *st, int argc,
                             const char *const *argv, int *a, int *b)
{
    int round, most = atoi(PSERV_RETAIN_BATCH);

    for (round = 0; round < PSERV_RETAIN_ROUNDS; round++) {
        apr_dbd_results_t *res = NULL;
        apr_dbd_row_t *row = NULL;
        apr_pool_t *p;
        int got, gotb, more;

        apr_pool_create(&p, pool);
        if (pserv_db_select_onv(dbd, p, s, &res, st, argc, argv) != 0
            || apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0) {
            apr_pool_destroy(p);
            return -1;
        }
        got = atoi(apr_dbd_get_entry(dbd->driver, row, 0));
        *a += got;
        gotb = atoi(apr_dbd_get_entry(dbd->driver, row, 1));
        *b += gotb;
        /* read to the end: apr_dbd_pgsql frees the result there */
        while (apr_dbd_get_row(dbd->driver, p, res, &row, -1) == 0)
            ;
        more = got >= most || gotb >= most;
        apr_pool_destroy(p);
        if (!more)
            break;
    }
    return 0;
}

#define PSERV_RETAIN_RUN(name, a, b, ...)                                      \
    pserv_retain_rule(dbd, p, s, PSERV_SQL_CALL(name, __VA_ARGS__), (a), (b))

/* The line of one rule, when it purged something. */
static void pserv_retain_log(server_rec *s, const char *rule, const char *now,
                             int days, int a, const char *what_a, int b,
                             const char *what_b)
{
    if (!a && !b)
        return;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                 "pserv[RET01]: retention rule=%s days=%d at=%s %s=%d %s=%d",
                 rule, days, now, what_a, a, what_b, b);
}

int pserv_retain_look(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                      const pserv_srv_conf *c, const char *now,
                      pserv_retain_counts *n)
{
    pserv_dir_conf d = *(const pserv_dir_conf *)ap_get_module_config(
        s->lookup_defaults, &pserv_module);
    const char *most = PSERV_RETAIN_BATCH;
    int bad = 0, zero = 0;

    memset(n, 0, sizeof *n);
    pserv_dir_conf_defaults(&d);
    if (c->retain_attachments > 0) {
        bad |= PSERV_RETAIN_RUN(retain_attach, &n->attach_tickets,
                                &n->attach_files, now,
                                apr_itoa(p, c->retain_attachments), most);
        pserv_retain_log(s, "attachments", now, c->retain_attachments,
                         n->attach_tickets, "tickets", n->attach_files,
                         "files");
    }
    if (c->retain_rejected > 0) {
        bad |= PSERV_RETAIN_RUN(retain_rejected, &n->anonymised, &zero, now,
                                apr_itoa(p, c->retain_rejected), most);
        pserv_retain_log(s, "rejected", now, c->retain_rejected, n->anonymised,
                         "anonymised", 0, "kept");
    }
    if (c->retain_drafts > 0) {
        bad |= PSERV_RETAIN_RUN(retain_drafts, &n->drafts, &n->draft_files, now,
                                apr_itoa(p, c->retain_drafts), most);
        pserv_retain_log(s, "drafts", now, c->retain_drafts, n->drafts,
                         "drafts", n->draft_files, "files");
    }
    if (c->retain_mail > 0) {
        bad |= PSERV_RETAIN_RUN(retain_mail, &n->mail_sent, &n->mail_failed,
                                now, apr_itoa(p, c->retain_mail), most);
        pserv_retain_log(s, "mail", now, c->retain_mail, n->mail_sent, "sent",
                         n->mail_failed, "failed");
    }
    bad |= PSERV_RETAIN_RUN(
        retain_sessions, &n->sessions, &zero, now,
        apr_psprintf(p, "%" APR_TIME_T_FMT, apr_time_sec(d.session_max)),
        apr_psprintf(p, "%" APR_TIME_T_FMT, apr_time_sec(d.session_idle)),
        most);
    bad |= PSERV_RETAIN_RUN(retain_tokens, &n->tokens, &n->links, now, most);
    bad |= PSERV_RETAIN_RUN(retain_mfa, &n->mfa, &zero, now, most);
    pserv_retain_log(s, "sessions", now, 0, n->sessions, "sessions", n->mfa,
                     "mfa");
    pserv_retain_log(s, "tokens", now, 0, n->tokens, "tokens", n->links,
                     "links");
    if (bad) {
        n->failed = 1;
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[RET02]: a retention statement failed; what it "
                     "did not purge waits for the next look");
        return -1;
    }
    return 0;
}

void pserv_retain_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        const pserv_srv_conf *c)
{
    static apr_time_t last; /* the mail worker's thread alone calls this */
    pserv_retain_counts n;

    if (!pserv_look_due(&last, s, PSERV_RETAIN_EVERY))
        return;
    (void)pserv_retain_look(dbd, p, s, c, "now", &n);
}
