/*
 * digest.c: Pengaturan Notifikasi and the daily digest (digest.h).
 *
 * accounts.notify (migration 016) says how an account hears of the
 * tickets that wait for it: 'ticket' (a mail per ticket and the reminders,
 * actors.c and remind.c), 'digest' (one mail a day, nothing per ticket) or
 * 'both'. The digest is sent by the mail worker (mail_worker.c) at its
 * first look after 08:00 Jakarta time: what waits for each account is
 * actors.c's (pserv_waiting_load: holders, delegates "atas nama", the
 * assignee, separation of duties applied), grouped here by account.
 *
 * Exactly once per account and day, whatever number of Apache nodes share
 * the database: (account, Jakarta date) is claimed in digest_days by an
 * INSERT ... ON CONFLICT DO NOTHING RETURNING in the transaction that
 * queues the mail. A second node's claim waits for the first's commit and
 * then finds the row; a crash before the commit loses neither the claim
 * nor the mail (both or none).
 */
#include "digest.h"
#include "actors.h"
#include "maildecide.h"
#include "mail.h"

#include "apr_strings.h"

#define PSERV_DIGEST_MOST  "100" /* accounts a look */
#define PSERV_DIGEST_HOUR  "08:00"
#define PSERV_DIGEST_LINES 50 /* tickets listed in one digest */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* account -> its choice */
PSERV_SQL(notify_get, 1, "SELECT notify FROM accounts WHERE id = %s::bigint");
/* account, choice -> the choice before, when the account exists */
PSERV_SQL(notify_set, 2,
          "UPDATE accounts a SET notify = %s FROM (SELECT id, notify"
          " FROM accounts WHERE id = %s::bigint FOR UPDATE) o"
          " WHERE a.id = o.id RETURNING o.notify");
/* now, most -> the accounts due a digest at now (08:00 Jakarta time or
 * later): id, username, full name, e-mail, the Jakarta date, now in epoch
 * seconds */
PSERV_SQL(digest_due, 2,
          "WITH n AS (SELECT %s::timestamptz AS now),"
          " d AS (SELECT n.now, (n.now AT TIME ZONE 'Asia/Jakarta') AS local"
          " FROM n)"
          " SELECT a.id, a.username, a.full_name, a.email, d.local::date::text,"
          " extract(epoch FROM d.now)::bigint::text FROM d JOIN accounts a"
          " ON a.notify IN ('digest', 'both') AND a.active"
          " AND coalesce(a.email, '') <> ''"
          " WHERE d.local::time >= time '" PSERV_DIGEST_HOUR "'"
          " AND NOT EXISTS (SELECT 1 FROM digest_days g"
          " WHERE g.account_id = a.id AND g.day = d.local::date)"
          " ORDER BY a.id LIMIT %s::int");
/* account, day, now, tickets -> a row when the account still wants the
 * digest and nobody claimed that day's yet (another node's claim is
 * waited for) */
PSERV_SQL(digest_claim, 4,
          "INSERT INTO digest_days (account_id, day, sent_at, tickets)"
          " SELECT a.id, %s::date, %s::timestamptz, %s::int FROM accounts a"
          " WHERE a.id = %s::bigint AND a.active"
          " AND a.notify IN ('digest', 'both')"
          " ON CONFLICT (account_id, day) DO NOTHING RETURNING 1");

const pserv_stmt *const pserv_sql_table_digest[] = {
    &pserv_sql_notify_get,
    &pserv_sql_notify_set,
    &pserv_sql_digest_due,
    &pserv_sql_digest_claim,
    NULL,
};

/* ---- the choice ------------------------------------------------------- */

static const struct {
    const char *mode, *label;
} pserv_notify_modes[] = {
    { PSERV_NOTIFY_TICKET, "Setiap tiket" },
    { PSERV_NOTIFY_DIGEST, "Satu e-mail sehari pukul 08:00 WIB" },
    { PSERV_NOTIFY_BOTH, "Keduanya" },
};

const char *pserv_notify_label(const char *mode)
{
    apr_size_t i;

    for (i = 0;
         mode && i < sizeof pserv_notify_modes / sizeof *pserv_notify_modes;
         i++)
        if (strcmp(mode, pserv_notify_modes[i].mode) == 0)
            return pserv_notify_modes[i].label;
    return NULL;
}

int pserv_notify_valid(const char *mode)
{
    return pserv_notify_label(mode) != NULL;
}

int pserv_notify_get(pserv_db *db, apr_int64_t account, const char **mode)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, notify_get, &res, pserv_i64s(db->r, account)) != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 1;
    *mode = pserv_db_col(db, row, 0);
    return 0;
}

int pserv_notify_set(pserv_db *db, apr_int64_t account, const char *mode,
                     const char **was)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_notify_valid(mode)
        || pserv_db_select(db, notify_set, &res, mode,
                           pserv_i64s(db->r, account))
               != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 1;
    *was = pserv_db_col(db, row, 0);
    return 0;
}

/* ---- the digest ------------------------------------------------------- */

/* One waiting ticket as the account may act on it. */
typedef struct {
    const pserv_waiting *w;
    const pserv_candidate *c;
} pserv_digest_item;

static int pserv_digest_older(const void *a, const void *b)
{
    const pserv_digest_item *x = a, *y = b;

    if (x->w->since != y->w->since)
        return x->w->since < y->w->since ? -1 : 1;
    return x->w->id < y->w->id ? -1 : x->w->id > y->w->id;
}

/* What waits for account in all (pserv_waiting), oldest stage first. */
static apr_array_header_t *pserv_digest_items(apr_pool_t *p,
                                              const apr_array_header_t *all,
                                              apr_int64_t account)
{
    apr_array_header_t *items = apr_array_make(p, 4, sizeof(pserv_digest_item));
    int i;

    for (i = 0; i < all->nelts; i++) {
        const pserv_waiting *w = &APR_ARRAY_IDX(all, i, pserv_waiting);
        const pserv_candidate *c = pserv_waiting_find(w, account);
        if (c && c->why == PSERV_ACT_OK) {
            pserv_digest_item *it = apr_array_push(items);
            it->w = w;
            it->c = c;
        }
    }
    if (items->nelts > 1)
        qsort(items->elts, items->nelts, sizeof(pserv_digest_item),
              pserv_digest_older);
    return items;
}

/* The digest's text in lang (NULL on an error of the links). */
static const char *pserv_digest_text(const pserv_actx *x, const char *name,
                                     const char *day, apr_int64_t at,
                                     const apr_array_header_t *items, int lang)
{
    const char *text, *links;
    int i, n = items->nelts;

    text = pserv_msgf(x->p, lang, "mail.digest.lead", "%s%s%d", name,
                      pserv_format_wib_in(x->p, at, lang, 1), n);
    for (i = 0; i < n && i < PSERV_DIGEST_LINES; i++) {
        const pserv_digest_item *it =
            &APR_ARRAY_IDX(items, i, pserv_digest_item);
        /* Setujui, Tolak, Kembalikan untuk Revisi for this account at the
         * stage it waits at (none at the Executor's); a token stored here
         * commits with the digest or not at all. NULL: an error. */
        if (!(links = pserv_maildecide_links(x, it->w->id, it->w->status,
                                             it->c->account, lang)))
            return NULL;
        text = apr_pstrcat(
            x->p, text,
            pserv_msgf(
                x->p, lang, "mail.digest.item", "%d%s%s%s%s%s%s%s", i + 1,
                it->w->nomor, it->w->full_name,
                pserv_candidate_as_in(x->p, it->c,
                                      pserv_stage_label(it->w->status), lang),
                pserv_format_wib_in(x->p, it->w->since, lang, 1), x->base,
                apr_psprintf(x->p, "%" APR_INT64_T_FMT, it->w->id), links),
            NULL);
    }
    if (n > PSERV_DIGEST_LINES)
        text = apr_pstrcat(x->p, text,
                           pserv_msgf(x->p, lang, "mail.digest.more", "%d",
                                      n - PSERV_DIGEST_LINES),
                           NULL);
    return pserv_mail_signed(
        x->p,
        apr_pstrcat(x->p, text,
                    pserv_msgf(x->p, lang, "mail.digest.end", "%s%s%s", x->base,
                               pserv_format_day_in(x->p, day, lang), x->base),
                    NULL));
}

/* Claim the day's digest of one account and queue it, in one
 * transaction: 1 queued, 0 nothing to send (claimed by another node, or
 * nothing waits: claimed without a mail), -1 on error (rolled back). */
static int pserv_digest_one(const pserv_actx *x, apr_dbd_row_t *row,
                            const apr_array_header_t *all)
{
    ap_dbd_t *dbd = x->dbd;
    const char *id = apr_dbd_get_entry(dbd->driver, row, 0);
    const char *user = apr_dbd_get_entry(dbd->driver, row, 1);
    const char *name = apr_dbd_get_entry(dbd->driver, row, 2);
    const char *email = apr_dbd_get_entry(dbd->driver, row, 3);
    const char *day = apr_dbd_get_entry(dbd->driver, row, 4);
    apr_int64_t at = apr_atoi64(apr_dbd_get_entry(dbd->driver, row, 5));
    apr_array_header_t *items = pserv_digest_items(x->p, all, apr_atoi64(id));
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *got = NULL;
    const char *text;
    int n = items->nelts, lang;

    if (pserv_db_exec(dbd, "BEGIN") != 0)
        return -1;
    if (pserv_db_select_on(dbd, x->p, x->s, digest_claim, &res, day, x->now,
                           apr_itoa(x->p, n), id)
        != 0)
        goto fail;
    if (apr_dbd_get_row(dbd->driver, x->p, res, &got, 1) != 0) {
        pserv_db_exec(dbd, "ROLLBACK"); /* another node's, or not wanted */
        return 0;
    }
    if (n > 0) {
        lang = pserv_mail_lang_on(dbd, x->p, x->s, email, 0);
        if (!(text = pserv_digest_text(x, name, day, at, items, lang))
            || pserv_mail_queue_on(
                   dbd, x->p, x->s, 0, email,
                   pserv_msgf(x->p, lang, "mail.digest.subject", "%s%d",
                              pserv_format_day_in(x->p, day, lang), n),
                   text, x->now)
                   != 0)
            goto fail;
    }
    if (pserv_db_exec(dbd, "COMMIT") != 0)
        return -1;
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, x->s,
                 "pserv[DIG01]: the digest of %s for %s: %d tickets%s", user,
                 day, n, n ? "" : " (nothing waits: no mail)");
    return n > 0;
fail:
    pserv_db_exec(dbd, "ROLLBACK");
    return -1;
}

int pserv_digest_sweep(ap_dbd_t *dbd, apr_pool_t *pool, server_rec *s,
                       const char *now, const char *base_url)
{
    apr_dbd_results_t *due = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *all;
    apr_pool_t *p, *one;
    pserv_actx x;
    int k, rv, sent = 0;

    apr_pool_create(&p, pool);
    if (pserv_db_select_on(dbd, p, s, digest_due, &due, now, PSERV_DIGEST_MOST)
        != 0) {
        apr_pool_destroy(p);
        return -1;
    }
    if (apr_dbd_num_tuples(dbd->driver, due) < 1) {
        apr_pool_destroy(p);
        return 0; /* before 08:00, or every digest of the day taken care of */
    }
    x.dbd = dbd;
    x.p = p;
    x.s = s;
    x.now = now;
    x.base = base_url ? base_url : "";
    /* Every waiting ticket with who may act on it, once for the look. */
    if (!(all = pserv_waiting_load(&x, 0))) {
        apr_pool_destroy(p);
        return -1;
    }
    apr_pool_create(&one, p);
    x.p = one;
    for (k = 1; apr_dbd_get_row(dbd->driver, p, due, &row, k) == 0; k++) {
        apr_pool_clear(one);
        if ((rv = pserv_digest_one(&x, row, all)) < 0) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[DIG02]: the digest of %s could not be "
                         "stored; tried again at the next look",
                         apr_dbd_get_entry(dbd->driver, row, 1));
            sent = -1;
            break;
        }
        sent += rv;
    }
    apr_pool_destroy(p);
    return sent;
}
