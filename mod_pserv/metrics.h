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

#endif
