/*
 * request.c: what one request knows about itself: its state record
 * (request_config), its effective configuration and its clock. Every
 * other Apache-side file may call these; they call only config.c.
 */
#include "request.h"

#include "apr_strings.h"

#define PSERV_CLOCK_HEADER "X-Pserv-Test-Clock-Offset"

pserv_req *pserv_req_get(request_rec *r)
{
    pserv_req *q = ap_get_module_config(r->request_config, &pserv_module);

    if (!q) {
        q = apr_pcalloc(r->pool, sizeof *q);
        ap_set_module_config(r->request_config, &pserv_module, q);
    }
    return q;
}

/* The time the request happens at. Tests may move it forward with a
 * header, but only where PservTestHooks is On. */
apr_time_t pserv_now(request_rec *r)
{
    pserv_req *q = pserv_req_get(r);

    if (!q->now) {
        const char *off = NULL;
        q->now = r->request_time;
        if (pserv_conf_test_hooks(pserv_conf(r))
            && (off = apr_table_get(r->headers_in, PSERV_CLOCK_HEADER)))
            q->now += apr_time_from_sec(apr_atoi64(off));
    }
    return q->now;
}

/* The same time as a timestamptz literal for SQL. */
const char *pserv_now_sql(request_rec *r)
{
    apr_time_t t = pserv_now(r);
    apr_time_exp_t x;

    apr_time_exp_gmt(&x, t);
    return apr_psprintf(r->pool, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00",
                        x.tm_year + 1900, x.tm_mon + 1, x.tm_mday, x.tm_hour,
                        x.tm_min, x.tm_sec, x.tm_usec);
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
    pserv_dir_conf_defaults(c);
    q->conf_ready = 1;
    return c;
}
