/*
 * audit.c: one error-log line per security-relevant event (logins and
 * their failures, lockouts, logouts, decisions, accounts made, passwords
 * set, set-password links, and every 403) saying who, what and from where;
 * when is the error log's own timestamp:
 *
 *   pserv[AUD01]: event=login.fail user=maya.x ip=10.1.2.3
 *                 req="POST /login" reason=wrong-password
 *
 * Always the tag pserv[AUD01] at level notice, which httpd writes to a
 * file ErrorLog whatever LogLevel says. Every value goes through one
 * formatter: bare when made only of [A-Za-z0-9._:@+/-], otherwise quoted,
 * with ", %, \ and every byte outside printable ASCII as %XX (httpd would
 * double a backslash), and cut at a bound ("..." before the closing
 * quote). Never a password, a token, a query string (it may carry a
 * set-password token) or a path segment shaped like a token (a status
 * link's), nor a Referer naming a status link (cut on arrival). The same
 * redacted path, and the Referer without its query, are the notes
 * %{pserv-path}n and %{pserv-referer}n that the access log's shipped
 * LogFormat records.
 *
 * A 403 is logged once, after the response (log_transaction), whoever
 * produced it (our handlers, mod_authz_core, the core) on a request that
 * P-Serv serves, protects or shows the error page of. Where we refuse we
 * say why first with pserv_audit_deny, and the 403 line carries it.
 */
#include "session.h"
#include "audit.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "http_core.h"

#define PSERV_AUDIT_TAG       "pserv[AUD01]"
#define PSERV_AUDIT_USER_MAX  64
#define PSERV_AUDIT_PATH_MAX  256
#define PSERV_AUDIT_VALUE_MAX 128
#define PSERV_AUDIT_DENY_NOTE "pserv-audit-deny"

static int pserv_audit_bare_char(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("._:@+/-", c));
}

/* v as a log value: bare, quoted and escaped, or "-" for none; at most
 * max bytes of v are shown. */
static const char *pserv_audit_value(apr_pool_t *p, const char *v,
                                     apr_size_t max)
{
    apr_size_t n, i;
    char *out, *o;
    int bare;

    if (!v)
        return "-";
    n = strlen(v);
    bare = n > 0 && n <= max;
    for (i = 0; bare && i < n; i++)
        bare = pserv_audit_bare_char((unsigned char)v[i]);
    if (bare)
        return v;
    if (n > max)
        n = max;
    out = o = apr_palloc(p, n * 3 + 6);
    *o++ = '"';
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%')
            *o++ = (char)c;
        else
            o += apr_snprintf(o, 4, "%%%02X", c);
    }
    if (strlen(v) > max) {
        memcpy(o, "...", 3);
        o += 3;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* A path segment that could be a secret: a token's alphabet (also when
 * %-escaped, as in a request refused before its path was decoded), a
 * token's length or near it. */
static int pserv_audit_secret_segment(const char *s, apr_size_t len)
{
    apr_size_t i, n = 0;

    for (i = 0; i < len; i++, n++) {
        char c = s[i];
        if (c == '%' && i + 2 < len && apr_isxdigit(s[i + 1])
            && apr_isxdigit(s[i + 2])) {
            char hex[3] = { s[i + 1], s[i + 2], '\0' };
            c = (char)strtol(hex, NULL, 16);
            i += 2;
        }
        if (!apr_isalnum(c) && c != '-' && c != '_')
            return 0;
    }
    return n >= 32;
}

/* The path of the request as the client sent it (the first of an
 * internal-redirect chain), without the query string; whatever follows
 * /status/ (a status link's token, or meant to be one: a mistyped link may
 * still hold most of a real token) and every token-shaped segment as
 * [redacted]. With esc, each other segment %-escaped as %U logs it. NULL
 * when the request has no path. */
static const char *pserv_audit_path(request_rec *r, int esc)
{
    const char *path, *seg;
    char *out = "";

    while (r->prev)
        r = r->prev;
    if (!(path = r->uri))
        return NULL;
    if (strncmp(path, "/status/", 8) == 0 && path[8])
        return "/status/[redacted]";
    while (*path) {
        apr_size_t len;
        if (*path == '/') {
            out = apr_pstrcat(r->pool, out, "/", NULL);
            path++;
            continue;
        }
        seg = path;
        len = strcspn(seg, "/");
        if (pserv_audit_secret_segment(seg, len))
            out = apr_pstrcat(r->pool, out, "[redacted]", NULL);
        else {
            char *kept = apr_pstrndup(r->pool, seg, len);
            out = apr_pstrcat(r->pool, out,
                              esc ? ap_os_escape_path(r->pool, kept, 1) : kept,
                              NULL);
        }
        path += len;
    }
    return out;
}

/* "METHOD /path" for the audit line (see pserv_audit_path). */
static const char *pserv_audit_req(request_rec *r)
{
    const char *path = pserv_audit_path(r, 0);

    while (r->prev)
        r = r->prev;
    return pserv_audit_value(
        r->pool, apr_pstrcat(r->pool, r->method, " ", path ? path : "", NULL),
        PSERV_AUDIT_PATH_MAX);
}

/* Who the request acts as: the authenticated user of any request of the
 * chain, else a session already loaded, else nobody. */
static const char *pserv_audit_user(request_rec *r)
{
    request_rec *q;

    while (r->next)
        r = r->next;
    for (q = r; q; q = q->prev) {
        pserv_req *pr = ap_get_module_config(q->request_config, &pserv_module);
        if (q->user)
            return q->user;
        if (pr && pr->session)
            return pr->session->username;
    }
    return NULL;
}

/* " key=value ..." from a NULL-terminated list of key, value pairs. */
static const char *pserv_audit_facts(apr_pool_t *p, va_list ap)
{
    const char *facts = "", *k, *v;

    while ((k = va_arg(ap, const char *))) {
        v = va_arg(ap, const char *);
        facts =
            apr_pstrcat(p, facts, " ", k, "=",
                        pserv_audit_value(p, v, PSERV_AUDIT_VALUE_MAX), NULL);
    }
    return facts;
}

static void pserv_audit_write(request_rec *r, const char *event,
                              const char *user, const char *facts)
{
    ap_log_rerror(
        APLOG_MARK, APLOG_NOTICE, 0, r,
        PSERV_AUDIT_TAG ": event=%s user=%s ip=%s req=%s%s", event,
        pserv_audit_value(r->pool, user ? user : pserv_audit_user(r),
                          PSERV_AUDIT_USER_MAX),
        pserv_audit_value(r->pool, r->useragent_ip, PSERV_AUDIT_VALUE_MAX),
        pserv_audit_req(r), facts);
}

void pserv_audit(request_rec *r, const char *event, const char *user, ...)
{
    va_list ap;
    const char *facts;

    va_start(ap, user);
    facts = pserv_audit_facts(r->pool, ap);
    va_end(ap);
    pserv_audit_write(r, event, user, facts);
}

void pserv_audit_deny(request_rec *r, const char *reason, ...)
{
    va_list ap;
    const char *facts;

    va_start(ap, reason);
    facts = pserv_audit_facts(r->pool, ap);
    va_end(ap);
    apr_table_setn(
        r->notes, PSERV_AUDIT_DENY_NOTE,
        apr_pstrcat(r->pool, " reason=",
                    pserv_audit_value(r->pool, reason, PSERV_AUDIT_VALUE_MAX),
                    facts, NULL));
}

/* Whether P-Serv had a hand in the request (or its error page): other
 * virtual hosts of the same server are none of our business. */
static int pserv_audit_ours(request_rec *r)
{
    const char *type;

    for (; r; r = r->next)
        if ((r->handler && strcmp(r->handler, "pserv") == 0)
            || ((type = ap_auth_type(r)) && strcasecmp(type, "pserv") == 0))
            return 1;
    return 0;
}

/* After the response: every 403, once, with the reason we gave if any. */
static int pserv_audit_transaction(request_rec *r)
{
    request_rec *q, *last = r;
    const char *why = NULL;

    while (last->next)
        last = last->next;
    if ((r->status != HTTP_FORBIDDEN && last->status != HTTP_FORBIDDEN)
        || !pserv_audit_ours(r))
        return DECLINED;
    for (q = r; q && !why; q = q->next)
        why = apr_table_get(q->notes, PSERV_AUDIT_DENY_NOTE);
    pserv_audit_write(r, "forbidden", NULL, why ? why : " reason=httpd");
    return DECLINED;
}

/* A Referer naming a status link (".../status/TOKEN", as a browser that
 * ignores the status page's Referrer-Policy sends with the page's CSS or
 * the next page) has its token segment replaced by [redacted] as soon as
 * the request is read: httpd appends the Referer to every error-log line
 * of the request, and the access log may record it. Only that shape is
 * touched, so other sites of the same server keep their Referers. */
static int pserv_audit_status_referer(request_rec *r)
{
    static const char prefix[] = "/status/";
    const char *ref = apr_table_get(r->headers_in, "Referer"), *at, *seg;
    char *out = NULL;

    if (!ref)
        return DECLINED;
    for (at = ref; (at = strstr(at, prefix)); at = seg) {
        apr_size_t len;
        seg = at + sizeof prefix - 1;
        len = strcspn(seg, "/?#");
        if (!pserv_audit_secret_segment(seg, len))
            continue;
        out = apr_pstrcat(r->pool, out ? out : "",
                          apr_pstrndup(r->pool, ref, seg - ref), "[redacted]",
                          NULL);
        ref = seg += len;
    }
    if (out)
        apr_table_setn(r->headers_in, "Referer",
                       apr_pstrcat(r->pool, out, ref, NULL));
    return DECLINED;
}

/* For the access log, before mod_log_config writes it: %{pserv-path}n, the
 * path as %U would log it but with its secrets [redacted] (the shipped
 * LogFormat "pserv" in conf/pserv.conf logs it instead of %r or %U, which
 * would record a status link's token), and %{pserv-referer}n, the Referer
 * without its query string or fragment (a set-password link's token, from
 * a browser that ignored the page's Referrer-Policy). Set on every request
 * of an internal-redirect chain: %{...}n reads the final one. */
static int pserv_audit_log_notes(request_rec *r)
{
    const char *path = pserv_audit_path(r, 1), *ref;
    request_rec *first = r, *q;

    while (first->prev)
        first = first->prev;
    if ((ref = apr_table_get(first->headers_in, "Referer")))
        ref = apr_pstrndup(r->pool, ref, strcspn(ref, "?#"));
    for (q = r; q; q = q->next) {
        if (path)
            apr_table_setn(q->notes, "pserv-path", path);
        if (ref)
            apr_table_setn(q->notes, "pserv-referer", ref);
    }
    return DECLINED;
}

void pserv_audit_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_log_transaction(pserv_audit_log_notes, NULL, NULL,
                            APR_HOOK_REALLY_FIRST);
    ap_hook_post_read_request(pserv_audit_status_referer, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
    ap_hook_log_transaction(pserv_audit_transaction, NULL, NULL,
                            APR_HOOK_MIDDLE);
}

void pserv_audit_scrub_referer(request_rec *r)
{
    const char *ref = apr_table_get(r->headers_in, "Referer");
    apr_size_t n;

    if (ref && ref[n = strcspn(ref, "?#")])
        apr_table_setn(r->headers_in, "Referer", apr_pstrndup(r->pool, ref, n));
}
