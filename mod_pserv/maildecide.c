/*
 * maildecide.c: the decision links of the stage mails and reminders
 * (maildecide.h): each mail to one person who may act gets its own token
 * for (ticket, stage, that account); the page that opens it is
 * handle_maildecide.c, and the decision is decide.c's, as on the ticket
 * page.
 */
#include "maildecide.h"
#include "msg.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* hash, request id, stage ('' for the current one), account id, now,
 * lifetime (s) -> the stage, when the ticket waits at one with links */
PSERV_SQL(link_issue, 6,
          "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::bigint AS id,"
          " nullif(%s, '') AS stage, %s::bigint AS account,"
          " %s::timestamptz AS now, make_interval(secs => %s::int) AS life)"
          " INSERT INTO decide_links (token_hash, request_id, stage,"
          " account_id, created_at, expires_at)"
          " SELECT arg.h, r.id, r.status, arg.account, arg.now,"
          " arg.now + arg.life FROM arg JOIN requests r ON r.id = arg.id"
          " WHERE r.status IN ('atasan', 'verificator', 'manager')"
          " AND r.status = coalesce(arg.stage, r.status) RETURNING stage");
/* now, request id, address -> the Atasan's own account that may act on
 * the ticket (pserv_candidates of migration 012), the one with that
 * address first */
PSERV_SQL(link_atasan, 3,
          "SELECT c.account_id FROM pserv_candidates(%s::timestamptz,"
          " %s::bigint) c JOIN accounts a ON a.id = c.account_id"
          " WHERE c.via = 'holder'"
          " ORDER BY lower(coalesce(a.email, '')) = lower(%s) DESC, a.id"
          " LIMIT 1");
/* now, request id, stage */
PSERV_SQL(link_revoke, 3,
          "UPDATE decide_links SET revoked_at = %s::timestamptz"
          " WHERE request_id = %s::bigint AND stage = %s"
          " AND revoked_at IS NULL");
/* hash, now -> the link and its ticket: request id, stage, account id,
 * expired, used, revoked, nomor, status, expires (epoch), and the last
 * decision at its stage (decision, by whom as the Activity Log words it,
 * when in epoch) */
PSERV_SQL(link_get, 2,
          "WITH arg AS (SELECT decode(%s, 'hex') AS h,"
          " %s::timestamptz AS now)"
          " SELECT l.request_id, l.stage, l.account_id,"
          " (l.expires_at <= arg.now)::text, (l.used_at IS NOT NULL)::text,"
          " (l.revoked_at IS NOT NULL)::text, r.nomor, r.status,"
          " extract(epoch FROM l.expires_at)::bigint::text, d.decision,"
          " d.who, extract(epoch FROM d.decided_at)::bigint::text"
          " FROM arg JOIN decide_links l ON l.token_hash = arg.h"
          " JOIN requests r ON r.id = l.request_id"
          " LEFT JOIN LATERAL (SELECT ap.decision, ap.decided_at,"
          "   a.full_name || coalesce(' atas nama ' || f.full_name, '') AS who"
          "   FROM approvals ap JOIN accounts a ON a.id = ap.account_id"
          "   LEFT JOIN accounts f ON f.id = ap.on_behalf_of"
          "   WHERE ap.request_id = l.request_id AND ap.stage = l.stage"
          "   ORDER BY ap.decided_at DESC, ap.id DESC LIMIT 1) d ON true");
/* now, hash */
PSERV_SQL(link_spent, 2,
          "UPDATE decide_links SET used_at = %s::timestamptz"
          " WHERE token_hash = decode(%s, 'hex') AND used_at IS NULL");

const pserv_stmt *const pserv_sql_table_maildecide[] = {
    &pserv_sql_link_issue, &pserv_sql_link_atasan, &pserv_sql_link_revoke,
    &pserv_sql_link_get,   &pserv_sql_link_spent,  NULL,
};

/* ---- the links in a mail ------------------------------------------------ */

/* PservTokenLifetime of x's server, in seconds (the mail worker has no
 * request: its server's own setting, as the request's would be). */
static apr_int64_t pserv_maildecide_life(server_rec *s)
{
    const pserv_dir_conf *c =
        ap_get_module_config(s->lookup_defaults, &pserv_module);
    pserv_dir_conf d;

    if (!c)
        return 72 * 3600;
    d = *c;
    pserv_dir_conf_defaults(&d);
    return apr_time_sec(d.token_lifetime);
}

const char *pserv_maildecide_links(const pserv_actx *x, apr_int64_t id,
                                   const char *stage, apr_int64_t account,
                                   int lang)
{
    const char *token = pserv_token_new(x->p), *url;
    apr_dbd_results_t *res = NULL;

    if (!token)
        return NULL;
    if (pserv_db_select_on(
            x->dbd, x->p, x->s, link_issue, &res, pserv_token_hash(x->p, token),
            apr_psprintf(x->p, "%" APR_INT64_T_FMT, id), stage ? stage : "",
            apr_psprintf(x->p, "%" APR_INT64_T_FMT, account), x->now,
            apr_psprintf(x->p, "%" APR_INT64_T_FMT,
                         pserv_maildecide_life(x->s)))
        != 0)
        return NULL;
    if (apr_dbd_num_tuples(x->dbd->driver, res) < 1)
        return "";
    url = apr_pstrcat(x->p, x->base, "/mail/decide?t=", token, "&a=", NULL);
    return pserv_msgf(x->p, lang, "mail.decide.links", "%s%s%s", url, url, url);
}

const char *pserv_maildecide_atasan_links(const pserv_actx *x, apr_int64_t id,
                                          const char *to, int lang)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;

    if (pserv_db_select_on(x->dbd, x->p, x->s, link_atasan, &res, x->now,
                           apr_psprintf(x->p, "%" APR_INT64_T_FMT, id),
                           to ? to : "")
        != 0)
        return NULL;
    if (apr_dbd_num_tuples(x->dbd->driver, res) < 1
        || apr_dbd_get_row(x->dbd->driver, x->p, res, &row, 1) != 0)
        return "";
    return pserv_maildecide_links(
        x, id, "atasan", apr_atoi64(apr_dbd_get_entry(x->dbd->driver, row, 0)),
        lang);
}

int pserv_maildecide_revoke(pserv_db *db, const char *id, const char *stage,
                            const char *now)
{
    return pserv_db_query(db, link_revoke, NULL, now, id, stage);
}

/* ---- the page's side ---------------------------------------------------- */

int pserv_maildecide_find(request_rec *r, pserv_db *db, const char *token,
                          pserv_maildecide_link *l)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *at;

    if (pserv_db_select(db, link_get, &res, pserv_token_hash(r->pool, token),
                        pserv_now_sql(r))
        != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 0;
    memset(l, 0, sizeof *l);
    l->request_id = apr_atoi64(pserv_db_col(db, row, 0));
    l->stage = pserv_db_col(db, row, 1);
    l->account_id = apr_atoi64(pserv_db_col(db, row, 2));
    l->expired = *pserv_db_col(db, row, 3) == 't';
    l->used = *pserv_db_col(db, row, 4) == 't';
    l->revoked = *pserv_db_col(db, row, 5) == 't';
    l->nomor = pserv_db_col(db, row, 6);
    l->status = pserv_db_col(db, row, 7);
    l->expires_at = apr_atoi64(pserv_db_col(db, row, 8));
    l->decision = pserv_db_col(db, row, 9);
    l->decider = pserv_db_col(db, row, 10);
    at = pserv_db_col(db, row, 11);
    l->decided_at = at ? apr_atoi64(at) : 0;
    return 1;
}

int pserv_maildecide_live(const pserv_maildecide_link *l)
{
    return !l->expired && !l->used && !l->revoked
           && strcmp(l->status, l->stage) == 0;
}

/* "disetujui", "ditolak", ... for a decision code, in lang. */
static const char *pserv_decided_word(int lang, const char *decision)
{
    return strcmp(decision, "approve") == 0
               ? pserv_msg(lang, "maildecide.word.approve")
           : strcmp(decision, "reject") == 0
               ? pserv_msg(lang, "maildecide.word.reject")
           : strcmp(decision, "return") == 0
               ? pserv_msg(lang, "maildecide.word.return")
               : decision;
}

/* Where the ticket is now, as one sentence's end. */
static const char *pserv_now_at(apr_pool_t *p, int lang, const char *status)
{
    const char *label = pserv_status_label(status);

    if (pserv_stage_index(status) >= 0 && strcmp(status, "completed") != 0)
        return pserv_msgf(p, lang, "maildecide.now.stage", "%s",
                          pserv_stage_label(status));
    return pserv_msgf(p, lang, "maildecide.now.status", "%s",
                      label ? label : status);
}

const char *pserv_maildecide_story(apr_pool_t *p, int lang,
                                   const pserv_maildecide_link *l)
{
    const char *stage = pserv_stage_label(l->stage);
    int moved = strcmp(l->status, l->stage) != 0;

    if ((moved || l->used || l->revoked) && l->decision)
        return pserv_msgf(
            p, lang, "maildecide.story.decided", "%s %s %s %s %s %s", l->nomor,
            pserv_decided_word(lang, l->decision), stage, l->decider,
            pserv_format_wib_in(p, l->decided_at, lang, 0),
            pserv_now_at(p, lang, l->status));
    if (moved)
        return pserv_msgf(p, lang, "maildecide.story.moved", "%s %s %s",
                          l->nomor, stage, pserv_now_at(p, lang, l->status));
    if (l->expired)
        return pserv_msgf(p, lang, "maildecide.story.expired", "%s %s %s",
                          pserv_format_wib_in(p, l->expires_at, lang, 0),
                          l->nomor, stage);
    return pserv_msgf(p, lang, "maildecide.story.revoked", "%s %s", l->nomor,
                      stage);
}

void pserv_maildecide_spent(request_rec *r, pserv_db *db, const char *token)
{
    pserv_db_query(db, link_spent, NULL, pserv_now_sql(r),
                   pserv_token_hash(r->pool, token));
}
