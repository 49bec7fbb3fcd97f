/*
 * ratelimit.c: how often one client address did one thing lately (the
 * public form's look-up, Lupa Password?, logins): a counter per (bucket,
 * address) in a fixed window, in PostgreSQL so every Apache process and
 * every node counts together.
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

const pserv_stmt *const pserv_sql_table_ratelimit[] = {
    &pserv_sql_rate_hit,
    NULL,
};

/* Count one more hit for (bucket, client address) in a fixed window; 1
 * when that is more than max (the caller refuses), 0 otherwise. A
 * database failure does not lock people out: it counts as allowed. */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *w = apr_itoa(r->pool, window_secs);

    if (!db
        || pserv_db_select(db, rate_hit, &res, bucket, r->useragent_ip,
                           pserv_now_sql(r), w, w)
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    return apr_atoi64(pserv_db_col(db, row, 0)) > max;
}
