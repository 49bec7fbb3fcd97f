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
 * statement, run a piece at a time in one snapshot, streamed out.
 */
#include "pserv.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

#include "core/csv.h"

#define PSERV_SEARCH_MAX 100
#define PSERV_PAGE_MAX   10000
#define PSERV_EXPORT_MAX   100000   /* rows in one export at most */
#define PSERV_EXPORT_CHUNK 2000     /* rows fetched (and held) at a time */

static const char *const pserv_ict_roles[] = {
    "admin", "ict_verificator", "ict_manager", "ict_executor"
};

const char *pserv_scope(const pserv_session *s)
{
    apr_size_t i;

    for (i = 0; i < sizeof pserv_ict_roles / sizeof pserv_ict_roles[0]; i++)
        if (pserv_session_has_role(s, pserv_ict_roles[i]))
            return "*";
    return s->nopek ? s->nopek : "";
}

/* What waits for this user: their first stage in the chain. */
static const char *pserv_list_default_status(const pserv_session *s)
{
    int i;

    for (i = 0; i < pserv_stage_count(); i++) {
        const char *st = pserv_stage_status_at(i);
        const char *role = pserv_status_role(st);
        if (role && pserv_session_has_role(s, role))
            return st;
    }
    return pserv_session_has_role(s, "admin") ? "" : "atasan";
}

typedef struct {
    const char *status, *kind, *from, *to, *q, *sort;
    int size, page;
} pserv_list_filter;

/* The filter from the query string; anything malformed is dropped
 * rather than refused, so an edited URL still shows a page. */
static void pserv_list_filter_read(request_rec *r, const pserv_session *s,
                                   pserv_list_filter *f)
{
    apr_table_t *a = NULL;
    const char *v;
    int size;

    ap_args_to_table(r, &a);
    f->status = apr_table_get(a, "status");
    if (!f->status)
        f->status = (r->args && *r->args) ? ""
                                          : pserv_list_default_status(s);
    else if (*f->status && !pserv_status_label(f->status))
        f->status = "";
    f->kind = apr_table_get(a, "kind");
    if (!f->kind || !pserv_kind_label(f->kind))
        f->kind = "";
    f->from = apr_table_get(a, "from");
    if (!f->from || !pserv_valid_date(f->from))
        f->from = "";
    f->to = apr_table_get(a, "to");
    if (!f->to || !pserv_valid_date(f->to))
        f->to = "";
    f->q = apr_table_get(a, "q");
    if (!f->q || !pserv_valid_text(f->q, PSERV_SEARCH_MAX, 0))
        f->q = "";
    v = apr_table_get(a, "sort");
    f->sort = v && strcmp(v, "asc") == 0 ? "asc" : "desc";
    v = apr_table_get(a, "size");
    size = v ? atoi(v) : 25;
    f->size = size == 10 || size == 50 || size == 100 ? size : 25;
    v = apr_table_get(a, "page");
    f->page = v ? atoi(v) : 1;
    if (f->page < 1 || f->page > PSERV_PAGE_MAX)
        f->page = 1;
}

/* The filter as a query string (without size and page). */
static const char *pserv_list_query(request_rec *r, const pserv_list_filter *f)
{
    return apr_psprintf(r->pool, "status=%s&kind=%s&from=%s&to=%s&q=%s&sort=%s",
                        ap_escape_urlencoded(r->pool, f->status),
                        ap_escape_urlencoded(r->pool, f->kind), f->from, f->to,
                        ap_escape_urlencoded(r->pool, f->q), f->sort);
}

/* The list's URL for this filter at page. */
static const char *pserv_list_href(request_rec *r, const pserv_list_filter *f,
                                   int page)
{
    return apr_psprintf(r->pool, "/requests?%s&size=%d&page=%d",
                        pserv_list_query(r, f), f->size, page);
}

static void pserv_list_options(pserv_view *v)
{
    xmlNodePtr n = pserv_view_add(v->content, "statuses", NULL), o;
    int i;

    o = pserv_view_add(n, "status", NULL);
    pserv_view_attr(o, "code", "");
    pserv_view_attr(o, "label", "Semua Status");
    for (i = 0; i <= pserv_stage_count(); i++) {
        const char *st = i < pserv_stage_count() ? pserv_stage_status_at(i)
                                                 : "completed";
        o = pserv_view_add(n, "status", NULL);
        pserv_view_attr(o, "code", st);
        pserv_view_attr(o, "label", pserv_status_label(st));
    }
    o = pserv_view_add(n, "status", NULL);
    pserv_view_attr(o, "code", "rejected");
    pserv_view_attr(o, "label", pserv_status_label("rejected"));

    n = pserv_view_add(v->content, "kinds", NULL);
    o = pserv_view_add(n, "kind", NULL);
    pserv_view_attr(o, "code", "");
    pserv_view_attr(o, "label", "Semua Jenis");
    for (i = 0; i < pserv_kind_count(); i++) {
        o = pserv_view_add(n, "kind", NULL);
        pserv_view_attr(o, "code", pserv_kind_code_at(i));
        pserv_view_attr(o, "label", pserv_kind_label(pserv_kind_code_at(i)));
    }
}

int pserv_handle_requests(request_rec *r, apr_int64_t id)
{
    pserv_session *s = pserv_session_load(r);
    pserv_list_filter f;
    pserv_db *db;
    pserv_view *v;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    xmlNodePtr n;
    const char *q;
    int i;

    (void)id;
    if (!s)
        return pserv_redirect(r, "/login?next=%2frequests");
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_list_filter_read(r, s, &f);
    f.q = pserv_trim(r->pool, f.q);
    q = pserv_like_escape(r->pool, f.q);
    if (pserv_db_select(db, strcmp(f.sort, "asc") == 0 ? PSERV_SQL_LIST_ASC
                                                       : PSERV_SQL_LIST_DESC,
                        &res, pserv_scope(s), f.status, f.kind, f.from, f.to,
                        q, apr_itoa(r->pool, f.size + 1),
                        apr_itoa(r->pool, (f.page - 1) * f.size)) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    v = pserv_view_new(r, "requests", "Request UID Management System");
    pserv_view_crumb(v, "/home", "Halaman Utama");
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

    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        apr_int64_t at;
        if (i > f.size) {
            pserv_view_attr(v->content, "has_next", "1");
            pserv_view_attr(v->content, "next_href",
                            pserv_list_href(r, &f, f.page + 1));
            break;
        }
        at = apr_atoi64(pserv_db_col(db, row, 2));
        n = pserv_view_add(v->content, "request", NULL);
        pserv_view_attr(n, "id", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "nomor", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "created", pserv_format_wib(r->pool, at));
        pserv_view_attr(n, "created_iso", pserv_format_iso(r->pool, at));
        pserv_view_attr(n, "full_name", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "kind_label",
                        pserv_kind_label(pserv_db_col(db, row, 4)));
        pserv_view_attr(n, "unit_name", pserv_db_col(db, row, 5));
        pserv_view_attr(n, "status", pserv_db_col(db, row, 6));
        pserv_view_attr(n, "status_label",
                        pserv_status_label(pserv_db_col(db, row, 6)));
        pserv_view_attr(n, "platforms", pserv_db_col(db, row, 7));
    }
    pserv_view_attr(v->content, "page", apr_itoa(r->pool, f.page));
    pserv_view_attr(v->content, "page_size", apr_itoa(r->pool, f.size));
    if (f.page > 1) {
        pserv_view_attr(v->content, "has_prev", "1");
        pserv_view_attr(v->content, "prev_href",
                        pserv_list_href(r, &f, f.page - 1));
    }
    pserv_view_attr(v->content, "empty", *pserv_scope(s) == '\0'
        ? "Tidak ada permohonan untuk Anda: daftar ini berisi permohonan "
          "di mana Anda menjadi Atasan."
        : *f.status || *f.kind || *f.from || *f.to || *f.q
        ? "Tidak ada permohonan yang sesuai dengan filter. Ubah atau reset "
          "filter untuk melihat permohonan lain."
        : "Belum ada permohonan.");
    return pserv_view_send(v, HTTP_OK);
}

/* ---- Unduh CSV ------------------------------------------------------------ */

/* The list's columns, as the page heads them (but Aksi). */
static const char *const pserv_export_head[] = {
    "Nomor", "Tanggal Pengajuan", "Nama Lengkap", "Jenis User ID",
    "Divisi/Cab/Unit", "Platform System", "Status"
};
#define PSERV_EXPORT_COLS \
    (int)(sizeof pserv_export_head / sizeof pserv_export_head[0])

typedef struct {
    request_rec *r;
    pserv_db *db;
    const pserv_list_filter *f;
    const char *scope, *q;
    pserv_sql_id stmt;
} pserv_export;

/* Rows offset+1 .. offset+limit of the list, in p. */
static int pserv_export_fetch(pserv_export *x, apr_pool_t *p, int offset,
                              int limit, apr_dbd_results_t **res)
{
    return pserv_db_select_p(x->db, p, x->stmt, res, x->scope, x->f->status,
                             x->f->kind, x->f->from, x->f->to, x->q,
                             apr_itoa(p, limit), apr_itoa(p, offset));
}

/* Each row of res as a CSV record into bb, through the filters; the rows
 * written in *rows. An error status of the output, or APR_SUCCESS. */
static apr_status_t pserv_export_write(pserv_export *x, apr_pool_t *p,
                                       apr_dbd_results_t *res,
                                       apr_bucket_brigade *bb, int *rows)
{
    request_rec *r = x->r;
    pserv_db *db = x->db;
    apr_dbd_row_t *row;
    const char *cells[PSERV_EXPORT_COLS];
    apr_status_t rv = APR_SUCCESS;
    int i;

    *rows = 0;
    /* Through to the row past the end, which frees the result set. */
    for (i = 1; (row = pserv_db_row_p(db, p, res, i)); i++) {
        const char *st, *rec;
        apr_size_t len;

        if (rv != APR_SUCCESS)
            continue;
        st = pserv_db_col_p(db, p, row, 6);
        cells[0] = pserv_db_col_p(db, p, row, 1);
        cells[1] = pserv_format_wib(p, apr_atoi64(pserv_db_col_p(db, p, row,
                                                                 2)));
        cells[2] = pserv_db_col_p(db, p, row, 3);
        cells[3] = pserv_kind_label(pserv_db_col_p(db, p, row, 4));
        cells[4] = pserv_db_col_p(db, p, row, 5);
        cells[5] = pserv_db_col_p(db, p, row, 7);
        cells[6] = st ? pserv_status_label(st) : NULL;
        rec = pserv_csv_record(p, cells, PSERV_EXPORT_COLS, &len);
        rv = apr_brigade_write(bb, ap_filter_flush, r->output_filters, rec,
                               len);
        (*rows)++;
    }
    return rv;
}

/* The Content-Disposition: p-serv-requests-YYYYMMDD.csv, today in WIB. */
static const char *pserv_export_disposition(request_rec *r)
{
    apr_time_exp_t x;

    apr_time_exp_tz(&x, pserv_now(r), 7 * 3600);
    return apr_psprintf(r->pool, "attachment; filename=\"p-serv-requests-"
                        "%04d%02d%02d.csv\"", x.tm_year + 1900, x.tm_mon + 1,
                        x.tm_mday);
}

/* The export's audit line: who (the line's user), the filter (the search
 * only as given or not: it may hold a name or an e-mail), rows sent. */
static void pserv_export_audit(request_rec *r, const pserv_list_filter *f,
                               int rows, const char *outcome)
{
#define PSERV_OR_NONE(v) (*(v) ? (v) : NULL)
    pserv_audit(r, "export", NULL, "status", PSERV_OR_NONE(f->status),
                "kind", PSERV_OR_NONE(f->kind), "from", PSERV_OR_NONE(f->from),
                "to", PSERV_OR_NONE(f->to), "search", *f->q ? "yes" : "no",
                "sort", f->sort, "rows", apr_itoa(r->pool, rows),
                "result", outcome, NULL);
#undef PSERV_OR_NONE
}

int pserv_handle_requests_export(request_rec *r, apr_int64_t id)
{
    pserv_session *s = pserv_session_load(r);
    pserv_list_filter f;
    pserv_export x;
    apr_bucket_brigade *bb;
    apr_dbd_results_t *res = NULL;
    apr_pool_t *chunk;
    apr_status_t rv;
    const char *head, *outcome = "complete";
    int rows = 0, got = 0, limit;

    (void)id;
    if (!s)
        return pserv_redirect(r, "/login?next=%2frequests");
    memset(&x, 0, sizeof x);
    x.r = r;
    if (!(x.db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_list_filter_read(r, s, &f);
    f.q = pserv_trim(r->pool, f.q);
    x.f = &f;
    x.q = pserv_like_escape(r->pool, f.q);
    x.scope = pserv_scope(s);
    x.stmt = strcmp(f.sort, "asc") == 0 ? PSERV_SQL_LIST_ASC
                                        : PSERV_SQL_LIST_DESC;

    /* One snapshot for every piece: a ticket submitted or decided while
     * the file is written neither shows twice nor goes missing. */
    apr_pool_create(&chunk, r->pool);
    limit = PSERV_EXPORT_CHUNK;
    if (pserv_db_begin_snapshot(x.db) != 0
        || pserv_export_fetch(&x, chunk, 0, limit, &res) != 0) {
        pserv_db_rollback(x.db);
        return pserv_error_page(r, pserv_req_get(r)->db_down
                                   ? HTTP_SERVICE_UNAVAILABLE
                                   : HTTP_INTERNAL_SERVER_ERROR);
    }

    ap_set_content_type(r, "text/csv; charset=utf-8");
    apr_table_setn(r->headers_out, "Content-Disposition",
                   pserv_export_disposition(r));
    if (r->header_only) {
        pserv_db_rollback(x.db);
        return OK;
    }
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    head = pserv_csv_record(r->pool, pserv_export_head, PSERV_EXPORT_COLS,
                            NULL);
    rv = apr_brigade_puts(bb, ap_filter_flush, r->output_filters,
                          PSERV_CSV_BOM);
    if (rv == APR_SUCCESS)
        rv = apr_brigade_puts(bb, ap_filter_flush, r->output_filters, head);
    for (;;) {
        if (rv == APR_SUCCESS)
            rv = pserv_export_write(&x, chunk, res, bb, &got);
        if (rv != APR_SUCCESS) {
            outcome = "client-gone";
            break;
        }
        rows += got;
        if (got < limit || rows >= PSERV_EXPORT_MAX)
            break;
        /* Send this piece on before asking for the next. */
        rv = ap_pass_brigade(r->output_filters, bb);
        apr_brigade_cleanup(bb);
        if (rv != APR_SUCCESS || r->connection->aborted) {
            outcome = "client-gone";
            break;
        }
        apr_pool_clear(chunk);
        limit = PSERV_EXPORT_MAX - rows < PSERV_EXPORT_CHUNK
                ? PSERV_EXPORT_MAX - rows : PSERV_EXPORT_CHUNK;
        if (pserv_export_fetch(&x, chunk, rows, limit, &res) != 0) {
            outcome = "failed";
            break;
        }
    }
    if (strcmp(outcome, "complete") == 0 && rows >= PSERV_EXPORT_MAX) {
        /* Whether the cap cut anything off, for the audit line. */
        apr_pool_clear(chunk);
        if (pserv_export_fetch(&x, chunk, rows, 1, &res) == 0
            && pserv_db_row_p(x.db, chunk, res, 1))
            outcome = "truncated";
    }
    pserv_db_rollback(x.db);
    apr_pool_destroy(chunk);
    pserv_export_audit(r, &f, rows, outcome);
    if (strcmp(outcome, "failed") == 0) {
        /* The headers are gone: end the response broken (no last chunk, the
         * connection closed) so the download fails rather than being
         * taken for the whole list. */
        apr_brigade_cleanup(bb);
        APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(
            HTTP_BAD_GATEWAY, NULL, r->pool, r->connection->bucket_alloc));
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(
            r->connection->bucket_alloc));
        ap_pass_brigade(r->output_filters, bb);
        return OK;
    }
    if (strcmp(outcome, "client-gone") == 0)
        return OK;
    rv = ap_pass_brigade(r->output_filters, bb);
    return rv == APR_SUCCESS ? OK : AP_FILTER_ERROR;
}
