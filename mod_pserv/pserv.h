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

#define PSERV_DEFAULT_TEMPLATES "/usr/share/pserv/templates"

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

/* What one request knows about itself (request_config). */
typedef struct pserv_session pserv_session;
typedef struct {
    pserv_dir_conf conf;            /* effective, defaults applied */
    int conf_ready;
    pserv_session *session;         /* the logged-in user, or NULL */
    int session_loaded;
    int db_failed;                  /* the session could not be checked */
    int db_down;                    /* the database connection broke: a
                                     * failure answers 503, not 500 */
    const char *csrf;               /* pre-login double-submit token */
    apr_time_t now;
    unsigned db_calls;              /* statements sent: notes pserv-db */
    unsigned xslt_compiles;         /* stylesheets compiled: pserv-xslt */
} pserv_req;

pserv_req *pserv_req_get(request_rec *r);

extern const command_rec pserv_cmds[];
void *pserv_create_dir_conf(apr_pool_t *p, char *dir);
void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

/* Configured values with their defaults applied. */
const pserv_dir_conf *pserv_conf(request_rec *r);
int pserv_conf_cookie_secure(const pserv_dir_conf *c);
int pserv_conf_test_hooks(const pserv_dir_conf *c);

/* Per-server settings (the mail worker has no request). "Unset" is NULL
 * or -1 until pserv_srv_conf_get applies the defaults. */
typedef struct {
    const char *mail_smtp;          /* PservMailSMTP; NULL: mail stays queued */
    const char *mail_from;          /* PservMailFrom */
    const char *mail_user;          /* PservMailUser */
    const char *mail_password;      /* PservMailPassword */
    apr_interval_time_t mail_retry_base;    /* PservMailRetryBase */
    apr_interval_time_t mail_retry_max;     /* PservMailRetryMax */
    apr_interval_time_t mail_interval;      /* PservMailInterval */
    int mail_max_attempts;          /* PservMailMaxAttempts */
    int mail_batch;                 /* PservMailBatch */
    int remind_after;               /* PservRemindAfter, hours (0: never) */
    int escalate_after;             /* PservEscalateAfter, hours (0: never) */
    int mail_smtp_here;             /* PservMailSMTP set in this server's
                                     * own context (not inherited) */
} pserv_srv_conf;

void *pserv_create_srv_conf(apr_pool_t *p, server_rec *s);
void *pserv_merge_srv_conf(apr_pool_t *p, void *basev, void *addv);
/* s's settings with defaults applied, copied into *out. */
void pserv_srv_conf_get(server_rec *s, pserv_srv_conf *out);

/* ---- database (db.c) ---- */

/* Every SQL statement mod_pserv runs, by label. The text is in db.c. */
typedef enum {
    PSERV_SQL_HEALTH,
    PSERV_SQL_SESSION_GET,
    PSERV_SQL_SESSION_TOUCH,
    PSERV_SQL_SESSION_INSERT,
    PSERV_SQL_SESSION_DELETE,
    PSERV_SQL_SESSION_SWEEP,
    PSERV_SQL_LOGIN_ACCOUNT,
    PSERV_SQL_LOGIN_LOCK,
    PSERV_SQL_LOGIN_FAIL_ADD,
    PSERV_SQL_LOGIN_FAIL_CLEAR,
    PSERV_SQL_RATE_HIT,
    PSERV_SQL_DRAFT_NEW,
    PSERV_SQL_DRAFT_SWEEP,
    PSERV_SQL_DRAFT_GET,
    PSERV_SQL_DRAFT_DELETE,
    PSERV_SQL_DRAFT_FILES,
    PSERV_SQL_DRAFT_FILE_DEL,
    PSERV_SQL_FORM_UNITS,
    PSERV_SQL_FORM_PLATFORMS,
    PSERV_SQL_EMPLOYEE,
    PSERV_SQL_UNIT_HEAD,
    PSERV_SQL_REQ_WARNINGS,
    PSERV_SQL_REQ_BY_TOKEN,
    PSERV_SQL_REQ_INSERT,
    PSERV_SQL_REQ_PLATFORM_ADD,
    PSERV_SQL_REQ_ATTACH_COPY,
    PSERV_SQL_LOG_ADD,
    PSERV_SQL_MAIL_QUEUE,
    PSERV_SQL_MAIL_CLAIM,
    PSERV_SQL_MAIL_SENT,
    PSERV_SQL_MAIL_RETRY,
    PSERV_SQL_MAIL_FAIL,
    PSERV_SQL_LIST_DESC,
    PSERV_SQL_LIST_ASC,
    PSERV_SQL_API_PLATFORMS,
    PSERV_SQL_TICKET_GET,
    PSERV_SQL_STATUS_GET,
    PSERV_SQL_TICKET_PLATFORMS,
    PSERV_SQL_ATTACHMENT_GET,
    PSERV_SQL_DECIDE,
    PSERV_SQL_APPROVAL_ADD,
    PSERV_SQL_ROLE_EMAILS,
    PSERV_SQL_REMIND_DUE,
    PSERV_SQL_REMIND_MARK,
    PSERV_SQL_ESCALATE_MARK,
    PSERV_SQL_ACCOUNT_EXISTS,
    PSERV_SQL_ACCOUNT_CREATE,
    PSERV_SQL_REQ_SET_ACCOUNT,
    PSERV_SQL_TOKEN_REVOKE,
    PSERV_SQL_TOKEN_ADD,
    PSERV_SQL_TOKEN_GET,
    PSERV_SQL_TOKEN_USE,
    PSERV_SQL_PASSWORD_SET,
    PSERV_SQL_SESSIONS_END,
    PSERV_SQL_ACCOUNT_FIND,
    PSERV_SQL_ACCOUNT_BY_NAME,
    /* the Administrator's pages (handle_admin*.c) */
    PSERV_SQL_ACCOUNT_LOGIN_AT,
    PSERV_SQL_ADM_ACCOUNTS,
    PSERV_SQL_ADM_ACCOUNT,
    PSERV_SQL_ADM_LOCK,
    PSERV_SQL_ADM_STATE,
    PSERV_SQL_ADM_ROLES_SET,
    PSERV_SQL_ADM_SET_ACTIVE,
    PSERV_SQL_ADM_UNITS,
    PSERV_SQL_ADM_EMPLOYEES_NEXT,
    PSERV_SQL_ADM_EMPLOYEES_PREV,
    PSERV_SQL_ADM_PLATFORMS,
    PSERV_SQL_IMP_LOCK,
    PSERV_SQL_IMP_UNIT_EXISTS,
    PSERV_SQL_IMP_EMPLOYEE_EXISTS,
    PSERV_SQL_IMP_EMPLOYEE_UPSERT,
    PSERV_SQL_IMP_EMPLOYEE_SUPERVISOR,
    /* /metrics and server-status (metrics.c; the text in metrics.h) */
    PSERV_SQL_METRICS,
    PSERV_SQL_COUNTER_ADD,
    PSERV_SQL_COUNT                 /* keep last */
} pserv_sql_id;

typedef struct {
    request_rec *r;
    ap_dbd_t *dbd;
    int in_txn;
    int failed;                     /* a statement failed in the txn */
    unsigned *calls;                /* the request's statement count */
} pserv_db;

/* The request's pooled connection, its statements prepared at its first
 * use and again when it was re-established. NULL (and a 503 for the
 * request) when the database is unreachable (logged) or has another schema
 * than this build needs (logged once, schema.c). */
pserv_db *pserv_db_get(request_rec *r);

/* Run a prepared SELECT with string arguments (exactly as many as the
 * statement takes). Results are random-access. Returns 0 or an error. */
int pserv_db_select(pserv_db *db, pserv_sql_id id, apr_dbd_results_t **res,
                    ...);

/* Run a prepared SELECT (outside a transaction) and hand its rows to fn
 * one at a time as PostgreSQL sends them (libpq's single-row mode), so
 * that no result set is ever held whole. fn gets the row's values (NULL for
 * SQL NULL; valid only during the call) and returns 0 to go on, anything
 * else to stop: the query is then cancelled. Returns 0 when every row was
 * handed over, fn's value when it stopped, APR_EGENERAL on an error
 * (logged). */
#define PSERV_DB_STREAM_COLS 16     /* columns a streamed row may have */
typedef int (*pserv_db_row_fn)(void *ctx, int ncols,
                               const char *const *vals);
int pserv_db_stream(pserv_db *db, pserv_sql_id id, pserv_db_row_fn fn,
                    void *ctx, ...);

/* Run a prepared statement that returns no rows; *nrows affected. */
int pserv_db_query(pserv_db *db, pserv_sql_id id, int *nrows, ...);

/* COPY one draft attachment (hash: the draft's token hash in hex) from
 * its spool file. */
int pserv_db_draft_file_copy(pserv_db *db, const char *hash,
                             const char *filename, const char *content_type,
                             apr_off_t size, apr_file_t *spool);

/* A plain statement (BEGIN, COMMIT, ROLLBACK) on a connection. */
int pserv_db_exec(ap_dbd_t *dbd, const char *sql);

int pserv_db_begin(pserv_db *db);
/* Commit, or roll back if anything failed in the transaction. */
int pserv_db_end(pserv_db *db);
void pserv_db_rollback(pserv_db *db);

/* Row n (counting from 1) of res, or NULL past the end. */
apr_dbd_row_t *pserv_db_row(pserv_db *db, apr_dbd_results_t *res, int n);

/* v as a statement argument. */
const char *pserv_i64s(request_rec *r, apr_int64_t v);

/* Column value of row, copied into the request pool (NULL for SQL NULL). */
const char *pserv_db_col(pserv_db *db, apr_dbd_row_t *row, int col);

/* Outside a request (the mail worker): a pooled connection from
 * ap_dbd_open with its statements checked as pserv_db_get does (give it
 * back with ap_dbd_close), NULL when unreachable or of another schema;
 * and statements run on it
 * with results in p and errors logged against s. */
ap_dbd_t *pserv_db_open(apr_pool_t *p, server_rec *s);
int pserv_db_select_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       pserv_sql_id id, apr_dbd_results_t **res, ...);
int pserv_db_query_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                      pserv_sql_id id, int *nrows, ...);

/* ---- sessions and CSRF (session.c) ---- */

struct pserv_session {
    apr_int64_t account_id;
    const char *username;
    const char *full_name;
    const char *nopek;              /* NULL for accounts without one */
    const char *roles;              /* space-separated role codes */
    const char *csrf;
    const char *token_hash;         /* hex SHA-256 of the cookie's token */
};

apr_time_t pserv_now(request_rec *r);
const char *pserv_now_sql(request_rec *r);

/* The logged-in user's session (checked once per request), or NULL. */
pserv_session *pserv_session_load(request_rec *r);
int pserv_session_create(request_rec *r, apr_int64_t account_id);
void pserv_session_destroy(request_rec *r);
int pserv_session_has_role(const pserv_session *s, const char *role);

/* The token this request's forms carry. */
const char *pserv_csrf_token(request_rec *r);
/* 1 when a POST carries the right token from an acceptable origin. */
int pserv_csrf_ok(request_rec *r, const char *submitted);

/* ---- forms (form.c) ---- */

/* Read an application/x-www-form-urlencoded body of at most max bytes
 * into a table (a repeated name keeps every value). OK, or an HTTP error
 * status (400 for a malformed body, 413 when too large). */
int pserv_form_read(request_rec *r, apr_size_t max, apr_table_t **fields);

/* pserv_form_read, then the CSRF token and origin check every
 * state-changing POST needs: OK, or the status to answer (403). */
int pserv_form_post(request_rec *r, apr_size_t max, apr_table_t **fields);

typedef struct {
    apr_off_t max_file;             /* bytes per file */
    int max_files;                  /* files kept; more are only counted */
    apr_size_t max_text;            /* bytes per text field */
    apr_off_t max_body;             /* bytes in the whole body */
} pserv_form_limits;

typedef struct {
    const char *field;              /* the form field it came in */
    const char *filename;           /* sanitised, for display only */
    const char *content_type;       /* judged by its first bytes; NULL when
                                     * not JPEG, PNG or PDF */
    apr_file_t *spool;              /* its bytes, in a temporary file that
                                     * goes with the request; NULL when
                                     * not kept */
    unsigned char head[16];         /* its first bytes, for the sniffing */
    apr_size_t head_len;
    apr_size_t size;
    int too_large;                  /* passed max_file */
    int too_many;                   /* past max_files */
} pserv_upload;

/* Read a multipart/form-data body: text fields into *fields, files into
 * *uploads, each spooled to a temporary file through a fixed buffer (the
 * directory from TMPDIR, else the system's). OK; 413 when a file or the body passes its limit (the body is
 * read to its end first, so the browser sees the answer); 400 when
 * malformed. */
int pserv_form_read_multipart(request_rec *r, const pserv_form_limits *lim,
                              apr_table_t **fields,
                              apr_array_header_t **uploads);

/* ---- auth (auth.c) ---- */

void pserv_auth_register(apr_pool_t *p);
/* 303 to path (a local path; headers set). Returns HTTP_SEE_OTHER. */
int pserv_redirect(request_rec *r, const char *path);

/* 1 when the client address has made more than max hits on bucket within
 * the current window of window_secs (this hit included). */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs);

/* ---- audit log (audit.c) ---- */

/* One line "pserv[AUD01]: event=EVENT user=U ip=A req=\"METHOD /path\"
 * key=value ..." at notice: user NULL means the request's own (r->user or
 * its session); then key, value pairs (value NULL: "-"), NULL last. */
void pserv_audit(request_rec *r, const char *event, const char *user, ...)
    AP_FN_ATTR_SENTINEL;
/* Why this request is being refused (key, value pairs, NULL last): the
 * one "event=forbidden" line written after a 403 response carries it. */
void pserv_audit_deny(request_rec *r, const char *reason, ...)
    AP_FN_ATTR_SENTINEL;
/* Cut the Referer to its part before any query string, so that a page
 * whose URL holds a token does not leak it into the logs. */
void pserv_audit_scrub_referer(request_rec *r);
void pserv_audit_register(apr_pool_t *p);

/* ---- mail (mail.c) ---- */

int pserv_mail_queue(pserv_db *db, apr_int64_t request_id, const char *to,
                     const char *subject, const char *text);
/* The same outside a request (the mail worker), at the database's now. */
int pserv_mail_queue_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_int64_t request_id, const char *to,
                        const char *subject, const char *text,
                        const char *now);
/* What every mail about a ticket says about it (platforms: "a, b"). */
const char *pserv_mail_facts(apr_pool_t *p, const char *nomor,
                             const char *full_name, const char *kind,
                             const char *unit_name, const char *platforms,
                             const char *status);
const char *pserv_mail_link(request_rec *r, const char *path);

/* The delivery worker (mail_worker.c): a mod_watchdog callback per server
 * that sets PservMailSMTP. Called from post_config. */
int pserv_mail_worker_init(apr_pool_t *pconf, server_rec *s);

/* Reminders and escalation (remind.c): one sweep of the tickets that wait
 * too long at a stage, run by the mail worker before each look at the
 * outbox. base_url: PservBaseURL of the worker's server (may be NULL). */
void pserv_remind_sweep(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        const pserv_srv_conf *c, const char *base_url);

/* ---- set-password links (handle_password.c) ---- */

typedef enum {
    PSERV_LINK_CREATED,             /* the Executor made the account */
    PSERV_LINK_RESENT,              /* the Executor sent it again */
    PSERV_LINK_RESET,               /* Lupa Password? */
    PSERV_LINK_ADMIN                /* the Administrator sent it */
} pserv_link_why;

/* Revoke the account's earlier links, make a new one and queue the mail
 * carrying it (inside the caller's transaction). request_id 0: none;
 * facts: the ticket's summary for the mail, or NULL. */
int pserv_password_link_send(request_rec *r, pserv_db *db,
                             apr_int64_t request_id, const char *account_id,
                             const char *to, const char *full_name,
                             const char *username, const char *nomor,
                             const char *facts, pserv_link_why why);

/* ---- views (view.c) ---- */

typedef struct {
    request_rec *r;
    xmlDocPtr doc;
    xmlNodePtr page;
    xmlNodePtr content;
} pserv_view;

void pserv_view_init(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);

/* html.c: a transform's result as HTML, appended to bb. */
void pserv_html_init(apr_pool_t *pconf);
apr_status_t pserv_html_write(xmlDocPtr doc, apr_pool_t *p,
                              apr_bucket_brigade *bb);

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

/* Render the error page for status (in the P-Serv look) and return OK.
 * Under /api/ the error is JSON instead (pserv_api_error). */
int pserv_error_page(request_rec *r, int status);
/* What the error page says for status, in Indonesian. */
const char *pserv_error_message(int status);

/* ---- tickets (handle_list.c, handle_ticket.c) ---- */

/* Whose tickets s may see: "*" for holders of an ICT role or admin, else
 * the user's nopek as Atasan ("" sees none). */
const char *pserv_scope(const pserv_session *s);

/* The list's filter, as its query string gives it (the page, its CSV
 * export and the API read it alike). */
typedef struct {
    const char *status, *kind, *from, *to, *q, *sort;
    int size, page;
} pserv_list_filter;

void pserv_list_filter_read(request_rec *r, const pserv_session *s,
                            pserv_list_filter *f);
/* base ("/requests", "/api/v1/requests") with f's query at page. */
const char *pserv_list_href(request_rec *r, const char *base,
                            const pserv_list_filter *f, int page);
/* Page f->page of the list s may see: up to f->size + 1 rows (the one
 * more tells that a next page exists) of the list's statement: id, nomor,
 * created (epoch), full name, kind, unit name, status, platforms
 * ("a, b"), unit code. 0 or an error. */
int pserv_list_select(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, apr_dbd_results_t **res);

/* One ticket with everything its page shows (handle_ticket.c). */
#define PSERV_TICKET_COLS 15
typedef struct {
    const char *c[PSERV_TICKET_COLS];
} pserv_trow;                       /* a row of one of its lists */

typedef struct {
    const char *id, *nomor, *status, *kind, *nopek, *full_name, *position;
    const char *email, *unit_name, *atasan_nopek, *atasan_name, *note;
    const char *account_username, *unit_code;
    apr_int64_t created;
    apr_array_header_t *part[5];    /* pserv_trow; [0] unused */
} pserv_ticket;

/* The lists of a ticket and their columns (PSERV_SQL_TICKET_GET):
 * platforms (name, note); attachments (id, filename, content type, size);
 * approvals (stage, decision, actor's name, at, account id); the Activity
 * Log (at, actor, role, action, reason). Times in epoch seconds. */
enum { PSERV_PART_PLATFORMS = 1, PSERV_PART_FILES, PSERV_PART_APPROVALS,
       PSERV_PART_LOG };

#define PSERV_TROW(t, k, i) (&APR_ARRAY_IDX((t)->part[k], i, pserv_trow))

/* The ticket if s may see it (one statement); NULL otherwise, *rv 404
 * (audited as not-visible) or 503. */
pserv_ticket *pserv_ticket_load(request_rec *r, pserv_db *db,
                                const pserv_session *s, apr_int64_t id,
                                int *rv);
/* Whether s may decide on t now, given whether s already decided an
 * earlier stage: PSERV_ACT_OK or the reason not. */
int pserv_ticket_may_act(const pserv_session *s, const pserv_ticket *t,
                         int decided_before);
/* 1 when account decided a stage of t (from the approvals). */
int pserv_ticket_decided_by(const pserv_ticket *t, apr_int64_t account);

/* One decided stage of a ticket, for Progres Persetujuan. */
typedef struct {
    const char *stage;              /* the status decided on: atasan ... */
    const char *decision;           /* approve | reject */
    const char *actor;              /* who decided; NULL: not shown */
    apr_int64_t at;                 /* when (epoch seconds) */
} pserv_step;

/* <progress><stage key label state [actor] [at]/>...</progress> under the
 * page's content: the four stages and Selesai of a ticket at status with
 * these decisions (templates/ticket_parts.xsl shows it). */
void pserv_view_progress(pserv_view *v, const char *status,
                         const pserv_step *steps, int n);

/* ---- the JSON API (handle_api.c) ---- */

/* 1 when r (or the request it is the error page of) is under /api/. */
int pserv_api_request(request_rec *r);
/* {"error":{"status":N,"message":"..."}} with status; returns OK. */
int pserv_api_error(request_rec *r, int status);

/* ---- routing (route.c) ---- */

typedef int (*pserv_handler_fn)(request_rec *r, apr_int64_t id);

int pserv_route(request_rec *r);

/* ---- handlers (handle_*.c) ---- */

int pserv_handle_login_page(request_rec *r, apr_int64_t id);
int pserv_handle_login(request_rec *r, apr_int64_t id);
int pserv_handle_logout(request_rec *r, apr_int64_t id);
int pserv_handle_home(request_rec *r, apr_int64_t id);
int pserv_handle_helpdesk(request_rec *r, apr_int64_t id);
int pserv_handle_requests(request_rec *r, apr_int64_t id);
int pserv_handle_requests_export(request_rec *r, apr_int64_t id);
int pserv_handle_ticket(request_rec *r, apr_int64_t id);
int pserv_handle_decide(request_rec *r, apr_int64_t id);
int pserv_handle_attachment(request_rec *r, apr_int64_t id);
int pserv_handle_request_new(request_rec *r, apr_int64_t id);
int pserv_handle_request_post(request_rec *r, apr_int64_t id);
int pserv_handle_request_submit(request_rec *r, apr_int64_t id);
int pserv_handle_request_lookup(request_rec *r, apr_int64_t id);
int pserv_handle_password_set_page(request_rec *r, apr_int64_t id);
int pserv_handle_password_set(request_rec *r, apr_int64_t id);
int pserv_handle_password_forgot_page(request_rec *r, apr_int64_t id);
int pserv_handle_password_forgot(request_rec *r, apr_int64_t id);
int pserv_handle_resend(request_rec *r, apr_int64_t id);
int pserv_handle_status(request_rec *r, apr_int64_t id);
int pserv_handle_healthz(request_rec *r, apr_int64_t id);
/* the JSON API (handle_api.c) */
int pserv_handle_api_me(request_rec *r, apr_int64_t id);
int pserv_handle_api_requests(request_rec *r, apr_int64_t id);
int pserv_handle_api_request(request_rec *r, apr_int64_t id);
/* the Administrator's pages (handle_admin.c, handle_admin_master.c) */
int pserv_handle_admin_index(request_rec *r, apr_int64_t id);
int pserv_handle_admin_accounts(request_rec *r, apr_int64_t id);
int pserv_handle_admin_account(request_rec *r, apr_int64_t id);
int pserv_handle_admin_roles(request_rec *r, apr_int64_t id);
int pserv_handle_admin_deactivate(request_rec *r, apr_int64_t id);
int pserv_handle_admin_reactivate(request_rec *r, apr_int64_t id);
int pserv_handle_admin_unlock(request_rec *r, apr_int64_t id);
int pserv_handle_admin_link(request_rec *r, apr_int64_t id);
int pserv_handle_admin_units(request_rec *r, apr_int64_t id);
int pserv_handle_admin_employees(request_rec *r, apr_int64_t id);
int pserv_handle_admin_platforms(request_rec *r, apr_int64_t id);
int pserv_handle_admin_import_page(request_rec *r, apr_int64_t id);
int pserv_handle_admin_import(request_rec *r, apr_int64_t id);
/* The administrator's session; NULL after setting *rv (303 to the login
 * page without a session, 403 without the admin role). */
pserv_session *pserv_admin_session(request_rec *r, int *rv);
int pserv_handle_error(request_rec *r, apr_int64_t id);

/* ---- common response headers (route.c) ---- */

void pserv_security_headers(request_rec *r);

#endif
