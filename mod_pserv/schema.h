/*
 * schema.h: the module's version and the database schema it needs
 * (schema.c). The build passes PSERV_VERSION (the VERSION file) and
 * PSERV_SCHEMA_NEED (the number of the last sql/NNN_*.sql migration).
 */
#ifndef PSERV_SCHEMA_H
#define PSERV_SCHEMA_H

#include "request.h"

/* "1.0.0" */
const char *pserv_version(void);
/* The migration number this build needs (9 for sql/009_*.sql). */
int pserv_schema_need(void);
/* The schema last seen in s's database by this process: -1 before the
 * first look. */
int pserv_schema_have(server_rec *s);

/* The database's schema as an SQL expression: the highest NNN of the
 * NNN_name rows of schema_migrations, 0 when it has none. */
#define PSERV_SCHEMA_HAVE_SQL                                                  \
    "(SELECT coalesce(max(substring(version FROM '^[0-9]+')::int), 0)"         \
    " FROM schema_migrations)"
/* The schema of the database dbd talks to, asked as plain SQL (before any
 * statement is prepared): 0 when it has no schema_migrations table or no
 * row, -1 when the connection is broken (a link the server closed is reset
 * and asked again, once). */
int pserv_schema_read(ap_dbd_t *dbd, apr_pool_t *p);

/* post_config: "mod_pserv/VERSION" in the Server banner (ServerTokens
 * decides whether it is shown), the per-database state, and one notice
 * line a start naming the version and the schema it needs. OK or 500. */
int pserv_schema_init(apr_pool_t *pconf, server_rec *s);

/* "schema 7, need 9: run pserv-admin migrate" (or the advice for a
 * database newer than this build). */
const char *pserv_schema_advice(apr_pool_t *p, int have);

/* For db.c, on a connection whose statements are not prepared yet:
 * whether to ask the database for its schema now (1), else *have is the
 * last known value (-1 unknown). r may be NULL (no request). */
int pserv_schema_due(server_rec *s, request_rec *r, int *have);
/* What a look found (-1: no answer): kept for the process; a change to a
 * wrong schema is logged once, so is the way back. */
void pserv_schema_seen(server_rec *s, int have);

#endif
