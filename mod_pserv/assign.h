/*
 * assign.h: Alihkan Persetujuan (assign.c): an Administrator assigns the
 * current stage of one waiting ticket to one account (stage_assignments,
 * migration 012). Who may then act is still actors.c's to say: the
 * assignee becomes a candidate of that stage of that ticket only, and
 * separation of duties still applies to them.
 */
#ifndef PSERV_ASSIGN_H
#define PSERV_ASSIGN_H

#include "i18n.h"
#include "db.h"
#include "session.h"
#include "actors.h"

/* The account a stage is assigned to. */
typedef struct {
    apr_int64_t id;
    const char *username, *full_name, *nopek, *email;
    int active;
} pserv_assignee;

/* Why a can not be given w's stage (PSERV_ASSIGN_OK when it can): the
 * account is inactive, is the Administrator themselves (the role routes,
 * it decides nothing), or separation of duties bars them (actors.c's
 * pserv_waiting_bars: the requester, a decider of another stage). */
enum {
    PSERV_ASSIGN_OK = 0,
    PSERV_ASSIGN_INACTIVE,
    PSERV_ASSIGN_SELF,
    PSERV_ASSIGN_OWN_REQUEST,
    PSERV_ASSIGN_TWICE
};
int pserv_assign_check(const pserv_session *s, const pserv_waiting *w,
                       const pserv_assignee *a);
/* The refusal's words for the Administrator in language lang (core/lang.h;
 * NULL for PSERV_ASSIGN_OK). */
const char *pserv_assign_message(apr_pool_t *p, int lang, int why,
                                 const pserv_waiting *w,
                                 const pserv_assignee *a);

/* One transaction: the stage w waits at is assigned to a (replacing an
 * earlier assignee), with the reason; the Activity Log line (the
 * Administrator s), the mail to a and to the stage's holders (and the
 * assignee replaced), and the stuck mark judged again. 0; HTTP_CONFLICT
 * when the ticket no longer waits at that stage; another code on
 * failure. */
int pserv_assign_store(request_rec *r, pserv_db *db, const pserv_session *s,
                       const pserv_waiting *w, const pserv_assignee *a,
                       const char *reason);

#endif
