/*
 * access.h: the access record (access.c; issue 23, docs/PRIVACY.md): who
 * read a ticket's personal data, which ticket, when, how and from where,
 * one access_log row (migration 023) per read.
 *
 * The ticket page writes its row in the session's own statement
 * (session.c, session_get: a page cache hit stays one statement) and an
 * attachment in the statement that reads it (handle_ticket.c); the CSV
 * export and the API's ticket call this.
 */
#ifndef PSERV_ACCESS_H
#define PSERV_ACCESS_H

#include "db.h"
#include "session.h"

/* The kinds of access_log.kind this module writes */
#define PSERV_ACCESS_EXPORT "export"
#define PSERV_ACCESS_API    "api"

/* One row of kind for each ticket of ids (request ids, as strings), read
 * by s now, in one statement. 0 when written (nothing to write counts). */
int pserv_access_record(request_rec *r, pserv_db *db, const pserv_session *s,
                        const char *kind, const apr_array_header_t *ids);

#endif
