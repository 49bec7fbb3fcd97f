/*
 * handle_list.c: Request UID Management System, the list of tickets
 * (manual 4.3, 5.3, 6.3). Filters live in the URL so a view can be
 * bookmarked; the page opens on what waits for the user.
 *
 * Who sees what: holders of an ICT role or admin see every ticket; anybody
 * else sees the tickets on which they are the Atasan (none, for most).
 */
#include "pserv.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

#define PSERV_SEARCH_MAX 100
#define PSERV_PAGE_MAX   10000

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

/* The list's URL for this filter at page. */
static const char *pserv_list_href(request_rec *r, const pserv_list_filter *f,
                                   int page)
{
    return apr_psprintf(r->pool,
        "/requests?status=%s&kind=%s&from=%s&to=%s&q=%s&sort=%s&size=%d"
        "&page=%d", ap_escape_urlencoded(r->pool, f->status),
        ap_escape_urlencoded(r->pool, f->kind), f->from, f->to,
        ap_escape_urlencoded(r->pool, f->q), f->sort, f->size, page);
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
