/*
 * pserv.h: what the Apache-facing files of mod_pserv share.
 * The httpd-independent core is declared in core/pserv_core.h.
 */
#ifndef PSERV_H
#define PSERV_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_dbd.h"
#include "mod_dbd.h"

#include <libxml/tree.h>

#include "core/pserv_core.h"

extern module AP_MODULE_DECLARE_DATA pserv_module;

/* mod_pserv.c declares the module itself (AP_DECLARE_MODULE). */
#if defined(APLOG_USE_MODULE) && !defined(PSERV_MODULE_MAIN)
APLOG_USE_MODULE(pserv);
#endif

/* ---- configuration (config.c) ---- */

typedef struct {
    const char *templates;          /* PservTemplates */
    const char *base_url;           /* PservBaseURL, no trailing slash */
    int cookie_secure;              /* PservCookieSecure; -1 unset */
    int test_hooks;                 /* PservTestHooks; -1 unset */
    apr_interval_time_t session_idle;       /* PservSessionIdleTimeout */
    apr_interval_time_t session_max;        /* PservSessionMaxAge */
    apr_interval_time_t token_lifetime;     /* PservTokenLifetime */
    apr_off_t upload_max_file;      /* PservUploadMaxFileSize */
    int upload_max_files;           /* PservUploadMaxFiles */
    apr_off_t body_max;             /* PservRequestBodyMax */
} pserv_dir_conf;

extern const command_rec pserv_cmds[];
void *pserv_create_dir_conf(apr_pool_t *p, char *dir);
void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

/* Configured values with their defaults applied. */
const pserv_dir_conf *pserv_conf(request_rec *r);
int pserv_conf_cookie_secure(const pserv_dir_conf *c);
int pserv_conf_test_hooks(const pserv_dir_conf *c);

/* ---- database (db.c) ---- */

/* Every SQL statement mod_pserv runs, by label. The text is in db.c. */
typedef enum {
    PSERV_SQL_HEALTH,
    PSERV_SQL_COUNT                 /* keep last */
} pserv_sql_id;

typedef struct {
    request_rec *r;
    ap_dbd_t *dbd;
    int in_txn;
    int failed;                     /* a statement failed in the txn */
    apr_dbd_transaction_t *txn;
} pserv_db;

/* Register every statement with mod_dbd (post_config). */
void pserv_db_register(server_rec *s);

/* The request's pooled connection, re-preparing statements when the
 * connection was re-established since they were prepared. NULL when the
 * database is unreachable (logged). */
pserv_db *pserv_db_get(request_rec *r);

/* Run a prepared SELECT with string arguments (exactly as many as the
 * statement takes). Results are random-access. Returns 0 or an error. */
int pserv_db_select(pserv_db *db, pserv_sql_id id, apr_dbd_results_t **res,
                    ...);

/* Run a prepared statement that returns no rows; *nrows affected. */
int pserv_db_query(pserv_db *db, pserv_sql_id id, int *nrows, ...);

int pserv_db_begin(pserv_db *db);
/* Commit, or roll back if anything failed in the transaction. */
int pserv_db_end(pserv_db *db);
void pserv_db_rollback(pserv_db *db);

/* Column value of row (NULL for SQL NULL). */
const char *pserv_db_col(pserv_db *db, apr_dbd_row_t *row, int col);

/* ---- views (view.c) ---- */

typedef struct {
    request_rec *r;
    xmlDocPtr doc;
    xmlNodePtr page;
    xmlNodePtr content;
} pserv_view;

void pserv_view_init(apr_pool_t *pconf);

/* A new page document: <page name= title=><meta/>...<content/></page>. */
pserv_view *pserv_view_new(request_rec *r, const char *name,
                           const char *title);

/* Add <name> under parent with text (NULL for none). */
xmlNodePtr pserv_view_add(xmlNodePtr parent, const char *name,
                          const char *text);
void pserv_view_attr(xmlNodePtr node, const char *name, const char *value);
void pserv_view_crumb(pserv_view *v, const char *href, const char *text);

/* Transform with templates/<name>.xsl and send with the given status.
 * Returns OK (the response is written) or an HTTP error status. */
int pserv_view_send(pserv_view *v, int status);

/* Render the error page for status (in the P-Serv look) and return OK. */
int pserv_error_page(request_rec *r, int status);

/* ---- routing (route.c) ---- */

typedef int (*pserv_handler_fn)(request_rec *r, apr_int64_t id);

int pserv_route(request_rec *r);

/* ---- handlers (handle_*.c) ---- */

int pserv_handle_login_page(request_rec *r, apr_int64_t id);
int pserv_handle_healthz(request_rec *r, apr_int64_t id);
int pserv_handle_error(request_rec *r, apr_int64_t id);

/* ---- common response headers (route.c) ---- */

void pserv_security_headers(request_rec *r);

#endif
