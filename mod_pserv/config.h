/*
 * config.h: the directives' records (config.c). Only request.c and the
 * mail worker read them; everybody else asks request.h's pserv_conf.
 */
#ifndef PSERV_CONFIG_H
#define PSERV_CONFIG_H

#include "pserv.h"

#define PSERV_DEFAULT_TEMPLATES "/usr/share/pserv/templates"

typedef struct {
    const char *templates;          /* PservTemplates */
    const char *base_url;           /* PservBaseURL, no trailing slash */
    int cookie_secure;              /* PservCookieSecure; -1 unset */
    int test_hooks;                 /* PservTestHooks; -1 unset */
    apr_interval_time_t session_idle;       /* PservSessionIdleTimeout */
    apr_interval_time_t session_max;        /* PservSessionMaxAge */
    apr_interval_time_t token_lifetime;     /* PservTokenLifetime */
    apr_off_t upload_max_file;      /* PservUploadMaxFileSize */
    int upload_max_files;           /* PservUploadMaxFiles */
    apr_off_t body_max;             /* PservRequestBodyMax */
} pserv_dir_conf;

extern const command_rec pserv_cmds[];
void *pserv_create_dir_conf(apr_pool_t *p, char *dir);
void *pserv_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

void pserv_dir_conf_defaults(pserv_dir_conf *c);
int pserv_conf_cookie_secure(const pserv_dir_conf *c);
int pserv_conf_test_hooks(const pserv_dir_conf *c);

/* Per-server settings (the mail worker has no request). "Unset" is NULL
 * or -1 until pserv_srv_conf_get applies the defaults. */
typedef struct {
    const char *mail_smtp;          /* PservMailSMTP; NULL: mail stays queued */
    const char *mail_from;          /* PservMailFrom */
    const char *mail_user;          /* PservMailUser */
    const char *mail_password;      /* PservMailPassword */
    apr_interval_time_t mail_retry_base;    /* PservMailRetryBase */
    apr_interval_time_t mail_retry_max;     /* PservMailRetryMax */
    apr_interval_time_t mail_interval;      /* PservMailInterval */
    int mail_max_attempts;          /* PservMailMaxAttempts */
    int mail_batch;                 /* PservMailBatch */
    int remind_after;               /* PservRemindAfter, hours (0: never) */
    int escalate_after;             /* PservEscalateAfter, hours (0: never) */
    int mail_smtp_here;             /* PservMailSMTP set in this server's
                                     * own context (not inherited) */
} pserv_srv_conf;

void *pserv_create_srv_conf(apr_pool_t *p, server_rec *s);
void *pserv_merge_srv_conf(apr_pool_t *p, void *basev, void *addv);
/* s's settings with defaults applied, copied into *out. */
void pserv_srv_conf_get(server_rec *s, pserv_srv_conf *out);

#endif
