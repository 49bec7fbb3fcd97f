/*
 * metrics.c: what an operator watches. Prometheus text at any location
 * with "SetHandler pserv-metrics" (guard it with ordinary Require lines),
 * and a P-Serv section in mod_status's server-status (plain and ?auto).
 *
 * Where each value comes from:
 * - gauges of the workflow and the outbox: one statement a scrape
 *   (the statement metrics) reading partial indexes of the waiting tickets and
 *   the undelivered mail (migration 010), never every ticket or every mail;
 *   every Apache on one database answers the same.
 * - counters: the table pserv_counters, added to in the transaction of
 *   each event (migration 010): they survive restarts, graceful or not,
 *   and are the same on every node.
 * - the mail worker's last look: this Apache's shared memory (an anonymous
 *   segment made once in the parent, kept across graceful restarts): the
 *   worker is a mod_watchdog singleton running in one child, while any
 *   child may answer the scrape. Per node, by nature.
 * - mod_dbd's connection pool: not exposed. mod_dbd keeps its apr_reslist
 *   in its private server config and offers no function to count it, so
 *   neither page can show it (the section says so).
 */
#include "db.h"
#include "schema.h"
#include "metrics.h"
#include "respond.h"

#include "apr_atomic.h"
#include "apr_lib.h"
#include "apr_shm.h"
#include "apr_strings.h"
#include "apr_optional.h"
#include "http_core.h"
#include "mod_status.h"

#define PSERV_METRICS_HANDLER "pserv-metrics"
#define PSERV_METRICS_SHM_KEY "pserv_metrics_shm"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* now -> rows (kind, key, value, extra) of text:
 *   waiting  STAGE   tickets waiting at it   seconds the oldest has waited
 *   outbox   queued | retrying | failed      mails
 *   NAME     KEY     a counter of pserv_counters (shards summed)
 *   schema   ''      the highest migration applied (its number)
 * Every part reads an index or a small table, never all the tickets or all
 * the mail: see migration 010 and docs/OPERATIONS.md for the plan. */
PSERV_SQL(
    metrics, 1,
    "WITH arg AS (SELECT %s::timestamptz AS now)"
    " SELECT 'waiting', r.status, count(*)::text,"
    "   greatest(0, floor(extract(epoch FROM arg.now - min(r.updated_at))))"
    "   ::bigint::text"
    " FROM arg, requests r"
    " WHERE r.status IN ('atasan', 'verificator', 'manager', 'executor')"
    " GROUP BY r.status, arg.now"
    " UNION ALL SELECT 'outbox', CASE WHEN attempts = 0 THEN 'queued'"
    "   ELSE 'retrying' END, count(*)::text, NULL"
    " FROM mail_outbox WHERE status = 'pending' GROUP BY 2"
    " UNION ALL SELECT 'outbox', 'failed', count(*)::text, NULL"
    " FROM mail_outbox WHERE status = 'failed'"
    " UNION ALL SELECT name, key, sum(value)::bigint::text, NULL"
    " FROM pserv_counters GROUP BY name, key"
    " UNION ALL SELECT 'schema', '', " PSERV_SCHEMA_HAVE_SQL "::text, NULL");

/* name, key: one more in this backend's shard (migration 010). */
PSERV_SQL(counter_add, 2, "SELECT pserv_counter_add(%s, %s, 1)");

const pserv_stmt *const pserv_sql_table_metrics[] = {
    &pserv_sql_metrics,
    &pserv_sql_counter_add,
    NULL,
};

/* The stages a ticket waits at (requests.status), in workflow order. */
static const char *const pserv_metrics_stages[] = { "atasan", "verificator",
                                                    "manager", "executor" };
#define PSERV_NSTAGES 4

/* pserv_mail_outbox{state}: the order of the family's series. */
static const char *const pserv_metrics_outbox[] = { "queued", "retrying",
                                                    "failed", "sent" };
#define PSERV_NOUTBOX 4

static const char *const pserv_metrics_logins[] = { "ok", "failed", "locked" };
#define PSERV_NLOGINS 3

static const char *const pserv_metrics_decisions[] = { "approve", "reject",
                                                       "return" };
#define PSERV_NDECISIONS 3

/* What one read of the database gives. */
typedef struct {
    int db_ok; /* the statement ran */
    apr_int64_t waiting[PSERV_NSTAGES];
    apr_int64_t oldest[PSERV_NSTAGES]; /* seconds; 0 when none waits */
    apr_int64_t outbox[PSERV_NOUTBOX];
    apr_int64_t decisions[PSERV_NSTAGES][PSERV_NDECISIONS];
    apr_int64_t logins[PSERV_NLOGINS];
    apr_int64_t submitted;
    apr_int64_t schema;
} pserv_metrics;

/* Shared by the children of one Apache (see the top of the file). */
typedef struct {
    volatile apr_uint64_t last_run; /* apr_time_t; 0: not yet */
    volatile apr_uint32_t runs;
    volatile apr_uint32_t db_down; /* the last look found none */
} pserv_metrics_shared;

static pserv_metrics_shared *pserv_shared;

/* ---- reading ------------------------------------------------------------ */

static int pserv_metrics_index(const char *const *names, int n, const char *v)
{
    int i;

    for (i = 0; v && i < n; i++)
        if (strcmp(names[i], v) == 0)
            return i;
    return -1;
}

static apr_int64_t pserv_metrics_num(const char *v)
{
    return v ? apr_atoi64(v) : 0;
}

/* One row of the statement metrics into m. Unknown rows (a counter a later
 * version added) are skipped. */
static void pserv_metrics_row(pserv_metrics *m, const char *kind,
                              const char *key, const char *value,
                              const char *extra)
{
    apr_int64_t v = pserv_metrics_num(value);
    int i;

    if (!kind || !key)
        return;
    if (strcmp(kind, "waiting") == 0) {
        if ((i = pserv_metrics_index(pserv_metrics_stages, PSERV_NSTAGES, key))
            >= 0) {
            m->waiting[i] = v;
            m->oldest[i] = pserv_metrics_num(extra);
        }
    }
    else if (strcmp(kind, "outbox") == 0) {
        if ((i = pserv_metrics_index(pserv_metrics_outbox, PSERV_NOUTBOX, key))
            >= 0)
            m->outbox[i] = v;
    }
    else if (strcmp(kind, "mail_sent") == 0)
        m->outbox[3] = v;
    else if (strcmp(kind, "logins") == 0) {
        if ((i = pserv_metrics_index(pserv_metrics_logins, PSERV_NLOGINS, key))
            >= 0)
            m->logins[i] = v;
    }
    else if (strcmp(kind, "decisions") == 0) {
        const char *colon = strchr(key, ':');
        if (colon) {
            char stage[16];
            apr_size_t n = (apr_size_t)(colon - key);
            int d = pserv_metrics_index(pserv_metrics_decisions,
                                        PSERV_NDECISIONS, colon + 1);
            if (n < sizeof stage && d >= 0) {
                memcpy(stage, key, n);
                stage[n] = '\0';
                if ((i = pserv_metrics_index(pserv_metrics_stages,
                                             PSERV_NSTAGES, stage))
                    >= 0)
                    m->decisions[i][d] = v;
            }
        }
    }
    else if (strcmp(kind, "requests_submitted") == 0)
        m->submitted = v;
    else if (strcmp(kind, "schema") == 0)
        m->schema = v;
}

/* Everything the database tells, in one statement. db_ok 0 when it could
 * not be asked (logged). */
static void pserv_metrics_read(request_rec *r, pserv_metrics *m)
{
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int n;

    memset(m, 0, sizeof *m);
    if (!(db = pserv_db_get(r))
        || pserv_db_select(db, metrics, &res, pserv_now_sql(r))) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[MET02]: metrics: the database cannot be read; "
                      "only this server's own values are shown");
        return;
    }
    for (n = 1; (row = pserv_db_row(db, res, n)); n++)
        pserv_metrics_row(m, pserv_db_col(db, row, 0), pserv_db_col(db, row, 1),
                          pserv_db_col(db, row, 2), pserv_db_col(db, row, 3));
    m->db_ok = 1;
}

static apr_time_t pserv_metrics_last_run(void)
{
    return pserv_shared ? (apr_time_t)apr_atomic_read64(&pserv_shared->last_run)
                        : 0;
}

/* ---- counters and the mail worker's mark --------------------------------- */

void pserv_metrics_login(request_rec *r, const char *result)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;

    if (!db || pserv_db_select(db, counter_add, &res, "logins", result) != 0)
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[MET03]: login (%s) not counted in "
                      "pserv_counters",
                      result);
}

void pserv_metrics_mail_ran(int db_down)
{
    if (!pserv_shared)
        return;
    apr_atomic_set32(&pserv_shared->db_down, db_down ? 1 : 0);
    apr_atomic_inc32(&pserv_shared->runs);
    apr_atomic_set64(&pserv_shared->last_run, (apr_uint64_t)apr_time_now());
}

/* ---- Prometheus text ---------------------------------------------------- */

static void pserv_metrics_family(request_rec *r, const char *name,
                                 const char *type, const char *help)
{
    ap_rprintf(r, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values here are our own constants or digits: nothing to escape
 * but the version, which comes from the build. */
static const char *pserv_metrics_label(apr_pool_t *p, const char *v)
{
    const char *c;
    char *out, *o;

    for (c = v; *c && !strchr("\\\"\n", *c); c++)
        ;
    if (!*c)
        return v;
    out = o = apr_palloc(p, strlen(v) * 2 + 1);
    for (c = v; *c; c++) {
        if (*c == '\\' || *c == '"' || *c == '\n')
            *o++ = '\\';
        *o++ = *c == '\n' ? 'n' : *c;
    }
    *o = '\0';
    return out;
}

static void pserv_metrics_text(request_rec *r, const pserv_metrics *m)
{
    apr_time_t last = pserv_metrics_last_run();
    int i, d;

    pserv_metrics_family(
        r, "pserv_build_info", "gauge",
        "The module's version and the database's schema (highest migration "
        "applied; 0 when the database cannot be read).");
    ap_rprintf(r,
               "pserv_build_info{version=\"%s\",schema=\"%" APR_INT64_T_FMT
               "\"} 1\n",
               pserv_metrics_label(r->pool, PSERV_VERSION), m->schema);
    pserv_metrics_family(
        r, "pserv_database_up", "gauge",
        "1 when this scrape could read the database, else 0 (and the "
        "families below that come from it are left out).");
    ap_rprintf(r, "pserv_database_up %d\n", m->db_ok);
    pserv_metrics_family(
        r, "pserv_mail_worker_last_run_timestamp_seconds", "gauge",
        "When this Apache's mail worker last looked at the outbox "
        "(Unix time; 0: not since Apache started, or PservMailSMTP unset).");
    ap_rprintf(
        r, "pserv_mail_worker_last_run_timestamp_seconds %" APR_TIME_T_FMT "\n",
        apr_time_sec(last));
    if (!m->db_ok)
        return;

    pserv_metrics_family(r, "pserv_tickets_waiting", "gauge",
                         "Tickets waiting for a decision at each stage.");
    for (i = 0; i < PSERV_NSTAGES; i++)
        ap_rprintf(r,
                   "pserv_tickets_waiting{stage=\"%s\"} %" APR_INT64_T_FMT "\n",
                   pserv_metrics_stages[i], m->waiting[i]);
    pserv_metrics_family(
        r, "pserv_ticket_oldest_wait_seconds", "gauge",
        "How long the ticket waiting longest at each stage has waited there "
        "(0 when none waits).");
    for (i = 0; i < PSERV_NSTAGES; i++)
        ap_rprintf(
            r,
            "pserv_ticket_oldest_wait_seconds{stage=\"%s\"} %" APR_INT64_T_FMT
            "\n",
            pserv_metrics_stages[i], m->oldest[i]);
    pserv_metrics_family(
        r, "pserv_mail_outbox", "gauge",
        "Mails in the outbox by state: queued (not tried yet), retrying "
        "(tried, will try again), failed (given up), sent (delivered, ever).");
    for (i = 0; i < PSERV_NOUTBOX; i++)
        ap_rprintf(r, "pserv_mail_outbox{state=\"%s\"} %" APR_INT64_T_FMT "\n",
                   pserv_metrics_outbox[i], m->outbox[i]);
    pserv_metrics_family(r, "pserv_decisions_total", "counter",
                         "Decisions taken, by stage and decision.");
    for (i = 0; i < PSERV_NSTAGES; i++)
        for (d = 0; d < PSERV_NDECISIONS; d++)
            ap_rprintf(r,
                       "pserv_decisions_total{stage=\"%s\",decision=\"%s\"}"
                       " %" APR_INT64_T_FMT "\n",
                       pserv_metrics_stages[i], pserv_metrics_decisions[d],
                       m->decisions[i][d]);
    pserv_metrics_family(
        r, "pserv_logins_total", "counter",
        "Login attempts by result: ok, failed (unknown user or wrong "
        "password), locked (refused by the lockout, password not checked).");
    for (i = 0; i < PSERV_NLOGINS; i++)
        ap_rprintf(r,
                   "pserv_logins_total{result=\"%s\"} %" APR_INT64_T_FMT "\n",
                   pserv_metrics_logins[i], m->logins[i]);
    pserv_metrics_family(r, "pserv_requests_submitted_total", "counter",
                         "Request User ID forms submitted (tickets created).");
    ap_rprintf(r, "pserv_requests_submitted_total %" APR_INT64_T_FMT "\n",
               m->submitted);
}

static int pserv_metrics_handler(request_rec *r)
{
    pserv_metrics m;

    if (!r->handler || strcmp(r->handler, PSERV_METRICS_HANDLER) != 0)
        return DECLINED;
    r->allowed = AP_METHOD_BIT << M_GET;
    if (r->method_number != M_GET) {
        /* Kept across the ErrorDocument's internal redirect. */
        apr_table_setn(r->err_headers_out, "Allow", "GET, HEAD");
        return HTTP_METHOD_NOT_ALLOWED;
    }
    pserv_security_headers(r);
    ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
    if (r->header_only)
        return OK;
    pserv_metrics_read(r, &m);
    pserv_metrics_text(r, &m);
    return OK;
}

/* ---- server-status ------------------------------------------------------ */

/* "atasan" -> "Atasan", for the ?auto keys. */
static const char *pserv_metrics_cap(apr_pool_t *p, const char *s)
{
    char *c = apr_pstrdup(p, s);

    c[0] = (char)apr_toupper(c[0]);
    return c;
}

static const char *pserv_metrics_run_text(request_rec *r, apr_time_t last)
{
    char when[APR_RFC822_DATE_LEN];

    if (!last)
        return "not since Apache started";
    apr_rfc822_date(when, last);
    return apr_psprintf(
        r->pool, "%s (%" APR_TIME_T_FMT " s ago%s)", when,
        apr_time_sec(r->request_time - last),
        pserv_shared && pserv_shared->db_down ? "; it found no database" : "");
}

#define PSERV_DBPOOL_TEXT "not exposed by mod_dbd"

static void pserv_status_auto(request_rec *r, const pserv_metrics *m,
                              apr_time_t last)
{
    int i;

    ap_rprintf(r, "PServVersion: %s\n", PSERV_VERSION);
    ap_rprintf(r, "PServDatabase: %s\n", m->db_ok ? "up" : "down");
    if (m->db_ok) {
        ap_rprintf(r, "PServSchema: %" APR_INT64_T_FMT "\n", m->schema);
        for (i = 0; i < PSERV_NSTAGES; i++) {
            const char *st =
                pserv_metrics_cap(r->pool, pserv_metrics_stages[i]);
            ap_rprintf(r, "PServWaiting%s: %" APR_INT64_T_FMT "\n", st,
                       m->waiting[i]);
            ap_rprintf(r, "PServOldestWait%s: %" APR_INT64_T_FMT "\n", st,
                       m->oldest[i]);
        }
        for (i = 0; i < PSERV_NOUTBOX; i++)
            ap_rprintf(r, "PServMail%s: %" APR_INT64_T_FMT "\n",
                       pserv_metrics_cap(r->pool, pserv_metrics_outbox[i]),
                       m->outbox[i]);
    }
    ap_rprintf(r, "PServMailWorkerLastRun: %" APR_TIME_T_FMT "\n",
               apr_time_sec(last));
    ap_rputs("PServDBPool: " PSERV_DBPOOL_TEXT "\n", r);
}

static void pserv_status_row(request_rec *r, const char *name,
                             const char *value)
{
    ap_rprintf(r, "<tr><th align=\"left\">%s</th><td>%s</td></tr>\n", name,
               ap_escape_html(r->pool, value));
}

static void pserv_status_html(request_rec *r, const pserv_metrics *m,
                              apr_time_t last)
{
    pserv_srv_conf c;
    int i;

    pserv_srv_conf_get(r->server, &c);
    ap_rputs("<hr />\n<h2>P-Serv</h2>\n<table>\n", r);
    pserv_status_row(r, "Version", PSERV_VERSION);
    pserv_status_row(r, "Database", m->db_ok ? "up" : "cannot be read");
    if (m->db_ok) {
        pserv_status_row(r, "Schema",
                         apr_psprintf(r->pool, "%" APR_INT64_T_FMT, m->schema));
        for (i = 0; i < PSERV_NSTAGES; i++)
            pserv_status_row(
                r,
                apr_pstrcat(r->pool, "Waiting at ", pserv_metrics_stages[i],
                            NULL),
                m->waiting[i] ? apr_psprintf(r->pool,
                                             "%" APR_INT64_T_FMT
                                             " (oldest %" APR_INT64_T_FMT " s)",
                                             m->waiting[i], m->oldest[i])
                              : "0");
        pserv_status_row(r, "Mail outbox",
                         apr_psprintf(r->pool,
                                      "%" APR_INT64_T_FMT
                                      " queued, %" APR_INT64_T_FMT
                                      " retrying, %" APR_INT64_T_FMT
                                      " failed, %" APR_INT64_T_FMT " sent",
                                      m->outbox[0], m->outbox[1], m->outbox[2],
                                      m->outbox[3]));
    }
    pserv_status_row(r, "Mail worker",
                     !c.mail_smtp
                         ? "off (PservMailSMTP is not set)"
                         : apr_pstrcat(r->pool, "last look at the outbox: ",
                                       pserv_metrics_run_text(r, last), NULL));
    pserv_status_row(r, "Database pool",
                     PSERV_DBPOOL_TEXT
                     " (see DBDMin/DBDMax; one pool a process)");
    ap_rputs("</table>\n", r);
}

static int pserv_status_hook(request_rec *r, int flags)
{
    const pserv_dir_conf *dc =
        ap_get_module_config(r->per_dir_config, &pserv_module);
    pserv_metrics m;
    apr_time_t last = pserv_metrics_last_run();

    /* Debian serves server-status in every virtual host: in one without
     * P-Serv's configuration (no database there) say so, and do not log
     * a database error at every poll. */
    if (!dc || (!dc->templates && !dc->base_url)) {
        if (flags & AP_STATUS_SHORT)
            ap_rputs("PServ: not configured in this virtual host\n", r);
        else
            ap_rputs("<hr />\n<h2>P-Serv</h2>\n<p>Not configured in this "
                     "virtual host: ask for server-status through P-Serv's "
                     "own.</p>\n",
                     r);
        return OK;
    }
    pserv_metrics_read(r, &m);
    if (flags & AP_STATUS_SHORT)
        pserv_status_auto(r, &m, last);
    else
        pserv_status_html(r, &m, last);
    return OK;
}

/* ---- setup -------------------------------------------------------------- */

/* The segment is made once, in the parent's process pool: children inherit
 * it, and a graceful restart keeps it (and the last run it holds). */
static int pserv_metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                                     apr_pool_t *ptemp, server_rec *s)
{
    apr_pool_t *proc = s->process->pool;
    void *seen = NULL;
    apr_shm_t *shm = NULL;
    apr_status_t rv;

    (void)pconf;
    (void)plog;
    (void)ptemp;
    apr_pool_userdata_get(&seen, PSERV_METRICS_SHM_KEY, proc);
    if (seen) {
        pserv_shared = seen;
        return OK;
    }
    rv = apr_shm_create(&shm, sizeof *pserv_shared, NULL, proc);
    if (rv != APR_SUCCESS) {
        /* Not fatal: the last run is then kept per process. */
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                     "pserv[MET01]: no shared memory for the mail worker's "
                     "last run; server-status shows it only from the child "
                     "that runs the worker");
        pserv_shared = apr_pcalloc(proc, sizeof *pserv_shared);
    }
    else {
        pserv_shared = apr_shm_baseaddr_get(shm);
        memset((void *)pserv_shared, 0, sizeof *pserv_shared);
    }
    apr_pool_userdata_set(pserv_shared, PSERV_METRICS_SHM_KEY,
                          apr_pool_cleanup_null, proc);
    return OK;
}

void pserv_metrics_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(pserv_metrics_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(pserv_metrics_handler, NULL, NULL, APR_HOOK_MIDDLE);
    APR_OPTIONAL_HOOK(ap, status_hook, pserv_status_hook, NULL, NULL,
                      APR_HOOK_MIDDLE);
}
