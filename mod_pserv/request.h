/*
 * request.h: what one request knows about itself (request.c).
 */
#ifndef PSERV_REQUEST_H
#define PSERV_REQUEST_H

#include "pserv.h"
#include "config.h"

/* What one request knows about itself (request_config). */
typedef struct pserv_session pserv_session;
typedef struct {
    pserv_dir_conf conf; /* effective, defaults applied */
    int conf_ready;
    pserv_session *session; /* the logged-in user, or NULL */
    int session_loaded;
    int db_failed;    /* the session could not be checked */
    int db_down;      /* the database connection broke: a
                                     * failure answers 503, not 500 */
    const char *csrf; /* pre-login double-submit token */
    apr_time_t now;
    unsigned db_calls;      /* statements sent: notes pserv-db */
    unsigned xslt_compiles; /* stylesheets compiled: pserv-xslt */
    int lang; /* 1 + the pages' language (i18n.c), 0 until known */
} pserv_req;

pserv_req *pserv_req_get(request_rec *r);

/* The request's effective configuration: the merged record with
 * defaults filled in, computed once per request. */
const pserv_dir_conf *pserv_conf(request_rec *r);
/* The time the request happens at, and the same as a timestamptz literal. */
apr_time_t pserv_now(request_rec *r);
const char *pserv_now_sql(request_rec *r);

#endif
