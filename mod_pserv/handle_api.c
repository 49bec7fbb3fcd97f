/*
 * handle_api.c: the read-only JSON API, version 1, for the logged-in user:
 * the pages' session cookie ("AuthType pserv" in conf/pserv.conf), their
 * visibility rules and their statements.
 *
 *   GET /api/v1/me              who is logged in
 *   GET /api/v1/requests        the list, read from the list page's own
 *                               query parameters (pserv_list_filter_read)
 *   GET /api/v1/requests/N      one ticket, as its page knows it
 *
 * GET (and HEAD) only. Every error under /api/ is JSON,
 * {"error":{"status":N,"message":"..."}}: pserv_error_page answers so for
 * these paths, which covers the handlers' own errors, the route table's
 * 404 and 405, and Apache's 401 and 503 from the auth check (through
 * "ErrorDocument ... /_error"). A ticket one may not see is 404, audited
 * as "not-visible" exactly as its page does (pserv_ticket_load).
 */
#include "access.h"
#include "respond.h"
#include "ticket.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_hash.h"

#include "core/json.h"

#define PSERV_API_LIST_PATH "/api/v1/requests"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The API's list (handle_api.c): ids of a page of the list (ticket.c), as
 * an array literal "{1,2}" -> (request id, platform name) in the
 * list's order of platforms. No scope: the ids come from the list. */
PSERV_SQL(api_platforms, 1,
          "SELECT rp.request_id::text, p.name FROM request_platforms rp"
          " JOIN platforms p ON p.code = rp.platform_code"
          " WHERE rp.request_id = ANY (%s::bigint[])"
          " ORDER BY rp.request_id, p.sort_order, p.name");

const pserv_stmt *const pserv_sql_table_handle_api[] = {
    &pserv_sql_api_platforms,
    NULL,
};

static void pserv_api_kiso(pserv_json *j, request_rec *r, const char *key,
                           apr_int64_t epoch)
{
    pserv_json_kstr(j, key, pserv_format_iso(r->pool, epoch));
}

/* ---- GET /api/v1/me -------------------------------------------------- */

int pserv_handle_api_me(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_json *j;
    char *roles, *w, *last;

    (void)id;
    j = pserv_json_new(r->pool);
    pserv_json_object(j);
    pserv_json_kstr(j, "username", s->username);
    pserv_json_kstr(j, "full_name", s->full_name);
    pserv_json_kstr(j, "nopek", s->nopek && *s->nopek ? s->nopek : NULL);
    pserv_json_key(j, "roles");
    pserv_json_array(j);
    roles = apr_pstrdup(r->pool, s->roles ? s->roles : "");
    for (w = apr_strtok(roles, " ", &last); w; w = apr_strtok(NULL, " ", &last))
        pserv_json_str(j, w);
    pserv_json_end(j);
    pserv_json_end(j);
    return pserv_api_send(r, HTTP_OK, j);
}

/* ---- GET /api/v1/requests ---------------------------------------------- */

typedef struct {
    const char *id, *nomor, *full_name, *kind, *unit_name, *status;
    const char *unit_code, *acting;
    apr_int64_t created;
    apr_array_header_t *platforms; /* const char *, in the list's order */
} pserv_api_row;

/* Each row's platforms, by name, for the ids of the page (one statement):
 * the list's own column joins them with ", ", which a name may hold. */
static int pserv_api_platforms(request_rec *r, pserv_db *db,
                               apr_array_header_t *rows)
{
    apr_hash_t *by_id = apr_hash_make(r->pool);
    apr_array_header_t *ids =
        apr_array_make(r->pool, rows->nelts, sizeof(const char *));
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (!rows->nelts)
        return 0;
    for (i = 0; i < rows->nelts; i++) {
        pserv_api_row *a = &APR_ARRAY_IDX(rows, i, pserv_api_row);
        APR_ARRAY_PUSH(ids, const char *) = a->id;
        apr_hash_set(by_id, a->id, APR_HASH_KEY_STRING, a->platforms);
    }
    if (pserv_db_select(db, api_platforms, &res,
                        apr_pstrcat(r->pool, "{",
                                    apr_array_pstrcat(r->pool, ids, ','), "}",
                                    NULL))
        != 0)
        return APR_EGENERAL;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        apr_array_header_t *names =
            apr_hash_get(by_id, pserv_db_col(db, row, 0), APR_HASH_KEY_STRING);
        if (names)
            APR_ARRAY_PUSH(names, const char *) = pserv_db_col(db, row, 1);
    }
    return 0;
}

static void pserv_api_list_item(pserv_json *j, request_rec *r,
                                const pserv_api_row *a)
{
    int k;

    pserv_json_object(j);
    pserv_json_kint(j, "id", apr_atoi64(a->id));
    pserv_json_kstr(j, "nomor", a->nomor);
    pserv_api_kiso(j, r, "created", a->created);
    pserv_json_kstr(j, "full_name", a->full_name);
    pserv_json_kstr(j, "kind", a->kind);
    pserv_json_kstr(j, "kind_label", pserv_kind_label(a->kind));
    pserv_json_kstr(j, "unit_code", a->unit_code);
    pserv_json_kstr(j, "unit_name", a->unit_name);
    pserv_json_key(j, "platforms");
    pserv_json_array(j);
    for (k = 0; k < a->platforms->nelts; k++)
        pserv_json_str(j, APR_ARRAY_IDX(a->platforms, k, const char *));
    pserv_json_end(j);
    pserv_json_kstr(j, "status", a->status);
    pserv_json_kstr(j, "status_label", pserv_status_label(a->status));
    /* "atas nama Rina Wulandari", "Dialihkan" or null */
    pserv_json_kstr(j, "acting", a->acting && *a->acting ? a->acting : NULL);
    pserv_json_end(j);
}

int pserv_handle_api_requests(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_list_filter f;
    pserv_db *db;
    pserv_json *j;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *rows;
    int i, has_next = 0;

    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    /* The list page's filter and statement, and so its visibility. */
    pserv_list_filter_read(r, s, &f);
    if (pserv_list_select(r, db, s, &f, &res) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    rows = apr_array_make(r->pool, f.size, sizeof(pserv_api_row));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_api_row *a;
        if (i > f.size) {
            has_next = 1;
            break;
        }
        a = apr_array_push(rows);
        a->id = pserv_db_col(db, row, PSERV_LIST_ID);
        a->nomor = pserv_db_col(db, row, PSERV_LIST_NOMOR);
        a->created = apr_atoi64(pserv_db_col(db, row, PSERV_LIST_CREATED));
        a->full_name = pserv_db_col(db, row, PSERV_LIST_FULL_NAME);
        a->kind = pserv_db_col(db, row, PSERV_LIST_KIND);
        a->unit_name = pserv_db_col(db, row, PSERV_LIST_UNIT_NAME);
        a->status = pserv_db_col(db, row, PSERV_LIST_STATUS);
        a->unit_code = pserv_db_col(db, row, PSERV_LIST_UNIT_CODE);
        a->acting = pserv_db_col(db, row, PSERV_LIST_ACTING);
        a->platforms = apr_array_make(r->pool, 4, sizeof(const char *));
    }
    if (pserv_api_platforms(r, db, rows) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    j = pserv_json_new(r->pool);
    pserv_json_object(j);
    pserv_json_key(j, "items");
    pserv_json_array(j);
    for (i = 0; i < rows->nelts; i++)
        pserv_api_list_item(j, r, &APR_ARRAY_IDX(rows, i, pserv_api_row));
    pserv_json_end(j);
    pserv_json_kint(j, "page", f.page);
    pserv_json_kint(j, "size", f.size);
    pserv_json_kstr(
        j, "next",
        has_next ? pserv_list_href(r, PSERV_API_LIST_PATH, &f, f.page + 1)
                 : NULL);
    pserv_json_kstr(
        j, "prev",
        f.page > 1 ? pserv_list_href(r, PSERV_API_LIST_PATH, &f, f.page - 1)
                   : NULL);
    /* The filter in force ("" for none): with no query string the list
     * opens on what waits for the user, as the page does. */
    pserv_json_key(j, "filter");
    pserv_json_object(j);
    pserv_json_kstr(j, "status", f.status);
    pserv_json_kstr(j, "kind", f.kind);
    pserv_json_kstr(j, "from", f.from);
    pserv_json_kstr(j, "to", f.to);
    pserv_json_kstr(j, "q", f.q);
    pserv_json_kstr(j, "sort", f.sort);
    pserv_json_end(j);
    pserv_json_end(j);
    return pserv_api_send(r, HTTP_OK, j);
}

/* ---- GET /api/v1/requests/N -------------------------------------------- */

static const char *pserv_api_or_null(const char *v)
{
    return v && *v ? v : NULL;
}

static void pserv_api_ticket_lists(pserv_json *j, request_rec *r,
                                   const pserv_ticket *t)
{
    int i;

    pserv_json_key(j, "platforms");
    pserv_json_array(j);
    for (i = 0; i < t->part[PSERV_PART_PLATFORMS]->nelts; i++) {
        const pserv_trow *p = PSERV_TROW(t, PSERV_PART_PLATFORMS, i);
        pserv_json_object(j);
        pserv_json_kstr(j, "name", p->c[0]);
        pserv_json_kstr(j, "note", p->c[1]);
        pserv_json_end(j);
    }
    pserv_json_end(j);

    pserv_json_key(j, "attachments");
    pserv_json_array(j);
    for (i = 0; i < t->part[PSERV_PART_FILES]->nelts; i++) {
        const pserv_trow *f = PSERV_TROW(t, PSERV_PART_FILES, i);
        pserv_json_object(j);
        pserv_json_kint(j, "id", apr_atoi64(f->c[0]));
        pserv_json_kstr(j, "filename", f->c[1]);
        pserv_json_kstr(j, "content_type", f->c[2]);
        pserv_json_kint(j, "size", apr_atoi64(f->c[3]));
        pserv_json_kstr(j, "url",
                        apr_pstrcat(r->pool, "/attachments/", f->c[0], NULL));
        pserv_json_end(j);
    }
    pserv_json_end(j);
    /* when the retention rules took the attachments (retain.c) */
    if (t->attachments_purged)
        pserv_api_kiso(j, r, "attachments_purged_at",
                       apr_atoi64(t->attachments_purged));

    /* Progres Persetujuan: who decided each stage, and when. */
    pserv_json_key(j, "approvals");
    pserv_json_array(j);
    for (i = 0; i < t->part[PSERV_PART_APPROVALS]->nelts; i++) {
        const pserv_trow *a = PSERV_TROW(t, PSERV_PART_APPROVALS, i);
        pserv_json_object(j);
        pserv_json_kstr(j, "stage", a->c[0]);
        pserv_json_kstr(j, "stage_label", pserv_stage_label(a->c[0]));
        pserv_json_kstr(j, "decision", a->c[1]);
        pserv_json_kstr(j, "actor", a->c[2]);
        pserv_api_kiso(j, r, "at", apr_atoi64(a->c[3]));
        /* decided before the last return for revision: no longer counts */
        pserv_json_kbool(j, "before_revision",
                         a->c[7] && strcmp(a->c[7], "1") == 0);
        pserv_json_end(j);
    }
    pserv_json_end(j);

    pserv_json_key(j, "activity_log");
    pserv_json_array(j);
    for (i = 0; i < t->part[PSERV_PART_LOG]->nelts; i++) {
        const pserv_trow *l = PSERV_TROW(t, PSERV_PART_LOG, i);
        pserv_json_object(j);
        pserv_api_kiso(j, r, "at", apr_atoi64(l->c[0]));
        pserv_json_kstr(j, "actor", l->c[1]);
        pserv_json_kstr(j, "role", l->c[2]);
        pserv_json_kstr(j, "action", l->c[3]);
        pserv_json_kstr(j, "reason", pserv_api_or_null(l->c[4]));
        pserv_json_kbool(j, "before_revision",
                         l->c[5] && strcmp(l->c[5], "1") == 0);
        pserv_json_end(j);
    }
    pserv_json_end(j);
}

int pserv_handle_api_request(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_array_header_t *ids;
    pserv_ticket *t;
    pserv_db *db;
    pserv_json *j;
    int rv = OK;

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    /* The ticket page's own load: not there and not visible are one 404,
     * with one not-visible audit line. */
    if (!(t = pserv_ticket_load(r, db, s, id, &rv)))
        return pserv_error_page(r, rv);
    /* The access record (docs/PRIVACY.md): no record, no data. */
    ids = apr_array_make(r->pool, 1, sizeof(const char *));
    APR_ARRAY_PUSH(ids, const char *) = t->id;
    if (pserv_access_record(r, db, s, PSERV_ACCESS_API, ids) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);

    j = pserv_json_new(r->pool);
    pserv_json_object(j);
    pserv_json_kint(j, "id", apr_atoi64(t->id));
    pserv_json_kstr(j, "nomor", t->nomor);
    pserv_api_kiso(j, r, "created", t->created);
    pserv_json_kstr(j, "status", t->status);
    pserv_json_kstr(j, "status_label", pserv_status_label(t->status));
    pserv_json_kstr(j, "kind", t->kind);
    pserv_json_kstr(j, "kind_label", pserv_kind_label(t->kind));
    pserv_json_kstr(j, "nopek", pserv_api_or_null(t->nopek));
    pserv_json_kstr(j, "full_name", t->full_name);
    pserv_json_kstr(j, "position", t->position);
    pserv_json_kstr(j, "email", t->email);
    pserv_json_kstr(j, "unit_code", t->unit_code);
    pserv_json_kstr(j, "unit_name", t->unit_name);
    pserv_json_kstr(j, "atasan_name", t->atasan_name);
    pserv_json_kstr(j, "note", pserv_api_or_null(t->note));
    pserv_json_kstr(j, "account_username", t->account_username);
    pserv_api_ticket_lists(j, r, t);
    /* The decision panel's own rule. */
    pserv_json_kbool(j, "may_decide",
                     pserv_ticket_may_act(s, t, NULL) == PSERV_ACT_OK);
    pserv_json_end(j);
    return pserv_api_send(r, HTTP_OK, j);
}
