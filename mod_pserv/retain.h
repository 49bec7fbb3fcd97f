/*
 * retain.h: the retention rules (retain.c, issue 23; docs/PRIVACY.md,
 * "Retention"), run by the mail worker and, under PservTestHooks, by
 * POST /_test/retention.
 */
#ifndef PSERV_RETAIN_H
#define PSERV_RETAIN_H

#include "db.h"
#include "config.h"

/* What one look purged, each row counted by the look that took it. */
typedef struct {
    int attach_tickets; /* completed tickets whose attachments went */
    int attach_files;   /* their files */
    int anonymised;     /* rejected and cancelled tickets anonymised */
    int drafts;         /* unsent drafts deleted */
    int draft_files;    /* their files */
    int mail_sent;      /* delivered mails deleted */
    int mail_failed;    /* failed mails deleted */
    int sessions;       /* expired sessions */
    int tokens;         /* expired password-set and form tokens */
    int links;          /* expired decision links */
    int mfa;            /* stale second-factor states and wrong codes */
    int failed;         /* a statement failed (logged); retried next look */
} pserv_retain_counts;

/* One look of every rule of c at now (a timestamptz literal: "now" for
 * the worker, the request's clock for the test hook), in batches of
 * PSERV_RETAIN_BATCH rows per statement, each statement its own
 * transaction taking its rows with FOR UPDATE SKIP LOCKED: two looks at
 * once (two Apache nodes) take each row once. One log line per rule that
 * purged something (pserv[RET01]). 0, or -1 when a statement failed. */
int pserv_retain_look(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                      const pserv_srv_conf *c, const char *now,
                      pserv_retain_counts *n);

/* The mail worker's call before each look at the outbox: a look at most
 * once a minute (every look under PservTestHooks). */
void pserv_retain_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        const pserv_srv_conf *c);

#endif
