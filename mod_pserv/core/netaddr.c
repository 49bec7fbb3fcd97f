/*
 * netaddr.c: the key every per-client limit counts under. An IPv4
 * address is one client; an IPv6 client usually holds a whole /64 (one
 * customer's prefix, with privacy addresses changing inside it), so an
 * IPv6 address counts as its /64. An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is the IPv4 address.
 */
#include <arpa/inet.h>
#include <string.h>

#include <apr_strings.h>

#include "pserv_core.h"

const char *pserv_client_key(apr_pool_t *p, const char *ip)
{
    unsigned char a6[16];
    char out[INET6_ADDRSTRLEN];
    const char *pct;

    if (!ip || !*ip)
        return "-";
    if (strchr(ip, ':') == NULL)
        return ip; /* IPv4 (or not an address: keyed as it is) */
    /* A zone ("fe80::1%eth0") says nothing about who the client is. */
    if ((pct = strchr(ip, '%')) != NULL)
        ip = apr_pstrndup(p, ip, (apr_size_t)(pct - ip));
    if (inet_pton(AF_INET6, ip, a6) != 1)
        return ip;
    if (memcmp(a6, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0
        && inet_ntop(AF_INET, a6 + 12, out, sizeof out))
        return apr_pstrdup(p, out);
    memset(a6 + 8, 0, 8);
    if (!inet_ntop(AF_INET6, a6, out, sizeof out))
        return ip;
    return apr_pstrcat(p, out, "/64", NULL);
}
