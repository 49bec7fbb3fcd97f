/*
 * pserv_admin.c: pserv-admin, the command-line tool for mod_pserv's
 * database: schema migrations, master data import from CSV, passwords and
 * roles. It goes through apr_dbd's "pgsql" driver, the same layer the module
 * uses through mod_dbd, so the SQL here behaves as it will in the module.
 *
 * Every command prepares its statements before opening a transaction: a
 * PREPARE failing inside a transaction would abort it for an unrelated
 * reason, and a missing table is best reported before any work starts.
 *
 * import: the rules a person preparing the files needs to know.
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
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_hash.h>
#include <apr_tables.h>
#include <apr_env.h>
#include <apr_getopt.h>
#include <apr_lib.h>
#include <apr_dbd.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "pserv_core.h"
#include "csv.h"

#define PSERV_ADMIN_NAME        "pserv-admin"
#define PSERV_ADMIN_EXIT_OK     0
#define PSERV_ADMIN_EXIT_FAIL   1
#define PSERV_ADMIN_EXIT_USAGE  2

#define PSERV_ADMIN_SQL_MAX     (16 * 1024 * 1024)  /* one migration file */
#define PSERV_ADMIN_PW_MIN      8                   /* characters */

/* ---- Messages ---- */

static void pserv_admin_err(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void pserv_admin_err(const char *fmt, ...)
{
    va_list ap;

    fputs(PSERV_ADMIN_NAME ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* s with runs of white space made one space, none at either end. */
static char *pserv_admin_squeeze(char *s)
{
    char *in, *out = s;

    for (in = s; *in; in++) {
        if (!apr_isspace(*in))
            *out++ = *in;
        else if (out > s && out[-1] != ' ')
            *out++ = ' ';
    }
    if (out > s && out[-1] == ' ')
        out--;
    *out = '\0';
    return s;
}

/* libpq messages span lines ("ERROR: ...", "LINE 2: ...", a line with a
 * caret): join them into one line, dropping the caret line, so every
 * error reads as one line of our output. */
static const char *pserv_admin_oneline(apr_pool_t *p, const char *msg)
{
    char *copy, *line, *last;
    const char *out = NULL;

    copy = apr_pstrdup(p, msg ? msg : "");
    for (line = apr_strtok(copy, "\r\n", &last); line;
         line = apr_strtok(NULL, "\r\n", &last)) {
        pserv_admin_squeeze(line);
        if (!*line || strspn(line, "^ ") == strlen(line))
            continue;
        out = out ? apr_pstrcat(p, out, "; ", line, NULL) : line;
    }
    return out ? out : "unknown database error";
}

/* ---- Database access through apr_dbd ---- */

typedef struct {
    apr_pool_t                 *pool;
    const apr_dbd_driver_t     *drv;
    apr_dbd_t                  *h;
    apr_dbd_transaction_t      *tx;
    const char                 *error;  /* last error, one line */
} pserv_admin_db_t;

/* A statement to prepare: label, SQL, and where to store the handle. */
typedef struct {
    const char  *label;
    const char  *sql;
    apr_size_t   offset;
} pserv_admin_stmt_t;

static apr_status_t pserv_admin_db_cleanup(void *data)
{
    pserv_admin_db_t *db = data;

    if (db->h)
        apr_dbd_close(db->drv, db->h);
    db->h = NULL;
    return APR_SUCCESS;
}

/* Connect; the handle lives in p (closed when p goes). NULL on failure. */
static pserv_admin_db_t *pserv_admin_db_open(apr_pool_t *p,
                                             const char *conninfo)
{
    pserv_admin_db_t *db = apr_pcalloc(p, sizeof *db);
    const char *error = NULL;
    apr_status_t rv;
    char ebuf[256];

    db->pool = p;
    rv = apr_dbd_init(p);
    if (rv == APR_SUCCESS)
        rv = apr_dbd_get_driver(p, "pgsql", &db->drv);
    if (rv != APR_SUCCESS) {
        pserv_admin_err("cannot load the apr_dbd pgsql driver: %s "
                        "(is libaprutil1-dbd-pgsql installed?)",
                        apr_strerror(rv, ebuf, sizeof ebuf));
        return NULL;
    }
    rv = apr_dbd_open_ex(db->drv, p, conninfo, &db->h, &error);
    if (rv != APR_SUCCESS || !db->h) {
        pserv_admin_err("cannot connect to the database: %s",
                        pserv_admin_oneline(p, error));
        return NULL;
    }
    apr_pool_cleanup_register(p, db, pserv_admin_db_cleanup,
                              apr_pool_cleanup_null);
    return db;
}

static int pserv_admin_db_fail(pserv_admin_db_t *db, int rv)
{
    db->error = pserv_admin_oneline(db->pool, apr_dbd_error(db->drv, db->h, rv));
    return 0;
}

/* Prepare every statement of a table into the struct at base. */
static int pserv_admin_prepare_all(pserv_admin_db_t *db, void *base,
                                   const pserv_admin_stmt_t *stmts, int n)
{
    int i, rv;

    for (i = 0; i < n; i++) {
        apr_dbd_prepared_t **slot =
            (apr_dbd_prepared_t **)((char *)base + stmts[i].offset);
        *slot = NULL;
        rv = apr_dbd_prepare(db->drv, db->pool, db->h, stmts[i].sql,
                             stmts[i].label, slot);
        if (rv != 0) {
            pserv_admin_db_fail(db, rv);
            pserv_admin_err("cannot prepare %s: %s (has `migrate` been run?)",
                            stmts[i].label, db->error);
            return 0;
        }
    }
    return 1;
}

/* Run a prepared statement (a SELECT, or a change with RETURNING) with
 * text arguments, NULL meaning SQL NULL. Random access (seek = 1): the
 * pgsql driver's sequential mode sleeps on empty results. Returns the
 * number of rows, or -1 with db->error set. The result lives in p. */
static int pserv_admin_run(pserv_admin_db_t *db, apr_pool_t *p,
                           apr_dbd_prepared_t *st, apr_dbd_results_t **res,
                           int nargs, const char **args)
{
    int rv;

    *res = NULL;
    rv = apr_dbd_pselect(db->drv, p, db->h, res, st, 1, nargs, args);
    if (rv != 0) {
        pserv_admin_db_fail(db, rv);
        return -1;
    }
    return apr_dbd_num_tuples(db->drv, *res);
}

/* Column col of the first row of res, or NULL when there is no row. A SQL
 * NULL reads as "" (the driver's way); queries select booleans instead of
 * asking whether a column is NULL. */
static const char *pserv_admin_first(pserv_admin_db_t *db, apr_pool_t *p,
                                     apr_dbd_results_t *res, int col)
{
    apr_dbd_row_t *row = NULL;
    const char *v;

    if (apr_dbd_get_row(db->drv, p, res, &row, -1) != 0)
        return NULL;
    v = apr_dbd_get_entry(db->drv, row, col);
    return apr_pstrdup(p, v ? v : "");
}

static int pserv_admin_begin(pserv_admin_db_t *db)
{
    int rv;

    db->tx = NULL;
    rv = apr_dbd_transaction_start(db->drv, db->pool, db->h, &db->tx);
    if (rv != 0) {
        db->tx = NULL;
        return pserv_admin_db_fail(db, rv);
    }
    return 1;
}

/* End the transaction: commit when commit is set (and nothing failed),
 * roll back otherwise. 1 when a requested commit happened. */
static int pserv_admin_end(pserv_admin_db_t *db, int commit)
{
    int rv;

    if (!db->tx)
        return 0;
    if (!commit)
        apr_dbd_transaction_mode_set(db->drv, db->tx,
                                     APR_DBD_TRANSACTION_ROLLBACK);
    rv = apr_dbd_transaction_end(db->drv, db->pool, db->tx);
    db->tx = NULL;
    if (rv != 0)
        return pserv_admin_db_fail(db, rv);
    return commit;
}

/* ---- Roles (shared by import and set-roles) ---- */

static const char *const pserv_admin_roles[] = {
    "admin", "ict_verificator", "ict_manager", "ict_executor", NULL
};

static int pserv_admin_is_role(const char *s)
{
    int i;

    for (i = 0; pserv_admin_roles[i]; i++)
        if (strcmp(s, pserv_admin_roles[i]) == 0)
            return 1;
    return 0;
}

typedef struct {
    apr_dbd_prepared_t *del;
    apr_dbd_prepared_t *ins;
} pserv_admin_roles_sql_t;

static const pserv_admin_stmt_t pserv_admin_roles_stmts[] = {
    { "pserv_admin_roles_delete",
      "DELETE FROM account_roles WHERE account_id = %s::bigint "
      "AND NOT (role = ANY (%s::text[])) RETURNING role",
      APR_OFFSETOF(pserv_admin_roles_sql_t, del) },
    { "pserv_admin_roles_insert",
      "INSERT INTO account_roles (account_id, role) "
      "SELECT %s::bigint, r FROM unnest(%s::text[]) AS r "
      "ON CONFLICT DO NOTHING RETURNING role",
      APR_OFFSETOF(pserv_admin_roles_sql_t, ins) },
};

/* Split a space-separated role list into a PostgreSQL array literal,
 * dropping repeats. NULL (with *bad set to the offender) on an unknown
 * role. Only known role names get into the literal, so it needs no
 * quoting. */
static const char *pserv_admin_roles_array(apr_pool_t *p, const char *list,
                                           const char **bad)
{
    char *copy = apr_pstrdup(p, list), *last, *tok;
    const char *out = "";
    apr_hash_t *seen = apr_hash_make(p);

    for (tok = apr_strtok(copy, " ", &last); tok;
         tok = apr_strtok(NULL, " ", &last)) {
        if (!pserv_admin_is_role(tok)) {
            *bad = tok;
            return NULL;
        }
        if (apr_hash_get(seen, tok, APR_HASH_KEY_STRING))
            continue;
        apr_hash_set(seen, tok, APR_HASH_KEY_STRING, tok);
        out = *out ? apr_pstrcat(p, out, ",", tok, NULL) : tok;
    }
    return apr_pstrcat(p, "{", out, "}", NULL);
}

/* Make the account's roles exactly those in the array literal. Returns the
 * number of roles added plus removed, or -1 with db->error set. */
static int pserv_admin_roles_apply(pserv_admin_db_t *db, apr_pool_t *p,
                                   const pserv_admin_roles_sql_t *sql,
                                   const char *account_id, const char *array)
{
    const char *args[2] = { account_id, array };
    apr_dbd_results_t *res;
    int removed, added;

    removed = pserv_admin_run(db, p, sql->del, &res, 2, args);
    if (removed < 0)
        return -1;
    added = pserv_admin_run(db, p, sql->ins, &res, 2, args);
    if (added < 0)
        return -1;
    return removed + added;
}

/* ---- migrate DIR ---- */

typedef struct {
    apr_dbd_prepared_t *lock;
    apr_dbd_prepared_t *applied;
    apr_dbd_prepared_t *record;
} pserv_admin_migrate_sql_t;

static const pserv_admin_stmt_t pserv_admin_migrate_stmts[] = {
    /* Two migrate runs at once take turns instead of both applying. */
    { "pserv_admin_migrate_lock",
      "SELECT pg_advisory_xact_lock(hashtext('pserv-admin migrate'))",
      APR_OFFSETOF(pserv_admin_migrate_sql_t, lock) },
    { "pserv_admin_migrate_applied",
      "SELECT 1 FROM schema_migrations WHERE version = %s",
      APR_OFFSETOF(pserv_admin_migrate_sql_t, applied) },
    { "pserv_admin_migrate_record",
      "INSERT INTO schema_migrations (version) VALUES (%s) RETURNING version",
      APR_OFFSETOF(pserv_admin_migrate_sql_t, record) },
};

/* NNN_*.sql: three digits, an underscore, a name, ".sql". */
static int pserv_admin_is_migration(const char *name)
{
    apr_size_t n = strlen(name);

    return n > 8 && apr_isdigit(name[0]) && apr_isdigit(name[1])
        && apr_isdigit(name[2]) && name[3] == '_'
        && strcmp(name + n - 4, ".sql") == 0;
}

static int pserv_admin_strcmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The migration files in dir, sorted by name; NULL on error. */
static apr_array_header_t *pserv_admin_migrations(apr_pool_t *p,
                                                  const char *dir)
{
    apr_array_header_t *names = apr_array_make(p, 16, sizeof(const char *));
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv;
    char ebuf[256];
    int i;

    rv = apr_dir_open(&d, dir, p);
    if (rv != APR_SUCCESS) {
        pserv_admin_err("migrate: cannot open %s: %s", dir,
                        apr_strerror(rv, ebuf, sizeof ebuf));
        return NULL;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS)
        if (fi.filetype == APR_REG && pserv_admin_is_migration(fi.name))
            APR_ARRAY_PUSH(names, const char *) = apr_pstrdup(p, fi.name);
    apr_dir_close(d);
    qsort(names->elts, (size_t)names->nelts, sizeof(const char *),
          pserv_admin_strcmp);
    /* Two files with one number would apply in an order nobody chose. */
    for (i = 1; i < names->nelts; i++) {
        const char *a = APR_ARRAY_IDX(names, i - 1, const char *);
        const char *b = APR_ARRAY_IDX(names, i, const char *);
        if (strncmp(a, b, 3) == 0) {
            pserv_admin_err("migrate: %s and %s share the number %.3s", a, b, a);
            return NULL;
        }
    }
    return names;
}

/* The whole file as a string; NULL after an error message. */
static char *pserv_admin_slurp(apr_pool_t *p, const char *path)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t got = 0;
    apr_status_t rv;
    char *buf = NULL, ebuf[256];

    rv = apr_file_open(&f, path, APR_FOPEN_READ, APR_FPROT_OS_DEFAULT, p);
    if (rv == APR_SUCCESS)
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv == APR_SUCCESS && fi.size > PSERV_ADMIN_SQL_MAX) {
        pserv_admin_err("%s: larger than %d bytes", path, PSERV_ADMIN_SQL_MAX);
        return NULL;
    }
    if (rv == APR_SUCCESS) {
        buf = apr_palloc(p, (apr_size_t)fi.size + 1);
        if (fi.size > 0)
            rv = apr_file_read_full(f, buf, (apr_size_t)fi.size, &got);
    }
    if (rv != APR_SUCCESS) {
        pserv_admin_err("%s: %s", path, apr_strerror(rv, ebuf, sizeof ebuf));
        return NULL;
    }
    apr_file_close(f);
    buf[got] = '\0';
    /* libpq sends the text up to the first NUL: the rest would vanish. */
    if (strlen(buf) != got) {
        pserv_admin_err("%s: contains a NUL byte", path);
        return NULL;
    }
    return buf;
}

/* Apply one file in its own transaction with its schema_migrations row.
 * 1 applied, 0 already applied, -1 failed (message printed). */
static int pserv_admin_migrate_one(pserv_admin_db_t *db, apr_pool_t *p,
                                   const pserv_admin_migrate_sql_t *sql,
                                   const char *dir, const char *name)
{
    const char *version = apr_pstrndup(p, name, strlen(name) - 4);
    apr_dbd_results_t *res;
    char *text;
    int n, rv, nrows;

    text = pserv_admin_slurp(p, apr_pstrcat(p, dir, "/", name, NULL));
    if (!text)
        return -1;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("migrate: %s: %s", name, db->error);
        return -1;
    }
    if (pserv_admin_run(db, p, sql->lock, &res, 0, NULL) < 0
        || (n = pserv_admin_run(db, p, sql->applied, &res, 1, &version)) < 0)
        goto fail;
    if (n > 0) {
        pserv_admin_end(db, 0);
        return 0;
    }
    rv = apr_dbd_query(db->drv, db->h, &nrows, text);
    if (rv != 0) {
        pserv_admin_db_fail(db, rv);
        goto fail;
    }
    if (pserv_admin_run(db, p, sql->record, &res, 1, &version) != 1)
        goto fail;
    if (!pserv_admin_end(db, 1)) {
        pserv_admin_err("migrate: %s: commit failed: %s", name, db->error);
        return -1;
    }
    return 1;

fail:
    pserv_admin_err("migrate: %s: %s (rolled back)", name, db->error);
    pserv_admin_end(db, 0);
    return -1;
}

static int pserv_admin_cmd_migrate(pserv_admin_db_t *db, apr_pool_t *p,
                                   int argc, const char *const *argv)
{
    pserv_admin_migrate_sql_t sql;
    apr_array_header_t *names;
    apr_pool_t *fp;
    int i, rv, nrows, applied = 0, skipped = 0;

    (void)argc;
    names = pserv_admin_migrations(p, argv[0]);
    if (!names)
        return PSERV_ADMIN_EXIT_FAIL;
    if (names->nelts == 0) {
        pserv_admin_err("migrate: no NNN_*.sql files in %s", argv[0]);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    rv = apr_dbd_query(db->drv, db->h, &nrows,
                       "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version text PRIMARY KEY,"
                       " applied_at timestamptz NOT NULL DEFAULT now())");
    if (rv != 0) {
        pserv_admin_db_fail(db, rv);
        pserv_admin_err("migrate: cannot create schema_migrations: %s",
                        db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_migrate_stmts,
                                 (int)(sizeof pserv_admin_migrate_stmts
                                       / sizeof *pserv_admin_migrate_stmts)))
        return PSERV_ADMIN_EXIT_FAIL;
    apr_pool_create(&fp, p);
    for (i = 0; i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        rv = pserv_admin_migrate_one(db, fp, &sql, argv[0], name);
        apr_pool_clear(fp);
        if (rv < 0)
            return PSERV_ADMIN_EXIT_FAIL;
        if (rv > 0) {
            printf("applied %s\n", name);
            fflush(stdout);     /* in order with any error on stderr */
        }
        applied += rv;
        skipped += !rv;
    }
    printf("migrate: %d applied, %d already applied\n", applied, skipped);
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- import DIR: the file specifications ---- */

#define PSERV_ADMIN_COL_OPTIONAL  1     /* the column may be left out */
#define PSERV_ADMIN_VAL_OPTIONAL  2     /* the value may be empty */

typedef int (*pserv_admin_check_fn)(const char *v);

typedef struct {
    const char            *name;
    int                    flags;
    apr_size_t             max_chars;   /* for free text (no check) */
    pserv_admin_check_fn   check;       /* shape of the value, or NULL */
    const char            *what;        /* message when check refuses */
} pserv_admin_col_t;

typedef struct {
    const char               *file;     /* "units.csv" */
    const pserv_admin_col_t  *cols;     /* column 0 is the key */
    int                       ncols;
} pserv_admin_spec_t;

/* [A-Z0-9][A-Z0-9_-]{0,31}, as the CHECK on units.code and platforms.code. */
static int pserv_admin_valid_code(const char *s)
{
    apr_size_t i;

    if (!(apr_isupper(s[0]) || apr_isdigit(s[0])))
        return 0;
    for (i = 1; s[i]; i++)
        if (i >= 32 || !(apr_isupper(s[i]) || apr_isdigit(s[i])
                         || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

static int pserv_admin_valid_kind(const char *s)
{
    return strcmp(s, "HO") == 0 || strcmp(s, "UNIT") == 0;
}

static int pserv_admin_valid_employment(const char *s)
{
    return strcmp(s, "ORGANIK") == 0 || strcmp(s, "PKWT") == 0
        || strcmp(s, "TKJP") == 0;
}

/* The spellings of true and false the import accepts; NULL otherwise. */
static const char *pserv_admin_bool(const char *s)
{
    static const char *const yes[] = { "true", "t", "yes", "y", "1", NULL };
    static const char *const no[] = { "false", "f", "no", "n", "0", NULL };
    int i;

    for (i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return "true";
    for (i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return "false";
    return NULL;
}

static int pserv_admin_valid_bool(const char *s)
{
    return pserv_admin_bool(s) != NULL;
}

/* An integer in PostgreSQL's integer range. */
static int pserv_admin_valid_int(const char *s)
{
    char *end;
    apr_int64_t v;

    if (!*s)
        return 0;
    v = apr_strtoi64(s, &end, 10);
    return *end == '\0' && v >= -2147483647 - 1 && v <= 2147483647;
}

static int pserv_admin_valid_roles(const char *s)
{
    apr_pool_t *p;
    const char *bad;
    int ok;

    /* A private pool: validation runs once per row. */
    apr_pool_create(&p, NULL);
    ok = pserv_admin_roles_array(p, s, &bad) != NULL;
    apr_pool_destroy(p);
    return ok;
}

#define PSERV_ADMIN_CODE_WHAT \
    "must be 1 to 32 of A-Z 0-9 _ - (upper case), starting with a letter or digit"
#define PSERV_ADMIN_NOPEK_WHAT "must be 4 to 20 digits"
#define PSERV_ADMIN_BOOL_WHAT  "must be true or false"

enum { UNIT_CODE, UNIT_NAME, UNIT_KIND, UNIT_HEAD, UNIT_ACTIVE };
static const pserv_admin_col_t pserv_admin_unit_cols[] = {
    { "code", 0, 0, pserv_admin_valid_code, PSERV_ADMIN_CODE_WHAT },
    { "name", 0, 200, NULL, NULL },
    { "kind", 0, 0, pserv_admin_valid_kind, "must be HO or UNIT" },
    { "head_nopek", PSERV_ADMIN_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_ADMIN_NOPEK_WHAT },
    { "active", PSERV_ADMIN_COL_OPTIONAL | PSERV_ADMIN_VAL_OPTIONAL, 0,
      pserv_admin_valid_bool, PSERV_ADMIN_BOOL_WHAT },
};

enum { EMP_NOPEK, EMP_NAME, EMP_POSITION, EMP_EMAIL, EMP_UNIT, EMP_SUPERVISOR,
       EMP_TYPE, EMP_ACTIVE };
static const pserv_admin_col_t pserv_admin_employee_cols[] = {
    { "nopek", 0, 0, pserv_valid_nopek, PSERV_ADMIN_NOPEK_WHAT },
    { "full_name", 0, 200, NULL, NULL },
    { "position", PSERV_ADMIN_VAL_OPTIONAL, 200, NULL, NULL },
    { "email", 0, 0, pserv_valid_email, "is not a valid e-mail address" },
    { "unit_code", 0, 0, pserv_admin_valid_code, PSERV_ADMIN_CODE_WHAT },
    { "supervisor_nopek", PSERV_ADMIN_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_ADMIN_NOPEK_WHAT },
    { "employment_type", 0, 0, pserv_admin_valid_employment,
      "must be ORGANIK, PKWT or TKJP" },
    { "active", PSERV_ADMIN_COL_OPTIONAL | PSERV_ADMIN_VAL_OPTIONAL, 0,
      pserv_admin_valid_bool, PSERV_ADMIN_BOOL_WHAT },
};

enum { PLAT_CODE, PLAT_NAME, PLAT_SORT, PLAT_ACTIVE };
static const pserv_admin_col_t pserv_admin_platform_cols[] = {
    { "code", 0, 0, pserv_admin_valid_code, PSERV_ADMIN_CODE_WHAT },
    { "name", 0, 200, NULL, NULL },
    { "sort_order", PSERV_ADMIN_COL_OPTIONAL | PSERV_ADMIN_VAL_OPTIONAL, 0,
      pserv_admin_valid_int, "must be an integer" },
    { "active", PSERV_ADMIN_COL_OPTIONAL | PSERV_ADMIN_VAL_OPTIONAL, 0,
      pserv_admin_valid_bool, PSERV_ADMIN_BOOL_WHAT },
};

enum { ACC_USERNAME, ACC_NOPEK, ACC_ROLES, ACC_ACTIVE };
static const pserv_admin_col_t pserv_admin_account_cols[] = {
    { "username", 0, 0, pserv_valid_username,
      "must be 3 to 32 of a-z 0-9 . _ - (lower case), starting with a letter "
      "or digit" },
    { "nopek", PSERV_ADMIN_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_ADMIN_NOPEK_WHAT },
    { "roles", PSERV_ADMIN_VAL_OPTIONAL, 0, pserv_admin_valid_roles,
      "must be a space-separated list of admin, ict_verificator, "
      "ict_manager, ict_executor" },
    { "active", PSERV_ADMIN_COL_OPTIONAL | PSERV_ADMIN_VAL_OPTIONAL, 0,
      pserv_admin_valid_bool, PSERV_ADMIN_BOOL_WHAT },
};

#define PSERV_ADMIN_SPEC(file, cols) \
    { file, cols, (int)(sizeof cols / sizeof *cols) }

static const pserv_admin_spec_t pserv_admin_unit_spec =
    PSERV_ADMIN_SPEC("units.csv", pserv_admin_unit_cols);
static const pserv_admin_spec_t pserv_admin_employee_spec =
    PSERV_ADMIN_SPEC("employees.csv", pserv_admin_employee_cols);
static const pserv_admin_spec_t pserv_admin_platform_spec =
    PSERV_ADMIN_SPEC("platforms.csv", pserv_admin_platform_cols);
static const pserv_admin_spec_t pserv_admin_account_spec =
    PSERV_ADMIN_SPEC("accounts.csv", pserv_admin_account_cols);

/* ---- import DIR: reading and checking the files ---- */

enum { PSERV_ADMIN_UNCHANGED, PSERV_ADMIN_UPDATED, PSERV_ADMIN_INSERTED };

typedef struct {
    unsigned      line;
    int           pos;          /* 1-based position among the data rows */
    const char  **v;            /* per spec column; NULL: absent or empty */
    int           status;
} pserv_admin_row_t;

typedef struct {
    const pserv_admin_spec_t  *spec;
    const char                *path;
    int                        present;
    apr_array_header_t        *rows;    /* pserv_admin_row_t * */
    apr_hash_t                *keys;    /* column 0 value -> row */
} pserv_admin_file_t;

typedef struct {
    apr_dbd_prepared_t *lock, *unit_exists, *employee_exists;
    apr_dbd_prepared_t *unit_upsert, *unit_head;
    apr_dbd_prepared_t *employee_upsert, *employee_supervisor;
    apr_dbd_prepared_t *platform_upsert;
    apr_dbd_prepared_t *account_find, *account_insert_emp,
                       *account_insert_plain, *account_update_emp,
                       *account_update_plain;
    pserv_admin_roles_sql_t roles;
} pserv_admin_import_sql_t;

typedef struct {
    apr_pool_t                *pool;
    pserv_admin_db_t          *db;
    pserv_admin_import_sql_t   sql;
    pserv_admin_file_t         units, employees, platforms, accounts;
    apr_hash_t                *known;   /* "u:CODE"/"e:NOPEK" -> "1"/"0" */
    int                        errors;
} pserv_admin_import_t;

static void pserv_admin_bad(pserv_admin_import_t *im, const char *path,
                            unsigned line, const char *field,
                            const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* One line per problem, FILE:LINE: FIELD: message, for people and editors. */
static void pserv_admin_bad(pserv_admin_import_t *im, const char *path,
                            unsigned line, const char *field,
                            const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%u: %s: ", path, line, field);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    im->errors++;
}

/* Map header columns to spec columns: spec index -> CSV index or -1. */
static int *pserv_admin_map_header(pserv_admin_import_t *im,
                                   pserv_admin_file_t *f,
                                   pserv_csv_reader_t *r)
{
    const pserv_admin_spec_t *spec = f->spec;
    int *map = apr_palloc(im->pool, sizeof(int) * (apr_size_t)spec->ncols);
    int i, j, ok = 1;

    for (i = 0; i < spec->ncols; i++) {
        map[i] = pserv_csv_column_index(r, spec->cols[i].name);
        if (map[i] < 0 && !(spec->cols[i].flags & PSERV_ADMIN_COL_OPTIONAL)) {
            pserv_admin_bad(im, f->path, 1, spec->cols[i].name,
                            "required column missing from the header");
            ok = 0;
        }
    }
    for (j = 0; j < pserv_csv_columns(r); j++) {
        const char *name = pserv_csv_column_name(r, j);
        for (i = 0; i < spec->ncols; i++)
            if (strcmp(name, spec->cols[i].name) == 0)
                break;
        if (i == spec->ncols) {
            /* Spreadsheets set to an Indonesian locale save with ';'. */
            pserv_admin_bad(im, f->path, 1, name, "unknown column%s",
                            strchr(name, ';') ? " (fields must be separated "
                            "by commas, not semicolons)" : "");
            ok = 0;
        }
    }
    return ok ? map : NULL;
}

/* Check one value against its column; 1 when good. */
static int pserv_admin_check_value(pserv_admin_import_t *im,
                                   pserv_admin_file_t *f, unsigned line,
                                   const pserv_admin_col_t *col, const char *v)
{
    apr_size_t n = strlen(v);

    if (!*v) {
        if (col->flags & PSERV_ADMIN_VAL_OPTIONAL)
            return 1;
        pserv_admin_bad(im, f->path, line, col->name, "required, but empty");
        return 0;
    }
    if (!pserv_valid_text(v, n, 0)) {
        pserv_admin_bad(im, f->path, line, col->name,
                        "invalid UTF-8 or a control character (line break, ...)");
        return 0;
    }
    if (apr_isspace(v[0]) || apr_isspace(v[n - 1])) {
        pserv_admin_bad(im, f->path, line, col->name,
                        "leading or trailing space in \"%s\"", v);
        return 0;
    }
    if (col->check && !col->check(v)) {
        pserv_admin_bad(im, f->path, line, col->name, "\"%s\" %s", v, col->what);
        return 0;
    }
    if (!col->check && col->max_chars && !pserv_valid_text(v, col->max_chars, 0)) {
        pserv_admin_bad(im, f->path, line, col->name,
                        "longer than %" APR_SIZE_T_FMT " characters",
                        col->max_chars);
        return 0;
    }
    return 1;
}

/* Turn one CSV record into a row; NULL when a value is bad. */
static pserv_admin_row_t *pserv_admin_make_row(pserv_admin_import_t *im,
                                               pserv_admin_file_t *f,
                                               const int *map,
                                               const pserv_csv_record_t *rec)
{
    const pserv_admin_spec_t *spec = f->spec;
    pserv_admin_row_t *row = apr_pcalloc(im->pool, sizeof *row);
    pserv_admin_row_t *first;
    int i, ok = 1;

    row->line = rec->line;
    row->pos = f->rows->nelts + 1;
    row->v = apr_pcalloc(im->pool, sizeof(char *) * (apr_size_t)spec->ncols);
    for (i = 0; i < spec->ncols; i++) {
        const char *v = map[i] >= 0 ? rec->fields[map[i]] : "";
        if (!pserv_admin_check_value(im, f, rec->line, &spec->cols[i], v))
            ok = 0;
        else if (*v)
            row->v[i] = v;
    }
    if (!row->v[0])
        return NULL;
    /* A bad row's key is still known, so rows referring to it do not get
     * a second, misleading "not found". */
    first = apr_hash_get(f->keys, row->v[0], APR_HASH_KEY_STRING);
    if (first) {
        pserv_admin_bad(im, f->path, row->line, spec->cols[0].name,
                        "duplicate \"%s\" (first on line %u)", row->v[0],
                        first->line);
        return NULL;
    }
    apr_hash_set(f->keys, row->v[0], APR_HASH_KEY_STRING, row);
    return ok ? row : NULL;
}

static void pserv_admin_csv_error(pserv_admin_import_t *im,
                                  pserv_admin_file_t *f, pserv_csv_reader_t *r)
{
    const char *field = pserv_csv_column_name(r, pserv_csv_error_field(r));

    pserv_admin_bad(im, f->path, pserv_csv_error_line(r),
                    field ? field : "record", "%s", pserv_csv_error(r));
}

/* Read and check one file, if it exists. 0 only on an I/O error. */
static int pserv_admin_read_file(pserv_admin_import_t *im,
                                 pserv_admin_file_t *f, const char *dir,
                                 const pserv_admin_spec_t *spec)
{
    pserv_csv_reader_t *r;
    pserv_csv_record_t rec;
    apr_status_t rv;
    const int *map;
    char ebuf[256];
    int rc;

    f->spec = spec;
    f->path = apr_pstrcat(im->pool, dir, "/", spec->file, NULL);
    f->rows = apr_array_make(im->pool, 64, sizeof(pserv_admin_row_t *));
    f->keys = apr_hash_make(im->pool);
    rv = pserv_csv_open(&r, f->path, im->pool, NULL);
    if (APR_STATUS_IS_ENOENT(rv))
        return 1;
    if (rv != APR_SUCCESS) {
        pserv_admin_err("import: %s: %s", f->path,
                        apr_strerror(rv, ebuf, sizeof ebuf));
        return 0;
    }
    f->present = 1;
    if (pserv_csv_read_header(r) != PSERV_CSV_RECORD) {
        pserv_admin_csv_error(im, f, r);
        return 1;
    }
    if (!(map = pserv_admin_map_header(im, f, r)))
        return 1;
    while ((rc = pserv_csv_next(r, im->pool, &rec)) != PSERV_CSV_EOF) {
        pserv_admin_row_t *row;
        if (rc == PSERV_CSV_ERROR) {
            pserv_admin_csv_error(im, f, r);
            if (pserv_csv_fatal(r))
                break;
            continue;
        }
        if ((row = pserv_admin_make_row(im, f, map, &rec)))
            APR_ARRAY_PUSH(f->rows, pserv_admin_row_t *) = row;
    }
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
    n = pserv_admin_run(im->db, p, kind == 'u' ? im->sql.unit_exists
                        : im->sql.employee_exists, &res, 1, &key);
    apr_pool_destroy(p);
    if (n < 0)
        return -1;
    apr_hash_set(im->known, hkey, APR_HASH_KEY_STRING, n > 0 ? "1" : "0");
    return n > 0;
}

/* Check a reference: to a row of file f, or else to the database.
 * 0 when it points nowhere (reported), -1 on a database error. */
static int pserv_admin_check_ref(pserv_admin_import_t *im,
                                 pserv_admin_file_t *from,
                                 const pserv_admin_row_t *row, int col,
                                 pserv_admin_file_t *to, char kind)
{
    const char *v = row->v[col];
    int found;

    if (!v || apr_hash_get(to->keys, v, APR_HASH_KEY_STRING))
        return 1;
    found = pserv_admin_in_db(im, kind, v);
    if (found == 0)
        pserv_admin_bad(im, from->path, row->line, from->spec->cols[col].name,
                        "\"%s\" is neither in %s nor in the database", v,
                        to->spec->file);
    return found;
}

#define PSERV_ADMIN_EACH_ROW(f, i, row) \
    for ((i) = 0; (i) < (f)->rows->nelts \
         && ((row) = APR_ARRAY_IDX((f)->rows, (i), pserv_admin_row_t *)); (i)++)

/* Cross-file and database references. 0 on a database error. */
static int pserv_admin_check_refs(pserv_admin_import_t *im)
{
    pserv_admin_file_t *emps = &im->employees;
    pserv_admin_row_t *row;
    int i;

    PSERV_ADMIN_EACH_ROW(&im->units, i, row)
        if (pserv_admin_check_ref(im, &im->units, row, UNIT_HEAD, emps,
                                  'e') < 0)
            return 0;
    PSERV_ADMIN_EACH_ROW(emps, i, row) {
        if (pserv_admin_check_ref(im, emps, row, EMP_UNIT, &im->units, 'u') < 0
            || pserv_admin_check_ref(im, emps, row, EMP_SUPERVISOR, emps,
                                     'e') < 0)
            return 0;
        if (row->v[EMP_SUPERVISOR]
            && strcmp(row->v[EMP_SUPERVISOR], row->v[EMP_NOPEK]) == 0)
            pserv_admin_bad(im, emps->path, row->line, "supervisor_nopek",
                            "an employee cannot be their own supervisor");
    }
    PSERV_ADMIN_EACH_ROW(&im->accounts, i, row)
        if (pserv_admin_check_ref(im, &im->accounts, row, ACC_NOPEK, emps,
                                  'e') < 0)
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
    { "pserv_admin_import_lock",
      "SELECT pg_advisory_xact_lock(hashtext('pserv-admin import'))",
      APR_OFFSETOF(pserv_admin_import_sql_t, lock) },
    { "pserv_admin_unit_exists", "SELECT 1 FROM units WHERE code = %s",
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_exists) },
    { "pserv_admin_employee_exists",
      "SELECT 1 FROM employees WHERE nopek = %s",
      APR_OFFSETOF(pserv_admin_import_sql_t, employee_exists) },
    /* Units first, without touching head_nopek: the heads are employees,
     * and employees need their unit to exist. */
    { "pserv_admin_unit_upsert",
      "WITH v (code, name, kind, active) AS"
      " (VALUES (%s::text, %s::text, %s::text, %s::boolean)) "
      "INSERT INTO units AS t (code, name, kind, active)"
      " SELECT code, name, kind, COALESCE(active, true) FROM v "
      "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,"
      " kind = EXCLUDED.kind,"
      " active = COALESCE((SELECT active FROM v), t.active),"
      " updated_at = now() "
      "WHERE (t.name, t.kind, t.active) IS DISTINCT FROM"
      " (EXCLUDED.name, EXCLUDED.kind, COALESCE((SELECT active FROM v), t.active)) "
      "RETURNING (xmax = 0)",
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_upsert) },
    { "pserv_admin_unit_head",
      "UPDATE units SET head_nopek = %s, updated_at = now()"
      " WHERE code = %s AND head_nopek IS DISTINCT FROM %s RETURNING 1",
      APR_OFFSETOF(pserv_admin_import_sql_t, unit_head) },
    /* Employees without touching supervisor_nopek, so a supervisor may
     * come later in the file than the people they supervise. */
    { "pserv_admin_employee_upsert",
      "WITH v (nopek, full_name, position, email, unit_code, employment_type,"
      " active) AS (VALUES (%s::text, %s::text, COALESCE(%s::text, ''),"
      " %s::text, %s::text, %s::text, %s::boolean)) "
      "INSERT INTO employees AS t (nopek, full_name, position, email,"
      " unit_code, employment_type, active)"
      " SELECT nopek, full_name, position, email, unit_code, employment_type,"
      " COALESCE(active, true) FROM v "
      "ON CONFLICT (nopek) DO UPDATE SET full_name = EXCLUDED.full_name,"
      " position = EXCLUDED.position, email = EXCLUDED.email,"
      " unit_code = EXCLUDED.unit_code,"
      " employment_type = EXCLUDED.employment_type,"
      " active = COALESCE((SELECT active FROM v), t.active),"
      " updated_at = now() "
      "WHERE (t.full_name, t.position, t.email, t.unit_code,"
      " t.employment_type, t.active) IS DISTINCT FROM"
      " (EXCLUDED.full_name, EXCLUDED.position, EXCLUDED.email,"
      " EXCLUDED.unit_code, EXCLUDED.employment_type,"
      " COALESCE((SELECT active FROM v), t.active)) "
      "RETURNING (xmax = 0)",
      APR_OFFSETOF(pserv_admin_import_sql_t, employee_upsert) },
    { "pserv_admin_employee_supervisor",
      "UPDATE employees SET supervisor_nopek = %s, updated_at = now()"
      " WHERE nopek = %s AND supervisor_nopek IS DISTINCT FROM %s RETURNING 1",
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
    { "pserv_admin_account_find",
      "SELECT id FROM accounts WHERE username = %s",
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
};

static const char *pserv_admin_active(const pserv_admin_row_t *row, int col)
{
    return row->v[col] ? pserv_admin_bool(row->v[col]) : NULL;
}

static void pserv_admin_mark(pserv_admin_row_t *row, int status)
{
    if (status > row->status)
        row->status = status;
}

/* Run a change for one row and fold its outcome into row->status:
 * with_flag says the statement returns (xmax = 0). 0 on error (reported). */
static int pserv_admin_write(pserv_admin_import_t *im, apr_pool_t *p,
                             pserv_admin_file_t *f, pserv_admin_row_t *row,
                             apr_dbd_prepared_t *st, int nargs,
                             const char **args, int with_flag)
{
    apr_dbd_results_t *res;
    const char *inserted;
    int n = pserv_admin_run(im->db, p, st, &res, nargs, args);

    if (n < 0) {
        pserv_admin_bad(im, f->path, row->line, "database", "%s",
                        im->db->error);
        return 0;
    }
    if (n == 0)
        return 1;
    inserted = with_flag ? pserv_admin_first(im->db, p, res, 0) : "f";
    pserv_admin_mark(row, inserted && inserted[0] == 't'
                     ? PSERV_ADMIN_INSERTED : PSERV_ADMIN_UPDATED);
    return 1;
}

/* One pass over a file's rows: args fills the statement's arguments for a
 * row and returns how many; with_flag as for pserv_admin_write. */
typedef int (*pserv_admin_args_fn)(apr_pool_t *p, const pserv_admin_row_t *row,
                                   const char **args);

static int pserv_admin_pass(pserv_admin_import_t *im, apr_pool_t *p,
                            pserv_admin_file_t *f, apr_dbd_prepared_t *st,
                            pserv_admin_args_fn fill, int with_flag)
{
    pserv_admin_row_t *row;
    const char *args[8];
    int i;

    PSERV_ADMIN_EACH_ROW(f, i, row) {
        int nargs = fill(p, row, args);
        if (!pserv_admin_write(im, p, f, row, st, nargs, args, with_flag))
            return 0;
        apr_pool_clear(p);
    }
    return 1;
}

static int pserv_admin_unit_args(apr_pool_t *p, const pserv_admin_row_t *row,
                                 const char **a)
{
    (void)p;
    a[0] = row->v[UNIT_CODE];
    a[1] = row->v[UNIT_NAME];
    a[2] = row->v[UNIT_KIND];
    a[3] = pserv_admin_active(row, UNIT_ACTIVE);
    return 4;
}

static int pserv_admin_head_args(apr_pool_t *p, const pserv_admin_row_t *row,
                                 const char **a)
{
    (void)p;
    a[0] = a[2] = row->v[UNIT_HEAD];
    a[1] = row->v[UNIT_CODE];
    return 3;
}

static int pserv_admin_employee_args(apr_pool_t *p,
                                     const pserv_admin_row_t *row,
                                     const char **a)
{
    static const int cols[6] = { EMP_NOPEK, EMP_NAME, EMP_POSITION,
                                 EMP_EMAIL, EMP_UNIT, EMP_TYPE };
    int i;

    (void)p;
    for (i = 0; i < 6; i++)
        a[i] = row->v[cols[i]];
    a[6] = pserv_admin_active(row, EMP_ACTIVE);
    return 7;
}

static int pserv_admin_supervisor_args(apr_pool_t *p,
                                       const pserv_admin_row_t *row,
                                       const char **a)
{
    (void)p;
    a[0] = a[2] = row->v[EMP_SUPERVISOR];
    a[1] = row->v[EMP_NOPEK];
    return 3;
}

static int pserv_admin_platform_args(apr_pool_t *p,
                                     const pserv_admin_row_t *row,
                                     const char **a)
{
    a[0] = row->v[PLAT_CODE];
    a[1] = row->v[PLAT_NAME];
    a[2] = row->v[PLAT_SORT];
    a[3] = apr_itoa(p, row->pos * 10);  /* no sort_order: file order */
    a[4] = pserv_admin_active(row, PLAT_ACTIVE);
    return 5;
}

/* The name an account without a nopek gets when it is created: "admin"
 * is "Administrator", others their username in words ("budi.santoso" ->
 * "Budi Santoso"). Never changed by a later import. */
static const char *pserv_admin_plain_name(apr_pool_t *p, const char *username)
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
                                             pserv_admin_row_t *row)
{
    const char *user = row->v[ACC_USERNAME], *nopek = row->v[ACC_NOPEK];
    const char *active = pserv_admin_active(row, ACC_ACTIVE);
    apr_dbd_results_t *res;
    const char *id;
    int n;

    if (pserv_admin_run(im->db, p, im->sql.account_find, &res, 1, &user) < 0)
        return NULL;
    id = pserv_admin_first(im->db, p, res, 0);
    if (id && nopek) {
        const char *args[3] = { id, nopek, active };
        n = pserv_admin_run(im->db, p, im->sql.account_update_emp, &res, 3, args);
    }
    else if (id) {
        const char *args[2] = { id, active };
        n = pserv_admin_run(im->db, p, im->sql.account_update_plain, &res, 2,
                            args);
    }
    else if (nopek) {
        const char *args[3] = { user, active, nopek };
        n = pserv_admin_run(im->db, p, im->sql.account_insert_emp, &res, 3, args);
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
        pserv_admin_mark(row, id ? PSERV_ADMIN_UPDATED : PSERV_ADMIN_INSERTED);
    return id ? id : pserv_admin_first(im->db, p, res, 0);
}

static int pserv_admin_write_accounts(pserv_admin_import_t *im, apr_pool_t *p)
{
    pserv_admin_row_t *row;
    const char *id, *array, *bad;
    int i, n;

    PSERV_ADMIN_EACH_ROW(&im->accounts, i, row) {
        id = pserv_admin_write_account(im, p, row);
        array = pserv_admin_roles_array(p, row->v[ACC_ROLES]
                                        ? row->v[ACC_ROLES] : "", &bad);
        n = id ? pserv_admin_roles_apply(im->db, p, &im->sql.roles, id, array)
               : -1;
        if (n < 0) {
            pserv_admin_bad(im, im->accounts.path, row->line, "database",
                            "%s", im->db->error);
            return 0;
        }
        if (n > 0)
            pserv_admin_mark(row, PSERV_ADMIN_UPDATED);
        apr_pool_clear(p);
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

static void pserv_admin_summary(const pserv_admin_file_t *f)
{
    int counts[3] = { 0, 0, 0 }, i;

    if (!f->present)
        return;
    for (i = 0; i < f->rows->nelts; i++)
        counts[APR_ARRAY_IDX(f->rows, i, pserv_admin_row_t *)->status]++;
    printf("%s: %d inserted, %d updated, %d unchanged\n", f->spec->file,
           counts[PSERV_ADMIN_INSERTED], counts[PSERV_ADMIN_UPDATED],
           counts[PSERV_ADMIN_UNCHANGED]);
}

static int pserv_admin_read_all(pserv_admin_import_t *im, const char *dir)
{
    return pserv_admin_read_file(im, &im->units, dir, &pserv_admin_unit_spec)
        && pserv_admin_read_file(im, &im->employees, dir,
                                 &pserv_admin_employee_spec)
        && pserv_admin_read_file(im, &im->platforms, dir,
                                 &pserv_admin_platform_spec)
        && pserv_admin_read_file(im, &im->accounts, dir,
                                 &pserv_admin_account_spec);
}

static int pserv_admin_cmd_import(pserv_admin_db_t *db, apr_pool_t *p,
                                  int argc, const char *const *argv)
{
    pserv_admin_import_t im;
    apr_dbd_results_t *res;
    int ok;

    (void)argc;
    memset(&im, 0, sizeof im);
    im.pool = p;
    im.db = db;
    im.known = apr_hash_make(p);
    if (!pserv_admin_read_all(&im, argv[0]))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!im.units.present && !im.employees.present && !im.platforms.present
        && !im.accounts.present) {
        pserv_admin_err("import: none of units.csv, employees.csv, "
                        "platforms.csv, accounts.csv in %s", argv[0]);
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
    ok = ok && im.errors == 0 && pserv_admin_write_all(&im);
    if (!pserv_admin_end(db, ok)) {
        if (ok)
            pserv_admin_err("import: commit failed: %s", db->error);
        pserv_admin_err("import: %d problem%s found; nothing was imported",
                        im.errors ? im.errors : 1, im.errors == 1 ? "" : "s");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    pserv_admin_summary(&im.units);
    pserv_admin_summary(&im.employees);
    pserv_admin_summary(&im.platforms);
    pserv_admin_summary(&im.accounts);
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- set-password USERNAME [--if-unset] ---- */

typedef struct {
    apr_dbd_prepared_t *find;
    apr_dbd_prepared_t *set;
    apr_dbd_prepared_t *set_if_unset;
} pserv_admin_pw_sql_t;

static const pserv_admin_stmt_t pserv_admin_pw_stmts[] = {
    { "pserv_admin_pw_find",
      "SELECT id, password_hash IS NOT NULL FROM accounts WHERE username = %s",
      APR_OFFSETOF(pserv_admin_pw_sql_t, find) },
    { "pserv_admin_pw_set",
      "UPDATE accounts SET password_hash = %s, password_set_at = now(),"
      " updated_at = now() WHERE username = %s RETURNING id",
      APR_OFFSETOF(pserv_admin_pw_sql_t, set) },
    /* Re-checked in the UPDATE: another run may have set one meanwhile. */
    { "pserv_admin_pw_set_if_unset",
      "UPDATE accounts SET password_hash = %s, password_set_at = now(),"
      " updated_at = now() WHERE username = %s AND password_hash IS NULL"
      " RETURNING id",
      APR_OFFSETOF(pserv_admin_pw_sql_t, set_if_unset) },
};

/* Read one line from fd 0 into buf (size bytes) with read(2), not stdio,
 * so no copy of the password stays in a stdio buffer. 1 with the line
 * (without its line end), 0 at end of input with nothing read, -1 when
 * the line does not fit. */
static int pserv_admin_read_line(char *buf, apr_size_t size)
{
    apr_size_t n = 0;
    char c;
    ssize_t got;

    while ((got = read(0, &c, 1)) == 1 && c != '\n') {
        if (n + 1 >= size) {
            while ((got = read(0, &c, 1)) == 1 && c != '\n')
                ;
            return -1;
        }
        buf[n++] = c;
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return n > 0 || got == 1 ? 1 : 0;
}

/* Prompt without echo when stdin is a terminal; plain read otherwise. */
static int pserv_admin_prompt(const char *prompt, char *buf, apr_size_t size)
{
    struct termios old, quiet;
    int tty = isatty(0) && tcgetattr(0, &old) == 0;
    int rc;

    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSAFLUSH, &quiet);
    }
    rc = pserv_admin_read_line(buf, size);
    if (tty) {
        tcsetattr(0, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    return rc;
}

/* The new password into buf, checked; 0 after a message. */
static int pserv_admin_get_password(char *buf, apr_size_t size)
{
    char again[PSERV_PASSWORD_MAX * 4 + 2];
    int rc = pserv_admin_prompt("New password: ", buf, size), same;

    if (rc == 0 || (rc > 0 && !*buf)) {
        pserv_admin_err("set-password: no password on standard input");
        return 0;
    }
    if (rc < 0 || !pserv_valid_text(buf, PSERV_PASSWORD_MAX, 0)) {
        pserv_admin_err("set-password: the password must be valid UTF-8 text "
                        "of at most %d characters", PSERV_PASSWORD_MAX);
        return 0;
    }
    if (pserv_valid_text(buf, PSERV_ADMIN_PW_MIN - 1, 0)) {
        pserv_admin_err("set-password: the password must have at least %d "
                        "characters", PSERV_ADMIN_PW_MIN);
        return 0;
    }
    if (!isatty(0))
        return 1;
    /* Typed blind: ask twice. */
    rc = pserv_admin_prompt("Repeat it: ", again, sizeof again);
    same = rc > 0 && strcmp(buf, again) == 0;
    explicit_bzero(again, sizeof again);
    if (!same)
        pserv_admin_err("set-password: the two passwords differ");
    return same;
}

/* 1 when the account exists; *has_pw says whether it has a password. */
static int pserv_admin_pw_lookup(pserv_admin_db_t *db, apr_pool_t *p,
                                 const pserv_admin_pw_sql_t *sql,
                                 const char *user, int *has_pw)
{
    apr_dbd_results_t *res;
    const char *flag;
    int n = pserv_admin_run(db, p, sql->find, &res, 1, &user);

    if (n < 0) {
        pserv_admin_err("set-password: %s", db->error);
        return -1;
    }
    if (n == 0) {
        pserv_admin_err("set-password: no account with username \"%s\"", user);
        return 0;
    }
    flag = pserv_admin_first(db, p, res, 1);
    *has_pw = flag && flag[0] == 't';
    return 1;
}

static int pserv_admin_store_hash(pserv_admin_db_t *db, apr_pool_t *p,
                                  const pserv_admin_pw_sql_t *sql,
                                  const char *user, const char *hash,
                                  int if_unset)
{
    apr_dbd_results_t *res;
    const char *args[2] = { hash, user };
    int n;

    if (!pserv_admin_begin(db)) {
        pserv_admin_err("set-password: %s", db->error);
        return -1;
    }
    n = pserv_admin_run(db, p, if_unset ? sql->set_if_unset : sql->set,
                        &res, 2, args);
    if (!pserv_admin_end(db, n >= 0) || n < 0) {
        pserv_admin_err("set-password: %s", db->error);
        return -1;
    }
    return n;
}

static int pserv_admin_cmd_set_password(pserv_admin_db_t *db, apr_pool_t *p,
                                        int argc, const char *const *argv)
{
    pserv_admin_pw_sql_t sql;
    char pw[PSERV_PASSWORD_MAX * 4 + 2];
    const char *user = NULL, *hash;
    int i, if_unset = 0, has_pw = 0, n;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--if-unset") == 0)
            if_unset = 1;
        else if (!user && argv[i][0] != '-')
            user = argv[i];
        else {
            pserv_admin_err("set-password: unexpected argument \"%s\"", argv[i]);
            return PSERV_ADMIN_EXIT_USAGE;
        }
    }
    if (!user) {
        pserv_admin_err("set-password: USERNAME missing");
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_pw_stmts, 3))
        return PSERV_ADMIN_EXIT_FAIL;
    /* Look the account up before asking, so nobody types a password for a
     * misspelt username; no transaction is held open while they type. */
    n = pserv_admin_pw_lookup(db, p, &sql, user, &has_pw);
    if (n <= 0)
        return PSERV_ADMIN_EXIT_FAIL;
    if (if_unset && has_pw) {
        printf("%s already has a password; left unchanged\n", user);
        return PSERV_ADMIN_EXIT_OK;
    }
    if (!pserv_admin_get_password(pw, sizeof pw)) {
        explicit_bzero(pw, sizeof pw);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    hash = pserv_password_hash(p, pw);
    explicit_bzero(pw, sizeof pw);
    if (!hash) {
        pserv_admin_err("set-password: hashing failed");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    n = pserv_admin_store_hash(db, p, &sql, user, hash, if_unset);
    if (n < 0)
        return PSERV_ADMIN_EXIT_FAIL;
    if (n == 0 && if_unset)
        printf("%s already has a password; left unchanged\n", user);
    else if (n == 0) {
        pserv_admin_err("set-password: no account with username \"%s\"", user);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    else
        printf("password set for %s\n", user);
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- set-roles USERNAME [ROLE...] ---- */

typedef struct {
    apr_dbd_prepared_t *find;
    pserv_admin_roles_sql_t roles;
} pserv_admin_setroles_sql_t;

static const pserv_admin_stmt_t pserv_admin_setroles_stmts[] = {
    /* FOR UPDATE: two set-roles on one account apply one after the other. */
    { "pserv_admin_setroles_find",
      "SELECT id FROM accounts WHERE username = %s FOR UPDATE",
      APR_OFFSETOF(pserv_admin_setroles_sql_t, find) },
};

static int pserv_admin_cmd_set_roles(pserv_admin_db_t *db, apr_pool_t *p,
                                     int argc, const char *const *argv)
{
    pserv_admin_setroles_sql_t sql;
    apr_dbd_results_t *res;
    const char *user = argv[0], *list = "", *array, *bad = NULL, *id;
    int i, n = -1;

    for (i = 1; i < argc; i++)
        list = apr_pstrcat(p, list, " ", argv[i], NULL);
    array = pserv_admin_roles_array(p, list, &bad);
    if (!array) {
        pserv_admin_err("set-roles: unknown role \"%s\" (known: admin, "
                        "ict_verificator, ict_manager, ict_executor)", bad);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_setroles_stmts, 1)
        || !pserv_admin_prepare_all(db, &sql.roles, pserv_admin_roles_stmts, 2))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("set-roles: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (pserv_admin_run(db, p, sql.find, &res, 1, &user) >= 0) {
        id = pserv_admin_first(db, p, res, 0);
        n = id ? pserv_admin_roles_apply(db, p, &sql.roles, id, array) : -2;
    }
    if (!pserv_admin_end(db, n >= 0) || n < 0) {
        if (n == -2)
            pserv_admin_err("set-roles: no account with username \"%s\"", user);
        else
            pserv_admin_err("set-roles: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    printf("%s: roles: %s (%s)\n", user, *list ? list + 1 : "none",
           n ? "changed" : "unchanged");
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- Commands and main ---- */

typedef int (*pserv_admin_cmd_fn)(pserv_admin_db_t *db, apr_pool_t *p,
                                  int argc, const char *const *argv);

typedef struct {
    const char          *name;
    const char          *args;
    const char          *help;
    int                  min_args, max_args;    /* max -1: no limit */
    pserv_admin_cmd_fn   fn;                    /* NULL: help */
} pserv_admin_cmd_t;

static const pserv_admin_cmd_t pserv_admin_cmds[] = {
    { "migrate", "DIR",
      "apply DIR/NNN_*.sql files not yet in schema_migrations, each in one "
      "transaction", 1, 1, pserv_admin_cmd_migrate },
    { "import", "DIR",
      "import units.csv, employees.csv, platforms.csv, accounts.csv from DIR "
      "(those present), all or nothing", 1, 1, pserv_admin_cmd_import },
    { "set-password", "USERNAME [--if-unset]",
      "set the password read from standard input (one line); --if-unset: only "
      "when the account has none", 1, 2, pserv_admin_cmd_set_password },
    { "set-roles", "USERNAME [ROLE...]",
      "give the account exactly these roles (admin ict_verificator "
      "ict_manager ict_executor; none: a plain user)", 1, -1,
      pserv_admin_cmd_set_roles },
    { "help", "", "show this help", 0, 0, NULL },
};

#define PSERV_ADMIN_NCMDS ((int)(sizeof pserv_admin_cmds / sizeof *pserv_admin_cmds))

static void pserv_admin_usage(FILE *out)
{
    int i;

    fprintf(out, "usage: " PSERV_ADMIN_NAME " [-d CONNINFO] COMMAND [ARGS]\n\n"
            "  -d CONNINFO  libpq connection string, e.g. \"host=/run/postgresql "
            "dbname=pserv user=pserv\"\n"
            "               (default: $PSERV_DB, else libpq's PG* variables)\n\n"
            "commands:\n");
    for (i = 0; i < PSERV_ADMIN_NCMDS; i++)
        fprintf(out, "  %s %s\n      %s\n", pserv_admin_cmds[i].name,
                pserv_admin_cmds[i].args, pserv_admin_cmds[i].help);
}

static const pserv_admin_cmd_t *pserv_admin_find_cmd(const char *name)
{
    int i;

    for (i = 0; i < PSERV_ADMIN_NCMDS; i++)
        if (strcmp(pserv_admin_cmds[i].name, name) == 0)
            return &pserv_admin_cmds[i];
    return NULL;
}

/* Parse the options before the command: index of the command, -1 on a bad
 * option, -2 when help was asked for. */
static int pserv_admin_options(apr_pool_t *p, int argc, const char *const *argv,
                               const char **conninfo)
{
    static const apr_getopt_option_t opts[] = {
        { "db", 'd', 1, "connection string" },
        { "help", 'h', 0, "help" },
        { NULL, 0, 0, NULL },
    };
    apr_getopt_t *os;
    const char *arg;
    apr_status_t rv;
    int c;

    apr_getopt_init(&os, p, argc, argv);
    os->errfn = NULL;
    while ((rv = apr_getopt_long(os, opts, &c, &arg)) == APR_SUCCESS) {
        if (c == 'd')
            *conninfo = arg;
        else
            return -2;
    }
    if (rv != APR_EOF) {
        pserv_admin_err("bad option (try `" PSERV_ADMIN_NAME " help`)");
        return -1;
    }
    return os->ind;
}

static int pserv_admin_main(apr_pool_t *p, int argc, const char *const *argv)
{
    const pserv_admin_cmd_t *cmd;
    pserv_admin_db_t *db;
    const char *conninfo = NULL;
    char *env;
    int ind, nargs;

    ind = pserv_admin_options(p, argc, argv, &conninfo);
    if (ind == -2) {
        pserv_admin_usage(stdout);
        return PSERV_ADMIN_EXIT_OK;
    }
    if (ind < 0)
        return PSERV_ADMIN_EXIT_USAGE;
    if (ind >= argc) {
        pserv_admin_usage(stderr);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!(cmd = pserv_admin_find_cmd(argv[ind]))) {
        pserv_admin_err("unknown command \"%s\" (try `" PSERV_ADMIN_NAME
                        " help`)", argv[ind]);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    nargs = argc - ind - 1;
    if (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
        pserv_admin_err("usage: " PSERV_ADMIN_NAME " %s %s", cmd->name,
                        cmd->args);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!cmd->fn) {
        pserv_admin_usage(stdout);
        return PSERV_ADMIN_EXIT_OK;
    }
    if (!conninfo && apr_env_get(&env, "PSERV_DB", p) == APR_SUCCESS)
        conninfo = env;
    if (!(db = pserv_admin_db_open(p, conninfo ? conninfo : "")))
        return PSERV_ADMIN_EXIT_FAIL;
    return cmd->fn(db, p, nargs, argv + ind + 1);
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    int rc;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS) {
        fputs(PSERV_ADMIN_NAME ": cannot initialise APR\n", stderr);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    apr_pool_create(&p, NULL);
    rc = pserv_admin_main(p, argc, argv);
    fflush(stdout);
    apr_pool_destroy(p);
    apr_terminate();
    return rc;
}
