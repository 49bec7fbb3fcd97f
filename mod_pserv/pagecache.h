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
/* The handler's page for r (status 200, marked by pserv_pagecache_serve):
 * keep it, and give it its ETag. Nothing when r is not marked. */
void pserv_pagecache_store(request_rec *r, apr_bucket_brigade *bb);

#endif
