/*
 * schema.c: the module's version, and the database schema it needs.
 *
 * A build needs one schema: the number of its last sql/NNN_*.sql file
 * (PSERV_SCHEMA_NEED, computed by the Makefile). The database's schema is
 * the highest number in schema_migrations (read here: pserv_schema_read, and
 * PSERV_SCHEMA_HAVE_SQL for /metrics). Each process looks at it on its
 * first request, then at most once a minute (a second under
 * PservTestHooks), so "pserv-admin migrate" heals a running server. While
 * they differ the module keeps running, but serves no page: /healthz says
 * why (503), every page is a 503 maintenance page, and the error log says
 * it once per process and database (and again when it is healed).
 * Statements are prepared on a connection only once its database has the
 * right schema (db.c); the look on a request's connection, /healthz's
 * answer and the maintenance page are maintenance.c's.
 */
#include "schema.h"

#include "apr_strings.h"
#include "apr_hash.h"
#include "http_core.h"
#if APR_HAS_THREADS
#include "apr_thread_mutex.h"
#endif
#include <libpq-fe.h>

#ifndef PSERV_VERSION
#error "PSERV_VERSION is not set: build with make, which reads VERSION"
#endif
#ifndef PSERV_SCHEMA_NEED
#error "PSERV_SCHEMA_NEED is not set: build with make, which reads sql/"
#endif

#define PSERV_SCHEMA_EVERY      apr_time_from_sec(60)
#define PSERV_SCHEMA_EVERY_TEST apr_time_from_sec(1)

/* What this process knows of one database (one mod_dbd pool). */
typedef struct {
    int have;           /* schema last seen; -1 never */
    int logged;         /* the wrong schema last logged; -1 none */
    apr_time_t checked; /* when the last look began; 0 never */
} pserv_schema_state;

/* server_rec -> its database's state, built in post_config, read-only
 * after; the states' fields are guarded by the lock. */
static apr_hash_t *pserv_schema_states;
#if APR_HAS_THREADS
static apr_thread_mutex_t *pserv_schema_mutex;
#endif

const char *pserv_version(void)
{
    return PSERV_VERSION;
}

int pserv_schema_need(void)
{
    return PSERV_SCHEMA_NEED;
}

static void pserv_schema_lock(void)
{
#if APR_HAS_THREADS
    if (pserv_schema_mutex)
        apr_thread_mutex_lock(pserv_schema_mutex);
#endif
}

static void pserv_schema_unlock(void)
{
#if APR_HAS_THREADS
    if (pserv_schema_mutex)
        apr_thread_mutex_unlock(pserv_schema_mutex);
#endif
}

/* What tells s's database pool apart from another server's: mod_dbd's
 * configuration of s, shared by virtual hosts that do not set their own. */
static const void *pserv_schema_pool_key(server_rec *s)
{
    module *dbd = ap_find_linked_module("mod_dbd.c");

    return dbd ? ap_get_module_config(s->module_config, dbd) : NULL;
}

static pserv_schema_state *pserv_schema_state_of(server_rec *s)
{
    return pserv_schema_states ? apr_hash_get(pserv_schema_states, &s, sizeof s)
                               : NULL;
}

int pserv_schema_init(apr_pool_t *pconf, server_rec *s)
{
    apr_hash_t *by_pool = apr_hash_make(pconf);
    server_rec *sp;
#if APR_HAS_THREADS
    apr_status_t rv;
#endif

    /* Shown in the Server header only under "ServerTokens Full" (the
     * default); always in server-status and the error log's start line. */
    ap_add_version_component(pconf, "mod_pserv/" PSERV_VERSION);

    /* Virtual hosts without DBD directives of their own share the main
     * server's pool, hence its database and its state. */
    pserv_schema_states = apr_hash_make(pconf);
    for (sp = s; sp; sp = sp->next) {
        const void *key = pserv_schema_pool_key(sp);
        pserv_schema_state *st = apr_hash_get(by_pool, &key, sizeof key);
        server_rec **sk = apr_palloc(pconf, sizeof *sk);

        if (!st) {
            const void **k = apr_palloc(pconf, sizeof *k);
            *k = key;
            st = apr_palloc(pconf, sizeof *st);
            st->have = st->logged = -1;
            st->checked = 0;
            apr_hash_set(by_pool, k, sizeof *k, st);
        }
        *sk = sp;
        apr_hash_set(pserv_schema_states, sk, sizeof *sk, st);
    }
#if APR_HAS_THREADS
    /* Created before the children fork: each gets its own copy. */
    pserv_schema_mutex = NULL;
    rv = apr_thread_mutex_create(&pserv_schema_mutex, APR_THREAD_MUTEX_DEFAULT,
                                 pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     "pserv[VER02]: cannot create the schema check's lock");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
#endif
    /* httpd reads its configuration twice when it starts: say it once. */
    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                     "pserv[VER01]: mod_pserv/%s configured; it needs "
                     "database schema %d (migration %03d)",
                     PSERV_VERSION, PSERV_SCHEMA_NEED, PSERV_SCHEMA_NEED);
    return OK;
}

int pserv_schema_have(server_rec *s)
{
    pserv_schema_state *st = pserv_schema_state_of(s);
    int have;

    if (!st)
        return -1;
    pserv_schema_lock();
    have = st->have;
    pserv_schema_unlock();
    return have;
}

int pserv_schema_read(ap_dbd_t *dbd, apr_pool_t *p)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *v;
    PGconn *pg = apr_dbd_native_handle(dbd->driver, dbd->handle);
    int tries;

    /* random = 1: sequential mode sleeps on an empty result. A connection
     * the server closed (it restarted) is reset and asked again, once. */
    for (tries = 0; apr_dbd_select(dbd->driver, p, dbd->handle, &res,
                                   "SELECT " PSERV_SCHEMA_HAVE_SQL, 1)
                    != 0;
         tries++) {
        if (!pg)
            return -1;
        if (PQstatus(pg) == CONNECTION_OK)
            return 0; /* no schema_migrations: never migrated */
        if (tries)
            return -1;
        PQreset(pg);
    }
    if (apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0 || !row
        || !(v = apr_dbd_get_entry(dbd->driver, row, 0)))
        return -1;
    return atoi(v);
}

static void pserv_schema_advice_into(char *buf, apr_size_t len, int have)
{
    if (have < PSERV_SCHEMA_NEED)
        apr_snprintf(buf, len, "schema %d, need %d: run pserv-admin migrate",
                     have, PSERV_SCHEMA_NEED);
    else
        apr_snprintf(buf, len,
                     "schema %d, need %d: the database is newer "
                     "than this mod_pserv %s; install the mod_pserv release "
                     "that applied migration %03d, or a later one",
                     have, PSERV_SCHEMA_NEED, PSERV_VERSION, have);
}

const char *pserv_schema_advice(apr_pool_t *p, int have)
{
    char buf[256];

    pserv_schema_advice_into(buf, sizeof buf, have);
    return apr_pstrdup(p, buf);
}

int pserv_schema_due(server_rec *s, request_rec *r, int *have)
{
    pserv_schema_state *st = pserv_schema_state_of(s);
    /* Outside a request (the mail worker), the server's own settings. */
    const pserv_dir_conf *c =
        r ? pserv_conf(r)
          : ap_get_module_config(s->lookup_defaults, &pserv_module);
    apr_interval_time_t every = c && pserv_conf_test_hooks(c)
                                    ? PSERV_SCHEMA_EVERY_TEST
                                    : PSERV_SCHEMA_EVERY;
    apr_time_t now = apr_time_now();
    int due;

    *have = -1;
    if (!st)
        return 1;
    pserv_schema_lock();
    *have = st->have;
    /* A clock set back also makes it due. */
    due = !st->checked || now - st->checked >= every || now < st->checked;
    if (due)
        st->checked = now; /* the others wait for this look */
    pserv_schema_unlock();
    return due;
}

void pserv_schema_seen(server_rec *s, int have)
{
    pserv_schema_state *st = pserv_schema_state_of(s);
    int wrong = 0, back = 0;
    char advice[256];

    if (!st || have < 0)
        return;
    pserv_schema_lock();
    st->have = have;
    st->checked = apr_time_now();
    if (have != PSERV_SCHEMA_NEED && have != st->logged) {
        st->logged = have;
        wrong = 1;
    }
    else if (have == PSERV_SCHEMA_NEED && st->logged >= 0) {
        st->logged = -1;
        back = 1;
    }
    pserv_schema_unlock();

    if (wrong) {
        pserv_schema_advice_into(advice, sizeof advice, have);
        if (have < PSERV_SCHEMA_NEED)
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[SCH01]: %s; until then every page answers "
                         "503 (maintenance)",
                         advice);
        else
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[SCH02]: %s; until then every page answers "
                         "503 (maintenance)",
                         advice);
    }
    if (back)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                     "pserv[SCH03]: database schema %d is the one needed: "
                     "pages are served again",
                     have);
}
