/*
 * db.h: the database mechanism (db.c): statements by label, the
 * request's pooled connection, transactions, streaming, COPY.
 */
#ifndef PSERV_DB_H
#define PSERV_DB_H

#include "request.h"

/* Every SQL statement mod_pserv runs, by label. The text is in db.c. */
typedef enum {
    PSERV_SQL_HEALTH,
    PSERV_SQL_SESSION_GET,
    PSERV_SQL_SESSION_TOUCH,
    PSERV_SQL_SESSION_INSERT,
    PSERV_SQL_SESSION_DELETE,
    PSERV_SQL_SESSION_SWEEP,
    PSERV_SQL_LOGIN_ACCOUNT,
    PSERV_SQL_LOGIN_LOCK,
    PSERV_SQL_LOGIN_FAIL_ADD,
    PSERV_SQL_LOGIN_FAIL_CLEAR,
    PSERV_SQL_RATE_HIT,
    PSERV_SQL_DRAFT_NEW,
    PSERV_SQL_DRAFT_SWEEP,
    PSERV_SQL_DRAFT_GET,
    PSERV_SQL_DRAFT_DELETE,
    PSERV_SQL_DRAFT_FILES,
    PSERV_SQL_DRAFT_FILE_DEL,
    PSERV_SQL_FORM_UNITS,
    PSERV_SQL_FORM_PLATFORMS,
    PSERV_SQL_EMPLOYEE,
    PSERV_SQL_UNIT_HEAD,
    PSERV_SQL_REQ_WARNINGS,
    PSERV_SQL_REQ_BY_TOKEN,
    PSERV_SQL_REQ_INSERT,
    PSERV_SQL_REQ_PLATFORM_ADD,
    PSERV_SQL_REQ_ATTACH_COPY,
    PSERV_SQL_LOG_ADD,
    PSERV_SQL_MAIL_QUEUE,
    PSERV_SQL_MAIL_CLAIM,
    PSERV_SQL_MAIL_SENT,
    PSERV_SQL_MAIL_RETRY,
    PSERV_SQL_MAIL_FAIL,
    PSERV_SQL_LIST_DESC,
    PSERV_SQL_LIST_ASC,
    PSERV_SQL_API_PLATFORMS,
    PSERV_SQL_TICKET_GET,
    PSERV_SQL_STATUS_GET,
    PSERV_SQL_TICKET_PLATFORMS,
    PSERV_SQL_ATTACHMENT_GET,
    PSERV_SQL_DECIDE,
    PSERV_SQL_APPROVAL_ADD,
    PSERV_SQL_ROLE_EMAILS,
    PSERV_SQL_REMIND_DUE,
    PSERV_SQL_REMIND_MARK,
    PSERV_SQL_ESCALATE_MARK,
    PSERV_SQL_ACCOUNT_EXISTS,
    PSERV_SQL_ACCOUNT_CREATE,
    PSERV_SQL_REQ_SET_ACCOUNT,
    PSERV_SQL_TOKEN_REVOKE,
    PSERV_SQL_TOKEN_ADD,
    PSERV_SQL_TOKEN_GET,
    PSERV_SQL_TOKEN_USE,
    PSERV_SQL_PASSWORD_SET,
    PSERV_SQL_SESSIONS_END,
    PSERV_SQL_ACCOUNT_FIND,
    PSERV_SQL_ACCOUNT_BY_NAME,
    /* the Administrator's pages (handle_admin*.c) */
    PSERV_SQL_ACCOUNT_LOGIN_AT,
    PSERV_SQL_ADM_ACCOUNTS,
    PSERV_SQL_ADM_ACCOUNT,
    PSERV_SQL_ADM_LOCK,
    PSERV_SQL_ADM_STATE,
    PSERV_SQL_ADM_ROLES_SET,
    PSERV_SQL_ADM_SET_ACTIVE,
    PSERV_SQL_ADM_UNITS,
    PSERV_SQL_ADM_EMPLOYEES_NEXT,
    PSERV_SQL_ADM_EMPLOYEES_PREV,
    PSERV_SQL_ADM_PLATFORMS,
    PSERV_SQL_IMP_LOCK,
    PSERV_SQL_IMP_UNIT_EXISTS,
    PSERV_SQL_IMP_EMPLOYEE_EXISTS,
    PSERV_SQL_IMP_EMPLOYEE_UPSERT,
    PSERV_SQL_IMP_EMPLOYEE_SUPERVISOR,
    PSERV_SQL_COUNT                 /* keep last */
} pserv_sql_id;

typedef struct {
    request_rec *r;
    ap_dbd_t *dbd;
    int in_txn;
    int failed;                     /* a statement failed in the txn */
    unsigned *calls;                /* the request's statement count */
} pserv_db;

/* Register every statement with mod_dbd (post_config). */
void pserv_db_register(server_rec *s);

/* The request's pooled connection, re-preparing statements when the
 * connection was re-established since they were prepared. NULL when the
 * database is unreachable (logged). */
pserv_db *pserv_db_get(request_rec *r);

/* Run a prepared SELECT with string arguments (exactly as many as the
 * statement takes). Results are random-access. Returns 0 or an error. */
int pserv_db_select(pserv_db *db, pserv_sql_id id, apr_dbd_results_t **res,
                    ...);

/* Run a prepared SELECT (outside a transaction) and hand its rows to fn
 * one at a time as PostgreSQL sends them (libpq's single-row mode), so
 * that no result set is ever held whole. fn gets the row's values (NULL for
 * SQL NULL; valid only during the call) and returns 0 to go on, anything
 * else to stop: the query is then cancelled. Returns 0 when every row was
 * handed over, fn's value when it stopped, APR_EGENERAL on an error
 * (logged). */
#define PSERV_DB_STREAM_COLS 16     /* columns a streamed row may have */
typedef int (*pserv_db_row_fn)(void *ctx, int ncols,
                               const char *const *vals);
int pserv_db_stream(pserv_db *db, pserv_sql_id id, pserv_db_row_fn fn,
                    void *ctx, ...);

/* Run a prepared statement that returns no rows; *nrows affected. */
int pserv_db_query(pserv_db *db, pserv_sql_id id, int *nrows, ...);

/* COPY one draft attachment (hash: the draft's token hash in hex) from
 * its spool file. */
int pserv_db_draft_file_copy(pserv_db *db, const char *hash,
                             const char *filename, const char *content_type,
                             apr_off_t size, apr_file_t *spool);

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
int pserv_db_select_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       pserv_sql_id id, apr_dbd_results_t **res, ...);
int pserv_db_query_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                      pserv_sql_id id, int *nrows, ...);

/* 1 when the client address has made more than max hits on bucket within
 * the current window of window_secs (this hit included). */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs);

#endif
