/*
 * import.c: pserv-admin import DIR: master data from CSV files into the
 * database, all or nothing. Reading the files and checking each row is
 * core/import.c's (fuzzed without a database); here the references into
 * the database are checked and the rows written.
 *
 * The rules a person preparing the files needs to know:
 *  - Columns: units.csv code,name,kind,head_nopek[,active];
 *    employees.csv nopek,full_name,position,email,unit_code,
 *    supervisor_nopek,employment_type[,active]; platforms.csv
 *    code,name[,sort_order][,active]; accounts.csv username,nopek,roles
 *    [,active]. Any order; an unknown column is an error.
 *  - An optional column (active, sort_order) left out, or left empty: new
 *    rows get the default (active true; sort_order 10 x the row's place in
 *    the file), existing rows keep their value.
 *  - References (head_nopek, unit_code, supervisor_nopek, accounts' nopek)
 *    may point into the files or at rows already in the database.
 *  - Nothing is deleted: a row missing from a file stays as it is.
 *  - Accounts with a nopek take full_name, email and unit_code from the
 *    employee, on every import. Without a nopek, a new account is named
 *    "Administrator" (username admin) or after its username ("budi.santoso"
 *    -> "Budi Santoso"), with no e-mail or unit; a later import keeps
 *    whatever name and e-mail it has then. Roles become exactly the listed
 *    ones. Passwords are never touched.
 *  - Every row is checked first; any problem is reported as
 *    FILE:LINE: FIELD: message and nothing at all is written.
 */
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_tables.h>
#include <apr_lib.h>
#include <apr_dbd.h>

#include <stdio.h>
#include <string.h>

#include "pserv_core.h"
#include "import.h"
#include "pserv_admin.h"
#include "import_sql.h"

typedef struct {
    apr_dbd_prepared_t *lock, *unit_exists, *employee_exists;
    apr_dbd_prepared_t *unit_upsert, *unit_head;
    apr_dbd_prepared_t *employee_upsert, *employee_supervisor;
    apr_dbd_prepared_t *platform_upsert;
    apr_dbd_prepared_t *account_find, *account_insert_emp,
        *account_insert_plain, *account_update_emp, *account_update_plain;
    apr_dbd_prepared_t *admin_lock, *admins;
    pserv_admin_roles_sql_t roles;
} pserv_admin_import_sql_t;

typedef struct {
    apr_pool_t *pool;
    pserv_admin_db_t *db;
    pserv_admin_import_sql_t sql;
    pserv_import_file units, employees, platforms, accounts;
    apr_hash_t *known;    /* "u:CODE"/"e:NOPEK" -> "1"/"0" */
    pserv_import_log log; /* counts the problems */
} pserv_admin_import_t;

static void pserv_admin_report(void *ctx, const char *path, unsigned line,
                               const char *field, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s:%u: %s: %s\n", path, line, field, msg);
}

/* Read and check one file, if it exists. 0 only on an I/O error. */
static int pserv_admin_read_file(pserv_admin_import_t *im, pserv_import_file *f,
                                 const char *dir, const pserv_import_spec *spec)
{
    pserv_csv_reader_t *r;
    apr_status_t rv;
    char ebuf[256];

    pserv_import_file_init(&im->log, f, spec,
                           apr_pstrcat(im->pool, dir, "/", spec->file, NULL));
    rv = pserv_csv_open(&r, f->path, im->pool, NULL);
    if (APR_STATUS_IS_ENOENT(rv))
        return 1;
    if (rv != APR_SUCCESS) {
        pserv_admin_err("import: %s: %s", f->path,
                        apr_strerror(rv, ebuf, sizeof ebuf));
        return 0;
    }
    pserv_import_read(&im->log, f, r);
    return 1;
}

/* Whether a unit code ('u') or a nopek ('e') exists in the database,
 * remembered so each is asked once. -1 on a database error. */
static int pserv_admin_in_db(pserv_admin_import_t *im, char kind,
                             const char *key)
{
    const char *hkey = apr_psprintf(im->pool, "%c:%s", kind, key);
    const char *known = apr_hash_get(im->known, hkey, APR_HASH_KEY_STRING);
    apr_dbd_results_t *res;
    apr_pool_t *p;
    int n;

    if (known)
        return known[0] == '1';
    apr_pool_create(&p, im->pool);
    n = pserv_admin_run(
        im->db, p, kind == 'u' ? im->sql.unit_exists : im->sql.employee_exists,
        &res, 1, &key);
    apr_pool_destroy(p);
    if (n < 0)
        return -1;
    apr_hash_set(im->known, hkey, APR_HASH_KEY_STRING, n > 0 ? "1" : "0");
    return n > 0;
}

/* Check a reference: to a row of file f, or else to the database.
 * 0 when it points nowhere (reported), -1 on a database error. */
static int pserv_admin_check_ref(pserv_admin_import_t *im,
                                 pserv_import_file *from,
                                 const pserv_import_row *row, int col,
                                 pserv_import_file *to, char kind)
{
    const char *v = row->v[col];
    int found;

    if (!v || apr_hash_get(to->keys, v, APR_HASH_KEY_STRING))
        return 1;
    found = pserv_admin_in_db(im, kind, v);
    if (found == 0)
        pserv_import_bad(
            &im->log, from->path, row->line, from->spec->cols[col].name,
            "\"%s\" is neither in %s nor in the database", v, to->spec->file);
    return found;
}

#define PSERV_ADMIN_EACH_ROW(f, i, row)                                        \
    for ((i) = 0;                                                              \
         (i) < (f)->rows->nelts                                                \
         && ((row) = APR_ARRAY_IDX((f)->rows, (i), pserv_import_row *));       \
         (i)++)

/* Cross-file and database references. 0 on a database error. */
static int pserv_admin_check_refs(pserv_admin_import_t *im)
{
    pserv_import_file *emps = &im->employees;
    pserv_import_row *row;
    int i;

    PSERV_ADMIN_EACH_ROW(&im->units, i, row)
    if (pserv_admin_check_ref(im, &im->units, row, PSERV_UNIT_HEAD, emps, 'e')
        < 0)
        return 0;
    PSERV_ADMIN_EACH_ROW(emps, i, row)
    {
        if (pserv_admin_check_ref(im, emps, row, PSERV_EMP_UNIT, &im->units,
                                  'u')
                < 0
            || pserv_admin_check_ref(im, emps, row, PSERV_EMP_SUPERVISOR, emps,
                                     'e')
                   < 0)
            return 0;
        if (row->v[PSERV_EMP_SUPERVISOR]
            && strcmp(row->v[PSERV_EMP_SUPERVISOR], row->v[PSERV_EMP_NOPEK])
                   == 0)
            pserv_import_bad(&im->log, emps->path, row->line,
                             "supervisor_nopek",
                             "an employee cannot be their own supervisor");
    }
    PSERV_ADMIN_EACH_ROW(&im->accounts, i, row)
    if (pserv_admin_check_ref(im, &im->accounts, row, PSERV_ACC_NOPEK, emps,
                              'e')
        < 0)
        return 0;
    return 1;
}

/* ---- import DIR: writing ---- */

/*
 * Each upsert changes a row only when a value differs (IS DISTINCT FROM in
 * the DO UPDATE's WHERE), so a re-import leaves updated_at alone, and
 * RETURNING (xmax = 0) says whether the row was new: no row back means
 * unchanged. An optional column left out of the file arrives as NULL:
 * new rows get the default, existing rows keep their value.
 */
static const pserv_admin_stmt_t pserv_admin_import_stmts[] = {
    /* Two imports at once would each check against the other's half-done
     * rows; they take turns instead. */
    { "pserv_admin_import_lock", PSERV_IMPORT_SQL_LOCK,
      APR_OFFSETOF(pserv_admin_import_sql_t, lock) },
    { "pserv_admin_unit_exists", PSERV_IMPORT_SQL_UNIT_EXISTS,
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_exists) },
    { "pserv_admin_employee_exists", PSERV_IMPORT_SQL_EMPLOYEE_EXISTS,
      APR_OFFSETOF(pserv_admin_import_sql_t, employee_exists) },
    /* Units first, without touching head_nopek: the heads are employees,
     * and employees need their unit to exist. */
    { "pserv_admin_unit_upsert", PSERV_IMPORT_SQL_UNIT_UPSERT,
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_upsert) },
    { "pserv_admin_unit_head", PSERV_IMPORT_SQL_UNIT_HEAD,
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_head) },
    /* Employees without touching supervisor_nopek, so a supervisor may
     * come later in the file than the people they supervise. */
    { "pserv_admin_employee_upsert", PSERV_IMPORT_SQL_EMPLOYEE_UPSERT,
      APR_OFFSETOF(pserv_admin_import_sql_t, employee_upsert) },
    { "pserv_admin_employee_supervisor", PSERV_IMPORT_SQL_EMPLOYEE_SUPERVISOR,
      APR_OFFSETOF(pserv_admin_import_sql_t, employee_supervisor) },
    { "pserv_admin_platform_upsert",
      "WITH v (code, name, sort_order, default_order, active) AS"
      " (VALUES (%s::text, %s::text, %s::integer, %s::integer, %s::boolean)) "
      "INSERT INTO platforms AS t (code, name, sort_order, active)"
      " SELECT code, name, COALESCE(sort_order, default_order),"
      " COALESCE(active, true) FROM v "
      "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,"
      " sort_order = COALESCE((SELECT sort_order FROM v), t.sort_order),"
      " active = COALESCE((SELECT active FROM v), t.active),"
      " updated_at = now() "
      "WHERE (t.name, t.sort_order, t.active) IS DISTINCT FROM"
      " (EXCLUDED.name, COALESCE((SELECT sort_order FROM v), t.sort_order),"
      " COALESCE((SELECT active FROM v), t.active)) "
      "RETURNING (xmax = 0)",
      APR_OFFSETOF(pserv_admin_import_sql_t, platform_upsert) },
    /* Accounts: look up first, then update or insert. An INSERT ... ON
     * CONFLICT would draw from accounts_id_seq on every re-import. */
    { "pserv_admin_account_find", "SELECT id FROM accounts WHERE username = %s",
      APR_OFFSETOF(pserv_admin_import_sql_t, account_find) },
    { "pserv_admin_account_insert_emp",
      "INSERT INTO accounts (username, nopek, full_name, email, unit_code,"
      " active) SELECT %s, e.nopek, e.full_name, e.email, e.unit_code,"
      " COALESCE(%s::boolean, true) FROM employees e WHERE e.nopek = %s "
      "ON CONFLICT (username) DO NOTHING RETURNING id",
      APR_OFFSETOF(pserv_admin_import_sql_t, account_insert_emp) },
    { "pserv_admin_account_insert_plain",
      "INSERT INTO accounts (username, full_name, active)"
      " VALUES (%s, %s, COALESCE(%s::boolean, true)) "
      "ON CONFLICT (username) DO NOTHING RETURNING id",
      APR_OFFSETOF(pserv_admin_import_sql_t, account_insert_plain) },
    { "pserv_admin_account_update_emp",
      "WITH v (id, nopek, active) AS"
      " (VALUES (%s::bigint, %s::text, %s::boolean)) "
      "UPDATE accounts a SET nopek = e.nopek, full_name = e.full_name,"
      " email = e.email, unit_code = e.unit_code,"
      " active = COALESCE(v.active, a.active), updated_at = now() "
      "FROM v JOIN employees e ON e.nopek = v.nopek "
      "WHERE a.id = v.id AND (a.nopek, a.full_name, a.email, a.unit_code,"
      " a.active) IS DISTINCT FROM (e.nopek, e.full_name, e.email,"
      " e.unit_code, COALESCE(v.active, a.active)) "
      "RETURNING a.id",
      APR_OFFSETOF(pserv_admin_import_sql_t, account_update_emp) },
    /* Without a nopek the file knows no name or e-mail: keep the ones the
     * account has (set by hand, or from a request). */
    { "pserv_admin_account_update_plain",
      "WITH v (id, active) AS (VALUES (%s::bigint, %s::boolean)) "
      "UPDATE accounts a SET nopek = NULL,"
      " active = COALESCE(v.active, a.active), updated_at = now() "
      "FROM v WHERE a.id = v.id AND (a.nopek IS NOT NULL"
      " OR a.active IS DISTINCT FROM COALESCE(v.active, a.active)) "
      "RETURNING a.id",
      APR_OFFSETOF(pserv_admin_import_sql_t, account_update_plain) },
    /* accounts.csv may take roles away or deactivate: as on the web page
     * (handle_admin.c, under its lock), an active Administrator remains. */
    { "pserv_admin_import_admin_lock", "SELECT pg_advisory_xact_lock(736175)",
      APR_OFFSETOF(pserv_admin_import_sql_t, admin_lock) },
    { "pserv_admin_import_admins",
      "SELECT count(*) FROM accounts a JOIN account_roles r"
      " ON r.account_id = a.id AND r.role = 'admin' WHERE a.active",
      APR_OFFSETOF(pserv_admin_import_sql_t, admins) },
};

static const char *pserv_admin_active(const pserv_import_row *row, int col)
{
    return row->v[col] ? pserv_import_bool(row->v[col]) : NULL;
}

static void pserv_admin_mark(pserv_import_row *row, int status)
{
    if (status > row->status)
        row->status = status;
}

/* Run a change for one row and fold its outcome into row->status:
 * with_flag says the statement returns (xmax = 0). 0 on error (reported). */
static int pserv_admin_write(pserv_admin_import_t *im, apr_pool_t *p,
                             pserv_import_file *f, pserv_import_row *row,
                             apr_dbd_prepared_t *st, int nargs,
                             const char **args, int with_flag)
{
    apr_dbd_results_t *res;
    const char *inserted;
    int n = pserv_admin_run(im->db, p, st, &res, nargs, args);

    if (n < 0) {
        pserv_import_bad(&im->log, f->path, row->line, "database", "%s",
                         im->db->error);
        return 0;
    }
    if (n == 0)
        return 1;
    inserted = with_flag ? pserv_admin_first(im->db, p, res, 0) : "f";
    pserv_admin_mark(row, inserted && inserted[0] == 't'
                              ? PSERV_IMPORT_INSERTED
                              : PSERV_IMPORT_UPDATED);
    return 1;
}

/* One pass over a file's rows: args fills the statement's arguments for a
 * row and returns how many; with_flag as for pserv_admin_write. */
typedef int (*pserv_admin_args_fn)(apr_pool_t *p, const pserv_import_row *row,
                                   const char **args);

static int pserv_admin_pass(pserv_admin_import_t *im, apr_pool_t *p,
                            pserv_import_file *f, apr_dbd_prepared_t *st,
                            pserv_admin_args_fn fill, int with_flag)
{
    pserv_import_row *row;
    const char *args[8];
    int i;

    PSERV_ADMIN_EACH_ROW(f, i, row)
    {
        int nargs = fill(p, row, args);
        if (!pserv_admin_write(im, p, f, row, st, nargs, args, with_flag))
            return 0;
        apr_pool_clear(p);
    }
    return 1;
}

static int pserv_admin_unit_args(apr_pool_t *p, const pserv_import_row *row,
                                 const char **a)
{
    (void)p;
    a[0] = row->v[PSERV_UNIT_CODE];
    a[1] = row->v[PSERV_UNIT_NAME];
    a[2] = row->v[PSERV_UNIT_KIND];
    a[3] = pserv_admin_active(row, PSERV_UNIT_ACTIVE);
    return 4;
}

static int pserv_admin_head_args(apr_pool_t *p, const pserv_import_row *row,
                                 const char **a)
{
    (void)p;
    a[0] = a[2] = row->v[PSERV_UNIT_HEAD];
    a[1] = row->v[PSERV_UNIT_CODE];
    return 3;
}

static int pserv_admin_employee_args(apr_pool_t *p, const pserv_import_row *row,
                                     const char **a)
{
    static const int cols[6] = { PSERV_EMP_NOPEK,    PSERV_EMP_NAME,
                                 PSERV_EMP_POSITION, PSERV_EMP_EMAIL,
                                 PSERV_EMP_UNIT,     PSERV_EMP_TYPE };
    int i;

    (void)p;
    for (i = 0; i < 6; i++)
        a[i] = row->v[cols[i]];
    a[6] = pserv_admin_active(row, PSERV_EMP_ACTIVE);
    return 7;
}

static int pserv_admin_supervisor_args(apr_pool_t *p,
                                       const pserv_import_row *row,
                                       const char **a)
{
    (void)p;
    a[0] = a[2] = row->v[PSERV_EMP_SUPERVISOR];
    a[1] = row->v[PSERV_EMP_NOPEK];
    return 3;
}

static int pserv_admin_platform_args(apr_pool_t *p, const pserv_import_row *row,
                                     const char **a)
{
    a[0] = row->v[PSERV_PLAT_CODE];
    a[1] = row->v[PSERV_PLAT_NAME];
    a[2] = row->v[PSERV_PLAT_SORT];
    a[3] = apr_itoa(p, row->pos * 10); /* no sort_order: file order */
    a[4] = pserv_admin_active(row, PSERV_PLAT_ACTIVE);
    return 5;
}

/* The name an account without a nopek gets when it is created: "admin"
 * is "Administrator", others their username in words ("budi.santoso" ->
 * "Budi Santoso"). Never changed by a later import. */
const char *pserv_admin_plain_name(apr_pool_t *p, const char *username)
{
    char *s, *c;
    int start = 1;

    if (strcmp(username, "admin") == 0)
        return "Administrator";
    s = apr_pstrdup(p, username);
    for (c = s; *c; c++) {
        if (*c == '.' || *c == '_' || *c == '-') {
            *c = ' ';
            start = 1;
        }
        else {
            if (start)
                *c = (char)apr_toupper(*c);
            start = 0;
        }
    }
    return s;
}

/* Insert or update one account (not its roles); its id, or NULL on error. */
static const char *pserv_admin_write_account(pserv_admin_import_t *im,
                                             apr_pool_t *p,
                                             pserv_import_row *row)
{
    const char *user = row->v[PSERV_ACC_USERNAME],
               *nopek = row->v[PSERV_ACC_NOPEK];
    const char *active = pserv_admin_active(row, PSERV_ACC_ACTIVE);
    apr_dbd_results_t *res;
    const char *id;
    int n;

    if (pserv_admin_run(im->db, p, im->sql.account_find, &res, 1, &user) < 0)
        return NULL;
    id = pserv_admin_first(im->db, p, res, 0);
    if (id && nopek) {
        const char *args[3] = { id, nopek, active };
        n = pserv_admin_run(im->db, p, im->sql.account_update_emp, &res, 3,
                            args);
    }
    else if (id) {
        const char *args[2] = { id, active };
        n = pserv_admin_run(im->db, p, im->sql.account_update_plain, &res, 2,
                            args);
    }
    else if (nopek) {
        const char *args[3] = { user, active, nopek };
        n = pserv_admin_run(im->db, p, im->sql.account_insert_emp, &res, 3,
                            args);
    }
    else {
        const char *args[3] = { user, pserv_admin_plain_name(p, user), active };
        n = pserv_admin_run(im->db, p, im->sql.account_insert_plain, &res, 3,
                            args);
    }
    if (n < 0)
        return NULL;
    if (!id && n == 0) {
        im->db->error = "the username was created by someone else meanwhile; "
                        "run the import again";
        return NULL;
    }
    if (n > 0)
        pserv_admin_mark(row,
                         id ? PSERV_IMPORT_UPDATED : PSERV_IMPORT_INSERTED);
    return id ? id : pserv_admin_first(im->db, p, res, 0);
}

/* The active Administrators now ("" on error). */
static const char *pserv_admin_admins(pserv_admin_import_t *im, apr_pool_t *p)
{
    apr_dbd_results_t *res;
    const char *n;

    if (pserv_admin_run(im->db, p, im->sql.admins, &res, 0, NULL) < 0
        || !(n = pserv_admin_first(im->db, p, res, 0)))
        return "";
    return n;
}

static int pserv_admin_write_accounts(pserv_admin_import_t *im, apr_pool_t *p)
{
    pserv_import_row *row;
    const char *id, *array, *bad, *before = "0";
    apr_dbd_results_t *res;
    int i, n;

    if (im->accounts.present
        && (pserv_admin_run(im->db, p, im->sql.admin_lock, &res, 0, NULL) < 0
            || !*(before = apr_pstrdup(im->pool, pserv_admin_admins(im, p))))) {
        pserv_import_bad(&im->log, im->accounts.path, 1, "database", "%s",
                         im->db->error);
        return 0;
    }

    PSERV_ADMIN_EACH_ROW(&im->accounts, i, row)
    {
        id = pserv_admin_write_account(im, p, row);
        array = pserv_import_roles_array(
            p, row->v[PSERV_ACC_ROLES] ? row->v[PSERV_ACC_ROLES] : "", &bad);
        n = id ? pserv_admin_roles_apply(im->db, p, &im->sql.roles, id, array)
               : -1;
        if (n < 0) {
            pserv_import_bad(&im->log, im->accounts.path, row->line, "database",
                             "%s", im->db->error);
            return 0;
        }
        if (n > 0)
            pserv_admin_mark(row, PSERV_IMPORT_UPDATED);
        apr_pool_clear(p);
    }
    if (strcmp(before, "0") != 0
        && strcmp(pserv_admin_admins(im, p), "0") == 0) {
        pserv_import_bad(&im->log, im->accounts.path, 1, "roles",
                         "no active Administrator would remain (P-Serv must "
                         "always keep at least one)");
        return 0;
    }
    return 1;
}

/* Write everything, in the order the references between tables allow. */
static int pserv_admin_write_all(pserv_admin_import_t *im)
{
    apr_pool_t *p;
    int ok;

    apr_pool_create(&p, im->pool);
    ok = pserv_admin_pass(im, p, &im->units, im->sql.unit_upsert,
                          pserv_admin_unit_args, 1)
         && pserv_admin_pass(im, p, &im->employees, im->sql.employee_upsert,
                             pserv_admin_employee_args, 1)
         && pserv_admin_pass(im, p, &im->employees, im->sql.employee_supervisor,
                             pserv_admin_supervisor_args, 0)
         && pserv_admin_pass(im, p, &im->units, im->sql.unit_head,
                             pserv_admin_head_args, 0)
         && pserv_admin_pass(im, p, &im->platforms, im->sql.platform_upsert,
                             pserv_admin_platform_args, 1)
         && pserv_admin_write_accounts(im, p);
    apr_pool_destroy(p);
    return ok;
}

static void pserv_admin_summary(const pserv_import_file *f)
{
    int counts[3] = { 0, 0, 0 }, i;

    if (!f->present)
        return;
    for (i = 0; i < f->rows->nelts; i++)
        counts[APR_ARRAY_IDX(f->rows, i, pserv_import_row *)->status]++;
    printf("%s: %d inserted, %d updated, %d unchanged\n", f->spec->file,
           counts[PSERV_IMPORT_INSERTED], counts[PSERV_IMPORT_UPDATED],
           counts[PSERV_IMPORT_UNCHANGED]);
}

static int pserv_admin_read_all(pserv_admin_import_t *im, const char *dir)
{
    return pserv_admin_read_file(im, &im->units, dir, &pserv_import_units)
           && pserv_admin_read_file(im, &im->employees, dir,
                                    &pserv_import_employees)
           && pserv_admin_read_file(im, &im->platforms, dir,
                                    &pserv_import_platforms)
           && pserv_admin_read_file(im, &im->accounts, dir,
                                    &pserv_import_accounts);
}

int pserv_admin_cmd_import(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                           const char *const *argv)
{
    pserv_admin_import_t im;
    apr_dbd_results_t *res;
    int ok;

    (void)argc;
    memset(&im, 0, sizeof im);
    im.pool = p;
    im.db = db;
    im.known = apr_hash_make(p);
    im.log.pool = p;
    im.log.report = pserv_admin_report;
    if (!pserv_admin_read_all(&im, argv[0]))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!im.units.present && !im.employees.present && !im.platforms.present
        && !im.accounts.present) {
        pserv_admin_err("import: none of units.csv, employees.csv, "
                        "platforms.csv, accounts.csv in %s",
                        argv[0]);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (!pserv_admin_prepare_all(db, &im.sql, pserv_admin_import_stmts,
                                 (int)(sizeof pserv_admin_import_stmts
                                       / sizeof *pserv_admin_import_stmts))
        || !pserv_admin_prepare_all(db, &im.sql.roles, pserv_admin_roles_stmts,
                                    2))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("import: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    /* References are checked inside the transaction, against the rows
     * it will write next to. */
    ok = pserv_admin_run(db, p, im.sql.lock, &res, 0, NULL) >= 0
         && pserv_admin_check_refs(&im);
    if (!ok)
        pserv_admin_err("import: %s", db->error);
    ok = ok && im.log.errors == 0 && pserv_admin_write_all(&im);
    if (!pserv_admin_end(db, ok)) {
        if (ok)
            pserv_admin_err("import: commit failed: %s", db->error);
        pserv_admin_err("import: %d problem%s found; nothing was imported",
                        im.log.errors ? im.log.errors : 1,
                        im.log.errors == 1 ? "" : "s");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    pserv_admin_summary(&im.units);
    pserv_admin_summary(&im.employees);
    pserv_admin_summary(&im.platforms);
    pserv_admin_summary(&im.accounts);
    return PSERV_ADMIN_EXIT_OK;
}
