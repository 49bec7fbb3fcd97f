/*
 * pagecache.h: rendered pages kept in a mod_socache provider
 * (PservPageCache), keyed so that nothing built for one session is ever
 * served to another and nothing built before a change after it
 * (pagecache.c, docs/PERFORMANCE.md).
 */
#ifndef PSERV_PAGECACHE_H
#define PSERV_PAGECACHE_H

#include "session.h"

void pserv_pagecache_register(apr_pool_t *p);

/* For the list page (GET /requests) or ticket id's page of s: sends it and
 * returns OK (or 304 for a matching If-None-Match) when this exact page is
 * known at the current data versions; DECLINED otherwise, after marking r
 * so that pserv_pagecache_store keeps what the handler builds. DECLINED
 * too when the cache is off. */
int pserv_pagecache_serve_list(request_rec *r, const pserv_session *s);
int pserv_pagecache_serve_ticket(request_rec *r, const pserv_session *s,
                                 apr_int64_t id);
/* The login page (GET / or /login without a session, auth.c): sends it
 * from this process's memory and returns OK when it holds this variant
 * (language, server, configuration, URI with its query), with the
 * visitor's own CSRF token in it and its Set-Cookie when new; DECLINED
 * otherwise, after marking r so that the page built is kept. Not
 * PservPageCache's: on whether that is on or off (pagecache.c). */
int pserv_pagecache_serve_login(request_rec *r);
/* The CSRF token a page's forms carry (pserv_view_new): pserv_csrf_token's,
 * or while a page is built for the cache (login, list, ticket), the token
 * it is built with (pserv_pagecache_store puts the visitor's or the
 * session's in its place). */
const char *pserv_pagecache_csrf(request_rec *r);
/* The handler's page for r (status 200, marked by pserv_pagecache_serve):
 * keep it, and give it its ETag. Nothing when r is not marked. */
void pserv_pagecache_store(request_rec *r, apr_bucket_brigade *bb);

#endif
