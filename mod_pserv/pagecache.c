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

static void pserv_pagecache_child_init(apr_pool_t *p, server_rec *s)
{
    const char *f;

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

/* the key noted on r by pserv_pagecache_serve, and its ETag */
#define PSERV_PAGECACHE_NOTE "pserv-pagecache-key"
#define PSERV_PAGECACHE_ETAG "pserv-pagecache-etag"
/* PservTestHooks On: whether the page came from the cache (t/perf) */
#define PSERV_PAGECACHE_TEST_HEADER "X-Pserv-Test-Page-Cache"

/* PservTestHooks On: the statements a 304 or a hit cost (t/admin/access.t:
 * one, the session's, which also writes a ticket page's access record) */
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

void pserv_pagecache_store(request_rec *r, apr_bucket_brigade *bb)
{
    pserv_pagecache *c = pserv_pagecache_of(r->server);
    const char *key = apr_table_get(r->notes, PSERV_PAGECACHE_NOTE);
    const char *etag = apr_table_get(r->notes, PSERV_PAGECACHE_ETAG);
    pserv_session *s;
    char *buf, *page;
    apr_off_t length = 0;
    apr_size_t len, page_len;

    if (!c || !key || !etag || r->status != HTTP_OK)
        return;
    apr_table_unset(r->notes, PSERV_PAGECACHE_NOTE);
    apr_table_setn(r->headers_out, "ETag", etag);
    /* the response's own Set-Cookie would not come with a hit: keep none */
    if (apr_table_get(r->headers_out, "Set-Cookie")
        || apr_table_get(r->err_headers_out, "Set-Cookie"))
        return;
    s = pserv_session_load(r);
    if (!s || !s->csrf || strlen(s->csrf) < 32)
        return;
    /* as long as the page, not as the largest one kept (see serve) */
    if (apr_brigade_length(bb, 1, &length) != APR_SUCCESS || length < 0
        || length >= PSERV_PAGECACHE_MAX)
        return;
    len = (apr_size_t)length;
    buf = apr_palloc(r->pool, len + 1);
    if (apr_brigade_flatten(bb, buf, &len) != APR_SUCCESS
        || len != (apr_size_t)length
        || memmem(buf, len, PSERV_PAGECACHE_CSRF,
                  sizeof PSERV_PAGECACHE_CSRF - 1))
        return;
    /* nothing of the session is kept: its token becomes the placeholder */
    page = pserv_pagecache_swap(r->pool, buf, len, s->csrf,
                                PSERV_PAGECACHE_CSRF, &page_len);
    pserv_pagecache_lock(c);
    c->provider->store(c->inst, r->server, (const unsigned char *)key,
                       (unsigned int)strlen(key),
                       apr_time_now() + PSERV_PAGECACHE_LIFE,
                       (unsigned char *)page, (unsigned int)page_len, r->pool);
    pserv_pagecache_unlock(c);
}
