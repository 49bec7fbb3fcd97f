/*
 * decide.h: the decisions on a ticket (decide.c): storing an Approve or
 * Reject with its mail, the Executor's new account, and the set-password
 * link sent again.
 */
#ifndef PSERV_DECIDE_H
#define PSERV_DECIDE_H

#include "ticket.h"

/* 1 when an account (active or not) has the username already. */
int pserv_decide_user_id_taken(pserv_db *db, const char *user_id);

/* One decision in one transaction: the conditional move (only from the
 * status the decider saw), the approval, the Activity Log entry and the
 * mail; as: the right s acts by (pserv_ticket_may_act: "atas nama" a
 * delegator, or an assignment); user_id (the Executor's Confirm): the account for the requester
 * and its set-password link. 0; HTTP_CONFLICT when the ticket moved
 * meanwhile or the User ID was taken; another code on failure. */
int pserv_decide_store(request_rec *r, pserv_db *db, const pserv_session *s,
                       const pserv_ticket *t, const pserv_candidate *as,
                       int approve, const char *reason, const char *user_id);
/* pserv_decide_store's approve for Kembalikan untuk Revisi: the ticket
 * goes to 'returned', the requester gets the reason and the link to
 * Perbaiki Permohonan (a new status link: the old one stops working). */
#define PSERV_VERDICT_RETURN 2

/* One decision as its decider asked for it, whatever the channel (the
 * ticket page, a mail link, the list's bulk action), judged and stored by
 * the one path below. */
typedef struct {
    const char *decision; /* "approve", "reject" or "return" */
    const char *seen;     /* the status the decider saw; NULL: not known */
    const char *reason;   /* as typed (the Executor's Catatan) */
    const char *user_id;  /* User ID Baru at the Executor's Confirm */
    const char *channel;  /* for the audit line: NULL (the page), "e-mail",
                           * "bulk" */
    /* what pserv_decide_check found */
    int approve;
    int revise; /* "return": Kembalikan untuk Revisi (approve is 0) */
    const char *reason_error, *user_id_error; /* PSERV_DECIDE_INVALID */
    int why;                   /* PSERV_ACT_*: PSERV_DECIDE_REFUSED */
    const pserv_candidate *as; /* the right the decider acts by */
} pserv_decision;

enum {
    PSERV_DECIDE_OK = 0,
    PSERV_DECIDE_BAD,     /* not a decision (400) */
    PSERV_DECIDE_MOVED,   /* the ticket moved on since it was seen; *t is
                           * the ticket as it is now */
    PSERV_DECIDE_REFUSED, /* this person may not decide it now (d->why) */
    PSERV_DECIDE_INVALID, /* d->reason_error / d->user_id_error */
    PSERV_DECIDE_FAILED   /* the database (logged) */
};

/* Whether s may take decision d on *t now, and whether d is complete:
 * PSERV_DECIDE_OK, or what stops it (refusals logged and audited). */
int pserv_decide_check(request_rec *r, pserv_db *db, const pserv_session *s,
                       pserv_ticket **t, pserv_decision *d);
/* Store d, checked by pserv_decide_check (its transaction, mails and
 * audit line): PSERV_DECIDE_OK, MOVED (another decider won; *t reloaded),
 * INVALID (the User ID was taken meanwhile) or FAILED. */
int pserv_decide_apply(request_rec *r, pserv_db *db, const pserv_session *s,
                       pserv_ticket **t, pserv_decision *d);

/* The set-password link of a completed ticket's account sent again (the
 * old one stops working). 0; or the status to answer: HTTP_CONFLICT
 * without an active account of that name, HTTP_SERVICE_UNAVAILABLE or
 * HTTP_INTERNAL_SERVER_ERROR. */
int pserv_decide_resend(request_rec *r, pserv_db *db, const pserv_ticket *t);

#endif
