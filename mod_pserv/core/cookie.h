/*
 * cookie.h: finding one cookie in a request's Cookie headers, APR only.
 *
 * Exactly as httpd's ap_cookie_read (which the module used before): each
 * header value is split at ',' and ';', leading white space is skipped,
 * and a piece starting with "NAME=" holds the cookie; its value is the
 * rest of the piece, untrimmed. The same cookie sent again with the same
 * value is harmless; with a different value it is "duplicated" and none
 * is used (a cookie planted for a parent domain or another path must not
 * be taken for ours).
 */
#ifndef PSERV_COOKIE_H
#define PSERV_COOKIE_H

#include <apr_pools.h>

typedef struct {
    const char *value; /* the last value seen, NULL when none */
    int duplicated;    /* seen with two different values */
} pserv_cookie_found;

/* Look for cookie name in one Cookie header value; call once per header
 * line, in order, on the same f (zeroed first). */
void pserv_cookie_scan(apr_pool_t *p, const char *header, const char *name,
                       pserv_cookie_found *f);

/* The cookie's value when it was found, not duplicated, and has the shape
 * of a token from pserv_token_new; NULL otherwise. */
const char *pserv_cookie_token(const pserv_cookie_found *f);

#endif
