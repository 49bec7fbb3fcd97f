/*
 * mail.h: the outbox, its delivery worker and the reminders (mail.c,
 * mail_worker.c, remind.c).
 */
#ifndef PSERV_MAIL_H
#define PSERV_MAIL_H

#include "db.h"

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
/* What every mail about a ticket says about it (platforms: "a, b"). */
const char *pserv_mail_facts(apr_pool_t *p, const char *nomor,
                             const char *full_name, const char *kind,
                             const char *unit_name, const char *platforms,
                             const char *status);
const char *pserv_mail_link(request_rec *r, const char *path);
/* Queue the mail telling the Atasan a ticket waits for their approval
 * (facts: pserv_mail_facts of the ticket; links: the Atasan's decision
 * links, maildecide.c's pserv_maildecide_atasan_links, or NULL). */
int pserv_mail_atasan(request_rec *r, pserv_db *db, apr_int64_t request_id,
                      const char *to, const char *atasan_name,
                      const char *nomor, const char *requester,
                      const char *facts, const char *links);

/* The delivery worker (mail_worker.c): a mod_watchdog callback per server
 * that sets PservMailSMTP. Called from post_config. */
int pserv_mail_worker_init(apr_pool_t *pconf, server_rec *s);
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
