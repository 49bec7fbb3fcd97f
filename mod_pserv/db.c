/*
 * db.c: the database mechanism. The statements themselves live beside the
 * code that reads their columns (PSERV_SQL in each file, db.h); this file
 * checks their tables at configuration time, prepares them on each of
 * mod_dbd's pooled connections at its first use, and runs them: the
 * request's pooled connection (ap_dbd_acquire), retries, streaming,
 * transactions and COPY.
 *
 * The statements are not registered with mod_dbd (ap_dbd_prepare): mod_dbd
 * refuses a whole connection when one statement fails to prepare, which is
 * what a database with an older or newer schema does, and then not even the
 * schema could be read to say so. Instead a connection's statements are
 * prepared once its database has the schema this build needs (schema.c);
 * until then pages answer 503.
 *
 * PostgreSQL forgets prepared statements when a pooled connection is
 * re-established (after a database restart mod_dbd's check calls PQreset).
 * We remember the backend PID each connection's statements were prepared
 * for and prepare them again when it changes, so the service heals itself.
 */
#include "db.h"
#include "schema.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_atomic.h"
#include <libpq-fe.h>

#define PSERV_PID_KEY "pserv_db_backend_pid"

/* The statement tables, prepared on every connection (set in post_config,
 * before the children start). */
static const pserv_stmt *const *const *pserv_db_tables;

int pserv_db_register(server_rec *s, const pserv_stmt *const *const *tables)
{
    apr_hash_t *seen = apr_hash_make(s->process->pconf);
    const pserv_stmt *const *const *t;
    const pserv_stmt *const *st;

    for (t = tables; *t; t++)
        for (st = *t; *st; st++) {
            if (apr_hash_get(seen, (*st)->label, APR_HASH_KEY_STRING)) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                             "pserv[DB09]: two statements are called %s",
                             (*st)->label);
                return APR_EGENERAL;
            }
            apr_hash_set(seen, (*st)->label, APR_HASH_KEY_STRING, *st);
        }
    pserv_db_tables = tables;
    return 0;
}

static PGconn *pserv_db_pgconn(ap_dbd_t *dbd)
{
    return apr_dbd_native_handle(dbd->driver, dbd->handle);
}

/* Prepare every statement on this connection (its pool lives as long as
 * the connection). */
static void pserv_db_reprepare(server_rec *s, ap_dbd_t *dbd)
{
    const pserv_stmt *const *const *t;
    const pserv_stmt *const *st;

    for (t = pserv_db_tables; t && *t; t++)
        for (st = *t; *st; st++) {
            apr_dbd_prepared_t *stmt = NULL;
            int e = apr_dbd_prepare(dbd->driver, dbd->pool, dbd->handle,
                                    (*st)->sql, (*st)->label, &stmt);
            if (e && PQstatus(pserv_db_pgconn(dbd)) != CONNECTION_OK)
                return; /* the link broke: the caller resets it */
            if (e) {
                ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                             "pserv[DB01]: preparing %s failed: %s",
                             (*st)->label,
                             apr_dbd_error(dbd->driver, dbd->handle, e));
                continue;
            }
            apr_hash_set(dbd->prepared, (*st)->label, APR_HASH_KEY_STRING,
                         stmt);
        }
}

/* Whether this connection may be used: 1 when the database has the
 * schema this build needs and the statements exist on the backend the
 * connection talks to now (prepared here at its first use, and again when
 * it was re-established); 0 when the schema is not the one needed (said
 * once per process by schema.c); -1 when the database does not answer.
 * The PID lives in the connection's own pool: one request uses a
 * connection at a time, so no lock is needed. */
static int pserv_db_ready(server_rec *s, request_rec *r, apr_pool_t *p,
                          ap_dbd_t *dbd)
{
    PGconn *pg = pserv_db_pgconn(dbd);
    void *seen = NULL;
    int *stored, have, pid, tries;

    if (!pg)
        return -1;
    /* A link PostgreSQL closed (it restarted) looks fine until it is used:
     * when the PREPAREs find it broken, reset it and go round once more. */
    for (tries = 0; tries < 2; tries++) {
        if (PQstatus(pg) != CONNECTION_OK) {
            PQreset(pg);
            if (PQstatus(pg) != CONNECTION_OK)
                return -1;
        }
        /* At the first use of a process, then once a minute. */
        if (pserv_schema_due(s, r, &have) || have < 0) {
            have = pserv_schema_read(dbd, p);
            pserv_schema_seen(s, have);
        }
        if (have < 0)
            return -1;
        if (have != pserv_schema_need())
            return 0;
        /* The backend now, after the look (which may have reset the link). */
        pid = PQbackendPID(pg);
        apr_pool_userdata_get(&seen, PSERV_PID_KEY, dbd->pool);
        stored = seen;
        if (stored && *stored == pid)
            return 1;
        if (stored)
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                         "pserv[DB02]: database connection was re-established "
                         "(backend %d -> %d), preparing statements again",
                         *stored, pid);
        /* A statement that fails (logged) stays missing on this backend: on
         * the same backend a second PREPARE of the others would fail too. */
        pserv_db_reprepare(s, dbd);
        if (PQstatus(pg) != CONNECTION_OK)
            continue;
        if (!stored) {
            stored = apr_palloc(dbd->pool, sizeof *stored);
            apr_pool_userdata_setn(stored, PSERV_PID_KEY, NULL, dbd->pool);
        }
        *stored = pid;
        return 1;
    }
    return -1;
}

static apr_status_t pserv_db_cleanup(void *data)
{
    pserv_db *db = data;

    /* A transaction never goes back to the pool open. */
    if (db->in_txn)
        pserv_db_rollback(db);
    return APR_SUCCESS;
}

pserv_db *pserv_db_get(request_rec *r)
{
    pserv_db *db;
    ap_dbd_t *dbd = ap_dbd_acquire(r);
    int ready = dbd ? pserv_db_ready(r->server, r, r->pool, dbd) : -1;

    if (ready != 1) {
        /* 503: the maintenance page when the schema is wrong */
        pserv_req_get(r)->db_down = 1;
        if (ready < 0)
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          "pserv[DB03]: no database connection");
        return NULL;
    }
    db = apr_pcalloc(r->pool, sizeof *db);
    db->r = r;
    db->dbd = dbd;
    db->calls = &pserv_req_get(r)->db_calls;
    /* Registered after ap_dbd_acquire's cleanup, so it runs before the
     * connection is released. */
    apr_pool_cleanup_register(r->pool, db, pserv_db_cleanup,
                              apr_pool_cleanup_null);
    return db;
}

/* st prepared on this connection; NULL (logged) when it is not, or when
 * the call gives it the wrong number of arguments. */
static apr_dbd_prepared_t *pserv_db_stmt(ap_dbd_t *dbd, server_rec *s,
                                         const pserv_stmt *st, int argc)
{
    apr_dbd_prepared_t *p;

    if (argc != st->nargs) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[DB10]: SQL %s takes %d arguments, not %d",
                     st->label, st->nargs, argc);
        return NULL;
    }
    p = apr_hash_get(dbd->prepared, st->label, APR_HASH_KEY_STRING);
    if (!p)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[DB11]: SQL %s is not prepared (is it in its "
                     "file's pserv_sql_table?)",
                     st->label);
    return p;
}

/* After a failure outside a transaction: if the link broke (the server
 * restarted), reset it and prepare its statements again (pserv_db_ready).
 * 1 when the statement is worth sending once more. Inside a transaction
 * the reset would lose the work before it: no retry. */
static int pserv_db_relink(server_rec *s, request_rec *r, apr_pool_t *p,
                           ap_dbd_t *dbd, int in_txn)
{
    PGconn *pg = pserv_db_pgconn(dbd);

    if (in_txn || !pg || PQstatus(pg) == CONNECTION_OK)
        return 0;
    return pserv_db_ready(s, r, p, dbd) == 1;
}

static int pserv_db_recover(pserv_db *db)
{
    return pserv_db_relink(db->r->server, db->r, db->r->pool, db->dbd,
                           db->in_txn);
}

/* One prepared statement on dbd, for a request (r) or the mail worker
 * (r NULL): a SELECT into *res when res is given, else a command with its
 * row count in *nrows. A link found broken outside a transaction is healed
 * (pserv_db_relink) and the statement sent once more; the caller logs a
 * failure that remains. */
static int pserv_db_run(ap_dbd_t *dbd, server_rec *s, request_rec *r,
                        apr_pool_t *p, int in_txn, unsigned *calls,
                        apr_dbd_results_t **res, int *nrows,
                        const pserv_stmt *st, int argc, const char *const *argv)
{
    int rv, tries = 0, n = 0;

    do {
        apr_dbd_prepared_t *stmt = pserv_db_stmt(dbd, s, st, argc);
        if (res)
            *res = NULL;
        if (!stmt)
            return APR_EGENERAL;
        if (calls)
            (*calls)++;
        /* random = 1: sequential mode sleeps on an empty result. */
        rv = res ? apr_dbd_pselect(dbd->driver, p, dbd->handle, res, stmt, 1,
                                   argc, (const char **)argv)
                 : apr_dbd_pquery(dbd->driver, p, dbd->handle, &n, stmt, argc,
                                  (const char **)argv);
    } while (rv && tries++ == 0 && pserv_db_relink(s, r, p, dbd, in_txn));
    if (nrows)
        *nrows = n;
    return rv;
}

/* A failure because the connection broke (the server restarted or went
 * away) is the database being unavailable: the request's error page says
 * 503, try again, rather than 500. */
static void pserv_db_note_down(pserv_db *db)
{
    PGconn *pg = pserv_db_pgconn(db->dbd);

    if (!pg || PQstatus(pg) != CONNECTION_OK)
        pserv_req_get(db->r)->db_down = 1;
}

static void pserv_db_log(pserv_db *db, const pserv_stmt *st, int rv)
{
    if (db->in_txn)
        db->failed = 1;
    pserv_db_note_down(db);
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                  "pserv[DB04]: SQL %s failed: %s", st->label,
                  apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
}

/* Each statement is one round trip to PostgreSQL; the access log can show
 * the count per request (the note pserv-db). */
static void pserv_db_count(pserv_db *db)
{
    (*db->calls)++;
}

int pserv_db_selectv(pserv_db *db, apr_dbd_results_t **res,
                     const pserv_stmt *st, int argc, const char *const *argv)
{
    int rv = pserv_db_run(db->dbd, db->r->server, db->r, db->r->pool,
                          db->in_txn, db->calls, res, NULL, st, argc, argv);

    if (rv)
        pserv_db_log(db, st, rv);
    return rv;
}

int pserv_db_queryv(pserv_db *db, int *nrows, const pserv_stmt *st, int argc,
                    const char *const *argv)
{
    int rv = pserv_db_run(db->dbd, db->r->server, db->r, db->r->pool,
                          db->in_txn, db->calls, NULL, nrows, st, argc, argv);

    if (rv)
        pserv_db_log(db, st, rv);
    return rv;
}

/* Stop a query libpq is still receiving (the rest is then discarded). */
static void pserv_db_cancel(pserv_db *db, PGconn *pg)
{
    PGcancel *c = PQgetCancel(pg);
    char err[256];

    if (c && !PQcancel(c, err, sizeof err))
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, db->r,
                      "pserv[DB08]: cancelling a query failed: %s", err);
    if (c)
        PQfreeCancel(c);
}

int pserv_db_streamv(pserv_db *db, pserv_db_row_fn fn, void *ctx,
                     const pserv_stmt *st, int argc, const char *const *argv)
{
    const char *vals[PSERV_DB_STREAM_COLS];
    PGconn *pg = pserv_db_pgconn(db->dbd);
    PGresult *res;
    int sent = 0, stop = 0, failed = 0;

    if (!pg || !pserv_db_stmt(db->dbd, db->r->server, st, argc))
        return APR_EGENERAL;
    pserv_db_count(db);
    /* Prepared under its label (apr_dbd_pgsql's PREPARE name). */
    sent = PQsendQueryPrepared(pg, st->label, argc, argv, NULL, NULL, 0);
    if (!sent && pserv_db_recover(db)) {
        pg = pserv_db_pgconn(db->dbd);
        sent = PQsendQueryPrepared(pg, st->label, argc, argv, NULL, NULL, 0);
    }
    if (!sent) {
        pserv_db_note_down(db);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB12]: SQL %s could not be sent: %s", st->label,
                      PQerrorMessage(pg));
        return APR_EGENERAL;
    }
    if (!PQsetSingleRowMode(pg))
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, db->r,
                      "pserv[DB13]: %s: no single-row mode, the rows come "
                      "all at once",
                      st->label);
    /* Every result, to the last: the connection is idle again after. */
    while ((res = PQgetResult(pg))) {
        ExecStatusType status = PQresultStatus(res);

        if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
            int row, n = PQnfields(res), i;

            for (row = 0; row < PQntuples(res) && !stop && !failed; row++) {
                if (n > PSERV_DB_STREAM_COLS) {
                    failed = 1;
                    break;
                }
                for (i = 0; i < n; i++)
                    vals[i] = PQgetisnull(res, row, i)
                                  ? NULL
                                  : PQgetvalue(res, row, i);
                if ((stop = fn(ctx, n, vals)) != 0)
                    pserv_db_cancel(db, pg);
            }
        }
        else if (!stop && !failed) {
            /* After a cancel, its error is expected: not logged. */
            failed = 1;
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                          "pserv[DB14]: SQL %s failed while streaming: %s",
                          st->label, PQresultErrorMessage(res));
        }
        PQclear(res);
    }
    if (failed) {
        pserv_db_note_down(db);
        return APR_EGENERAL;
    }
    return stop;
}

/* BEGIN, COMMIT, ROLLBACK as plain statements. apr_dbd_transaction_start
 * dereferences NULL when libpq cannot even send BEGIN (a connection the
 * server closed, e.g. across a PostgreSQL restart); apr_dbd_query copes. */
int pserv_db_exec(ap_dbd_t *dbd, const char *sql)
{
    int n = 0;

    return apr_dbd_query(dbd->driver, dbd->handle, &n, sql);
}

int pserv_db_begin(pserv_db *db)
{
    int rv;

    if (db->in_txn)
        return APR_EGENERAL;
    pserv_db_count(db);
    rv = pserv_db_exec(db->dbd, "BEGIN");
    if (rv && pserv_db_recover(db))
        rv = pserv_db_exec(db->dbd, "BEGIN");
    if (rv) {
        pserv_db_note_down(db);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB05]: BEGIN failed: %s",
                      apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
        return rv;
    }
    db->in_txn = 1;
    db->failed = 0;
    return 0;
}

int pserv_db_end(pserv_db *db)
{
    int rv, failed;

    if (!db->in_txn)
        return APR_EGENERAL;
    /* After any error in the transaction every later statement fails
     * too; end it with ROLLBACK and say so. */
    failed = db->failed;
    pserv_db_count(db);
    rv = pserv_db_exec(db->dbd, failed ? "ROLLBACK" : "COMMIT");
    db->in_txn = 0;
    if (rv)
        pserv_db_note_down(db);
    if (rv && !failed)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB06]: COMMIT failed: %s",
                      apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
    return rv ? rv : failed ? APR_EGENERAL : 0;
}

void pserv_db_rollback(pserv_db *db)
{
    if (!db->in_txn)
        return;
    pserv_db_count(db);
    (void)pserv_db_exec(db->dbd, "ROLLBACK");
    db->in_txn = 0;
}

apr_dbd_row_t *pserv_db_row(pserv_db *db, apr_dbd_results_t *res, int n)
{
    apr_dbd_row_t *row = NULL; /* a fresh row: a used one keeps its
                                     * old result set */

    if (!res || apr_dbd_get_row(db->dbd->driver, db->r->pool, res, &row, n))
        return NULL;
    return row;
}

const char *pserv_db_col(pserv_db *db, apr_dbd_row_t *row, int col)
{
    /* apr_dbd_get_entry gives "" for SQL NULL; datum_get tells them apart.
     * A copy: apr_dbd_pgsql frees the whole result (PQclear) as soon as a
     * row past its end is asked for. */
    char *v = NULL;

    if (apr_dbd_datum_get(db->dbd->driver, row, col, APR_DBD_TYPE_STRING, &v)
            != APR_SUCCESS
        || !v)
        return NULL;
    return apr_pstrdup(db->r->pool, v);
}

/* Network byte order, as COPY's binary format wants its integers. */
static char *pserv_db_be32(char *o, apr_uint32_t v)
{
    o[0] = (char)(v >> 24);
    o[1] = (char)(v >> 16);
    o[2] = (char)(v >> 8);
    o[3] = (char)v;
    return o + 4;
}

/* One field of a binary COPY row: its length, then its bytes. */
static char *pserv_db_copy_field(char *o, const void *data, apr_size_t len)
{
    o = pserv_db_be32(o, (apr_uint32_t)len);
    memcpy(o, data, len);
    return o + len;
}

/* One draft attachment, streamed to PostgreSQL with COPY piece by piece:
 * from its blocks in memory (form.c), or read back from its spool file
 * in fixed pieces; libpq never holds the whole file, the module holds it
 * once (in memory) or not at all (spooled). Binary COPY: the file's bytes
 * go as they are, with nothing to encode here or decode in PostgreSQL
 * (issue 21: the upload). Any failure ends the COPY with an error, so
 * PostgreSQL keeps no row of it (and a transaction it is part of fails,
 * db->failed). No statement is running on the connection when this
 * returns, whatever happened. 0 on success. */
int pserv_db_draft_file_copy(pserv_db *db, const char *hash,
                             const char *filename, const char *content_type,
                             apr_off_t size, apr_bucket_brigade *mem,
                             apr_file_t *spool)
{
    static const char sig[] = "PGCOPY\n\377\r\n"; /* and its '\0' */
    PGconn *pg = pserv_db_pgconn(db->dbd);
    PGresult *res;
    char buf[16384], *o;
    unsigned char raw[32];
    const char *abort_msg = NULL;
    apr_size_t nlen = strlen(filename), tlen = strlen(content_type), i;
    apr_off_t at = 0, sent = 0;
    apr_status_t rv = APR_SUCCESS;
    apr_bucket *b;
    int ok;

    if (!pg || strlen(hash) != 64 || size < 0 || size > 0x7fffffff
        || nlen > 1024 || tlen > 255 || (!mem && !spool)) {
        if (db->in_txn)
            db->failed = 1;
        return APR_EGENERAL;
    }
    for (i = 0; i < sizeof raw; i++) {
        int hi = apr_isdigit(hash[2 * i]) ? hash[2 * i] - '0'
                                          : (hash[2 * i] | 0x20) - 'a' + 10;
        int lo = apr_isdigit(hash[2 * i + 1])
                     ? hash[2 * i + 1] - '0'
                     : (hash[2 * i + 1] | 0x20) - 'a' + 10;
        raw[i] = (unsigned char)(hi << 4 | lo);
    }
    (*db->calls) += 2; /* COPY, then its end */
    res = PQexec(pg, "COPY draft_attachments (token_hash, filename,"
                     " content_type, size, data) FROM STDIN (FORMAT binary)");
    ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB07]: COPY of an attachment refused: %s",
                      PQerrorMessage(pg));
    PQclear(res);
    if (!ok) {
        if (db->in_txn)
            db->failed = 1;
        return APR_EGENERAL;
    }

    /* the header, the row's field count and every field but the data's
     * bytes (at most 11 + 8 + 2 + 36 + 1028 + 259 + 8 + 4 bytes) */
    o = buf;
    memcpy(o, sig, sizeof sig); /* with its '\0' */
    o += sizeof sig;
    o = pserv_db_be32(o, 0); /* flags */
    o = pserv_db_be32(o, 0); /* header extension */
    *o++ = 0;
    *o++ = 5; /* fields */
    o = pserv_db_copy_field(o, raw, sizeof raw);
    o = pserv_db_copy_field(o, filename, nlen);
    o = pserv_db_copy_field(o, content_type, tlen);
    o = pserv_db_be32(o, 4);
    o = pserv_db_be32(o, (apr_uint32_t)size);
    o = pserv_db_be32(o, (apr_uint32_t)size);
    if (PQputCopyData(pg, buf, (int)(o - buf)) != 1
        || (!mem && apr_file_seek(spool, APR_SET, &at) != APR_SUCCESS))
        abort_msg = "cannot send the attachment";
    for (b = mem ? APR_BRIGADE_FIRST(mem) : NULL;
         !abort_msg && b && b != APR_BRIGADE_SENTINEL(mem);
         b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t n;
        if ((rv = apr_bucket_read(b, &data, &n, APR_BLOCK_READ)) != APR_SUCCESS
            || (apr_off_t)n > size - sent)
            abort_msg = "cannot read the attachment";
        else if (n && PQputCopyData(pg, data, (int)n) != 1)
            abort_msg = "cannot send the attachment";
        sent += (apr_off_t)n;
    }
    if (mem && !abort_msg && sent != size)
        abort_msg = "cannot read the attachment";
    while (!mem && !abort_msg && sent < size) {
        apr_size_t n = sizeof buf;
        if ((apr_off_t)n > size - sent)
            n = (apr_size_t)(size - sent);
        rv = apr_file_read(spool, buf, &n);
        if (rv != APR_SUCCESS || n == 0) {
            abort_msg = "cannot read the spooled attachment";
            break;
        }
        if (PQputCopyData(pg, buf, (int)n) != 1)
            abort_msg = "cannot send the attachment";
        sent += (apr_off_t)n;
    }
    if (!abort_msg && PQputCopyData(pg, "\377\377", 2) != 1) /* trailer */
        abort_msg = "cannot send the attachment";
    ok = PQputCopyEnd(pg, abort_msg) == 1;
    /* The COPY's outcome, then nothing more: the connection is idle. */
    while ((res = PQgetResult(pg))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            ok = 0;
        PQclear(res);
    }
    if (!ok || abort_msg) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, db->r,
                      "pserv[DB17]: COPY of an attachment failed: %s",
                      abort_msg ? abort_msg : PQerrorMessage(pg));
        if (db->in_txn)
            db->failed = 1;
        return APR_EGENERAL;
    }
    return 0;
}

/* ---- outside a request (the mail worker) ---- */

/* Set as the child exits (pserv_db_on_stop): the worker's statements
 * fail at once, so that its look ends and gives its connection back
 * before mod_dbd's pool of connections is destroyed. */
static volatile apr_uint32_t pserv_db_on_stopped;

void pserv_db_on_stop(void)
{
    apr_atomic_set32(&pserv_db_on_stopped, 1);
}

ap_dbd_t *pserv_db_open(apr_pool_t *p, server_rec *s)
{
    ap_dbd_t *dbd;

    if (apr_atomic_read32(&pserv_db_on_stopped))
        return NULL;
    dbd = ap_dbd_open(p, s); /* checks and resets the link */

    if (dbd && pserv_db_ready(s, NULL, p, dbd) != 1) {
        ap_dbd_close(s, dbd);
        return NULL;
    }
    return dbd;
}

/* The worker keeps no transaction flag: libpq knows whether one is open
 * (asked before the statement; a broken link no longer knows). */
static int pserv_db_on_txn(ap_dbd_t *dbd)
{
    PGconn *pg = pserv_db_pgconn(dbd);

    return !pg || PQtransactionStatus(pg) != PQTRANS_IDLE;
}

int pserv_db_select_onv(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_dbd_results_t **res, const pserv_stmt *st, int argc,
                        const char *const *argv)
{
    int rv;

    if (apr_atomic_read32(&pserv_db_on_stopped))
        return -1;
    rv = pserv_db_run(dbd, s, NULL, p, pserv_db_on_txn(dbd), NULL, res, NULL,
                      st, argc, argv);

    if (rv)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[DB15]: SQL %s failed: %s", st->label,
                     apr_dbd_error(dbd->driver, dbd->handle, rv));
    return rv;
}

int pserv_db_query_onv(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s, int *nrows,
                       const pserv_stmt *st, int argc, const char *const *argv)
{
    int rv;

    if (apr_atomic_read32(&pserv_db_on_stopped))
        return -1;
    rv = pserv_db_run(dbd, s, NULL, p, pserv_db_on_txn(dbd), NULL, NULL, nrows,
                      st, argc, argv);

    if (rv)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[DB16]: SQL %s failed: %s", st->label,
                     apr_dbd_error(dbd->driver, dbd->handle, rv));
    return rv;
}

const char *pserv_i64s(request_rec *r, apr_int64_t v)
{
    return apr_psprintf(r->pool, "%" APR_INT64_T_FMT, v);
}
