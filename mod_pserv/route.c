/*
 * route.c: (method, path) -> handler, by table. A "#" segment in a pattern
 * matches a positive decimal ID, which the handler receives; a "*" at the
 * end of a pattern matches the rest of the path, whatever it is (the
 * handler reads and judges it).
 */
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"

typedef struct {
    int method;                 /* M_GET (also serves HEAD) or M_POST */
    const char *pattern;
    pserv_handler_fn handler;
} pserv_route_def;

static const pserv_route_def pserv_routes[] = {
    { M_GET,  "/",          pserv_handle_login_page },
    { M_GET,  "/login",     pserv_handle_login_page },
    { M_POST, "/login",     pserv_handle_login },
    { M_POST, "/logout",    pserv_handle_logout },
    { M_GET,  "/home",      pserv_handle_home },
    { M_GET,  "/helpdesk",  pserv_handle_helpdesk },
    { M_GET,  "/requests",  pserv_handle_requests },
    /* before "/requests/#", which matches digits only anyway */
    { M_GET,  "/requests/export",   pserv_handle_requests_export },
    { M_GET,  "/requests/#",        pserv_handle_ticket },
    { M_POST, "/requests/#/decide", pserv_handle_decide },
    { M_POST, "/requests/#/resend", pserv_handle_resend },
    { M_GET,  "/attachments/#",     pserv_handle_attachment },
    { M_GET,  "/status/*",          pserv_handle_status },
    { M_GET,  "/password/set",      pserv_handle_password_set_page },
    { M_POST, "/password/set",      pserv_handle_password_set },
    { M_GET,  "/password/forgot",   pserv_handle_password_forgot_page },
    { M_POST, "/password/forgot",   pserv_handle_password_forgot },
    { M_GET,  "/request/new",    pserv_handle_request_new },
    { M_POST, "/request/new",    pserv_handle_request_post },
    { M_POST, "/request/submit", pserv_handle_request_submit },
    { M_GET,  "/request/lookup", pserv_handle_request_lookup },
    { M_GET,  "/admin",             pserv_handle_admin_index },
    { M_GET,  "/admin/accounts",    pserv_handle_admin_accounts },
    { M_GET,  "/admin/accounts/#",  pserv_handle_admin_account },
    { M_POST, "/admin/accounts/#/roles",      pserv_handle_admin_roles },
    { M_POST, "/admin/accounts/#/deactivate", pserv_handle_admin_deactivate },
    { M_POST, "/admin/accounts/#/reactivate", pserv_handle_admin_reactivate },
    { M_POST, "/admin/accounts/#/unlock",     pserv_handle_admin_unlock },
    { M_POST, "/admin/accounts/#/link",       pserv_handle_admin_link },
    { M_GET,  "/admin/units",       pserv_handle_admin_units },
    { M_GET,  "/admin/employees",   pserv_handle_admin_employees },
    { M_GET,  "/admin/employees/import", pserv_handle_admin_import_page },
    { M_POST, "/admin/employees/import", pserv_handle_admin_import },
    { M_GET,  "/admin/platforms",   pserv_handle_admin_platforms },
    /* the read-only JSON API (handle_api.c); errors below /api/ are JSON */
    { M_GET,  "/api/v1/me",         pserv_handle_api_me },
    { M_GET,  "/api/v1/requests",   pserv_handle_api_requests },
    { M_GET,  "/api/v1/requests/#", pserv_handle_api_request },
    { M_GET,  "/healthz",   pserv_handle_healthz },
    { M_GET,  "/_error",    pserv_handle_error },
    { M_POST, "/_error",    pserv_handle_error },
};

/* Match path against pattern; on a "#" segment store the ID. */
static int pserv_route_match(const char *pattern, const char *path,
                             apr_int64_t *id)
{
    while (*pattern) {
        if (pattern[0] == '*' && pattern[1] == '\0')
            return 1;
        if (!*path)
            return 0;
        if (*pattern == '#') {
            apr_int64_t v = 0;
            int digits = 0;
            if (*path == '0')
                return 0;               /* one spelling per ID */
            while (*path >= '0' && *path <= '9') {
                if (++digits > 18)
                    return 0;
                v = v * 10 + (*path++ - '0');
            }
            if (!digits)
                return 0;
            *id = v;
            pattern++;
            continue;
        }
        if (*pattern++ != *path++)
            return 0;
    }
    return *pattern == '\0' && *path == '\0';
}

int pserv_route(request_rec *r)
{
    const char *path = r->uri;
    apr_size_t i;
    apr_int64_t id = 0;
    int path_known = 0;

    for (i = 0; i < sizeof pserv_routes / sizeof pserv_routes[0]; i++) {
        const pserv_route_def *d = &pserv_routes[i];
        if (!pserv_route_match(d->pattern, path, &id))
            continue;
        path_known = 1;
        if (d->method == r->method_number)
            return d->handler(r, id);
    }
    if (path_known) {
        r->allowed = 0;
        for (i = 0; i < sizeof pserv_routes / sizeof pserv_routes[0]; i++)
            if (pserv_route_match(pserv_routes[i].pattern, path, &id))
                r->allowed |= AP_METHOD_BIT << pserv_routes[i].method;
        return pserv_error_page(r, HTTP_METHOD_NOT_ALLOWED);
    }
    return pserv_error_page(r, HTTP_NOT_FOUND);
}
