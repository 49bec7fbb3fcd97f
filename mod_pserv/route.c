/*
 * route.c: (method, path) -> handler, by table. A "#" segment in a pattern
 * matches a positive decimal ID, which the handler receives; a "*" at the
 * end of a pattern matches the rest of the path, whatever it is (the
 * handler reads and judges it). Each route also says who may reach it
 * (pserv_access): the session is checked here, once, and handed to the
 * handler.
 */
#include "audit.h"
#include "respond.h"
#include "route.h"

#include "apr_strings.h"

/* A table read by its columns: laid out by hand. */
/* clang-format off */
const pserv_route_def pserv_routes[] = {
    { M_GET,  "/",                       PSERV_PUBLIC,
      pserv_handle_login_page },
    { M_GET,  "/login",                  PSERV_PUBLIC,
      pserv_handle_login_page },
    { M_POST, "/login",                  PSERV_PUBLIC, pserv_handle_login },
    /* the second factor after the password: the handler asks for the
     * browser's pending state (handle_mfa.c) */
    { M_GET,  "/login/mfa",              PSERV_PUBLIC, pserv_handle_mfa_page },
    { M_POST, "/login/mfa",              PSERV_PUBLIC, pserv_handle_mfa },
    /* the SSO hand-off: its <Location> is the company's authn module's;
     * "/login/sso/NAME" for a second one (another AuthType) */
    { M_GET,  "/login/sso",              PSERV_PUBLIC, pserv_handle_sso },
    { M_GET,  "/login/sso/*",            PSERV_PUBLIC, pserv_handle_sso },
    { M_POST, "/logout",                 PSERV_LOGIN,  pserv_handle_logout },
    { M_GET,  "/home",                   PSERV_LOGIN,  pserv_handle_home },
    /* the switch Bahasa / English: cookie, account, back to ?next= */
    { M_GET,  "/lang/*",                 PSERV_PUBLIC, pserv_handle_lang },
    { M_GET,  "/helpdesk",               PSERV_LOGIN,  pserv_handle_helpdesk },
    { M_GET,  "/requests",               PSERV_LOGIN,  pserv_handle_requests },
    /* before "/requests/#", which matches digits only anyway */
    { M_GET,  "/requests/export",        PSERV_LOGIN,
      pserv_handle_requests_export },
    /* Approve Terpilih / Reject Terpilih: the handler asks for the
     * stage's role */
    { M_POST, "/requests/bulk",          PSERV_LOGIN,  pserv_handle_bulk },
    { M_GET,  "/requests/#",             PSERV_LOGIN,  pserv_handle_ticket },
    { M_POST, "/requests/#/decide",      PSERV_LOGIN,  pserv_handle_decide },
    { M_POST, "/requests/#/resend",      PSERV_LOGIN,  pserv_handle_resend },
    { M_GET,  "/requests/#/assign",      PSERV_ADMIN,
      pserv_handle_assign_page },
    { M_POST, "/requests/#/assign",      PSERV_ADMIN,  pserv_handle_assign },
    { M_GET,  "/attachments/#",          PSERV_LOGIN,
      pserv_handle_attachment },
    /* Delegasi Persetujuan (handle_delegation.c): the handler refuses an
     * account that approves nothing; ending: the delegator or an admin */
    { M_GET,  "/delegations",            PSERV_LOGIN,
      pserv_handle_delegations },
    { M_POST, "/delegations",            PSERV_LOGIN,
      pserv_handle_delegation_create },
    { M_POST, "/delegations/#/end",      PSERV_LOGIN,
      pserv_handle_delegation_end },
    /* Pengaturan Notifikasi (handle_notify.c) */
    { M_GET,  "/settings/notifications", PSERV_LOGIN,  pserv_handle_notify },
    { M_POST, "/settings/notifications", PSERV_LOGIN,
      pserv_handle_notify_save },
    /* Aktifkan Verifikasi Dua Langkah (handle_mfa.c) */
    { M_GET,  "/settings/mfa",           PSERV_LOGIN,
      pserv_handle_mfa_settings },
    { M_POST, "/settings/mfa",           PSERV_LOGIN,
      pserv_handle_mfa_settings_save },
    { M_GET,  "/status/*",               PSERV_PUBLIC, pserv_handle_status },
    /* the token in the query is the key (handle_maildecide.c) */
    { M_GET,  "/mail/decide",            PSERV_PUBLIC,
      pserv_handle_mail_decide_page },
    { M_POST, "/mail/decide",            PSERV_PUBLIC,
      pserv_handle_mail_decide },
    /* Batalkan Permohonan (issue 18), on the same page */
    { M_POST, "/status/*",               PSERV_PUBLIC,
      pserv_handle_status_cancel },
    { M_GET,  "/password/set",           PSERV_PUBLIC,
      pserv_handle_password_set_page },
    { M_POST, "/password/set",           PSERV_PUBLIC,
      pserv_handle_password_set },
    { M_GET,  "/password/forgot",        PSERV_PUBLIC,
      pserv_handle_password_forgot_page },
    { M_POST, "/password/forgot",        PSERV_PUBLIC,
      pserv_handle_password_forgot },
    { M_GET,  "/request/new",            PSERV_PUBLIC,
      pserv_handle_request_new },
    { M_POST, "/request/new",            PSERV_PUBLIC,
      pserv_handle_request_post },
    { M_POST, "/request/submit",         PSERV_PUBLIC,
      pserv_handle_request_submit },
    { M_GET,  "/request/lookup",         PSERV_PUBLIC,
      pserv_handle_request_lookup },
    /* Perbaiki Permohonan (issue 18): the status link's token is the key */
    { M_GET,  "/request/revise/*",       PSERV_PUBLIC,
      pserv_handle_request_revise },
    { M_GET,  "/admin",                  PSERV_ADMIN,
      pserv_handle_admin_index },
    { M_GET,  "/admin/accounts",         PSERV_ADMIN,
      pserv_handle_admin_accounts },
    { M_GET,  "/admin/accounts/#",       PSERV_ADMIN,
      pserv_handle_admin_account },
    { M_POST, "/admin/accounts/#/roles", PSERV_ADMIN,
      pserv_handle_admin_roles },
    { M_POST, "/admin/accounts/#/deactivate", PSERV_ADMIN,
      pserv_handle_admin_deactivate },
    { M_POST, "/admin/accounts/#/reactivate", PSERV_ADMIN,
      pserv_handle_admin_reactivate },
    { M_POST, "/admin/accounts/#/unlock", PSERV_ADMIN,
      pserv_handle_admin_unlock },
    { M_POST, "/admin/accounts/#/link",  PSERV_ADMIN,
      pserv_handle_admin_link },
    { M_POST, "/admin/accounts/#/mfa-reset", PSERV_ADMIN,
      pserv_handle_admin_mfa_reset },
    { M_GET,  "/admin/accounts/#/delegations", PSERV_ADMIN,
      pserv_handle_admin_delegations },
    { M_POST, "/admin/accounts/#/delegations", PSERV_ADMIN,
      pserv_handle_admin_delegation_create },
    { M_GET,  "/admin/units",            PSERV_ADMIN,
      pserv_handle_admin_units },
    { M_GET,  "/admin/units/new",        PSERV_ADMIN,
      pserv_handle_admin_unit_new },
    { M_GET,  "/admin/units/edit",       PSERV_ADMIN,
      pserv_handle_admin_unit_edit },
    { M_POST, "/admin/units/save",       PSERV_ADMIN,
      pserv_handle_admin_unit_save },
    { M_POST, "/admin/units/active",     PSERV_ADMIN,
      pserv_handle_admin_unit_active },
    { M_GET,  "/admin/units/import",     PSERV_ADMIN,
      pserv_handle_admin_units_import_page },
    { M_POST, "/admin/units/import",     PSERV_ADMIN,
      pserv_handle_admin_units_import },
    { M_GET,  "/admin/employees",        PSERV_ADMIN,
      pserv_handle_admin_employees },
    { M_GET,  "/admin/employees/import", PSERV_ADMIN,
      pserv_handle_admin_import_page },
    { M_POST, "/admin/employees/import", PSERV_ADMIN,
      pserv_handle_admin_import },
    { M_POST, "/admin/employees/account", PSERV_ADMIN,
      pserv_handle_admin_employee_account },
    { M_GET,  "/admin/platforms",        PSERV_ADMIN,
      pserv_handle_admin_platforms },
    { M_GET,  "/admin/platforms/new",    PSERV_ADMIN,
      pserv_handle_admin_platform_new },
    { M_GET,  "/admin/platforms/edit",   PSERV_ADMIN,
      pserv_handle_admin_platform_edit },
    { M_POST, "/admin/platforms/save",   PSERV_ADMIN,
      pserv_handle_admin_platform_save },
    { M_POST, "/admin/platforms/active", PSERV_ADMIN,
      pserv_handle_admin_platform_active },
    { M_GET,  "/admin/stuck",            PSERV_ADMIN,
      pserv_handle_admin_stuck },
    { M_GET,  "/admin/access",           PSERV_ADMIN,
      pserv_handle_admin_access },
    /* Permintaan Data Pribadi (handle_admin_subject.c) */
    { M_GET,  "/admin/subject",          PSERV_ADMIN,
      pserv_handle_admin_subject },
    { M_POST, "/admin/subject/export",   PSERV_ADMIN,
      pserv_handle_admin_subject_export },
    { M_POST, "/admin/subject/requests/#/anonymise", PSERV_ADMIN,
      pserv_handle_admin_subject_anonymise },
    /* the read-only JSON API (handle_api.c); errors below /api/ are JSON */
    { M_GET,  "/api/v1/me",              PSERV_API,    pserv_handle_api_me },
    { M_GET,  "/api/v1/requests",        PSERV_API,
      pserv_handle_api_requests },
    { M_GET,  "/api/v1/requests/#",      PSERV_API,
      pserv_handle_api_request },
    { M_GET,  "/healthz",                PSERV_PUBLIC, pserv_handle_healthz },
    /* the Pemberitahuan Privasi in full (issue 23) */
    { M_GET,  "/privasi",                PSERV_PUBLIC, pserv_handle_privacy },
    { M_GET,  "/_error",                 PSERV_PUBLIC, pserv_handle_error },
    { M_POST, "/_error",                 PSERV_PUBLIC, pserv_handle_error },
    /* one look for digests at the request's clock: 404 without
     * PservTestHooks On (handle_notify.c) */
    { M_POST, "/_test/digest",           PSERV_PUBLIC,
      pserv_handle_test_digest },
    /* one look of the mail worker now: 404 without PservTestHooks On
     * (handle_notify.c) */
    { M_POST, "/_test/mail-look",        PSERV_PUBLIC,
      pserv_handle_test_mail_look },
    /* one look of the retention rules at the request's clock: 404
     * without PservTestHooks On (handle_notify.c) */
    { M_POST, "/_test/retention",        PSERV_PUBLIC,
      pserv_handle_test_retention },
};
/* clang-format on */

const apr_size_t pserv_routes_count =
    sizeof pserv_routes / sizeof pserv_routes[0];

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
                return 0; /* one spelling per ID */
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

/* The route for method and path (route.h). */
const pserv_route_def *pserv_route_find(int method, const char *path,
                                        apr_int64_t *id, apr_int64_t *allowed)
{
    apr_size_t i;

    *allowed = 0;
    for (i = 0; i < sizeof pserv_routes / sizeof pserv_routes[0]; i++) {
        const pserv_route_def *d = &pserv_routes[i];
        if (!pserv_route_match(d->pattern, path, id))
            continue;
        if (d->method == method)
            return d;
        *allowed |= AP_METHOD_BIT << d->method;
    }
    return NULL;
}

/* The session the route's access rule asks for, or NULL after answering
 * (*rv): 503 when the session could not be checked, 401 (JSON) for the
 * API, 303 to the login page (back here afterwards, for a GET) for a page,
 * 403 without the role. */
static pserv_session *pserv_route_session(request_rec *r,
                                          const pserv_route_def *d, int *rv)
{
    pserv_session *s = pserv_session_load(r);

    if (!s) {
        if (pserv_req_get(r)->db_failed)
            *rv = pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        else if (d->access == PSERV_API)
            *rv = pserv_error_page(r, HTTP_UNAUTHORIZED);
        else if (r->method_number == M_GET
                 && pserv_valid_local_path(r->unparsed_uri))
            *rv = pserv_redirect(
                r, apr_pstrcat(r->pool, "/login?next=",
                               ap_escape_urlencoded(r->pool, r->unparsed_uri),
                               NULL));
        else
            *rv = pserv_redirect(r, "/login");
        return NULL;
    }
    if (d->access == PSERV_ADMIN && !pserv_session_has_role(s, "admin")) {
        pserv_audit_deny(r, "role", "require", "admin", NULL);
        *rv = pserv_error_page(r, HTTP_FORBIDDEN);
        return NULL;
    }
    return s;
}

int pserv_route(request_rec *r)
{
    const pserv_route_def *d;
    pserv_session *s = NULL;
    apr_int64_t id = 0, allowed = 0;
    int rv = OK;

    d = pserv_route_find(r->method_number, r->uri, &id, &allowed);
    if (!d) {
        if (!allowed)
            return pserv_error_page(r, HTTP_NOT_FOUND);
        r->allowed = allowed;
        return pserv_error_page(r, HTTP_METHOD_NOT_ALLOWED);
    }
    if (d->access != PSERV_PUBLIC && !(s = pserv_route_session(r, d, &rv)))
        return rv;
    return d->handler(r, s, id);
}
