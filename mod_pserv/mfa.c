/*
 * mfa.c: the second factor (mfa.h).
 *
 * After the password (signin.c), an account that is enrolled, or that
 * PservRequireMFA names, gets no session yet: its browser holds a
 * pending state (mfa_pending, migration 018: the SHA-256 of the
 * pserv_mfa cookie's token) for PSERV_MFA_PENDING_SECS, which opens
 * nothing but /login/mfa (handle_mfa.c). pserv_session_load never sees
 * it: the session row is made only when the code is right.
 *
 * TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s) is liboath's
 * oath_totp_validate3, with one step of slack either side; a code is
 * accepted once (account_mfa.last_step). The 20-byte secrets are sealed
 * with AES-256-GCM under PservMFAKeyFile's key (core/mfa.c). Wrong codes
 * count in mfa_failures: PSERV_MFA_FAIL_MAX within PSERV_MFA_FAIL_WINDOW
 * and the account's codes are refused until the window has passed them.
 */
#include "db.h"
#include "mfa.h"
#include "session.h"
#include "audit.h"
#include "config.h"

#include "apr_strings.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <openssl/crypto.h>
#include <errno.h>

#define PSERV_MFA_PENDING_SECS 300
#define PSERV_MFA_FAIL_MAX     5
#define PSERV_MFA_FAIL_WINDOW  "15 minutes"
#define PSERV_MFA_STEP         30
#define PSERV_MFA_ISSUER       "P-Serv"
#define PSERV_MFA_COOKIE       "pserv_mfa"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* account id -> enrolled, roles, is an Atasan (some active employee's
 * supervisor or a unit's head, as migration 013's pserv_approves) */
PSERV_SQL(mfa_owed, 1,
          "SELECT coalesce((SELECT m.enabled_at IS NOT NULL FROM account_mfa m"
          "   WHERE m.account_id = a.id), false),"
          " coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
          "   FROM account_roles WHERE account_id = a.id), ''),"
          " a.nopek IS NOT NULL AND (EXISTS (SELECT 1 FROM employees e"
          "   WHERE e.supervisor_nopek = a.nopek AND e.active)"
          "   OR EXISTS (SELECT 1 FROM units u WHERE u.head_nopek = a.nopek))"
          " FROM accounts a WHERE a.id = %s::bigint");
/* token hash, account id, via, next, now, client address; and the
 * states nobody finished an hour ago */
PSERV_SQL(mfa_pending_insert, 6,
          "INSERT INTO mfa_pending (token_hash, account_id, via, next,"
          " created_at, client_ip)"
          " VALUES (decode(%s, 'hex'), %s::bigint, %s, %s, %s::timestamptz,"
          " %s)");
/* now */
PSERV_SQL(mfa_pending_sweep, 1,
          "DELETE FROM mfa_pending"
          " WHERE created_at < %s::timestamptz - interval '1 hour'");
/* token hash */
PSERV_SQL(mfa_pending_delete, 1,
          "DELETE FROM mfa_pending WHERE token_hash = decode(%s, 'hex')");
/* token hash, now, lifetime (s) -> account id, username, full name, via,
 * next, enrolled */
PSERV_SQL(mfa_pending_get, 3,
          "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
          " make_interval(secs => %s::int) AS life)"
          " SELECT a.id, a.username, a.full_name, p.via, p.next,"
          " coalesce(m.enabled_at IS NOT NULL, false)"
          " FROM arg, mfa_pending p JOIN accounts a ON a.id = p.account_id"
          " LEFT JOIN account_mfa m ON m.account_id = p.account_id"
          " WHERE p.token_hash = arg.h AND a.active"
          " AND p.created_at > arg.now - arg.life"
          " AND p.created_at <= arg.now + interval '1 minute'");
/* account id -> secret (hex), enabled, last step, enabled since (epoch),
 * unused recovery codes */
PSERV_SQL(mfa_get, 1,
          "SELECT encode(m.secret, 'hex'), m.enabled_at IS NOT NULL,"
          " m.last_step, extract(epoch FROM m.enabled_at)::bigint,"
          " (SELECT count(*) FROM mfa_recovery r"
          "   WHERE r.account_id = m.account_id AND r.used_at IS NULL)"
          " FROM account_mfa m WHERE m.account_id = %s::bigint");
/* account id, sealed secret (hex), now: a secret waiting for its
 * confirmation, unless the account has one */
PSERV_SQL(mfa_secret_new, 3,
          "INSERT INTO account_mfa (account_id, secret, created_at)"
          " VALUES (%s::bigint, decode(%s, 'hex'), %s::timestamptz)"
          " ON CONFLICT (account_id) DO NOTHING");
/* step, now, account id: the waiting secret confirmed */
PSERV_SQL(mfa_enable, 3,
          "UPDATE account_mfa SET last_step = %s::bigint,"
          " enabled_at = %s::timestamptz"
          " WHERE account_id = %s::bigint AND enabled_at IS NULL");
/* account id, recovery code hashes (hex, space-separated) */
PSERV_SQL(
    mfa_recovery_set, 2,
    "WITH arg AS (SELECT %s::bigint AS id, string_to_array(%s, ' ') AS h),"
    " del AS (DELETE FROM mfa_recovery r USING arg"
    "   WHERE r.account_id = arg.id)"
    " INSERT INTO mfa_recovery (account_id, code_hash)"
    " SELECT arg.id, decode(x, 'hex') FROM arg, unnest(arg.h) x");
/* step, account id, step: accepted once */
PSERV_SQL(mfa_step_take, 3,
          "UPDATE account_mfa SET last_step = %s::bigint"
          " WHERE account_id = %s::bigint AND enabled_at IS NOT NULL"
          " AND last_step < %s::bigint");
/* now, account id, code hash (hex) -> unused codes left */
PSERV_SQL(mfa_recovery_use, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::bigint AS id,"
          " decode(%s, 'hex') AS h),"
          " used AS (UPDATE mfa_recovery r SET used_at = arg.now FROM arg"
          "   WHERE r.account_id = arg.id AND r.code_hash = arg.h"
          "   AND r.used_at IS NULL RETURNING r.code_hash)"
          " SELECT (SELECT count(*) FROM mfa_recovery r, arg"
          "   WHERE r.account_id = arg.id AND r.used_at IS NULL)"
          "   - (SELECT count(*) FROM used)"
          " FROM used");
/* account id, now, now -> wrong codes within the window */
PSERV_SQL(mfa_fail_count, 3,
          "SELECT count(*) FROM mfa_failures WHERE account_id = %s::bigint"
          " AND at <= %s::timestamptz"
          " AND at > %s::timestamptz - interval '" PSERV_MFA_FAIL_WINDOW "'");
/* account id, client key, now */
PSERV_SQL(mfa_fail_add, 3,
          "INSERT INTO mfa_failures (account_id, client_ip, at)"
          " VALUES (%s::bigint, %s, %s::timestamptz)");
/* account id */
PSERV_SQL(mfa_fail_clear, 1,
          "DELETE FROM mfa_failures WHERE account_id = %s::bigint");
/* account id -> it was enrolled, its username (NULL: no such account) */
PSERV_SQL(mfa_forget, 1,
          "WITH arg AS (SELECT %s::bigint AS id),"
          " r AS (DELETE FROM mfa_recovery x USING arg"
          "   WHERE x.account_id = arg.id),"
          " p AS (DELETE FROM mfa_pending x USING arg"
          "   WHERE x.account_id = arg.id),"
          " f AS (DELETE FROM mfa_failures x USING arg"
          "   WHERE x.account_id = arg.id),"
          " m AS (DELETE FROM account_mfa x USING arg"
          "   WHERE x.account_id = arg.id RETURNING x.enabled_at)"
          " SELECT coalesce((SELECT enabled_at IS NOT NULL FROM m), false),"
          " (SELECT username FROM accounts a, arg WHERE a.id = arg.id)");

const pserv_stmt *const pserv_sql_table_mfa[] = {
    &pserv_sql_mfa_owed,          &pserv_sql_mfa_pending_insert,
    &pserv_sql_mfa_pending_sweep, &pserv_sql_mfa_pending_delete,
    &pserv_sql_mfa_pending_get,   &pserv_sql_mfa_get,
    &pserv_sql_mfa_secret_new,    &pserv_sql_mfa_enable,
    &pserv_sql_mfa_recovery_set,  &pserv_sql_mfa_step_take,
    &pserv_sql_mfa_recovery_use,  &pserv_sql_mfa_fail_count,
    &pserv_sql_mfa_fail_add,      &pserv_sql_mfa_fail_clear,
    &pserv_sql_mfa_forget,        NULL,
};

int pserv_mfa_enabled(request_rec *r)
{
    return pserv_conf(r)->mfa_key != NULL;
}

/* 1 when PservRequireMFA names one of roles, or "atasan" and atasan. */
static int pserv_mfa_required(request_rec *r, const char *roles, int atasan)
{
    const char *t = pserv_conf(r)->mfa_require, *w;

    while (*(w = ap_getword_white(r->pool, &t)))
        if (strcmp(w, "atasan") == 0 ? atasan : pserv_roles_contain(roles, w))
            return 1;
    return 0;
}

int pserv_mfa_owed_of(request_rec *r, pserv_db *db, apr_int64_t account,
                      pserv_mfa_owed *owed)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    *owed = PSERV_MFA_NONE;
    if (!pserv_mfa_enabled(r)) {
        /* a <Location> may set PservRequireMFA where no key is (a server
         * or virtual host refuses to start so: pserv_mfa_init) */
        if (*pserv_conf(r)->mfa_require) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          "pserv[MFA02]: PservRequireMFA is set here but "
                          "PservMFAKeyFile is not: login refused");
            return HTTP_SERVICE_UNAVAILABLE;
        }
        return 0;
    }
    if (pserv_db_select(db, mfa_owed, &res, pserv_i64s(r, account)) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return HTTP_SERVICE_UNAVAILABLE;
    if (*pserv_db_col(db, row, 0) == 't')
        *owed = PSERV_MFA_CODE;
    else if (pserv_mfa_required(r, pserv_db_col(db, row, 1),
                                *pserv_db_col(db, row, 2) == 't'))
        *owed = PSERV_MFA_ENROL;
    return 0;
}

/* ---- the pending state ---- */

int pserv_mfa_pending_start(request_rec *r, pserv_db *db, apr_int64_t account,
                            const char *via, const char *next)
{
    const char *token = pserv_token_new(r->pool), *now = pserv_now_sql(r);
    const char *old = pserv_cookie_token_get(r, PSERV_MFA_COOKIE);

    if (!token)
        return HTTP_INTERNAL_SERVER_ERROR;
    if (old)
        pserv_db_query(db, mfa_pending_delete, NULL,
                       pserv_token_hash(r->pool, old));
    pserv_db_query(db, mfa_pending_sweep, NULL, now);
    if (pserv_db_query(db, mfa_pending_insert, NULL,
                       pserv_token_hash(r->pool, token), pserv_i64s(r, account),
                       via, next && pserv_valid_local_path(next) ? next : NULL,
                       now, r->useragent_ip)
        != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    pserv_cookie_token_set(r, PSERV_MFA_COOKIE, token);
    return 0;
}

pserv_mfa_pending *pserv_mfa_pending_load(request_rec *r, pserv_db *db,
                                          int *failed)
{
    const char *token = pserv_cookie_token_get(r, PSERV_MFA_COOKIE);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_mfa_pending *p;

    *failed = 0;
    if (!token)
        return NULL;
    if (pserv_db_select(db, mfa_pending_get, &res,
                        pserv_token_hash(r->pool, token), pserv_now_sql(r),
                        apr_itoa(r->pool, PSERV_MFA_PENDING_SECS))
        != 0) {
        *failed = 1;
        return NULL;
    }
    if (!(row = pserv_db_row(db, res, 1)))
        return NULL;
    p = apr_pcalloc(r->pool, sizeof *p);
    p->account = apr_atoi64(pserv_db_col(db, row, 0));
    p->username = pserv_db_col(db, row, 1);
    p->full_name = pserv_db_col(db, row, 2);
    p->via = pserv_db_col(db, row, 3);
    p->next = pserv_db_col(db, row, 4);
    p->enrolled = *pserv_db_col(db, row, 5) == 't';
    return p;
}

void pserv_mfa_pending_end(request_rec *r, pserv_db *db)
{
    const char *token = pserv_cookie_token_get(r, PSERV_MFA_COOKIE);

    if (token)
        pserv_db_query(db, mfa_pending_delete, NULL,
                       pserv_token_hash(r->pool, token));
    pserv_cookie_token_remove(r, PSERV_MFA_COOKIE);
}

/* ---- secrets ---- */

static const unsigned char *pserv_mfa_key(request_rec *r)
{
    apr_size_t n = 0;
    const char *hex = pserv_conf(r)->mfa_key;
    unsigned char *k = hex ? pserv_unhex(r->pool, hex, &n) : NULL;

    return k && n == PSERV_MFA_KEY_BYTES ? k : NULL;
}

static const char *pserv_mfa_aad(request_rec *r, apr_int64_t account)
{
    return apr_psprintf(r->pool, "pserv-mfa:%" APR_INT64_T_FMT, account);
}

/* The account's secret row: *secret (its bytes), enabled, last step,
 * since, recovery codes left. 0; 1 when none; -1 on error (logged). */
typedef struct {
    unsigned char *secret;
    apr_size_t len;
    int enabled, left;
    const char *last_step, *since;
} pserv_mfa_row;

static int pserv_mfa_load(request_rec *r, pserv_db *db, apr_int64_t account,
                          int open, pserv_mfa_row *m)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const unsigned char *key;
    unsigned char *sealed;
    apr_size_t n = 0;

    memset(m, 0, sizeof *m);
    if (pserv_db_select(db, mfa_get, &res, pserv_i64s(r, account)) != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1)))
        return 1;
    m->enabled = *pserv_db_col(db, row, 1) == 't';
    m->last_step = pserv_db_col(db, row, 2);
    m->since = pserv_db_col(db, row, 3);
    m->left = atoi(pserv_db_col(db, row, 4));
    if (!open)
        return 0;
    if (!(key = pserv_mfa_key(r))
        || !(sealed = pserv_unhex(r->pool, pserv_db_col(db, row, 0), &n))
        || !(m->secret = pserv_mfa_open(r->pool, key, pserv_mfa_aad(r, account),
                                        sealed, n, &m->len))) {
        ap_log_rerror(
            APLOG_MARK, APLOG_ERR, 0, r,
            "pserv[MFA03]: the TOTP secret of account %" APR_INT64_T_FMT
            " does not open with the key of PservMFAKeyFile "
            "(another key sealed it?)",
            account);
        return -1;
    }
    return 0;
}

int pserv_mfa_enrol_secret(request_rec *r, pserv_db *db, apr_int64_t account,
                           const char *username, const char **b32,
                           const char **uri, const char **qr_path, int *qr_size)
{
    pserv_mfa_row m;
    QRcode *qr;
    int rv;

    if ((rv = pserv_mfa_load(r, db, account, 1, &m)) < 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (rv == 1) {
        unsigned char raw[PSERV_MFA_SECRET_BYTES], *sealed;
        const unsigned char *key = pserv_mfa_key(r);
        apr_size_t n = 0;
        if (!key || pserv_random_bytes(raw, sizeof raw) != APR_SUCCESS
            || !(sealed =
                     pserv_mfa_seal(r->pool, key, pserv_mfa_aad(r, account),
                                    raw, sizeof raw, &n)))
            return HTTP_INTERNAL_SERVER_ERROR;
        OPENSSL_cleanse(raw, sizeof raw);
        if (pserv_db_query(db, mfa_secret_new, NULL, pserv_i64s(r, account),
                           pserv_hex(r->pool, sealed, n), pserv_now_sql(r))
                != 0
            || pserv_mfa_load(r, db, account, 1, &m) != 0)
            return HTTP_SERVICE_UNAVAILABLE;
    }
    if (m.enabled)
        return HTTP_CONFLICT;
    *b32 = pserv_base32(r->pool, m.secret, m.len);
    *uri = pserv_mfa_uri(r->pool, PSERV_MFA_ISSUER, username, *b32);
    if (!(qr = QRcode_encodeString(*uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1))) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_FROM_OS_ERROR(errno), r,
                      "pserv[MFA04]: libqrencode could not draw the QR code");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    *qr_path = pserv_mfa_svg_path(r->pool, qr->data, qr->width);
    *qr_size = qr->width + 8;
    QRcode_free(qr);
    return 0;
}

/* 1 when the account already has PSERV_MFA_FAIL_MAX wrong codes within
 * the window; -1 on error. */
static int pserv_mfa_locked(request_rec *r, pserv_db *db, apr_int64_t account)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *now = pserv_now_sql(r);

    if (pserv_db_select(db, mfa_fail_count, &res, pserv_i64s(r, account), now,
                        now)
            != 0
        || !(row = pserv_db_row(db, res, 1)))
        return -1;
    return atoi(pserv_db_col(db, row, 0)) >= PSERV_MFA_FAIL_MAX;
}

/* A wrong code: counted, audited; the one that reaches the limit says so. */
static int pserv_mfa_wrong(request_rec *r, pserv_db *db, apr_int64_t account,
                           const char *username, const char *reason, int rv)
{
    int locked;

    pserv_db_query(db, mfa_fail_add, NULL, pserv_i64s(r, account),
                   pserv_client_key(r->pool, r->useragent_ip),
                   pserv_now_sql(r));
    locked = pserv_mfa_locked(r, db, account) == 1;
    pserv_audit(r, "mfa.fail", username, "reason", reason, "locked",
                locked ? "1" : "0", NULL);
    return rv;
}

/* Neither six digits nor a recovery code: said, audited, not counted. */
static int pserv_mfa_malformed(request_rec *r, const char *username)
{
    pserv_audit(r, "mfa.fail", username, "reason", "malformed", "locked", "0",
                NULL);
    return PSERV_MFA_MALFORMED;
}

/* The step whose code typed is, for secret at the request's clock (this
 * step or one either side), or -1. */
static apr_int64_t pserv_mfa_step_of(request_rec *r, const pserv_mfa_row *m,
                                     const char *code)
{
    uint64_t counter = 0;
    int pos = 0;

    if (oath_totp_validate3((const char *)m->secret, m->len,
                            (time_t)apr_time_sec(pserv_now(r)), PSERV_MFA_STEP,
                            0, 1, &pos, &counter, code)
        < 0)
        return -1;
    return (apr_int64_t)counter;
}

int pserv_mfa_enrol_confirm(request_rec *r, pserv_db *db, apr_int64_t account,
                            const char *username, const char *typed,
                            apr_array_header_t **codes)
{
    pserv_mfa_row m;
    const char *code = pserv_mfa_code_norm(r->pool, typed), *hashes = "";
    const unsigned char *key;
    apr_int64_t step;
    int i, n = 0, rv;

    if ((rv = pserv_mfa_locked(r, db, account)) != 0) {
        if (rv < 0)
            return PSERV_MFA_ERROR;
        pserv_audit(r, "mfa.fail", username, "reason", "locked", "locked", "1",
                    NULL);
        return PSERV_MFA_LOCKED;
    }
    if (!code)
        return pserv_mfa_malformed(r, username);
    if (pserv_mfa_load(r, db, account, 1, &m) != 0 || m.enabled
        || !(key = pserv_mfa_key(r)))
        return PSERV_MFA_ERROR;
    if ((step = pserv_mfa_step_of(r, &m, code)) < 0)
        return pserv_mfa_wrong(r, db, account, username, "wrong-code",
                               PSERV_MFA_WRONG);
    *codes = apr_array_make(r->pool, PSERV_MFA_RECOVERY_CODES, sizeof(char *));
    for (i = 0; i < PSERV_MFA_RECOVERY_CODES; i++) {
        char *c = pserv_mfa_recovery_new(r->pool);
        if (!c)
            return PSERV_MFA_ERROR;
        *(char **)apr_array_push(*codes) = c;
        const char *h =
            pserv_mfa_recovery_hash(r->pool, key, pserv_mfa_aad(r, account),
                                    pserv_mfa_recovery_norm(r->pool, c));
        if (!h)
            return PSERV_MFA_ERROR;
        hashes = apr_pstrcat(r->pool, hashes, i ? " " : "", h, NULL);
    }
    if (pserv_db_begin(db) != 0)
        return PSERV_MFA_ERROR;
    if (pserv_db_query(db, mfa_enable, &n,
                       apr_psprintf(r->pool, "%" APR_INT64_T_FMT, step),
                       pserv_now_sql(r), pserv_i64s(r, account))
            != 0
        || n != 1
        || pserv_db_query(db, mfa_recovery_set, NULL, pserv_i64s(r, account),
                          hashes)
               != 0
        || pserv_db_query(db, mfa_fail_clear, NULL, pserv_i64s(r, account))
               != 0) {
        pserv_db_rollback(db);
        return PSERV_MFA_ERROR;
    }
    if (pserv_db_end(db) != 0)
        return PSERV_MFA_ERROR;
    pserv_audit(r, "mfa.enrol", username, "recovery_codes",
                apr_itoa(r->pool, PSERV_MFA_RECOVERY_CODES), NULL);
    return PSERV_MFA_OK;
}

int pserv_mfa_check(request_rec *r, pserv_db *db, apr_int64_t account,
                    const char *username, const char *typed, const char **how,
                    int *left)
{
    pserv_mfa_row m;
    const char *code = pserv_mfa_code_norm(r->pool, typed), *rc;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int rv, n = 0;

    *how = NULL;
    *left = 0;
    if ((rv = pserv_mfa_locked(r, db, account)) != 0) {
        if (rv < 0)
            return PSERV_MFA_ERROR;
        pserv_audit(r, "mfa.fail", username, "reason", "locked", "locked", "1",
                    NULL);
        return PSERV_MFA_LOCKED;
    }
    if (code) {
        apr_int64_t step;
        const char *st;
        if (pserv_mfa_load(r, db, account, 1, &m) != 0 || !m.enabled)
            return PSERV_MFA_ERROR;
        if ((step = pserv_mfa_step_of(r, &m, code)) < 0)
            return pserv_mfa_wrong(r, db, account, username, "wrong-code",
                                   PSERV_MFA_WRONG);
        st = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, step);
        if (pserv_db_query(db, mfa_step_take, &n, st, pserv_i64s(r, account),
                           st)
            != 0)
            return PSERV_MFA_ERROR;
        if (n != 1)
            return pserv_mfa_wrong(r, db, account, username, "replay",
                                   PSERV_MFA_REPLAY);
        *how = "totp";
        *left = m.left;
        pserv_audit(r, "mfa.ok", username, "how", "totp", NULL);
    }
    else if ((rc = pserv_mfa_recovery_norm(r->pool, typed)) != NULL) {
        const unsigned char *key = pserv_mfa_key(r);
        const char *h = key ? pserv_mfa_recovery_hash(
                            r->pool, key, pserv_mfa_aad(r, account), rc)
                            : NULL;
        if (!h
            || pserv_db_select(db, mfa_recovery_use, &res, pserv_now_sql(r),
                               pserv_i64s(r, account), h)
                   != 0)
            return PSERV_MFA_ERROR;
        if (!(row = pserv_db_row(db, res, 1)))
            return pserv_mfa_wrong(r, db, account, username,
                                   "wrong-recovery-code", PSERV_MFA_WRONG);
        *how = "recovery";
        *left = atoi(pserv_db_col(db, row, 0));
        pserv_audit(r, "mfa.recovery", username, "left",
                    apr_itoa(r->pool, *left), NULL);
    }
    else
        return pserv_mfa_malformed(r, username);
    pserv_db_query(db, mfa_fail_clear, NULL, pserv_i64s(r, account));
    return PSERV_MFA_OK;
}

int pserv_mfa_status(request_rec *r, pserv_db *db, apr_int64_t account,
                     int *enabled, const char **since, int *left)
{
    pserv_mfa_row m;
    int rv = pserv_mfa_load(r, db, account, 0, &m);

    if (rv < 0)
        return HTTP_SERVICE_UNAVAILABLE;
    *enabled = m.enabled;
    *since = m.enabled ? m.since : NULL;
    *left = m.enabled ? m.left : 0;
    return 0;
}

int pserv_mfa_reset(request_rec *r, pserv_db *db, apr_int64_t account, int *had,
                    const char **username)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, mfa_forget, &res, pserv_i64s(r, account)) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return APR_EGENERAL;
    *had = *pserv_db_col(db, row, 0) == 't';
    *username = pserv_db_col(db, row, 1);
    return 0;
}

int pserv_mfa_init(apr_pool_t *pconf, server_rec *s)
{
    (void)pconf;
    if (oath_init() != OATH_OK) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "pserv[MFA05]: liboath failed to start");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* check_config (also under apache2 -t): a server or virtual host whose
 * PservRequireMFA has no PservMFAKeyFile does not start. */
static int pserv_mfa_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                                  apr_pool_t *ptemp, server_rec *s)
{
    server_rec *v;

    (void)pconf;
    (void)plog;
    (void)ptemp;
    for (v = s; v; v = v->next) {
        const pserv_dir_conf *c =
            ap_get_module_config(v->lookup_defaults, &pserv_module);
        if (c && c->mfa_require && *c->mfa_require && !c->mfa_key) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, v,
                         "pserv[MFA01]: PservRequireMFA %s needs "
                         "PservMFAKeyFile (the key that seals the TOTP "
                         "secrets: 64 hex digits, e.g. openssl rand -hex 32 "
                         "> /etc/pserv/mfa.key) in server %s:%u: not starting",
                         c->mfa_require,
                         v->server_hostname ? v->server_hostname : "", v->port);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}

void pserv_mfa_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_check_config(pserv_mfa_check_config, NULL, NULL, APR_HOOK_MIDDLE);
}
