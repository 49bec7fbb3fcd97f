/*
 * audit.h: the audit log (audit.c).
 */
#ifndef PSERV_AUDIT_H
#define PSERV_AUDIT_H

#include "pserv.h"

/* One line "pserv[AUD01]: event=EVENT user=U ip=A req=\"METHOD /path\"
 * key=value ..." at notice: user NULL means the request's own (r->user or
 * its session); then key, value pairs (value NULL: "-"), NULL last. */
void pserv_audit(request_rec *r, const char *event, const char *user,
                 ...) AP_FN_ATTR_SENTINEL;
/* Why this request is being refused (key, value pairs, NULL last): the
 * one "event=forbidden" line written after a 403 response carries it. */
void pserv_audit_deny(request_rec *r, const char *reason,
                      ...) AP_FN_ATTR_SENTINEL;
/* Cut the Referer to its part before any query string, so that a page
 * whose URL holds a token does not leak it into the logs. */
void pserv_audit_scrub_referer(request_rec *r);
void pserv_audit_register(apr_pool_t *p);

#endif
