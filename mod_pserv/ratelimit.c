/*
 * ratelimit.c: how often one client did one thing lately (the public
 * form's look-up, Lupa Password?): a counter per (bucket, client key) in
 * a fixed window, in PostgreSQL so every Apache process and every node
 * counts together. The client key is pserv_client_key's: the address, an
 * IPv6 one as its /64. Behind a reverse proxy r->useragent_ip is the
 * proxy's unless mod_remoteip names the client (README).
 */
#include "db.h"
#include "ratelimit.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* bucket, key, now, window (s), window (s) -> hits in this window */
PSERV_SQL(rate_hit, 5,
          "INSERT INTO rate_limits AS r (bucket, key, window_start, hits)"
          " VALUES (%s, %s, %s::timestamptz, 1)"
          " ON CONFLICT (bucket, key) DO UPDATE SET"
          " hits = CASE WHEN r.window_start < EXCLUDED.window_start"
          "   - make_interval(secs => %s::int)"
          "   OR r.window_start > EXCLUDED.window_start THEN 1"
          "   ELSE r.hits + 1 END,"
          " window_start = CASE WHEN r.window_start < EXCLUDED.window_start"
          "   - make_interval(secs => %s::int)"
          "   OR r.window_start > EXCLUDED.window_start"
          "   THEN EXCLUDED.window_start ELSE r.window_start END"
          " RETURNING hits");

/* bucket, key, now, window (s) -> hits in the current window, not
 * counting one more */
PSERV_SQL(rate_peek, 4,
          "WITH arg AS (SELECT %s AS bucket, %s AS key, %s::timestamptz AS now,"
          " make_interval(secs => %s::int) AS w)"
          " SELECT r.hits FROM arg JOIN rate_limits r ON r.bucket = arg.bucket"
          " AND r.key = arg.key AND r.window_start <= arg.now"
          " AND r.window_start >= arg.now - arg.w");

/* The counters nobody needs any more: rate windows (none is longer than a
 * day) and failed logins (the locks look back 15 minutes) older than a
 * day, by the database's clock. */
PSERV_SQL(rate_sweep, 0,
          "WITH r AS (DELETE FROM rate_limits"
          "   WHERE window_start < now() - interval '1 day')"
          " DELETE FROM login_failures WHERE at < now() - interval '1 day'");

const pserv_stmt *const pserv_sql_table_ratelimit[] = {
    &pserv_sql_rate_hit,
    &pserv_sql_rate_peek,
    &pserv_sql_rate_sweep,
    NULL,
};

/* Count one more hit for (bucket, key) in a fixed window; 1 when that is
 * more than max (the caller refuses), 0 otherwise. A database failure does
 * not lock people out: it counts as allowed. */
int pserv_rate_limited_key(request_rec *r, const char *bucket, const char *key,
                           int max, int window_secs)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *w = apr_itoa(r->pool, window_secs);

    if (!db
        || pserv_db_select(db, rate_hit, &res, bucket, key, pserv_now_sql(r), w,
                           w)
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    return apr_atoi64(pserv_db_col(db, row, 0)) > max;
}

int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs)
{
    return pserv_rate_limited_key(r, bucket,
                                  pserv_client_key(r->pool, r->useragent_ip),
                                  max, window_secs);
}

int pserv_rate_over(request_rec *r, const char *bucket, int max,
                    int window_secs)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!db
        || pserv_db_select(db, rate_peek, &res, bucket,
                           pserv_client_key(r->pool, r->useragent_ip),
                           pserv_now_sql(r), apr_itoa(r->pool, window_secs))
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    return apr_atoi64(pserv_db_col(db, row, 0)) > max;
}

void pserv_rate_sweep_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s)
{
    static apr_time_t last; /* the mail worker's thread alone calls this */
    const pserv_dir_conf *c =
        ap_get_module_config(s->lookup_defaults, &pserv_module);
    apr_interval_time_t every = apr_time_from_sec(
        c && pserv_conf_test_hooks(c) ? 1 : 60); /* tests do not wait */
    apr_time_t now = apr_time_now();

    if (last && now - last < every && now >= last)
        return;
    last = now;
    pserv_db_query_on(dbd, p, s, rate_sweep, NULL);
}
