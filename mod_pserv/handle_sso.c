/*
 * handle_sso.c: GET /login/sso, the single sign-on hand-off. The page sits
 * in a <Location> that the company's own authn module protects
 * (mod_auth_openidc, mod_auth_mellon, mod_auth_gssapi; mod_auth_basic in
 * the tests); by the time this handler runs, that module has set r->user.
 * The name becomes a P-Serv account (signin.c: PservAccountMap,
 * PservAutoCreateAccounts), the account a P-Serv session, and the browser
 * goes on to the page it asked for (?next=, a local path). Every other
 * page keeps AuthType pserv and that session.
 *
 *   <Location /login/sso>
 *       AuthType openid-connect
 *       Require valid-user
 *   </Location>
 *
 * Whom to believe. r->user is taken only when an authn module of this
 * location set it in this request: the location has an AuthType, not
 * P-Serv's own, a user, and r->ap_auth_type says that AuthType's module
 * authenticated it (core/handoff.c). The identity is never read from a
 * request header (Remote-User, X-Forwarded-User, OIDC_CLAIM_*: a client
 * writes those), only r->user and the environment variables an authn
 * module or the administrator's configuration set (r->subprocess_env).
 *
 * No lockout here: no password reaches P-Serv (the provider limits its own
 * logins), and a lock per address would let one person without an account
 * shut out colleagues behind the same NAT. Every refusal is audited
 * (login.fail via=sso) and counted as a failed login.
 */
#include "db.h"
#include "signin.h"
#include "audit.h"
#include "respond.h"
#include "handlers.h"
#include "metrics.h"
#include "i18n.h"
#include "core/handoff.h"

#include "apr_strings.h"
#include "http_core.h"
#include "util_script.h"

#define PSERV_SSO_NOT_READY PSERV_MSG_KEY("sso.not_ready")

/* The login page with why the hand-off was refused (message: the key of
 * its text; 403, the audit's "forbidden" line says reason=sso
 * why=REASON), the way on (next) kept for a login with the password. No "Login dengan SSO" link here: it would
 * only bring the person back to the same refusal. */
static int pserv_sso_refused(request_rec *r, const char *message,
                             const char *reason, const char *next)
{
    pserv_audit_deny(r, "sso", "why", reason, NULL);
    return pserv_signin_page(r, pserv_tr(r, message), "error", NULL, next, 0,
                             HTTP_FORBIDDEN);
}

/* 1 when the identity provider says it asked for a second factor: the
 * PservSSOTrustMFA variable holds one of its values. */
static int pserv_sso_mfa_done(request_rec *r, const pserv_dir_conf *c)
{
    if (!*c->sso_mfa_var)
        return 0;
    return pserv_handoff_mfa(apr_table_get(r->subprocess_env, c->sso_mfa_var),
                             c->sso_mfa_values);
}

int pserv_handle_sso(request_rec *r, pserv_session *s, apr_int64_t id)
{
    const pserv_dir_conf *c = pserv_conf(r);
    const char *type = ap_auth_type(r), *next, *untrusted, *username, *why,
               *reason, *to;
    apr_table_t *args = NULL;
    apr_int64_t account;
    pserv_db *db;
    int rv, mfa;

    (void)s;
    (void)id;
    ap_args_to_table(r, &args);
    next = apr_table_get(args, "next");

    untrusted = pserv_handoff_untrusted(type, r->ap_auth_type, r->user);
    if (untrusted) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "pserv[SSO01]: single sign-on hand-off refused (%s): "
                      "AuthType %s, authenticated by %s, user %s; protect "
                      "its <Location> with the identity provider's authn "
                      "module (README, SSO through mod_auth_openidc)",
                      untrusted, type ? type : "(none)",
                      r->ap_auth_type ? r->ap_auth_type : "(nobody)",
                      r->user && *r->user ? "set" : "(none)");
        pserv_audit(r, "login.fail", r->user ? r->user : "", "via", "sso",
                    "reason", untrusted, NULL);
        pserv_metrics_login(r, "failed");
        return pserv_sso_refused(r, PSERV_SSO_NOT_READY, untrusted, next);
    }

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    rv = pserv_signin_map(r, db, r->user, "sso", &account, &username, &why,
                          &reason);
    if (rv == HTTP_FORBIDDEN) {
        pserv_audit(r, "login.fail", r->user, "via", "sso", "reason", reason,
                    NULL);
        pserv_metrics_login(r, "failed");
        return pserv_sso_refused(r, why, reason, next);
    }
    if (rv != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);

    mfa = pserv_sso_mfa_done(r, c);
    if ((rv = pserv_signin_finish(r, db, account, username, "sso", NULL, mfa,
                                  next, &to))
        != 0)
        return pserv_error_page(r, rv);
    /* Who the identity provider said it was, beside login.ok's account. */
    pserv_audit(r, "sso.handoff", username, "name", r->user, "authtype", type,
                "mfa", mfa ? "idp" : "none", NULL);
    return pserv_redirect(r, to);
}
