/*
 * actors.h: who may act on a waiting ticket now (actors.c): the stage's
 * holders, their delegates and the stage's assignee (pserv_candidates,
 * migration 012), each judged by separation of duties (core's
 * pserv_barred); the mail to them when a stage starts; and the stuck mark
 * with its one mail to the Administrators when nobody may act.
 */
#ifndef PSERV_ACTORS_H
#define PSERV_ACTORS_H

#include "db.h"

/* Where the service runs: a request's connection or the mail worker's.
 * now: the clock as SQL text (pserv_now_sql, or "now" in the worker);
 * base: the mail links' base URL ("" for none). */
typedef struct {
    ap_dbd_t *dbd;
    apr_pool_t *p;
    server_rec *s;
    const char *now;
    const char *base;
} pserv_actx;

/* The context of request r on db's connection. */
void pserv_actx_of(request_rec *r, pserv_db *db, pserv_actx *x);

/* One who may act on a ticket by one right. */
typedef struct {
    apr_int64_t account;
    const char *full_name, *nopek, *email;
    const char *via;         /* "holder", "delegate", "assigned" */
    apr_int64_t for_account; /* a delegate's holder; 0 otherwise */
    const char *for_name, *for_nopek, *for_email;
    int why;         /* PSERV_ACT_OK, or why separation of duties bars them */
    int digest_only; /* Pengaturan Notifikasi: no mail per ticket */
} pserv_candidate;

/* A waiting ticket and who may act on it. */
typedef struct {
    apr_int64_t id;
    const char *nomor, *status, *atasan_nopek, *atasan_name;
    const char *nopek, *email, *full_name, *kind, *unit_name, *platforms;
    apr_int64_t since;              /* epoch: when it reached its stage */
    apr_int64_t stuck_since;        /* epoch; 0 when not marked stuck */
    apr_array_header_t *deciders;   /* pserv_person */
    apr_array_header_t *decided_at; /* const char *: their stages */
    apr_array_header_t *cands;      /* pserv_candidate, one per account */
    int n_may;                      /* candidates nothing bars */
    /* why nobody may act, in words in Bahasa Indonesia (the logs);
     * NULL otherwise. pserv_waiting_stuck gives them in a language. */
    const char *stuck;
    int stuck_why;             /* its causes: pserv_stuck_reason's */
    const char *stuck_decided; /* arguments n (cands), why, decided_at */
} pserv_waiting;

/* The waiting tickets (the one with id when id > 0, else all) with who
 * may act at x->now: an array of pserv_waiting, NULL on error. One
 * statement. */
apr_array_header_t *pserv_waiting_load(const pserv_actx *x, apr_int64_t id);

/* Why nobody may act on a ticket waiting at status, in words for the
 * Administrator in language lang (core/lang.h's index: a page gives
 * pserv_lang(r), a mail its recipient's language): n candidates were
 * found (distinct accounts, all barred); for n == 1, why (PSERV_ACT_*)
 * and, for TWICE, the stage (status code) that person decided. NULL for
 * a status nobody acts on. The cause is core's (pserv_stuck_cause_of),
 * the words msg-CODE.xml's admin.stuck.*. Shown on Tiket Tertahan and
 * Alihkan Persetujuan, and in the Administrators' mails. */
const char *pserv_stuck_reason(apr_pool_t *p, const char *status,
                               const char *atasan_nopek, int n, int why,
                               const char *decided_at, int lang);

/* w->stuck in language lang (pserv_stuck_reason of w's causes); NULL when
 * someone may act on w. */
const char *pserv_waiting_stuck(apr_pool_t *p, const pserv_waiting *w,
                                int lang);

/* The right account acts on w by (a holder's before a delegate's before
 * an assignee's), or NULL when it is not a candidate. */
const pserv_candidate *pserv_waiting_find(const pserv_waiting *w,
                                          apr_int64_t account);

/* Separation of duties (core's pserv_barred) for who, any account, on
 * w: PSERV_ACT_OK or why not (the requester, a decider of another stage).
 * What Alihkan Persetujuan asks of its assignee. */
int pserv_waiting_bars(const pserv_waiting *w, const pserv_actor *who);

/* The role c acts in, as the mails and pages word it: stage, "stage atas
 * nama X" for a delegate, "stage (dialihkan kepada Anda untuk tiket ini)"
 * for the assignee. */
const char *pserv_candidate_as(apr_pool_t *p, const pserv_candidate *c,
                               const char *stage);
/* The same in language lang (a mail's reader's: core/lang.h). */
const char *pserv_candidate_as_in(apr_pool_t *p, const pserv_candidate *c,
                                  const char *stage, int lang);

/* Who approved the stage a ticket just left, for the next stage's mails
 * (each worded in its reader's language). */
typedef struct {
    const char *stage;    /* the status it was approved at */
    const char *name;     /* who approved */
    const char *for_name; /* a delegate's holder ("atas nama"), or NULL */
} pserv_approved;

/* Ticket id has just reached its stage (a submit, a decision, a change
 * of its Atasan): mail everyone who may act now, each in their language
 * (not the holders when holders_mailed: the submit's own mail went to the
 * Atasan), saying what happened (by: "telah disetujui pada tahap ... oleh
 * ...", or NULL); when nobody may act, mark it stuck and tell the
 * Administrators. Inside the caller's transaction. 0 or an error. */
int pserv_stage_arrived(const pserv_actx *x, apr_int64_t id,
                        const pserv_approved *by, int holders_mailed);

/* Ticket id has just been submitted: pserv_stage_arrived (the submit's
 * own mail went to the Atasan), and, when a later stage will have nobody
 * who may act (actors.c, pserv_ahead_stop, says the rule), one mail to the
 * Administrators: "akan tertahan di tahap ...". 0 or an error. */
int pserv_submit_arrived(const pserv_actx *x, apr_int64_t id);

/* An ICT role (in the chain's order) and its active holders. */
typedef struct {
    const char *role;           /* ict_verificator, ict_manager, ict_executor */
    const char *status;         /* the stage it decides: verificator, ... */
    apr_array_header_t *people; /* pserv_candidate, via "holder", by name */
} pserv_role_holders;

/* Every ICT role with its active holders: an array of pserv_role_holders,
 * NULL on error. What Tiket Tertahan, the account page and the submit's
 * look ahead read (one person or nobody: tickets will stop there). */
apr_array_header_t *pserv_role_holders_load(const pserv_actx *x);

/* "Rina Wulandari, Hendra Gunawan": h's holders' names. */
const char *pserv_role_holders_names(apr_pool_t *p,
                                     const pserv_role_holders *h);

/* Mark each waiting ticket (one when id > 0, else all) stuck when nobody
 * may act on it (the Administrators get one mail, the first time), or no
 * longer stuck. The number newly stuck, or -1 on error. */
int pserv_stuck_check(const pserv_actx *x, apr_int64_t id);

#endif
