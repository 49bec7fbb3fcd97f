/*
 * handle_admin_newacct.c: Buat Akun on a row of Data Pekerja: an account
 * for an active employee who has none (an Atasan, say), made by the
 * Administrator.
 *
 *   POST /admin/employees/account   csrf, nopek [, username, confirm]
 *
 * Without confirm: the confirmation page (works without JavaScript): the
 * employee's data and a free username derived from the name or e-mail,
 * which the Administrator may edit. With confirm=1: the account (the
 * employee's name, e-mail, nopek and unit; no roles, no password) and the
 * set-password link by e-mail (account.c), in one transaction with the
 * employee's row locked, so two clicks make one account.
 */
#include "form.h"
#include "audit.h"
#include "account.h"
#include "actors.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"

#define PSERV_NEWACCT_FORM_MAX 4096
#define PSERV_NEWACCT_TRIES    50 /* rina.wulandari, ...2, ... 50 */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* nopek -> name, e-mail, unit code, unit name, active, the id and
 * username of an account with this nopek (an active one first) */
#define PSERV_NEWACCT_EMPLOYEE_SQL(lock)                                       \
    "SELECT e.full_name, e.email, e.unit_code, u.name, e.active, a.id,"        \
    " a.username FROM employees e JOIN units u ON u.code = e.unit_code"        \
    " LEFT JOIN LATERAL (SELECT a.id, a.username FROM accounts a"              \
    "   WHERE a.nopek = e.nopek ORDER BY a.active DESC, a.id LIMIT 1) a"       \
    " ON true WHERE e.nopek = %s" lock
PSERV_SQL(newacct_employee, 1, PSERV_NEWACCT_EMPLOYEE_SQL(""));
PSERV_SQL(newacct_employee_lock, 1,
          PSERV_NEWACCT_EMPLOYEE_SQL(" FOR UPDATE OF e"));

const pserv_stmt *const pserv_sql_table_handle_admin_newacct[] = {
    &pserv_sql_newacct_employee,
    &pserv_sql_newacct_employee_lock,
    NULL,
};

typedef struct {
    const char *nopek, *full_name, *email, *unit_code, *unit_name;
    const char *account_id, *account; /* NULL: none yet */
    int active;
} pserv_newacct_emp;

/* The employee, read with st; 0 when found, HTTP_NOT_FOUND, or an error. */
static int pserv_newacct_load(pserv_db *db, const pserv_stmt *st,
                              const char *nopek, pserv_newacct_emp *e)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *id;

    if (pserv_db_selectv(db, &res, st, 1, &nopek) != 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    if (!(row = pserv_db_row(db, res, 1)))
        return HTTP_NOT_FOUND;
    e->nopek = nopek;
    e->full_name = pserv_db_col(db, row, 0);
    e->email = pserv_db_col(db, row, 1);
    e->unit_code = pserv_db_col(db, row, 2);
    e->unit_name = pserv_db_col(db, row, 3);
    e->active = *pserv_db_col(db, row, 4) == 't';
    id = pserv_db_col(db, row, 5);
    e->account_id = id && *id ? id : NULL;
    e->account = e->account_id ? pserv_db_col(db, row, 6) : NULL;
    return 0;
}

/* Why no account can be made for e, or NULL. */
static const char *pserv_newacct_refusal(request_rec *r,
                                         const pserv_newacct_emp *e)
{
    if (e->account_id)
        return pserv_tr(r, "admin.newacct.has_account");
    if (!e->active)
        return pserv_tr(r, "admin.newacct.inactive");
    if (!pserv_valid_email(e->email))
        return pserv_tr(r, "admin.newacct.no_email");
    return NULL;
}

/* The confirmation page (or the refusal, flash set and no form). */
static int pserv_newacct_send(request_rec *r, const pserv_newacct_emp *e,
                              const char *username, const char *error,
                              const char *flash, int status)
{
    pserv_view *v = pserv_view_new(r, "admin_account_new",
                                   pserv_tr(r, "admin.title.newacct"));
    xmlNodePtr n;

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, "/admin/employees",
                     pserv_tr(r, "admin.title.employees"));
    if (flash)
        pserv_view_attr(pserv_view_add(v->page, "flash", flash), "type",
                        "error");
    n = pserv_view_add(v->content, "employee", NULL);
    pserv_view_attr(n, "nopek", e->nopek);
    pserv_view_attr(n, "full_name", e->full_name);
    pserv_view_attr(n, "email", e->email);
    pserv_view_attr(n, "unit_name", e->unit_name);
    pserv_view_attr(n, "account_id", e->account_id);
    pserv_view_attr(n, "account", e->account);
    if (!flash) {
        n = pserv_view_add(v->content, "form", NULL);
        pserv_view_attr(n, "username", username);
        pserv_view_attr(n, "username_error", error);
    }
    return pserv_view_send(v, status);
}

/* The first free username for e, or "" when none could be derived. */
static const char *pserv_newacct_suggest(request_rec *r, pserv_db *db,
                                         const pserv_newacct_emp *e)
{
    const char *u;
    int n;

    for (n = 1; n <= PSERV_NEWACCT_TRIES; n++)
        if (!(u = pserv_username_suggest(r->pool, e->full_name, e->email, n))
            || !pserv_account_username_taken(db, u))
            return u ? u : "";
    return "";
}

/* The Executor's rule for User ID Baru (handle_ticket.c). */
static const char *pserv_newacct_check(request_rec *r, pserv_db *db,
                                       const char *u)
{
    if (!*u)
        return pserv_tr(r, "admin.newacct.username.required");
    if (!pserv_valid_username(u))
        return pserv_tr(r, "admin.newacct.username.invalid");
    if (pserv_account_username_taken(db, u))
        return pserv_tr(r, "admin.newacct.username.taken");
    return NULL;
}

int pserv_handle_admin_employee_account(request_rec *r, pserv_session *s,
                                        apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    pserv_actx x;
    pserv_newacct_emp e;
    const char *nopek, *username, *error, *refusal, *account = NULL;
    int rv;

    (void)id;
    if ((rv = pserv_form_post(r, PSERV_NEWACCT_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    nopek = apr_table_get(in, "nopek");
    if (!nopek || !pserv_valid_nopek(nopek))
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    memset(&e, 0, sizeof e);
    if ((rv = pserv_newacct_load(db, &pserv_sql_newacct_employee, nopek, &e)))
        return pserv_error_page(r, rv);
    if ((refusal = pserv_newacct_refusal(r, &e))) {
        pserv_audit(r, "account.refused", s->username, "nopek", nopek, "action",
                    "create", "reason",
                    e.account_id ? "has-account"
                    : !e.active  ? "inactive"
                                 : "no-email",
                    NULL);
        return pserv_newacct_send(r, &e, NULL, NULL, refusal, HTTP_CONFLICT);
    }
    username = apr_table_get(in, "username");
    if (!username)
        return pserv_newacct_send(r, &e, pserv_newacct_suggest(r, db, &e), NULL,
                                  NULL, HTTP_OK);
    username = apr_pstrdup(r->pool, username);
    apr_collapse_spaces((char *)username, username);
    if ((error = pserv_newacct_check(r, db, username))
        || !apr_table_get(in, "confirm"))
        return pserv_newacct_send(r, &e, username, error, NULL, HTTP_OK);

    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    rv = pserv_newacct_load(db, &pserv_sql_newacct_employee_lock, nopek, &e);
    if (!rv && (refusal = pserv_newacct_refusal(r, &e))) {
        pserv_db_rollback(db);
        return pserv_newacct_send(r, &e, NULL, NULL, refusal, HTTP_CONFLICT);
    }
    if (!rv)
        rv = pserv_account_create(r, db, username, e.nopek, e.full_name,
                                  e.email, e.unit_code, &account);
    if (!rv)
        rv = pserv_password_link_send(r, db, 0, account, e.email, e.full_name,
                                      username, NULL, NULL,
                                      PSERV_LINK_NEW_ACCOUNT)
                 ? HTTP_INTERNAL_SERVER_ERROR
                 : 0;
    if (rv) {
        pserv_db_rollback(db);
        if (rv == HTTP_CONFLICT)
            return pserv_newacct_send(
                r, &e, username,
                pserv_tr(r, "admin.newacct.username.just_taken"), NULL,
                HTTP_CONFLICT);
        return pserv_error_page(r, rv == HTTP_NOT_FOUND
                                       ? HTTP_NOT_FOUND
                                       : HTTP_INTERNAL_SERVER_ERROR);
    }
    /* A ticket waiting on this employee as Atasan is no longer stuck. */
    pserv_actx_of(r, db, &x);
    if (pserv_stuck_check(&x, 0) < 0) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_audit(r, "account.create", s->username, "account", username, "nopek",
                nopek, "from", "employees", NULL);
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/admin/accounts/%s?done=created", account));
}
