/*
 * signin.h: what every way of signing in shares (signin.c): finding the
 * account a signed-in name belongs to, and the last step that opens the
 * session. The login form (auth.c: P-Serv's own password or an Apache
 * authn provider, PservAuthProvider) and the SSO hand-off (/login/sso)
 * both end here, so that failures, audit, metrics and the second factor
 * are the same whichever way a person came in.
 */
#ifndef PSERV_SIGNIN_H
#define PSERV_SIGNIN_H

#include "db.h"

/* The account a name signed in by a provider or an identity provider
 * belongs to, per PservAccountMap: by username (name), or by the nopek or
 * e-mail the provider left in the configured environment variable of r.
 * Only active accounts count. With PservAutoCreateAccounts On, a nopek or
 * e-mail of an active employee without an account gets one (username:
 * name when it is a valid free username, else the e-mail's local part;
 * password_source: source; no roles), audited "account.autocreate".
 *   0: *account and *username set;
 *   HTTP_FORBIDDEN: nobody; *why says so in the user's words (the key
 *                   of its text, i18n/msg-CODE.xml: pserv_tr), *reason
 *                   in the audit's (no-account, ambiguous, no-attribute,
 *                   inactive, username-taken);
 *   other: the database failed (answer 503). */
int pserv_signin_map(request_rec *r, pserv_db *db, const char *name,
                     const char *source, apr_int64_t *account,
                     const char **username, const char **why,
                     const char **reason);

/* The last step of every successful sign-in: the account's login failures
 * forgotten, its last login and, when source is not NULL, where its
 * password lives (accounts.password_source; any other source than "pserv"
 * drops a P-Serv password it had), the session, the audit line
 * "login.ok" with via=method, the login counter. mfa_done: the identity
 * provider already asked for a second factor (PservSSOTrustMFA).
 * When the account owes a second factor (mfa.c: it is enrolled, or
 * PservRequireMFA names it) no session is made: a pending state, audited
 * "mfa.asked", and *location is /login/mfa.
 * 0 with *location: where the browser goes next (next when it is a local
 * path, else /home; or the second factor's page); else an HTTP status. */
int pserv_signin_finish(request_rec *r, pserv_db *db, apr_int64_t account,
                        const char *username, const char *method,
                        const char *source, int mfa_done, const char *next,
                        const char **location);

/* The session itself, once nothing more is owed (pserv_signin_finish, or
 * the second factor's page when the code was right): failures forgotten,
 * the session, last login, the audit line "login.ok via=METHOD mfa=MFA"
 * (mfa: "totp", "recovery", "idp" or NULL), the login counter; *location
 * as pserv_signin_finish's. 0 or an HTTP status. */
int pserv_signin_open(request_rec *r, pserv_db *db, apr_int64_t account,
                      const char *username, const char *method, const char *mfa,
                      const char *next, const char **location);

/* The login page (templates/login.xsl), for the login form and the SSO
 * hand-off alike: message (NULL: none) of type ("info", "error"), the
 * username typed, the way on (next, kept when a local path), and with
 * sso the Login dengan SSO link (PservSSOLogin, carrying next on). */
int pserv_signin_page(request_rec *r, const char *message, const char *type,
                      const char *username, const char *next, int sso,
                      int status);

#endif
