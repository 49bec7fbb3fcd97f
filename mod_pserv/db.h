/*
 * db.h: the database mechanism (db.c): statements by label, the
 * request's pooled connection, transactions, streaming, COPY.
 */
#ifndef PSERV_DB_H
#define PSERV_DB_H

#include "request.h"

/* One SQL statement, prepared once by label on every pooled connection.
 * Arguments are %s (text; bytea goes as hex through decode(%s, 'hex')).
 * Each statement lives in the file that reads its columns, declared with
 * PSERV_SQL, and that file lists its statements in one NULL-terminated
 * table, pserv_sql_table_FILE[], which mod_pserv.c hands to
 * pserv_db_register. */
typedef struct {
    const char *label; /* "pserv_" and the statement's name */
    int nargs;
    const char *sql;
} pserv_stmt;

/* PSERV_SQL(name, nargs, "SELECT ..."): the statement pserv_sql_NAME of
 * this file, and its argument count as a constant the calls are checked
 * against when they are compiled. */
#define PSERV_SQL(name, n, text)                                               \
    enum { pserv_sql_##name##_nargs = (n) };                                   \
    static const pserv_stmt pserv_sql_##name = { "pserv_" #name, (n), text }

/* The arguments of a call as an array, and their count; with a statement's
 * name, a count that differs from its nargs does not compile (a negative
 * array size). */
#define PSERV_SQL_ARGV(...) ((const char *const[]){ NULL, ##__VA_ARGS__ } + 1)
#define PSERV_SQL_ARGC(...)                                                    \
    ((int)(sizeof((const char *const[]){ NULL, ##__VA_ARGS__ })                \
           / sizeof(const char *))                                             \
     - 1)
#define PSERV_SQL_ARITY(name, ...)                                             \
    ((void)sizeof(                                                             \
         char[PSERV_SQL_ARGC(__VA_ARGS__) == pserv_sql_##name##_nargs ? 1      \
                                                                      : -1]),  \
     PSERV_SQL_ARGC(__VA_ARGS__))
#define PSERV_SQL_CALL(name, ...)                                              \
    &pserv_sql_##name, PSERV_SQL_ARITY(name, ##__VA_ARGS__),                   \
        PSERV_SQL_ARGV(__VA_ARGS__)

typedef struct {
    request_rec *r;
    ap_dbd_t *dbd;
    int in_txn;
    int failed;      /* a statement failed in the txn */
    unsigned *calls; /* the request's statement count */
} pserv_db;

/* The statements of every table (a NULL-terminated list of NULL-terminated
 * tables), prepared on each pooled connection at its first use (post_config).
 * Refuses (logs and returns an error) a label that two statements share. */
int pserv_db_register(server_rec *s, const pserv_stmt *const *const *tables);

/* The request's pooled connection, re-preparing statements when the
 * connection was re-established since they were prepared. NULL when the
 * database is unreachable (logged). */
pserv_db *pserv_db_get(request_rec *r);

/* Run a prepared SELECT with its string arguments. Results are
 * random-access. Returns 0 or an error. The macro takes the statement's
 * name and checks the count when compiled; the function checks it when
 * run (for a statement chosen at run time). */
#define pserv_db_select(db, name, res, ...)                                    \
    pserv_db_selectv((db), (res), PSERV_SQL_CALL(name, ##__VA_ARGS__))
int pserv_db_selectv(pserv_db *db, apr_dbd_results_t **res,
                     const pserv_stmt *st, int argc, const char *const *argv);

/* Run a prepared SELECT (outside a transaction) and hand its rows to fn
 * one at a time as PostgreSQL sends them (libpq's single-row mode), so
 * that no result set is ever held whole. fn gets the row's values (NULL for
 * SQL NULL; valid only during the call) and returns 0 to go on, anything
 * else to stop: the query is then cancelled. Returns 0 when every row was
 * handed over, fn's value when it stopped, APR_EGENERAL on an error
 * (logged). */
#define PSERV_DB_STREAM_COLS 16 /* columns a streamed row may have */
typedef int (*pserv_db_row_fn)(void *ctx, int ncols, const char *const *vals);
#define pserv_db_stream(db, name, fn, ctx, ...)                                \
    pserv_db_streamv((db), (fn), (ctx), PSERV_SQL_CALL(name, ##__VA_ARGS__))
int pserv_db_streamv(pserv_db *db, pserv_db_row_fn fn, void *ctx,
                     const pserv_stmt *st, int argc, const char *const *argv);

/* Run a prepared statement that returns no rows; *nrows affected. */
#define pserv_db_query(db, name, nrows, ...)                                   \
    pserv_db_queryv((db), (nrows), PSERV_SQL_CALL(name, ##__VA_ARGS__))
int pserv_db_queryv(pserv_db *db, int *nrows, const pserv_stmt *st, int argc,
                    const char *const *argv);

/* COPY one draft attachment (hash: the draft's token hash in hex) from
 * its bytes in memory (mem) or else its spool file. */
int pserv_db_draft_file_copy(pserv_db *db, const char *hash,
                             const char *filename, const char *content_type,
                             apr_off_t size, apr_bucket_brigade *mem,
                             apr_file_t *spool);

/* A plain statement (BEGIN, COMMIT, ROLLBACK) on a connection. */
int pserv_db_exec(ap_dbd_t *dbd, const char *sql);

int pserv_db_begin(pserv_db *db);
/* Commit, or roll back if anything failed in the transaction. */
int pserv_db_end(pserv_db *db);
void pserv_db_rollback(pserv_db *db);

/* Row n (counting from 1) of res, or NULL past the end. */
apr_dbd_row_t *pserv_db_row(pserv_db *db, apr_dbd_results_t *res, int n);

/* v as a statement argument. */
const char *pserv_i64s(request_rec *r, apr_int64_t v);

/* Column value of row, copied into the request pool (NULL for SQL NULL). */
const char *pserv_db_col(pserv_db *db, apr_dbd_row_t *row, int col);

/* Outside a request (the mail worker): a pooled connection from
 * ap_dbd_open with its statements checked as pserv_db_get does (give it
 * back with ap_dbd_close), NULL when unreachable; and statements run on it
 * with results in p and errors logged against s. */
ap_dbd_t *pserv_db_open(apr_pool_t *p, server_rec *s);
/* The child exits: from now pserv_db_open gives nothing and statements on
 * its connections fail at once, without a log line (a look in progress
 * ends and gives its connection back). */
void pserv_db_on_stop(void);
#define pserv_db_select_on(dbd, p, s, name, res, ...)                          \
    pserv_db_select_onv((dbd), (p), (s), (res),                                \
                        PSERV_SQL_CALL(name, ##__VA_ARGS__))
int pserv_db_select_onv(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_dbd_results_t **res, const pserv_stmt *st, int argc,
                        const char *const *argv);
#define pserv_db_query_on(dbd, p, s, name, nrows, ...)                         \
    pserv_db_query_onv((dbd), (p), (s), (nrows),                               \
                       PSERV_SQL_CALL(name, ##__VA_ARGS__))
int pserv_db_query_onv(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s, int *nrows,
                       const pserv_stmt *st, int argc, const char *const *argv);

#endif
