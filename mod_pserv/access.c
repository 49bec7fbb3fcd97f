/*
 * access.c: the access record (access.h): rows of access_log for what a
 * signed-in person read. A ticket page's row waits in its child with the
 * others of its server (pserv_access_defer) and is written with them: when
 * PservAccessBatch rows wait (by the request that made the last, before
 * its answer), every second (a thread of each child) and when the child
 * exits (a pre-cleanup of its pool, while mod_dbd's connections still
 * stand). The other reads write theirs at once (pserv_access_record).
 *
 * What it costs: a ticket page served from the page cache is one statement
 * (the session's) and a row in memory; the rows of a batch are one INSERT.
 * What it risks: a child killed outright (SIGKILL, a crash) loses the rows
 * it holds, at most a second of views or a batch (docs/PRIVACY.md).
 */
#include "access.h"
#include "pserv.h"

#include "apr_strings.h"
#include "apr_thread_mutex.h"
#include "apr_thread_cond.h"
#include "apr_thread_proc.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* now, account id, username, kind, client address, request ids as an
 * array literal "{1,2}": one row per ticket, with its Nomor */
PSERV_SQL(access_add, 6,
          "INSERT INTO access_log (at, account_id, username, request_id,"
          " nomor, kind, client_ip) SELECT arg.now, arg.account, arg.who,"
          " r.id, r.nomor, arg.kind, arg.ip"
          " FROM (SELECT %s::timestamptz AS now, %s::bigint AS account,"
          "   %s::text AS who, %s::text AS kind, %s::text AS ip,"
          "   %s::bigint[] AS ids) arg"
          " JOIN requests r ON r.id = ANY (arg.ids)");
/* the ticket page rows of a batch, as array literals of the same length:
 * times, account ids, usernames, request ids, Nomors, client addresses.
 * With an asynchronous commit: the view that fills a batch writes it
 * before its answer, and a synchronous commit made that view (one in
 * PservAccessBatch) wait for the disk, the whole p99 of the cached ticket
 * page at 64 connections (make bench). A PostgreSQL crash may lose the
 * last fraction of a second of rows, as a killed child loses the second
 * it holds (docs/PRIVACY.md). */
PSERV_SQL(access_batch, 6,
          "INSERT INTO access_log (at, account_id, username, request_id,"
          " nomor, kind, client_ip)"
          " SELECT u.at, u.account, u.who, u.request, u.nomor, 'ticket', u.ip"
          " FROM (SELECT set_config('synchronous_commit', 'off', true)) c,"
          " unnest(%s::timestamptz[], %s::bigint[], %s::text[],"
          "   %s::bigint[], %s::text[], %s::text[])"
          "   AS u(at, account, who, request, nomor, ip)");

const pserv_stmt *const pserv_sql_table_access[] = {
    &pserv_sql_access_add,
    &pserv_sql_access_batch,
    NULL,
};

int pserv_access_record(request_rec *r, pserv_db *db, const pserv_session *s,
                        const char *kind, const apr_array_header_t *ids)
{
    if (!ids || !ids->nelts)
        return 0;
    return pserv_db_query(
        db, access_add, NULL, pserv_now_sql(r), pserv_i64s(r, s->account_id),
        s->username, kind, r->useragent_ip,
        apr_pstrcat(r->pool, "{",
                    apr_array_pstrcat(r->pool, (apr_array_header_t *)ids, ','),
                    "}", NULL));
}

/* ---- the ticket page rows waiting in this child ---- */

#define PSERV_ACCESS_COLS 6

/* One view, its columns as the batch statement's arrays take them. */
typedef struct {
    const char *col[PSERV_ACCESS_COLS];
} pserv_access_row;

/* The rows of one server (its own database, through mod_dbd). rows lives
 * in pool; a flush swaps pool and spare, so views go on being added while
 * the taken rows are written. */
typedef struct pserv_access_buf {
    server_rec *s;
    int batch;                    /* PservAccessBatch, 1 without a flusher */
    apr_interval_time_t wait;     /* its seconds */
    apr_time_t since;             /* the first waiting row's time; lock */
    apr_pool_t *pool, *spare;     /* under lock / under flushing */
    apr_array_header_t *rows;     /* under lock */
    apr_thread_mutex_t *lock;     /* rows, pool */
    apr_thread_mutex_t *flushing; /* spare; one flush at a time */
    struct pserv_access_buf *next;
} pserv_access_buf;

static pserv_access_buf *pserv_access_bufs;

static pserv_access_buf *pserv_access_buf_of(server_rec *s)
{
    pserv_access_buf *b;

    for (b = pserv_access_bufs; b && b->s != s; b = b->next)
        ;
    return b;
}

/* the rows of b's batch that fail are kept for the next flush, up to so
 * many; beyond, they are dropped and the count is logged */
static int pserv_access_keep_max(const pserv_access_buf *b)
{
    return b->batch * 10 > 1000 ? b->batch * 10 : 1000;
}

/* Write b's waiting rows: on db (a request's connection) or, without one,
 * on a pooled connection of b's server. p: for the statement. */
static void pserv_access_flush(pserv_access_buf *b, pserv_db *db, apr_pool_t *p)
{
    apr_array_header_t *taken, *cols[PSERV_ACCESS_COLS];
    const char *arg[PSERV_ACCESS_COLS];
    apr_pool_t *tpool;
    ap_dbd_t *dbd = NULL;
    int i, c, rv;

    apr_thread_mutex_lock(b->flushing);
    apr_thread_mutex_lock(b->lock);
    taken = b->rows;
    tpool = b->pool;
    b->pool = b->spare;
    b->rows = apr_array_make(b->pool, 64, sizeof(pserv_access_row));
    b->spare = tpool;
    b->since = 0;
    apr_thread_mutex_unlock(b->lock);
    if (!taken->nelts) {
        apr_pool_clear(b->spare);
        apr_thread_mutex_unlock(b->flushing);
        return;
    }
    for (c = 0; c < PSERV_ACCESS_COLS; c++)
        cols[c] = apr_array_make(p, taken->nelts, sizeof(const char *));
    for (i = 0; i < taken->nelts; i++) {
        const pserv_access_row *row =
            &APR_ARRAY_IDX(taken, i, pserv_access_row);
        for (c = 0; c < PSERV_ACCESS_COLS; c++)
            APR_ARRAY_PUSH(cols[c], const char *) = row->col[c];
    }
    for (c = 0; c < PSERV_ACCESS_COLS; c++)
        arg[c] = pserv_pg_array(p, cols[c]);
    if (db)
        rv = pserv_db_query(db, access_batch, NULL, arg[0], arg[1], arg[2],
                            arg[3], arg[4], arg[5]);
    else if ((dbd = pserv_db_open(p, b->s))) {
        rv = pserv_db_query_on(dbd, p, b->s, access_batch, NULL, arg[0], arg[1],
                               arg[2], arg[3], arg[4], arg[5]);
        ap_dbd_close(b->s, dbd);
    }
    else
        rv = -1;
    if (rv != 0) {
        int kept = 0;

        apr_thread_mutex_lock(b->lock);
        if (!b->since)
            b->since = apr_time_now();
        for (i = 0;
             i < taken->nelts && b->rows->nelts < pserv_access_keep_max(b);
             i++, kept++) {
            const pserv_access_row *from =
                &APR_ARRAY_IDX(taken, i, pserv_access_row);
            pserv_access_row *to = apr_array_push(b->rows);
            for (c = 0; c < PSERV_ACCESS_COLS; c++)
                to->col[c] = apr_pstrdup(b->pool, from->col[c]);
        }
        apr_thread_mutex_unlock(b->lock);
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, b->s,
                     "pserv[ACC02]: %d rows of the access record could not "
                     "be written: %d kept for the next try, %d lost",
                     taken->nelts, kept, taken->nelts - kept);
    }
    apr_pool_clear(b->spare);
    apr_thread_mutex_unlock(b->flushing);
}

void pserv_access_defer(request_rec *r, const pserv_session *s,
                        apr_int64_t ticket, const char *nomor, const char *now)
{
    pserv_access_buf *b = pserv_access_buf_of(r->server);
    pserv_access_row *row;
    int full;

    if (!b) { /* no buffer for this server: the row at once */
        pserv_db *db = pserv_db_get(r);
        apr_array_header_t *ids = apr_array_make(r->pool, 1, sizeof(char *));

        APR_ARRAY_PUSH(ids, const char *) = pserv_i64s(r, ticket);
        if (db)
            pserv_access_record(r, db, s, PSERV_ACCESS_TICKET, ids);
        return;
    }
    apr_thread_mutex_lock(b->lock);
    if (!b->rows->nelts)
        b->since = apr_time_now();
    row = apr_array_push(b->rows);
    row->col[0] = apr_pstrdup(b->pool, now);
    row->col[1] = apr_psprintf(b->pool, "%" APR_INT64_T_FMT, s->account_id);
    row->col[2] = apr_pstrdup(b->pool, s->username);
    row->col[3] = apr_psprintf(b->pool, "%" APR_INT64_T_FMT, ticket);
    row->col[4] = apr_pstrdup(b->pool, nomor);
    row->col[5] = apr_pstrdup(b->pool, r->useragent_ip);
    full = b->rows->nelts >= b->batch;
    apr_thread_mutex_unlock(b->lock);
    if (full) {
        pserv_db *db = pserv_db_get(r);
        if (db)
            pserv_access_flush(b, db, r->pool);
    }
}

/* ---- the flusher: a thread of each child ---- */

/* Not a mod_watchdog child watchdog: its thread lives in the process pool
 * and stops after the child's pool (and mod_dbd's connections) are gone,
 * too late for the last rows. This one is started and stopped with the
 * child's pool. */
static apr_thread_t *pserv_access_thread;
static apr_thread_mutex_t *pserv_access_stop_lock;
static apr_thread_cond_t *pserv_access_stop_cond;
static int pserv_access_stopping;

/* what waits (all: 0) for wait or longer */
static void pserv_access_flush_all(apr_pool_t *p, int all)
{
    pserv_access_buf *b;
    int waiting;

    for (b = pserv_access_bufs; b; b = b->next) {
        apr_thread_mutex_lock(b->lock);
        waiting =
            b->rows->nelts && (all || apr_time_now() - b->since >= b->wait);
        apr_thread_mutex_unlock(b->lock);
        if (waiting) {
            pserv_access_flush(b, NULL, p);
            apr_pool_clear(p);
        }
    }
}

/* every second, what has waited long enough */
static void *APR_THREAD_FUNC pserv_access_flusher(apr_thread_t *t, void *data)
{
    apr_pool_t *p;

    (void)data;
    apr_pool_create(&p, NULL);
    apr_thread_mutex_lock(pserv_access_stop_lock);
    while (!pserv_access_stopping) {
        apr_thread_cond_timedwait(pserv_access_stop_cond,
                                  pserv_access_stop_lock, apr_time_from_sec(1));
        if (pserv_access_stopping)
            break;
        apr_thread_mutex_unlock(pserv_access_stop_lock);
        pserv_access_flush_all(p, 0);
        apr_thread_mutex_lock(pserv_access_stop_lock);
    }
    apr_thread_mutex_unlock(pserv_access_stop_lock);
    apr_pool_destroy(p);
    apr_thread_exit(t, APR_SUCCESS);
    return NULL;
}

/* The child exits: stop the flusher, then write what is left while
 * mod_dbd's connections still stand (a pre-cleanup runs before the
 * child pool's sub-pools, mod_dbd's among them, are destroyed). */
static apr_status_t pserv_access_exit(void *data)
{
    apr_status_t st;
    apr_pool_t *p;

    (void)data;
    if (pserv_access_thread) {
        apr_thread_mutex_lock(pserv_access_stop_lock);
        pserv_access_stopping = 1;
        apr_thread_cond_signal(pserv_access_stop_cond);
        apr_thread_mutex_unlock(pserv_access_stop_lock);
        apr_thread_join(&st, pserv_access_thread);
        pserv_access_thread = NULL;
    }
    if (apr_pool_create(&p, NULL) == APR_SUCCESS) {
        pserv_access_flush_all(p, 1);
        apr_pool_destroy(p);
    }
    return APR_SUCCESS;
}

static void pserv_access_child_init(apr_pool_t *pchild, server_rec *s)
{
    server_rec *sp;
    int flusher;

    pserv_access_bufs = NULL;
    pserv_access_stopping = 0;
    flusher = apr_thread_mutex_create(&pserv_access_stop_lock,
                                      APR_THREAD_MUTEX_DEFAULT, pchild)
                  == APR_SUCCESS
              && apr_thread_cond_create(&pserv_access_stop_cond, pchild)
                     == APR_SUCCESS
              && apr_thread_create(&pserv_access_thread, NULL,
                                   pserv_access_flusher, NULL, pchild)
                     == APR_SUCCESS;
    if (!flusher) {
        pserv_access_thread = NULL;
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[ACC03]: the access record's flusher cannot "
                     "start: this child writes each view's row at once");
    }
    for (sp = s; sp; sp = sp->next) {
        pserv_access_buf *b = apr_pcalloc(pchild, sizeof *b);
        pserv_srv_conf c;

        pserv_srv_conf_get(sp, &c);
        b->s = sp;
        b->batch = flusher ? c.access_batch : 1;
        b->wait = c.access_flush;
        /* a server without a buffer writes its rows at once */
        if (apr_pool_create(&b->pool, pchild) != APR_SUCCESS
            || apr_pool_create(&b->spare, pchild) != APR_SUCCESS
            || apr_thread_mutex_create(&b->lock, APR_THREAD_MUTEX_DEFAULT,
                                       pchild)
                   != APR_SUCCESS
            || apr_thread_mutex_create(&b->flushing, APR_THREAD_MUTEX_DEFAULT,
                                       pchild)
                   != APR_SUCCESS)
            continue;
        b->rows = apr_array_make(b->pool, 64, sizeof(pserv_access_row));
        b->next = pserv_access_bufs;
        pserv_access_bufs = b;
    }
    apr_pool_pre_cleanup_register(pchild, NULL, pserv_access_exit);
}

void pserv_access_register(apr_pool_t *p)
{
    (void)p;
    /* after mod_dbd's child_init, which opens the connection pool */
    ap_hook_child_init(pserv_access_child_init, NULL, NULL,
                       APR_HOOK_REALLY_LAST);
}
