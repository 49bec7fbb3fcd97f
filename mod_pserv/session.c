/*
 * session.c: server-side sessions and CSRF protection.
 *
 * The session cookie holds a random 256-bit token; PostgreSQL holds only
 * its SHA-256, with the account, the session's CSRF token and its times.
 * A session ends after PservSessionIdleTimeout without use or
 * PservSessionMaxAge after login, whichever comes first.
 *
 * Before login (the login page, the public forms) CSRF protection is a
 * double-submit token: a random value in a SameSite=Strict cookie that the
 * form must repeat.
 */
#include "db.h"
#include "session.h"
#include "audit.h"
#include "access.h"

#include "apr_strings.h"
#include "apr_thread_mutex.h"
#include "http_config.h"
#include "util_cookies.h"
#include "core/cookie.h"
#include "core/delegation.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* hash, now, max age (s), idle timeout (s), the ticket of a ticket page
 * (else NULL). For a ticket page the same statement
 * says whether the account may see the ticket (pserv_may_see, migration
 * 012, with the scope core's pserv_scope gives: '*' for the ICT roles,
 * else the account's nopek): then its access record (issue 23,
 * docs/PRIVACY.md) is kept (access.c), so a page served from the page
 * cache, or answered 304, is recorded too and still costs one statement;
 * a ticket it may not see records nothing (its 404 is audited as
 * not-visible). */
PSERV_SQL(session_get, 5,
          "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
          " make_interval(secs => %s::int) AS max_age,"
          " make_interval(secs => %s::int) AS idle,"
          " nullif(%s, '')::bigint AS ticket),"
          /* the data versions (migration 022): the page cache's keys */
          " dv AS (SELECT (SELECT v FROM pserv_data_version"
          "   WHERE scope = 'tickets') AS tickets, (SELECT v"
          "   FROM pserv_data_version WHERE scope = 'people') AS people),"
          " me AS MATERIALIZED (SELECT a.id, a.username, a.full_name,"
          "   s.csrf_token, a.nopek, s.last_seen_at, a.email, a.lang,"
          "   coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
          "     FROM account_roles WHERE account_id = a.id), '') AS roles,"
          /* core's pserv_scope */
          "   CASE WHEN EXISTS (SELECT 1 FROM account_roles ar"
          "     WHERE ar.account_id = a.id AND ar.role IN ('admin',"
          "     'ict_verificator', 'ict_manager', 'ict_executor'))"
          "     THEN '*' ELSE coalesce(a.nopek, '') END AS scope"
          "   FROM arg, sessions s JOIN accounts a ON a.id = s.account_id"
          "   WHERE s.token_hash = arg.h AND a.active"
          "   AND s.created_at > arg.now - arg.max_age"
          "   AND s.last_seen_at > arg.now - arg.idle)"
          " SELECT me.id, me.username, me.full_name, me.csrf_token,"
          " me.roles, me.nopek,"
          " me.last_seen_at < arg.now - interval '60 seconds', me.email,"
          /* the user menu's Delegasi Persetujuan (migration 013) */
          " pserv_approves(me.id) OR EXISTS (SELECT 1 FROM delegations d"
          "   WHERE d.delegate_id = me.id AND d.ended_at IS NULL"
          "   AND d.ends_on >= (arg.now AT TIME ZONE 'Asia/Jakarta')::date),"
          /* the user menu's Verifikasi Dua Langkah (migration 018) */
          " EXISTS (SELECT 1 FROM account_mfa m WHERE m.account_id = me.id"
          "   AND m.enabled_at IS NOT NULL),"
          /* the language the account chose (migration 019, lang.c) */
          " me.lang, dv.tickets || '.' || dv.people,"
          " (SELECT coalesce(max(t.v), 0) FROM pserv_ticket_version t"
          "   WHERE t.request_id = arg.ticket) || '.' || dv.people,"
          /* the ticket page's access record: its Nomor when the account
           * may see it (access.c keeps the row and writes it later) */
          " (SELECT r.nomor FROM requests r WHERE r.id = arg.ticket"
          "   AND pserv_may_see(r.id, r.atasan_nopek, me.scope, me.id,"
          "   arg.now)), dv.people"
          " FROM arg, dv, me");
/* The same for a session whose account's costly half (its roles, the
 * user menu's two links, so its scope) this process keeps (below): hash,
 * now, max age (s), idle timeout (s), the ticket of a ticket page (else
 * NULL), the people's data version the kept half was read at, the scope
 * it gives. The same columns as session_get, NULL for the kept half, and
 * one more: whether the kept half is still the people's data as it is
 * (else the caller asks session_get). */
PSERV_SQL(session_check, 7,
          "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
          " make_interval(secs => %s::int) AS max_age,"
          " make_interval(secs => %s::int) AS idle,"
          " nullif(%s, '')::bigint AS ticket, %s::bigint AS known,"
          " %s::text AS scope),"
          " dv AS (SELECT max(v) FILTER (WHERE scope = 'tickets') AS tickets,"
          "   max(v) FILTER (WHERE scope = 'people') AS people"
          "   FROM pserv_data_version)"
          " SELECT a.id, a.username, a.full_name, s.csrf_token, NULL, a.nopek,"
          " s.last_seen_at < arg.now - interval '60 seconds', a.email,"
          " NULL, NULL, a.lang, dv.tickets || '.' || dv.people,"
          " (SELECT coalesce(max(t.v), 0) FROM pserv_ticket_version t"
          "   WHERE t.request_id = arg.ticket) || '.' || dv.people,"
          " (SELECT r.nomor FROM requests r WHERE r.id = arg.ticket"
          "   AND pserv_may_see(r.id, r.atasan_nopek, arg.scope, a.id,"
          "   arg.now)),"
          " dv.people, dv.people = arg.known"
          " FROM arg, dv, sessions s JOIN accounts a ON a.id = s.account_id"
          " WHERE s.token_hash = arg.h AND a.active"
          " AND s.created_at > arg.now - arg.max_age"
          " AND s.last_seen_at > arg.now - arg.idle");
/* now, hash */
PSERV_SQL(session_touch, 2,
          "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
          " UPDATE sessions s SET last_seen_at = arg.now FROM arg"
          " WHERE s.token_hash = arg.h"
          " AND s.last_seen_at < arg.now - interval '60 seconds'");
/* hash, account id, csrf token, client address, now */
PSERV_SQL(session_insert, 5,
          "INSERT INTO sessions (token_hash, account_id, csrf_token, client_ip,"
          " created_at, last_seen_at)"
          " SELECT decode(%s, 'hex'), %s::bigint, %s, %s, arg.t, arg.t"
          " FROM (SELECT %s::timestamptz AS t) arg");
/* hash */
PSERV_SQL(session_delete, 1,
          "DELETE FROM sessions WHERE token_hash = decode(%s, 'hex')");
/* now, max age (s), idle timeout (s); the earlier of now and the real
 * clock, so a test moving its own clock sweeps nobody else's session */
PSERV_SQL(session_sweep, 3,
          "WITH arg AS (SELECT least(%s::timestamptz, now()) AS now,"
          " make_interval(secs => %s::int) AS max_age,"
          " make_interval(secs => %s::int) AS idle)"
          " DELETE FROM sessions s USING arg"
          " WHERE s.created_at < arg.now - arg.max_age"
          " OR s.last_seen_at < arg.now - arg.idle");

/* account id -> the account as a session names it (an active one only):
 * username, full name, roles, nopek, e-mail, language */
PSERV_SQL(account_identity, 1,
          "SELECT a.username, a.full_name,"
          " coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
          "   FROM account_roles WHERE account_id = a.id), ''), a.nopek,"
          " a.email, a.lang FROM accounts a"
          " WHERE a.id = %s::bigint AND a.active");

const pserv_stmt *const pserv_sql_table_session[] = {
    &pserv_sql_session_get,      &pserv_sql_session_check,
    &pserv_sql_session_touch,    &pserv_sql_session_insert,
    &pserv_sql_session_delete,   &pserv_sql_session_sweep,
    &pserv_sql_account_identity, NULL,
};

static const char *pserv_cookie_name(request_rec *r, const char *base)
{
    /* __Host- cookies are only accepted over HTTPS, for the whole host. */
    return pserv_conf_cookie_secure(pserv_conf(r))
               ? apr_pstrcat(r->pool, "__Host-", base, NULL)
               : base;
}

static const char *pserv_cookie_attrs(request_rec *r, const char *samesite)
{
    return apr_pstrcat(r->pool, "Path=/;HttpOnly;SameSite=", samesite,
                       pserv_conf_cookie_secure(pserv_conf(r)) ? ";Secure" : "",
                       NULL);
}

/* Where one cookie is looked for across the request's Cookie headers. */
typedef struct {
    request_rec *r;
    const char *name;
    pserv_cookie_found found;
} pserv_cookie_walk;

static int pserv_cookie_line(void *ctx, const char *key, const char *val)
{
    pserv_cookie_walk *w = ctx;

    (void)key;
    pserv_cookie_scan(w->r->pool, val, w->name, &w->found);
    return 1;
}

/* The token from cookie name, if it has a token's shape. Cookie2 headers
 * count too, as they did for ap_cookie_read. */
static const char *pserv_cookie_get(request_rec *r, const char *name)
{
    pserv_cookie_walk w;

    memset(&w, 0, sizeof w);
    w.r = r;
    w.name = name;
    apr_table_do(pserv_cookie_line, &w, r->headers_in, "Cookie", "Cookie2",
                 NULL);
    if (w.found.duplicated)
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[SESS03]: cookie %s sent twice with different "
                      "values; neither is used",
                      name);
    return pserv_cookie_token(&w.found);
}

/* Another token cookie of ours (mfa.c's pending second factor): read,
 * set and removed as the session's is, SameSite=Lax. */
const char *pserv_cookie_token_get(request_rec *r, const char *base)
{
    return pserv_cookie_get(r, pserv_cookie_name(r, base));
}

void pserv_cookie_token_set(request_rec *r, const char *base, const char *token)
{
    ap_cookie_write(r, pserv_cookie_name(r, base), token,
                    pserv_cookie_attrs(r, "Lax"), 0, r->err_headers_out, NULL);
}

void pserv_cookie_token_remove(request_rec *r, const char *base)
{
    ap_cookie_remove(r, pserv_cookie_name(r, base),
                     pserv_cookie_attrs(r, "Lax"), r->err_headers_out, NULL);
}

/* ---- the account's costly half, kept per process (issue 21) ----------------
 *
 * Most of what session_get reads (the roles, the user menu's Delegasi
 * Persetujuan and Verifikasi Dua Langkah) is the people's data (migration
 * 022: accounts, roles, delegations, MFA; every change bumps the 'people'
 * data version in its own transaction) and, for a delegation's dates, the
 * day. Each process keeps that half per session with the version and day
 * it was read at; a session it keeps is checked by session_check, which
 * reads the session and the account's row as session_get does, compares
 * the version with the current one itself and says whether the kept half
 * still holds (else session_get runs). A kept half is therefore never
 * used once the data under it moved; the session (its token, expiry,
 * idle time, the account active) is checked at every request. This halves
 * PostgreSQL's work per page served from the page cache, which is what
 * bounds two Apaches on one PostgreSQL (docs/PERFORMANCE.md). */
#define PSERV_IDENTITY_SLOTS 1024 /* sessions kept per process */
/* PservTestHooks On: "kept" when the kept half served, else "read"
 * (t/perf/identity.t) */
#define PSERV_SESSION_TEST_HEADER "X-Pserv-Test-Session"
typedef struct {
    char hash[65];      /* the session token's SHA-256, hex */
    char roles[96];     /* space-separated role codes */
    char nopek[32];     /* "" for none */
    char day[11];       /* read on: the Jakarta date, YYYY-MM-DD */
    apr_int64_t people; /* read at: the people's data version */
    int delegations, mfa;
} pserv_identity;

static pserv_identity *pserv_identities; /* a process's, one per slot */
static apr_thread_mutex_t *pserv_identity_mutex;

static void pserv_session_child_init(apr_pool_t *p, server_rec *s)
{
    (void)s;
    if (apr_thread_mutex_create(&pserv_identity_mutex, APR_THREAD_MUTEX_DEFAULT,
                                p)
        == APR_SUCCESS)
        pserv_identities =
            apr_pcalloc(p, PSERV_IDENTITY_SLOTS * sizeof *pserv_identities);
}

void pserv_session_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_child_init(pserv_session_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}

static pserv_identity *pserv_identity_slot(const char *hash)
{
    apr_ssize_t len = 64;

    return &pserv_identities[apr_hashfunc_default(hash, &len)
                             % PSERV_IDENTITY_SLOTS];
}

/* The request clock's Jakarta date, by which pserv_delegation_runs
 * (migration 012) counts a delegation's days. */
static const char *pserv_identity_day(request_rec *r)
{
    return pserv_date_wib(r->pool, apr_time_sec(pserv_now(r)));
}

/* The half kept for hash today, copied to out: 1, else 0. */
static int pserv_identity_get(request_rec *r, const char *hash,
                              pserv_identity *out)
{
    pserv_identity *k;
    const char *day;
    int got = 0;

    if (!pserv_identities || strlen(hash) != 64)
        return 0;
    day = pserv_identity_day(r);
    k = pserv_identity_slot(hash);
    apr_thread_mutex_lock(pserv_identity_mutex);
    if (strcmp(k->day, day) == 0 && strcmp(k->hash, hash) == 0) {
        *out = *k;
        got = 1;
    }
    apr_thread_mutex_unlock(pserv_identity_mutex);
    return got;
}

/* Keep s's half as session_get read it, at the people's data version
 * people. */
static void pserv_identity_put(request_rec *r, const pserv_session *s,
                               const char *people)
{
    pserv_identity k;

    memset(&k, 0, sizeof k);
    if (!pserv_identities || !people || strlen(s->token_hash) != 64
        || apr_cpystrn(k.roles, s->roles ? s->roles : "", sizeof k.roles)
                   - k.roles
               == sizeof k.roles - 1
        || apr_cpystrn(k.nopek, s->nopek ? s->nopek : "", sizeof k.nopek)
                   - k.nopek
               == sizeof k.nopek - 1)
        return; /* (a value that might not fit is not kept) */
    apr_cpystrn(k.hash, s->token_hash, sizeof k.hash);
    apr_cpystrn(k.day, pserv_identity_day(r), sizeof k.day);
    k.people = apr_atoi64(people);
    k.delegations = s->delegations;
    k.mfa = s->mfa;
    apr_thread_mutex_lock(pserv_identity_mutex);
    *pserv_identity_slot(s->token_hash) = k;
    apr_thread_mutex_unlock(pserv_identity_mutex);
}

/* What the two statements read besides the session: whether its last use
 * is over a minute old, the ticket page's Nomor when it may be seen, and
 * the people's data version. */
typedef struct {
    const char *hash, *now, *max_age, *idle, *ticket;
    const char *stale, *nomor, *people;
} pserv_session_read;

static const char *pserv_secs(request_rec *r, apr_interval_time_t t)
{
    return apr_psprintf(r->pool, "%" APR_INT64_T_FMT, apr_time_sec(t));
}

/* The session by session_get, or by session_check when this process keeps
 * its half k (then NULL with *ok 0 when k no longer holds); NULL with *ok 1
 * when there is no such session, with *ok -1 when the statement failed. */
static pserv_session *pserv_session_read_one(request_rec *r, pserv_db *db,
                                             const pserv_identity *k,
                                             pserv_session_read *rd, int *ok)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_session *s = apr_pcalloc(r->pool, sizeof *s);
    const char *fresh;
    int rv;

    if (k) {
        s->roles = apr_pstrdup(r->pool, k->roles);
        s->nopek = *k->nopek ? apr_pstrdup(r->pool, k->nopek) : NULL;
        s->delegations = k->delegations;
        s->mfa = k->mfa;
        rv = pserv_db_select(
            db, session_check, &res, rd->hash, rd->now, rd->max_age, rd->idle,
            rd->ticket, apr_psprintf(r->pool, "%" APR_INT64_T_FMT, k->people),
            pserv_session_scope(s));
    }
    else
        rv = pserv_db_select(db, session_get, &res, rd->hash, rd->now,
                             rd->max_age, rd->idle, rd->ticket);
    *ok = rv == 0 ? 1 : -1;
    if (rv != 0 || !(row = pserv_db_row(db, res, 1)))
        return NULL;
    if (k
        && (!(fresh = pserv_db_col(db, row, 15)) || strcmp(fresh, "t") != 0)) {
        *ok = 0;
        return NULL;
    }
    s->account_id = apr_atoi64(pserv_db_col(db, row, 0));
    s->username = pserv_db_col(db, row, 1);
    s->full_name = pserv_db_col(db, row, 2);
    s->csrf = pserv_db_col(db, row, 3);
    s->nopek = pserv_db_col(db, row, 5);
    rd->stale = pserv_db_col(db, row, 6);
    s->email = pserv_db_col(db, row, 7);
    if (!k) {
        s->roles = pserv_db_col(db, row, 4);
        s->delegations = strcmp(pserv_db_col(db, row, 8), "t") == 0;
        s->mfa = strcmp(pserv_db_col(db, row, 9), "t") == 0;
    }
    s->lang = pserv_db_col(db, row, 10);
    s->list_version = pserv_db_col(db, row, 11);
    s->ticket_version = pserv_db_col(db, row, 12);
    rd->nomor = pserv_db_col(db, row, 13);
    rd->people = pserv_db_col(db, row, 14);
    s->token_hash = rd->hash;
    return s;
}

pserv_session *pserv_session_load(request_rec *r)
{
    pserv_req *q = pserv_req_get(r);
    const pserv_dir_conf *c = pserv_conf(r);
    const char *token;
    pserv_db *db;
    pserv_session *s = NULL;
    pserv_session_read rd;
    pserv_identity k;
    apr_int64_t ticket = 0;
    int ok = 0;
    const char *kept = "read";

    if (q->session_loaded)
        return q->session;
    q->session_loaded = 1;
    /* An ErrorDocument page belongs to the same person as the request
     * that failed. */
    if (r->prev) {
        pserv_req *pq =
            ap_get_module_config(r->prev->request_config, &pserv_module);
        if (pq && pq->session_loaded)
            return q->session = pq->session;
    }
    token = pserv_cookie_get(r, pserv_cookie_name(r, "pserv_session"));
    if (!token)
        return NULL;
    if (!(db = pserv_db_get(r))) {
        q->db_failed = 1;
        return NULL;
    }
    memset(&rd, 0, sizeof rd);
    rd.hash = pserv_token_hash(r->pool, token);
    rd.now = pserv_now_sql(r);
    rd.max_age = pserv_secs(r, c->session_max);
    rd.idle = pserv_secs(r, c->session_idle);
    /* a ticket page: its ticket's data version comes with the session,
     * and its access record is written by the same statement. Only the
     * route's own spelling of the page (route.c: no leading zero), so a
     * path that is not the page records nothing. */
    if (r->method_number == M_GET && (ticket = pserv_ticket_page_id(r->uri))
        && strcmp(r->uri + sizeof "/requests/" - 1, pserv_i64s(r, ticket)) != 0)
        ticket = 0;
    rd.ticket = ticket ? pserv_i64s(r, ticket) : "";
    if (pserv_identity_get(r, rd.hash, &k))
        s = pserv_session_read_one(r, db, &k, &rd, &ok);
    if (s)
        kept = "kept";
    else if (ok == 0) { /* not kept, or no longer the data as it is */
        if ((s = pserv_session_read_one(r, db, NULL, &rd, &ok)))
            pserv_identity_put(r, s, rd.people);
    }
    if (pserv_conf_test_hooks(c))
        apr_table_setn(r->headers_out, PSERV_SESSION_TEST_HEADER, kept);
    if (ok < 0) {
        q->db_failed = 1;
        return NULL;
    }
    if (!s)
        return NULL;
    s->token_hash = rd.hash;
    if (!ticket)
        s->ticket_version = NULL;
    else {
        s->ticket_version_of = ticket;
        if (rd.nomor)
            pserv_access_defer(r, s, ticket, rd.nomor, rd.now);
    }
    /* Sliding idle timeout, kept to the minute: most requests send no
     * second statement. */
    if (rd.stale && strcmp(rd.stale, "t") == 0)
        pserv_db_query(db, session_touch, NULL, rd.now, rd.hash);
    return q->session = s;
}

/* An account acting without a login (a decision link from its mail): who
 * it is, as a session would say, but no cookie, no CSRF token of its own
 * and nothing stored. */
pserv_session *pserv_session_of_account(request_rec *r, pserv_db *db,
                                        apr_int64_t account_id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_session *s;

    if (pserv_db_select(db, account_identity, &res, pserv_i64s(r, account_id))
            != 0
        || !(row = pserv_db_row(db, res, 1)))
        return NULL;
    s = apr_pcalloc(r->pool, sizeof *s);
    s->account_id = account_id;
    s->username = pserv_db_col(db, row, 0);
    s->full_name = pserv_db_col(db, row, 1);
    s->roles = pserv_db_col(db, row, 2);
    s->nopek = pserv_db_col(db, row, 3);
    s->email = pserv_db_col(db, row, 4);
    s->lang = pserv_db_col(db, row, 5);
    return s;
}

/* Start a fresh session for account_id: a new token every login, so a
 * cookie planted before login is worth nothing after it. */
int pserv_session_create(request_rec *r, apr_int64_t account_id)
{
    const pserv_dir_conf *c = pserv_conf(r);
    pserv_db *db = pserv_db_get(r);
    const char *token = pserv_token_new(r->pool);
    const char *csrf = pserv_token_new(r->pool);
    const char *now = pserv_now_sql(r), *old;

    if (!db || !token || !csrf)
        return HTTP_INTERNAL_SERVER_ERROR;
    old = pserv_cookie_get(r, pserv_cookie_name(r, "pserv_session"));
    if (old)
        pserv_db_query(db, session_delete, NULL,
                       pserv_token_hash(r->pool, old));
    if (pserv_db_query(db, session_insert, NULL,
                       pserv_token_hash(r->pool, token),
                       pserv_i64s(r, account_id), csrf, r->useragent_ip, now)
        != 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    /* Sweep what has expired for everybody. */
    pserv_db_query(db, session_sweep, NULL, now, pserv_secs(r, c->session_max),
                   pserv_secs(r, c->session_idle));
    ap_cookie_write(r, pserv_cookie_name(r, "pserv_session"), token,
                    pserv_cookie_attrs(r, "Lax"), 0, r->err_headers_out, NULL);
    return OK;
}

void pserv_session_destroy(request_rec *r)
{
    pserv_session *s = pserv_session_load(r);
    pserv_db *db;

    if (s && (db = pserv_db_get(r)))
        pserv_db_query(db, session_delete, NULL, s->token_hash);
    pserv_req_get(r)->session = NULL;
    ap_cookie_remove(r, pserv_cookie_name(r, "pserv_session"),
                     pserv_cookie_attrs(r, "Lax"), r->err_headers_out, NULL);
}

int pserv_session_has_role(const pserv_session *s, const char *role)
{
    return s && pserv_roles_contain(s->roles, role);
}

const char *pserv_session_scope(const pserv_session *s)
{
    pserv_actor who = { s->nopek, s->roles, s->email, s->account_id };

    return pserv_scope(&who);
}

/* The CSRF token forms on this page must carry: the session's, or before
 * login the double-submit cookie's (set now if the browser has none). */
const char *pserv_csrf_token(request_rec *r)
{
    pserv_req *q = pserv_req_get(r);
    pserv_session *s = pserv_session_load(r);
    const char *name;

    if (s)
        return s->csrf;
    if (q->csrf)
        return q->csrf;
    name = pserv_cookie_name(r, "pserv_csrf");
    q->csrf = pserv_cookie_get(r, name);
    if (!q->csrf) {
        q->csrf = pserv_token_new(r->pool);
        if (q->csrf)
            ap_cookie_write(r, name, q->csrf, pserv_cookie_attrs(r, "Strict"),
                            0, r->err_headers_out, NULL);
    }
    return q->csrf;
}

/* scheme://host[:port] of an absolute URL, or NULL. */
static const char *pserv_origin_of(apr_pool_t *p, const char *url)
{
    const char *s = url ? strstr(url, "://") : NULL;
    const char *end;

    if (!s)
        return NULL;
    end = strchr(s + 3, '/');
    return end ? apr_pstrndup(p, url, end - url) : url;
}

/* A state-changing request must come from one of our own pages: its
 * Origin (or, lacking that, Referer) is the configured public base URL or
 * the host the browser addressed. Clients that send neither must still
 * present the CSRF token. */
static int pserv_origin_ok(request_rec *r)
{
    const char *origin = apr_table_get(r->headers_in, "Origin");
    const char *host = apr_table_get(r->headers_in, "Host");
    const char *own, *base;

    if (!origin)
        origin =
            pserv_origin_of(r->pool, apr_table_get(r->headers_in, "Referer"));
    if (!origin)
        return 1;
    base = pserv_origin_of(r->pool, pserv_conf(r)->base_url);
    if (base && strcasecmp(origin, base) == 0)
        return 1;
    own = host ? apr_pstrcat(r->pool, ap_http_scheme(r), "://", host, NULL)
               : NULL;
    return own && strcasecmp(origin, own) == 0;
}

int pserv_csrf_ok(request_rec *r, const char *submitted)
{
    pserv_session *s = pserv_session_load(r);
    const char *expected;

    if (!pserv_origin_ok(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[SESS01]: cross-origin POST refused (Origin %s)",
                      apr_table_get(r->headers_in, "Origin"));
        pserv_audit_deny(r, "origin", "origin",
                         apr_table_get(r->headers_in, "Origin"), NULL);
        return 0;
    }
    expected =
        s ? s->csrf : pserv_cookie_get(r, pserv_cookie_name(r, "pserv_csrf"));
    if (!expected || !submitted || !pserv_ct_streq(expected, submitted)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[SESS02]: POST without a valid CSRF token refused");
        pserv_audit_deny(r, "csrf", NULL);
        return 0;
    }
    return 1;
}
