/*
 * config.c: mod_pserv's directives. One per-directory record, so that a
 * <Location> inherits whatever it does not set; "unset" is NULL or -1.
 * The mail worker's settings (PservMail*) live in a per-server record:
 * it runs outside any request.
 */
#include "config.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include <errno.h>
#include "ap_provider.h"
#include "mod_auth.h"
#include "core/mime.h"

/* What config.h's member lists generate, by kind (see there). */
#define PSERV_UNSET_STR                    NULL
#define PSERV_UNSET_NUM                    PSERV_UNSET
#define PSERV_UNSET_HERE                   0
#define PSERV_CREATE(kind, type, m, dflt)  c->m = PSERV_UNSET_##kind;
#define PSERV_MERGE(kind, type, m, dflt)   PSERV_MERGE_##kind(m)
#define PSERV_MERGE_STR(m)                 c->m = add->m ? add->m : base->m;
#define PSERV_MERGE_NUM(m)                 c->m = add->m != PSERV_UNSET ? add->m : base->m;
#define PSERV_MERGE_HERE(m)                c->m = add->m;
#define PSERV_DEFAULT(kind, type, m, dflt) PSERV_DEFAULT_##kind(m, dflt)
#define PSERV_DEFAULT_STR(m, dflt)                                             \
    if (!c->m)                                                                 \
        c->m = dflt;
#define PSERV_DEFAULT_NUM(m, dflt)                                             \
    if (c->m == PSERV_UNSET)                                                   \
        c->m = dflt;
#define PSERV_DEFAULT_HERE(m, dflt)

void *pserv_create_dir_conf(apr_pool_t *p, char *dir)
{
    pserv_dir_conf *c = apr_pcalloc(p, sizeof *c);

    (void)dir;
    PSERV_DIR_CONF(PSERV_CREATE)
    return c;
}

void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const pserv_dir_conf *base = basev, *add = addv;
    pserv_dir_conf *c = apr_pcalloc(p, sizeof *c);

    PSERV_DIR_CONF(PSERV_MERGE)
    return c;
}

void pserv_dir_conf_defaults(pserv_dir_conf *c)
{
    PSERV_DIR_CONF(PSERV_DEFAULT)
}

int pserv_conf_cookie_secure(const pserv_dir_conf *c)
{
    return c->cookie_secure != 0; /* On unless set Off */
}

int pserv_conf_test_hooks(const pserv_dir_conf *c)
{
    return c->test_hooks == 1; /* Off unless set On */
}

int pserv_look_due(apr_time_t *last, server_rec *s, int every)
{
    const pserv_dir_conf *d =
        ap_get_module_config(s->lookup_defaults, &pserv_module);
    apr_time_t now = apr_time_now();

    if (!(d && pserv_conf_test_hooks(d)) && *last && now >= *last
        && now - *last < apr_time_from_sec(every))
        return 0;
    *last = now;
    return 1;
}

/* ---- per server: the mail worker's settings ---- */

void *pserv_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    pserv_srv_conf *c = apr_pcalloc(p, sizeof *c);

    (void)s;
    PSERV_SRV_CONF(PSERV_CREATE)
    return c;
}

/* mail_smtp_here is not inherited: a virtual host that only inherits
 * PservMailSMTP starts no worker of its own, as the server that sets it
 * already delivers. */
void *pserv_merge_srv_conf(apr_pool_t *p, void *basev, void *addv)
{
    const pserv_srv_conf *base = basev, *add = addv;
    pserv_srv_conf *c = apr_pcalloc(p, sizeof *c);

    PSERV_SRV_CONF(PSERV_MERGE)
    return c;
}

void pserv_srv_conf_get(server_rec *s, pserv_srv_conf *out)
{
    pserv_srv_conf *c = out;

    *c = *(const pserv_srv_conf *)ap_get_module_config(s->module_config,
                                                       &pserv_module);
    if (c->mail_smtp && !*c->mail_smtp) /* PservMailSMTP none */
        c->mail_smtp = NULL;
    PSERV_SRV_CONF(PSERV_DEFAULT)
}

static const char *pserv_set_base_url(cmd_parms *cmd, void *cfg,
                                      const char *arg)
{
    pserv_dir_conf *c = cfg;
    apr_size_t n = strlen(arg);

    (void)cmd;
    if (strncmp(arg, "https://", 8) != 0 && strncmp(arg, "http://", 7) != 0)
        return "PservBaseURL must start with https:// (or http://)";
    while (n > 0 && arg[n - 1] == '/')
        n--;
    c->base_url = apr_pstrndup(cmd->pool, arg, n);
    return NULL;
}

static const char *pserv_set_templates(cmd_parms *cmd, void *cfg,
                                       const char *arg)
{
    pserv_dir_conf *c = cfg;

    c->templates = ap_server_root_relative(cmd->pool, arg);
    if (!c->templates)
        return apr_pstrcat(cmd->pool, "Invalid PservTemplates path ", arg,
                           NULL);
    return NULL;
}

/* A positive number of seconds, stored as an apr_interval_time_t at the
 * offset given in cmd->info. */
static const char *pserv_set_seconds(cmd_parms *cmd, void *cfg, const char *arg)
{
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);

    if (*end || v <= 0 || v > 10 * 365 * 86400)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a positive number of seconds", NULL);
    *(apr_interval_time_t *)((char *)cfg + (apr_size_t)cmd->info) =
        apr_time_from_sec(v);
    return NULL;
}

/* A positive byte count (apr_off_t at cmd->info). */
static const char *pserv_set_bytes(cmd_parms *cmd, void *cfg, const char *arg)
{
    apr_off_t v;

    if (apr_strtoff(&v, arg, NULL, 10) != APR_SUCCESS || v <= 0)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a positive number of bytes", NULL);
    *(apr_off_t *)((char *)cfg + (apr_size_t)cmd->info) = v;
    return NULL;
}

static const char *pserv_set_count(cmd_parms *cmd, void *cfg, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (*end || v < 0 || v > 100)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number from 0 to 100", NULL);
    *(int *)((char *)cfg + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

/* A limit: 0 (none) to a million. */
static const char *pserv_set_limit(cmd_parms *cmd, void *cfg, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (!*arg || *end || v < 0 || v > 1000000)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number from 0 (no limit) to 1000000",
                           NULL);
    *(int *)((char *)cfg + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

/* Server-level directives write the server's record (cmd->info is an
 * offset into pserv_srv_conf). */
static void *pserv_srv_of(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &pserv_module);
}

static const char *pserv_set_srv_string(cmd_parms *cmd, void *cfg,
                                        const char *arg)
{
    (void)cfg;
    return ap_set_string_slot(cmd, pserv_srv_of(cmd), arg);
}

static const char *pserv_set_srv_seconds(cmd_parms *cmd, void *cfg,
                                         const char *arg)
{
    (void)cfg;
    return pserv_set_seconds(cmd, pserv_srv_of(cmd), arg);
}

/* Hours from 0 (never) to a year. */
static const char *pserv_set_srv_hours(cmd_parms *cmd, void *cfg,
                                       const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    (void)cfg;
    if (end == arg || *end || v < 0 || v > 365 * 24)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number of hours from 0 (never) to 8760",
                           NULL);
    *(int *)((char *)pserv_srv_of(cmd) + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

/* Days from 0 (never) to a year. */
static const char *pserv_set_srv_days(cmd_parms *cmd, void *cfg,
                                      const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    (void)cfg;
    if (end == arg || *end || v < 0 || v > 365)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number of days from 0 (never) to 365",
                           NULL);
    *(int *)((char *)pserv_srv_of(cmd) + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

/* Days a retention rule keeps its data (retain.c): 0 (for ever) to a
 * hundred years. */
static const char *pserv_set_srv_retain(cmd_parms *cmd, void *cfg,
                                        const char *arg)
{
    char *end;
    long v;

    (void)cfg;
    errno = 0;
    v = strtol(arg, &end, 10);
    if (end == arg || *end || errno || v < 0 || v > 36500)
        return apr_pstrcat(cmd->pool, cmd->cmd->name, " ", arg,
                           ": takes a number of days from 0 (keep for ever) "
                           "to 36500",
                           NULL);
    *(int *)((char *)pserv_srv_of(cmd) + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

static const char *pserv_set_srv_number(cmd_parms *cmd, void *cfg,
                                        const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    (void)cfg;
    if (*end || v < 1 || v > 1000)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number from 1 to 1000", NULL);
    *(int *)((char *)pserv_srv_of(cmd) + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

/* PservAccessBatch ROWS [SECONDS] */
static const char *pserv_set_access_batch(cmd_parms *cmd, void *cfg,
                                          const char *rows, const char *secs)
{
    pserv_srv_conf *c = pserv_srv_of(cmd);
    char *end;
    long n = strtol(rows, &end, 10), t = 1;

    (void)cfg;
    if (end == rows || *end || n < 1 || n > 1000)
        return "PservAccessBatch takes a number of rows from 1 to 1000";
    if (secs
        && ((t = strtol(secs, &end, 10)) < 1 || end == secs || *end
            || t > 86400))
        return "PservAccessBatch's second argument is a number of seconds "
               "from 1 to 86400";
    c->access_batch = (int)n;
    c->access_flush = apr_time_from_sec(t);
    return NULL;
}

/* smtp://host[:port][/ehlo-name] or smtps://...; credentials go in
 * PservMailUser/PservMailPassword, never in the URL (it is logged). */
static const char *pserv_set_mail_smtp(cmd_parms *cmd, void *cfg,
                                       const char *arg)
{
    pserv_srv_conf *c = pserv_srv_of(cmd);
    const char *host;

    (void)cfg;
    if (strcasecmp(arg, "none") == 0) {
        c->mail_smtp = "";
        c->mail_smtp_here = 0;
        return NULL;
    }
    if (strncasecmp(arg, "smtp://", 7) == 0)
        host = arg + 7;
    else if (strncasecmp(arg, "smtps://", 8) == 0)
        host = arg + 8;
    else
        return "PservMailSMTP must be smtp://host:port, smtps://host:port or "
               "none";
    if (!*host || *host == '/' || *host == ':' || strpbrk(arg, " \t\r\n"))
        return "PservMailSMTP needs a host: smtp://host:port";
    if (memchr(host, '@', strcspn(host, "/")))
        return "PservMailSMTP must not hold credentials: use PservMailUser "
               "and PservMailPassword";
    c->mail_smtp = apr_pstrdup(cmd->pool, arg);
    c->mail_smtp_here = 1;
    return NULL;
}

/* off, or provider:args of mod_socache (shmcb:/path(bytes),
 * memcache:host:port ...); the provider is looked up at post_config
 * (pagecache.c), when every module is loaded. */
static const char *pserv_set_page_cache(cmd_parms *cmd, void *cfg,
                                        const char *arg)
{
    pserv_srv_conf *c = pserv_srv_of(cmd);

    (void)cfg;
    if (strcasecmp(arg, "off") == 0) {
        c->page_cache = "";
        return NULL;
    }
    if (!apr_isalnum(*arg) || strpbrk(arg, " \t\r\n"))
        return "PservPageCache takes off or a socache provider and its "
               "arguments, e.g. shmcb:/run/pserv-pages(16000000)";
    c->page_cache = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *pserv_set_mail_from(cmd_parms *cmd, void *cfg,
                                       const char *arg)
{
    pserv_srv_conf *c = pserv_srv_of(cmd);

    (void)cfg;
    if (!pserv_mime_parse_address(cmd->temp_pool, arg))
        return "PservMailFrom must be an address such as "
               "\"P-Serv <pserv@example.com>\"";
    c->mail_from = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

/* PservAccountMap username | nopek VAR | email VAR */
static const char *pserv_set_account_map(cmd_parms *cmd, void *cfg,
                                         const char *by, const char *var)
{
    pserv_dir_conf *c = cfg;

    if (strcasecmp(by, "username") == 0 && !var) {
        c->map_by = "username";
        c->map_var = "";
        return NULL;
    }
    if ((strcasecmp(by, "nopek") == 0 || strcasecmp(by, "email") == 0) && var
        && *var && !strpbrk(var, " \t\r\n=")) {
        c->map_by = strcasecmp(by, "nopek") == 0 ? "nopek" : "email";
        c->map_var = apr_pstrdup(cmd->pool, var);
        return NULL;
    }
    return "PservAccountMap takes username, nopek VARIABLE or email VARIABLE "
           "(e.g. nopek AUTHENTICATE_EMPLOYEENUMBER)";
}

/* PservRequireMFA ROLE... | none: role codes and "atasan" (an account
 * that is some active employee's supervisor or a unit's head). */
static const char *pserv_set_require_mfa(cmd_parms *cmd, void *cfg,
                                         const char *args)
{
    pserv_dir_conf *c = cfg;
    char *words = apr_pstrdup(cmd->temp_pool, args), *last, *w;
    char *list = "";

    for (w = apr_strtok(words, " \t", &last); w;
         w = apr_strtok(NULL, " \t", &last)) {
        if (strcasecmp(w, "none") == 0 && !*list
            && !apr_strtok(NULL, " \t", &last)) {
            c->mfa_require = "";
            return NULL;
        }
        if (!pserv_role_label(w) && strcmp(w, "atasan") != 0)
            return apr_psprintf(cmd->pool,
                                "PservRequireMFA: unknown role '%s' (admin, "
                                "ict_verificator, ict_manager, ict_executor, "
                                "atasan; or none)",
                                w);
        list = apr_pstrcat(cmd->pool, list, *list ? " " : "", w, NULL);
    }
    if (!*list)
        return "PservRequireMFA needs at least one role, or none";
    c->mfa_require = list;
    return NULL;
}

/* PservMFAKeyFile FILE: read now, while Apache still runs as root (the
 * file may be root's alone): 64 hexadecimal digits, the AES-256 key that
 * seals the TOTP secrets. */
static const char *pserv_set_mfa_key(cmd_parms *cmd, void *cfg, const char *arg)
{
    pserv_dir_conf *c = cfg;
    const char *path = ap_server_root_relative(cmd->temp_pool, arg);
    apr_file_t *f;
    char buf[130], *s, *e;
    apr_size_t n = sizeof buf - 1;
    apr_status_t rv;
    int i;

    if (!path)
        return apr_pstrcat(cmd->pool, "Invalid PservMFAKeyFile path ", arg,
                           NULL);
    if ((rv = apr_file_open(&f, path, APR_FOPEN_READ, 0, cmd->temp_pool))
        != APR_SUCCESS)
        return apr_psprintf(cmd->pool, "PservMFAKeyFile: cannot read %s: %pm",
                            path, &rv);
    rv = apr_file_read(f, buf, &n);
    apr_file_close(f);
    if (rv != APR_SUCCESS && rv != APR_EOF)
        return apr_psprintf(cmd->pool, "PservMFAKeyFile: cannot read %s: %pm",
                            path, &rv);
    buf[rv == APR_EOF ? 0 : n] = '\0';
    for (s = buf; apr_isspace(*s); s++)
        ;
    for (e = s + strlen(s); e > s && apr_isspace(e[-1]); e--)
        ;
    *e = '\0';
    for (i = 0; s[i] && apr_isxdigit(s[i]); i++)
        ;
    if (i != 2 * PSERV_MFA_KEY_BYTES || s[i])
        return apr_psprintf(cmd->pool,
                            "PservMFAKeyFile: %s must hold the key as 64 "
                            "hexadecimal digits (32 random bytes), e.g. from "
                            "\"openssl rand -hex 32\"",
                            path);
    for (i = 0; s[i]; i++)
        s[i] = (char)apr_tolower(s[i]);
    c->mfa_key = apr_pstrdup(cmd->pool, s);
    return NULL;
}

/* PservSSOLogin PATH | Off: the path of the hand-off (/login/sso) the
 * login page links to. */
static const char *pserv_set_sso_login(cmd_parms *cmd, void *cfg,
                                       const char *arg)
{
    pserv_dir_conf *c = cfg;

    if (strcasecmp(arg, "Off") == 0 || strcasecmp(arg, "none") == 0)
        c->sso_login = "";
    else if (pserv_valid_local_path(arg))
        c->sso_login = apr_pstrdup(cmd->pool, arg);
    else
        return "PservSSOLogin takes the local path of the SSO hand-off, "
               "e.g. /login/sso, or Off";
    return NULL;
}

/* PservSSOLogoutURL URL | none: an http(s) URL or a local path, nothing a
 * Location header or an HTML attribute could be broken with. */
static const char *pserv_set_sso_logout_url(cmd_parms *cmd, void *cfg,
                                            const char *arg)
{
    pserv_dir_conf *c = cfg;
    const unsigned char *u;

    if (strcasecmp(arg, "none") == 0 || strcasecmp(arg, "Off") == 0) {
        c->sso_logout_url = "";
        return NULL;
    }
    for (u = (const unsigned char *)arg; *u; u++)
        if (*u < 0x21 || *u >= 0x7f || *u == '"' || *u == '<' || *u == '>'
            || *u == '\\')
            break;
    if (*u
        || !(pserv_valid_local_path(arg)
             || (strncasecmp(arg, "https://", 8) == 0 && arg[8])
             || (strncasecmp(arg, "http://", 7) == 0 && arg[7])))
        return "PservSSOLogoutURL takes the identity provider's logout URL "
               "(https://...) or a local path, or none";
    c->sso_logout_url = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

/* PservSSOTrustMFA VARIABLE VALUE... | Off. The variable is one an authn
 * module sets (OIDC_CLAIM_acr, OIDC_CLAIM_amr); HTTP_* are request headers
 * in CGI's naming, which a client writes. */
static const char *pserv_set_sso_trust_mfa(cmd_parms *cmd, void *cfg, int argc,
                                           char *const argv[])
{
    pserv_dir_conf *c = cfg;
    const char *values = "";
    int i;

    if (argc == 1 && strcasecmp(argv[0], "Off") == 0) {
        c->sso_mfa_var = "";
        c->sso_mfa_values = "";
        return NULL;
    }
    if (argc < 2 || !*argv[0] || strpbrk(argv[0], " \t\r\n=")
        || strncasecmp(argv[0], "HTTP_", 5) == 0)
        return "PservSSOTrustMFA takes the environment variable an authn "
               "module sets (not HTTP_*) and the values that mean a second "
               "factor, e.g. OIDC_CLAIM_amr otp hwk; or Off";
    for (i = 1; i < argc; i++) {
        if (!*argv[i] || strpbrk(argv[i], " \t\r\n,"))
            return "PservSSOTrustMFA: a value holds no space or comma";
        values =
            apr_pstrcat(cmd->pool, values, i > 1 ? " " : "", argv[i], NULL);
    }
    c->sso_mfa_var = apr_pstrdup(cmd->pool, argv[0]);
    c->sso_mfa_values = values;
    return NULL;
}

/* A name accounts.password_source may hold (migration 017's CHECK). */
static int pserv_valid_source(const char *s)
{
    apr_size_t n = strlen(s);

    return n >= 1 && n <= 64
           && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789_.-")
                  == n;
}

/* PservAuthProvider NAME...: each name is "pserv" or an authn provider
 * that a loaded module registered (mod_authnz_ldap's "ldap",
 * mod_authn_file's "file"; LoadModule runs while the files are read, so
 * before any of this) or an <AuthnProviderAlias> above this line, looked
 * up now, as mod_auth_form does, and asked at POST /login in that order. */
static const char *pserv_set_auth_provider(cmd_parms *cmd, void *cfg,
                                           const char *name)
{
    pserv_dir_conf *c = cfg;
    apr_array_header_t *list;
    pserv_auth_provider *p;
    const authn_provider *ap = NULL;
    int i;

    if (strcasecmp(name, "pserv") != 0) {
        if (!pserv_valid_source(name))
            return apr_psprintf(cmd->pool,
                                "PservAuthProvider: '%s' is not a provider "
                                "name (letters, digits, '.', '_', '-')",
                                name);
        ap = ap_lookup_provider(AUTHN_PROVIDER_GROUP, name,
                                AUTHN_PROVIDER_VERSION);
        if (!ap)
            return apr_psprintf(
                cmd->pool,
                "PservAuthProvider: unknown authn provider '%s': load "
                "the module that provides it (e.g. LoadModule "
                "authnz_ldap_module for 'ldap'), or define it with "
                "<AuthnProviderAlias> before this line",
                name);
        if (!ap->check_password)
            return apr_psprintf(cmd->pool,
                                "PservAuthProvider: the authn provider '%s' "
                                "cannot check a password",
                                name);
    }
    /* A section's list replaces what it inherits (merge: STR). */
    list = c->auth_providers
               ? (apr_array_header_t *)c->auth_providers
               : apr_array_make(cmd->pool, 2, sizeof(pserv_auth_provider));
    for (i = 0; i < list->nelts; i++)
        if (strcasecmp(APR_ARRAY_IDX(list, i, pserv_auth_provider).name, name)
            == 0)
            return apr_psprintf(
                cmd->pool, "PservAuthProvider: '%s' is listed twice", name);
    p = apr_array_push(list);
    p->name = ap ? apr_pstrdup(cmd->pool, name) : "pserv";
    p->provider = ap;
    c->auth_providers = list;
    return NULL;
}

/* PservServiceCard home|helpdesk TITLE URL [DESCRIPTION]: one more card
 * on Halaman Utama or ICT Helpdesk, in the order written. URL is an
 * http(s) address or a path on this server. */
static const char *pserv_set_service_card(cmd_parms *cmd, void *cfg, int argc,
                                          char *const argv[])
{
    pserv_dir_conf *c = cfg;
    apr_array_header_t *list;
    pserv_service_card *card;
    const char *u;

    if (argc < 3 || argc > 4)
        return "PservServiceCard: home|helpdesk \"Title\" URL "
               "[\"Description\"]";
    if (strcmp(argv[0], "home") != 0 && strcmp(argv[0], "helpdesk") != 0)
        return apr_psprintf(cmd->pool,
                            "PservServiceCard: '%s' is not a page: home "
                            "(Halaman Utama) or helpdesk (ICT Helpdesk)",
                            argv[0]);
    if (!*argv[1])
        return "PservServiceCard: the title is empty";
    u = argv[2];
    if (!((strncasecmp(u, "https://", 8) == 0 && u[8])
          || (strncasecmp(u, "http://", 7) == 0 && u[7])
          || (u[0] == '/' && u[1] != '/'))
        || strpbrk(u, " \t\r\n\"<>"))
        return apr_psprintf(cmd->pool,
                            "PservServiceCard: '%s' is not a link: an "
                            "http:// or https:// address or a path starting "
                            "with /",
                            u);
    /* A section's cards replace what it inherits (merge: STR). */
    list = c->service_cards
               ? (apr_array_header_t *)c->service_cards
               : apr_array_make(cmd->pool, 4, sizeof(pserv_service_card));
    card = apr_array_push(list);
    card->page = apr_pstrdup(cmd->pool, argv[0]);
    card->title = apr_pstrdup(cmd->pool, argv[1]);
    card->url = apr_pstrdup(cmd->pool, u);
    card->text = apr_pstrdup(cmd->pool, argc > 3 ? argv[3] : "");
    c->service_cards = list;
    return NULL;
}

/* Largest notice file: a notice is read, not a handbook. */
#define PSERV_NOTICE_FILE_MAX (64 * 1024)

/* The paragraphs of the notice file arg (UTF-8 text), or an error. */
static const char *pserv_read_notice(cmd_parms *cmd, const char *arg,
                                     const apr_array_header_t **out)
{
    const char *path = ap_server_root_relative(cmd->temp_pool, arg);
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t n;
    apr_status_t rv;
    char *buf;

    if (!path)
        return apr_pstrcat(cmd->pool, "PservPrivacyNotice: invalid path ", arg,
                           NULL);
    if ((rv = apr_file_open(&f, path, APR_FOPEN_READ, 0, cmd->temp_pool))
            != APR_SUCCESS
        || (rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f)) != APR_SUCCESS)
        return apr_psprintf(
            cmd->pool, "PservPrivacyNotice: cannot read %s: %pm", path, &rv);
    if (fi.size > PSERV_NOTICE_FILE_MAX) {
        apr_file_close(f);
        return apr_psprintf(cmd->pool,
                            "PservPrivacyNotice: %s is larger than %d bytes",
                            path, PSERV_NOTICE_FILE_MAX);
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(cmd->temp_pool, n + 1);
    rv = n ? apr_file_read_full(f, buf, n, &n) : APR_SUCCESS;
    apr_file_close(f);
    if (rv != APR_SUCCESS)
        return apr_psprintf(
            cmd->pool, "PservPrivacyNotice: cannot read %s: %pm", path, &rv);
    buf[n] = '\0';
    if (strlen(buf) != n || !pserv_valid_text(buf, n, 1))
        return apr_psprintf(cmd->pool,
                            "PservPrivacyNotice: %s is not UTF-8 text "
                            "(or holds control characters)",
                            path);
    *out = pserv_paragraphs(cmd->pool, buf);
    if (apr_is_empty_array(*out))
        return apr_psprintf(cmd->pool, "PservPrivacyNotice: %s is empty", path);
    return NULL;
}

/* PservPrivacyNotice FILE [FILE-en]: the Pemberitahuan Privasi, read now
 * (a file that cannot be read stops Apache); the second file is the
 * English text, else the first serves both. */
static const char *pserv_set_privacy_notice(cmd_parms *cmd, void *cfg,
                                            const char *id_file,
                                            const char *en_file)
{
    pserv_dir_conf *c = cfg;
    pserv_privacy_file *pf = apr_pcalloc(cmd->pool, sizeof *pf);
    const char *err;
    int i;

    if ((err = pserv_read_notice(cmd, id_file, &pf->paras[0])))
        return err;
    for (i = 1; i < PSERV_LANG_COUNT; i++)
        pf->paras[i] = pf->paras[0];
    if (en_file
        && (err = pserv_read_notice(cmd, en_file,
                                    &pf->paras[pserv_lang_index("en")])))
        return err;
    c->privacy_file = pf;
    return NULL;
}

/* PservPrivacyContact "text": one line, shown as written. */
static const char *pserv_set_privacy_contact(cmd_parms *cmd, void *cfg,
                                             const char *arg)
{
    pserv_dir_conf *c = cfg;

    if (!*arg || !pserv_valid_text(arg, 500, 0))
        return "PservPrivacyContact: one line of text (at most 500 "
               "characters), e.g. \"privasi@example.co.id\"";
    c->privacy_contact = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

/* PservNewAccountSource pserv | PROVIDER | sso */
static const char *pserv_set_new_account_source(cmd_parms *cmd, void *cfg,
                                                const char *name)
{
    pserv_dir_conf *c = cfg;

    if (strcasecmp(name, "pserv") == 0 || strcmp(name, "sso") == 0)
        c->new_account_source =
            strcasecmp(name, "pserv") == 0 ? "pserv" : "sso";
    else if (pserv_valid_source(name)
             && ap_lookup_provider(AUTHN_PROVIDER_GROUP, name,
                                   AUTHN_PROVIDER_VERSION))
        c->new_account_source = apr_pstrdup(cmd->pool, name);
    else
        return apr_psprintf(cmd->pool,
                            "PservNewAccountSource: '%s' is neither pserv, "
                            "sso nor a loaded authn provider",
                            name);
    return NULL;
}

#define PSERV_OFF(f)  ((void *)APR_OFFSETOF(pserv_dir_conf, f))
#define PSERV_SOFF(f) ((void *)APR_OFFSETOF(pserv_srv_conf, f))
#define PSERV_WHERE   (RSRC_CONF | ACCESS_CONF)

const command_rec pserv_cmds[] = {
    AP_INIT_TAKE1("PservTemplates", pserv_set_templates, NULL, PSERV_WHERE,
                  "Folder holding the XSLT views and static/ assets"),
    AP_INIT_TAKE1("PservBaseURL", pserv_set_base_url, NULL, PSERV_WHERE,
                  "Public base URL used for every link in e-mail, e.g. "
                  "https://pserv.example.com"),
    AP_INIT_FLAG(
        "PservCookieSecure", ap_set_flag_slot, PSERV_OFF(cookie_secure),
        PSERV_WHERE,
        "Mark the session cookie Secure (On unless the site is plain http)"),
    AP_INIT_FLAG(
        "PservTestHooks", ap_set_flag_slot, PSERV_OFF(test_hooks), PSERV_WHERE,
        "Enable test-only hooks (moving the clock); never in production"),
    AP_INIT_TAKE1(
        "PservSessionIdleTimeout", pserv_set_seconds, PSERV_OFF(session_idle),
        PSERV_WHERE,
        "Seconds of inactivity after which a session ends (default 1800)"),
    AP_INIT_TAKE1("PservSessionMaxAge", pserv_set_seconds,
                  PSERV_OFF(session_max), PSERV_WHERE,
                  "Absolute session lifetime in seconds (default 43200)"),
    AP_INIT_TAKE1(
        "PservTokenLifetime", pserv_set_seconds, PSERV_OFF(token_lifetime),
        PSERV_WHERE,
        "Lifetime of a set-password link in seconds (default 259200)"),
    AP_INIT_TAKE1("PservUploadMaxFileSize", pserv_set_bytes,
                  PSERV_OFF(upload_max_file), PSERV_WHERE,
                  "Largest attachment in bytes (default 5242880)"),
    AP_INIT_TAKE1("PservUploadMaxFiles", pserv_set_count,
                  PSERV_OFF(upload_max_files), PSERV_WHERE,
                  "Most attachments on one request (default 5)"),
    AP_INIT_TAKE1("PservRequestBodyMax", pserv_set_bytes, PSERV_OFF(body_max),
                  PSERV_WHERE,
                  "Largest request body in bytes (default 28311552)"),
    AP_INIT_TAKE1("PservSubmitMaxPerAddress", pserv_set_limit,
                  PSERV_OFF(submit_max_address), PSERV_WHERE,
                  "Requests submitted per client address an hour "
                  "(default 20; 0: no limit)"),
    AP_INIT_TAKE1("PservSubmitMaxPerHour", pserv_set_limit,
                  PSERV_OFF(submit_max_hour), PSERV_WHERE,
                  "Requests submitted by everybody an hour "
                  "(default 100; 0: no limit)"),
    AP_INIT_TAKE12("PservAccountMap", pserv_set_account_map, NULL, PSERV_WHERE,
                   "How a name signed in by a provider or SSO finds its "
                   "account: username (default), nopek VARIABLE or email "
                   "VARIABLE"),
    AP_INIT_FLAG("PservAutoCreateAccounts", ap_set_flag_slot,
                 PSERV_OFF(auto_create), PSERV_WHERE,
                 "Create the account of a directory or SSO user whose nopek "
                 "or e-mail is an active employee's, at first sign-in "
                 "(default Off)"),
    AP_INIT_RAW_ARGS("PservRequireMFA", pserv_set_require_mfa, NULL,
                     PSERV_WHERE,
                     "Roles that must give a TOTP code after the password "
                     "(admin ict_verificator ict_manager ict_executor "
                     "atasan), or none (default: nobody is made to; an "
                     "enrolled account always is)"),
    AP_INIT_TAKE1("PservMFAKeyFile", pserv_set_mfa_key, NULL, PSERV_WHERE,
                  "File holding the key that seals the TOTP secrets (64 hex "
                  "digits, read at startup); without it no second factor is "
                  "asked on this server"),
    AP_INIT_TAKE1("PservSSOLogin", pserv_set_sso_login, NULL, PSERV_WHERE,
                  "Show Login dengan SSO on the login page, linking to this "
                  "path (the <Location> of the hand-off, e.g. /login/sso); "
                  "default Off"),
    AP_INIT_TAKE1("PservSSOLogoutURL", pserv_set_sso_logout_url, NULL,
                  PSERV_WHERE,
                  "After logout, send the browser to the identity provider's "
                  "logout URL (default none: the login page)"),
    AP_INIT_TAKE_ARGV(
        "PservSSOTrustMFA", pserv_set_sso_trust_mfa, NULL, PSERV_WHERE,
        "VARIABLE VALUE...: the SSO hand-off counts as two-factor "
        "when the authn module's variable (e.g. OIDC_CLAIM_amr) "
        "holds one of the values (default Off)"),
    AP_INIT_ITERATE("PservAuthProvider", pserv_set_auth_provider, NULL,
                    PSERV_WHERE,
                    "Who checks the login form's passwords, in order: pserv "
                    "(P-Serv's own, the default) and/or authn providers "
                    "such as ldap"),
    AP_INIT_TAKE1("PservNewAccountSource", pserv_set_new_account_source, NULL,
                  PSERV_WHERE,
                  "Where the password of an account made by the Executor's "
                  "Confirm or Buat Akun lives: pserv (a set-password link, "
                  "the default) or a directory provider such as ldap (no "
                  "link)"),
    AP_INIT_TAKE_ARGV(
        "PservServiceCard", pserv_set_service_card, NULL, PSERV_WHERE,
        "home|helpdesk \"Title\" URL [\"Description\"]: one more card, "
        "with its link, on Halaman Utama or ICT Helpdesk; repeat for "
        "each (default none: only the services P-Serv runs)"),
    AP_INIT_TAKE12("PservPrivacyNotice", pserv_set_privacy_notice, NULL,
                   PSERV_WHERE,
                   "FILE [FILE-en]: the Pemberitahuan Privasi, UTF-8 text "
                   "with paragraphs separated by blank lines, read at start "
                   "(default: the text of the catalogues)"),
    AP_INIT_TAKE1("PservPrivacyContact", pserv_set_privacy_contact, NULL,
                  PSERV_WHERE,
                  "Whom the Pemberitahuan Privasi names as contact, e.g. an "
                  "e-mail address (default: the Administrator through ICT "
                  "Helpdesk)"),
    AP_INIT_TAKE1(
        "PservMailSMTP", pserv_set_mail_smtp, NULL, RSRC_CONF,
        "SMTP server for the outbox: smtp://host:port, smtps://host:port "
        "or none (default none: mail stays queued)"),
    AP_INIT_TAKE1(
        "PservPageCache", pserv_set_page_cache, NULL, RSRC_CONF,
        "Keep rendered list and ticket pages in a mod_socache provider: "
        "off (the default) or provider:args, e.g. shmcb:/path(bytes)"),
    AP_INIT_TAKE1(
        "PservMailFrom", pserv_set_mail_from, NULL, RSRC_CONF,
        "Sender of P-Serv mail (default \"P-Serv <pserv@example.com>\")"),
    AP_INIT_TAKE1(
        "PservMailUser", pserv_set_srv_string, PSERV_SOFF(mail_user), RSRC_CONF,
        "SMTP login name (optional; over smtp:// it requires STARTTLS)"),
    AP_INIT_TAKE1("PservMailPassword", pserv_set_srv_string,
                  PSERV_SOFF(mail_password), RSRC_CONF,
                  "SMTP password (optional)"),
    AP_INIT_TAKE1("PservMailRetryBase", pserv_set_srv_seconds,
                  PSERV_SOFF(mail_retry_base), RSRC_CONF,
                  "Seconds before the first retry of a mail, doubled each time "
                  "(default 60)"),
    AP_INIT_TAKE1(
        "PservMailRetryMax", pserv_set_srv_seconds, PSERV_SOFF(mail_retry_max),
        RSRC_CONF,
        "Longest wait between two attempts in seconds (default 3600)"),
    AP_INIT_TAKE1("PservMailMaxAttempts", pserv_set_srv_number,
                  PSERV_SOFF(mail_max_attempts), RSRC_CONF,
                  "Attempts before a mail is marked failed (default 10)"),
    AP_INIT_TAKE1("PservMailInterval", pserv_set_srv_seconds,
                  PSERV_SOFF(mail_interval), RSRC_CONF,
                  "Seconds between two looks at the outbox (default 5)"),
    AP_INIT_TAKE1("PservMailBatch", pserv_set_srv_number,
                  PSERV_SOFF(mail_batch), RSRC_CONF,
                  "Most mails sent in one look at the outbox (default 20)"),
    AP_INIT_TAKE12("PservAccessBatch", pserv_set_access_batch, NULL, RSRC_CONF,
                   "Ticket page views a child keeps before writing their "
                   "access record, and the most seconds one waits (default "
                   "100 1; 1: each at once); a child also writes them as it "
                   "exits"),
    AP_INIT_TAKE1(
        "PservRemindAfter", pserv_set_srv_hours, PSERV_SOFF(remind_after),
        RSRC_CONF,
        "Hours a ticket may wait at a stage before its approvers are "
        "reminded, and again every so many hours (default 24; 0: never)"),
    AP_INIT_TAKE1(
        "PservEscalateAfter", pserv_set_srv_hours, PSERV_SOFF(escalate_after),
        RSRC_CONF,
        "Hours a ticket may wait at a stage before the ICT Manager (the "
        "Administrator, at the ICT Manager's stage) is told, once "
        "(default 72; 0: never)"),
    AP_INIT_TAKE1("PservRevisionDays", pserv_set_srv_days,
                  PSERV_SOFF(revision_days), RSRC_CONF,
                  "Days a ticket returned for revision waits for the "
                  "requester's fix before it is cancelled (default 14; 0: "
                  "never)"),
    AP_INIT_TAKE1("PservRetainAttachments", pserv_set_srv_retain,
                  PSERV_SOFF(retain_attachments), RSRC_CONF,
                  "Days after its completion a ticket's attachments are "
                  "deleted (default 365; 0: kept for ever)"),
    AP_INIT_TAKE1("PservRetainRejected", pserv_set_srv_retain,
                  PSERV_SOFF(retain_rejected), RSRC_CONF,
                  "Days after its last change a rejected or cancelled ticket "
                  "is anonymised (default 180; 0: never)"),
    AP_INIT_TAKE1("PservRetainDrafts", pserv_set_srv_retain,
                  PSERV_SOFF(retain_drafts), RSRC_CONF,
                  "Days an unsent draft and its files are kept (default 1; "
                  "0: the worker keeps them)"),
    AP_INIT_TAKE1("PservRetainMail", pserv_set_srv_retain,
                  PSERV_SOFF(retain_mail), RSRC_CONF,
                  "Days a delivered or failed mail is kept in the outbox "
                  "(default 30; 0: kept for ever)"),
    { NULL }
};
