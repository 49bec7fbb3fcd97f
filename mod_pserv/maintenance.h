/*
 * maintenance.h: pages while the database's schema is wrong
 * (maintenance.c).
 */
#ifndef PSERV_MAINTENANCE_H
#define PSERV_MAINTENANCE_H

#include "request.h"

/* Before routing a page: DECLINED to go on, or OK with the 503
 * maintenance page (JSON under /api/) sent when the database's schema is
 * not the one this build needs. Looks at the database at the first request
 * of a process, then at most once a minute (once a second where
 * PservTestHooks is On); /healthz is never held. */
int pserv_schema_gate(request_rec *r);

/* Looks now (for /healthz): the schema number, or -1 when the database
 * does not answer. */
int pserv_schema_check_now(request_rec *r);

#endif
