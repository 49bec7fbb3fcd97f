/*
 * config.c: mod_pserv's directives. One per-directory record, so that a
 * <Location> inherits whatever it does not set; "unset" is NULL or -1.
 */
#include "pserv.h"

#include "apr_strings.h"

#define PSERV_UNSET                 (-1)
#define PSERV_DEFAULT_TEMPLATES     "/usr/share/pserv/templates"
#define PSERV_DEFAULT_BASE_URL      "http://localhost"
#define PSERV_DEFAULT_SESSION_IDLE  apr_time_from_sec(30 * 60)
#define PSERV_DEFAULT_SESSION_MAX   apr_time_from_sec(12 * 3600)
#define PSERV_DEFAULT_TOKEN_LIFE    apr_time_from_sec(72 * 3600)
#define PSERV_DEFAULT_UPLOAD_FILE   ((apr_off_t)5 * 1024 * 1024)
#define PSERV_DEFAULT_UPLOAD_FILES  5
#define PSERV_DEFAULT_BODY_MAX      ((apr_off_t)27 * 1024 * 1024)

void *pserv_create_dir_conf(apr_pool_t *p, char *dir)
{
    pserv_dir_conf *c = apr_pcalloc(p, sizeof *c);

    (void)dir;
    c->cookie_secure = PSERV_UNSET;
    c->test_hooks = PSERV_UNSET;
    c->session_idle = PSERV_UNSET;
    c->session_max = PSERV_UNSET;
    c->token_lifetime = PSERV_UNSET;
    c->upload_max_file = PSERV_UNSET;
    c->upload_max_files = PSERV_UNSET;
    c->body_max = PSERV_UNSET;
    return c;
}

#define PSERV_MERGE_PTR(f)  c->f = add->f ? add->f : base->f
#define PSERV_MERGE_NUM(f)  c->f = add->f != PSERV_UNSET ? add->f : base->f

void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const pserv_dir_conf *base = basev, *add = addv;
    pserv_dir_conf *c = apr_palloc(p, sizeof *c);

    PSERV_MERGE_PTR(templates);
    PSERV_MERGE_PTR(base_url);
    PSERV_MERGE_NUM(cookie_secure);
    PSERV_MERGE_NUM(test_hooks);
    PSERV_MERGE_NUM(session_idle);
    PSERV_MERGE_NUM(session_max);
    PSERV_MERGE_NUM(token_lifetime);
    PSERV_MERGE_NUM(upload_max_file);
    PSERV_MERGE_NUM(upload_max_files);
    PSERV_MERGE_NUM(body_max);
    return c;
}

/* The effective configuration of r: the merged record with defaults
 * filled in, computed once per request (kept in pserv_req). */
const pserv_dir_conf *pserv_conf(request_rec *r)
{
    pserv_req *q = pserv_req_get(r);
    pserv_dir_conf *c = &q->conf;

    if (q->conf_ready)
        return c;
    *c = *(const pserv_dir_conf *)ap_get_module_config(r->per_dir_config,
                                                       &pserv_module);
    if (!c->templates)
        c->templates = PSERV_DEFAULT_TEMPLATES;
    if (!c->base_url)
        c->base_url = PSERV_DEFAULT_BASE_URL;
    if (c->session_idle == PSERV_UNSET)
        c->session_idle = PSERV_DEFAULT_SESSION_IDLE;
    if (c->session_max == PSERV_UNSET)
        c->session_max = PSERV_DEFAULT_SESSION_MAX;
    if (c->token_lifetime == PSERV_UNSET)
        c->token_lifetime = PSERV_DEFAULT_TOKEN_LIFE;
    if (c->upload_max_file == PSERV_UNSET)
        c->upload_max_file = PSERV_DEFAULT_UPLOAD_FILE;
    if (c->upload_max_files == PSERV_UNSET)
        c->upload_max_files = PSERV_DEFAULT_UPLOAD_FILES;
    if (c->body_max == PSERV_UNSET)
        c->body_max = PSERV_DEFAULT_BODY_MAX;
    q->conf_ready = 1;
    return c;
}

int pserv_conf_cookie_secure(const pserv_dir_conf *c)
{
    return c->cookie_secure != 0;       /* On unless set Off */
}

int pserv_conf_test_hooks(const pserv_dir_conf *c)
{
    return c->test_hooks == 1;          /* Off unless set On */
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
static const char *pserv_set_seconds(cmd_parms *cmd, void *cfg,
                                     const char *arg)
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
static const char *pserv_set_bytes(cmd_parms *cmd, void *cfg,
                                   const char *arg)
{
    apr_off_t v;

    if (apr_strtoff(&v, arg, NULL, 10) != APR_SUCCESS || v <= 0)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a positive number of bytes", NULL);
    *(apr_off_t *)((char *)cfg + (apr_size_t)cmd->info) = v;
    return NULL;
}

static const char *pserv_set_count(cmd_parms *cmd, void *cfg,
                                   const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (*end || v < 0 || v > 100)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a number from 0 to 100", NULL);
    *(int *)((char *)cfg + (apr_size_t)cmd->info) = (int)v;
    return NULL;
}

#define PSERV_OFF(f) ((void *)APR_OFFSETOF(pserv_dir_conf, f))
#define PSERV_WHERE  (RSRC_CONF | ACCESS_CONF)

const command_rec pserv_cmds[] = {
    AP_INIT_TAKE1("PservTemplates", pserv_set_templates, NULL, PSERV_WHERE,
        "Folder holding the XSLT views and static/ assets"),
    AP_INIT_TAKE1("PservBaseURL", pserv_set_base_url, NULL, PSERV_WHERE,
        "Public base URL used for every link in e-mail, e.g. https://pserv.example.com"),
    AP_INIT_FLAG("PservCookieSecure", ap_set_flag_slot,
        PSERV_OFF(cookie_secure), PSERV_WHERE,
        "Mark the session cookie Secure (On unless the site is plain http)"),
    AP_INIT_FLAG("PservTestHooks", ap_set_flag_slot,
        PSERV_OFF(test_hooks), PSERV_WHERE,
        "Enable test-only hooks (moving the clock); never in production"),
    AP_INIT_TAKE1("PservSessionIdleTimeout", pserv_set_seconds,
        PSERV_OFF(session_idle), PSERV_WHERE,
        "Seconds of inactivity after which a session ends (default 1800)"),
    AP_INIT_TAKE1("PservSessionMaxAge", pserv_set_seconds,
        PSERV_OFF(session_max), PSERV_WHERE,
        "Absolute session lifetime in seconds (default 43200)"),
    AP_INIT_TAKE1("PservTokenLifetime", pserv_set_seconds,
        PSERV_OFF(token_lifetime), PSERV_WHERE,
        "Lifetime of a set-password link in seconds (default 259200)"),
    AP_INIT_TAKE1("PservUploadMaxFileSize", pserv_set_bytes,
        PSERV_OFF(upload_max_file), PSERV_WHERE,
        "Largest attachment in bytes (default 5242880)"),
    AP_INIT_TAKE1("PservUploadMaxFiles", pserv_set_count,
        PSERV_OFF(upload_max_files), PSERV_WHERE,
        "Most attachments on one request (default 5)"),
    AP_INIT_TAKE1("PservRequestBodyMax", pserv_set_bytes,
        PSERV_OFF(body_max), PSERV_WHERE,
        "Largest request body in bytes (default 28311552)"),
    { NULL }
};
