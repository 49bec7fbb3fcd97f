/*
 * handle_admin_edit.c: Divisi/Cab/Unit and Platform System changed by the
 * Administrator (SPEC: Tambah, Ubah, Nonaktifkan; never deleted, since
 * tickets refer to them):
 *
 *   GET  /admin/units/new           the empty form (Tambah)
 *   GET  /admin/units/edit?code=X   the form of one unit (Ubah)
 *   POST /admin/units/save          csrf, mode (new|edit), code, name, kind,
 *                                   head_nopek [, confirm]
 *   POST /admin/units/active        csrf, code, active (1|0): Aktifkan,
 *                                   Nonaktifkan
 *   the same four below /admin/platforms (code, name, sort_order)
 *
 * One set of pages serves both lists; what differs (paths, titles,
 * statements, the fields they fill, the checks and saving) is each list's
 * pserv_edit_kind.
 *
 * Bad input shows the form again with a message at each field and changes
 * nothing. A new BUH of a UNIT with tickets waiting at stage 1 on the old
 * one first shows them (Nomor, name, since) for a confirmation; saved with
 * confirm=1, those tickets wait on the new BUH (master.c). An inactive
 * unit or platform is no longer offered on the public form (rform.c reads
 * only active ones, and the submit stores only active ones) but old
 * tickets still show it.
 */
#include "form.h"
#include "audit.h"
#include "master.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_EDIT_FORM_MAX 4096
#define PSERV_EDIT_NAME_MAX 200
#define PSERV_EDIT_SORT_MAX 99999

/* ---- statements (db.h: PSERV_SQL) ---- */

/* code -> name, kind, head, active, employees + requests using it */
PSERV_SQL(edit_unit_get, 1,
          "SELECT u.name, u.kind, u.head_nopek, u.active,"
          " (SELECT count(*) FROM employees e WHERE e.unit_code = u.code)"
          " + (SELECT count(*) FROM requests r WHERE r.unit_code = u.code)"
          " FROM units u WHERE u.code = %s");
/* the same, locked for the change */
PSERV_SQL(edit_unit_lock, 1,
          "SELECT u.name, u.kind, u.head_nopek, u.active,"
          " (SELECT count(*) FROM employees e WHERE e.unit_code = u.code)"
          " + (SELECT count(*) FROM requests r WHERE r.unit_code = u.code)"
          " FROM units u WHERE u.code = %s FOR UPDATE OF u");
/* code, name, kind, head, now -> code (none when the code is taken) */
PSERV_SQL(edit_unit_add, 5,
          "INSERT INTO units (code, name, kind, head_nopek, updated_at)"
          " VALUES (%s, %s, %s, nullif(%s, ''), %s::timestamptz)"
          " ON CONFLICT (code) DO NOTHING RETURNING code");
/* name, kind, head, now, code */
PSERV_SQL(edit_unit_set, 5,
          "UPDATE units SET name = %s, kind = %s, head_nopek = nullif(%s, ''),"
          " updated_at = %s::timestamptz WHERE code = %s");
/* active (t/f), now, code, active again -> code when it changed */
PSERV_SQL(edit_unit_active, 4,
          "UPDATE units SET active = %s::boolean, updated_at = %s::timestamptz"
          " WHERE code = %s AND active <> %s::boolean RETURNING code");
/* nopek -> name, e-mail of an active employee */
PSERV_SQL(edit_employee, 1,
          "SELECT full_name, email FROM employees WHERE nopek = %s AND active");
/* code -> name, sort order, active */
PSERV_SQL(edit_platform_get, 1,
          "SELECT name, sort_order, active FROM platforms WHERE code = %s");
/* the next free place at the end of the list */
PSERV_SQL(edit_platform_next, 0,
          "SELECT coalesce(max(sort_order), 0) + 10 FROM platforms");
/* code, name, sort order, now -> code (none when the code is taken) */
PSERV_SQL(edit_platform_add, 4,
          "INSERT INTO platforms (code, name, sort_order, updated_at)"
          " VALUES (%s, %s, %s::int, %s::timestamptz)"
          " ON CONFLICT (code) DO NOTHING RETURNING code");
/* name, sort order, now, code -> code when there is one */
PSERV_SQL(edit_platform_set, 4,
          "UPDATE platforms SET name = %s, sort_order = %s::int,"
          " updated_at = %s::timestamptz WHERE code = %s RETURNING code");
/* active (t/f), now, code, active again -> code when it changed */
PSERV_SQL(edit_platform_active, 4,
          "UPDATE platforms SET active = %s::boolean,"
          " updated_at = %s::timestamptz"
          " WHERE code = %s AND active <> %s::boolean RETURNING code");

const pserv_stmt *const pserv_sql_table_handle_admin_edit[] = {
    &pserv_sql_edit_unit_get,        &pserv_sql_edit_unit_lock,
    &pserv_sql_edit_unit_add,        &pserv_sql_edit_unit_set,
    &pserv_sql_edit_unit_active,     &pserv_sql_edit_employee,
    &pserv_sql_edit_platform_get,    &pserv_sql_edit_platform_next,
    &pserv_sql_edit_platform_add,    &pserv_sql_edit_platform_set,
    &pserv_sql_edit_platform_active, NULL,
};

/* ---- the form's values and their checks ------------------------------- */

typedef struct {
    int edit; /* Ubah (the code is fixed) */
    int lang; /* the request's (pserv_lang): the messages' language */
    const char *code, *name, *kind, *head, *sort;
    apr_table_t *errors; /* field -> message */
    int errs;
} pserv_edit_form;

static const char *pserv_edit_field(request_rec *r, apr_table_t *in,
                                    const char *name)
{
    return pserv_trim(r->pool, in ? apr_table_get(in, name) : NULL);
}

static void pserv_edit_error(pserv_edit_form *f, const char *field,
                             const char *msg)
{
    if (!apr_table_get(f->errors, field)) {
        apr_table_setn(f->errors, field, msg);
        f->errs++;
    }
}

static void pserv_edit_read(request_rec *r, apr_table_t *in, pserv_edit_form *f)
{
    const char *mode = in ? apr_table_get(in, "mode") : NULL;

    memset(f, 0, sizeof *f);
    f->errors = apr_table_make(r->pool, 4);
    f->edit = mode && strcmp(mode, "edit") == 0;
    f->lang = pserv_lang(r);
    f->code = pserv_edit_field(r, in, "code");
    f->name = pserv_edit_field(r, in, "name");
    f->kind = pserv_edit_field(r, in, "kind");
    f->head = pserv_edit_field(r, in, "head_nopek");
    f->sort = pserv_edit_field(r, in, "sort_order");
}

static void pserv_edit_check_common(pserv_edit_form *f)
{
    if (!*f->code)
        pserv_edit_error(f, "code",
                         pserv_msg(f->lang, "admin.edit.code.required"));
    else if (!pserv_valid_code(f->code))
        pserv_edit_error(f, "code",
                         pserv_msg(f->lang, "admin.edit.code.invalid"));
    if (!*f->name)
        pserv_edit_error(f, "name",
                         pserv_msg(f->lang, "admin.edit.name.required"));
    else if (!pserv_valid_text(f->name, PSERV_EDIT_NAME_MAX, 0))
        pserv_edit_error(f, "name",
                         pserv_msg(f->lang, "admin.edit.name.invalid"));
}

/* The unit's fields; the BUH, when given, must be an active employee
 * (*head_name, *head_email). -1 on a database error. */
static int pserv_edit_check_unit(pserv_db *db, pserv_edit_form *f,
                                 const char **head_name,
                                 const char **head_email)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    *head_name = *head_email = NULL;
    pserv_edit_check_common(f);
    if (strcmp(f->kind, "HO") != 0 && strcmp(f->kind, "UNIT") != 0)
        pserv_edit_error(f, "kind",
                         pserv_msg(f->lang, "admin.edit.kind.required"));
    if (!*f->head) {
        if (strcmp(f->kind, "UNIT") == 0)
            pserv_edit_error(f, "head_nopek",
                             pserv_msg(f->lang, "admin.edit.head.required"));
        return 0;
    }
    if (!pserv_valid_nopek(f->head)) {
        pserv_edit_error(f, "head_nopek",
                         pserv_msg(f->lang, "admin.edit.head.invalid"));
        return 0;
    }
    if (pserv_db_select(db, edit_employee, &res, f->head) != 0)
        return -1;
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_edit_error(f, "head_nopek",
                         pserv_msg(f->lang, "admin.edit.head.unknown"));
        return 0;
    }
    *head_name = pserv_db_col(db, row, 0);
    *head_email = pserv_db_col(db, row, 1);
    return 0;
}

static void pserv_edit_check_platform(pserv_edit_form *f)
{
    char *end;
    apr_int64_t v;

    pserv_edit_check_common(f);
    v = apr_strtoi64(f->sort, &end, 10);
    if (!*f->sort || *end || v < 0 || v > PSERV_EDIT_SORT_MAX)
        pserv_edit_error(f, "sort_order",
                         pserv_msg(f->lang, "admin.edit.sort.invalid"));
}

/* ---- what differs between the two lists -------------------------------- */

typedef struct pserv_edit_kind pserv_edit_kind;

/* The checks and the saving of a posted form (its values in f): the page
 * to answer. */
typedef int (*pserv_edit_save_fn)(request_rec *r, pserv_session *s,
                                  const pserv_edit_kind *k, apr_table_t *in,
                                  pserv_edit_form *f);

/* A form field, by its place in pserv_edit_form; 0 ends a list (the
 * int edit sits there, never a field). */
#define PSERV_EDIT_FIELD(m) offsetof(pserv_edit_form, m)

struct pserv_edit_kind {
    const char *what;       /* "units" | "platforms": the list's path */
    const char *noun;       /* "unit" | "platform": the audit events */
    const char *title;      /* the list's title (a msg key) */
    const char *add_title;  /* Tambah's title (a msg key) */
    const char *edit_title; /* Ubah's title (a msg key) */
    const char *taken;      /* Tambah of a code in use: why (a msg key) */
    const char *view;       /* the form's stylesheet */
    const char *fresh_kind; /* Tambah: the Jenis offered first, or NULL */
    const pserv_stmt *next; /* Tambah: -> next_fields, or NULL */
    const apr_size_t *next_fields;
    const pserv_stmt *get; /* code -> get_fields first, then more */
    const apr_size_t *get_fields;
    const pserv_stmt *active; /* active, now, code, active -> code */
    pserv_edit_save_fn save;
};

static int pserv_edit_unit_save(request_rec *r, pserv_session *s,
                                const pserv_edit_kind *k, apr_table_t *in,
                                pserv_edit_form *f);
static int pserv_edit_platform_save(request_rec *r, pserv_session *s,
                                    const pserv_edit_kind *k, apr_table_t *in,
                                    pserv_edit_form *f);

static const apr_size_t pserv_edit_unit_fields[] = {
    PSERV_EDIT_FIELD(name), PSERV_EDIT_FIELD(kind), PSERV_EDIT_FIELD(head), 0
};
static const apr_size_t pserv_edit_platform_fields[] = { PSERV_EDIT_FIELD(name),
                                                         PSERV_EDIT_FIELD(sort),
                                                         0 };
static const apr_size_t pserv_edit_platform_next_fields[] = {
    PSERV_EDIT_FIELD(sort), 0
};

static const pserv_edit_kind pserv_edit_units = {
    .what = "units",
    .noun = "unit",
    .title = PSERV_MSG_KEY("admin.title.units"),
    .add_title = PSERV_MSG_KEY("admin.title.unit.add"),
    .edit_title = PSERV_MSG_KEY("admin.title.unit.edit"),
    .taken = PSERV_MSG_KEY("admin.edit.code.taken.unit"),
    .view = "admin_unit_form",
    .fresh_kind = "UNIT",
    .get = &pserv_sql_edit_unit_get,
    .get_fields = pserv_edit_unit_fields,
    .active = &pserv_sql_edit_unit_active,
    .save = pserv_edit_unit_save,
};
static const pserv_edit_kind pserv_edit_platforms = {
    .what = "platforms",
    .noun = "platform",
    .title = PSERV_MSG_KEY("admin.title.platforms"),
    .add_title = PSERV_MSG_KEY("admin.title.platform.add"),
    .edit_title = PSERV_MSG_KEY("admin.title.platform.edit"),
    .taken = PSERV_MSG_KEY("admin.edit.code.taken.platform"),
    .view = "admin_platform_form",
    .next = &pserv_sql_edit_platform_next,
    .next_fields = pserv_edit_platform_next_fields,
    .get = &pserv_sql_edit_platform_get,
    .get_fields = pserv_edit_platform_fields,
    .active = &pserv_sql_edit_platform_active,
    .save = pserv_edit_platform_save,
};

/* The columns of row into the fields of f. */
static void pserv_edit_fill(pserv_db *db, apr_dbd_row_t *row,
                            const apr_size_t *fields, pserv_edit_form *f)
{
    int i;

    for (i = 0; fields[i]; i++)
        *(const char **)((char *)f + fields[i]) = pserv_db_col(db, row, i);
}

/* ---- the pages --------------------------------------------------------- */

/* The form, filled from f, with a message on top when flash is set. */
static pserv_view *pserv_edit_view(request_rec *r, const pserv_edit_kind *k,
                                   const pserv_edit_form *f, const char *flash)
{
    pserv_view *v = pserv_view_new(
        r, k->view, pserv_tr(r, f->edit ? k->edit_title : k->add_title));
    xmlNodePtr n;
    const apr_array_header_t *e = apr_table_elts(f->errors);
    int i;

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_crumb(v, apr_pstrcat(r->pool, "/admin/", k->what, NULL),
                     pserv_tr(r, k->title));
    if (flash)
        pserv_view_attr(pserv_view_add(v->page, "flash", flash), "type",
                        "error");
    n = pserv_view_add(v->content, "item", NULL);
    pserv_view_attr(n, "mode", f->edit ? "edit" : "new");
    pserv_view_attr(n, "code", f->code);
    pserv_view_attr(n, "name", f->name);
    pserv_view_attr(n, "kind", f->kind);
    pserv_view_attr(n, "head_nopek", f->head);
    pserv_view_attr(n, "sort_order", f->sort);
    for (i = 0; i < e->nelts; i++) {
        const apr_table_entry_t *x = &((const apr_table_entry_t *)e->elts)[i];
        pserv_view_attr(n, apr_pstrcat(r->pool, x->key, "_error", NULL),
                        x->val);
    }
    return v;
}

static int pserv_edit_refused(request_rec *r, const pserv_session *s,
                              const pserv_edit_kind *k,
                              const pserv_edit_form *f)
{
    pserv_audit(r, "master.refused", s->username, "list", k->what, "code",
                f->code, "problems", apr_itoa(r->pool, f->errs), NULL);
    return pserv_view_send(
        pserv_edit_view(r, k, f, pserv_tr(r, "admin.edit.refused")), HTTP_OK);
}

/* Tambah whose code another row of the list has. */
static int pserv_edit_taken(request_rec *r, const pserv_session *s,
                            const pserv_edit_kind *k, pserv_edit_form *f)
{
    pserv_edit_error(f, "code", pserv_tr(r, k->taken));
    return pserv_edit_refused(r, s, k, f);
}

/* Tambah: the empty form (with the next free place when the list has
 * one). */
static int pserv_edit_new(request_rec *r, const pserv_edit_kind *k)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_edit_form f;

    pserv_edit_read(r, NULL, &f);
    if (k->fresh_kind)
        f.kind = k->fresh_kind;
    if (k->next) {
        if (!(db = pserv_db_get(r)))
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        if (pserv_db_selectv(db, &res, k->next, 0, NULL) != 0
            || !(row = pserv_db_row(db, res, 1)))
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        pserv_edit_fill(db, row, k->next_fields, &f);
    }
    return pserv_view_send(pserv_edit_view(r, k, &f, NULL), HTTP_OK);
}

/* Ubah: the form of ?code=X. */
static int pserv_edit_edit(request_rec *r, const pserv_edit_kind *k)
{
    apr_table_t *args = NULL;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_db *db;
    pserv_edit_form f;

    ap_args_to_table(r, &args);
    pserv_edit_read(r, args, &f);
    if (!pserv_valid_code(f.code))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_selectv(db, &res, k->get, 1, &f.code) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (!(row = pserv_db_row(db, res, 1)))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    f.edit = 1;
    pserv_edit_fill(db, row, k->get_fields, &f);
    return pserv_view_send(pserv_edit_view(r, k, &f, NULL), HTTP_OK);
}

/* Simpan: the form posted, then the list's own checks and saving. */
static int pserv_edit_save(request_rec *r, pserv_session *s,
                           const pserv_edit_kind *k)
{
    apr_table_t *in;
    pserv_edit_form f;
    int rv;

    if ((rv = pserv_form_post(r, PSERV_EDIT_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    pserv_edit_read(r, in, &f);
    return k->save(r, s, k, in, &f);
}

/* Aktifkan / Nonaktifkan: code and active (1|0) posted. */
static int pserv_edit_active(request_rec *r, pserv_session *s,
                             const pserv_edit_kind *k)
{
    apr_table_t *in;
    apr_dbd_results_t *res = NULL;
    pserv_db *db;
    const char *code, *active, *args[4];
    int rv, on;

    if ((rv = pserv_form_post(r, PSERV_EDIT_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    code = apr_table_get(in, "code");
    active = apr_table_get(in, "active");
    if (!code || !pserv_valid_code(code) || !active
        || (strcmp(active, "1") != 0 && strcmp(active, "0") != 0))
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    on = *active == '1';
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    args[0] = args[3] = on ? "t" : "f";
    args[1] = pserv_now_sql(r);
    args[2] = code;
    if (pserv_db_selectv(db, &res, k->active, 4, args) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (!pserv_db_row(db, res, 1)) {
        /* Unchanged: already so, or no such code. */
        if (pserv_db_selectv(db, &res, k->get, 1, &code) != 0)
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        if (!pserv_db_row(db, res, 1))
            return pserv_error_page(r, HTTP_NOT_FOUND);
    }
    else
        pserv_audit(r,
                    apr_pstrcat(r->pool, k->noun,
                                on ? ".activate" : ".deactivate", NULL),
                    s->username, "code", code, NULL);
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/admin/%s?done=%s&code=%s", k->what,
                        on ? "activated" : "deactivated", code));
}

/* ---- units ----------------------------------------------------------------- */

/* The confirmation of a new BUH: the tickets it re-routes, and the form
 * again with confirm=1. */
static int pserv_edit_unit_confirm(request_rec *r, pserv_db *db,
                                   const pserv_edit_form *f,
                                   apr_dbd_results_t *res, const char *old,
                                   const char *head_name)
{
    pserv_view *v = pserv_edit_view(r, &pserv_edit_units, f, NULL);
    xmlNodePtr c = pserv_view_add(v->content, "reroute", NULL);
    apr_dbd_row_t *row;
    int i;

    pserv_view_attr(c, "from", old);
    pserv_view_attr(c, "to", f->head);
    pserv_view_attr(c, "to_name", head_name);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr t = pserv_view_add(c, "ticket", NULL);
        apr_int64_t since = apr_atoi64(pserv_db_col(db, row, PSERV_WAIT_SINCE));
        pserv_view_attr(t, "id", pserv_db_col(db, row, PSERV_WAIT_ID));
        pserv_view_attr(t, "nomor", pserv_db_col(db, row, PSERV_WAIT_NOMOR));
        pserv_view_attr(t, "full_name",
                        pserv_db_col(db, row, PSERV_WAIT_FULL_NAME));
        pserv_view_attr(t, "since",
                        pserv_format_wib_in(r->pool, since, pserv_lang(r), 0));
        pserv_view_attr(t, "since_iso", pserv_format_iso(r->pool, since));
        pserv_view_attr(t, "atasan_nopek",
                        pserv_db_col(db, row, PSERV_WAIT_ATASAN_NOPEK));
        pserv_view_attr(t, "atasan_name",
                        pserv_db_col(db, row, PSERV_WAIT_ATASAN_NAME));
    }
    return pserv_view_send(v, HTTP_OK);
}

/* Ubah of a unit, in one transaction with the unit locked. */
static int pserv_edit_unit_update(request_rec *r, pserv_session *s,
                                  pserv_db *db, pserv_edit_form *f,
                                  const char *head_name, const char *head_email,
                                  int confirm)
{
    apr_dbd_results_t *res = NULL, *wait = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *moved = NULL;
    const char *old, *old_kind, *now = pserv_now_sql(r);
    int head_changed;

    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, edit_unit_lock, &res, f->code) != 0) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_NOT_FOUND);
    }
    old_kind = pserv_db_col(db, row, 1);
    old = pserv_db_col(db, row, 2);
    if (strcmp(old_kind, f->kind) != 0
        && apr_atoi64(pserv_db_col(db, row, 4)) > 0) {
        pserv_db_rollback(db);
        pserv_edit_error(f, "kind", pserv_tr(r, "admin.edit.kind.fixed"));
        return pserv_edit_refused(r, s, &pserv_edit_units, f);
    }
    head_changed = strcmp(old ? old : "", f->head) != 0;
    if (head_changed && *f->head && strcmp(f->kind, "UNIT") == 0 && !confirm) {
        if (pserv_unit_waiting(db, f->code, f->head, &wait) != 0) {
            pserv_db_rollback(db);
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        }
        if (pserv_db_row(db, wait, 1)) {
            pserv_db_rollback(db);
            return pserv_edit_unit_confirm(r, db, f, wait, old, head_name);
        }
    }
    if (pserv_db_query(db, edit_unit_set, NULL, f->name, f->kind, f->head, now,
                       f->code)
            != 0
        || (head_changed && *f->head && strcmp(f->kind, "UNIT") == 0
            && pserv_unit_reroute(r, db, s, f->code, f->head, head_name,
                                  head_email, &moved)
                   != 0)) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_audit(r, "unit.update", s->username, "code", f->code, "name", f->name,
                "kind", f->kind, "head", f->head, "old_head", old, "rerouted",
                moved && moved->nelts ? apr_array_pstrcat(r->pool, moved, ' ')
                                      : "",
                NULL);
    return pserv_redirect(
        r, apr_psprintf(r->pool, "/admin/units?done=%s&n=%d",
                        moved && moved->nelts ? "rerouted" : "updated",
                        moved ? moved->nelts : 0));
}

/* A unit's checks need the database (the BUH must be an active
 * employee). */
static int pserv_edit_unit_save(request_rec *r, pserv_session *s,
                                const pserv_edit_kind *k, apr_table_t *in,
                                pserv_edit_form *f)
{
    apr_dbd_results_t *res = NULL;
    pserv_db *db;
    const char *head_name, *head_email;

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_edit_check_unit(db, f, &head_name, &head_email) < 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (f->errs)
        return pserv_edit_refused(r, s, k, f);
    if (f->edit)
        return pserv_edit_unit_update(r, s, db, f, head_name, head_email,
                                      apr_table_get(in, "confirm") != NULL);
    if (pserv_db_select(db, edit_unit_add, &res, f->code, f->name, f->kind,
                        f->head, pserv_now_sql(r))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (!pserv_db_row(db, res, 1))
        return pserv_edit_taken(r, s, k, f);
    pserv_audit(r, "unit.add", s->username, "code", f->code, "name", f->name,
                "kind", f->kind, "head", f->head, NULL);
    return pserv_redirect(r, "/admin/units?done=added");
}

/* ---- platforms ----------------------------------------------------------- */

static int pserv_edit_platform_save(request_rec *r, pserv_session *s,
                                    const pserv_edit_kind *k, apr_table_t *in,
                                    pserv_edit_form *f)
{
    apr_dbd_results_t *res = NULL;
    pserv_db *db;
    const char *sort;

    (void)in;
    pserv_edit_check_platform(f);
    if (f->errs)
        return pserv_edit_refused(r, s, k, f);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    sort = apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                        apr_atoi64(f->sort)); /* "007" -> "7" */
    if ((f->edit ? pserv_db_select(db, edit_platform_set, &res, f->name, sort,
                                   pserv_now_sql(r), f->code)
                 : pserv_db_select(db, edit_platform_add, &res, f->code,
                                   f->name, sort, pserv_now_sql(r)))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (!pserv_db_row(db, res, 1))
        return f->edit ? pserv_error_page(r, HTTP_NOT_FOUND)
                       : pserv_edit_taken(r, s, k, f);
    pserv_audit(r, f->edit ? "platform.update" : "platform.add", s->username,
                "code", f->code, "name", f->name, "sort_order", sort, NULL);
    return pserv_redirect(r, apr_psprintf(r->pool, "/admin/platforms?done=%s",
                                          f->edit ? "updated" : "added"));
}

/* ---- the routes (route.c): each list's four pages ----------------------- */

int pserv_handle_admin_unit_new(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    (void)s;
    (void)id;
    return pserv_edit_new(r, &pserv_edit_units);
}

int pserv_handle_admin_unit_edit(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    (void)s;
    (void)id;
    return pserv_edit_edit(r, &pserv_edit_units);
}

int pserv_handle_admin_unit_save(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    (void)id;
    return pserv_edit_save(r, s, &pserv_edit_units);
}

int pserv_handle_admin_unit_active(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    (void)id;
    return pserv_edit_active(r, s, &pserv_edit_units);
}

int pserv_handle_admin_platform_new(request_rec *r, pserv_session *s,
                                    apr_int64_t id)
{
    (void)s;
    (void)id;
    return pserv_edit_new(r, &pserv_edit_platforms);
}

int pserv_handle_admin_platform_edit(request_rec *r, pserv_session *s,
                                     apr_int64_t id)
{
    (void)s;
    (void)id;
    return pserv_edit_edit(r, &pserv_edit_platforms);
}

int pserv_handle_admin_platform_save(request_rec *r, pserv_session *s,
                                     apr_int64_t id)
{
    (void)id;
    return pserv_edit_save(r, s, &pserv_edit_platforms);
}

int pserv_handle_admin_platform_active(request_rec *r, pserv_session *s,
                                       apr_int64_t id)
{
    (void)id;
    return pserv_edit_active(r, s, &pserv_edit_platforms);
}
