/*
 * handle_admin_import.c: the HR master (employees.csv) uploaded by the
 * Administrator, imported as `pserv-admin import` does it:
 *
 *   GET  /admin/employees/import   the upload form
 *   POST /admin/employees/import   multipart: csrf, file
 *
 * The file is read and checked by core/import.c (the columns of
 * sql/demo/employees.csv); units and supervisors must exist, in the file
 * or the database; then every row is written with pserv-admin's own
 * statements (core/import_sql.h) in one transaction under its lock. All
 * or nothing: any problem is listed as FILE:LINE: FIELD: message and
 * nothing is imported.
 */
#include "db.h"
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"
#include "core/import.h"
#include "core/import_sql.h"

#define PSERV_IMPORT_FILE_MAX  (5 * 1024 * 1024)
#define PSERV_IMPORT_SHOWN_MAX 100 /* problems listed on the page */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The employees upload (handle_admin_import.c): pserv-admin import's
 * own statements (core/import_sql.h). */
PSERV_SQL(imp_lock, 0, PSERV_IMPORT_SQL_LOCK "::text");
PSERV_SQL(imp_unit_exists, 1, PSERV_IMPORT_SQL_UNIT_EXISTS);
PSERV_SQL(imp_employee_exists, 1, PSERV_IMPORT_SQL_EMPLOYEE_EXISTS);
PSERV_SQL(imp_employee_upsert, 7, PSERV_IMPORT_SQL_EMPLOYEE_UPSERT);
PSERV_SQL(imp_employee_supervisor, 3, PSERV_IMPORT_SQL_EMPLOYEE_SUPERVISOR);

const pserv_stmt *const pserv_sql_table_handle_admin_import[] = {
    &pserv_sql_imp_lock,
    &pserv_sql_imp_unit_exists,
    &pserv_sql_imp_employee_exists,
    &pserv_sql_imp_employee_upsert,
    &pserv_sql_imp_employee_supervisor,
    NULL,
};

typedef struct {
    request_rec *r;
    pserv_db *db;
    apr_array_header_t *problems; /* "FILE:LINE: FIELD: message" */
    pserv_import_log log;
    apr_hash_t *known; /* "u:CODE" / "e:NOPEK" -> "1"/"0" */
    int db_failed;
} pserv_upload_import;

static void pserv_import_page_report(void *ctx, const char *path, unsigned line,
                                     const char *field, const char *msg)
{
    pserv_upload_import *im = ctx;

    if (im->problems->nelts < PSERV_IMPORT_SHOWN_MAX)
        *(const char **)apr_array_push(im->problems) =
            apr_psprintf(im->r->pool, "%s:%u: %s: %s", path, line, field, msg);
}

/* Whether a unit ('u') or employee ('e') is in the database; -1 on error. */
static int pserv_import_in_db(pserv_upload_import *im, char kind,
                              const char *key)
{
    const char *hkey = apr_psprintf(im->r->pool, "%c:%s", kind, key);
    const char *known = apr_hash_get(im->known, hkey, APR_HASH_KEY_STRING);
    apr_dbd_results_t *res = NULL;
    int found;

    if (known)
        return *known == '1';
    if ((kind == 'u' ? pserv_db_select(im->db, imp_unit_exists, &res, key)
                     : pserv_db_select(im->db, imp_employee_exists, &res, key))
        != 0)
        return -1;
    found = pserv_db_row(im->db, res, 1) != NULL;
    apr_hash_set(im->known, hkey, APR_HASH_KEY_STRING, found ? "1" : "0");
    return found;
}

/* A reference from row's column col: to a row of the file (keys), else
 * to the database. 0 when it points nowhere (reported), -1 on error. */
static int pserv_import_ref(pserv_upload_import *im, pserv_import_file *f,
                            const pserv_import_row *row, int col,
                            apr_hash_t *keys, char kind, const char *where)
{
    const char *v = row->v[col];
    int found;

    if (!v || (keys && apr_hash_get(keys, v, APR_HASH_KEY_STRING)))
        return 1;
    found = pserv_import_in_db(im, kind, v);
    if (found == 0)
        pserv_import_bad(&im->log, f->path, row->line, f->spec->cols[col].name,
                         "\"%s\" is neither in %s nor in the database", v,
                         where);
    return found;
}

/* The references of every row (as pserv-admin checks them), then the
 * writes. 0 on a database error. */
static int pserv_import_run(pserv_upload_import *im, pserv_import_file *f,
                            int counts[3])
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *dr;
    int i;

    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        if (pserv_import_ref(im, f, row, PSERV_EMP_UNIT, NULL, 'u', "units.csv")
                < 0
            || pserv_import_ref(im, f, row, PSERV_EMP_SUPERVISOR, f->keys, 'e',
                                f->path)
                   < 0)
            return 0;
        if (row->v[PSERV_EMP_SUPERVISOR]
            && strcmp(row->v[PSERV_EMP_SUPERVISOR], row->v[PSERV_EMP_NOPEK])
                   == 0)
            pserv_import_bad(&im->log, f->path, row->line, "supervisor_nopek",
                             "an employee cannot be their own supervisor");
    }
    if (im->log.errors)
        return 1;
    /* Employees first without supervisors, so a supervisor may come later
     * in the file than the people they supervise. */
    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        const char *active = row->v[PSERV_EMP_ACTIVE]
                                 ? pserv_import_bool(row->v[PSERV_EMP_ACTIVE])
                                 : NULL;
        if (pserv_db_select(im->db, imp_employee_upsert, &res,
                            row->v[PSERV_EMP_NOPEK], row->v[PSERV_EMP_NAME],
                            row->v[PSERV_EMP_POSITION], row->v[PSERV_EMP_EMAIL],
                            row->v[PSERV_EMP_UNIT], row->v[PSERV_EMP_TYPE],
                            active)
            != 0)
            return 0;
        if ((dr = pserv_db_row(im->db, res, 1)))
            row->status = *pserv_db_col(im->db, dr, 0) == 't'
                              ? PSERV_IMPORT_INSERTED
                              : PSERV_IMPORT_UPDATED;
    }
    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        const char *sup = row->v[PSERV_EMP_SUPERVISOR];
        if (pserv_db_select(im->db, imp_employee_supervisor, &res, sup,
                            row->v[PSERV_EMP_NOPEK], sup)
            != 0)
            return 0;
        if (pserv_db_row(im->db, res, 1)
            && row->status == PSERV_IMPORT_UNCHANGED)
            row->status = PSERV_IMPORT_UPDATED;
        counts[row->status]++;
    }
    return 1;
}

/* The page: the form, and the outcome of an upload when there was one. */
static int pserv_import_send(request_rec *r, const char *filename,
                             apr_array_header_t *problems, int total,
                             const int *counts, const char *error, int status)
{
    pserv_view *v = pserv_view_new(r, "admin_import", "Impor Data Pekerja");
    int i;

    pserv_view_crumb(v, "/home", "Halaman Utama");
    pserv_view_crumb(v, "/admin/employees", "Data Pekerja");
    pserv_view_attr(v->content, "max_mb",
                    apr_itoa(r->pool, PSERV_IMPORT_FILE_MAX / 1024 / 1024));
    if (error)
        pserv_view_attr(pserv_view_add(v->page, "flash", error), "type",
                        "error");
    if (problems && problems->nelts) {
        xmlNodePtr n = pserv_view_add(v->content, "problems", NULL);
        pserv_view_attr(n, "file", filename);
        pserv_view_attr(n, "total", apr_itoa(r->pool, total));
        for (i = 0; i < problems->nelts; i++)
            pserv_view_add(n, "problem",
                           APR_ARRAY_IDX(problems, i, const char *));
    }
    if (counts) {
        xmlNodePtr n = pserv_view_add(v->content, "done", NULL);
        pserv_view_attr(n, "file", filename);
        pserv_view_attr(n, "inserted",
                        apr_itoa(r->pool, counts[PSERV_IMPORT_INSERTED]));
        pserv_view_attr(n, "updated",
                        apr_itoa(r->pool, counts[PSERV_IMPORT_UPDATED]));
        pserv_view_attr(n, "unchanged",
                        apr_itoa(r->pool, counts[PSERV_IMPORT_UNCHANGED]));
    }
    return pserv_view_send(v, status);
}

int pserv_handle_admin_import_page(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_import_send(r, NULL, NULL, 0, NULL, NULL, HTTP_OK);
}

int pserv_handle_admin_import(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_form_limits lim = { PSERV_IMPORT_FILE_MAX, 1, 4096,
                              PSERV_IMPORT_FILE_MAX + 65536 };
    apr_table_t *in;
    apr_array_header_t *uploads;
    pserv_upload *up = NULL;
    pserv_upload_import im;
    pserv_import_file f;
    apr_dbd_results_t *res = NULL;
    apr_off_t at = 0;
    const char *name;
    int rv = OK, i, counts[3] = { 0, 0, 0 };

    (void)id;
    rv = pserv_form_read_multipart(r, &lim, &in, &uploads);
    if (rv != OK && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_error_page(r, rv);
    if (!pserv_csrf_ok(r, apr_table_get(in, "csrf")))
        return pserv_error_page(r, HTTP_FORBIDDEN);
    for (i = 0; uploads && i < uploads->nelts; i++)
        if (!up || APR_ARRAY_IDX(uploads, i, pserv_upload).spool)
            up = &APR_ARRAY_IDX(uploads, i, pserv_upload);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE || (up && up->too_large))
        return pserv_import_send(
            r, NULL, NULL, 0, NULL,
            "File terlalu besar (maksimal 5 MB). Tidak ada data yang "
            "diimpor.",
            HTTP_REQUEST_ENTITY_TOO_LARGE);
    if (!up || !up->spool || up->size == 0)
        return pserv_import_send(
            r, NULL, NULL, 0, NULL,
            "Pilih file CSV data pekerja (kolom seperti employees.csv). "
            "Tidak ada data yang diimpor.",
            HTTP_OK);
    name = up->filename && *up->filename ? up->filename : "employees.csv";

    memset(&im, 0, sizeof im);
    im.r = r;
    im.problems = apr_array_make(r->pool, 16, sizeof(const char *));
    im.known = apr_hash_make(r->pool);
    im.log.pool = r->pool;
    im.log.report = pserv_import_page_report;
    im.log.ctx = &im;
    pserv_import_file_init(&im.log, &f, &pserv_import_employees, name);
    if (apr_file_seek(up->spool, APR_SET, &at) != APR_SUCCESS)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_import_read(&im.log, &f,
                      pserv_csv_reader_file(r->pool, up->spool, NULL));
    if (!(im.db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);

    if (f.present) {
        if (pserv_db_begin(im.db) != 0)
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        /* References are checked inside the transaction, against the rows
         * it writes next to; pserv-admin import waits meanwhile. Rows with
         * problems of their own are checked too, so one upload lists
         * everything. */
        if (pserv_db_select(im.db, imp_lock, &res) != 0
            || !pserv_import_run(&im, &f, counts)) {
            pserv_db_rollback(im.db);
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        }
        if (im.log.errors)
            pserv_db_rollback(im.db);
        else if (pserv_db_end(im.db) != 0)
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (im.log.errors) {
        pserv_audit(r, "import.refused", s->username, "file", name, "problems",
                    apr_itoa(r->pool, im.log.errors), NULL);
        return pserv_import_send(
            r, name, im.problems, im.log.errors, NULL,
            apr_psprintf(r->pool,
                         "%d masalah ditemukan pada file. Tidak ada "
                         "data yang diimpor: perbaiki file, lalu unggah "
                         "kembali.",
                         im.log.errors),
            HTTP_OK);
    }
    pserv_audit(r, "import.employees", s->username, "file", name, "inserted",
                apr_itoa(r->pool, counts[PSERV_IMPORT_INSERTED]), "updated",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UPDATED]), "unchanged",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UNCHANGED]), NULL);
    return pserv_import_send(r, name, NULL, 0, counts, NULL, HTTP_OK);
}
