/*
 * master.h: the master-data service (master.c): what a change to a
 * unit's head (BUH) does to the tickets waiting on the old one.
 */
#ifndef PSERV_MASTER_H
#define PSERV_MASTER_H

#include "db.h"
#include "session.h"

/* The columns of pserv_unit_waiting's rows. */
enum {
    PSERV_WAIT_ID,
    PSERV_WAIT_NOMOR,
    PSERV_WAIT_FULL_NAME,
    PSERV_WAIT_SINCE, /* epoch seconds: the stage's start (updated_at) */
    PSERV_WAIT_ATASAN_NOPEK,
    PSERV_WAIT_ATASAN_NAME
};

/* The stage-1 tickets of a UNIT waiting on an Atasan other than
 * head_nopek: the ones a change of the unit's BUH to head_nopek re-routes
 * (requests of kind UNIT, status atasan), oldest first. */
int pserv_unit_waiting(pserv_db *db, const char *unit_code,
                       const char *head_nopek, apr_dbd_results_t **res);

/* Inside the caller's transaction: those tickets now wait on head_nopek
 * (an active employee: head_name, head_email). Each gets an Activity Log
 * line by s ("Atasan dialihkan dari X ke Y") and the new Atasan the
 * submit's mail. requests.updated_at is kept: it is the stage's start.
 * *moved: their Nomors (for the caller's audit line, after the commit). */
int pserv_unit_reroute(request_rec *r, pserv_db *db, const pserv_session *s,
                       const char *unit_code, const char *head_nopek,
                       const char *head_name, const char *head_email,
                       apr_array_header_t **moved);

#endif
