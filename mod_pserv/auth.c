/*
 * auth.c: "AuthType pserv" and "Require pserv-role ...", plugged into
 * httpd's own auth hooks, and the login and logout pages.
 *
 *   <Location /requests>
 *       AuthType pserv
 *       Require valid-user                 # any logged-in account
 *   </Location>
 *   <Location /admin>
 *       AuthType pserv
 *       Require pserv-role admin           # one of the listed roles
 *   </Location>
 */
#include "db.h"
#include "form.h"
#include "auth.h"
#include "account.h"
#include "signin.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "metrics.h"
#include "i18n.h"
#include "pagecache.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_atomic.h"
#include "http_core.h"
#include "mod_auth.h"
#include "util_script.h"
#include "ap_provider.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* username */
PSERV_SQL(login_account, 1,
          "SELECT id, password_hash FROM accounts"
          " WHERE username = %s AND active");
/* username, now, client key -> (this username is locked for this client,
 * failures from this client in the last 15 minutes, failures of this
 * username from anywhere in the last 15 minutes, seconds since the last
 * of those). A username+client pair is locked for 15 minutes from its 5th
 * failure within 15 minutes; the client key is the address, an IPv6 one
 * as its /64 (pserv_client_key). */
PSERV_SQL(login_lock, 3,
          "WITH arg AS (SELECT %s::text AS u, %s::timestamptz AS now,"
          " %s::text AS ip),"
          " last5 AS (SELECT f.at FROM login_failures f, arg"
          "   WHERE f.username = arg.u AND f.client_ip = arg.ip"
          "   AND f.at <= arg.now ORDER BY f.at DESC LIMIT 5),"
          " mine AS (SELECT f.at FROM login_failures f, arg"
          "   WHERE f.username = arg.u AND f.at <= arg.now"
          "   AND f.at > arg.now - interval '15 minutes')"
          " SELECT coalesce((SELECT count(*) = 5"
          "   AND max(at) - min(at) <= interval '15 minutes'"
          "   AND max(at) > (SELECT now FROM arg) - interval '15 minutes'"
          "   FROM last5), false),"
          " (SELECT count(*) FROM login_failures f, arg"
          "   WHERE f.client_ip = arg.ip AND f.at <= arg.now"
          "   AND f.at > arg.now - interval '15 minutes'),"
          " (SELECT count(*) FROM mine),"
          " coalesce((SELECT extract(epoch FROM (SELECT now FROM arg)"
          "   - max(at))::bigint FROM mine), 0)");
/* username, client key, now */
PSERV_SQL(login_fail_add, 3,
          "INSERT INTO login_failures (username, client_ip, at)"
          " VALUES (%s, %s, %s::timestamptz)");

const pserv_stmt *const pserv_sql_table_auth[] = {
    &pserv_sql_login_account,
    &pserv_sql_login_lock,
    &pserv_sql_login_fail_add,
    NULL,
};

/* Failures from one client (pserv_client_key) within 15 minutes before it
 * is refused outright, whatever username it tries. */
#define PSERV_LOGIN_IP_MAX 30
/* A username's failures from anywhere within 15 minutes before each new
 * attempt on it must wait: PSERV_LOGIN_DELAY seconds after its latest
 * failure, doubled with each failure past PSERV_LOGIN_USER_SOFT, at most
 * PSERV_LOGIN_DELAY_MAX. Nobody can lock an account for good this way,
 * and guessing one account from many addresses is held to a few dozen
 * tries an hour (ASVS 2.2.1: at most 100). */
#define PSERV_LOGIN_USER_SOFT 5
#define PSERV_LOGIN_DELAY     15
#define PSERV_LOGIN_DELAY_MAX 900
/* Argon2id computations at once in one process (each ~19 MiB and tens of
 * milliseconds); a login past them waits up to PSERV_ARGON2_WAIT, then is
 * answered 503 with Retry-After. */
#define PSERV_ARGON2_MAX     2
#define PSERV_ARGON2_WAIT    apr_time_from_msec(2000)
#define PSERV_ARGON2_RETRY   "5"
#define PSERV_ARGON2_HEADER  "X-Pserv-Test-Argon2"
#define PSERV_LOGIN_FORM_MAX 8192
#define PSERV_USERNAME_MAX   64
#define PSERV_FAILED_LOGIN   PSERV_MSG_KEY("login.failed")
/* A provider of PservAuthProvider could not be asked (AUTH_GENERAL_ERROR),
 * and nobody else said yes. */
#define PSERV_DIRECTORY_DOWN PSERV_MSG_KEY("login.directory_down")

/* The session cookie identifies the user; without one, the browser goes
 * to the login page and comes back here afterwards (the API answers 401). */
static int pserv_check_authn(request_rec *r)
{
    const char *type = ap_auth_type(r);
    pserv_session *s;

    if (!type || strcasecmp(type, "pserv") != 0)
        return DECLINED;
    s = pserv_session_load(r);
    if (s) {
        r->user = (char *)s->username;
        r->ap_auth_type = (char *)"pserv";
        return OK;
    }
    if (pserv_req_get(r)->db_failed)
        return HTTP_SERVICE_UNAVAILABLE;
    pserv_security_headers(r);
    /* A program calling the API is told, not sent to a login form: 401,
     * which ErrorDocument's /_error answers in JSON (pserv_error_page). */
    if (pserv_api_request(r))
        return HTTP_UNAUTHORIZED;
    if (r->method_number == M_GET && pserv_valid_local_path(r->unparsed_uri))
        return pserv_redirect(
            r,
            apr_pstrcat(r->pool, "/login?next=",
                        ap_escape_urlencoded(r->pool, r->unparsed_uri), NULL));
    return pserv_redirect(r, "/login");
}

static authz_status pserv_authz_role(request_rec *r, const char *require_line,
                                     const void *parsed)
{
    pserv_session *s;
    const char *t = require_line, *w;

    (void)parsed;
    if (!r->user)
        return AUTHZ_DENIED_NO_USER;
    s = pserv_session_load(r);
    if (!s)
        return AUTHZ_DENIED;
    while (*(w = ap_getword_conf(r->pool, &t)))
        if (pserv_session_has_role(s, w))
            return AUTHZ_GRANTED;
    pserv_audit_deny(r, "role", "require", require_line, NULL);
    return AUTHZ_DENIED;
}

/* Refuse unknown role names when the configuration is read. */
static const char *pserv_authz_role_parse(cmd_parms *cmd, const char *line,
                                          const void **parsed)
{
    const char *t = line, *w;
    int n = 0;

    (void)parsed;
    while (*(w = ap_getword_conf(cmd->temp_pool, &t))) {
        if (!pserv_role_label(w))
            return apr_psprintf(cmd->pool,
                                "Require pserv-role: unknown role "
                                "'%s' (admin, ict_verificator, ict_manager, "
                                "ict_executor)",
                                w);
        n++;
    }
    return n ? NULL : "Require pserv-role needs at least one role";
}

static const authz_provider pserv_authz_role_provider = {
    &pserv_authz_role,
    &pserv_authz_role_parse,
};

void pserv_auth_register(apr_pool_t *p)
{
    ap_hook_check_authn(pserv_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(
        p, AUTHZ_PROVIDER_GROUP, "pserv-role", AUTHZ_PROVIDER_VERSION,
        &pserv_authz_role_provider, AP_AUTH_INTERNAL_PER_CONF);
}

/* ---- the login page ---------------------------------------------------- */

/* message: the key of its text (i18n/msg-CODE.xml), or NULL */
static int pserv_login_view(request_rec *r, const char *message,
                            const char *type, const char *username,
                            const char *next)
{
    return pserv_signin_page(r, message ? pserv_tr(r, message) : NULL, type,
                             username, next, 1, HTTP_OK);
}

/* GET / and GET /login: the login page, or Halaman Utama for someone
 * already logged in. */
int pserv_handle_login_page(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *args = NULL;
    const char *next;

    (void)id;
    (void)s; /* a public route: look for one here */
    ap_args_to_table(r, &args);
    next = apr_table_get(args, "next");
    if (pserv_session_load(r))
        return pserv_redirect(
            r, next && pserv_valid_local_path(next) ? next : "/home");
    /* the same for every visitor but the CSRF token: kept (pagecache.c) */
    if (pserv_pagecache_serve_login(r) == OK)
        return OK;
    if (apr_table_get(args, "logout"))
        return pserv_login_view(r, PSERV_MSG_KEY("login.logged_out"), "info",
                                NULL, NULL);
    return pserv_login_view(r, next ? PSERV_MSG_KEY("login.please") : NULL,
                            "info", NULL, next);
}

/* Usernames are lower case; what is typed is trimmed and folded so that
 * "Maya.Puspitasari " counts against the same lockout as the real one.
 * NULL when it cannot be anybody's username (too long, not UTF-8). */
static char *pserv_login_username(request_rec *r, const char *typed)
{
    char *u, *end;

    if (!typed)
        return NULL;
    while (apr_isspace(*typed))
        typed++;
    u = apr_pstrdup(r->pool, typed);
    for (end = u + strlen(u); end > u && apr_isspace(end[-1]); end--)
        ;
    *end = '\0';
    if (!pserv_valid_text(u, PSERV_USERNAME_MAX, 0))
        return NULL;
    ap_str_tolower(u);
    return u;
}

/* ---- the Argon2id semaphore ------------------------------------------ */

static apr_uint32_t pserv_argon2_busy;

/* 1 once this thread may hash; 0 when none became free in time. */
static int pserv_argon2_enter(void)
{
    apr_time_t until = apr_time_now() + PSERV_ARGON2_WAIT;

    for (;;) {
        apr_uint32_t n = apr_atomic_read32(&pserv_argon2_busy);
        if (n < PSERV_ARGON2_MAX
            && apr_atomic_cas32(&pserv_argon2_busy, n + 1, n) == n)
            return 1;
        if (apr_time_now() >= until)
            return 0;
        apr_sleep(apr_time_from_msec(5));
    }
}

/* Verify pw against hash (NULL: the dummy verify that costs the same), as
 * one of at most PSERV_ARGON2_MAX in this process. OK with *ok set, or 503
 * (Retry-After set) when the process is busy hashing for others. Under
 * PservTestHooks the response says how many hashes the request cost. */
static int pserv_login_verify(request_rec *r, const char *hash, const char *pw,
                              int *ok)
{
    *ok = 0;
    if (!pserv_argon2_enter()) {
        apr_table_setn(r->err_headers_out, "Retry-After", PSERV_ARGON2_RETRY);
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[AUTH01]: login refused, %d Argon2id computations "
                      "already running in this process",
                      PSERV_ARGON2_MAX);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (hash)
        *ok = pserv_password_verify(hash, pw);
    else
        pserv_password_dummy_verify(pw);
    apr_atomic_dec32(&pserv_argon2_busy);
    if (pserv_conf_test_hooks(pserv_conf(r)))
        apr_table_setn(r->err_headers_out, PSERV_ARGON2_HEADER, "1");
    return OK;
}

/* How long (seconds) an attempt on a username must come after its latest
 * failure, given n failures of it within 15 minutes; 0: no wait. */
static apr_int64_t pserv_login_delay(apr_int64_t n)
{
    apr_int64_t d = PSERV_LOGIN_DELAY;

    if (n < PSERV_LOGIN_USER_SOFT)
        return 0;
    for (; n > PSERV_LOGIN_USER_SOFT && d < PSERV_LOGIN_DELAY_MAX; n--)
        d *= 2;
    return d < PSERV_LOGIN_DELAY_MAX ? d : PSERV_LOGIN_DELAY_MAX;
}

/* *lock: which lock refuses this attempt, or NULL; -1 when the database
 * cannot say. "address": too many failures from this client, whatever the
 * username; "username": this username from this client; "delay": the
 * username's growing delay, which a client holding a valid session of
 * that account skips (its owner, not whoever keeps failing on it). */
static int pserv_login_locked(request_rec *r, pserv_db *db, const char *user,
                              const char *now, const char *key,
                              const char **lock)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_int64_t wait;
    pserv_session *own;

    *lock = NULL;
    if (pserv_db_select(db, login_lock, &res, user, now, key) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return -1;
    if (apr_atoi64(pserv_db_col(db, row, 1)) >= PSERV_LOGIN_IP_MAX)
        *lock = "address";
    else if (*pserv_db_col(db, row, 0) == 't')
        *lock = "username";
    else if ((wait = pserv_login_delay(apr_atoi64(pserv_db_col(db, row, 2))))
             && apr_atoi64(pserv_db_col(db, row, 3)) < wait
             && !((own = pserv_session_load(r))
                  && strcmp(own->username, user) == 0))
        *lock = "delay";
    return 0;
}

/* What the login form's providers said about one attempt. */
typedef struct {
    const char *granted; /* the provider that said yes, or NULL */
    const char *name;    /* the name it signed in (r->user as it left it) */
    apr_int64_t account; /* pserv's: the account whose password matched */
    const char *reason;  /* the audit's reason when nobody said yes */
    const char *said;    /* each provider's answer, "pserv=... ldap=..." */
    int error;           /* a provider could not be asked (directory down) */
} pserv_login_outcome;

/* Ask one authn provider (PservAuthProvider), as mod_auth_form does: the
 * note names it for an <AuthnProviderAlias>, r->user is the typed name
 * and may come back changed (AuthLDAPRemoteUserAttribute ...). The
 * provider reads its own settings (AuthLDAPURL ...) from r's per-directory
 * configuration: this request's, merged for /login. */
static authn_status pserv_login_ask(request_rec *r,
                                    const pserv_auth_provider *p,
                                    const char *user, const char *pw,
                                    const char **name)
{
    const authn_provider *ap = p->provider;
    char *was = r->user;
    authn_status st;

    r->user = (char *)user;
    apr_table_setn(r->notes, AUTHN_PROVIDER_NAME_NOTE, p->name);
    st = ap->check_password(r, user, pw);
    apr_table_unset(r->notes, AUTHN_PROVIDER_NAME_NOTE);
    *name = r->user && *r->user ? r->user : user;
    r->user = was;
    return st;
}

/* P-Serv's own passwords ("pserv" in PservAuthProvider): one Argon2id
 * computation, real or dummy, whether the account exists or not. OK with
 * *said (ok, wrong-password, no-password, unknown-user) and, when right,
 * o's granted, name and account; or pserv_login_verify's 503. */
static int pserv_login_pserv(request_rec *r, pserv_db *db, const char *user,
                             const char *pw, int too_long,
                             pserv_login_outcome *o, const char **said)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *hash = NULL;
    apr_int64_t account = 0;
    int rv, ok;

    if (!too_long && pserv_db_select(db, login_account, &res, user) == 0
        && (row = pserv_db_row(db, res, 1))) {
        account = apr_atoi64(pserv_db_col(db, row, 0));
        hash = pserv_db_col(db, row, 1);
    }
    if ((rv = pserv_login_verify(r, hash, pw, &ok)) != OK)
        return rv;
    if (ok) {
        o->granted = "pserv";
        o->name = user;
        o->account = account;
    }
    *said = ok        ? "ok"
            : hash    ? "wrong-password"
            : account ? "no-password"
                      : "unknown-user";
    return OK;
}

/* Every provider of PservAuthProvider in order, until one says yes: each
 * failure costs what every provider costs (pserv: one Argon2id
 * computation, real or dummy; a directory: its search and bind), so the
 * time a failure takes does not tell which provider knew the name. OK
 * with *o filled in, or an HTTP status (pserv's 503 when busy). */
static int pserv_login_check(request_rec *r, pserv_db *db, const char *user,
                             const char *pw, pserv_login_outcome *o)
{
    static const pserv_auth_provider pserv_only = { "pserv", NULL };
    const apr_array_header_t *list = pserv_conf(r)->auth_providers;
    int n = list ? list->nelts : 1, i, rv, denied = 0, nopw = 0;
    int too_long = strlen(pw) > PSERV_PASSWORD_MAX * 4;

    memset(o, 0, sizeof *o);
    o->said = "";
    for (i = 0; i < n && !o->granted; i++) {
        const pserv_auth_provider *p =
            list ? &APR_ARRAY_IDX(list, i, pserv_auth_provider) : &pserv_only;
        const char *said;
        if (!p->provider) {
            if ((rv = pserv_login_pserv(r, db, user, pw, too_long, o, &said))
                != OK)
                return rv;
            denied |= strcmp(said, "wrong-password") == 0;
            nopw |= strcmp(said, "no-password") == 0;
        }
        else if (too_long)
            said = "skipped";
        else {
            authn_status st = pserv_login_ask(r, p, user, pw, &o->name);
            said = st == AUTH_GRANTED          ? "ok"
                   : st == AUTH_DENIED         ? "wrong-password"
                   : st == AUTH_USER_NOT_FOUND ? "unknown-user"
                                               : "error";
            if (st == AUTH_GRANTED)
                o->granted = p->name;
            else if (st == AUTH_DENIED)
                denied = 1;
            else if (st != AUTH_USER_NOT_FOUND) {
                o->error = 1;
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                              "pserv[AUTH02]: the authn provider '%s' "
                              "could not check a login's password (its "
                              "directory unreachable or misconfigured: see "
                              "the provider's own line above); its users "
                              "cannot log in until it answers",
                              p->name);
            }
        }
        o->said = apr_pstrcat(r->pool, o->said, *o->said ? " " : "", p->name,
                              "=", said, NULL);
    }
    o->reason = too_long   ? "password-too-long"
                : denied   ? "wrong-password"
                : o->error ? "directory-down"
                : nopw     ? "no-password"
                           : "unknown-user";
    return OK;
}

/* A name a provider signed in, as an account (PservAccountMap), then the
 * session. A name without an account is refused with signin.c's message
 * (a right password: not a failure that locks). */
static int pserv_login_mapped(request_rec *r, pserv_db *db,
                              const pserv_login_outcome *o, const char *user,
                              const char *next)
{
    apr_int64_t account;
    const char *username, *why = NULL, *reason = NULL, *to;
    int rv;

    rv = pserv_signin_map(r, db, o->name, o->granted, &account, &username, &why,
                          &reason);
    if (rv == HTTP_FORBIDDEN) {
        pserv_metrics_login(r, "failed");
        pserv_audit(r, "login.refused", user, "via", o->granted, "reason",
                    reason, NULL);
        return pserv_login_view(r, why, "error", user, next);
    }
    if (rv != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = pserv_signin_finish(r, db, account, username, o->granted,
                                  o->granted, 0, next, &to))
        != 0)
        return pserv_error_page(r, rv);
    return pserv_redirect(r, to);
}

/* POST /login. Unknown user, wrong password, a locked username and a
 * refused client all get one message; a directory that could not be asked
 * gets its own (PSERV_DIRECTORY_DOWN), whatever the username. A failure
 * costs every provider's check whether the account exists or not
 * (pserv_login_check); a lock is answered without one (it depends on what
 * the client and others typed, never on whether the account exists). */
int pserv_handle_login(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *f;
    const char *pw, *next, *now, *lock, *to;
    const char *key = pserv_client_key(r->pool, r->useragent_ip);
    char *user;
    pserv_db *db;
    pserv_login_outcome o;
    int rv, ok = 0;

    (void)id;
    (void)s;
    if (pserv_conf_test_hooks(pserv_conf(r)))
        apr_table_setn(r->err_headers_out, PSERV_ARGON2_HEADER, "0");
    if ((rv = pserv_form_post(r, PSERV_LOGIN_FORM_MAX, &f)) != OK)
        return pserv_error_page(r, rv);
    user = pserv_login_username(r, apr_table_get(f, "username"));
    pw = apr_table_get(f, "password");
    next = apr_table_get(f, "next");
    if (!pw || !*pw || (user && !*user))
        return pserv_login_view(r, PSERV_MSG_KEY("login.required"), "error",
                                user, next);
    if (!user) {
        /* Nobody can have that name: fail as for an unknown user. */
        const char *typed = apr_table_get(f, "username");
        if ((rv = pserv_login_verify(r, NULL, pw, &ok)) != OK)
            return pserv_error_page(r, rv);
        pserv_audit(r, "login.fail", typed ? typed : "", "reason",
                    "invalid-username", NULL);
        pserv_metrics_login(r, "failed");
        return pserv_login_view(r, PSERV_FAILED_LOGIN, "error", NULL, next);
    }
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    now = pserv_now_sql(r);

    if (pserv_login_locked(r, db, user, now, key, &lock) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (lock) {
        pserv_metrics_login(r, "locked");
        pserv_audit(r, "login.locked", user, "lock", lock, NULL);
        return pserv_login_view(r, PSERV_FAILED_LOGIN, "error", user, next);
    }

    if ((rv = pserv_login_check(r, db, user, pw, &o)) != OK)
        return pserv_error_page(r, rv);

    if (!o.granted) {
        pserv_metrics_login(r, "failed");
        if (pserv_conf(r)->auth_providers)
            pserv_audit(r, "login.fail", user, "reason", o.reason, "providers",
                        o.said, NULL);
        else
            pserv_audit(r, "login.fail", user, "reason", o.reason, NULL);
        /* Counted even when a directory was down: its answer must not
         * tell which names exist, and a local password is still guessed. */
        if (pserv_db_query(db, login_fail_add, NULL, user, key, now) == 0
            && pserv_login_locked(r, db, user, now, key, &lock) == 0 && lock)
            /* This failure may be the one that locks. */
            pserv_audit(r, "lockout", user, "lock", lock, NULL);
        return pserv_login_view(
            r, o.error ? PSERV_DIRECTORY_DOWN : PSERV_FAILED_LOGIN, "error",
            user, next);
    }
    if (strcmp(o.granted, "pserv") != 0)
        return pserv_login_mapped(r, db, &o, user, next);
    if ((rv = pserv_signin_finish(r, db, o.account, user, "pserv", NULL, 0,
                                  next, &to))
        != 0)
        return pserv_error_page(r, rv);
    return pserv_redirect(r, to);
}

/* POST /logout: the session row goes, not only the cookie. With
 * PservSSOLogoutURL the browser goes on to the identity provider's logout
 * through a page that refreshes to it (no JavaScript): a redirect would
 * stay part of the form's navigation, which form-action 'self' keeps on
 * this site in Chromium, at every hop. */
int pserv_handle_logout(request_rec *r, pserv_session *s, apr_int64_t id)
{
    const char *idp = pserv_conf(r)->sso_logout_url;
    apr_table_t *f;
    int rv;

    (void)id;
    (void)s;
    if ((rv = pserv_form_read(r, PSERV_LOGIN_FORM_MAX, &f)) != OK)
        return pserv_error_page(r, rv);
    if (!pserv_csrf_ok(r, apr_table_get(f, "csrf")))
        return pserv_error_page(r, HTTP_FORBIDDEN);
    pserv_audit(r, "logout", NULL, NULL);
    pserv_session_destroy(r);
    if (*idp) {
        pserv_view *v = pserv_view_new(r, "message", "Logout");
        pserv_view_attr(v->content, "type", "success");
        pserv_view_attr(v->content, "message", pserv_tr(r, "login.logout.sso"));
        pserv_view_attr(v->content, "href", idp);
        pserv_view_attr(v->content, "link",
                        pserv_tr(r, "login.logout.continue"));
        pserv_view_attr(v->content, "refresh", idp);
        return pserv_view_send(v, HTTP_OK);
    }
    return pserv_redirect(r, "/login?logout=1");
}
