/*
 * handle_password.c: setting a password through an e-mailed link (manual
 * 3.2), and asking for a new link (Lupa Password?).
 *
 *   GET  /password/set?token=T   the page: Username (not editable), the new
 *                                password twice, Show Password, Ubah Password
 *   POST /password/set           sets it; the link is spent only now
 *   GET  /password/forgot        Lupa Password?
 *   POST /password/forgot        a fresh link if the account exists; the
 *                                same answer either way
 *
 * A link is 256 random bits; only its SHA-256 is stored. Opening it spends
 * nothing (mail scanners open links); setting the password spends it with
 * one conditional UPDATE, so two tabs cannot both use it. A new link
 * revokes the older ones.
 */
#include "form.h"
#include "audit.h"
#include "account.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"
#include "ratelimit.h"

#define PSERV_FORGOT_MAX    5   /* requests per address ... */
#define PSERV_FORGOT_WINDOW 900 /* ... per 15 minutes */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* ---- set-password links ---- */
/* now, hash -> account id, username, full name, used, no longer valid,
 * the account's password lives in a directory */
PSERV_SQL(
    token_get, 2,
    "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
    " SELECT a.id, a.username, a.full_name, t.used_at IS NOT NULL,"
    " t.revoked_at IS NOT NULL OR t.expires_at <= arg.now OR NOT a.active,"
    " a.password_source <> 'pserv'"
    " FROM arg, one_time_tokens t JOIN accounts a ON a.id = t.account_id"
    " WHERE t.token_hash = arg.h AND t.purpose = 'set_password'");
/* now, hash -> account id: spends the link, once */
PSERV_SQL(token_use, 2,
          "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
          " UPDATE one_time_tokens t SET used_at = arg.now FROM arg"
          " WHERE t.token_hash = arg.h AND t.purpose = 'set_password'"
          " AND t.used_at IS NULL AND t.revoked_at IS NULL"
          " AND t.expires_at > arg.now RETURNING t.account_id");
/* hash, now, account id */
PSERV_SQL(password_set, 3,
          "UPDATE accounts SET password_hash = %s, password_set_at = arg.t,"
          " updated_at = arg.t FROM (SELECT %s::timestamptz AS t) arg"
          " WHERE id = %s::bigint");
/* username or e-mail -> the account a reset link goes to, and whether its
 * password lives in a directory */
PSERV_SQL(account_find, 1,
          "WITH arg AS (SELECT lower(%s) AS v)"
          " SELECT a.id, a.username, a.full_name, a.email,"
          " a.password_source <> 'pserv' FROM arg, accounts a"
          " WHERE a.active AND a.email IS NOT NULL"
          " AND (a.username = arg.v OR lower(a.email) = arg.v)"
          " ORDER BY a.id LIMIT 1");

/* Whether any active account's password lives in a directory (Lupa
 * Password?'s answer then says what such accounts do, for everybody). */
PSERV_SQL(directory_accounts, 0,
          "SELECT EXISTS (SELECT 1 FROM accounts"
          " WHERE active AND password_source <> 'pserv')");

const pserv_stmt *const pserv_sql_table_handle_password[] = {
    &pserv_sql_directory_accounts, &pserv_sql_token_get,
    &pserv_sql_token_use,          &pserv_sql_password_set,
    &pserv_sql_account_find,       NULL,
};

/* ---- pages ---------------------------------------------------------------- */

/* The key of the words for what is wrong with a new password (core's
 * pserv_password_problem). */
static const char *pserv_password_problem_key(pserv_pw_problem problem)
{
    switch (problem) {
    case PSERV_PW_EMPTY:
        return PSERV_MSG_KEY("password.problem.empty");
    case PSERV_PW_INVALID:
        return PSERV_MSG_KEY("password.problem.invalid");
    case PSERV_PW_SHORT:
        return PSERV_MSG_KEY("password.problem.short");
    case PSERV_PW_MISMATCH:
        return PSERV_MSG_KEY("password.problem.mismatch");
    case PSERV_PW_USERNAME:
        return PSERV_MSG_KEY("password.problem.username");
    default:
        return PSERV_MSG_KEY("password.problem.common");
    }
}

static int pserv_message_send(request_rec *r, const char *title,
                              const char *message, const char *type, int status)
{
    pserv_view *v = pserv_view_new(r, "message", title);

    pserv_view_crumb(v, "/login", pserv_tr(r, "password.crumb.login"));
    pserv_view_attr(v->content, "type", type);
    pserv_view_attr(v->content, "message", message);
    pserv_view_attr(v->content, "href", "/login");
    pserv_view_attr(v->content, "link", pserv_tr(r, "password.back"));
    return pserv_view_send(v, status);
}

static int pserv_link_invalid(request_rec *r, int used)
{
    return pserv_message_send(r, pserv_tr(r, "password.invalid.title"),
                              pserv_tr(r, used ? "password.invalid.used"
                                               : "password.invalid.expired"),
                              "error", HTTP_GONE);
}

typedef struct {
    const char *account_id, *username, *full_name;
    int used, invalid, directory;
} pserv_link;

/* A link to an account whose password lives in the company's directory
 * (made before it signed in there): no P-Serv password to set. */
static int pserv_link_directory(request_rec *r, const pserv_link *l, int status)
{
    return pserv_message_send(
        r, pserv_tr(r, "password.directory.title"),
        pserv_trf(r, "password.directory", "%s", l->username), "info", status);
}

/* What the link in the request names; 0 when it names nothing. */
static int pserv_link_load(request_rec *r, pserv_db *db, const char *token,
                           pserv_link *l)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_token_valid(token)
        || pserv_db_select(db, token_get, &res, pserv_now_sql(r),
                           pserv_token_hash(r->pool, token))
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    l->account_id = pserv_db_col(db, row, 0);
    l->username = pserv_db_col(db, row, 1);
    l->full_name = pserv_db_col(db, row, 2);
    l->used = *pserv_db_col(db, row, 3) == 't';
    l->invalid = *pserv_db_col(db, row, 4) == 't';
    l->directory = *pserv_db_col(db, row, 5) == 't';
    return 1;
}

static int pserv_set_form(request_rec *r, const char *token,
                          const pserv_link *l, const char *error)
{
    pserv_view *v =
        pserv_view_new(r, "password_set", pserv_tr(r, "password.set.title"));

    pserv_view_crumb(v, "/login", pserv_tr(r, "password.crumb.login"));
    pserv_view_attr(v->content, "token", token);
    pserv_view_attr(v->content, "username", l->username);
    pserv_view_attr(v->content, "full_name", l->full_name);
    pserv_view_attr(v->content, "error", error);
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_password_set_page(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    apr_table_t *args = NULL;
    pserv_db *db = pserv_db_get(r);
    const char *token;
    pserv_link l;

    (void)id;
    (void)s;
    if (!db)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    ap_args_to_table(r, &args);
    token = apr_table_get(args, "token");
    if (!pserv_link_load(r, db, token, &l))
        return pserv_link_invalid(r, 0);
    if (l.used || l.invalid)
        return pserv_link_invalid(r, l.used);
    if (l.directory)
        return pserv_link_directory(r, &l, HTTP_OK);
    /* Requests from this page (its form, its CSS) name only our origin,
     * never this URL with its token. */
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    return pserv_set_form(r, token, &l, NULL);
}

int pserv_handle_password_set(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    const char *token, *hash;
    pserv_pw_problem problem;
    pserv_link l;
    int rv;

    (void)id;
    (void)s;
    /* The page this comes from holds the token in its URL. */
    pserv_audit_scrub_referer(r);
    if ((rv = pserv_form_post(r, 8192, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    token = apr_table_get(in, "token");
    if (!pserv_link_load(r, db, token, &l))
        return pserv_link_invalid(r, 0);
    if (l.used || l.invalid)
        return pserv_link_invalid(r, l.used);
    if (l.directory) {
        pserv_audit(r, "password.set", l.username, "account", l.username,
                    "refused", "directory", NULL);
        return pserv_link_directory(r, &l, HTTP_CONFLICT);
    }
    problem = pserv_password_problem(l.username, apr_table_get(in, "password"),
                                     apr_table_get(in, "password2"));
    if (problem != PSERV_PW_OK)
        return pserv_set_form(r, token, &l,
                              pserv_tr(r, pserv_password_problem_key(problem)));
    if (!(hash = pserv_password_hash(r->pool, apr_table_get(in, "password"))))
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, token_use, &res, pserv_now_sql(r),
                        pserv_token_hash(r->pool, token))
            != 0
        || !pserv_db_row(db, res, 1)) {
        /* Another tab (or a replay) spent it first. */
        pserv_db_rollback(db);
        return pserv_link_invalid(r, 1);
    }
    pserv_db_query(db, password_set, NULL, hash, pserv_now_sql(r),
                   l.account_id);
    pserv_account_sessions_end(db, l.account_id, NULL);
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_audit(r, "password.set", l.username, "account", l.username, NULL);
    return pserv_message_send(r, pserv_tr(r, "password.done.title"),
                              pserv_trf(r, "password.done", "%s", l.username),
                              "success", HTTP_OK);
}

static int pserv_forgot_form(request_rec *r, const char *message,
                             const char *type)
{
    pserv_view *v = pserv_view_new(r, "password_forgot",
                                   pserv_tr(r, "password.forgot.title"));

    pserv_view_crumb(v, "/login", pserv_tr(r, "password.crumb.login"));
    if (message)
        pserv_view_attr(pserv_view_add(v->content, "message", message), "type",
                        type);
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_password_forgot_page(request_rec *r, pserv_session *s,
                                      apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_forgot_form(r, NULL, NULL);
}

/* The answer does not depend on whether the account exists. */
int pserv_handle_password_forgot(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *who, *answer;
    int rv;

    (void)id;
    (void)s;
    if ((rv = pserv_form_post(r, 4096, &in)) != OK)
        return pserv_error_page(r, rv);
    who = apr_table_get(in, "login");
    if (!who || !*who || !pserv_valid_text(who, 254, 0))
        return pserv_forgot_form(r, pserv_tr(r, "password.forgot.empty"),
                                 "error");
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_rate_limited(r, "forgot", PSERV_FORGOT_MAX,
                           PSERV_FORGOT_WINDOW)) {
        pserv_audit(r, "password.forgot", NULL, "login", who, "refused",
                    "rate-limited", NULL);
        return pserv_forgot_form(r, pserv_tr(r, "password.forgot.limited"),
                                 "error");
    }
    if (pserv_db_select(db, account_find, &res, who) == 0
        && (row = pserv_db_row(db, res, 1))) {
        const char *aid = pserv_db_col(db, row, 0);
        const char *account = pserv_db_col(db, row, 1);
        /* a directory's account gets a mail without a link (account.c) */
        int directory = *pserv_db_col(db, row, 4) == 't';
        int queued = 0; /* the worker sends it later */
        if (pserv_db_begin(db) == 0) {
            if (pserv_password_link_send(r, db, 0, aid,
                                         pserv_db_col(db, row, 3),
                                         pserv_db_col(db, row, 2), account,
                                         NULL, NULL, PSERV_LINK_RESET)
                != 0)
                pserv_db_rollback(db);
            else
                queued = pserv_db_end(db) == 0;
        }
        pserv_audit(r, "password.forgot", NULL, "login", who, "account",
                    account, "link",
                    !queued     ? "failed"
                    : directory ? "directory"
                                : "queued",
                    NULL);
    }
    else
        pserv_audit(r, "password.forgot", NULL, "login", who, "account", NULL,
                    NULL);
    answer = pserv_tr(r, "password.forgot.sent");
    /* The same answer whoever asked: a directory's account is told so by
     * its mail, and everybody by this sentence once such accounts exist. */
    res = NULL;
    if (pserv_db_select(db, directory_accounts, &res) == 0
        && (row = pserv_db_row(db, res, 1)) && *pserv_db_col(db, row, 0) == 't')
        answer = apr_pstrcat(r->pool, answer, " ",
                             pserv_tr(r, "password.forgot.directory"), NULL);
    return pserv_forgot_form(r, answer, "success");
}
