/*
 * ticket.h: the ticket and list service (ticket.c).
 */
#ifndef PSERV_TICKET_H
#define PSERV_TICKET_H

#include "db.h"
#include "session.h"
#include "actors.h"

/* The list's filter, as its query string gives it (the page, its CSV
 * export and the API read it alike). */
typedef struct {
    const char *status, *kind, *from, *to, *q, *sort;
    int size, page;
} pserv_list_filter;

/* The status filter's value for the waiting tickets the user may act on
 * for someone else (a delegation) or by assignment. */
#define PSERV_LIST_DELEGASI "delegasi"

void pserv_list_filter_read(request_rec *r, const pserv_session *s,
                            pserv_list_filter *f);
/* The filter as a query string (without size and page). */
const char *pserv_list_query(request_rec *r, const pserv_list_filter *f);
/* base ("/requests", "/api/v1/requests") with f's query at page. */
const char *pserv_list_href(request_rec *r, const char *base,
                            const pserv_list_filter *f, int page);
/* The columns of the list's statement (list_asc, list_desc in ticket.c),
 * as the page, its CSV export and the API read them. */
enum {
    PSERV_LIST_ID,
    PSERV_LIST_NOMOR,
    PSERV_LIST_CREATED, /* epoch seconds */
    PSERV_LIST_FULL_NAME,
    PSERV_LIST_KIND,
    PSERV_LIST_UNIT_NAME,
    PSERV_LIST_STATUS,
    PSERV_LIST_PLATFORMS, /* "a, b" */
    PSERV_LIST_UNIT_CODE,
    PSERV_LIST_ACTING /* "atas nama Rina Wulandari", "Dialihkan" or NULL */
};

/* Page f->page of the list s may see: up to f->size + 1 rows (the one
 * more tells that a next page exists) of the list's statement (the
 * columns above). 0 or an error. */
int pserv_list_select(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, apr_dbd_results_t **res);

/* The same rows, all of them up to max, handed to fn one at a time as
 * PostgreSQL sends them (pserv_db_stream): the CSV export. */
int pserv_list_stream(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, int max, pserv_db_row_fn fn,
                      void *ctx);

/* One line of a ticket's Activity Log (account_id NULL: not an account). */
int pserv_ticket_log_add(pserv_db *db, const char *request_id, const char *now,
                         const char *account_id, const char *actor,
                         const char *role, const char *action,
                         const char *reason);

/* One ticket with everything its page shows. */
#define PSERV_TICKET_COLS 15
typedef struct {
    const char *c[PSERV_TICKET_COLS];
} pserv_trow; /* a row of one of its lists */

typedef struct {
    const char *id, *nomor, *status, *kind, *nopek, *full_name, *position;
    const char *email, *unit_name, *atasan_nopek, *atasan_name, *note;
    const char *account_username, *unit_code;
    apr_int64_t created;
    apr_array_header_t *part[5];  /* pserv_trow; [0] unused */
    const pserv_waiting *waiting; /* who may act now; NULL when it ended */
    /* when the retention rules took its attachments (epoch seconds as
     * text; NULL: they did not) */
    const char *attachments_purged;
} pserv_ticket;

/* The lists of a ticket and their columns (ticket.c, ticket_get):
 * platforms (name, note); attachments (id, filename, content type, size);
 * approvals (stage, decision, actor's name, at, account id, the account's
 * nopek and e-mail: the deciders as persons; "1" when it was decided
 * before the ticket's last return for revision); the Activity
 * Log (at, actor, role, action, reason; "1" when before the last
 * revision). Times in epoch seconds. */
enum {
    PSERV_PART_PLATFORMS = 1,
    PSERV_PART_FILES,
    PSERV_PART_APPROVALS,
    PSERV_PART_LOG,
    PSERV_PART_PURGED /* one row (at) when the attachments were purged */
};

#define PSERV_TROW(t, k, i) (&APR_ARRAY_IDX((t)->part[k], i, pserv_trow))

/* The ticket if s may see it (one statement); NULL otherwise, *rv 404
 * (audited as not-visible) or 503. */
pserv_ticket *pserv_ticket_load(request_rec *r, pserv_db *db,
                                const pserv_session *s, apr_int64_t id,
                                int *rv);
/* Whether s may decide on t now: one of those who may act (actors.h) whom
 * separation of duties does not bar. PSERV_ACT_OK or the reason not; *as
 * (when as is not NULL): the right s acts by, or NULL. */
int pserv_ticket_may_act(const pserv_session *s, const pserv_ticket *t,
                         const pserv_candidate **as);

/* A stored actor, stage or marker ("X atas nama Y", "ICT Manager
 * (dialihkan)", the list's "atas nama Y" and "Dialihkan") in the request's
 * language (ticket.c). NULL stays NULL. */
const char *pserv_ticket_acting_tr(request_rec *r, const char *s);

#endif
