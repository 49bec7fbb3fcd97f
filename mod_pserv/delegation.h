/*
 * delegation.h: Delegasi Persetujuan, the service (delegation.c): who may
 * delegate, finding the delegate by name or username, saving a delegation
 * under its rules, ending one, and the list of an account's delegations
 * for a page. Who may act while a delegation runs is migration 012's
 * (pserv_candidates) and actors.c's, not this file's.
 */
#ifndef PSERV_DELEGATION_SVC_H
#define PSERV_DELEGATION_SVC_H

#include "db.h"
#include "core/delegation.h"

#include <libxml/tree.h>

#define PSERV_DELEG_REASON_MAX 500

/* An account as the delegation pages see it. approver: it approves
 * something (an active employee's supervisor or a unit's head by its
 * nopek, or a holder of an ICT role). */
typedef struct {
    apr_int64_t id;
    const char *username, *full_name;
    int active, approver;
} pserv_deleg_account;

/* Account id: 0, 1 when there is none, -1 on error. */
int pserv_deleg_account_get(pserv_db *db, apr_int64_t id,
                            pserv_deleg_account *a);

/* What "Delegasikan kepada" found. */
enum {
    PSERV_DELEG_FOUND = 0,
    PSERV_DELEG_NONE,     /* no account matches */
    PSERV_DELEG_MANY,     /* several active accounts match: *matches */
    PSERV_DELEG_INACTIVE, /* the only match is not active */
    PSERV_DELEG_ERROR
};

/* The account the typed text names: a username (any case), else a full
 * name, else a part of either that only one active account has. *matches
 * (pserv_deleg_account) holds every match for PSERV_DELEG_MANY. */
int pserv_deleg_resolve(request_rec *r, pserv_db *db, const char *typed,
                        pserv_deleg_account *found,
                        apr_array_header_t **matches);

/* A delegation to save: dates already judged by core's
 * pserv_delegation_dates_check. */
typedef struct {
    const pserv_deleg_account *delegator, *delegate;
    const char *start, *end, *reason;
    apr_int64_t created_by;
} pserv_deleg_new;

/* Save n under the rules that need the database (inside one transaction,
 * the two accounts' rows locked so two saves cannot both pass): not to
 * oneself, an active delegate, no overlap with the delegator's other
 * delegations, no delegate who is away then (a delegation of their own
 * out). OK with *id; HTTP_CONFLICT with *message (nothing stored) and
 * *why (a word for the audit log); another status on error. Afterwards
 * the stuck marks are looked at again (actors.c). */
int pserv_deleg_create(request_rec *r, pserv_db *db, const pserv_deleg_new *n,
                       apr_int64_t *id, const char **message, const char **why);

/* One delegation, for ending it. */
typedef struct {
    apr_int64_t id, delegator_id, delegate_id;
    const char *delegator, *delegate; /* full names */
    const char *delegate_username, *start, *end, *reason;
    const char *status; /* berjalan, terjadwal, selesai, diakhiri */
} pserv_deleg;

/* Delegation id: 0, 1 when there is none, -1 on error. */
int pserv_deleg_get(request_rec *r, pserv_db *db, apr_int64_t id,
                    pserv_deleg *d);

/* End delegation d (running or scheduled) now, by account by: OK,
 * HTTP_CONFLICT when it had already ended (*message), another status on
 * error. Afterwards the stuck marks are looked at again. */
int pserv_deleg_end(request_rec *r, pserv_db *db, const pserv_deleg *d,
                    apr_int64_t by, const char **message);

/* <delegation id= direction="out|in" delegator= delegator_username=
 * delegate= delegate_username= start= end= start_label= end_label=
 * reason= created_by= created_at= created_at_iso= ended_at= ended_by=
 * status= status_label= may_end="1"/> under parent for each delegation
 * account gave (out) or, with incoming, received (in), newest first.
 * 0 or -1 on error. */
int pserv_deleg_view(request_rec *r, pserv_db *db, apr_int64_t account,
                     int incoming, xmlNodePtr parent);

/* Active accounts (username, full name) for the datalist of "Delegasikan
 * kepada", at most max, under parent as <option username= full_name=/>. */
int pserv_deleg_options(request_rec *r, pserv_db *db, int max,
                        xmlNodePtr parent);

#endif
