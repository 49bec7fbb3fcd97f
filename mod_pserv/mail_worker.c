/*
 * mail_worker.c: delivers the outbox (mail_outbox) over SMTP with libcurl,
 * from a mod_watchdog thread.
 *
 * One watchdog, "pserv-mail", in singleton mode: at any moment its
 * callbacks run in one child process only. It has one callback for each
 * server that sets PservMailSMTP itself, run every PservMailInterval
 * seconds. A look at the outbox handles up to PservMailBatch mails, each in
 * its own transaction on a pooled connection (ap_dbd_open: no request):
 *
 *   BEGIN
 *   SELECT ... FROM mail_outbox WHERE status = 'pending'
 *     AND next_attempt_at <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
 *   send it over SMTP
 *   UPDATE the row: 'sent' with sent_at | attempts + 1, last_error and the
 *     next attempt | 'failed'
 *   COMMIT
 *
 * The row stays locked while its mail is sent, so any other worker (a new
 * child after a graceful restart, a second Apache on the same database)
 * skips it: two workers never send one mail. One mail per transaction,
 * rather than a batch under one lock, keeps what a crash can repeat to the
 * one mail in flight.
 *
 * Failure semantics: if the process dies, the database connection drops or
 * COMMIT fails after the SMTP server accepted a mail, the transaction rolls
 * back, the row is still 'pending', and the mail is sent again later. SMTP
 * has no two-phase commit, so this cannot be avoided; the repeat carries
 * the same Message-ID, so mail clients can tell. The reverse never happens:
 * a row becomes 'sent' only after the server accepted its mail, and a row
 * never leaves the outbox unsent without becoming 'failed'.
 *
 * Outcomes: accepted -> 'sent'. A 5xx answer (except to the login) ->
 * 'failed' at once. Anything else (no connection, timeout, TLS, 4xx, login
 * refused) -> retried: the n-th retry waits min(RetryBase * 2^(n-1),
 * RetryMax); 'failed' when attempts reach PservMailMaxAttempts. When the
 * server cannot be reached the look stops at that mail, so the others are
 * not charged an attempt for an outage.
 *
 * Before each look: the reminders (remind.c) and, from 08:00 WIB, the
 * daily digests (digest.c), each claimed in the database first; and, at
 * most once a minute, the retention rules (retain.c).
 *
 * Under PservTestHooks, POST /_test/mail-look (handle_notify.c) runs one
 * look in the request (pserv_mail_look_now), so that a test need not wait
 * for the worker's next one; the worker goes on as it was.
 *
 * Logged: ids, SMTP codes and libcurl's error text. Never bodies, never the
 * password (PservMailSMTP cannot carry credentials, see config.c).
 */
#include "mail.h"
#include "digest.h"

#include "apr_strings.h"
#include "apr_optional.h"
#include "apr_atomic.h"
#include "apr_thread_mutex.h"
#include "ap_mpm.h"
#include "http_core.h"
#include "mod_watchdog.h"
#include "core/mime.h"
#include "msg.h"
#include "metrics.h"
#include "ratelimit.h"
#include "revise.h"
#include "retain.h"

#include <curl/curl.h>

#define PSERV_MAIL_WATCHDOG     "pserv-mail"
#define PSERV_MAIL_CONNECT_SECS 10L
#define PSERV_MAIL_SEND_SECS    60L
#define PSERV_MAIL_ERROR_MAX    300 /* bytes of last_error */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The delivery worker (mail_worker.c) claims one due mail per
 * transaction; the row stays locked while it is sent, so a second
 * worker skips it. The Message-ID part: id and created_at (us). */
PSERV_SQL(
    mail_claim, 0,
    "SELECT id, to_addr, subject, body_text, coalesce(body_html, ''),"
    " attempts, (extract(epoch FROM created_at) * 1000000)::bigint,"
    " coalesce(lang, 'id')"
    " FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now()"
    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
/* id */
PSERV_SQL(mail_sent, 1,
          "UPDATE mail_outbox SET status = 'sent', sent_at = now(),"
          " attempts = attempts + 1 WHERE id = %s::bigint");
/* error, max attempts, retry base (s), retry max (s), id -> status,
 * attempts, seconds until the next attempt. The n-th retry waits
 * min(base * 2^(n-1), max). */
PSERV_SQL(mail_retry, 5,
          "UPDATE mail_outbox SET attempts = attempts + 1, last_error = %s,"
          " status = CASE WHEN attempts + 1 >= %s::int THEN 'failed'"
          "   ELSE 'pending' END,"
          " next_attempt_at = now() + make_interval(secs => least(%s::float8"
          "   * power(2::float8, least(attempts, 60)), %s::float8))"
          " WHERE id = %s::bigint"
          " RETURNING status, attempts,"
          " extract(epoch FROM next_attempt_at - now())::bigint");
/* error, id */
PSERV_SQL(mail_fail, 2,
          "UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1,"
          " last_error = %s WHERE id = %s::bigint");

const pserv_stmt *const pserv_sql_table_mail_worker[] = {
    &pserv_sql_mail_claim,
    &pserv_sql_mail_sent,
    &pserv_sql_mail_retry,
    &pserv_sql_mail_fail,
    NULL,
};

typedef struct pserv_mail_worker {
    server_rec *s;
    pserv_srv_conf conf;            /* defaults applied */
    const char *envelope_from;      /* "<addr>" of PservMailFrom */
    const char *base_url;           /* PservBaseURL, for links in reminders */
    int db_down;                    /* the last look found no database */
    struct pserv_mail_worker *next; /* pserv_mail_workers */
} pserv_mail_worker;

/* The workers of the current configuration, for pserv_mail_look_now. */
static pserv_mail_worker *pserv_mail_workers;

typedef enum {
    PSERV_MAIL_SENT,
    PSERV_MAIL_RETRY,      /* this mail, later */
    PSERV_MAIL_RETRY_STOP, /* and stop: the server is out of reach */
    PSERV_MAIL_FAILED      /* for good */
} pserv_mail_result;

typedef struct {
    const char *data;
    apr_size_t len, pos;
} pserv_mail_reader;

static size_t pserv_mail_read(char *buf, size_t size, size_t n, void *ud)
{
    pserv_mail_reader *rd = ud;
    size_t len = size * n, left = rd->len - rd->pos;

    if (len > left)
        len = left;
    memcpy(buf, rd->data + rd->pos, len);
    rd->pos += len;
    return len;
}

/* One handle per look at the outbox, so its mails share one SMTP session.
 * smtps:// is TLS from the start; over smtp:// a login requires STARTTLS
 * (a password never crosses the network in the clear); smtp:// without a
 * login is plain SMTP, for a relay on this host or network. */
static CURL *pserv_mail_curl(const pserv_mail_worker *w, char *errbuf)
{
    CURL *c = curl_easy_init();
    int tls =
        strncasecmp(w->conf.mail_smtp, "smtps://", 8) == 0 || w->conf.mail_user;

    if (!c)
        return NULL;
    curl_easy_setopt(c, CURLOPT_URL, w->conf.mail_smtp);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS,
                     (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* we are a thread */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, PSERV_MAIL_CONNECT_SECS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, PSERV_MAIL_SEND_SECS);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, w->envelope_from);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, pserv_mail_read);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (w->conf.mail_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, w->conf.mail_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD,
                         w->conf.mail_password ? w->conf.mail_password : "");
    }
    return c;
}

/* Hand msg for to to the SMTP server; *err says why not. */
static pserv_mail_result pserv_mail_send(CURL *c, char *errbuf, const char *to,
                                         const char *msg, apr_pool_t *p,
                                         const char **err)
{
    pserv_mail_reader rd = { msg, strlen(msg), 0 };
    struct curl_slist *rcpt;
    CURLcode rc;
    long code = 0;
    char *e;

    rcpt = curl_slist_append(NULL, apr_pstrcat(p, "<", to, ">", NULL));
    if (!rcpt) {
        *err = "out of memory";
        return PSERV_MAIL_RETRY_STOP;
    }
    errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)rd.len);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(c, CURLOPT_READDATA, NULL);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK)
        return PSERV_MAIL_SENT;

    e = code ? apr_psprintf(p, "%s (SMTP %ld)",
                            *errbuf ? errbuf : curl_easy_strerror(rc), code)
             : apr_pstrdup(p, *errbuf ? errbuf : curl_easy_strerror(rc));
    if (strlen(e) > PSERV_MAIL_ERROR_MAX)
        e[PSERV_MAIL_ERROR_MAX] = '\0';
    *err = e;
    if (rc == CURLE_LOGIN_DENIED || code == 421 || code < 400 || code > 599)
        return PSERV_MAIL_RETRY_STOP;
    return code >= 500 ? PSERV_MAIL_FAILED : PSERV_MAIL_RETRY;
}

static const char *pserv_mail_col(ap_dbd_t *dbd, apr_pool_t *p,
                                  apr_dbd_row_t *row, int col)
{
    const char *v = apr_dbd_get_entry(dbd->driver, row, col);

    return v ? apr_pstrdup(p, v) : NULL;
}

static const char *pserv_mail_secs(apr_pool_t *p, apr_interval_time_t t)
{
    return apr_psprintf(p, "%" APR_TIME_T_FMT, apr_time_sec(t));
}

/* Record what happened to mail id (inside its transaction). 0 or an
 * error. */
static int pserv_mail_record(pserv_mail_worker *w, ap_dbd_t *dbd, apr_pool_t *p,
                             const char *id, pserv_mail_result out,
                             const char *err)
{
    server_rec *s = w->s;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    int rv;

    if (out == PSERV_MAIL_SENT) {
        rv = pserv_db_query_on(dbd, p, s, mail_sent, NULL, id);
        if (!rv)
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                         "pserv[MAIL05]: mail %s sent", id);
        return rv;
    }
    if (out == PSERV_MAIL_FAILED) {
        rv = pserv_db_query_on(dbd, p, s, mail_fail, NULL, err, id);
        if (!rv)
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[MAIL07]: mail %s failed for good: %s", id, err);
        return rv;
    }
    rv = pserv_db_select_on(dbd, p, s, mail_retry, &res, err,
                            apr_itoa(p, w->conf.mail_max_attempts),
                            pserv_mail_secs(p, w->conf.mail_retry_base),
                            pserv_mail_secs(p, w->conf.mail_retry_max), id);
    if (rv)
        return rv;
    if (apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0)
        return APR_EGENERAL;
    {
        const char *status = pserv_mail_col(dbd, p, row, 0);
        const char *attempts = pserv_mail_col(dbd, p, row, 1);
        const char *wait = pserv_mail_col(dbd, p, row, 2);

        if (status && strcmp(status, "failed") == 0)
            ap_log_error(
                APLOG_MARK, APLOG_ERR, 0, s,
                "pserv[MAIL10]: mail %s failed for good after %s attempts: %s",
                id, attempts, err);
        else
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "pserv[MAIL06]: mail %s not sent (attempt %s), next "
                         "try in %s s: %s",
                         id, attempts, wait, err);
    }
    return 0;
}

/* Claim one due mail, send it and record the outcome, in one
 * transaction. 1 to go on with the next mail; 0 to end this look (nothing
 * due, or the server or the database is out of reach). */
static int pserv_mail_one(pserv_mail_worker *w, ap_dbd_t *dbd, CURL **curl,
                          char *errbuf, apr_pool_t *p)
{
    server_rec *s = w->s;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    pserv_mail_result out = PSERV_MAIL_RETRY_STOP;
    pserv_mime_msg m;
    const char *id = NULL, *msg, *err = NULL;
    int rv, failed = 0, more = 1;

    rv = pserv_db_exec(dbd, "BEGIN");
    if (rv) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[MAIL04]: cannot begin a transaction: %s",
                     apr_dbd_error(dbd->driver, dbd->handle, rv));
        return 0;
    }
    if (pserv_db_select_on(dbd, p, s, mail_claim, &res) != 0) {
        failed = 1;
        goto end;
    }
    if (apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0) {
        more = 0; /* nothing due */
        goto end;
    }
    memset(&m, 0, sizeof m);
    id = pserv_mail_col(dbd, p, row, 0);
    m.to = pserv_mail_col(dbd, p, row, 1);
    m.subject = pserv_mail_col(dbd, p, row, 2);
    m.text = pserv_mail_col(dbd, p, row, 3);
    m.html = pserv_mail_col(dbd, p, row, 4); /* '' for NULL: no HTML given */
    if (m.html && !*m.html)
        m.html = NULL;
    m.from = w->conf.mail_from;
    m.link_base = w->base_url; /* links only to our own pages */
    /* the HTML part in the reader's language, as the text (migration 021) */
    m.lang = pserv_lang_index(pserv_mail_col(dbd, p, row, 7)) >= 0
                 ? pserv_mail_col(dbd, p, row, 7)
                 : pserv_lang_codes[0];
    m.footer = pserv_msg(pserv_lang_index(m.lang), "mail.footer");
    m.date = apr_time_now();
    /* The same on every attempt: a repeated mail is recognisable. */
    m.id =
        apr_pstrcat(p, "pserv.", id, ".", pserv_mail_col(dbd, p, row, 6), NULL);

    if (!(msg = pserv_mime_build(p, &m))) {
        out = PSERV_MAIL_FAILED;
        err = "the message cannot be built: malformed address or header";
    }
    else if (!*curl && !(*curl = pserv_mail_curl(w, errbuf))) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "pserv[MAIL09]: cannot create a libcurl handle");
        failed = 1;
        goto end;
    }
    else
        out = pserv_mail_send(*curl, errbuf, m.to, msg, p, &err);
    if (out == PSERV_MAIL_RETRY_STOP)
        more = 0;
    if (pserv_mail_record(w, dbd, p, id, out, err) != 0)
        failed = 1;

end:
    rv = pserv_db_exec(dbd, failed ? "ROLLBACK" : "COMMIT");
    if (rv || failed) {
        if (id && out == PSERV_MAIL_SENT)
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[MAIL08]: mail %s was sent but could not be "
                         "marked sent; it "
                         "will be sent again",
                         id);
        else
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "pserv[MAIL11]: outbox transaction rolled back%s%s",
                         id ? " for mail " : "", id ? id : "");
        more = 0;
    }
    return more;
}

/* The child's exit and the worker's look. mod_watchdog's thread lives in
 * the process pool and is stopped only after the child's pool, mod_dbd's
 * connections with it, is destroyed: a look still holding a connection
 * then would abort the child (apr_reslist's "rl->ntotal == 0"). So the
 * child's pool, before it goes, stops the worker's statements and waits
 * for the look in progress (pserv_mail_child_exit); no look starts after.
 * The lock lives in the process pool, as the thread does. */
static apr_thread_mutex_t *pserv_mail_look_lock;
static volatile apr_uint32_t pserv_mail_stopping;

static apr_status_t pserv_mail_child_exit(void *data)
{
    (void)data;
    apr_atomic_set32(&pserv_mail_stopping, 1);
    pserv_db_on_stop();
    if (pserv_mail_look_lock) {
        apr_thread_mutex_lock(pserv_mail_look_lock);
        apr_thread_mutex_unlock(pserv_mail_look_lock);
    }
    return APR_SUCCESS;
}

static void pserv_mail_child_init(apr_pool_t *pchild, server_rec *s)
{
    if (apr_thread_mutex_create(&pserv_mail_look_lock, APR_THREAD_MUTEX_DEFAULT,
                                s->process->pool)
        != APR_SUCCESS)
        pserv_mail_look_lock = NULL;
    apr_pool_pre_cleanup_register(pchild, NULL, pserv_mail_child_exit);
}

void pserv_mail_worker_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_child_init(pserv_mail_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}

/* 1 while this child is not shutting down (a restart waits for us). */
static int pserv_mail_running(void)
{
    int state = AP_MPMQ_RUNNING;

    if (apr_atomic_read32(&pserv_mail_stopping))
        return 0;
    return ap_mpm_query(AP_MPMQ_MPM_STATE, &state) != APR_SUCCESS
           || state != AP_MPMQ_STOPPING;
}

/* One look at the outbox. */
static void pserv_mail_look(pserv_mail_worker *w, apr_pool_t *pool)
{
    ap_dbd_t *dbd = pserv_db_open(pool, w->s);
    char errbuf[CURL_ERROR_SIZE];
    CURL *curl = NULL;
    int i, more = 1;

    if (!dbd) {
        if (!w->db_down)
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, w->s,
                         "pserv[MAIL12]: no database connection; mail waits in "
                         "the outbox");
        w->db_down = 1;
        return;
    }
    if (w->db_down)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, w->s,
                     "pserv[MAIL13]: database reachable again; delivering");
    w->db_down = 0;
    if (pserv_mail_running()) {
        pserv_rate_sweep_on(dbd, pool, w->s);
        pserv_stuck_sweep(dbd, pool, w->s, w->base_url);
        pserv_remind_sweep(dbd, pool, w->s, &w->conf, w->base_url);
        pserv_digest_sweep(dbd, pool, w->s, "now", w->base_url);
        pserv_revision_sweep(dbd, pool, w->s, &w->conf, w->base_url);
        pserv_retain_sweep(dbd, pool, w->s, &w->conf);
    }
    for (i = 0; i < w->conf.mail_batch && more && pserv_mail_running(); i++) {
        apr_pool_t *p;
        apr_pool_create(&p, pool);
        more = pserv_mail_one(w, dbd, &curl, errbuf, p);
        apr_pool_destroy(p);
    }
    if (curl)
        curl_easy_cleanup(curl);
    ap_dbd_close(w->s, dbd);
}

static apr_status_t pserv_mail_callback(int state, void *data, apr_pool_t *pool)
{
    pserv_mail_worker *w = data;

    if (state == AP_WATCHDOG_STATE_STARTING)
        ap_log_error(
            APLOG_MARK, APLOG_INFO, 0, w->s,
            "pserv[MAIL01]: mail worker delivering to %s every %" APR_TIME_T_FMT
            " s",
            w->conf.mail_smtp, apr_time_sec(w->conf.mail_interval));
    else if (state == AP_WATCHDOG_STATE_RUNNING
             && !apr_atomic_read32(&pserv_mail_stopping)) {
        if (pserv_mail_look_lock)
            apr_thread_mutex_lock(pserv_mail_look_lock);
        if (!apr_atomic_read32(&pserv_mail_stopping)) {
            pserv_mail_look(w, pool);
            pserv_metrics_mail_ran(w->db_down);
        }
        if (pserv_mail_look_lock)
            apr_thread_mutex_unlock(pserv_mail_look_lock);
    }
    /* Anything but success and mod_watchdog never calls us again. */
    return APR_SUCCESS;
}

int pserv_mail_look_now(request_rec *r)
{
    const void *conf =
        ap_get_module_config(r->server->module_config, &pserv_module);
    pserv_mail_worker *w, look;

    for (w = pserv_mail_workers; w; w = w->next)
        if (ap_get_module_config(w->s->module_config, &pserv_module) == conf)
            break;
    if (!w)
        return -1;
    look = *w; /* the watchdog's thread may be looking with *w */
    look.next = NULL;
    pserv_mail_look(&look, r->pool);
    return look.db_down ? -1 : 0;
}

int pserv_mail_worker_init(apr_pool_t *pconf, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) * get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) * register_callback;
    static int curl_ready;
    ap_watchdog_t *wd = NULL;
    server_rec *sp;
    int workers = 0;
    apr_status_t rv;

    /* mod_watchdog also waits for the real configuration pass. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    pserv_mail_workers = NULL; /* those of an earlier configuration */
    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);

    for (sp = s; sp; sp = sp->next) {
        pserv_mime_address *from;
        pserv_mail_worker *w;
        pserv_srv_conf c;

        /* A virtual host without server directives of ours shares the
         * main server's configuration, mail_smtp_here included. */
        if (sp != s
            && ap_get_module_config(sp->module_config, &pserv_module)
                   == ap_get_module_config(s->module_config, &pserv_module))
            continue;
        pserv_srv_conf_get(sp, &c);
        if (!c.mail_smtp || !c.mail_smtp_here)
            continue;
        if (!get_instance || !register_callback) {
            ap_log_error(
                APLOG_MARK, APLOG_CRIT, 0, sp,
                "pserv[MAIL03]: PservMailSMTP needs mod_watchdog, which is not "
                "loaded");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (!curl_ready) {
            if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, 0, sp,
                             "pserv[MAIL14]: libcurl cannot be initialised");
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            curl_ready = 1;
        }
        if (!wd
            && (rv = get_instance(&wd, PSERV_MAIL_WATCHDOG, 0, 1, pconf))
                   != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, sp,
                         "pserv[MAIL15]: cannot create the "
                         "watchdog " PSERV_MAIL_WATCHDOG);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (!(from = pserv_mime_parse_address(pconf, c.mail_from))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, sp,
                         "pserv[MAIL16]: PservMailFrom is not an address");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        w = apr_pcalloc(pconf, sizeof *w);
        w->s = sp;
        w->conf = c;
        w->envelope_from = apr_pstrcat(pconf, "<", from->addr, ">", NULL);
        w->base_url = ((const pserv_dir_conf *)ap_get_module_config(
                           sp->lookup_defaults, &pserv_module))
                          ->base_url;
        rv = register_callback(wd, c.mail_interval, w, pserv_mail_callback);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, sp,
                         "pserv[MAIL17]: cannot register the mail worker");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        w->next = pserv_mail_workers;
        pserv_mail_workers = w;
        workers++;
    }
    /* In the main error log, and in that of each virtual host that
     * configures P-Serv itself (its own Pserv* directives, e.g. with
     * conf/pserv.conf included there) and logs elsewhere. */
    for (sp = s; sp && !workers; sp = sp->next)
        if (sp == s
            || (sp->error_log != s->error_log
                && ap_get_module_config(sp->lookup_defaults, &pserv_module)
                       != ap_get_module_config(s->lookup_defaults,
                                               &pserv_module)))
            ap_log_error(
                APLOG_MARK, APLOG_WARNING, 0, sp,
                "pserv[MAIL02]: PservMailSMTP is not set: mail is queued in "
                "mail_outbox but not sent");
    return OK;
}
