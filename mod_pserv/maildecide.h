/*
 * maildecide.h: the decision links of the stage mails and reminders
 * (maildecide.c): Setujui, Tolak and Kembalikan untuk Revisi, each opening
 * GET /mail/decide?t=TOKEN&a=ACTION (handle_maildecide.c), which decides
 * only on POST, through decide.c like the ticket page.
 *
 * A token is 256 random bits (core's pserv_token_new); decide_links
 * (migration 015) keeps its SHA-256 bound to (ticket, stage, recipient
 * account). It serves the three actions; it works while the ticket waits
 * at that stage, before PservTokenLifetime has passed since the mail,
 * until any decision at that stage revokes every link to it, and only as
 * its own account.
 */
#ifndef PSERV_MAILDECIDE_H
#define PSERV_MAILDECIDE_H

#include "actors.h"

/* The mail's text, in language lang (the mail's reader's), with the three
 * links for account on ticket id at its current stage (stage: NULL for whatever it waits at now, else only when
 * it still waits there), one fresh token stored: "" when the ticket waits
 * at no stage with links (the ICT Executor's, who must type the User ID,
 * or it ended); NULL on a database error. Inside the caller's transaction
 * or on its own. The daily digest calls it per (ticket, recipient). */
const char *pserv_maildecide_links(const pserv_actx *x, apr_int64_t id,
                                   const char *stage, apr_int64_t account,
                                   int lang);

/* The same for the Atasan's mail at the submit or at a change of BUH
 * (mail.c's pserv_mail_atasan, sent to the address to): the links of the
 * Atasan's own account (the one with that address first), "" when the
 * Atasan has none. */
const char *pserv_maildecide_atasan_links(const pserv_actx *x, apr_int64_t id,
                                          const char *to, int lang);

/* Every link to stage of ticket id stops working (a decision there, from
 * any channel): inside the decision's transaction. 0 or an error. */
int pserv_maildecide_revoke(pserv_db *db, const char *id, const char *stage,
                            const char *now);

/* A link as the page finds it, with what happened to its ticket. */
typedef struct {
    apr_int64_t request_id, account_id;
    const char *stage;          /* the stage it was mailed for */
    const char *nomor, *status; /* the ticket now */
    int expired, used, revoked;
    apr_int64_t expires_at; /* epoch */
    /* the last decision at its stage, if any */
    const char *decision, *decider;
    apr_int64_t decided_at; /* epoch; 0 without one */
} pserv_maildecide_link;

/* The link of token at the request's clock: 1 found, 0 unknown, -1 on a
 * database error. */
int pserv_maildecide_find(request_rec *r, pserv_db *db, const char *token,
                          pserv_maildecide_link *l);
/* 1 when l may still decide: its ticket waits at its stage, unexpired,
 * unused, unrevoked. */
int pserv_maildecide_live(const pserv_maildecide_link *l);
/* What happened to l's ticket, in words of language lang (core/lang.h),
 * for a link that is not live. */
const char *pserv_maildecide_story(apr_pool_t *p, int lang,
                                   const pserv_maildecide_link *l);
/* Mark token used by the decision just taken through it. */
void pserv_maildecide_spent(request_rec *r, pserv_db *db, const char *token);

#endif
