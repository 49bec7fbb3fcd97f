/*
 * signin.c: the account behind a signed-in name, and the last step of
 * every sign-in (signin.h).
 */
#include "db.h"
#include "signin.h"
#include "session.h"
#include "account.h"
#include "audit.h"
#include "metrics.h"
#include "mfa.h"
#include "view.h"
#include "i18n.h"

#include "apr_strings.h"
#include "apr_lib.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* username -> id, active */
PSERV_SQL(signin_by_username, 1,
          "SELECT id, username, active FROM accounts WHERE username = %s");
/* nopek -> the active accounts of that employee (at most two: more than
 * one is ambiguous) */
PSERV_SQL(signin_by_nopek, 1,
          "SELECT id, username FROM accounts WHERE nopek = %s AND active"
          " ORDER BY id LIMIT 2");
/* e-mail -> likewise */
PSERV_SQL(signin_by_email, 1,
          "SELECT id, username FROM accounts"
          " WHERE lower(email) = lower(%s) AND active ORDER BY id LIMIT 2");
/* nopek, e-mail (either may be NULL) -> the active employee: nopek, name,
 * e-mail, unit */
PSERV_SQL(signin_employee, 2,
          "SELECT nopek, full_name, email, unit_code FROM employees"
          " WHERE active AND (nopek = %s OR lower(email) = lower(%s))"
          " ORDER BY nopek LIMIT 2");
/* account id, source */
PSERV_SQL(signin_source_set, 2,
          "WITH arg AS (SELECT %s::bigint AS id, %s::text AS src)"
          " UPDATE accounts a SET password_source = arg.src,"
          " password_hash = CASE WHEN arg.src = 'pserv' THEN a.password_hash"
          " END FROM arg WHERE a.id = arg.id"
          " AND (a.password_source <> arg.src"
          "   OR (arg.src <> 'pserv' AND a.password_hash IS NOT NULL))");
/* now, account id */
PSERV_SQL(signin_login_at, 2,
          "UPDATE accounts SET last_login_at = %s::timestamptz"
          " WHERE id = %s::bigint");

/* language, account id -> the account's language before, when it was
 * another (no row: it was this one already) */
PSERV_SQL(signin_lang, 2,
          "WITH arg AS (SELECT %s::text AS lang, %s::bigint AS id)"
          " UPDATE accounts a SET lang = arg.lang FROM arg, accounts o"
          " WHERE a.id = arg.id AND o.id = arg.id"
          " AND o.lang IS DISTINCT FROM arg.lang RETURNING o.lang");

const pserv_stmt *const pserv_sql_table_signin[] = {
    &pserv_sql_signin_by_username, &pserv_sql_signin_by_nopek,
    &pserv_sql_signin_by_email,    &pserv_sql_signin_employee,
    &pserv_sql_signin_source_set,  &pserv_sql_signin_login_at,
    &pserv_sql_signin_lang,        NULL,
};

/* why a sign-in is refused: keys of i18n/msg-CODE.xml */
#define PSERV_SIGNIN_NONE         PSERV_MSG_KEY("signin.none")
#define PSERV_SIGNIN_AMBIGUOUS    PSERV_MSG_KEY("signin.ambiguous")
#define PSERV_SIGNIN_NO_ATTRIBUTE PSERV_MSG_KEY("signin.no_attribute")

static int pserv_signin_refuse(const char **why, const char **reason,
                               const char *w, const char *rs)
{
    *why = w;
    *reason = rs;
    return HTTP_FORBIDDEN;
}

/* The username an account created at sign-in gets: name when it is a
 * valid, free username, else the e-mail's local part (folded), else NULL. */
static const char *pserv_signin_new_username(request_rec *r, pserv_db *db,
                                             const char *name,
                                             const char *email)
{
    const char *c[2];
    int i;

    c[0] = name;
    c[1] = email ? apr_pstrndup(r->pool, email, strcspn(email, "@")) : NULL;
    for (i = 0; i < 2; i++) {
        char *u;
        if (!c[i])
            continue;
        u = apr_pstrdup(r->pool, c[i]);
        ap_str_tolower(u);
        if (pserv_valid_username(u) && !pserv_account_username_taken(db, u))
            return u;
    }
    return NULL;
}

/* An account for the active employee whose nopek (or e-mail) is key. */
static int pserv_signin_create(request_rec *r, pserv_db *db, const char *name,
                               const char *by, const char *key,
                               const char *source, apr_int64_t *account,
                               const char **username, const char **why,
                               const char **reason)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *nopek, *full, *email, *unit, *id, *u;
    int rv;

    if (pserv_db_select(db, signin_employee, &res,
                        strcmp(by, "nopek") == 0 ? key : NULL,
                        strcmp(by, "email") == 0 ? key : NULL)
        != 0)
        return APR_EGENERAL;
    if (!(row = pserv_db_row(db, res, 1)))
        return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NONE,
                                   "no-employee");
    nopek = pserv_db_col(db, row, 0);
    full = pserv_db_col(db, row, 1);
    email = pserv_db_col(db, row, 2);
    unit = pserv_db_col(db, row, 3);
    if (pserv_db_row(db, res, 2))
        return pserv_signin_refuse(why, reason, PSERV_SIGNIN_AMBIGUOUS,
                                   "ambiguous");
    if (!(u = pserv_signin_new_username(r, db, name, email)))
        return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NONE,
                                   "username-taken");
    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    rv = pserv_account_create(r, db, u, nopek, full, email, unit, &id);
    if (rv == 0 && pserv_db_query(db, signin_source_set, NULL, id, source) != 0)
        rv = APR_EGENERAL;
    if (rv != 0) {
        pserv_db_rollback(db);
        return rv == HTTP_CONFLICT ? pserv_signin_refuse(
                   why, reason, PSERV_SIGNIN_NONE, "username-taken")
                                   : rv;
    }
    if (pserv_db_end(db) != 0)
        return APR_EGENERAL;
    *account = apr_atoi64(id);
    *username = u;
    pserv_audit(r, "account.autocreate", u, "nopek", nopek, "via", source,
                "name", name, NULL);
    return 0;
}

int pserv_signin_map(request_rec *r, pserv_db *db, const char *name,
                     const char *source, apr_int64_t *account,
                     const char **username, const char **why,
                     const char **reason)
{
    const pserv_dir_conf *c = pserv_conf(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *key;

    *account = 0;
    *username = NULL;
    if (strcmp(c->map_by, "username") == 0) {
        char *u = apr_pstrdup(r->pool, name ? name : "");
        ap_str_tolower(u);
        if (pserv_db_select(db, signin_by_username, &res, u) != 0)
            return APR_EGENERAL;
        if (!(row = pserv_db_row(db, res, 1)))
            return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NONE,
                                       "no-account");
        if (*pserv_db_col(db, row, 2) != 't')
            return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NONE,
                                       "inactive");
        *account = apr_atoi64(pserv_db_col(db, row, 0));
        *username = pserv_db_col(db, row, 1);
        return 0;
    }
    key = apr_table_get(r->subprocess_env, c->map_var);
    if (!key || !*key)
        return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NO_ATTRIBUTE,
                                   "no-attribute");
    if ((strcmp(c->map_by, "nopek") == 0
             ? pserv_db_select(db, signin_by_nopek, &res, key)
             : pserv_db_select(db, signin_by_email, &res, key))
        != 0)
        return APR_EGENERAL;
    if ((row = pserv_db_row(db, res, 1)) != NULL) {
        /* the columns first: asking for a row past the end frees the
         * result (pserv_db_col) */
        const char *id = pserv_db_col(db, row, 0);
        const char *u = pserv_db_col(db, row, 1);
        if (pserv_db_row(db, res, 2))
            return pserv_signin_refuse(why, reason, PSERV_SIGNIN_AMBIGUOUS,
                                       "ambiguous");
        *account = apr_atoi64(id);
        *username = u;
        return 0;
    }
    if (c->auto_create != 1)
        return pserv_signin_refuse(why, reason, PSERV_SIGNIN_NONE,
                                   "no-account");
    return pserv_signin_create(r, db, name, c->map_by, key, source, account,
                               username, why, reason);
}

int pserv_signin_finish(request_rec *r, pserv_db *db, apr_int64_t account,
                        const char *username, const char *method,
                        const char *source, int mfa_done, const char *next,
                        const char **location)
{
    const char *id = pserv_i64s(r, account);
    pserv_mfa_owed owed = PSERV_MFA_NONE;
    int rv;

    if (source && pserv_db_query(db, signin_source_set, NULL, id, source) != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (!mfa_done && (rv = pserv_mfa_owed_of(r, db, account, &owed)) != 0)
        return rv;
    if (owed != PSERV_MFA_NONE) {
        /* The second factor (mfa.c): no session until the code is right,
         * and the login failures stay until then. */
        if ((rv = pserv_mfa_pending_start(r, db, account, method, next)) != 0)
            return rv;
        pserv_session_destroy(r);
        pserv_audit(r, "mfa.asked", username, "via", method, "step",
                    owed == PSERV_MFA_ENROL ? "enrol" : "code", NULL);
        *location = "/login/mfa";
        return 0;
    }
    return pserv_signin_open(r, db, account, username, method,
                             mfa_done ? "idp" : NULL, next, location);
}

/* The language chosen with the switch before this login (the pserv_lang
 * cookie) becomes the account's, when it differs: the choice made on the
 * login page sticks, as the switch does for someone logged in. */
static void pserv_signin_lang(request_rec *r, pserv_db *db, const char *id,
                              const char *username)
{
    int lang = pserv_lang_cookie(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (lang < 0
        || pserv_db_select(db, signin_lang, &res, pserv_lang_codes[lang], id)
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return;
    pserv_audit(r, "lang.set", username, "from", pserv_db_col(db, row, 0), "to",
                pserv_lang_codes[lang], "via", "login", NULL);
}

int pserv_signin_open(request_rec *r, pserv_db *db, apr_int64_t account,
                      const char *username, const char *method, const char *mfa,
                      const char *next, const char **location)
{
    const char *now = pserv_now_sql(r), *id = pserv_i64s(r, account);
    int rv;

    pserv_account_failures_clear(db, username, now);
    if ((rv = pserv_session_create(r, account)) != OK)
        return rv;
    pserv_db_query(db, signin_login_at, NULL, now, id);
    pserv_signin_lang(r, db, id, username);
    /* "mfa=" only when a second factor was given (NULL ends the list) */
    pserv_audit(r, "login.ok", username, "via", method, mfa ? "mfa" : NULL, mfa,
                NULL);
    pserv_metrics_login(r, "ok");
    *location = next && pserv_valid_local_path(next) ? next : "/home";
    return 0;
}

int pserv_signin_page(request_rec *r, const char *message, const char *type,
                      const char *username, const char *next, int sso,
                      int status)
{
    pserv_view *v = pserv_view_new(r, "login", "Login");
    const char *link = sso ? pserv_conf(r)->sso_login : "";
    int local = next && pserv_valid_local_path(next);

    if (local)
        pserv_view_attr(v->content, "next", next);
    /* Login dengan SSO (PservSSOLogin), on to the same next */
    if (*link && local)
        link = apr_pstrcat(r->pool, link, strchr(link, '?') ? "&" : "?",
                           "next=", ap_escape_urlencoded(r->pool, next), NULL);
    if (*link)
        pserv_view_attr(v->content, "sso", link);
    pserv_view_attr(v->content, "username", username);
    if (message)
        pserv_view_attr(pserv_view_add(v->content, "message", message), "type",
                        type);
    return pserv_view_send(v, status);
}
