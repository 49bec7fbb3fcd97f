/*
 * digest.h: Pengaturan Notifikasi and the daily digest (digest.c, issue 18
 * section 5). Per account (accounts.notify, migration 016): a mail per
 * ticket (today's behaviour), one mail a day at 08:00 WIB listing what
 * waits for the account, or both. The mail worker sends the digest.
 */
#ifndef PSERV_DIGEST_H
#define PSERV_DIGEST_H

#include "db.h"

/* The choices, as stored in accounts.notify. */
#define PSERV_NOTIFY_TICKET "ticket"
#define PSERV_NOTIFY_DIGEST "digest"
#define PSERV_NOTIFY_BOTH   "both"

/* 1 when mode is one of the three choices. */
int pserv_notify_valid(const char *mode);
/* The choice as the page words it ("Setiap tiket", ...); NULL if unknown. */
const char *pserv_notify_label(const char *mode);

/* The account's choice into *mode: 0, 1 when there is no such account,
 * -1 on error. */
int pserv_notify_get(pserv_db *db, apr_int64_t account, const char **mode);
/* Store mode (valid) for the account; *was: the choice before. 0, 1 when
 * there is no such account, -1 on error. */
int pserv_notify_set(pserv_db *db, apr_int64_t account, const char *mode,
                     const char **was);

/* One look for digests due at now (SQL timestamptz text: "now" in the
 * mail worker, the request's clock under PservTestHooks): once it is 08:00
 * Jakarta time or later, each active account that chose the digest (or
 * both), has an address and has had none for now's Jakarta date gets one
 * mail listing the waiting tickets it may act on (as holder, delegate
 * "atas nama" the holder, or assignee). Each account is one transaction
 * that claims (account, date) in digest_days first and queues the mail
 * only when the claim took, so two Apache nodes never send one twice; an
 * account with nothing waiting is claimed without a mail. base_url:
 * PservBaseURL for the links (may be NULL). The number of digests queued,
 * -1 on error (what was not claimed is tried again at the next look). */
int pserv_digest_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       const char *now, const char *base_url);

#endif
