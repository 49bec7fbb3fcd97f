/*
 * pserv_admin.c: pserv-admin, the command-line tool for mod_pserv's
 * database: schema migrations, master data import from CSV, accounts,
 * passwords and roles. It goes through apr_dbd's "pgsql" driver, the same layer the module
 * uses through mod_dbd, so the SQL here behaves as it will in the module.
 *
 * Every command prepares its statements before opening a transaction: a
 * PREPARE failing inside a transaction would abort it for an unrelated
 * reason, and a missing table is best reported before any work starts.
 *
 * The import command lives in import.c, its file rules in core/import.c;
 * create-account and password-link in account.c. The help below, the man
 * page docs/pserv-admin.1 and the README's pserv-admin section say the
 * same: change them together.
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
#include "import.h"
#include "pserv_admin.h"

#define PSERV_ADMIN_SQL_MAX (16 * 1024 * 1024) /* one migration file */
#define PSERV_ADMIN_PW_MIN  8                  /* characters */

/* ---- Messages ---- */

void pserv_admin_err(const char *fmt, ...)
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

/* ---- Database access through apr_dbd (types in pserv_admin.h) ---- */

static apr_status_t pserv_admin_db_cleanup(void *data)
{
    pserv_admin_db_t *db = data;

    if (db->h)
        apr_dbd_close(db->drv, db->h);
    db->h = NULL;
    return APR_SUCCESS;
}

/* Connect; the handle lives in p (closed when p goes). NULL on failure.
 * Run by root, as the role conninfo names (runas.c). */
static pserv_admin_db_t *pserv_admin_db_open(apr_pool_t *p,
                                             const char *conninfo)
{
    pserv_admin_db_t *db = apr_pcalloc(p, sizeof *db);
    pserv_admin_runas_t ra;
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
    if (pserv_admin_runas_begin(p, conninfo, &ra) < 0) {
        pserv_admin_err("cannot take the ids of the system user %s to "
                        "connect as it: %s",
                        ra.role,
                        apr_strerror(apr_get_os_error(), ebuf, sizeof ebuf));
        return NULL;
    }
    rv = apr_dbd_open_ex(db->drv, p, conninfo, &db->h, &error);
    pserv_admin_runas_end(&ra);
    if (rv != APR_SUCCESS || !db->h) {
        pserv_admin_err("cannot connect to the database: %s%s",
                        pserv_admin_oneline(p, error),
                        pserv_admin_runas_hint(p, &ra));
        return NULL;
    }
    apr_pool_cleanup_register(p, db, pserv_admin_db_cleanup,
                              apr_pool_cleanup_null);
    return db;
}

static int pserv_admin_db_fail(pserv_admin_db_t *db, int rv)
{
    db->error =
        pserv_admin_oneline(db->pool, apr_dbd_error(db->drv, db->h, rv));
    return 0;
}

/* Prepare every statement of a table into the struct at base. */
int pserv_admin_prepare_all(pserv_admin_db_t *db, void *base,
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
int pserv_admin_run(pserv_admin_db_t *db, apr_pool_t *p, apr_dbd_prepared_t *st,
                    apr_dbd_results_t **res, int nargs, const char **args)
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
const char *pserv_admin_first(pserv_admin_db_t *db, apr_pool_t *p,
                              apr_dbd_results_t *res, int col)
{
    apr_dbd_row_t *row = NULL;
    const char *v;

    if (apr_dbd_get_row(db->drv, p, res, &row, -1) != 0)
        return NULL;
    v = apr_dbd_get_entry(db->drv, row, col);
    return apr_pstrdup(p, v ? v : "");
}

int pserv_admin_begin(pserv_admin_db_t *db)
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
int pserv_admin_end(pserv_admin_db_t *db, int commit)
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

const pserv_admin_stmt_t pserv_admin_roles_stmts[2] = {
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

/* Make the account's roles exactly those in the array literal. Returns the
 * number of roles added plus removed, or -1 with db->error set. */
int pserv_admin_roles_apply(pserv_admin_db_t *db, apr_pool_t *p,
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
            pserv_admin_err("migrate: %s and %s share the number %.3s", a, b,
                            a);
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
            fflush(stdout); /* in order with any error on stderr */
        }
        applied += rv;
        skipped += !rv;
    }
    printf("migrate: %d applied, %d already applied\n", applied, skipped);
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
                        "of at most %d characters",
                        PSERV_PASSWORD_MAX);
        return 0;
    }
    if (pserv_valid_text(buf, PSERV_ADMIN_PW_MIN - 1, 0)) {
        pserv_admin_err("set-password: the password must have at least %d "
                        "characters",
                        PSERV_ADMIN_PW_MIN);
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
    n = pserv_admin_run(db, p, if_unset ? sql->set_if_unset : sql->set, &res, 2,
                        args);
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
            pserv_admin_err("set-password: unexpected argument \"%s\"",
                            argv[i]);
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
    apr_dbd_prepared_t *lock, *find;
    pserv_admin_roles_sql_t roles;
} pserv_admin_setroles_sql_t;

static const pserv_admin_stmt_t pserv_admin_setroles_stmts[] = {
    /* The web page's lock (handle_admin.c adm_lock): "one active
     * Administrator remains" is judged on what the others committed. */
    { "pserv_admin_setroles_lock", "SELECT pg_advisory_xact_lock(736175)",
      APR_OFFSETOF(pserv_admin_setroles_sql_t, lock) },
    /* FOR UPDATE: two set-roles on one account apply one after the other.
     * id, active, an admin now, the other active admins */
    { "pserv_admin_setroles_find",
      "SELECT a.id, a.active, EXISTS (SELECT 1 FROM account_roles r"
      "   WHERE r.account_id = a.id AND r.role = 'admin'),"
      " (SELECT count(*) FROM accounts o JOIN account_roles r"
      "   ON r.account_id = o.id AND r.role = 'admin'"
      "   WHERE o.active AND o.id <> a.id)"
      " FROM accounts a WHERE a.username = %s FOR UPDATE OF a",
      APR_OFFSETOF(pserv_admin_setroles_sql_t, find) },
};

/* The web page's rule (core/account.c): the last active Administrator
 * keeps the admin role. -3 when refused, else what roles_apply says. */
static int pserv_admin_setroles_apply(pserv_admin_db_t *db, apr_pool_t *p,
                                      const pserv_admin_setroles_sql_t *sql,
                                      apr_dbd_results_t *res, const char *array,
                                      const char **id)
{
    pserv_account_change c;
    const char *active = pserv_admin_first(db, p, res, 1);
    const char *admin = pserv_admin_first(db, p, res, 2);
    const char *others = pserv_admin_first(db, p, res, 3);

    memset(&c, 0, sizeof c);
    c.was_active = c.will_be_active = active && *active == 't';
    c.was_admin = admin && *admin == 't';
    c.will_be_admin = strstr(array, "admin,") || strstr(array, "admin}");
    c.other_active_admins = others ? atoi(others) : 0;
    if (pserv_account_change_check(&c) != PSERV_ACCOUNT_OK)
        return -3;
    return pserv_admin_roles_apply(db, p, &sql->roles, *id, array);
}

static int pserv_admin_cmd_set_roles(pserv_admin_db_t *db, apr_pool_t *p,
                                     int argc, const char *const *argv)
{
    pserv_admin_setroles_sql_t sql;
    apr_dbd_results_t *res;
    const char *user = argv[0], *list = "", *array, *bad = NULL, *id;
    int i, n = -1;

    for (i = 1; i < argc; i++)
        list = apr_pstrcat(p, list, " ", argv[i], NULL);
    array = pserv_import_roles_array(p, list, &bad);
    if (!array) {
        pserv_admin_err("set-roles: unknown role \"%s\" (known: admin, "
                        "ict_verificator, ict_manager, ict_executor)",
                        bad);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_setroles_stmts, 2)
        || !pserv_admin_prepare_all(db, &sql.roles, pserv_admin_roles_stmts, 2))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("set-roles: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (pserv_admin_run(db, p, sql.lock, &res, 0, NULL) >= 0
        && pserv_admin_run(db, p, sql.find, &res, 1, &user) >= 0) {
        id = pserv_admin_first(db, p, res, 0);
        n = id ? pserv_admin_setroles_apply(db, p, &sql, res, array, &id) : -2;
    }
    if (!pserv_admin_end(db, n >= 0) || n < 0) {
        if (n == -2)
            pserv_admin_err("set-roles: no account with username \"%s\"", user);
        else if (n == -3)
            pserv_admin_err("set-roles: %s is the last active Administrator: "
                            "P-Serv must always keep at least one; give "
                            "another account the admin role first. Nothing "
                            "changed",
                            user);
        else
            pserv_admin_err("set-roles: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    printf("%s: roles: %s (%s)\n", user, *list ? list + 1 : "none",
           n ? "changed" : "unchanged");
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- unlock USERNAME ---- */

typedef struct {
    apr_dbd_prepared_t *unlock;
} pserv_admin_unlock_sql_t;

/* The module's Buka Kunci: the account's failed logins, from every
 * address, are forgotten, so no lock on it is left (the web page needs an
 * Administrator who can log in; this does not). */
static const pserv_admin_stmt_t pserv_admin_unlock_stmts[] = {
    { "pserv_admin_unlock",
      "WITH a AS (SELECT username FROM accounts WHERE username = lower(%s)),"
      " d AS (DELETE FROM login_failures f USING a"
      "   WHERE f.username = a.username RETURNING 1)"
      " SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM d)",
      APR_OFFSETOF(pserv_admin_unlock_sql_t, unlock) },
};

static int pserv_admin_cmd_unlock(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                                  const char *const *argv)
{
    pserv_admin_unlock_sql_t sql;
    apr_dbd_results_t *res;
    const char *user = argv[0], *found, *gone = NULL;

    (void)argc;
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_unlock_stmts, 1))
        return PSERV_ADMIN_EXIT_FAIL;
    if (pserv_admin_run(db, p, sql.unlock, &res, 1, &user) < 0
        || !(found = pserv_admin_first(db, p, res, 0))
        || !(gone = pserv_admin_first(db, p, res, 1))) {
        pserv_admin_err("unlock: %s", db->error ? db->error : "no answer");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (strcmp(found, "0") == 0) {
        pserv_admin_err("unlock: no account with username \"%s\"", user);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    printf("%s: unlocked (%s failed logins forgotten)\n", user, gone);
    return PSERV_ADMIN_EXIT_OK;
}

/* ---- Commands and main ---- */

typedef int (*pserv_admin_cmd_fn)(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                                  const char *const *argv);

typedef struct {
    const char *name;
    const char *args;
    int min_args, max_args; /* max -1: no limit */
    pserv_admin_cmd_fn fn;  /* NULL: help */
} pserv_admin_cmd_t;

static const pserv_admin_cmd_t pserv_admin_cmds[] = {
    { "migrate", "DIR", 1, 1, pserv_admin_cmd_migrate },
    { "import", "DIR", 1, 1, pserv_admin_cmd_import },
    { "create-account",
      "USERNAME --email ADDRESS [--roles ROLE,...] "
      "[--name \"FULL NAME\"] [--base-url URL] [--lifetime SECONDS] [--mail]",
      1, -1, pserv_admin_cmd_create_account },
    { "password-link",
      "USERNAME [--base-url URL] [--lifetime SECONDS] "
      "[--mail]",
      1, -1, pserv_admin_cmd_password_link },
    { "set-password", "USERNAME [--if-unset]", 1, 2,
      pserv_admin_cmd_set_password },
    { "set-roles", "USERNAME [ROLE...]", 1, -1, pserv_admin_cmd_set_roles },
    { "unlock", "USERNAME", 1, 1, pserv_admin_cmd_unlock },
    { "mfa-set", "USERNAME --key FILE [--if-unset]", 1, 4,
      pserv_admin_cmd_mfa_set },
    { "mfa-reset", "USERNAME", 1, 1, pserv_admin_cmd_mfa_reset },
    { "help", "", 0, 0, NULL },
};

#define PSERV_ADMIN_NCMDS                                                      \
    ((int)(sizeof pserv_admin_cmds / sizeof *pserv_admin_cmds))

/* The whole help; docs/pserv-admin.1 says the same at more length. */
static const char pserv_admin_help[] =
    "usage: " PSERV_ADMIN_NAME " [-d CONNINFO] COMMAND [ARGS]\n"
    "       " PSERV_ADMIN_NAME " --help | --version\n"
    "\n"
    "The command-line tool for P-Serv's (mod_pserv's) PostgreSQL database.\n"
    "\n"
    "Options (before the command):\n"
    "  -d, --db CONNINFO  libpq connection string or postgresql:// URI, e.g.\n"
    "                     \"host=/var/run/postgresql dbname=pserv "
    "user=www-data\"\n"
    "                     (default: $PSERV_DB, else libpq's PG* variables). "
    "Use\n"
    "                     the role of P-Serv's DBDParams. Run by "
    "root, " PSERV_ADMIN_NAME "\n"
    "                     connects with the ids of the system user that user=\n"
    "                     (or PGUSER) names, so peer authentication accepts "
    "it.\n"
    "  -h, --help         show this help\n"
    "  -V, --version      print \"" PSERV_ADMIN_NAME " VERSION\"\n"
    "\n"
    "Commands:\n"
    "  migrate DIR\n"
    "      Apply the DIR/NNN_*.sql files not yet in schema_migrations, in "
    "order,\n"
    "      each in one transaction. Needs the database's owner.\n"
    "  import DIR\n"
    "      Import units.csv, employees.csv, platforms.csv and accounts.csv "
    "from\n"
    "      DIR (those present; shapes as in sql/demo/), all or nothing. A bad "
    "row\n"
    "      is reported as FILE:LINE: FIELD: message and nothing is written.\n"
    "  create-account USERNAME --email ADDRESS [--roles ROLE,...]\n"
    "                 [--name \"FULL NAME\"] [--base-url URL] [--lifetime "
    "SECONDS]\n"
    "                 [--mail]\n"
    "      Create an account without a password and print a single-use link "
    "that\n"
    "      sets its password: BASE-URL/password/set?token=... Refused when "
    "the\n"
    "      username exists (exit 3).\n"
    "        --email ADDRESS     the account's e-mail (required)\n"
    "        --roles ROLE,...    its roles, comma- or space-separated "
    "(default:\n"
    "                            none); --roles admin makes an Administrator\n"
    "        --name \"FULL NAME\"  shown in the pages (default: "
    "\"Administrator\" for\n"
    "                            admin, else the username in words)\n"
    "        --base-url URL      P-Serv's PservBaseURL (default: "
    "$PSERV_BASE_URL;\n"
    "                            without either only the path is printed)\n"
    "        --lifetime SECONDS  how long the link works (default 259200, as\n"
    "                            PservTokenLifetime; 300 to 2592000)\n"
    "        --mail              also queue the link's mail in mail_outbox, "
    "for\n"
    "                            the module's mail worker (needs the base "
    "URL)\n"
    "  password-link USERNAME [--base-url URL] [--lifetime SECONDS] [--mail]\n"
    "      A new set-password link for an existing, active account (as the\n"
    "      Administrator's Kirim Link Password); its older unused links stop\n"
    "      working. Options as for create-account; --mail sends it to the\n"
    "      account's e-mail.\n"
    "  set-password USERNAME [--if-unset]\n"
    "      Set the password read from standard input (one line; asked twice\n"
    "      without echo on a terminal), at least 8 characters.\n"
    "        --if-unset          only when the account has no password yet\n"
    "  set-roles USERNAME [ROLE...]\n"
    "      Give the account exactly these roles (none: a plain user).\n"
    "  unlock USERNAME\n"
    "      Forget the account's failed logins from every address, so no\n"
    "      login lock is left on it (as Buka Kunci on the Administrator's\n"
    "      page): the way in when the last Administrator is locked out.\n"
    "  mfa-set USERNAME --key FILE [--if-unset]\n"
    "      Enrol the account in the second factor with the TOTP secret "
    "(base32)\n"
    "      read from standard input, sealed with the key in FILE (the one\n"
    "      PservMFAKeyFile names; default $PSERV_MFA_KEY_FILE). --if-unset: "
    "leave\n"
    "      an account that has one alone.\n"
    "  mfa-reset USERNAME\n"
    "      Forget the account's second factor and end its sessions (as "
    "Reset\n"
    "      Verifikasi Dua Langkah on the Administrator's page).\n"
    "  help\n"
    "      Show this help.\n"
    "\n"
    "Roles: admin, ict_verificator, ict_manager, ict_executor.\n"
    "\n"
    "Environment: PSERV_DB (instead of -d), PSERV_BASE_URL (instead of\n"
    "--base-url), libpq's PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, ...\n"
    "\n"
    "Exit status: 0 done; 1 failed (database, files, no such account); 2 bad\n"
    "usage or input, nothing done; 3 create-account: the username exists.\n"
    "\n"
    "Examples (Debian: the database pserv owned by the role www-data):\n"
    "  runuser -u www-data -- " PSERV_ADMIN_NAME " \\\n"
    "      -d \"host=/var/run/postgresql dbname=pserv\" migrate "
    "/usr/share/pserv/sql\n"
    "  " PSERV_ADMIN_NAME
    " -d \"host=/var/run/postgresql dbname=pserv user=www-data\" \\\n"
    "      create-account admin --email admin@example.com --roles admin \\\n"
    "      --base-url https://pserv.example.com\n"
    "  export PSERV_DB=\"host=/var/run/postgresql dbname=pserv "
    "user=www-data\"\n"
    "  " PSERV_ADMIN_NAME " import /srv/pserv/master-data\n"
    "  echo 'a long passphrase' | " PSERV_ADMIN_NAME " set-password admin\n"
    "  " PSERV_ADMIN_NAME " set-roles siti.rahayu ict_verificator ict_manager\n"
    "  " PSERV_ADMIN_NAME " unlock admin\n"
    "\n"
    "See pserv-admin(1).\n";

static const pserv_admin_cmd_t *pserv_admin_find_cmd(const char *name)
{
    int i;

    for (i = 0; i < PSERV_ADMIN_NCMDS; i++)
        if (strcmp(pserv_admin_cmds[i].name, name) == 0)
            return &pserv_admin_cmds[i];
    return NULL;
}

/* Parse the options before the command: index of the command, -1 on a bad
 * option, -2 when help was asked for, -3 for the version. */
static int pserv_admin_options(apr_pool_t *p, int argc, const char *const *argv,
                               const char **conninfo)
{
    static const apr_getopt_option_t opts[] = {
        { "db", 'd', 1, "connection string" },
        { "help", 'h', 0, "help" },
        { "version", 'V', 0, "version" },
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
            return c == 'V' ? -3 : -2;
    }
    if (rv != APR_EOF) {
        pserv_admin_err("bad option (try `" PSERV_ADMIN_NAME " --help`)");
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
        fputs(pserv_admin_help, stdout);
        return PSERV_ADMIN_EXIT_OK;
    }
    if (ind == -3) {
        puts(PSERV_ADMIN_NAME " " PSERV_VERSION);
        return PSERV_ADMIN_EXIT_OK;
    }
    if (ind < 0)
        return PSERV_ADMIN_EXIT_USAGE;
    if (ind >= argc) {
        fputs(pserv_admin_help, stderr);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!(cmd = pserv_admin_find_cmd(argv[ind]))) {
        pserv_admin_err("unknown command \"%s\" (try `" PSERV_ADMIN_NAME
                        " --help`)",
                        argv[ind]);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    nargs = argc - ind - 1;
    if (nargs < cmd->min_args
        || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
        pserv_admin_err("usage: " PSERV_ADMIN_NAME " %s %s", cmd->name,
                        cmd->args);
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!cmd->fn) {
        fputs(pserv_admin_help, stdout);
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
