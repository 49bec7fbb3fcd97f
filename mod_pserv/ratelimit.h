/*
 * ratelimit.h: counting one client address's hits (ratelimit.c).
 */
#ifndef PSERV_RATELIMIT_H
#define PSERV_RATELIMIT_H

#include "db.h"

/* 1 when the client address has made more than max hits on bucket within
 * the current window of window_secs (this hit included). */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs);
/* The same for any key (e.g. "*": everybody's hits together). */
int pserv_rate_limited_key(request_rec *r, const char *bucket, const char *key,
                           int max, int window_secs);

/* 1 when the client address is already past max hits on bucket in the
 * current window, counting nothing (the hits are counted elsewhere: the
 * wrong guesses, while the right ones are refused too). */
int pserv_rate_over(request_rec *r, const char *bucket, int max,
                    int window_secs);

/* Delete rate counters and failed logins older than a day; at most once a
 * minute, every second under PservTestHooks (the mail worker calls it before each look at the outbox). */
void pserv_rate_sweep_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s);

#endif
