/*
 * pserv_admin.h: what pserv-admin's files share: messages, the database
 * helpers over apr_dbd (pserv_admin.c) and the commands kept in files of
 * their own (import.c, account.c).
 */
#ifndef PSERV_ADMIN_H
#define PSERV_ADMIN_H

#include <apr_pools.h>
#include <apr_dbd.h>

#define PSERV_ADMIN_NAME        "pserv-admin"
#define PSERV_ADMIN_EXIT_OK     0
#define PSERV_ADMIN_EXIT_FAIL   1
#define PSERV_ADMIN_EXIT_USAGE  2
#define PSERV_ADMIN_EXIT_EXISTS 3 /* create-account: the username is taken */

#ifndef PSERV_VERSION /* the Makefile passes VERSION's */
#define PSERV_VERSION "unknown"
#endif

/* "pserv-admin: message" on standard error. */
void pserv_admin_err(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

typedef struct {
    apr_pool_t *pool;
    const apr_dbd_driver_t *drv;
    apr_dbd_t *h;
    apr_dbd_transaction_t *tx;
    const char *error; /* last error, one line */
} pserv_admin_db_t;

/* A statement to prepare: label, SQL, and where to store the handle. */
typedef struct {
    const char *label;
    const char *sql;
    apr_size_t offset;
} pserv_admin_stmt_t;

/* Prepare every statement of a table into the struct at base. 0 on
 * failure (reported). */
int pserv_admin_prepare_all(pserv_admin_db_t *db, void *base,
                            const pserv_admin_stmt_t *stmts, int n);

/* Run a prepared statement with text arguments (NULL: SQL NULL): the
 * number of rows, or -1 with db->error set. The result lives in p. */
int pserv_admin_run(pserv_admin_db_t *db, apr_pool_t *p, apr_dbd_prepared_t *st,
                    apr_dbd_results_t **res, int nargs, const char **args);

/* Column col of the first row of res ("" for SQL NULL), NULL when none. */
const char *pserv_admin_first(pserv_admin_db_t *db, apr_pool_t *p,
                              apr_dbd_results_t *res, int col);

/* Start the transaction; 0 with db->error set on failure. */
int pserv_admin_begin(pserv_admin_db_t *db);

/* Commit when commit is set, roll back otherwise; 1 when a requested
 * commit happened. */
int pserv_admin_end(pserv_admin_db_t *db, int commit);

/* The statements setting an account's roles (prepare both). */
typedef struct {
    apr_dbd_prepared_t *del;
    apr_dbd_prepared_t *ins;
} pserv_admin_roles_sql_t;

extern const pserv_admin_stmt_t pserv_admin_roles_stmts[2];

/* Make the account's roles exactly those in the array literal (from
 * pserv_import_roles_array): roles added plus removed, or -1. */
int pserv_admin_roles_apply(pserv_admin_db_t *db, apr_pool_t *p,
                            const pserv_admin_roles_sql_t *sql,
                            const char *account_id, const char *array);

/* The name an account without a nopek gets: "Administrator" for admin,
 * else the username in words ("budi.santoso" -> "Budi Santoso"). */
const char *pserv_admin_plain_name(apr_pool_t *p, const char *username);

/* create-account USERNAME ... and password-link USERNAME ... (account.c). */
int pserv_admin_cmd_create_account(pserv_admin_db_t *db, apr_pool_t *p,
                                   int argc, const char *const *argv);
int pserv_admin_cmd_password_link(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                                  const char *const *argv);

/* Root connecting as a role that is also a system user (runas.c). */
typedef struct {
    int root;         /* run by root */
    int switched;     /* effective ids are the role's now */
    int tried;        /* they were, for the connection */
    const char *role; /* user= or PGUSER, NULL when neither */
} pserv_admin_runas_t;

/* Before connecting: when root and conninfo names a role that is a system
 * user, take that user's effective ids. 1 switched, 0 not needed or not
 * possible, -1 failed (errno). */
int pserv_admin_runas_begin(apr_pool_t *p, const char *conninfo,
                            pserv_admin_runas_t *ra);
/* Right after connecting: root's ids back. */
void pserv_admin_runas_end(pserv_admin_runas_t *ra);
/* For a failed connection: what root may need to know ("" otherwise). */
const char *pserv_admin_runas_hint(apr_pool_t *p,
                                   const pserv_admin_runas_t *ra);

/* mfa-set USERNAME --key FILE [--if-unset], mfa-reset USERNAME (mfa.c). */
int pserv_admin_cmd_mfa_set(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                            const char *const *argv);
int pserv_admin_cmd_mfa_reset(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                              const char *const *argv);

/* import DIR (import.c). */
int pserv_admin_cmd_import(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                           const char *const *argv);

#endif
