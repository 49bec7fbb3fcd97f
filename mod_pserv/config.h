/*
 * config.h: the directives' records (config.c). Only request.c and the
 * mail worker read them; everybody else asks request.h's pserv_conf.
 */
#ifndef PSERV_CONFIG_H
#define PSERV_CONFIG_H

#include "pserv.h"

#include "core/lang.h"

#define PSERV_DEFAULT_TEMPLATES "/usr/share/pserv/templates"
#define PSERV_UNSET             (-1)

/*
 * Each record's members are declared once, in the lists below; config.c
 * generates from them the struct, the create function (every member
 * unset), the merge function and the defaults, so that no member can be
 * forgotten in one of them. A line is X(kind, type, member, default):
 *   STR   a string; unset NULL; a scope inherits it unless it sets it.
 *   NUM   a number; unset PSERV_UNSET (-1); inherited likewise.
 *   HERE  set in this server's own context only: never inherited; unset 0.
 * A default of NULL or PSERV_UNSET keeps the member unset, for its reader
 * to decide (pserv_conf_cookie_secure, pserv_conf_test_hooks).
 */
#define PSERV_DIR_CONF(X)                                                      \
    /* PservTemplates */                                                       \
    X(STR, const char *, templates, PSERV_DEFAULT_TEMPLATES)                   \
    /* PservBaseURL, no trailing slash */                                      \
    X(STR, const char *, base_url, "http://localhost")                         \
    /* PservCookieSecure: On unless set Off */                                 \
    X(NUM, int, cookie_secure, PSERV_UNSET)                                    \
    /* PservTestHooks: Off unless set On */                                    \
    X(NUM, int, test_hooks, PSERV_UNSET)                                       \
    /* PservSessionIdleTimeout */                                              \
    X(NUM, apr_interval_time_t, session_idle, apr_time_from_sec(30 * 60))      \
    /* PservSessionMaxAge */                                                   \
    X(NUM, apr_interval_time_t, session_max, apr_time_from_sec(12 * 3600))     \
    /* PservTokenLifetime */                                                   \
    X(NUM, apr_interval_time_t, token_lifetime, apr_time_from_sec(72 * 3600))  \
    /* PservUploadMaxFileSize */                                               \
    X(NUM, apr_off_t, upload_max_file, (apr_off_t)5 * 1024 * 1024)             \
    /* PservUploadMaxFiles */                                                  \
    X(NUM, int, upload_max_files, 5)                                           \
    /* PservRequestBodyMax */                                                  \
    X(NUM, apr_off_t, body_max, (apr_off_t)27 * 1024 * 1024)                   \
    /* PservSubmitMaxPerAddress: requests per client address an hour */        \
    X(NUM, int, submit_max_address, 20)                                        \
    /* PservSubmitMaxPerHour: requests from everybody an hour */               \
    X(NUM, int, submit_max_hour, 100)                                          \
    /* PservAccountMap: how a signed-in name finds its account (signin.c):  */ \
    /* "username", "nopek" or "email"; map_var: the environment variable   */  \
    /* holding the nopek or e-mail ("" for username)                        */ \
    X(STR, const char *, map_by, "username")                                   \
    X(STR, const char *, map_var, "")                                          \
    /* PservAutoCreateAccounts: Off unless set On */                           \
    X(NUM, int, auto_create, 0)                                                \
    /* PservRequireMFA: who must give a second factor (mfa.c): role codes  */  \
    /* and "atasan", space-separated; "" (none, the default): nobody       */  \
    X(STR, const char *, mfa_require, "")                                      \
    /* PservMFAKeyFile: the key read from it at startup, 64 hex digits;    */  \
    /* NULL: no second factor on this server                               */  \
    X(STR, const char *, mfa_key, NULL)                                        \
    /* PservSSOLogin: the login page's link to the SSO hand-off ("": none) */  \
    X(STR, const char *, sso_login, "")                                        \
    /* PservSSOLogoutURL: where logout sends the browser next ("": none) */    \
    X(STR, const char *, sso_logout_url, "")                                   \
    /* PservSSOTrustMFA: the variable and the values (space-separated) that */ \
    /* say the identity provider asked for a second factor ("": none)       */ \
    X(STR, const char *, sso_mfa_var, "")                                      \
    X(STR, const char *, sso_mfa_values, "")                                   \
    /* PservAuthProvider: the login form's providers, in order (auth.c),   */  \
    /* pserv_auth_provider elements; NULL: "pserv" alone                   */  \
    X(STR, const apr_array_header_t *, auth_providers, NULL)                   \
    /* PservNewAccountSource: where the password of an account made by     */  \
    /* the Executor's Confirm or Buat Akun lives ("pserv": a link)         */  \
    X(STR, const char *, new_account_source, "pserv")                          \
    /* PservServiceCard: the extra cards of Halaman Utama and ICT Helpdesk */  \
    /* (pserv_service_card elements, in order; NULL: none)                 */  \
    X(STR, const apr_array_header_t *, service_cards, NULL)                    \
    /* PservPrivacyNotice: the Pemberitahuan Privasi read from its files    */ \
    /* at start (NULL: the catalogues' text, privacy.c)                     */ \
    X(STR, const pserv_privacy_file *, privacy_file, NULL)                     \
    /* PservPrivacyContact: the notice's contact line (NULL: the           */  \
    /* catalogues' "Administrator P-Serv melalui ICT Helpdesk")            */  \
    X(STR, const char *, privacy_contact, NULL)

/* Per-server settings (the mail worker has no request). */
#define PSERV_SRV_CONF(X)                                                        \
    /* PservMailSMTP; NULL or "" (none): mail stays queued */                    \
    X(STR, const char *, mail_smtp, NULL)                                        \
    /* PservMailFrom */                                                          \
    X(STR, const char *, mail_from, "P-Serv <pserv@example.com>")                \
    /* PservMailUser */                                                          \
    X(STR, const char *, mail_user, NULL)                                        \
    /* PservMailPassword */                                                      \
    X(STR, const char *, mail_password, NULL)                                    \
    /* PservMailRetryBase */                                                     \
    X(NUM, apr_interval_time_t, mail_retry_base, apr_time_from_sec(60))          \
    /* PservMailRetryMax */                                                      \
    X(NUM, apr_interval_time_t, mail_retry_max, apr_time_from_sec(3600))         \
    /* PservMailInterval */                                                      \
    X(NUM, apr_interval_time_t, mail_interval, apr_time_from_sec(5))             \
    /* PservMailMaxAttempts */                                                   \
    X(NUM, int, mail_max_attempts, 10)                                           \
    /* PservMailBatch */                                                         \
    X(NUM, int, mail_batch, 20)                                                  \
    /* PservRemindAfter, hours (0: never) */                                     \
    X(NUM, int, remind_after, 24)                                                \
    /* PservEscalateAfter, hours (0: never) */                                   \
    X(NUM, int, escalate_after, 72)                                              \
    /* PservRevisionDays: a returned ticket not fixed is cancelled (0: never) */ \
    X(NUM, int, revision_days, 14)                                               \
    /* PservPageCache: "provider:args" of mod_socache; NULL or "" (off):  */     \
    /* no page is kept (pagecache.c)                                      */     \
    X(STR, const char *, page_cache, NULL)                                       \
    /* PservRetainAttachments, PservRetainRejected, PservRetainDrafts,    */     \
    /* PservRetainMail: days (0: kept for ever; retain.c)                 */     \
    X(NUM, int, retain_attachments, 365)                                         \
    X(NUM, int, retain_rejected, 180)                                            \
    X(NUM, int, retain_drafts, 1)                                                \
    X(NUM, int, retain_mail, 30)                                                 \
    /* PservAccessBatch ROWS [SECONDS]: ticket page views a child keeps  */      \
    /* before their access record is written, and how long (access.c)    */      \
    X(NUM, int, access_batch, 100)                                               \
    X(NUM, apr_interval_time_t, access_flush, apr_time_from_sec(1))              \
    /* PservMailSMTP set in this server's own context (not inherited): a   \
     * virtual host that only inherits it starts no mail worker */     \
    X(HERE, int, mail_smtp_here, 0)

/* One name of PservAuthProvider: "pserv" (provider NULL: P-Serv's own
 * Argon2id passwords, auth.c) or an authn provider registered by a module
 * loaded before the directive (mod_auth.h's authn_provider). */
typedef struct {
    const char *name;
    const void *provider;
} pserv_auth_provider;

/* One PservServiceCard: a service the company runs, shown as a card on
 * Halaman Utama (page "home") or ICT Helpdesk ("helpdesk"), its title and
 * description as the administrator wrote them (text "" for none). */
typedef struct {
    const char *page, *title, *url, *text;
} pserv_service_card;

/* PservPrivacyNotice FILE [FILE-en]: the notice's paragraphs (const char *
 * elements, core's pserv_paragraphs) per language (core/lang.h's index);
 * the first file's for a language without its own. */
typedef struct {
    const apr_array_header_t *paras[PSERV_LANG_COUNT];
} pserv_privacy_file;

#define PSERV_CONF_MEMBER(kind, type, member, dflt) type member;

typedef struct {
    PSERV_DIR_CONF(PSERV_CONF_MEMBER)
} pserv_dir_conf;

typedef struct {
    PSERV_SRV_CONF(PSERV_CONF_MEMBER)
} pserv_srv_conf;

extern const command_rec pserv_cmds[];
void *pserv_create_dir_conf(apr_pool_t *p, char *dir);
void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

/* Fill in the defaults of whatever c leaves unset. */
void pserv_dir_conf_defaults(pserv_dir_conf *c);
int pserv_conf_cookie_secure(const pserv_dir_conf *c);
int pserv_conf_test_hooks(const pserv_dir_conf *c);
/* A look of the mail worker's that runs at most every so many seconds
 * (at every look under s's PservTestHooks): 1 when it is due, *last (the
 * look's own, kept by its caller) then set to now. */
int pserv_look_due(apr_time_t *last, server_rec *s, int every);

void *pserv_create_srv_conf(apr_pool_t *p, server_rec *s);
void *pserv_merge_srv_conf(apr_pool_t *p, void *basev, void *addv);
/* s's settings with defaults applied, copied into *out. */
void pserv_srv_conf_get(server_rec *s, pserv_srv_conf *out);

#endif
