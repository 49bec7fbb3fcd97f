/*
 * mail.h: the outbox, its delivery worker and the reminders (mail.c,
 * mail_worker.c, remind.c).
 */
#ifndef PSERV_MAIL_H
#define PSERV_MAIL_H

#include "db.h"
#include "msg.h"

int pserv_mail_queue(pserv_db *db, apr_int64_t request_id, const char *to,
                     const char *subject, const char *text);
/* The same outside a request (the mail worker), at the database's now. */
int pserv_mail_queue_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_int64_t request_id, const char *to,
                        const char *subject, const char *text, const char *now);
/* The e-mail addresses of the active holders of role (one column). */
int pserv_mail_role_emails(pserv_db *db, const char *role,
                           apr_dbd_results_t **res);
int pserv_mail_role_emails_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                              const char *role, apr_dbd_results_t **res);
/* The language of the mails to the address to (an index of core/lang.h,
 * issue 20), in one statement: the choice of an active account with that
 * address (accounts.lang; of several, the one last logged in), else, when
 * to is the address of ticket request_id's requester (request_id > 0),
 * the language they used on its form (requests.lang, migration 020), else
 * Bahasa Indonesia (0, also on a database error). */
int pserv_mail_lang(pserv_db *db, const char *to, apr_int64_t request_id);
/* The same outside a request (the mail worker). */
int pserv_mail_lang_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       const char *to, apr_int64_t request_id);

/* Remember the language of the request db->r (i18n.h's pserv_lang: the
 * form's) as the one ticket request_id's requester reads their mails in
 * (requests.lang): at the submit and at the resubmit after a return for
 * revision, inside its transaction. 0 or an error. */
int pserv_mail_form_lang(pserv_db *db, apr_int64_t request_id);

/* The end of every mail, the same in every language. */
#define PSERV_MAIL_SIGNATURE "-- \nP-Serv, PT Pertamina Retail\n"
/* text followed by the signature. */
const char *pserv_mail_signed(apr_pool_t *p, const char *text);
/* A stage mail's call to action for a ticket at status, in language
 * lang: what that stage does (the ICT Executor creates the User ID; the
 * other stages approve). */
const char *pserv_mail_cta(int lang, const char *status);

/* A ticket as its mails describe it (platforms: "a, b" or NULL). */
typedef struct {
    const char *nomor, *full_name, *kind, *unit_name, *platforms, *status;
} pserv_mail_ticket;
/* What every mail about a ticket says about it, in language lang ("" for
 * t NULL). */
const char *pserv_mail_facts(apr_pool_t *p, int lang,
                             const pserv_mail_ticket *t);
const char *pserv_mail_link(request_rec *r, const char *path);
/* Queue the mail telling the Atasan a ticket waits for their approval, in
 * lang (pserv_mail_lang of to; about: the ticket, for its facts; links:
 * the Atasan's decision links in lang, maildecide.c's
 * pserv_maildecide_atasan_links, or NULL). */
int pserv_mail_atasan(request_rec *r, pserv_db *db, apr_int64_t request_id,
                      const char *to, int lang, const char *atasan_name,
                      const char *requester, const pserv_mail_ticket *about,
                      const char *links);

/* The delivery worker (mail_worker.c): a mod_watchdog callback per server
 * that sets PservMailSMTP. Called from post_config. */
int pserv_mail_worker_init(apr_pool_t *pconf, server_rec *s);
/* Its hooks: the child's exit waits for a look in progress. */
void pserv_mail_worker_register(apr_pool_t *p);
/* Test hook (POST /_test/mail-look, PservTestHooks only): one look of the
 * worker of r's server now, in the request: the sweeps, then the outbox.
 * 0, or -1 when that server runs no worker or found no database. */
int pserv_mail_look_now(request_rec *r);

/* Reminders and escalation (remind.c): one sweep of the tickets that wait
 * too long at a stage, run by the mail worker before each look at the
 * outbox. base_url: PservBaseURL of the worker's server (may be NULL). */
void pserv_remind_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        const pserv_srv_conf *c, const char *base_url);
/* The stuck mark of every waiting ticket judged again (actors.c's
 * pserv_stuck_check, one transaction), at most every five minutes, every
 * look under PservTestHooks; run by the mail worker before the reminders.
 * base_url as above. */
void pserv_stuck_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       const char *base_url);

#endif
