/*
 * metrics.h: the operator's view (metrics.c): Prometheus text at a
 * location with "SetHandler pserv-metrics", a P-Serv section in mod_status's
 * server-status, and the counters other files add to.
 */
#ifndef PSERV_METRICS_H
#define PSERV_METRICS_H

#include "pserv.h"

#ifndef PSERV_VERSION
#define PSERV_VERSION "1.0.0"
#endif

/* Its hooks: the handler, post_config (the shared memory) and mod_status's
 * status_hook. */
void pserv_metrics_register(apr_pool_t *p);

/* A login attempt's outcome ("ok", "failed", "locked") in the counter
 * logins (migration 010), outside any transaction: a failure is logged
 * and changes nothing else. */
void pserv_metrics_login(request_rec *r, const char *result);

/* The mail worker looked at the outbox (db_down: it found no database).
 * Kept in shared memory: the worker runs in one child, any child answers
 * server-status and /metrics. */
void pserv_metrics_mail_ran(int db_down);

/* The statements (db.c's table refers to these). */

/* now -> rows (kind, key, value, extra) of text:
 *   waiting  STAGE   tickets waiting at it   seconds the oldest has waited
 *   outbox   queued | retrying | failed      mails
 *   NAME     KEY     a counter of pserv_counters (shards summed)
 *   schema   ''      the highest migration applied (its number)
 * Every part reads an index or a small table, never all the tickets or all
 * the mail: see migration 010 and docs/OPERATIONS.md for the plan. */
#define PSERV_METRICS_SQL \
    "WITH arg AS (SELECT %s::timestamptz AS now)" \
    " SELECT 'waiting', r.status, count(*)::text," \
    "   greatest(0, floor(extract(epoch FROM arg.now - min(r.updated_at))))" \
    "   ::bigint::text" \
    " FROM arg, requests r" \
    " WHERE r.status IN ('atasan', 'verificator', 'manager', 'executor')" \
    " GROUP BY r.status, arg.now" \
    " UNION ALL SELECT 'outbox', CASE WHEN attempts = 0 THEN 'queued'" \
    "   ELSE 'retrying' END, count(*)::text, NULL" \
    " FROM mail_outbox WHERE status = 'pending' GROUP BY 2" \
    " UNION ALL SELECT 'outbox', 'failed', count(*)::text, NULL" \
    " FROM mail_outbox WHERE status = 'failed'" \
    " UNION ALL SELECT name, key, sum(value)::bigint::text, NULL" \
    " FROM pserv_counters GROUP BY name, key" \
    " UNION ALL SELECT 'schema', ''," \
    "   coalesce(max(substring(version FROM '^[0-9]+')::bigint), 0)::text," \
    "   NULL FROM schema_migrations"

/* name, key: one more in this backend's shard (migration 010). */
#define PSERV_METRICS_SQL_COUNTER_ADD \
    "SELECT pserv_counter_add(%s, %s, 1)"

#endif
