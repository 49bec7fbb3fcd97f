/*
 * handle_admin.c: Akun & Peran, the Administrator's pages for accounts
 * and roles.
 *
 *   GET  /admin                        303 to Akun & Peran
 *   GET  /admin/accounts               the accounts, with a search
 *   GET  /admin/accounts/N             one account: its roles and state
 *   POST /admin/accounts/N/roles       exactly the roles ticked
 *   POST /admin/accounts/N/deactivate  it stops working: its sessions and
 *                                      unused set-password links end
 *   POST /admin/accounts/N/reactivate
 *   POST /admin/accounts/N/unlock      forget its failed logins (lockout)
 *   POST /admin/accounts/N/link        a set-password link by e-mail (the
 *                                      Executor's machinery, handle_password.c)
 *
 * Their routes are PSERV_ADMIN (route.c), and conf/pserv.conf puts /admin
 * behind "Require pserv-role admin" as well. Every change is one transaction taken under one
 * advisory lock (adm_lock, below) and judged by core/account.c:
 * nobody demotes or deactivates themselves, and one active administrator
 * always remains. Each change, and each refusal, is one audit line naming
 * who did what to whom.
 */
#include "form.h"
#include "audit.h"
#include "account.h"
#include "actors.h"
#include "view.h"
#include "respond.h"
#include "delegation.h"
#include "mfa.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_ADMIN_FORM_MAX   4096
#define PSERV_ADMIN_SEARCH_MAX 100
#define PSERV_ADMIN_PAGE_SIZE  50
#define PSERV_ADMIN_PAGE_MAX   10000

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The Administrator's account list and page: the columns (id, username,
 * full name, nopek, the employee's name, roles, active, has a password,
 * locked, last login) and where they come from; "locked" is the login
 * lockout of auth.c's login_lock. Needs arg.now. */
#define PSERV_ADM_ACCOUNT_COLS                                                 \
    " a.id, a.username, a.full_name, a.nopek, e.full_name,"                    \
    " coalesce((SELECT string_agg(ar.role, ' ' ORDER BY ar.role)"              \
    "   FROM account_roles ar WHERE ar.account_id = a.id), ''),"               \
    " a.active, a.password_hash IS NOT NULL, coalesce(lk.locked, false),"      \
    " extract(epoch FROM a.last_login_at)::bigint"
#define PSERV_ADM_ACCOUNT_FROM                                                 \
    " FROM arg JOIN accounts a ON true"                                        \
    " LEFT JOIN employees e ON e.nopek = a.nopek"                              \
    " LEFT JOIN LATERAL (SELECT count(*) = 5"                                  \
    "   AND max(l5.at) - min(l5.at) <= interval '15 minutes'"                  \
    "   AND max(l5.at) > arg.now - interval '15 minutes' AS locked,"           \
    "   max(l5.at) + interval '15 minutes' AS until"                           \
    "   FROM (SELECT f.at FROM login_failures f"                               \
    "     WHERE f.username = a.username AND f.at <= arg.now"                   \
    "     ORDER BY f.at DESC LIMIT 5) l5) lk ON true"

/* search (LIKE-escaped, '' for all), now, limit, offset */
PSERV_SQL(adm_accounts, 4,
          "WITH arg AS (SELECT nullif(%s, '') AS q, %s::timestamptz AS now)"
          " SELECT" PSERV_ADM_ACCOUNT_COLS PSERV_ADM_ACCOUNT_FROM
          " WHERE arg.q IS NULL OR (a.username || ' ' || a.full_name || ' ' ||"
          "   coalesce(a.nopek, '') || ' ' || coalesce(lower(a.email), '') ||"
          "   ' ' || coalesce(e.full_name, '')) ILIKE '%%' || arg.q || '%%'"
          " ORDER BY a.username LIMIT %s::int OFFSET %s::int");
/* account id, now, session max age (s), idle timeout (s) -> the
 * list's columns, then e-mail, unit, created, password set, locked
 * until, failures in the last 15 minutes, sessions still valid, where
 * the password lives (password_source) */
PSERV_SQL(
    adm_account, 4,
    "WITH arg AS (SELECT %s::bigint AS id, %s::timestamptz AS now,"
    " make_interval(secs => %s::int) AS max_age,"
    " make_interval(secs => %s::int) AS idle)"
    " SELECT" PSERV_ADM_ACCOUNT_COLS ", a.email,"
    " (SELECT u.name || ' (' || u.code || ')' FROM units u"
    "   WHERE u.code = a.unit_code),"
    " extract(epoch FROM a.created_at)::bigint,"
    " extract(epoch FROM a.password_set_at)::bigint,"
    " extract(epoch FROM lk.until)::bigint,"
    " (SELECT count(*) FROM login_failures f WHERE f.username = a.username"
    "   AND f.at <= arg.now AND f.at > arg.now - interval '15 minutes'),"
    " (SELECT count(*) FROM sessions s WHERE s.account_id = a.id"
    "   AND s.created_at > arg.now - arg.max_age"
    "   AND s.last_seen_at > arg.now - arg.idle),"
    " a.password_source" PSERV_ADM_ACCOUNT_FROM " WHERE a.id = arg.id");
/* Every change an administrator makes to accounts takes this lock
 * first, so "at least one active admin remains" is judged on what the
 * others committed (two admins demoting each other at once: the
 * second sees the first's change). */
PSERV_SQL(adm_lock, 0, "SELECT pg_advisory_xact_lock(736175)::text");
/* account id, acting account id -> username, active, roles, e-mail,
 * full name, other active admins, the actor still an active admin, where
 * the password lives */
PSERV_SQL(adm_state, 2,
          "WITH arg AS (SELECT %s::bigint AS id, %s::bigint AS actor)"
          " SELECT a.username, a.active,"
          " coalesce((SELECT string_agg(ar.role, ' ' ORDER BY ar.role)"
          "   FROM account_roles ar WHERE ar.account_id = a.id), ''),"
          " a.email, a.full_name,"
          " (SELECT count(*) FROM accounts o JOIN account_roles r"
          "   ON r.account_id = o.id AND r.role = 'admin'"
          "   WHERE o.active AND o.id <> a.id),"
          " EXISTS (SELECT 1 FROM accounts o JOIN account_roles r"
          "   ON r.account_id = o.id AND r.role = 'admin'"
          "   WHERE o.active AND o.id = arg.actor),"
          " a.password_source"
          " FROM arg, accounts a WHERE a.id = arg.id FOR UPDATE OF a");
/* account id, roles (space-separated, '' for none) -> added, removed */
PSERV_SQL(
    adm_roles_set, 2,
    "WITH arg AS (SELECT %s::bigint AS id,"
    "   string_to_array(%s, ' ') AS roles),"
    " del AS (DELETE FROM account_roles ar USING arg"
    "   WHERE ar.account_id = arg.id AND ar.role <> ALL (arg.roles)"
    "   RETURNING ar.role),"
    " ins AS (INSERT INTO account_roles (account_id, role)"
    "   SELECT arg.id, x FROM arg, unnest(arg.roles) x"
    "   ON CONFLICT DO NOTHING RETURNING role)"
    " SELECT coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
    "   FROM ins), ''),"
    " coalesce((SELECT string_agg(role, ' ' ORDER BY role) FROM del), '')");
/* active (t/f), now, account id */
PSERV_SQL(adm_set_active, 3,
          "UPDATE accounts SET active = %s::boolean,"
          " updated_at = %s::timestamptz WHERE id = %s::bigint");

const pserv_stmt *const pserv_sql_table_handle_admin[] = {
    &pserv_sql_adm_accounts,
    &pserv_sql_adm_account,
    &pserv_sql_adm_lock,
    &pserv_sql_adm_state,
    &pserv_sql_adm_roles_set,
    &pserv_sql_adm_set_active,
    NULL,
};

static int pserv_admin_is_t(const char *v)
{
    return v && *v == 't';
}

/* Columns 0-9 (PSERV_ADM_ACCOUNT_COLS) as attributes of n, the roles as
 * <role code= label=/> children. */
static void pserv_admin_account_attrs(request_rec *r, pserv_db *db,
                                      apr_dbd_row_t *row, xmlNodePtr n)
{
    const char *roles = pserv_db_col(db, row, 5), *role;

    pserv_view_attr(n, "id", pserv_db_col(db, row, 0));
    pserv_view_attr(n, "username", pserv_db_col(db, row, 1));
    pserv_view_attr(n, "full_name", pserv_db_col(db, row, 2));
    pserv_view_attr(n, "nopek", pserv_db_col(db, row, 3));
    pserv_view_attr(n, "employee", pserv_db_col(db, row, 4));
    pserv_view_attr(n, "active",
                    pserv_admin_is_t(pserv_db_col(db, row, 6)) ? "1" : "0");
    pserv_view_attr(n, "has_password",
                    pserv_admin_is_t(pserv_db_col(db, row, 7)) ? "1" : "0");
    pserv_view_attr(n, "locked",
                    pserv_admin_is_t(pserv_db_col(db, row, 8)) ? "1" : "0");
    pserv_view_time(r, n, "last_login", pserv_db_col(db, row, 9));
    while (roles && *(role = ap_getword_white(r->pool, &roles))) {
        xmlNodePtr x = pserv_view_add(n, "role", NULL);
        pserv_view_attr(x, "code", role);
        pserv_view_attr(x, "label", pserv_role_label(role));
    }
}

/* ---- the list --------------------------------------------------------- */

int pserv_handle_admin_index(request_rec *r, pserv_session *s, apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_redirect(r, "/admin/accounts");
}

int pserv_handle_admin_accounts(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    apr_table_t *args = NULL;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_view *v;
    const char *q, *p;
    int page, i;

    (void)id;
    (void)s;
    ap_args_to_table(r, &args);
    q = apr_table_get(args, "q");
    if (!q || !pserv_valid_text(q, PSERV_ADMIN_SEARCH_MAX, 0))
        q = "";
    q = pserv_trim(r->pool, q);
    p = apr_table_get(args, "page");
    page = p ? atoi(p) : 1;
    if (page < 1 || page > PSERV_ADMIN_PAGE_MAX)
        page = 1;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, adm_accounts, &res, pserv_like_escape(r->pool, q),
                        pserv_now_sql(r),
                        apr_itoa(r->pool, PSERV_ADMIN_PAGE_SIZE + 1),
                        apr_itoa(r->pool, (page - 1) * PSERV_ADMIN_PAGE_SIZE))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    v = pserv_view_new(r, "admin_accounts",
                       pserv_tr(r, "admin.title.accounts"));
    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_attr(v->content, "q", q);
    pserv_view_attr(v->content, "page", apr_itoa(r->pool, page));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        if (i > PSERV_ADMIN_PAGE_SIZE) {
            pserv_view_attr(
                v->content, "next_href",
                apr_psprintf(r->pool, "/admin/accounts?q=%s&page=%d",
                             ap_escape_urlencoded(r->pool, q), page + 1));
            break;
        }
        pserv_admin_account_attrs(r, db, row,
                                  pserv_view_add(v->content, "account", NULL));
    }
    if (page > 1)
        pserv_view_attr(v->content, "prev_href",
                        apr_psprintf(r->pool, "/admin/accounts?q=%s&page=%d",
                                     ap_escape_urlencoded(r->pool, q),
                                     page - 1));
    return pserv_view_send(v, HTTP_OK);
}

/* ---- one account ------------------------------------------------------ */

/* The account page, with a message on top when flash is set. */
/* With ahead (after a roles change or a deactivation), a warning for
 * each ICT role now held by one active account or none (actors.c's
 * pserv_role_holders_load, as Tiket Tertahan shows them). */
static int pserv_admin_account_send(request_rec *r, const pserv_session *s,
                                    pserv_db *db, apr_int64_t id,
                                    const char *flash, const char *type,
                                    int status, int ahead)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_view *v;
    xmlNodePtr a, roles;
    const pserv_dir_conf *c = pserv_conf(r);
    const char *have;
    int i;

    if (pserv_db_select(db, adm_account, &res, pserv_i64s(r, id),
                        pserv_now_sql(r),
                        apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                     apr_time_sec(c->session_max)),
                        apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                     apr_time_sec(c->session_idle)))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (!(row = pserv_db_row(db, res, 1)))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    v = pserv_view_new(
        r, "admin_account",
        pserv_trf(r, "admin.title.account", "%s", pserv_db_col(db, row, 1)));
    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, "/admin/accounts", pserv_tr(r, "admin.title.accounts"));
    if (flash)
        pserv_view_attr(pserv_view_add(v->page, "flash", flash), "type", type);
    a = pserv_view_add(v->content, "account", NULL);
    pserv_admin_account_attrs(r, db, row, a);
    pserv_view_attr(a, "email", pserv_db_col(db, row, 10));
    pserv_view_attr(a, "unit", pserv_db_col(db, row, 11));
    pserv_view_time(r, a, "created", pserv_db_col(db, row, 12));
    pserv_view_time(r, a, "password_set", pserv_db_col(db, row, 13));
    if (pserv_admin_is_t(pserv_db_col(db, row, 8)))
        pserv_view_time(r, a, "locked_until", pserv_db_col(db, row, 14));
    pserv_view_attr(a, "failures", pserv_db_col(db, row, 15));
    pserv_view_attr(a, "sessions", pserv_db_col(db, row, 16));
    pserv_view_attr(a, "password_source", pserv_db_col(db, row, 17));
    if (id == s->account_id)
        pserv_view_attr(a, "self", "1");
    /* The form: every role, ticked when held. */
    have = pserv_db_col(db, row, 5);
    roles = pserv_view_add(v->content, "roles", NULL);
    for (i = 0; i < pserv_role_count(); i++) {
        const char *code = pserv_role_code_at(i);
        xmlNodePtr x = pserv_view_add(roles, "role", NULL);
        pserv_view_attr(x, "code", code);
        pserv_view_attr(x, "label", pserv_role_label(code));
        if (pserv_roles_contain(have, code))
            pserv_view_attr(x, "checked", "1");
    }
    if (ahead) {
        apr_array_header_t *held;
        pserv_actx x;
        pserv_actx_of(r, db, &x);
        if (!(held = pserv_role_holders_load(&x)))
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        for (i = 0; i < held->nelts; i++) {
            const pserv_role_holders *h =
                &APR_ARRAY_IDX(held, i, pserv_role_holders);
            xmlNodePtr t;
            if (h->people->nelts > 1)
                continue;
            t = pserv_view_add(v->content, "thin_role", NULL);
            pserv_view_attr(t, "label", pserv_role_label(h->role));
            pserv_view_attr(t, "holders", apr_itoa(r->pool, h->people->nelts));
            pserv_view_attr(t, "names", pserv_role_holders_names(r->pool, h));
        }
    }
    /* Verifikasi Dua Langkah: its reset posts to handle_mfa.c */
    {
        const char *since;
        int on, left;
        xmlNodePtr m;
        if (pserv_mfa_status(r, db, id, &on, &since, &left) != 0)
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        m = pserv_view_add(v->content, "mfa", NULL);
        pserv_view_attr(m, "enabled", on ? "1" : "0");
        pserv_view_time(r, m, "since", since);
        pserv_view_attr(m, "left", apr_itoa(r->pool, left));
    }
    /* Delegasi Persetujuan: its form posts to handle_delegation.c */
    if (pserv_deleg_view(r, db, id, 0,
                         pserv_view_add(v->content, "delegations", NULL)))
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    return pserv_view_send(v, status);
}

static const struct {
    const char *done, *message;
} pserv_admin_done[] = {
    { "roles", PSERV_MSG_KEY("admin.done.roles") },
    { "deactivated", PSERV_MSG_KEY("admin.done.deactivated") },
    { "reactivated", PSERV_MSG_KEY("admin.done.reactivated") },
    { "unlocked", PSERV_MSG_KEY("admin.done.unlocked") },
    { "link", PSERV_MSG_KEY("admin.done.link") },
    { "created", PSERV_MSG_KEY("admin.done.created") },
    { "delegation", PSERV_MSG_KEY("admin.done.delegation") },
    { "delegation-ended", PSERV_MSG_KEY("admin.done.delegation_ended") },
    { "mfa-reset", PSERV_MSG_KEY("admin.done.mfa_reset") },
    { "delegation-gone", PSERV_MSG_KEY("admin.done.delegation_gone") },
};

int pserv_handle_admin_account(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *args = NULL;
    pserv_db *db;
    const char *done, *flash = NULL;
    apr_size_t i;

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    ap_args_to_table(r, &args);
    done = apr_table_get(args, "done");
    for (i = 0;
         done && i < sizeof pserv_admin_done / sizeof pserv_admin_done[0]; i++)
        if (strcmp(done, pserv_admin_done[i].done) == 0)
            flash = pserv_tr(r, pserv_admin_done[i].message);
    return pserv_admin_account_send(
        r, s, db, id, flash, "success", HTTP_OK,
        done
            && (strcmp(done, "roles") == 0
                || strcmp(done, "deactivated") == 0));
}

/* ---- changes ---------------------------------------------------------- */

typedef enum {
    PSERV_ADMIN_ROLES,
    PSERV_ADMIN_DEACTIVATE,
    PSERV_ADMIN_REACTIVATE,
    PSERV_ADMIN_UNLOCK,
    PSERV_ADMIN_LINK
} pserv_admin_action;

static const char *const pserv_admin_action_names[] = { "roles", "deactivate",
                                                        "reactivate", "unlock",
                                                        "link" };

/* The account as it stands inside the changing transaction. */
typedef struct {
    const char *username, *roles, *email, *full_name, *source;
    int active, other_admins, actor_admin;
} pserv_admin_target;

static int pserv_admin_role_value(void *ctx, const char *key, const char *value)
{
    (void)key;
    *(const char **)apr_array_push(ctx) = value;
    return 1;
}

/* What the page says when core/account.c's rule refuses a change. */
static const char *pserv_admin_rule_message(request_rec *r, int rule)
{
    switch (rule) {
    case PSERV_ACCOUNT_SELF_DEMOTE:
        return pserv_tr(r, "admin.refuse.self_demote");
    case PSERV_ACCOUNT_SELF_DEACTIVATE:
        return pserv_tr(r, "admin.refuse.self_deactivate");
    case PSERV_ACCOUNT_LAST_ADMIN:
        return pserv_tr(r, "admin.refuse.last_admin");
    default:
        return pserv_tr(r, "admin.refuse.other");
    }
}

/* Roll back, say why in the audit log and show the account page with the
 * message; nothing changed. */
static int pserv_admin_refuse(request_rec *r, const pserv_session *s,
                              pserv_db *db, apr_int64_t id,
                              pserv_admin_action act, const char *account,
                              const char *reason, const char *message,
                              int status)
{
    pserv_db_rollback(db);
    pserv_audit(r, "account.refused", s->username, "account", account, "action",
                pserv_admin_action_names[act], "reason", reason, NULL);
    return pserv_admin_account_send(r, s, db, id, message, "error", status, 0);
}

static int pserv_admin_change(request_rec *r, pserv_session *s, apr_int64_t id,
                              pserv_admin_action act)
{
    apr_table_t *in;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_admin_target t;
    pserv_account_change c;
    const char *aid = pserv_i64s(r, id), *now, *roles = NULL, *bad = NULL;
    const char *added = "", *removed = "", *done = "";
    int rv = OK, rule, failed = 0, ended = 0;

    if ((rv = pserv_form_post(r, PSERV_ADMIN_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    now = pserv_now_sql(r);
    if (act == PSERV_ADMIN_ROLES) {
        apr_array_header_t *ticked =
            apr_array_make(r->pool, 4, sizeof(const char *));
        apr_table_do(pserv_admin_role_value, ticked, in, "role", NULL);
        if (pserv_roles_canonical(r->pool, (const char *const *)ticked->elts,
                                  ticked->nelts, &roles, &bad)
            != 0) {
            pserv_audit(r, "account.refused", s->username, "account_id", aid,
                        "action", "roles", "reason", "unknown-role", "role",
                        bad, NULL);
            return pserv_admin_account_send(
                r, s, db, id, pserv_tr(r, "admin.refuse.unknown_role"), "error",
                HTTP_BAD_REQUEST, 0);
        }
    }

    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, adm_lock, &res) != 0
        || pserv_db_select(db, adm_state, &res, aid,
                           pserv_i64s(r, s->account_id))
               != 0) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_NOT_FOUND);
    }
    t.username = pserv_db_col(db, row, 0);
    t.active = pserv_admin_is_t(pserv_db_col(db, row, 1));
    t.roles = pserv_db_col(db, row, 2);
    t.email = pserv_db_col(db, row, 3);
    t.full_name = pserv_db_col(db, row, 4);
    t.other_admins = atoi(pserv_db_col(db, row, 5));
    t.actor_admin = pserv_admin_is_t(pserv_db_col(db, row, 6));
    t.source = pserv_db_col(db, row, 7);
    if (!t.actor_admin) {
        /* Demoted or deactivated by another administrator meanwhile. */
        pserv_db_rollback(db);
        pserv_audit_deny(r, "role", "require", "admin", NULL);
        return pserv_error_page(r, HTTP_FORBIDDEN);
    }

    c.self = id == s->account_id;
    c.was_admin = pserv_roles_contain(t.roles, "admin");
    c.was_active = t.active;
    c.will_be_admin = act == PSERV_ADMIN_ROLES
                          ? pserv_roles_contain(roles, "admin")
                          : c.was_admin;
    c.will_be_active = act == PSERV_ADMIN_DEACTIVATE   ? 0
                       : act == PSERV_ADMIN_REACTIVATE ? 1
                                                       : t.active;
    c.other_active_admins = t.other_admins;
    if ((rule = pserv_account_change_check(&c)) != PSERV_ACCOUNT_OK)
        return pserv_admin_refuse(
            r, s, db, id, act, t.username,
            rule == PSERV_ACCOUNT_SELF_DEMOTE       ? "self-demote"
            : rule == PSERV_ACCOUNT_SELF_DEACTIVATE ? "self-deactivate"
                                                    : "last-admin",
            pserv_admin_rule_message(r, rule), HTTP_CONFLICT);

    switch (act) {
    case PSERV_ADMIN_ROLES:
        failed = pserv_db_select(db, adm_roles_set, &res, aid, roles) != 0
                 || !(row = pserv_db_row(db, res, 1));
        if (!failed) {
            added = pserv_db_col(db, row, 0);
            removed = pserv_db_col(db, row, 1);
        }
        done = "roles";
        break;
    case PSERV_ADMIN_DEACTIVATE:
        failed = pserv_db_query(db, adm_set_active, NULL, "f", now, aid) != 0
                 || pserv_account_sessions_end(db, aid, &ended) != 0
                 || pserv_account_links_revoke(db, aid, now) != 0;
        done = "deactivated";
        break;
    case PSERV_ADMIN_REACTIVATE:
        failed = pserv_db_query(db, adm_set_active, NULL, "t", now, aid) != 0;
        done = "reactivated";
        break;
    case PSERV_ADMIN_UNLOCK:
        failed = pserv_account_failures_clear(db, t.username, now) != 0;
        done = "unlocked";
        break;
    case PSERV_ADMIN_LINK:
        if (!t.active)
            return pserv_admin_refuse(r, s, db, id, act, t.username, "inactive",
                                      pserv_tr(r, "admin.refuse.link_inactive"),
                                      HTTP_CONFLICT);
        if (!t.email || !*t.email)
            return pserv_admin_refuse(r, s, db, id, act, t.username, "no-email",
                                      pserv_tr(r, "admin.refuse.link_no_email"),
                                      HTTP_CONFLICT);
        if (strcmp(t.source, "pserv") != 0)
            return pserv_admin_refuse(
                r, s, db, id, act, t.username, "directory",
                pserv_trf(r, "admin.refuse.link_directory", "%s", t.source),
                HTTP_CONFLICT);
        failed =
            pserv_password_link_send(r, db, 0, aid, t.email, t.full_name,
                                     t.username, NULL, NULL, PSERV_LINK_ADMIN)
            != 0;
        done = "link";
        break;
    }
    if (!failed && act <= PSERV_ADMIN_REACTIVATE) {
        /* Who may act changed: mark the tickets nobody may act on now
         * (the Administrators told once), clear those someone may again. */
        pserv_actx x;
        pserv_actx_of(r, db, &x);
        failed = pserv_stuck_check(&x, 0) < 0;
    }
    if (failed) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    switch (act) {
    case PSERV_ADMIN_ROLES:
        pserv_audit(r, "account.roles", s->username, "account", t.username,
                    "roles", roles, "added", added, "removed", removed, NULL);
        break;
    case PSERV_ADMIN_DEACTIVATE:
        pserv_audit(r, "account.deactivate", s->username, "account", t.username,
                    "sessions", apr_itoa(r->pool, ended), NULL);
        break;
    case PSERV_ADMIN_REACTIVATE:
        pserv_audit(r, "account.reactivate", s->username, "account", t.username,
                    NULL);
        break;
    case PSERV_ADMIN_UNLOCK:
        pserv_audit(r, "account.unlock", s->username, "account", t.username,
                    NULL);
        break;
    case PSERV_ADMIN_LINK:
        pserv_audit(r, "password.link", s->username, "reason", "admin",
                    "account", t.username, NULL);
        break;
    }
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/admin/accounts/%s?done=%s", aid, done));
}

int pserv_handle_admin_roles(request_rec *r, pserv_session *s, apr_int64_t id)
{
    return pserv_admin_change(r, s, id, PSERV_ADMIN_ROLES);
}

int pserv_handle_admin_deactivate(request_rec *r, pserv_session *s,
                                  apr_int64_t id)
{
    return pserv_admin_change(r, s, id, PSERV_ADMIN_DEACTIVATE);
}

int pserv_handle_admin_reactivate(request_rec *r, pserv_session *s,
                                  apr_int64_t id)
{
    return pserv_admin_change(r, s, id, PSERV_ADMIN_REACTIVATE);
}

int pserv_handle_admin_unlock(request_rec *r, pserv_session *s, apr_int64_t id)
{
    return pserv_admin_change(r, s, id, PSERV_ADMIN_UNLOCK);
}

int pserv_handle_admin_link(request_rec *r, pserv_session *s, apr_int64_t id)
{
    return pserv_admin_change(r, s, id, PSERV_ADMIN_LINK);
}
