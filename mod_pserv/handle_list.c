/*
 * handle_list.c: Request UID Management System, the list of tickets
 * (manual 4.3, 5.3, 6.3). Filters live in the URL so a view can be
 * bookmarked; the page opens on what waits for the user.
 *
 * Who sees what: holders of an ICT role or admin see every ticket; anybody
 * else sees the tickets on which they are the Atasan (none, for most).
 *
 * /requests/export (Unduh CSV) gives the same rows for the same filter,
 * all of them rather than a page, as CSV for a spreadsheet: the list's own
 * statement, its rows streamed out as PostgreSQL sends them. The JSON API
 * (handle_api.c) reads the same filter and runs the same statement.
 */
#include "i18n.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "ticket.h"
#include "handlers.h"
#include "pagecache.h"
#include "access.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

#include "core/csv.h"

#define PSERV_EXPORT_MAX 100000 /* rows in one export at most */
/* Test-only (PservTestHooks On): a lower cap, so a test can reach it. */
#define PSERV_EXPORT_MAX_HEADER "X-Pserv-Test-Export-Max"

static void pserv_list_options(pserv_view *v)
{
    xmlNodePtr n = pserv_view_add(v->content, "statuses", NULL), o;
    int i;

    o = pserv_view_add(n, "status", NULL);
    pserv_view_attr(o, "code", "");
    pserv_view_attr(o, "label", pserv_tr(v->r, "list.all-status"));
    for (i = 0; i <= pserv_stage_count(); i++) {
        const char *st =
            i < pserv_stage_count() ? pserv_stage_status_at(i) : "completed";
        o = pserv_view_add(n, "status", NULL);
        pserv_view_attr(o, "code", st);
        pserv_view_attr(o, "label", pserv_status_label(st));
    }
    for (i = 0; i < 3; i++) {
        static const char *const ended[] = { "rejected", "returned",
                                             "cancelled" };
        o = pserv_view_add(n, "status", NULL);
        pserv_view_attr(o, "code", ended[i]);
        pserv_view_attr(o, "label", pserv_status_label(ended[i]));
    }
    /* what the user may act on for someone else (Delegasi Persetujuan) or
     * by assignment (Alihkan Persetujuan) */
    o = pserv_view_add(n, "status", NULL);
    pserv_view_attr(o, "code", PSERV_LIST_DELEGASI);
    pserv_view_attr(o, "label", pserv_tr(v->r, "list.delegation"));

    n = pserv_view_add(v->content, "kinds", NULL);
    o = pserv_view_add(n, "kind", NULL);
    pserv_view_attr(o, "code", "");
    pserv_view_attr(o, "label", pserv_tr(v->r, "list.all-kinds"));
    for (i = 0; i < pserv_kind_count(); i++) {
        o = pserv_view_add(n, "kind", NULL);
        pserv_view_attr(o, "code", pserv_kind_code_at(i));
        pserv_view_attr(o, "label", pserv_kind_label(pserv_kind_code_at(i)));
    }
}

int pserv_handle_requests(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_list_filter f;
    pserv_db *db;
    pserv_view *v;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    xmlNodePtr n;
    const char *acting;
    int i;

    (void)id;
    if ((i = pserv_pagecache_serve_list(r, s)) != DECLINED)
        return i;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_list_filter_read(r, s, &f);
    if (pserv_list_select(r, db, s, &f, &res) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    v = pserv_view_new(r, "requests", "Request UID Management System");
    pserv_view_crumb(v, "/home", pserv_tr(r, "ticket.crumb.home"));
    pserv_view_crumb(v, "/helpdesk", "ICT Helpdesk");
    n = pserv_view_add(v->content, "filter", NULL);
    pserv_view_attr(n, "status", f.status);
    pserv_view_attr(n, "kind", f.kind);
    pserv_view_attr(n, "from", f.from);
    pserv_view_attr(n, "to", f.to);
    pserv_view_attr(n, "q", f.q);
    pserv_view_attr(n, "sort", f.sort);
    pserv_view_attr(n, "size", apr_itoa(r->pool, f.size));
    pserv_view_attr(v->content, "export_href",
                    apr_pstrcat(r->pool, "/requests/export?",
                                pserv_list_query(r, &f), NULL));
    pserv_list_options(v);
    /* Approve Terpilih / Reject Terpilih (handle_bulk.c): an ICT
     * Verificator or ICT Manager looking at their own stage */
    if ((strcmp(f.status, "verificator") == 0
         && pserv_session_has_role(s, "ict_verificator"))
        || (strcmp(f.status, "manager") == 0
            && pserv_session_has_role(s, "ict_manager")))
        pserv_view_attr(v->content, "bulk", f.status);

    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        apr_int64_t at;
        if (i > f.size) {
            pserv_view_attr(v->content, "has_next", "1");
            pserv_view_attr(v->content, "next_href",
                            pserv_list_href(r, "/requests", &f, f.page + 1));
            break;
        }
        at = apr_atoi64(pserv_db_col(db, row, PSERV_LIST_CREATED));
        n = pserv_view_add(v->content, "request", NULL);
        pserv_view_attr(n, "id", pserv_db_col(db, row, PSERV_LIST_ID));
        pserv_view_attr(n, "nomor", pserv_db_col(db, row, PSERV_LIST_NOMOR));
        pserv_view_attr(n, "created",
                        pserv_format_wib_in(r->pool, at, pserv_lang(r), 0));
        pserv_view_attr(n, "created_iso", pserv_format_iso(r->pool, at));
        pserv_view_attr(n, "full_name",
                        pserv_db_col(db, row, PSERV_LIST_FULL_NAME));
        pserv_view_attr(
            n, "kind_label",
            pserv_kind_label(pserv_db_col(db, row, PSERV_LIST_KIND)));
        pserv_view_attr(n, "unit_name",
                        pserv_db_col(db, row, PSERV_LIST_UNIT_NAME));
        pserv_view_attr(n, "status", pserv_db_col(db, row, PSERV_LIST_STATUS));
        pserv_view_attr(
            n, "status_label",
            pserv_status_label(pserv_db_col(db, row, PSERV_LIST_STATUS)));
        pserv_view_attr(n, "platforms",
                        pserv_db_col(db, row, PSERV_LIST_PLATFORMS));
        acting = pserv_db_col(db, row, PSERV_LIST_ACTING);
        if (acting && strcmp(acting, "Dialihkan") != 0)
            pserv_view_attr(n, "acting_via", "delegate");
        pserv_view_attr(n, "acting", pserv_ticket_acting_tr(r, acting));
    }
    pserv_view_attr(v->content, "page", apr_itoa(r->pool, f.page));
    pserv_view_attr(v->content, "page_size", apr_itoa(r->pool, f.size));
    if (f.page > 1) {
        pserv_view_attr(v->content, "has_prev", "1");
        pserv_view_attr(v->content, "prev_href",
                        pserv_list_href(r, "/requests", &f, f.page - 1));
    }
    pserv_view_attr(
        v->content, "empty",
        pserv_tr(r, strcmp(f.status, PSERV_LIST_DELEGASI) == 0
                        ? PSERV_MSG_KEY("list.empty.delegation")
                    : *pserv_session_scope(s) == '\0'
                        ? PSERV_MSG_KEY("list.empty.atasan")
                    : *f.status || *f.kind || *f.from || *f.to || *f.q
                        ? PSERV_MSG_KEY("list.empty.filter")
                        : PSERV_MSG_KEY("list.empty.none")));
    return pserv_view_send(v, HTTP_OK);
}

/* ---- Unduh CSV ------------------------------------------------------------ */

/* The list's columns, as the page heads them (but Aksi): catalogue keys,
 * in the request's language. */
static const char *const pserv_export_head[] = {
    PSERV_MSG_KEY("list.csv.nomor"), PSERV_MSG_KEY("list.csv.created"),
    PSERV_MSG_KEY("list.csv.name"),  PSERV_MSG_KEY("list.csv.kind"),
    PSERV_MSG_KEY("list.csv.unit"),  PSERV_MSG_KEY("list.csv.platforms"),
    PSERV_MSG_KEY("list.csv.status")
};
#define PSERV_EXPORT_COLS                                                      \
    (int)(sizeof pserv_export_head / sizeof pserv_export_head[0])

typedef struct {
    request_rec *r;
    apr_bucket_brigade *bb;
    apr_pool_t *scratch; /* one row's strings, cleared often */
    int rows;            /* rows written */
    int max;             /* the cap */
    int sent;            /* something went down the filters:
                                     * the status and headers are out */
    int truncated;       /* a row past the cap was there */
    int lang;            /* the request's language (core/lang.h) */
    apr_status_t out;    /* the first output error */
    /* the tickets written: the access record */
    apr_array_header_t *ids;
} pserv_export;

/* apr_brigade_write's flush: pass what is buffered down the filters. */
static apr_status_t pserv_export_flush(apr_bucket_brigade *bb, void *ctx)
{
    pserv_export *x = ctx;

    x->sent = 1;
    return ap_pass_brigade(x->r->output_filters, bb);
}

static apr_status_t pserv_export_put(pserv_export *x, const char *s,
                                     apr_size_t len)
{
    return apr_brigade_write(x->bb, pserv_export_flush, x, s, len);
}

/* One row of the list's statement (id, nomor, created, full name, kind,
 * unit, status, platforms) as a CSV record. Nonzero stops the query. */
static int pserv_export_row(void *ctx, int ncols, const char *const *v)
{
    pserv_export *x = ctx;
    const char *cells[PSERV_EXPORT_COLS], *rec;
    apr_pool_t *p = x->scratch;
    apr_size_t len;

    if (ncols < 8)
        return 1;
    if (x->rows >= x->max) {
        x->truncated = 1;
        return 1;
    }
    cells[0] = v[PSERV_LIST_NOMOR];
    cells[1] = pserv_format_wib_in(
        p, v[PSERV_LIST_CREATED] ? apr_atoi64(v[PSERV_LIST_CREATED]) : 0,
        x->lang, 0);
    cells[2] = v[PSERV_LIST_FULL_NAME];
    cells[3] = v[PSERV_LIST_KIND] ? pserv_kind_label(v[PSERV_LIST_KIND]) : NULL;
    cells[4] = v[PSERV_LIST_UNIT_NAME];
    cells[5] = v[PSERV_LIST_PLATFORMS];
    cells[6] =
        v[PSERV_LIST_STATUS] ? pserv_status_label(v[PSERV_LIST_STATUS]) : NULL;
    rec = pserv_csv_record(p, cells, PSERV_EXPORT_COLS, &len);
    x->out = pserv_export_put(x, rec, len);
    if (v[PSERV_LIST_ID])
        APR_ARRAY_PUSH(x->ids, const char *) =
            apr_pstrdup(x->r->pool, v[PSERV_LIST_ID]);
    if (++x->rows % 256 == 0)
        apr_pool_clear(p);
    return x->out != APR_SUCCESS || x->r->connection->aborted;
}

/* The Content-Disposition: p-serv-requests-YYYYMMDD.csv, today in WIB. */
static const char *pserv_export_disposition(request_rec *r)
{
    apr_time_exp_t x;

    apr_time_exp_tz(&x, pserv_now(r), 7 * 3600);
    return apr_psprintf(r->pool,
                        "attachment; filename=\"p-serv-requests-"
                        "%04d%02d%02d.csv\"",
                        x.tm_year + 1900, x.tm_mon + 1, x.tm_mday);
}

/* The export's audit line: who (the line's user), the filter (the search
 * only as given or not: it may hold a name or an e-mail), rows sent. */
static void pserv_export_audit(request_rec *r, const pserv_list_filter *f,
                               int rows, const char *outcome)
{
#define PSERV_OR_NONE(v) (*(v) ? (v) : NULL)
    pserv_audit(r, "export", NULL, "status", PSERV_OR_NONE(f->status), "kind",
                PSERV_OR_NONE(f->kind), "from", PSERV_OR_NONE(f->from), "to",
                PSERV_OR_NONE(f->to), "search", *f->q ? "yes" : "no", "sort",
                f->sort, "rows", apr_itoa(r->pool, rows), "result", outcome,
                NULL);
#undef PSERV_OR_NONE
}

int pserv_handle_requests_export(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    pserv_list_filter f;
    pserv_export x;
    pserv_db *db;
    const char *outcome, *hook;
    int rv;

    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_list_filter_read(r, s, &f);

    ap_set_content_type(r, "text/csv; charset=utf-8");
    apr_table_setn(r->headers_out, "Content-Disposition",
                   pserv_export_disposition(r));
    if (r->header_only)
        return OK;

    memset(&x, 0, sizeof x);
    x.r = r;
    x.max = PSERV_EXPORT_MAX;
    if (pserv_conf_test_hooks(pserv_conf(r))
        && (hook = apr_table_get(r->headers_in, PSERV_EXPORT_MAX_HEADER))
        && atoi(hook) > 0 && atoi(hook) < x.max)
        x.max = atoi(hook);
    x.ids = apr_array_make(r->pool, 256, sizeof(const char *));
    x.bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_pool_create(&x.scratch, r->pool);
    x.out = pserv_export_put(&x, PSERV_CSV_BOM, strlen(PSERV_CSV_BOM));
    x.lang = pserv_lang(r);
    if (x.out == APR_SUCCESS) {
        const char *cols[PSERV_EXPORT_COLS];
        apr_size_t len;
        const char *head;
        for (rv = 0; rv < PSERV_EXPORT_COLS; rv++)
            cols[rv] = pserv_tr(r, pserv_export_head[rv]);
        head = pserv_csv_record(r->pool, cols, PSERV_EXPORT_COLS, &len);
        x.out = pserv_export_put(&x, head, len);
    }
    /* The list's own statement, one row at a time as PostgreSQL sends
     * them: the whole file is never in memory, here or in libpq. One row
     * more than the cap tells whether the cap cut anything off. */
    rv = x.out != APR_SUCCESS
             ? 1
             : pserv_list_stream(r, db, s, &f, x.max + 1, pserv_export_row, &x);
    apr_pool_destroy(x.scratch);
    outcome = rv == 0 || x.truncated ? (x.truncated ? "truncated" : "complete")
              : rv == 1              ? "client-gone"
                                     : "failed";
    pserv_export_audit(r, &f, x.rows, outcome);
    /* The access record (docs/PRIVACY.md): a row per ticket written out,
     * in one statement, unless the error page goes instead of the file. */
    if ((rv == 0 || x.truncated || rv == 1 || x.sent)
        && pserv_access_record(r, db, s, PSERV_ACCESS_EXPORT, x.ids) != 0)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[ACC01]: the access record of a CSV export of "
                      "%d tickets could not be written",
                      x.ids->nelts);

    if (rv == 0 || x.truncated) {
        rv = ap_pass_brigade(r->output_filters, x.bb);
        return rv == APR_SUCCESS ? OK : AP_FILTER_ERROR;
    }
    if (rv == 1) /* the client went away */
        return OK;
    /* The query failed. Nothing sent yet: the error page instead. */
    apr_brigade_cleanup(x.bb);
    if (!x.sent) {
        apr_table_unset(r->headers_out, "Content-Disposition");
        return pserv_error_page(r, pserv_req_get(r)->db_down
                                       ? HTTP_SERVICE_UNAVAILABLE
                                       : HTTP_INTERNAL_SERVER_ERROR);
    }
    /* The headers are out: end the response broken (no last chunk, the
     * connection closed), so the download fails rather than being taken
     * for the whole list. */
    APR_BRIGADE_INSERT_TAIL(
        x.bb, ap_bucket_error_create(HTTP_BAD_GATEWAY, NULL, r->pool,
                                     r->connection->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(x.bb,
                            apr_bucket_eos_create(r->connection->bucket_alloc));
    ap_pass_brigade(r->output_filters, x.bb);
    return OK;
}
