/*
 * ratelimit.h: counting one client address's hits (ratelimit.c).
 */
#ifndef PSERV_RATELIMIT_H
#define PSERV_RATELIMIT_H

#include "request.h"

/* 1 when the client address has made more than max hits on bucket within
 * the current window of window_secs (this hit included). */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs);

#endif
