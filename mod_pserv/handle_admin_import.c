/*
 * handle_admin_import.c: the HR master (employees.csv) and the units
 * (units.csv) uploaded by the Administrator, imported as `pserv-admin
 * import` does it:
 *
 *   GET  /admin/employees/import   the upload form
 *   POST /admin/employees/import   multipart: csrf, file
 *   GET  /admin/units/import       the upload form
 *   POST /admin/units/import       multipart: csrf, file (the preview: what
 *                                  would change, nothing written), or csrf,
 *                                  csv (the previewed file's text),
 *                                  filename, confirm=1 (the import)
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
#include "master.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "core/import.h"
#include "core/import_sql.h"

#define PSERV_IMPORT_FILE_MAX  (5 * 1024 * 1024)
#define PSERV_IMPORT_SHOWN_MAX 100 /* problems listed on the page */
#define PSERV_IMPORT_UNITS_MAX (1024 * 1024)

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The employees upload (handle_admin_import.c): pserv-admin import's
 * own statements (core/import_sql.h). */
PSERV_SQL(imp_lock, 0, PSERV_IMPORT_SQL_LOCK "::text");
PSERV_SQL(imp_unit_exists, 1, PSERV_IMPORT_SQL_UNIT_EXISTS);
PSERV_SQL(imp_employee_exists, 1, PSERV_IMPORT_SQL_EMPLOYEE_EXISTS);
PSERV_SQL(imp_employee_upsert, 7, PSERV_IMPORT_SQL_EMPLOYEE_UPSERT);
PSERV_SQL(imp_employee_supervisor, 3, PSERV_IMPORT_SQL_EMPLOYEE_SUPERVISOR);
PSERV_SQL(imp_unit_upsert, 4, PSERV_IMPORT_SQL_UNIT_UPSERT);
PSERV_SQL(imp_unit_head, 3, PSERV_IMPORT_SQL_UNIT_HEAD);
/* code -> the unit's head now, its kind ('' when there is no such unit) */
PSERV_SQL(imp_unit_now, 1,
          "SELECT coalesce(head_nopek, ''), kind FROM units WHERE code = %s");
/* nopek -> name, e-mail (the new BUH's, for the mail) */
PSERV_SQL(imp_employee_contact, 1,
          "SELECT full_name, email FROM employees WHERE nopek = %s");

const pserv_stmt *const pserv_sql_table_handle_admin_import[] = {
    &pserv_sql_imp_lock,
    &pserv_sql_imp_unit_exists,
    &pserv_sql_imp_employee_exists,
    &pserv_sql_imp_employee_upsert,
    &pserv_sql_imp_employee_supervisor,
    &pserv_sql_imp_unit_upsert,
    &pserv_sql_imp_unit_head,
    &pserv_sql_imp_unit_now,
    &pserv_sql_imp_employee_contact,
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

/* An upload's state, before its file is read. */
static void pserv_import_start(pserv_upload_import *im, request_rec *r)
{
    memset(im, 0, sizeof *im);
    im->r = r;
    im->problems = apr_array_make(r->pool, 16, sizeof(const char *));
    im->known = apr_hash_make(r->pool);
    im->log.pool = r->pool;
    im->log.report = pserv_import_page_report;
    im->log.ctx = im;
}

/* The posted form (CSRF checked) and its file, the last one sent with
 * content (*up NULL when none). OK, HTTP_REQUEST_ENTITY_TOO_LARGE when the
 * form or the file was over the limits, or the error page's status. */
static int pserv_import_upload(request_rec *r, pserv_form_limits *lim,
                               apr_table_t **in, pserv_upload **up)
{
    apr_array_header_t *uploads;
    int rv, i;

    *up = NULL;
    rv = pserv_form_read_multipart(r, lim, in, &uploads);
    if (rv != OK && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return rv;
    if (!pserv_csrf_ok(r, apr_table_get(*in, "csrf")))
        return HTTP_FORBIDDEN;
    for (i = 0; uploads && i < uploads->nelts; i++)
        if (!*up || APR_ARRAY_IDX(uploads, i, pserv_upload).spool)
            *up = &APR_ARRAY_IDX(uploads, i, pserv_upload);
    return *up && (*up)->too_large ? HTTP_REQUEST_ENTITY_TOO_LARGE : rv;
}

/* A file with problems: its audit line, and the page's message. */
static const char *pserv_import_refused(pserv_upload_import *im,
                                        const pserv_session *s,
                                        const char *name)
{
    pserv_audit(im->r, "import.refused", s->username, "file", name, "problems",
                apr_itoa(im->r->pool, im->log.errors), NULL);
    return pserv_trf(im->r, "admin.import.refused", "%d", im->log.errors);
}

/* The page's problems (the first PSERV_IMPORT_SHOWN_MAX of total). */
static void pserv_import_problems(pserv_view *v, const char *filename,
                                  apr_array_header_t *problems, int total)
{
    xmlNodePtr n;
    int i;

    if (!problems || !problems->nelts)
        return;
    n = pserv_view_add(v->content, "problems", NULL);
    pserv_view_attr(n, "file", filename);
    pserv_view_attr(n, "total", apr_itoa(v->r->pool, total));
    for (i = 0; i < problems->nelts; i++)
        pserv_view_add(n, "problem", APR_ARRAY_IDX(problems, i, const char *));
}

/* The rows by status, in a new element of the page. */
static xmlNodePtr pserv_import_counts(pserv_view *v, const char *element,
                                      const char *filename, const int *counts)
{
    xmlNodePtr n = pserv_view_add(v->content, element, NULL);

    pserv_view_attr(n, "file", filename);
    pserv_view_attr(n, "inserted",
                    apr_itoa(v->r->pool, counts[PSERV_IMPORT_INSERTED]));
    pserv_view_attr(n, "updated",
                    apr_itoa(v->r->pool, counts[PSERV_IMPORT_UPDATED]));
    pserv_view_attr(n, "unchanged",
                    apr_itoa(v->r->pool, counts[PSERV_IMPORT_UNCHANGED]));
    return n;
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

/* One of an import's two writes of a row, its answer in *res. */
typedef int (*pserv_import_write_fn)(pserv_db *db, const pserv_import_row *row,
                                     apr_dbd_results_t **res);

/* Every row's upsert (a row back: inserted when its first column is 't',
 * else updated), then every row's second write (a supervisor, a BUH: a
 * row back makes an unchanged row updated), after all the upserts so that
 * a row may name one later in the file; the rows counted by status. 0 on a
 * database error. */
static int pserv_import_write(pserv_db *db, pserv_import_file *f,
                              pserv_import_write_fn upsert,
                              pserv_import_write_fn second, int counts[3])
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *dr;
    int i;

    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        if (upsert(db, row, &res) != 0)
            return 0;
        if ((dr = pserv_db_row(db, res, 1)))
            row->status = *pserv_db_col(db, dr, 0) == 't'
                              ? PSERV_IMPORT_INSERTED
                              : PSERV_IMPORT_UPDATED;
    }
    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        if (second(db, row, &res) != 0)
            return 0;
        if (pserv_db_row(db, res, 1) && row->status == PSERV_IMPORT_UNCHANGED)
            row->status = PSERV_IMPORT_UPDATED;
        counts[row->status]++;
    }
    return 1;
}

/* An employee without a supervisor; pserv_import_employee_supervisor
 * sets it once every row exists. */
static int pserv_import_employee_upsert(pserv_db *db,
                                        const pserv_import_row *row,
                                        apr_dbd_results_t **res)
{
    const char *active = row->v[PSERV_EMP_ACTIVE]
                             ? pserv_import_bool(row->v[PSERV_EMP_ACTIVE])
                             : NULL;

    return pserv_db_select(db, imp_employee_upsert, res,
                           row->v[PSERV_EMP_NOPEK], row->v[PSERV_EMP_NAME],
                           row->v[PSERV_EMP_POSITION], row->v[PSERV_EMP_EMAIL],
                           row->v[PSERV_EMP_UNIT], row->v[PSERV_EMP_TYPE],
                           active);
}

static int pserv_import_employee_supervisor(pserv_db *db,
                                            const pserv_import_row *row,
                                            apr_dbd_results_t **res)
{
    const char *sup = row->v[PSERV_EMP_SUPERVISOR];

    return pserv_db_select(db, imp_employee_supervisor, res, sup,
                           row->v[PSERV_EMP_NOPEK], sup);
}

/* The references of every row (as pserv-admin checks them), then the
 * writes. 0 on a database error. */
static int pserv_import_run(pserv_upload_import *im, pserv_import_file *f,
                            int counts[3])
{
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
    return pserv_import_write(im->db, f, pserv_import_employee_upsert,
                              pserv_import_employee_supervisor, counts);
}

/* The page: the form, and the outcome of an upload when there was one. */
static int pserv_import_send(request_rec *r, const char *filename,
                             apr_array_header_t *problems, int total,
                             const int *counts, const char *error, int status)
{
    pserv_view *v = pserv_view_new(r, "admin_import",
                                   pserv_tr(r, "admin.title.import.employees"));

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, "/admin/employees",
                     pserv_tr(r, "admin.title.employees"));
    pserv_view_attr(v->content, "max_mb",
                    apr_itoa(r->pool, PSERV_IMPORT_FILE_MAX / 1024 / 1024));
    if (error)
        pserv_view_attr(pserv_view_add(v->page, "flash", error), "type",
                        "error");
    pserv_import_problems(v, filename, problems, total);
    if (counts)
        pserv_import_counts(v, "done", filename, counts);
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
                              PSERV_IMPORT_FILE_MAX + 65536, 0 };
    apr_table_t *in;
    pserv_upload *up = NULL;
    pserv_upload_import im;
    pserv_import_file f;
    apr_dbd_results_t *res = NULL;
    apr_off_t at = 0;
    const char *name;
    int rv, counts[3] = { 0, 0, 0 };

    (void)id;
    if ((rv = pserv_import_upload(r, &lim, &in, &up)) != OK
        && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_error_page(r, rv);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_import_send(
            r, NULL, NULL, 0, NULL,
            pserv_tr(r, "admin.import.too_large.employees"),
            HTTP_REQUEST_ENTITY_TOO_LARGE);
    if (!up || !up->spool || up->size == 0)
        return pserv_import_send(r, NULL, NULL, 0, NULL,
                                 pserv_tr(r, "admin.import.none.employees"),
                                 HTTP_OK);
    name = up->filename && *up->filename ? up->filename : "employees.csv";

    pserv_import_start(&im, r);
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
    if (im.log.errors)
        return pserv_import_send(r, name, im.problems, im.log.errors, NULL,
                                 pserv_import_refused(&im, s, name), HTTP_OK);
    pserv_audit(r, "import.employees", s->username, "file", name, "inserted",
                apr_itoa(r->pool, counts[PSERV_IMPORT_INSERTED]), "updated",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UPDATED]), "unchanged",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UNCHANGED]), NULL);
    return pserv_import_send(r, name, NULL, 0, counts, NULL, HTTP_OK);
}

/* ---- units.csv ------------------------------------------------------------ */

/* A unit whose BUH the file changes, with the stage-1 tickets that move. */
typedef struct {
    const char *code, *from, *to;
    apr_dbd_results_t *waiting; /* pserv_unit_waiting's rows */
} pserv_units_change;

static int pserv_units_upsert(pserv_db *db, const pserv_import_row *row,
                              apr_dbd_results_t **res)
{
    const char *active = row->v[PSERV_UNIT_ACTIVE]
                             ? pserv_import_bool(row->v[PSERV_UNIT_ACTIVE])
                             : NULL;

    return pserv_db_select(db, imp_unit_upsert, res, row->v[PSERV_UNIT_CODE],
                           row->v[PSERV_UNIT_NAME], row->v[PSERV_UNIT_KIND],
                           active);
}

static int pserv_units_head(pserv_db *db, const pserv_import_row *row,
                            apr_dbd_results_t **res)
{
    const char *head = row->v[PSERV_UNIT_HEAD];

    return pserv_db_select(db, imp_unit_head, res, head,
                           row->v[PSERV_UNIT_CODE], head);
}

/* The rows' heads as references (pserv-admin's check), the BUH changes of
 * UNITs with their waiting tickets, then the writes. 0 on a database
 * error. */
static int pserv_units_run(pserv_upload_import *im, pserv_import_file *f,
                           int counts[3], apr_array_header_t *changes)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *dr;
    int i;

    for (i = 0; i < f->rows->nelts; i++) {
        pserv_import_row *row = APR_ARRAY_IDX(f->rows, i, pserv_import_row *);
        const char *head = row->v[PSERV_UNIT_HEAD];
        if (pserv_import_ref(im, f, row, PSERV_UNIT_HEAD, NULL, 'e',
                             "employees.csv")
            < 0)
            return 0;
        if (!head || strcmp(row->v[PSERV_UNIT_KIND], "UNIT") != 0)
            continue;
        if (pserv_db_select(im->db, imp_unit_now, &res, row->v[PSERV_UNIT_CODE])
            != 0)
            return 0;
        if ((dr = pserv_db_row(im->db, res, 1))
            && strcmp(pserv_db_col(im->db, dr, 0), head) != 0) {
            pserv_units_change *c = apr_array_push(changes);
            c->code = row->v[PSERV_UNIT_CODE];
            c->from = pserv_db_col(im->db, dr, 0);
            c->to = head;
            if (pserv_unit_waiting(im->db, c->code, head, &c->waiting) != 0)
                return 0;
        }
    }
    if (im->log.errors)
        return 1;
    return pserv_import_write(im->db, f, pserv_units_upsert, pserv_units_head,
                              counts);
}

/* The re-routes of the BUH changes (inside the import's transaction);
 * their Nomors joined by spaces in *nomors. 0 on a database error. */
static int pserv_units_reroute(pserv_upload_import *im, pserv_session *s,
                               apr_array_header_t *changes, int *moved,
                               const char **nomors)
{
    request_rec *r = im->r;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *dr;
    int i;

    *moved = 0;
    *nomors = "";
    for (i = 0; i < changes->nelts; i++) {
        pserv_units_change *c = &APR_ARRAY_IDX(changes, i, pserv_units_change);
        apr_array_header_t *m = NULL;
        if (!pserv_db_row(im->db, c->waiting, 1))
            continue;
        if (pserv_db_select(im->db, imp_employee_contact, &res, c->to) != 0
            || !(dr = pserv_db_row(im->db, res, 1))
            || pserv_unit_reroute(r, im->db, s, c->code, c->to,
                                  pserv_db_col(im->db, dr, 0),
                                  pserv_db_col(im->db, dr, 1), &m)
                   != 0)
            return 0;
        *moved += m->nelts;
        if (m->nelts)
            *nomors = apr_pstrcat(r->pool, *nomors, **nomors ? " " : "",
                                  apr_array_pstrcat(r->pool, m, ' '), NULL);
    }
    return 1;
}

/* The page: the form, and the outcome of an upload (problems, the
 * preview with the file's text for the commit, or what was done). */
static int pserv_units_send(request_rec *r, pserv_db *db, const char *filename,
                            apr_array_header_t *problems, int total,
                            const int *counts, apr_array_header_t *changes,
                            const char *csv, int moved, const char *error)
{
    pserv_view *v = pserv_view_new(r, "admin_units_import",
                                   pserv_tr(r, "admin.title.import.units"));
    xmlNodePtr n;
    apr_dbd_row_t *row;
    int i, k;

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, "/admin/units", pserv_tr(r, "admin.title.units"));
    pserv_view_attr(v->content, "max_kb",
                    apr_itoa(r->pool, PSERV_IMPORT_UNITS_MAX / 1024));
    if (error)
        pserv_view_attr(pserv_view_add(v->page, "flash", error), "type",
                        "error");
    pserv_import_problems(v, filename, problems, total);
    if (counts) {
        n = pserv_import_counts(v, csv ? "preview" : "done", filename, counts);
        pserv_view_attr(n, "rerouted", apr_itoa(r->pool, moved));
        if (csv)
            pserv_view_add(n, "csv", csv);
        for (i = 0; changes && i < changes->nelts; i++) {
            pserv_units_change *c =
                &APR_ARRAY_IDX(changes, i, pserv_units_change);
            xmlNodePtr x = pserv_view_add(n, "change", NULL);
            pserv_view_attr(x, "code", c->code);
            pserv_view_attr(x, "from", c->from);
            pserv_view_attr(x, "to", c->to);
            for (k = 1; (row = pserv_db_row(db, c->waiting, k)); k++) {
                xmlNodePtr t = pserv_view_add(x, "ticket", NULL);
                apr_int64_t since =
                    apr_atoi64(pserv_db_col(db, row, PSERV_WAIT_SINCE));
                pserv_view_attr(t, "id", pserv_db_col(db, row, PSERV_WAIT_ID));
                pserv_view_attr(t, "nomor",
                                pserv_db_col(db, row, PSERV_WAIT_NOMOR));
                pserv_view_attr(t, "full_name",
                                pserv_db_col(db, row, PSERV_WAIT_FULL_NAME));
                pserv_view_attr(
                    t, "since",
                    pserv_format_wib_in(r->pool, since, pserv_lang(r), 0));
                pserv_view_attr(t, "since_iso",
                                pserv_format_iso(r->pool, since));
            }
        }
    }
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_admin_units_import_page(request_rec *r, pserv_session *s,
                                         apr_int64_t id)
{
    (void)id;
    (void)s;
    return pserv_units_send(r, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL);
}

int pserv_handle_admin_units_import(request_rec *r, pserv_session *s,
                                    apr_int64_t id)
{
    pserv_form_limits lim = { PSERV_IMPORT_UNITS_MAX, 1, PSERV_IMPORT_UNITS_MAX,
                              2 * PSERV_IMPORT_UNITS_MAX + 65536, 0 };
    apr_table_t *in;
    apr_array_header_t *changes;
    pserv_upload *up = NULL;
    pserv_upload_import im;
    pserv_import_file f;
    apr_dbd_results_t *res = NULL;
    apr_off_t at = 0;
    const char *name, *csv, *nomors = "";
    int rv, confirm, moved = 0, counts[3] = { 0, 0, 0 };

    (void)id;
    if ((rv = pserv_import_upload(r, &lim, &in, &up)) != OK
        && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_error_page(r, rv);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_units_send(r, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0,
                                pserv_tr(r, "admin.import.too_large.units"));
    csv = apr_table_get(in, "csv");
    confirm = csv && apr_table_get(in, "confirm");
    if (!confirm && up && up->spool && up->size > 0) {
        /* The preview keeps the file's text for the commit. */
        char *buf = apr_palloc(r->pool, up->size + 1);
        apr_size_t len = up->size;
        if (apr_file_seek(up->spool, APR_SET, &at) != APR_SUCCESS
            || apr_file_read_full(up->spool, buf, len, &len) != APR_SUCCESS)
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        buf[len] = '\0';
        csv = buf;
        name = up->filename && *up->filename ? up->filename : "units.csv";
    }
    else if (confirm) {
        name = apr_table_get(in, "filename");
        if (!name || !pserv_valid_text(name, 255, 0) || !*name)
            name = "units.csv";
    }
    else
        return pserv_units_send(r, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0,
                                pserv_tr(r, "admin.import.none.units"));

    pserv_import_start(&im, r);
    changes = apr_array_make(r->pool, 4, sizeof(pserv_units_change));
    pserv_import_file_init(&im.log, &f, &pserv_import_units, name);
    pserv_import_read(&im.log, &f,
                      pserv_csv_reader_mem(r->pool, csv, strlen(csv), NULL));
    if (!(im.db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_begin(im.db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(im.db, imp_lock, &res) != 0
        || !pserv_units_run(&im, &f, counts, changes)
        || (confirm && !im.log.errors
            && !pserv_units_reroute(&im, s, changes, &moved, &nomors))) {
        pserv_db_rollback(im.db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (im.log.errors || !confirm)
        pserv_db_rollback(im.db);
    else if (pserv_db_end(im.db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (im.log.errors)
        return pserv_units_send(r, im.db, name, im.problems, im.log.errors,
                                NULL, NULL, NULL, 0,
                                pserv_import_refused(&im, s, name));
    if (!confirm)
        return pserv_units_send(r, im.db, name, NULL, 0, counts, changes, csv,
                                0, NULL);
    pserv_audit(r, "import.units", s->username, "file", name, "inserted",
                apr_itoa(r->pool, counts[PSERV_IMPORT_INSERTED]), "updated",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UPDATED]), "unchanged",
                apr_itoa(r->pool, counts[PSERV_IMPORT_UNCHANGED]), "rerouted",
                nomors, NULL);
    return pserv_units_send(r, im.db, name, NULL, 0, counts, changes, NULL,
                            moved, NULL);
}
