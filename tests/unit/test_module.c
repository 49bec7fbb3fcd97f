/*
 * test_module.c: the module's own config.c, request.c and route.c, run
 * in-process on a fake request_rec built on real APR pools (as
 * mod_auth_openidc's test/util.c does). Only httpd's headers are used, none
 * of its code: the few httpd functions these files call, the services
 * route.c calls (session, respond, audit) and the handlers are stubbed
 * below. The stubs record what happened; the tests read it.
 *
 * Routes: every row of the table is reached by a request of its own, with
 * the right access rule, handler and ID; "#" and "*" segments; 404 and 405
 * with Allow; what pserv_route answers for each access rule with no
 * session, a user's session, an administrator's, a database down.
 * Config: create, merge and defaults of both records, member by member;
 * the directives that write them; the test clock behind PservTestHooks.
 */
#include <string.h>

#include "check_main.h"

#include "route.h"

#include "apr_lib.h"
#include "apr_strings.h"
#include "ap_provider.h"
#include "mod_auth.h"

/* ---- what the linked files need from httpd and the module ---- */

module AP_MODULE_DECLARE_DATA pserv_module = { .module_index = 0 };

AP_DECLARE_NONSTD(const char *) ap_set_flag_slot(cmd_parms *cmd,
                                                 void *struct_ptr, int arg)
{
    *(int *)((char *)struct_ptr + (apr_size_t)cmd->info) = arg ? 1 : 0;
    return NULL;
}

AP_DECLARE_NONSTD(const char *) ap_set_string_slot(cmd_parms *cmd,
                                                   void *struct_ptr,
                                                   const char *arg)
{
    *(const char **)((char *)struct_ptr + (apr_size_t)cmd->info) = arg;
    return NULL;
}

/* The authn providers "modules" registered (PservAuthProvider): "file"
 * checks passwords, "nopw" cannot. */
static authn_status test_check_password(request_rec *r, const char *user,
                                        const char *password)
{
    (void)r;
    (void)user;
    (void)password;
    return AUTH_DENIED;
}
static const authn_provider test_file = { &test_check_password, NULL };
static const authn_provider test_nopw = { NULL, NULL };

AP_DECLARE(void *) ap_lookup_provider(const char *group, const char *name,
                                      const char *version)
{
    if (strcmp(group, AUTHN_PROVIDER_GROUP) != 0
        || strcmp(version, AUTHN_PROVIDER_VERSION) != 0)
        return NULL;
    return strcmp(name, "file") == 0   ? (void *)&test_file
           : strcmp(name, "nopw") == 0 ? (void *)&test_nopw
                                       : NULL;
}

#define TEST_SERVER_ROOT "/srv/httpd"

AP_DECLARE(char *) ap_server_root_relative(apr_pool_t *p, const char *fname)
{
    if (*fname == '/')
        return apr_pstrdup(p, fname);
    return apr_pstrcat(p, TEST_SERVER_ROOT "/", fname, NULL);
}

/* As httpd's: alphanumerics and ".-*_" stay, space is "+", the rest %xx. */
AP_DECLARE(char *) ap_escape_urlencoded(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 3 * strlen(s) + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || strchr(".-*_", c))
            *o++ = (char)c;
        else if (c == ' ')
            *o++ = '+';
        else
            o += sprintf(o, "%%%02x", c);
    }
    *o = '\0';
    return out;
}

/* What the stubs saw, and what pserv_session_load answers. */
static struct {
    pserv_handler_fn handler;       /* the handler that ran */
    pserv_session *session;         /* ... with this session */
    apr_int64_t id;                 /* ... and this ID */
    int status;                     /* pserv_error_page's status */
    const char *location;           /* pserv_redirect's path */
    const char *denied;             /* pserv_audit_deny's reason */
} seen;

static struct {
    pserv_session *session;         /* the request's session, or NULL */
    int db_down;                    /* no session: the database is down */
} fake;

pserv_session *pserv_session_load(request_rec *r)
{
    if (!fake.session && fake.db_down)
        pserv_req_get(r)->db_failed = 1;
    return fake.session;
}

int pserv_session_has_role(const pserv_session *s, const char *role)
{
    return pserv_roles_contain(s->roles, role);
}

int pserv_error_page(request_rec *r, int status)
{
    (void)r;
    seen.status = status;
    return OK;
}

int pserv_redirect(request_rec *r, const char *path)
{
    seen.location = apr_pstrdup(r->pool, path);
    return HTTP_SEE_OTHER;
}

void pserv_audit_deny(request_rec *r, const char *reason, ...)
{
    seen.denied = apr_pstrdup(r->pool, reason);
}

/* Every handler of handlers.h: records that it ran, and with what. */
#define TEST_HANDLER(name)                                                  \
    int name(request_rec *r, pserv_session *s, apr_int64_t id)              \
    {                                                                       \
        (void)r;                                                            \
        seen.handler = name;                                                \
        seen.session = s;                                                   \
        seen.id = id;                                                       \
        return OK;                                                          \
    }

TEST_HANDLER(pserv_handle_login_page)
TEST_HANDLER(pserv_handle_login)
TEST_HANDLER(pserv_handle_logout)
TEST_HANDLER(pserv_handle_sso)
TEST_HANDLER(pserv_handle_home)
TEST_HANDLER(pserv_handle_lang)
TEST_HANDLER(pserv_handle_helpdesk)
TEST_HANDLER(pserv_handle_requests)
TEST_HANDLER(pserv_handle_requests_export)
TEST_HANDLER(pserv_handle_ticket)
TEST_HANDLER(pserv_handle_decide)
TEST_HANDLER(pserv_handle_bulk)
TEST_HANDLER(pserv_handle_attachment)
TEST_HANDLER(pserv_handle_request_new)
TEST_HANDLER(pserv_handle_request_post)
TEST_HANDLER(pserv_handle_request_submit)
TEST_HANDLER(pserv_handle_request_lookup)
TEST_HANDLER(pserv_handle_password_set_page)
TEST_HANDLER(pserv_handle_password_set)
TEST_HANDLER(pserv_handle_password_forgot_page)
TEST_HANDLER(pserv_handle_password_forgot)
TEST_HANDLER(pserv_handle_resend)
TEST_HANDLER(pserv_handle_status)
TEST_HANDLER(pserv_handle_mail_decide_page)
TEST_HANDLER(pserv_handle_mail_decide)
TEST_HANDLER(pserv_handle_status_cancel)
TEST_HANDLER(pserv_handle_request_revise)
TEST_HANDLER(pserv_handle_healthz)
TEST_HANDLER(pserv_handle_privacy)
TEST_HANDLER(pserv_handle_api_me)
TEST_HANDLER(pserv_handle_api_requests)
TEST_HANDLER(pserv_handle_api_request)
TEST_HANDLER(pserv_handle_admin_index)
TEST_HANDLER(pserv_handle_admin_accounts)
TEST_HANDLER(pserv_handle_admin_account)
TEST_HANDLER(pserv_handle_admin_roles)
TEST_HANDLER(pserv_handle_admin_deactivate)
TEST_HANDLER(pserv_handle_admin_reactivate)
TEST_HANDLER(pserv_handle_admin_unlock)
TEST_HANDLER(pserv_handle_admin_link)
TEST_HANDLER(pserv_handle_admin_units)
TEST_HANDLER(pserv_handle_admin_employees)
TEST_HANDLER(pserv_handle_admin_platforms)
TEST_HANDLER(pserv_handle_admin_import_page)
TEST_HANDLER(pserv_handle_admin_import)
TEST_HANDLER(pserv_handle_admin_unit_new)
TEST_HANDLER(pserv_handle_admin_unit_edit)
TEST_HANDLER(pserv_handle_admin_unit_save)
TEST_HANDLER(pserv_handle_admin_unit_active)
TEST_HANDLER(pserv_handle_admin_units_import_page)
TEST_HANDLER(pserv_handle_admin_units_import)
TEST_HANDLER(pserv_handle_admin_employee_account)
TEST_HANDLER(pserv_handle_admin_platform_new)
TEST_HANDLER(pserv_handle_admin_platform_edit)
TEST_HANDLER(pserv_handle_admin_platform_save)
TEST_HANDLER(pserv_handle_admin_platform_active)
TEST_HANDLER(pserv_handle_admin_stuck)
TEST_HANDLER(pserv_handle_admin_access)
TEST_HANDLER(pserv_handle_admin_subject)
TEST_HANDLER(pserv_handle_admin_subject_export)
TEST_HANDLER(pserv_handle_admin_subject_anonymise)
TEST_HANDLER(pserv_handle_assign_page)
TEST_HANDLER(pserv_handle_assign)
TEST_HANDLER(pserv_handle_error)
TEST_HANDLER(pserv_handle_delegations)
TEST_HANDLER(pserv_handle_delegation_create)
TEST_HANDLER(pserv_handle_delegation_end)
TEST_HANDLER(pserv_handle_admin_delegations)
TEST_HANDLER(pserv_handle_admin_delegation_create)
TEST_HANDLER(pserv_handle_notify)
TEST_HANDLER(pserv_handle_notify_save)
TEST_HANDLER(pserv_handle_mfa_page)
TEST_HANDLER(pserv_handle_mfa)
TEST_HANDLER(pserv_handle_mfa_settings)
TEST_HANDLER(pserv_handle_mfa_settings_save)
TEST_HANDLER(pserv_handle_admin_mfa_reset)
TEST_HANDLER(pserv_handle_test_digest)
TEST_HANDLER(pserv_handle_test_mail_look)
TEST_HANDLER(pserv_handle_test_retention)

/* ---- the fake request, on a pool per test ---- */

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
    memset(&seen, 0, sizeof seen);
    memset(&fake, 0, sizeof fake);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* A configuration vector holding rec as pserv_module's entry. */
static ap_conf_vector_t *conf_vector(void *rec)
{
    void **v = apr_pcalloc(pool, sizeof *v * (pserv_module.module_index + 1));

    v[pserv_module.module_index] = rec;
    return (ap_conf_vector_t *)v;
}

#define TEST_TIME apr_time_from_sec(1700000000)  /* 2023-11-14 22:13:20 */

/* A request for method and uri ("path?query") in a <Location> with dir's
 * settings (NULL: none set). */
static request_rec *fake_request(int method, const char *uri,
                                 pserv_dir_conf *dir)
{
    request_rec *r = apr_pcalloc(pool, sizeof *r);
    char *q;

    r->pool = pool;
    r->method_number = method;
    r->method = method == M_POST ? "POST" : method == M_GET ? "GET" : "PUT";
    r->unparsed_uri = apr_pstrdup(pool, uri);
    r->uri = apr_pstrdup(pool, uri);
    if ((q = strchr(r->uri, '?'))) {
        *q = '\0';
        r->args = q + 1;
    }
    r->request_time = TEST_TIME;
    r->headers_in = apr_table_make(pool, 4);
    r->headers_out = apr_table_make(pool, 4);
    r->err_headers_out = apr_table_make(pool, 4);
    r->notes = apr_table_make(pool, 4);
    r->request_config = conf_vector(NULL);
    r->per_dir_config = conf_vector(dir ? dir
                                        : pserv_create_dir_conf(pool, NULL));
    return r;
}

/* ---- routes ---- */

/* One request per row of the route table, in the table's order: what it
 * must reach. A new route needs a line here: the access rule is part of
 * what this test pins. */
static const struct {
    int method;
    const char *path;
    pserv_access access;
    pserv_handler_fn handler;
    apr_int64_t id;
} routes[] = {
    { M_GET,  "/",                       PSERV_PUBLIC,
      pserv_handle_login_page, 0 },
    { M_GET,  "/login",                  PSERV_PUBLIC,
      pserv_handle_login_page, 0 },
    { M_POST, "/login",                  PSERV_PUBLIC, pserv_handle_login, 0 },
    { M_GET,  "/login/mfa",              PSERV_PUBLIC,
      pserv_handle_mfa_page, 0 },
    { M_POST, "/login/mfa",              PSERV_PUBLIC, pserv_handle_mfa, 0 },
    { M_GET,  "/login/sso",              PSERV_PUBLIC, pserv_handle_sso, 0 },
    { M_GET,  "/login/sso/kerberos",     PSERV_PUBLIC, pserv_handle_sso, 0 },
    { M_POST, "/logout",                 PSERV_LOGIN, pserv_handle_logout, 0 },
    { M_GET,  "/home",                   PSERV_LOGIN, pserv_handle_home, 0 },
    { M_GET,  "/lang/en",                PSERV_PUBLIC, pserv_handle_lang, 0 },
    { M_GET,  "/helpdesk",               PSERV_LOGIN, pserv_handle_helpdesk,
      0 },
    { M_GET,  "/requests",               PSERV_LOGIN, pserv_handle_requests,
      0 },
    { M_GET,  "/requests/export",        PSERV_LOGIN,
      pserv_handle_requests_export, 0 },
    { M_POST, "/requests/bulk",          PSERV_LOGIN, pserv_handle_bulk, 0 },
    { M_GET,  "/requests/42",            PSERV_LOGIN, pserv_handle_ticket, 42 },
    { M_POST, "/requests/43/decide",     PSERV_LOGIN, pserv_handle_decide, 43 },
    { M_POST, "/requests/44/resend",     PSERV_LOGIN, pserv_handle_resend, 44 },
    { M_GET,  "/requests/46/assign",     PSERV_ADMIN,
      pserv_handle_assign_page, 46 },
    { M_POST, "/requests/47/assign",     PSERV_ADMIN, pserv_handle_assign, 47 },
    { M_GET,  "/attachments/45",         PSERV_LOGIN,
      pserv_handle_attachment, 45 },
    { M_GET,  "/delegations",            PSERV_LOGIN,
      pserv_handle_delegations, 0 },
    { M_POST, "/delegations",            PSERV_LOGIN,
      pserv_handle_delegation_create, 0 },
    { M_POST, "/delegations/46/end",     PSERV_LOGIN,
      pserv_handle_delegation_end, 46 },
    { M_GET,  "/settings/notifications", PSERV_LOGIN,
      pserv_handle_notify, 0 },
    { M_POST, "/settings/notifications", PSERV_LOGIN,
      pserv_handle_notify_save, 0 },
    { M_GET,  "/settings/mfa",           PSERV_LOGIN,
      pserv_handle_mfa_settings, 0 },
    { M_POST, "/settings/mfa",           PSERV_LOGIN,
      pserv_handle_mfa_settings_save, 0 },
    { M_GET,  "/status/tok-en.x",        PSERV_PUBLIC, pserv_handle_status,
      0 },
    { M_GET,  "/mail/decide",            PSERV_PUBLIC,
      pserv_handle_mail_decide_page, 0 },
    { M_POST, "/mail/decide",            PSERV_PUBLIC,
      pserv_handle_mail_decide, 0 },
    { M_POST, "/status/tok-en.x",        PSERV_PUBLIC,
      pserv_handle_status_cancel, 0 },
    { M_GET,  "/password/set",           PSERV_PUBLIC,
      pserv_handle_password_set_page, 0 },
    { M_POST, "/password/set",           PSERV_PUBLIC,
      pserv_handle_password_set, 0 },
    { M_GET,  "/password/forgot",        PSERV_PUBLIC,
      pserv_handle_password_forgot_page, 0 },
    { M_POST, "/password/forgot",        PSERV_PUBLIC,
      pserv_handle_password_forgot, 0 },
    { M_GET,  "/request/new",            PSERV_PUBLIC,
      pserv_handle_request_new, 0 },
    { M_POST, "/request/new",            PSERV_PUBLIC,
      pserv_handle_request_post, 0 },
    { M_POST, "/request/submit",         PSERV_PUBLIC,
      pserv_handle_request_submit, 0 },
    { M_GET,  "/request/lookup",         PSERV_PUBLIC,
      pserv_handle_request_lookup, 0 },
    { M_GET,  "/request/revise/tok-en",  PSERV_PUBLIC,
      pserv_handle_request_revise, 0 },
    { M_GET,  "/admin",                  PSERV_ADMIN,
      pserv_handle_admin_index, 0 },
    { M_GET,  "/admin/accounts",         PSERV_ADMIN,
      pserv_handle_admin_accounts, 0 },
    { M_GET,  "/admin/accounts/7",       PSERV_ADMIN,
      pserv_handle_admin_account, 7 },
    { M_POST, "/admin/accounts/8/roles", PSERV_ADMIN,
      pserv_handle_admin_roles, 8 },
    { M_POST, "/admin/accounts/9/deactivate", PSERV_ADMIN,
      pserv_handle_admin_deactivate, 9 },
    { M_POST, "/admin/accounts/10/reactivate", PSERV_ADMIN,
      pserv_handle_admin_reactivate, 10 },
    { M_POST, "/admin/accounts/11/unlock", PSERV_ADMIN,
      pserv_handle_admin_unlock, 11 },
    { M_POST, "/admin/accounts/12/link", PSERV_ADMIN,
      pserv_handle_admin_link, 12 },
    { M_POST, "/admin/accounts/15/mfa-reset", PSERV_ADMIN,
      pserv_handle_admin_mfa_reset, 15 },
    { M_GET,  "/admin/accounts/13/delegations", PSERV_ADMIN,
      pserv_handle_admin_delegations, 13 },
    { M_POST, "/admin/accounts/14/delegations", PSERV_ADMIN,
      pserv_handle_admin_delegation_create, 14 },
    { M_GET,  "/admin/units",            PSERV_ADMIN,
      pserv_handle_admin_units, 0 },
    { M_GET,  "/admin/units/new",        PSERV_ADMIN,
      pserv_handle_admin_unit_new, 0 },
    { M_GET,  "/admin/units/edit",       PSERV_ADMIN,
      pserv_handle_admin_unit_edit, 0 },
    { M_POST, "/admin/units/save",       PSERV_ADMIN,
      pserv_handle_admin_unit_save, 0 },
    { M_POST, "/admin/units/active",     PSERV_ADMIN,
      pserv_handle_admin_unit_active, 0 },
    { M_GET,  "/admin/units/import",     PSERV_ADMIN,
      pserv_handle_admin_units_import_page, 0 },
    { M_POST, "/admin/units/import",     PSERV_ADMIN,
      pserv_handle_admin_units_import, 0 },
    { M_GET,  "/admin/employees",        PSERV_ADMIN,
      pserv_handle_admin_employees, 0 },
    { M_GET,  "/admin/employees/import", PSERV_ADMIN,
      pserv_handle_admin_import_page, 0 },
    { M_POST, "/admin/employees/import", PSERV_ADMIN,
      pserv_handle_admin_import, 0 },
    { M_POST, "/admin/employees/account", PSERV_ADMIN,
      pserv_handle_admin_employee_account, 0 },
    { M_GET,  "/admin/platforms",        PSERV_ADMIN,
      pserv_handle_admin_platforms, 0 },
    { M_GET,  "/admin/platforms/new",    PSERV_ADMIN,
      pserv_handle_admin_platform_new, 0 },
    { M_GET,  "/admin/platforms/edit",   PSERV_ADMIN,
      pserv_handle_admin_platform_edit, 0 },
    { M_POST, "/admin/platforms/save",   PSERV_ADMIN,
      pserv_handle_admin_platform_save, 0 },
    { M_POST, "/admin/platforms/active", PSERV_ADMIN,
      pserv_handle_admin_platform_active, 0 },
    { M_GET,  "/admin/stuck",            PSERV_ADMIN,
      pserv_handle_admin_stuck, 0 },
    { M_GET,  "/admin/access",           PSERV_ADMIN,
      pserv_handle_admin_access, 0 },
    { M_GET,  "/admin/subject",          PSERV_ADMIN,
      pserv_handle_admin_subject, 0 },
    { M_POST, "/admin/subject/export",   PSERV_ADMIN,
      pserv_handle_admin_subject_export, 0 },
    { M_POST, "/admin/subject/requests/21/anonymise", PSERV_ADMIN,
      pserv_handle_admin_subject_anonymise, 21 },
    { M_GET,  "/api/v1/me",              PSERV_API, pserv_handle_api_me, 0 },
    { M_GET,  "/api/v1/requests",        PSERV_API,
      pserv_handle_api_requests, 0 },
    { M_GET,  "/api/v1/requests/123456789012345678", PSERV_API,
      pserv_handle_api_request, 123456789012345678 },
    { M_GET,  "/healthz",                PSERV_PUBLIC, pserv_handle_healthz,
      0 },
    { M_GET,  "/privasi",                PSERV_PUBLIC, pserv_handle_privacy,
      0 },
    { M_GET,  "/_error",                 PSERV_PUBLIC, pserv_handle_error, 0 },
    { M_POST, "/_error",                 PSERV_PUBLIC, pserv_handle_error, 0 },
    { M_POST, "/_test/digest",           PSERV_PUBLIC,
      pserv_handle_test_digest, 0 },
    { M_POST, "/_test/mail-look",        PSERV_PUBLIC,
      pserv_handle_test_mail_look, 0 },
    { M_POST, "/_test/retention",        PSERV_PUBLIC,
      pserv_handle_test_retention, 0 },
};

#define N_ROUTES (sizeof routes / sizeof routes[0])
#define BIT(m)   (AP_METHOD_BIT << (m))

/* Each request reaches its own row (so every row is reachable: none is
 * shadowed by an earlier one), with its access rule, handler and ID. */
START_TEST(every_route_found)
{
    apr_size_t i;

    ck_assert_uint_eq(pserv_routes_count, N_ROUTES);
    for (i = 0; i < N_ROUTES; i++) {
        apr_int64_t id = 0, allowed;
        const pserv_route_def *d = pserv_route_find(routes[i].method,
                                                    routes[i].path, &id,
                                                    &allowed);
        ck_assert_msg(d == &pserv_routes[i], "%s reaches row %d, not %d",
                      routes[i].path, d ? (int)(d - pserv_routes) : -1,
                      (int)i);
        ck_assert_int_eq(d->method, routes[i].method);
        ck_assert_msg(d->access == routes[i].access, "%s: access %d",
                      routes[i].path, d->access);
        ck_assert_msg(d->handler == routes[i].handler, "%s: handler",
                      routes[i].path);
        ck_assert_msg(id == routes[i].id, "%s: id %" APR_INT64_T_FMT,
                      routes[i].path, id);
    }
}
END_TEST

/* The row (or NULL) and what find says for method and path. */
static const pserv_route_def *find(int method, const char *path,
                                   apr_int64_t *id, apr_int64_t *allowed)
{
    *id = 0;
    return pserv_route_find(method, path, id, allowed);
}

/* "#" takes a positive decimal ID in one spelling, of at most 18 digits
 * (anything longer could overflow apr_int64_t). */
START_TEST(id_segments)
{
    apr_int64_t id, allowed;
    const pserv_route_def *d;

    d = find(M_GET, "/requests/1", &id, &allowed);
    ck_assert(d && d->handler == pserv_handle_ticket);
    ck_assert_int_eq(id, 1);
    d = find(M_GET, "/requests/999999999999999999", &id, &allowed);
    ck_assert(d && d->handler == pserv_handle_ticket);
    ck_assert_int_eq(id, 999999999999999999);

    ck_assert_ptr_null(find(M_GET, "/requests/1000000000000000000", &id,
                            &allowed));                 /* 19 digits */
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "/requests/0", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "/requests/07", &id, &allowed));
    ck_assert_ptr_null(find(M_GET, "/requests/-7", &id, &allowed));
    ck_assert_ptr_null(find(M_GET, "/requests/+7", &id, &allowed));
    ck_assert_ptr_null(find(M_GET, "/requests/7a", &id, &allowed));
    ck_assert_ptr_null(find(M_GET, "/requests/7/", &id, &allowed));
    ck_assert_ptr_null(find(M_GET, "/requests/", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_POST, "/requests/0/decide", &id, &allowed));
    ck_assert_int_eq(allowed, 0);

    /* a word where an ID goes is a route of its own, or nothing */
    d = find(M_GET, "/requests/export", &id, &allowed);
    ck_assert(d && d->handler == pserv_handle_requests_export);
    ck_assert_int_eq(id, 0);
    ck_assert_ptr_null(find(M_GET, "/requests/exports", &id, &allowed));
    ck_assert_int_eq(allowed, 0);

    d = find(M_POST, "/admin/accounts/5/link", &id, &allowed);
    ck_assert(d && d->handler == pserv_handle_admin_link);
    ck_assert_int_eq(id, 5);
}
END_TEST

/* "*" at the end takes whatever is left, nothing included; the prefix
 * before it must be there whole. */
START_TEST(tail_segments)
{
    static const char *const tails[] = {
        "/status/", "/status/abc", "/status/a/b/c", "/status/%2e%2e",
        "/status/..", "/status/0"
    };
    apr_int64_t id, allowed;
    apr_size_t i;

    for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        const pserv_route_def *d = find(M_GET, tails[i], &id, &allowed);
        ck_assert_msg(d && d->handler == pserv_handle_status, "%s",
                      tails[i]);
        ck_assert_int_eq(id, 0);
    }
    ck_assert_ptr_null(find(M_GET, "/status", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "/statusx", &id, &allowed));
    /* POST: Batalkan Permohonan on the same page */
    ck_assert(find(M_POST, "/status/abc", &id, &allowed)->handler
              == pserv_handle_status_cancel);
    ck_assert_ptr_null(find(M_PUT, "/status/abc", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET) | BIT(M_POST));
}
END_TEST

/* No row for the method: the methods the path takes (405 with Allow), or
 * none at all (404). Paths match exactly: no trailing slash, no case. */
START_TEST(not_allowed_and_not_found)
{
    apr_int64_t id, allowed;

    ck_assert_ptr_null(find(M_POST, "/home", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET));
    ck_assert_ptr_null(find(M_GET, "/logout", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_POST));
    ck_assert_ptr_null(find(M_GET, "/requests/5/decide", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_POST));
    ck_assert_ptr_null(find(M_PUT, "/login", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET) | BIT(M_POST));
    ck_assert_ptr_null(find(M_DELETE, "/_error", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET) | BIT(M_POST));
    ck_assert_ptr_null(find(M_PUT, "/admin/employees/import", &id,
                            &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET) | BIT(M_POST));
    ck_assert_ptr_null(find(M_POST, "/api/v1/requests/3", &id, &allowed));
    ck_assert_int_eq(allowed, BIT(M_GET));

    ck_assert_ptr_null(find(M_GET, "/nowhere", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "/home/", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "/HOME", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
    ck_assert_ptr_null(find(M_GET, "//", &id, &allowed));
    ck_assert_int_eq(allowed, 0);
}
END_TEST

/* pserv_route on a fresh request; returns its status and leaves the rest
 * in seen. */
static int route(int method, const char *uri, request_rec **out)
{
    request_rec *r = fake_request(method, uri, NULL);

    memset(&seen, 0, sizeof seen);
    if (out)
        *out = r;
    return pserv_route(r);
}

static pserv_session user = { .account_id = 5, .username = "maya",
                              .full_name = "Maya", .nopek = "10020002",
                              .roles = "", .csrf = "c", .token_hash = "h" };
static pserv_session admin = { .account_id = 1, .username = "admin",
                               .full_name = "Admin", .roles = "admin",
                               .csrf = "c", .token_hash = "h" };

/* Without a session: public routes run (with no session), pages go to the
 * login page (a GET comes back to itself afterwards), the API answers 401. */
START_TEST(access_without_session)
{
    apr_size_t i;

    for (i = 0; i < N_ROUTES; i++) {
        int rv = route(routes[i].method, routes[i].path, NULL);
        const char *p = routes[i].path;

        switch (routes[i].access) {
        case PSERV_PUBLIC:
            ck_assert_msg(seen.handler == routes[i].handler, "%s", p);
            ck_assert_ptr_null(seen.session);
            ck_assert_int_eq(seen.id, routes[i].id);
            ck_assert_int_eq(rv, OK);
            break;
        case PSERV_LOGIN:
        case PSERV_ADMIN:
            ck_assert_msg(!seen.handler, "%s ran its handler", p);
            ck_assert_int_eq(rv, HTTP_SEE_OTHER);
            if (routes[i].method == M_GET)
                ck_assert_str_eq(seen.location,
                    apr_pstrcat(pool, "/login?next=",
                                ap_escape_urlencoded(pool, p), NULL));
            else
                ck_assert_str_eq(seen.location, "/login");
            ck_assert_int_eq(seen.status, 0);
            break;
        case PSERV_API:
            ck_assert_msg(!seen.handler, "%s ran its handler", p);
            ck_assert_int_eq(seen.status, HTTP_UNAUTHORIZED);
            ck_assert_ptr_null(seen.location);
            break;
        }
    }
    /* the query string comes back too, if it is a safe local path */
    route(M_GET, "/requests?status=atasan&page=2", NULL);
    ck_assert_str_eq(seen.location,
                     "/login?next=%2frequests%3fstatus%3datasan%26page%3d2");
    route(M_GET, "/requests?q=a b", NULL);
    ck_assert_str_eq(seen.location, "/login");
}
END_TEST

/* The database down: no session could be checked, 503 for every route
 * behind login (not the login page), public routes still run. */
START_TEST(access_database_down)
{
    apr_size_t i;

    fake.db_down = 1;
    for (i = 0; i < N_ROUTES; i++) {
        route(routes[i].method, routes[i].path, NULL);
        if (routes[i].access == PSERV_PUBLIC) {
            ck_assert_msg(seen.handler == routes[i].handler, "%s",
                          routes[i].path);
        }
        else {
            ck_assert_msg(!seen.handler, "%s ran", routes[i].path);
            ck_assert_int_eq(seen.status, HTTP_SERVICE_UNAVAILABLE);
            ck_assert_ptr_null(seen.location);
        }
    }
}
END_TEST

/* A user's session: every route but the admin pages runs, and gets the
 * session (public routes get none); admin pages answer 403 and say why. */
START_TEST(access_with_session)
{
    apr_size_t i;

    fake.session = &user;
    for (i = 0; i < N_ROUTES; i++) {
        const char *p = routes[i].path;

        route(routes[i].method, p, NULL);
        if (routes[i].access == PSERV_ADMIN) {
            ck_assert_msg(!seen.handler, "%s ran for a user", p);
            ck_assert_int_eq(seen.status, HTTP_FORBIDDEN);
            ck_assert_str_eq(seen.denied, "role");
            continue;
        }
        ck_assert_msg(seen.handler == routes[i].handler, "%s", p);
        ck_assert_int_eq(seen.id, routes[i].id);
        ck_assert_ptr_eq(seen.session,
                         routes[i].access == PSERV_PUBLIC ? NULL : &user);
        ck_assert_int_eq(seen.status, 0);
        ck_assert_ptr_null(seen.denied);
    }

    fake.session = &admin;
    for (i = 0; i < N_ROUTES; i++) {
        route(routes[i].method, routes[i].path, NULL);
        ck_assert_msg(seen.handler == routes[i].handler, "%s",
                      routes[i].path);
        ck_assert_ptr_eq(seen.session,
                         routes[i].access == PSERV_PUBLIC ? NULL : &admin);
        ck_assert_ptr_null(seen.denied);
    }
}
END_TEST

/* pserv_route answers 404, or 405 with r->allowed for the Allow header,
 * before it looks at any session. */
START_TEST(route_404_405)
{
    request_rec *r;

    fake.db_down = 1;
    route(M_GET, "/nowhere", &r);
    ck_assert_int_eq(seen.status, HTTP_NOT_FOUND);
    ck_assert_int_eq(r->allowed, 0);
    route(M_GET, "/requests/5/decide", &r);
    ck_assert_int_eq(seen.status, HTTP_METHOD_NOT_ALLOWED);
    ck_assert_int_eq(r->allowed, BIT(M_POST));
    route(M_PUT, "/password/set?t=x", &r);
    ck_assert_int_eq(seen.status, HTTP_METHOD_NOT_ALLOWED);
    ck_assert_int_eq(r->allowed, BIT(M_GET) | BIT(M_POST));
    ck_assert(!seen.handler);
    ck_assert_int_eq(pserv_req_get(r)->db_failed, 0);
}
END_TEST

/* ---- configuration ---- */

/* Check that each member of a record is what want says: "unset", the
 * base's value or the add's, for its kind (config.h). */
static void member_eq(const char *what, const char *m, int is_str,
                      const void *got_p, const void *want_p,
                      apr_int64_t got, apr_int64_t want)
{
    if (is_str)
        ck_assert_msg(got_p == want_p, "%s: %s is \"%s\", not \"%s\"",
                      what, m, got_p ? (const char *)got_p : "(null)",
                      want_p ? (const char *)want_p : "(null)");
    else
        ck_assert_msg(got == want, "%s: %s is %" APR_INT64_T_FMT ", not %"
                      APR_INT64_T_FMT, what, m, got, want);
}

/* Per kind: a value to set (the base's or the add's), the unset value,
 * and whether a scope inherits the member. */
#define VAL_STR(add)    ((void *)((add) ? "add" : "base")) /* any pointer */
#define VAL_NUM(add)    ((add) ? 9 : 7)
#define VAL_HERE(add)   1
#define UNSET_STR       NULL
#define UNSET_NUM       PSERV_UNSET
#define UNSET_HERE      0
#define INHERITS_STR    1
#define INHERITS_NUM    1
#define INHERITS_HERE   0
#define IS_STR_STR      1
#define IS_STR_NUM      0
#define IS_STR_HERE     0

#define SET_BASE(kind, type, m, dflt)   base->m = VAL_##kind(0);
#define SET_ADD(kind, type, m, dflt)    add->m = VAL_##kind(1);
#define EXPECT(kind, m, want)                                               \
    member_eq(what, #m, IS_STR_##kind,                                      \
              STRV_##kind##_P(c->m), STRV_##kind##_P(want),                 \
              NUMV_##kind##_P(c->m), NUMV_##kind##_P(want));
#define STRV_STR_P(x)   ((const void *)(x))
#define STRV_NUM_P(x)   NULL
#define STRV_HERE_P(x)  NULL
#define NUMV_STR_P(x)   0
#define NUMV_NUM_P(x)   ((apr_int64_t)(x))
#define NUMV_HERE_P(x)  ((apr_int64_t)(x))
#define IS_UNSET(kind, type, m, dflt)   EXPECT(kind, m, UNSET_##kind)
#define IS_BASE(kind, type, m, dflt)                                        \
    EXPECT(kind, m, INHERITS_##kind ? base->m : UNSET_##kind)
#define IS_ADD(kind, type, m, dflt)     EXPECT(kind, m, add->m)

/* create, then merge of each pair of (unset, set) records, for a record
 * type T with member list LIST. */
#define TEST_MERGE(T, LIST, create, merge, ctx)                             \
    do {                                                                    \
        T *base, *add, *c;                                                  \
        const char *what;                                                   \
                                                                            \
        what = "created";                                                   \
        c = create(pool, ctx);                                              \
        LIST(IS_UNSET)                                                      \
                                                                            \
        what = "neither set";                                               \
        base = create(pool, ctx);                                           \
        add = create(pool, ctx);                                            \
        c = merge(pool, base, add);                                         \
        ck_assert(c != base && c != add);                                   \
        LIST(IS_UNSET)                                                      \
                                                                            \
        what = "base set";                                                  \
        LIST(SET_BASE)                                                      \
        c = merge(pool, base, add);                                         \
        LIST(IS_BASE)                                                       \
                                                                            \
        what = "both set";                                                  \
        LIST(SET_ADD)                                                       \
        c = merge(pool, base, add);                                         \
        LIST(IS_ADD)                                                        \
                                                                            \
        what = "add set";                                                   \
        base = create(pool, ctx);                                           \
        c = merge(pool, base, add);                                         \
        LIST(IS_ADD)                                                        \
    } while (0)

/* Every member of both records, from the same lists the records are made
 * of: unset when created, inherited when unset (but "HERE" members),
 * overridden when set. */
START_TEST(merge_every_member)
{
    TEST_MERGE(pserv_dir_conf, PSERV_DIR_CONF, pserv_create_dir_conf,
               pserv_merge_dir_conf, NULL);
    TEST_MERGE(pserv_srv_conf, PSERV_SRV_CONF, pserv_create_srv_conf,
               pserv_merge_srv_conf, NULL);
}
END_TEST

/* A server with base's settings and a virtual host with add's. */
static server_rec *fake_servers(pserv_srv_conf *base, pserv_srv_conf *add,
                                server_rec **vhost)
{
    server_rec *s = apr_pcalloc(pool, sizeof *s);

    s->module_config = conf_vector(base);
    *vhost = apr_pcalloc(pool, sizeof **vhost);
    (*vhost)->module_config = conf_vector(
        pserv_merge_srv_conf(pool, base, add));
    s->next = *vhost;
    return s;
}

/* The defaults, as README.md and the directives' help give them. */
START_TEST(defaults)
{
    pserv_dir_conf *d = pserv_merge_dir_conf(pool,
        pserv_create_dir_conf(pool, NULL), pserv_create_dir_conf(pool, NULL));
    pserv_srv_conf *base = pserv_create_srv_conf(pool, NULL), c;
    server_rec *vhost, *s = fake_servers(base,
                                         pserv_create_srv_conf(pool, NULL),
                                         &vhost);

    pserv_dir_conf_defaults(d);
    ck_assert_str_eq(d->templates, "/usr/share/pserv/templates");
    ck_assert_str_eq(d->base_url, "http://localhost");
    ck_assert_int_eq(d->session_idle, apr_time_from_sec(1800));
    ck_assert_int_eq(d->session_max, apr_time_from_sec(43200));
    ck_assert_int_eq(d->token_lifetime, apr_time_from_sec(259200));
    ck_assert_int_eq(d->upload_max_file, 5242880);
    ck_assert_int_eq(d->upload_max_files, 5);
    ck_assert_int_eq(d->body_max, 28311552);
    ck_assert_int_eq(pserv_conf_cookie_secure(d), 1);
    ck_assert_int_eq(pserv_conf_test_hooks(d), 0);
    ck_assert_str_eq(d->sso_login, "");
    ck_assert_str_eq(d->sso_logout_url, "");
    ck_assert_str_eq(d->sso_mfa_var, "");
    ck_assert_str_eq(d->sso_mfa_values, "");

    pserv_srv_conf_get(s, &c);
    ck_assert_ptr_null(c.mail_smtp);
    ck_assert_str_eq(c.mail_from, "P-Serv <pserv@example.com>");
    ck_assert_ptr_null(c.mail_user);
    ck_assert_ptr_null(c.mail_password);
    ck_assert_int_eq(c.mail_retry_base, apr_time_from_sec(60));
    ck_assert_int_eq(c.mail_retry_max, apr_time_from_sec(3600));
    ck_assert_int_eq(c.mail_interval, apr_time_from_sec(5));
    ck_assert_int_eq(c.mail_max_attempts, 10);
    ck_assert_int_eq(c.mail_batch, 20);
    ck_assert_int_eq(c.remind_after, 24);
    ck_assert_int_eq(c.escalate_after, 72);
    ck_assert_int_eq(c.retain_attachments, 365);
    ck_assert_int_eq(c.retain_rejected, 180);
    ck_assert_int_eq(c.retain_drafts, 1);
    ck_assert_int_eq(c.retain_mail, 30);
    ck_assert_int_eq(c.mail_smtp_here, 0);
    /* the defaults go into the copy, never into the record */
    ck_assert_ptr_null(base->mail_from);
    ck_assert_int_eq(base->mail_batch, PSERV_UNSET);
}
END_TEST

/* Run directive name with arg against the record its scope writes: dir
 * for a per-directory one, s's for a server one. Returns its error. */
static const char *directive(server_rec *s, void *dir, const char *name,
                             const char *arg)
{
    const command_rec *cmd = pserv_cmds;
    cmd_parms parms;

    while (cmd->name && strcmp(cmd->name, name) != 0)
        cmd++;
    ck_assert_msg(cmd->name != NULL, "no directive %s", name);
    memset(&parms, 0, sizeof parms);
    parms.info = cmd->cmd_data;
    parms.cmd = cmd;
    parms.pool = pool;
    parms.temp_pool = pool;
    parms.server = s;
    if (cmd->args_how == FLAG)
        return cmd->AP_FLAG(&parms, dir, strcasecmp(arg, "On") == 0);
    if (cmd->args_how == RAW_ARGS)
        return cmd->AP_RAW_ARGS(&parms, dir, arg);
    /* ITERATE: httpd calls it once per argument, as TAKE1 */
    ck_assert(cmd->args_how == TAKE1 || cmd->args_how == ITERATE);
    return cmd->AP_TAKE1(&parms, dir, arg);
}

/* The directives write the members their help names, and refuse what
 * they should. */
START_TEST(directives_write_their_member)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    pserv_srv_conf *base = pserv_create_srv_conf(pool, NULL), c;
    server_rec *vhost, *s;

    ck_assert_ptr_null(directive(NULL, d, "PservTemplates", "tpl"));
    ck_assert_str_eq(d->templates, TEST_SERVER_ROOT "/tpl");
    ck_assert_ptr_null(directive(NULL, d, "PservBaseURL",
                                 "https://pserv.example.com//"));
    ck_assert_str_eq(d->base_url, "https://pserv.example.com");
    ck_assert_ptr_nonnull(directive(NULL, d, "PservBaseURL", "ftp://x"));
    ck_assert_ptr_null(directive(NULL, d, "PservCookieSecure", "Off"));
    ck_assert_int_eq(d->cookie_secure, 0);
    ck_assert_int_eq(pserv_conf_cookie_secure(d), 0);
    ck_assert_ptr_null(directive(NULL, d, "PservTestHooks", "On"));
    ck_assert_int_eq(pserv_conf_test_hooks(d), 1);
    ck_assert_ptr_null(directive(NULL, d, "PservSessionIdleTimeout", "60"));
    ck_assert_int_eq(d->session_idle, apr_time_from_sec(60));
    ck_assert_str_eq(directive(NULL, d, "PservSessionIdleTimeout", "0"),
        "PservSessionIdleTimeout takes a positive number of seconds");
    ck_assert_ptr_null(directive(NULL, d, "PservSessionMaxAge", "61"));
    ck_assert_int_eq(d->session_max, apr_time_from_sec(61));
    ck_assert_ptr_null(directive(NULL, d, "PservTokenLifetime", "62"));
    ck_assert_int_eq(d->token_lifetime, apr_time_from_sec(62));
    ck_assert_ptr_null(directive(NULL, d, "PservUploadMaxFileSize", "1000"));
    ck_assert_int_eq(d->upload_max_file, 1000);
    ck_assert_ptr_null(directive(NULL, d, "PservUploadMaxFiles", "0"));
    ck_assert_int_eq(d->upload_max_files, 0);
    ck_assert_ptr_nonnull(directive(NULL, d, "PservUploadMaxFiles", "101"));
    ck_assert_ptr_null(directive(NULL, d, "PservRequestBodyMax", "2000"));
    ck_assert_int_eq(d->body_max, 2000);
    ck_assert_ptr_nonnull(directive(NULL, d, "PservRequestBodyMax", "-1"));

    s = fake_servers(base, pserv_create_srv_conf(pool, NULL), &vhost);
    ck_assert_ptr_null(directive(s, NULL, "PservMailSMTP",
                                 "smtp://mail.example.com:25"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservMailSMTP",
                                    "smtp://user@mail.example.com:25"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservMailSMTP", "http://x"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailFrom",
                                 "Desk <desk@example.com>"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservMailFrom", "nobody"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailUser", "u"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailPassword", "pw"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailRetryBase", "30"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailRetryMax", "31"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailInterval", "32"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailMaxAttempts", "3"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservMailMaxAttempts", "0"));
    ck_assert_ptr_null(directive(s, NULL, "PservMailBatch", "4"));
    ck_assert_ptr_null(directive(s, NULL, "PservRemindAfter", "0"));
    ck_assert_ptr_null(directive(s, NULL, "PservEscalateAfter", "8760"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservEscalateAfter", "8761"));
    /* retention (retain.c): days, 0 for ever; a negative or non-number
     * value stops Apache with the directive's name and the value */
    ck_assert_ptr_null(directive(s, NULL, "PservRetainAttachments", "730"));
    ck_assert_ptr_null(directive(s, NULL, "PservRetainRejected", "0"));
    ck_assert_ptr_null(directive(s, NULL, "PservRetainDrafts", "2"));
    ck_assert_ptr_null(directive(s, NULL, "PservRetainMail", "36500"));
    ck_assert_str_eq(directive(s, NULL, "PservRetainMail", "-1"),
                     "PservRetainMail -1: takes a number of days from 0 (keep "
                     "for ever) to 36500");
    ck_assert_ptr_nonnull(directive(s, NULL, "PservRetainDrafts", "satu"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservRetainRejected", "7d"));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservRetainAttachments", ""));
    ck_assert_ptr_nonnull(directive(s, NULL, "PservRetainMail", "36501"));

    pserv_srv_conf_get(s, &c);
    ck_assert_str_eq(c.mail_smtp, "smtp://mail.example.com:25");
    ck_assert_int_eq(c.mail_smtp_here, 1);
    ck_assert_str_eq(c.mail_from, "Desk <desk@example.com>");
    ck_assert_str_eq(c.mail_user, "u");
    ck_assert_str_eq(c.mail_password, "pw");
    ck_assert_int_eq(c.mail_retry_base, apr_time_from_sec(30));
    ck_assert_int_eq(c.mail_retry_max, apr_time_from_sec(31));
    ck_assert_int_eq(c.mail_interval, apr_time_from_sec(32));
    ck_assert_int_eq(c.mail_max_attempts, 3);
    ck_assert_int_eq(c.mail_batch, 4);
    ck_assert_int_eq(c.remind_after, 0);
    ck_assert_int_eq(c.escalate_after, 8760);
    ck_assert_int_eq(c.retain_attachments, 730);
    ck_assert_int_eq(c.retain_rejected, 0);
    ck_assert_int_eq(c.retain_drafts, 2);
    ck_assert_int_eq(c.retain_mail, 36500);
}
END_TEST

/* PservRequireMFA takes roles and "atasan" (or none); PservMFAKeyFile
 * reads its file at once and takes only 64 hex digits. */
START_TEST(mfa_directives)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    char good[] = "/tmp/pserv-test-mfa-keyXXXXXX", bad[] = "/tmp/pserv-test-mfa-badXXXXXX";
    int fd;

    ck_assert_ptr_null(directive(NULL, d, "PservRequireMFA",
                                 "admin  ict_verificator atasan"));
    ck_assert_str_eq(d->mfa_require, "admin ict_verificator atasan");
    ck_assert_ptr_null(directive(NULL, d, "PservRequireMFA", "none"));
    ck_assert_str_eq(d->mfa_require, "");
    ck_assert_str_eq(directive(NULL, d, "PservRequireMFA", "admin chief"),
                     "PservRequireMFA: unknown role 'chief' (admin, "
                     "ict_verificator, ict_manager, ict_executor, atasan; or "
                     "none)");
    ck_assert_ptr_nonnull(directive(NULL, d, "PservRequireMFA", "none admin"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservRequireMFA", ""));

    fd = mkstemp(good);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "  00112233445566778899AABBCCDDEEFF"
                               "00112233445566778899aabbccddeeff\n", 67), 67);
    close(fd);
    ck_assert_ptr_null(directive(NULL, d, "PservMFAKeyFile", good));
    ck_assert_str_eq(d->mfa_key, "00112233445566778899aabbccddeeff"
                                 "00112233445566778899aabbccddeeff");
    fd = mkstemp(bad);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "0011223344556677\n", 17), 17);
    close(fd);
    ck_assert_ptr_nonnull(strstr(directive(NULL, d, "PservMFAKeyFile", bad),
                                 "must hold the key as 64 hexadecimal digits"));
    ck_assert_ptr_nonnull(strstr(directive(NULL, d, "PservMFAKeyFile",
                                           "/nonexistent/mfa.key"),
                                 "cannot read /nonexistent/mfa.key"));
    unlink(good);
    unlink(bad);
}
END_TEST

/* PservPrivacyNotice FILE [FILE-en] (TAKE12) on record d. */
static const char *privacy_notice(void *d, const char *a, const char *b)
{
    const command_rec *cmd = pserv_cmds;
    cmd_parms parms;

    while (cmd->name && strcmp(cmd->name, "PservPrivacyNotice") != 0)
        cmd++;
    ck_assert_ptr_nonnull(cmd->name);
    ck_assert_int_eq(cmd->args_how, TAKE12);
    memset(&parms, 0, sizeof parms);
    parms.cmd = cmd;
    parms.pool = pool;
    parms.temp_pool = pool;
    return cmd->AP_TAKE2(&parms, d, a, b);
}

static void write_temp(char *path, const char *text)
{
    int fd = mkstemp(path);
    apr_size_t n = strlen(text);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
}

/* The notice's files are read at once: paragraphs per language, the first
 * file for both without a second; what cannot be shown is refused. */
START_TEST(privacy_directives)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    char id[] = "/tmp/pserv-test-notice-idXXXXXX";
    char en[] = "/tmp/pserv-test-notice-enXXXXXX";
    char bad[] = "/tmp/pserv-test-notice-badXXXXXX";
    char blank[] = "/tmp/pserv-test-notice-blankXXXXXX";
    const pserv_privacy_file *pf;

    write_temp(id, "Satu\nbaris dua\n\nTiga\n");
    write_temp(en, "One\n\nTwo\n");
    write_temp(bad, "Data \xc3\x28\n");
    write_temp(blank, "  \n\t\n");
    ck_assert_ptr_null(privacy_notice(d, id, NULL));
    pf = d->privacy_file;
    ck_assert_int_eq(pf->paras[0]->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(pf->paras[0], 0, const char *),
                     "Satu baris dua");
    ck_assert_ptr_eq(pf->paras[1], pf->paras[0]);
    ck_assert_ptr_null(privacy_notice(d, id, en));
    pf = d->privacy_file;
    ck_assert_str_eq(APR_ARRAY_IDX(pf->paras[1], 1, const char *), "Two");
    ck_assert_ptr_nonnull(strstr(privacy_notice(d, bad, NULL),
                                 "is not UTF-8 text"));
    ck_assert_ptr_nonnull(strstr(privacy_notice(d, blank, NULL), "is empty"));
    ck_assert_ptr_nonnull(strstr(privacy_notice(d, id, "/nonexistent/en.txt"),
                                 "cannot read /nonexistent/en.txt"));
    ck_assert_ptr_eq(d->privacy_file, pf); /* a refused line changes nothing */
    ck_assert_ptr_null(
        directive(NULL, d, "PservPrivacyContact", "privasi@contoh.co.id"));
    ck_assert_str_eq(d->privacy_contact, "privasi@contoh.co.id");
    ck_assert_ptr_nonnull(
        directive(NULL, d, "PservPrivacyContact", "two\nlines"));
    unlink(id);
    unlink(en);
    unlink(bad);
    unlink(blank);
}
END_TEST

/* PservSSOTrustMFA VARIABLE VALUE... (TAKE_ARGV) on record d. */
static const char *trust_mfa(void *d, int argc, const char *const *argv)
{
    const command_rec *cmd = pserv_cmds;
    cmd_parms parms;

    while (cmd->name && strcmp(cmd->name, "PservSSOTrustMFA") != 0)
        cmd++;
    ck_assert_ptr_nonnull(cmd->name);
    ck_assert_int_eq(cmd->args_how, TAKE_ARGV);
    memset(&parms, 0, sizeof parms);
    parms.cmd = cmd;
    parms.pool = pool;
    parms.temp_pool = pool;
    return cmd->AP_TAKE_ARGV(&parms, d, argc, (char *const *)argv);
}

/* The SSO hand-off's directives: the link, the logout URL, the trusted
 * second factor; what they refuse. */
START_TEST(sso_directives)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    const char *amr[] = { "OIDC_CLAIM_amr", "otp", "hwk" };
    const char *off[] = { "Off" };
    const char *hdr[] = { "HTTP_X_AMR", "otp" };
    const char *novalue[] = { "OIDC_CLAIM_acr" };
    const char *comma[] = { "OIDC_CLAIM_amr", "otp,hwk" };

    ck_assert_ptr_null(directive(NULL, d, "PservSSOLogin", "/login/sso"));
    ck_assert_str_eq(d->sso_login, "/login/sso");
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogin",
                                    "https://idp.example.com/"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogin", "//evil/x"));
    ck_assert_ptr_null(directive(NULL, d, "PservSSOLogin", "Off"));
    ck_assert_str_eq(d->sso_login, "");

    ck_assert_ptr_null(directive(NULL, d, "PservSSOLogoutURL",
                                 "https://idp.example.com/logout?x=1&y=2"));
    ck_assert_str_eq(d->sso_logout_url,
                     "https://idp.example.com/logout?x=1&y=2");
    ck_assert_ptr_null(directive(NULL, d, "PservSSOLogoutURL",
                                 "/login/sso/callback?logout=%2Flogin"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogoutURL",
                                    "javascript:alert(1)"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogoutURL",
                                    "https://idp/a\"><x"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogoutURL",
                                    "https://idp/a\r\nSet-Cookie: x"));
    ck_assert_ptr_nonnull(directive(NULL, d, "PservSSOLogoutURL", "https://"));
    ck_assert_str_eq(d->sso_logout_url, "/login/sso/callback?logout=%2Flogin");
    ck_assert_ptr_null(directive(NULL, d, "PservSSOLogoutURL", "none"));
    ck_assert_str_eq(d->sso_logout_url, "");

    ck_assert_ptr_null(trust_mfa(d, 3, amr));
    ck_assert_str_eq(d->sso_mfa_var, "OIDC_CLAIM_amr");
    ck_assert_str_eq(d->sso_mfa_values, "otp hwk");
    ck_assert_ptr_nonnull(trust_mfa(d, 2, hdr));
    ck_assert_ptr_nonnull(trust_mfa(d, 1, novalue));
    ck_assert_ptr_nonnull(trust_mfa(d, 2, comma));
    ck_assert_str_eq(d->sso_mfa_var, "OIDC_CLAIM_amr");
    ck_assert_ptr_null(trust_mfa(d, 1, off));
    ck_assert_str_eq(d->sso_mfa_var, "");
    ck_assert_str_eq(d->sso_mfa_values, "");
}
END_TEST

/* PservAuthProvider: "pserv" and registered authn providers that check
 * passwords, in the order given, each once; anything else fails the
 * configuration with a message naming it. PservNewAccountSource likewise. */
START_TEST(auth_provider_list)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    const pserv_auth_provider *p;

    ck_assert_ptr_null(directive(NULL, d, "PservAuthProvider", "file"));
    ck_assert_ptr_null(directive(NULL, d, "PservAuthProvider", "PSERV"));
    ck_assert_int_eq(d->auth_providers->nelts, 2);
    p = (const pserv_auth_provider *)d->auth_providers->elts;
    ck_assert_str_eq(p[0].name, "file");
    ck_assert_ptr_eq(p[0].provider, &test_file);
    ck_assert_str_eq(p[1].name, "pserv");
    ck_assert_ptr_null(p[1].provider);
    ck_assert_str_eq(directive(NULL, d, "PservAuthProvider", "ldap"),
                     "PservAuthProvider: unknown authn provider 'ldap': "
                     "load the module that provides it (e.g. LoadModule "
                     "authnz_ldap_module for 'ldap'), or define it with "
                     "<AuthnProviderAlias> before this line");
    ck_assert_str_eq(directive(NULL, d, "PservAuthProvider", "nopw"),
                     "PservAuthProvider: the authn provider 'nopw' cannot "
                     "check a password");
    ck_assert_str_eq(directive(NULL, d, "PservAuthProvider", "file"),
                     "PservAuthProvider: 'file' is listed twice");
    ck_assert_ptr_nonnull(directive(NULL, d, "PservAuthProvider", "a b"));
    ck_assert_int_eq(d->auth_providers->nelts, 2);

    ck_assert_ptr_null(directive(NULL, d, "PservNewAccountSource", "file"));
    ck_assert_str_eq(d->new_account_source, "file");
    ck_assert_ptr_null(directive(NULL, d, "PservNewAccountSource", "Pserv"));
    ck_assert_str_eq(d->new_account_source, "pserv");
    ck_assert_ptr_nonnull(directive(NULL, d, "PservNewAccountSource", "ldap"));
    ck_assert_str_eq(d->new_account_source, "pserv");
}
END_TEST

/* A virtual host inherits the main server's PservMailSMTP but starts no
 * worker of its own (mail_smtp_here); one that sets it does; "none" turns
 * delivery off. */
START_TEST(mail_smtp_here_is_not_inherited)
{
    pserv_srv_conf *base = pserv_create_srv_conf(pool, NULL);
    pserv_srv_conf *add = pserv_create_srv_conf(pool, NULL), c;
    server_rec *vhost, *s;

    s = fake_servers(base, add, &vhost);
    ck_assert_ptr_null(directive(s, NULL, "PservMailSMTP",
                                 "smtps://mail.example.com"));
    s = fake_servers(base, add, &vhost);
    pserv_srv_conf_get(vhost, &c);
    ck_assert_str_eq(c.mail_smtp, "smtps://mail.example.com");
    ck_assert_int_eq(c.mail_smtp_here, 0);

    ck_assert_ptr_null(directive(vhost, NULL, "PservMailSMTP", "none"));
    pserv_srv_conf_get(vhost, &c);
    ck_assert_ptr_null(c.mail_smtp);
    ck_assert_int_eq(c.mail_smtp_here, 0);

    add->mail_smtp = "smtp://other.example.com:2525";
    add->mail_smtp_here = 1;
    s = fake_servers(base, add, &vhost);
    pserv_srv_conf_get(vhost, &c);
    ck_assert_str_eq(c.mail_smtp, "smtp://other.example.com:2525");
    ck_assert_int_eq(c.mail_smtp_here, 1);
    pserv_srv_conf_get(s, &c);
    ck_assert_str_eq(c.mail_smtp, "smtps://mail.example.com");
    ck_assert_int_eq(c.mail_smtp_here, 1);
}
END_TEST

/* ---- the request's own state ---- */

/* pserv_conf: the merged record with defaults, computed once, in the
 * request's own copy. */
START_TEST(request_conf)
{
    pserv_dir_conf *d = pserv_create_dir_conf(pool, NULL);
    request_rec *r;
    const pserv_dir_conf *c;

    d->upload_max_files = 2;
    r = fake_request(M_GET, "/home", d);
    ck_assert_ptr_eq(pserv_req_get(r), pserv_req_get(r));
    c = pserv_conf(r);
    ck_assert_ptr_ne(c, d);
    ck_assert_int_eq(c->upload_max_files, 2);
    ck_assert_int_eq(c->body_max, 28311552);
    ck_assert_str_eq(c->templates, "/usr/share/pserv/templates");
    d->upload_max_files = 3;
    ck_assert_ptr_eq(pserv_conf(r), c);
    ck_assert_int_eq(pserv_conf(r)->upload_max_files, 2);
    ck_assert_ptr_null(d->templates);
}
END_TEST

/* The clock: the request's time, moved by the test header only where
 * PservTestHooks is On; fixed for the request once read. */
START_TEST(test_clock)
{
    pserv_dir_conf *on = pserv_create_dir_conf(pool, NULL);
    request_rec *r;

    r = fake_request(M_GET, "/home", NULL);
    apr_table_set(r->headers_in, "X-Pserv-Test-Clock-Offset", "3600");
    ck_assert_int_eq(pserv_now(r), TEST_TIME);
    ck_assert_str_eq(pserv_now_sql(r), "2023-11-14 22:13:20.000000+00");

    ck_assert_ptr_null(directive(NULL, on, "PservTestHooks", "On"));
    r = fake_request(M_GET, "/home", on);
    r->request_time += 123456;
    apr_table_set(r->headers_in, "X-Pserv-Test-Clock-Offset", "3600");
    ck_assert_int_eq(pserv_now(r), TEST_TIME + 123456
                                   + apr_time_from_sec(3600));
    apr_table_set(r->headers_in, "X-Pserv-Test-Clock-Offset", "7200");
    ck_assert_int_eq(pserv_now(r), TEST_TIME + 123456
                                   + apr_time_from_sec(3600));
    ck_assert_str_eq(pserv_now_sql(r), "2023-11-14 23:13:20.123456+00");

    r = fake_request(M_GET, "/home", on);
    ck_assert_int_eq(pserv_now(r), TEST_TIME);      /* no header */

    ck_assert_ptr_null(directive(NULL, on, "PservTestHooks", "Off"));
    r = fake_request(M_GET, "/home", on);
    apr_table_set(r->headers_in, "X-Pserv-Test-Clock-Offset", "3600");
    ck_assert_int_eq(pserv_now(r), TEST_TIME);
}
END_TEST

static Suite *module_suite(void)
{
    Suite *s = suite_create("module");
    TCase *tc = tcase_create("route");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_route_found);
    tcase_add_test(tc, id_segments);
    tcase_add_test(tc, tail_segments);
    tcase_add_test(tc, not_allowed_and_not_found);
    tcase_add_test(tc, access_without_session);
    tcase_add_test(tc, access_database_down);
    tcase_add_test(tc, access_with_session);
    tcase_add_test(tc, route_404_405);
    suite_add_tcase(s, tc);

    tc = tcase_create("config");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, merge_every_member);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, directives_write_their_member);
    tcase_add_test(tc, mfa_directives);
    tcase_add_test(tc, privacy_directives);
    tcase_add_test(tc, sso_directives);
    tcase_add_test(tc, auth_provider_list);
    tcase_add_test(tc, mail_smtp_here_is_not_inherited);
    tcase_add_test(tc, request_conf);
    tcase_add_test(tc, test_clock);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(module_suite)
