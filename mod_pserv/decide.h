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

/* The set-password link of a completed ticket's account sent again (the
 * old one stops working). 0; or the status to answer: HTTP_CONFLICT
 * without an active account of that name, HTTP_SERVICE_UNAVAILABLE or
 * HTTP_INTERNAL_SERVER_ERROR. */
int pserv_decide_resend(request_rec *r, pserv_db *db, const pserv_ticket *t);

#endif
