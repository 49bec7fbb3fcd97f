/*
 * route.h: the route table's rows and its look-up (route.c), for route.c
 * and its unit test (tests/unit/test_module.c); the module itself only
 * calls pserv_route (handlers.h).
 */
#ifndef PSERV_ROUTE_H
#define PSERV_ROUTE_H

#include "handlers.h"

/* Who may reach a route. pserv_route checks it before the handler runs,
 * so handlers have no guard of their own; conf/pserv.conf's "AuthType
 * pserv" and "Require pserv-role" lines say the same again for the paths
 * behind login (defence in depth: this table is the rule). */
typedef enum {
    PSERV_PUBLIC, /* anybody; the handler gets no session */
    PSERV_LOGIN,  /* a session; without one: 303 to /login */
    PSERV_ADMIN,  /* a session with the admin role: else 403 */
    PSERV_API     /* a session; without one: 401 in JSON */
} pserv_access;

typedef struct {
    int method; /* M_GET (also serves HEAD) or M_POST */
    const char *pattern;
    pserv_access access;
    pserv_handler_fn handler;
} pserv_route_def;

extern const pserv_route_def pserv_routes[];
extern const apr_size_t pserv_routes_count;

/* The route for method and path: its row, with *id set from a "#"
 * segment; NULL when none matches, and then *allowed holds the methods the
 * path takes (0: the path is unknown). */
const pserv_route_def *pserv_route_find(int method, const char *path,
                                        apr_int64_t *id, apr_int64_t *allowed);

#endif
