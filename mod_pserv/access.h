/*
 * access.h: the access record (access.c; issue 23, docs/PRIVACY.md): who
 * read a ticket's personal data, which ticket, when, how and from where,
 * one access_log row (migration 023) per read.
 *
 * A ticket page's row waits in its child and is written with others
 * (pserv_access_defer: the session's statement says the page may be seen,
 * so a page cache hit stays one statement); an attachment writes its row
 * in the statement that reads it (handle_ticket.c); the CSV export and the
 * API's ticket call pserv_access_record.
 */
#ifndef PSERV_ACCESS_H
#define PSERV_ACCESS_H

#include "db.h"
#include "session.h"

/* The kinds of access_log.kind this module writes */
#define PSERV_ACCESS_TICKET "ticket"
#define PSERV_ACCESS_EXPORT "export"
#define PSERV_ACCESS_API    "api"

/* One row of kind for each ticket of ids (request ids, as strings), read
 * by s now, in one statement. 0 when written (nothing to write counts). */
int pserv_access_record(request_rec *r, pserv_db *db, const pserv_session *s,
                        const char *kind, const apr_array_header_t *ids);

/* s read ticket (its Nomor) as a ticket page at now (pserv_now_sql):
 * the row waits in this child with the others of r's server and is
 * written when PservAccessBatch rows wait (by r, before its answer),
 * within a second (the child's flusher thread) or as the child exits. */
void pserv_access_defer(request_rec *r, const pserv_session *s,
                        apr_int64_t ticket, const char *nomor, const char *now);

/* Hooks: the flusher and the rows' buffers of each child. */
void pserv_access_register(apr_pool_t *p);

#endif
