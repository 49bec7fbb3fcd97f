/*
 * pagecache.c: PservPageCache, the list and ticket pages as rendered,
 * kept in a mod_socache provider (shmcb on one node; memcache or redis
 * across nodes).
 *
 * The key is (account, data version, language, request clock's minute,
 * server name and port, the full URI with its query): nothing built for
 * one account is served to another. The data version is the page's scope
 * (migration 022): a list's is every ticket's and the people's, a ticket
 * page's is its own ticket's and the people's, so a decision on one ticket
 * leaves the other tickets' pages kept. The page is kept without its session: the session's CSRF token
 * (the one thing of a session a page holds; the user menu is the
 * account's) is replaced by a placeholder before it is stored and the
 * requesting session's token put in at send time. The data versions
 * are bumped in the transaction of every change a list or ticket page can
 * show and read in the session's own statement, so a
 * change is seen on the next request of anyone and a hit costs no extra
 * statement. The minute stands for the clock: what waits how long, the
 * dates a delegation runs. Nothing expires by time; an old key is simply
 * never asked for again and its room is reused (the entries are given a
 * lifetime only so that the provider may drop them).
 *
 * The ETag is the SHA-256 of the key and the session (the browser's copy
 * holds its token): an If-None-Match naming it is answered 304 without
 * building anything, cached or not.
 *
 * The login page, the same for every visitor but the CSRF token, is kept
 * apart: in each process's memory, with the cache on or off (at the end).
 */
#include "pagecache.h"
#include "i18n.h"

#include "apr_strings.h"
#include "ap_provider.h"
#include "ap_socache.h"
#include "util_mutex.h"
#include "http_core.h"
#include "http_protocol.h"

#include <stdlib.h>

#define PSERV_PAGECACHE_MUTEX "pserv-pagecache"
#define PSERV_PAGECACHE_MAX   (256 * 1024) /* a larger page is not kept */
#define PSERV_PAGECACHE_LIFE  apr_time_from_sec(3600)

typedef struct {
    const ap_socache_provider_t *provider;
    ap_socache_instance_t *inst;
} pserv_pagecache;

/* server_rec -> its cache (NULL: off), made at post_config in the parent */
static apr_hash_t *pserv_pagecaches;
static apr_global_mutex_t *pserv_pagecache_mutex;
static int pserv_pagecache_locked; /* some cache needs the mutex */

static pserv_pagecache *pserv_pagecache_of(server_rec *s)
{
    return pserv_pagecaches ? apr_hash_get(pserv_pagecaches, &s, sizeof s)
                            : NULL;
}

static int pserv_pagecache_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                                      apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    pserv_pagecaches = NULL;
    pserv_pagecache_mutex = NULL;
    pserv_pagecache_locked = 0;
    return ap_mutex_register(pconf, PSERV_PAGECACHE_MUTEX, NULL,
                             APR_LOCK_DEFAULT, 0);
}

static apr_status_t pserv_pagecache_destroy(void *data)
{
    pserv_pagecache *c = data;

    c->provider->destroy(c->inst, NULL);
    return APR_SUCCESS;
}

static int pserv_pagecache_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                                       apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *made = apr_hash_make(ptemp); /* spec -> cache */
    server_rec *v;

    (void)plog;
    pserv_pagecaches = apr_hash_make(pconf);
    for (v = s; v; v = v->next) {
        pserv_srv_conf c;
        pserv_pagecache *pc;
        const char *name, *args, *err;
        struct ap_socache_hints hints = { 64, PSERV_PAGECACHE_MAX / 4,
                                          PSERV_PAGECACHE_LIFE };

        pserv_srv_conf_get(v, &c);
        if (!c.page_cache || !*c.page_cache)
            continue;
        if (!(pc = apr_hash_get(made, c.page_cache, APR_HASH_KEY_STRING))) {
            pc = apr_pcalloc(pconf, sizeof *pc);
            args = strchr(c.page_cache, ':');
            name =
                args ? apr_pstrmemdup(ptemp, c.page_cache, args - c.page_cache)
                     : c.page_cache;
            args = args ? args + 1 : NULL;
            pc->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                                              AP_SOCACHE_PROVIDER_VERSION);
            if (!pc->provider) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, 0, v,
                             "pserv[PGC01]: PservPageCache: no socache "
                             "provider %s (LoadModule socache_%s_module)",
                             name, name);
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            err = pc->provider->create(&pc->inst, args, ptemp, pconf);
            if (err) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, 0, v,
                             "pserv[PGC02]: PservPageCache %s: %s",
                             c.page_cache, err);
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            if (pc->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE)
                pserv_pagecache_locked = 1;
            if (pc->provider->init(pc->inst, "pserv-pagecache", &hints, v,
                                   pconf)
                != APR_SUCCESS) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, 0, v,
                             "pserv[PGC03]: PservPageCache %s could not "
                             "start",
                             c.page_cache);
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            apr_pool_cleanup_register(pconf, pc, pserv_pagecache_destroy,
                                      apr_pool_cleanup_null);
            apr_hash_set(made, c.page_cache, APR_HASH_KEY_STRING, pc);
        }
        {
            server_rec **k = apr_palloc(pconf, sizeof *k);
            *k = v;
            apr_hash_set(pserv_pagecaches, k, sizeof *k, pc);
        }
    }
    if (pserv_pagecache_locked
        && ap_global_mutex_create(&pserv_pagecache_mutex, NULL,
                                  PSERV_PAGECACHE_MUTEX, NULL, s, pconf, 0)
               != APR_SUCCESS)
        return HTTP_INTERNAL_SERVER_ERROR;
    return OK;
}

static apr_status_t pserv_pagecache_login_free(void *data);
static apr_thread_mutex_t *pserv_login_mutex;

static void pserv_pagecache_child_init(apr_pool_t *p, server_rec *s)
{
    const char *f;

    /* the login pages this process keeps (below) */
    if (apr_thread_mutex_create(&pserv_login_mutex, APR_THREAD_MUTEX_DEFAULT, p)
        == APR_SUCCESS)
        apr_pool_cleanup_register(p, NULL, pserv_pagecache_login_free,
                                  apr_pool_cleanup_null);
    else
        pserv_login_mutex = NULL;
    if (!pserv_pagecache_mutex)
        return;
    f = apr_global_mutex_lockfile(pserv_pagecache_mutex);
    if (apr_global_mutex_child_init(&pserv_pagecache_mutex, f, p)
        != APR_SUCCESS)
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "pserv[PGC04]: the page cache's mutex failed in a "
                     "child");
}

void pserv_pagecache_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(pserv_pagecache_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(pserv_pagecache_post_config, NULL, NULL,
                        APR_HOOK_MIDDLE);
    ap_hook_child_init(pserv_pagecache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}

static void pserv_pagecache_lock(const pserv_pagecache *c)
{
    if (pserv_pagecache_mutex
        && (c->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE))
        apr_global_mutex_lock(pserv_pagecache_mutex);
}

static void pserv_pagecache_unlock(const pserv_pagecache *c)
{
    if (pserv_pagecache_mutex
        && (c->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE))
        apr_global_mutex_unlock(pserv_pagecache_mutex);
}

/* the login page being built for this process's cache (below): its key
 * and the token it is built with */
#define PSERV_LOGIN_KEY      "pserv-pagecache-login"
#define PSERV_LOGIN_SENTINEL "pserv-pagecache-login-token"
/* r's note: the token a list or ticket page missed in the cache is built
 * with (pserv_pagecache_csrf), made for that build and known to nobody */
#define PSERV_PAGECACHE_OWN "pserv-pagecache-own-token"

/* the key noted on r by pserv_pagecache_serve, and its ETag */
#define PSERV_PAGECACHE_NOTE "pserv-pagecache-key"
#define PSERV_PAGECACHE_ETAG "pserv-pagecache-etag"
/* PservTestHooks On: whether the page came from the cache (t/perf) */
#define PSERV_PAGECACHE_TEST_HEADER "X-Pserv-Test-Page-Cache"

/* PservTestHooks On: the statements a 304 or a hit cost (t/admin/access.t:
 * one, the session's; two when its access record fills a batch,
 * t/admin/access_batch.t) */
#define PSERV_PAGECACHE_TEST_DB "X-Pserv-Test-Db-Statements"

static void pserv_pagecache_said(request_rec *r, const char *what)
{
    /* %{pserv-pagecache}n in a LogFormat: make bench's hit rate */
    apr_table_setn(r->notes, "pserv-pagecache", what);
    if (pserv_conf_test_hooks(pserv_conf(r))) {
        apr_table_setn(r->headers_out, PSERV_PAGECACHE_TEST_HEADER, what);
        apr_table_setn(r->headers_out, PSERV_PAGECACHE_TEST_DB,
                       apr_itoa(r->pool, (int)pserv_req_get(r)->db_calls));
    }
}

static void pserv_pagecache_headers(request_rec *r)
{
    ap_set_content_type(r, "text/html; charset=UTF-8");
    apr_table_mergen(r->headers_out, "Vary", "Accept-Language, Cookie");
}

/* What stands for the session's CSRF token in a kept page: markup that no
 * data can put in a page (the HTML writer escapes every '<' of data). */
#define PSERV_PAGECACHE_CSRF "<pserv:csrf/>"

/* buf[0..len) with every from replaced by to, NUL-terminated, in p. */
static char *pserv_pagecache_swap(apr_pool_t *p, const char *buf,
                                  apr_size_t len, const char *from,
                                  const char *to, apr_size_t *out_len)
{
    apr_size_t fl = strlen(from), tl = strlen(to), n = 0, i = 0, o = 0;
    const char *at, *end = buf + len;
    char *out;

    for (at = buf; fl && (at = memmem(at, end - at, from, fl)); at += fl)
        n++;
    out = apr_palloc(p, len + n * tl + 1);
    while (i < len) {
        const char *hit = fl ? memmem(buf + i, len - i, from, fl) : NULL;
        apr_size_t k = hit ? (apr_size_t)(hit - (buf + i)) : len - i;

        memcpy(out + o, buf + i, k);
        o += k;
        i += k;
        if (hit) {
            memcpy(out + o, to, tl);
            o += tl;
            i += fl;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static int pserv_pagecache_serve(request_rec *r, const pserv_session *s,
                                 char scope, const char *version)
{
    pserv_pagecache *c = pserv_pagecache_of(r->server);
    const char *key, *etag, *inm;
    apr_time_exp_t now;
    unsigned char *buf;
    char *page;
    unsigned int len = PSERV_PAGECACHE_MAX;
    apr_size_t page_len;
    apr_status_t rv;

    if (!c || !s || !version || !s->token_hash || !s->csrf
        || r->method_number != M_GET || r->prev)
        return DECLINED;
    apr_time_exp_gmt(&now, pserv_now(r));
    /* the account's page; the session's token goes in at send time */
    key = pserv_token_hash(
        r->pool, apr_psprintf(r->pool,
                              "%c%s|%" APR_INT64_T_FMT
                              "|%d|%04d%02d%02d%02d%02d|%s:%u|%s",
                              scope, version, s->account_id, pserv_lang(r),
                              now.tm_year + 1900, now.tm_mon + 1, now.tm_mday,
                              now.tm_hour, now.tm_min, ap_get_server_name(r),
                              ap_get_server_port(r), r->unparsed_uri));
    /* the browser's copy holds the session's token: its ETag is the
     * session's */
    etag =
        apr_pstrcat(r->pool, "\"",
                    pserv_token_hash(r->pool, apr_pstrcat(r->pool, key, "|",
                                                          s->token_hash, NULL)),
                    "\"", NULL);
    apr_table_setn(r->notes, PSERV_PAGECACHE_NOTE, key);
    apr_table_setn(r->notes, PSERV_PAGECACHE_ETAG, etag);
    if ((inm = apr_table_get(r->headers_in, "If-None-Match"))
        && ap_find_etag_strong(r->pool, inm, etag)) {
        apr_table_setn(r->headers_out, "ETag", etag);
        pserv_pagecache_said(r, "304");
        return HTTP_NOT_MODIFIED;
    }
    /* The provider wants room for the largest page; most are a tenth of
     * that. Taken from the request's pool, the room would stay with the
     * connection (its allocator keeps up to MaxMemFree), 256 KiB for each
     * connection ever open at once; from malloc it goes back at once. */
    if (!(buf = malloc(len)))
        return DECLINED;
    pserv_pagecache_lock(c);
    rv = c->provider->retrieve(c->inst, r->server, (const unsigned char *)key,
                               (unsigned int)strlen(key), buf, &len, r->pool);
    pserv_pagecache_unlock(c);
    if (rv != APR_SUCCESS) {
        free(buf);
        pserv_pagecache_said(r, "miss");
        /* built with a token of its own, so that the placeholder goes
         * exactly where the page's forms carry the token, whatever else
         * it shows (the session's token typed into a search, say) */
        apr_table_setn(r->notes, PSERV_PAGECACHE_OWN, pserv_token_new(r->pool));
        return DECLINED;
    }
    apr_table_unset(r->notes, PSERV_PAGECACHE_NOTE); /* nothing to store */
    page = pserv_pagecache_swap(r->pool, (const char *)buf, len,
                                PSERV_PAGECACHE_CSRF, s->csrf, &page_len);
    free(buf);
    pserv_pagecache_said(r, "hit");
    apr_table_setn(r->headers_out, "ETag", etag);
    pserv_pagecache_headers(r);
    ap_set_content_length(r, page_len);
    if (!r->header_only)
        ap_rwrite(page, (int)page_len, r);
    return OK;
}

int pserv_pagecache_serve_list(request_rec *r, const pserv_session *s)
{
    return pserv_pagecache_serve(r, s, 'L', s ? s->list_version : NULL);
}

int pserv_pagecache_serve_ticket(request_rec *r, const pserv_session *s,
                                 apr_int64_t id)
{
    return pserv_pagecache_serve(
        r, s, 'T', s && s->ticket_version_of == id ? s->ticket_version : NULL);
}

static void pserv_pagecache_store_login(request_rec *r, apr_bucket_brigade *bb,
                                        const char *sentinel);

void pserv_pagecache_store(request_rec *r, apr_bucket_brigade *bb)
{
    pserv_pagecache *c = pserv_pagecache_of(r->server);
    const char *key = apr_table_get(r->notes, PSERV_PAGECACHE_NOTE);
    const char *etag = apr_table_get(r->notes, PSERV_PAGECACHE_ETAG);
    const char *sentinel = apr_table_get(r->notes, PSERV_LOGIN_SENTINEL);
    const char *own = apr_table_get(r->notes, PSERV_PAGECACHE_OWN);
    pserv_session *s = NULL;
    char *buf, *out, *page;
    apr_size_t len, out_len, page_len;
    apr_off_t full = 0;
    int keep;

    if (sentinel) {
        pserv_pagecache_store_login(r, bb, sentinel);
        return;
    }
    if (!own) /* not a page the cache missed */
        return;
    apr_table_unset(r->notes, PSERV_PAGECACHE_NOTE);
    apr_table_unset(r->notes, PSERV_PAGECACHE_OWN);
    s = pserv_session_load(r);
    /* the page as built, its own token given the session's for sending */
    apr_brigade_length(bb, 1, &full);
    len = (apr_size_t)full;
    buf = apr_palloc(r->pool, len + 1);
    if (apr_brigade_flatten(bb, buf, &len) != APR_SUCCESS)
        return;
    out = pserv_pagecache_swap(r->pool, buf, len, own,
                               s && s->csrf ? s->csrf : "", &out_len);
    apr_brigade_cleanup(bb);
    APR_BRIGADE_INSERT_TAIL(
        bb, apr_bucket_pool_create(out, out_len, r->pool, bb->bucket_alloc));
    keep = c && key && etag && r->status == HTTP_OK && s && s->csrf
           && strlen(s->csrf) >= 32;
    if (keep)
        apr_table_setn(r->headers_out, "ETag", etag);
    /* the response's own Set-Cookie would not come with a hit: keep none;
     * nor a page that already holds the placeholder, nor one holding the
     * session's token from elsewhere than its URI (only the forms carry
     * it, as the page's own: anything else would be the session's) */
    if (!keep || apr_table_get(r->headers_out, "Set-Cookie")
        || apr_table_get(r->err_headers_out, "Set-Cookie")
        || len >= PSERV_PAGECACHE_MAX
        || memmem(buf, len, PSERV_PAGECACHE_CSRF,
                  sizeof PSERV_PAGECACHE_CSRF - 1)
        || (memmem(buf, len, s->csrf, strlen(s->csrf))
            && !strstr(r->unparsed_uri, s->csrf)))
        return;
    /* nothing of the session is kept: the page's token becomes the
     * placeholder */
    page = pserv_pagecache_swap(r->pool, buf, len, own, PSERV_PAGECACHE_CSRF,
                                &page_len);
    pserv_pagecache_lock(c);
    c->provider->store(c->inst, r->server, (const unsigned char *)key,
                       (unsigned int)strlen(key),
                       apr_time_now() + PSERV_PAGECACHE_LIFE,
                       (unsigned char *)page, (unsigned int)page_len, r->pool);
    pserv_pagecache_unlock(c);
}

/* ---- the login page, kept in each process -------------------------------
 *
 * GET / and GET /login without a session (auth.c) hold nothing of anybody
 * but the double-submit CSRF token of the visitor's pserv_csrf cookie
 * (made, with its Set-Cookie, when the browser has none). Everything else
 * on the page comes from what the key holds: the language, the year of
 * the footer, the server, the templates (the stylesheet and catalogue),
 * PservSSOLogin (per directory, maybe per <If>) and the exact URI with its
 * query (next=, logout=1: the notice, the hidden field, the SSO link's
 * next). A message after a failed POST, the username typed, the MFA step
 * are other requests (POST /login, /login/mfa) and never kept.
 *
 * The page is built once with a token of its own, made for it and known
 * to nobody (so that no input, not even a next= naming a token, can hold
 * it); that token becomes PSERV_PAGECACHE_CSRF in the kept page and each
 * visitor's own goes in at send time, as for the list. Only a visitor
 * token the HTML writer writes as it is (43 base64url characters, what
 * pserv_token_new makes) is put in that way; a browser sending any other
 * pserv_csrf value gets the page built as today.
 *
 * Kept in each process's memory, not in PservPageCache's socache: the page
 * is the same for everybody, so there is nothing to share between nodes or
 * to invalidate (the templates and configuration are fixed for a child's
 * life), it is there with the cache off (the login page is what visitors
 * without a session ask for), and a hit takes no global mutex. Bounded:
 * PSERV_LOGIN_SETS x PSERV_LOGIN_WAYS pages a process, each at most
 * PSERV_LOGIN_PAGE_MAX bytes with a key of at most PSERV_LOGIN_KEY_MAX,
 * the least recently used of a set given up for a new one; a flood of
 * made-up next= values only evicts (each such request costs a transform, as
 * without this cache, and a copy). */
#define PSERV_LOGIN_SETS     16
#define PSERV_LOGIN_WAYS     4
#define PSERV_LOGIN_PAGE_MAX (16 * 1024)
#define PSERV_LOGIN_KEY_MAX  2048

typedef struct {
    char *key; /* malloc'd, the page after it; NULL: empty */
    apr_size_t key_len;
    const char *page;
    apr_size_t len;
    apr_uint64_t used; /* pserv_login_clock at its last hit */
} pserv_login_slot;

static pserv_login_slot pserv_login_slots[PSERV_LOGIN_SETS][PSERV_LOGIN_WAYS];
static apr_uint64_t pserv_login_clock;

static apr_status_t pserv_pagecache_login_free(void *data)
{
    int i, j;

    (void)data;
    /* the child's end: its threads are done; the mutex goes after this */
    apr_thread_mutex_lock(pserv_login_mutex);
    for (i = 0; i < PSERV_LOGIN_SETS; i++)
        for (j = 0; j < PSERV_LOGIN_WAYS; j++) {
            free(pserv_login_slots[i][j].key);
            pserv_login_slots[i][j].key = NULL;
        }
    apr_thread_mutex_unlock(pserv_login_mutex);
    pserv_login_mutex = NULL;
    return APR_SUCCESS;
}

static pserv_login_slot *pserv_login_set(const char *key, apr_size_t len)
{
    apr_ssize_t klen = (apr_ssize_t)len;

    return pserv_login_slots[apr_hashfunc_default(key, &klen)
                             % PSERV_LOGIN_SETS];
}

int pserv_pagecache_serve_login(request_rec *r)
{
    const pserv_dir_conf *c = pserv_conf(r);
    const char *token, *key, *off;
    pserv_login_slot *set;
    apr_time_exp_t now;
    apr_size_t key_len, page_len = 0;
    char *page = NULL;
    int i;

    if (!pserv_login_mutex || r->method_number != M_GET || r->prev || r->main)
        return DECLINED;
    /* PservTestHooks On: "off" builds the page as without this cache */
    if (pserv_conf_test_hooks(c)
        && (off = apr_table_get(r->headers_in, PSERV_PAGECACHE_TEST_HEADER))
        && strcmp(off, "off") == 0)
        return DECLINED;
    /* the visitor's token, read or made now with its Set-Cookie, as
     * pserv_view_new would */
    token = pserv_csrf_token(r);
    if (!pserv_token_valid(token))
        return DECLINED;
    /* the year of the footer: pserv_view_new's, the real clock's */
    apr_time_exp_gmt(&now, r->request_time);
    key = apr_psprintf(
        r->pool,
        "login|%pp|%d|%d|%" APR_SIZE_T_FMT ":%s|%" APR_SIZE_T_FMT ":%s|%s",
        (void *)r->server, pserv_lang(r), now.tm_year, strlen(c->templates),
        c->templates, strlen(c->sso_login), c->sso_login, r->unparsed_uri);
    key_len = strlen(key);
    if (key_len > PSERV_LOGIN_KEY_MAX)
        return DECLINED;
    set = pserv_login_set(key, key_len);
    apr_thread_mutex_lock(pserv_login_mutex);
    for (i = 0; i < PSERV_LOGIN_WAYS; i++)
        if (set[i].key && set[i].key_len == key_len
            && memcmp(set[i].key, key, key_len) == 0) {
            set[i].used = ++pserv_login_clock;
            page = pserv_pagecache_swap(r->pool, set[i].page, set[i].len,
                                        PSERV_PAGECACHE_CSRF, token, &page_len);
            break;
        }
    apr_thread_mutex_unlock(pserv_login_mutex);
    if (!page) {
        /* built with a token of its own, kept by pserv_pagecache_store */
        const char *own = pserv_token_new(r->pool);
        if (!own)
            return DECLINED;
        apr_table_setn(r->notes, PSERV_LOGIN_KEY, key);
        apr_table_setn(r->notes, PSERV_LOGIN_SENTINEL, own);
        pserv_pagecache_said(r, "miss");
        return DECLINED;
    }
    pserv_pagecache_said(r, "hit");
    pserv_pagecache_headers(r);
    ap_set_content_length(r, page_len);
    if (!r->header_only)
        ap_rwrite(page, (int)page_len, r);
    return OK;
}

const char *pserv_pagecache_csrf(request_rec *r)
{
    const char *token = pserv_csrf_token(r);
    const char *own = apr_table_get(r->notes, PSERV_LOGIN_SENTINEL);

    if (!own)
        own = apr_table_get(r->notes, PSERV_PAGECACHE_OWN);
    return own ? own : token;
}

/* The login page built with its own token: kept under the key with the
 * placeholder for it, and sent (bb) with the visitor's token instead. */
static void pserv_pagecache_store_login(request_rec *r, apr_bucket_brigade *bb,
                                        const char *own)
{
    const char *key = apr_table_get(r->notes, PSERV_LOGIN_KEY);
    const char *token = pserv_csrf_token(r);
    apr_size_t len = PSERV_LOGIN_PAGE_MAX, out_len, kept_len, key_len;
    apr_off_t full = 0;
    char *buf, *out, *kept;
    pserv_login_slot *set, *slot;
    int i;

    apr_table_unset(r->notes, PSERV_LOGIN_KEY);
    apr_table_unset(r->notes, PSERV_LOGIN_SENTINEL);
    apr_brigade_length(bb, 1, &full);
    buf = apr_palloc(r->pool, (apr_size_t)full + 1);
    len = (apr_size_t)full;
    if (apr_brigade_flatten(bb, buf, &len) != APR_SUCCESS)
        len = 0;
    /* what the visitor gets, in any case: the page with their token */
    out = pserv_pagecache_swap(r->pool, buf, len, own, token, &out_len);
    apr_brigade_cleanup(bb);
    APR_BRIGADE_INSERT_TAIL(
        bb, apr_bucket_pool_create(out, out_len, r->pool, bb->bucket_alloc));
    if (!key || !pserv_login_mutex || r->status != HTTP_OK
        || len >= PSERV_LOGIN_PAGE_MAX
        || memmem(buf, len, PSERV_PAGECACHE_CSRF,
                  sizeof PSERV_PAGECACHE_CSRF - 1))
        return;
    kept = pserv_pagecache_swap(r->pool, buf, len, own, PSERV_PAGECACHE_CSRF,
                                &kept_len);
    key_len = strlen(key);
    set = pserv_login_set(key, key_len);
    apr_thread_mutex_lock(pserv_login_mutex);
    slot = &set[0];
    for (i = 0; i < PSERV_LOGIN_WAYS; i++) {
        if (set[i].key && set[i].key_len == key_len
            && memcmp(set[i].key, key, key_len) == 0) {
            slot = NULL; /* another thread kept it meanwhile */
            break;
        }
        if (!set[i].key || (slot->key && set[i].used < slot->used))
            slot = &set[i];
    }
    if (slot) {
        char *k = malloc(key_len + kept_len);
        if (k) {
            free(slot->key);
            memcpy(k, key, key_len);
            memcpy(k + key_len, kept, kept_len);
            slot->key = k;
            slot->key_len = key_len;
            slot->page = k + key_len;
            slot->len = kept_len;
            slot->used = ++pserv_login_clock;
        }
    }
    apr_thread_mutex_unlock(pserv_login_mutex);
}
