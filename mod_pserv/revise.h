/*
 * revise.h: the requester's side of a ticket after issue 18 (revise.c):
 * Batalkan Permohonan from Status Permintaan, and the expiry of a ticket
 * returned for revision that nobody fixed (the mail worker's sweep).
 * Kembalikan untuk Revisi itself is a decision (decide.c); Perbaiki
 * Permohonan is the public form's (rform.c).
 */
#ifndef PSERV_REVISE_H
#define PSERV_REVISE_H

#include "ticket.h"
#include "config.h"

/* The ticket a status link names, as Batalkan Permohonan needs it. */
typedef struct {
    const char *id, *nomor, *status, *full_name, *email;
} pserv_withdrawn;

enum {
    PSERV_WITHDRAW_OK = 0,
    PSERV_WITHDRAW_UNKNOWN, /* no ticket has this status link */
    PSERV_WITHDRAW_ENDED,   /* completed, rejected or cancelled already */
    PSERV_WITHDRAW_MOVED,   /* it moved on since the page was shown */
    PSERV_WITHDRAW_FAILED   /* the database (logged) */
};

/* Batalkan Permohonan: the ticket whose status link has hash, while it
 * waits at a stage or is returned (the Executor has not acted), and only
 * from the status seen on the page (NULL: any), becomes cancelled in one
 * transaction: the Activity Log line with the optional reason, a mail to
 * whoever it was waiting on (actors.c, read before the change) and one to
 * the requester. *t is filled whenever the ticket is known. */
int pserv_withdraw(request_rec *r, pserv_db *db, const char *hash,
                   const char *seen, const char *reason, pserv_withdrawn *t);

/* The mail worker's sweep: each ticket returned for revision longer than
 * PservRevisionDays becomes cancelled, with its Activity Log line and a
 * mail to the requester; one transaction per ticket, the conditional
 * update first, so two workers never cancel (or mail) one ticket twice. */
void pserv_revision_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                          const pserv_srv_conf *c, const char *base_url);

#endif
