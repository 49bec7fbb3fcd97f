/*
 * mod_pserv.c: P-Serv "Request User ID" for Apache httpd 2.4.
 * The module record and hook registration; the work is in the other files.
 */
#define PSERV_MODULE_MAIN
#include "auth.h"
#include "audit.h"
#include "mail.h"
#include "schema.h"
#include "maintenance.h"
#include "view.h"
#include "msg.h"
#include "respond.h"
#include "handlers.h"
#include "metrics.h"
#include "mfa.h"
#include "access.h"
#include "pagecache.h"

#include "apr_strings.h"

#ifdef __GLIBC__
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>
#endif

/* Every file's statements (PSERV_SQL), registered with mod_dbd. */
extern const pserv_stmt *const pserv_sql_table_access[];
extern const pserv_stmt *const pserv_sql_table_account[];
extern const pserv_stmt *const pserv_sql_table_auth[];
extern const pserv_stmt *const pserv_sql_table_actors[];
extern const pserv_stmt *const pserv_sql_table_assign[];
extern const pserv_stmt *const pserv_sql_table_decide[];
extern const pserv_stmt *const pserv_sql_table_delegation[];
extern const pserv_stmt *const pserv_sql_table_digest[];
extern const pserv_stmt *const pserv_sql_table_handle_admin[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_access[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_edit[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_newacct[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_import[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_master[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_stuck[];
extern const pserv_stmt *const pserv_sql_table_handle_admin_subject[];
extern const pserv_stmt *const pserv_sql_table_handle_api[];
extern const pserv_stmt *const pserv_sql_table_handle_password[];
extern const pserv_stmt *const pserv_sql_table_handle_status[];
extern const pserv_stmt *const pserv_sql_table_handle_ticket[];
extern const pserv_stmt *const pserv_sql_table_i18n[];
extern const pserv_stmt *const pserv_sql_table_mail[];
extern const pserv_stmt *const pserv_sql_table_maildecide[];
extern const pserv_stmt *const pserv_sql_table_master[];
extern const pserv_stmt *const pserv_sql_table_mail_worker[];
extern const pserv_stmt *const pserv_sql_table_metrics[];
extern const pserv_stmt *const pserv_sql_table_mfa[];
extern const pserv_stmt *const pserv_sql_table_ratelimit[];
extern const pserv_stmt *const pserv_sql_table_remind[];
extern const pserv_stmt *const pserv_sql_table_retain[];
extern const pserv_stmt *const pserv_sql_table_revise[];
extern const pserv_stmt *const pserv_sql_table_rform[];
extern const pserv_stmt *const pserv_sql_table_session[];
extern const pserv_stmt *const pserv_sql_table_signin[];
extern const pserv_stmt *const pserv_sql_table_ticket[];

static const pserv_stmt *const *const pserv_sql_tables[] = {
    pserv_sql_table_access,
    pserv_sql_table_account,
    pserv_sql_table_auth,
    pserv_sql_table_actors,
    pserv_sql_table_assign,
    pserv_sql_table_decide,
    pserv_sql_table_delegation,
    pserv_sql_table_digest,
    pserv_sql_table_handle_admin,
    pserv_sql_table_handle_admin_access,
    pserv_sql_table_handle_admin_edit,
    pserv_sql_table_handle_admin_newacct,
    pserv_sql_table_handle_admin_import,
    pserv_sql_table_handle_admin_master,
    pserv_sql_table_handle_admin_stuck,
    pserv_sql_table_handle_admin_subject,
    pserv_sql_table_handle_api,
    pserv_sql_table_handle_password,
    pserv_sql_table_handle_status,
    pserv_sql_table_handle_ticket,
    pserv_sql_table_i18n,
    pserv_sql_table_mail,
    pserv_sql_table_maildecide,
    pserv_sql_table_master,
    pserv_sql_table_mail_worker,
    pserv_sql_table_metrics,
    pserv_sql_table_mfa,
    pserv_sql_table_ratelimit,
    pserv_sql_table_remind,
    pserv_sql_table_retain,
    pserv_sql_table_revise,
    pserv_sql_table_rform,
    pserv_sql_table_session,
    pserv_sql_table_signin,
    pserv_sql_table_ticket,
    NULL,
};

#ifdef __GLIBC__
/* glibc's allocator, tuned for a threaded child. Set before the children
 * fork, so before any of their threads has an arena.
 *
 * Every login hashes with Argon2id, which mallocs 19 MiB and frees it.
 * glibc raises its mmap threshold after such a free, so later ones come
 * from the calling thread's arena and stay resident: about 20 MiB per
 * arena, ~470 MiB a child after a burst of logins (scripts/chaos.sh, soak).
 * A fixed threshold keeps big blocks in mmap, returned at free.
 *
 * glibc gives threads up to 8 arenas a core. A page's libxml2 trees are
 * malloc'd in its thread's arena and freed at its end, between blocks that
 * live on (libpq's buffers, the connections' pool memory); each arena keeps
 * its own high-water mark and holes, so with many threads a child's size
 * creeps up for as long as new arenas meet new peaks (the soak: +10% over
 * 10 minutes with 15 arenas). One arena a core stops the creep at no cost
 * in throughput. MALLOC_ARENA_MAX or GLIBC_TUNABLES in Apache's
 * environment (envvars) overrides it. */
static void pserv_malloc_tune(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    if (!getenv("MALLOC_ARENA_MAX") && !getenv("GLIBC_TUNABLES"))
        mallopt(M_ARENA_MAX, cores > 1 ? (int)cores : 1);
}
#endif

static int pserv_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *s)
{
    int rv;

    (void)plog;
#ifdef __GLIBC__
    pserv_malloc_tune();
#endif
    if (pserv_db_register(s, pserv_sql_tables) != 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    if ((rv = pserv_schema_init(pconf, s)) != OK)
        return rv;
    if ((rv = pserv_view_init(pconf, ptemp, s)) != OK)
        return rv;
    if ((rv = pserv_msg_init(pconf, s)) != OK)
        return rv;
    pserv_password_init(pconf);
    if ((rv = pserv_mfa_init(pconf, s)) != OK)
        return rv;
    /* Before mod_watchdog's post_config (APR_HOOK_LAST) starts threads. */
    return pserv_mail_worker_init(pconf, s);
}

static int pserv_handler(request_rec *r)
{
    int rv;

    if (!r->handler || strcmp(r->handler, "pserv") != 0)
        return DECLINED;
    pserv_security_headers(r);
    if ((rv = pserv_schema_gate(r)) != DECLINED)
        return rv;
    return pserv_route(r);
}

/* What a request cost, for the access log: %{pserv-db}n statements sent
 * to PostgreSQL, %{pserv-xslt}n stylesheets compiled (0 once warm). An
 * ErrorDocument's internal redirect is counted with the request. */
static int pserv_log_costs(request_rec *r)
{
    unsigned db = 0, xslt = 0;
    int ours = 0;
    request_rec *rr;

    for (rr = r; rr; rr = rr->next) {
        const pserv_req *q =
            ap_get_module_config(rr->request_config, &pserv_module);
        if (q) {
            ours = 1;
            db += q->db_calls;
            xslt += q->xslt_compiles;
        }
    }
    if (!ours) /* a static file, another module's page */
        return DECLINED;
    apr_table_setn(r->notes, "pserv-db", apr_itoa(r->pool, (int)db));
    apr_table_setn(r->notes, "pserv-xslt", apr_itoa(r->pool, (int)xslt));
    return DECLINED;
}

static void pserv_register_hooks(apr_pool_t *p)
{
    ap_hook_post_config(pserv_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(pserv_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_log_transaction(pserv_log_costs, NULL, NULL, APR_HOOK_REALLY_FIRST);
    pserv_auth_register(p);
    pserv_audit_register(p);
    pserv_metrics_register(p);
    pserv_mfa_register(p);
    pserv_pagecache_register(p);
    pserv_session_register(p);
    pserv_access_register(p);
    pserv_mail_worker_register(p);
}

AP_DECLARE_MODULE(pserv) = { STANDARD20_MODULE_STUFF, pserv_create_dir_conf,
                             pserv_merge_dir_conf,    pserv_create_srv_conf,
                             pserv_merge_srv_conf,    pserv_cmds,
                             pserv_register_hooks,    AP_MODULE_FLAG_NONE };
