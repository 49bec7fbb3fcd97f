/*
 * handle_request.c: the public request form (manual 3.1), no login needed.
 *
 *   GET  /request/new      a fresh form: a draft with its Nomor
 *   POST /request/new      multipart: fields and attachments; action
 *                          "lookup" / "kind" / "edit" redisplay the form,
 *                          "review" validates and shows the review page
 *   POST /request/submit   the review page's Submit Permohonan
 *   GET  /request/lookup   JSON auto-fill from the HR master by nopek
 *
 * Every field is checked by one table; the draft (request_drafts) keeps
 * the attachments across edit and review, and its token, stored on the
 * ticket, makes a double submit create one ticket.
 */
#include "form.h"
#include "mail.h"
#include "ratelimit.h"
#include "ticket.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "util_script.h"

#include "core/json.h"

#define PSERV_DRAFT_LIFETIME    (24 * 3600)
#define PSERV_TEXT_FIELD_MAX    16384
#define PSERV_LOOKUP_MAX        30          /* HR look-ups per address ... */
#define PSERV_LOOKUP_WINDOW     600         /* ... per 10 minutes */
#define PSERV_PLATFORM_NOTE_MAX 2000

/* ---- statements (db.h: PSERV_SQL) ---- */

/* ---- the public request form ---- */
/* hash, now, lifetime (s) -> nomor */
PSERV_SQL(draft_new, 3,
    "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
    " make_interval(secs => %s::int) AS ttl)"
    " INSERT INTO request_drafts (token_hash, nomor, created_at, expires_at)"
    " SELECT arg.h, 'UID-' || to_char(arg.now AT TIME ZONE 'Asia/Jakarta',"
    " 'YYYY') || '-' || lpad(nextval('request_nomor_seq')::text, 6, '0'),"
    " arg.now, arg.now + arg.ttl FROM arg RETURNING nomor");
/* by the real clock: a test moving its own clock must not sweep away
 * everybody's drafts */
PSERV_SQL(draft_sweep, 0,
    "DELETE FROM request_drafts WHERE expires_at < now()");
/* hash, now -> nomor */
PSERV_SQL(draft_get, 2,
    "SELECT nomor FROM request_drafts"
    " WHERE token_hash = decode(%s, 'hex') AND expires_at > %s::timestamptz");
/* hash */
PSERV_SQL(draft_delete, 1,
    "DELETE FROM request_drafts WHERE token_hash = decode(%s, 'hex')");
/* hash -> attachments of the draft */
PSERV_SQL(draft_files, 1,
    "SELECT id, filename, size, content_type FROM draft_attachments"
    " WHERE token_hash = decode(%s, 'hex') ORDER BY id");
/* id, hash */
PSERV_SQL(draft_file_del, 2,
    "DELETE FROM draft_attachments"
    " WHERE id = %s::bigint AND token_hash = decode(%s, 'hex')");
PSERV_SQL(form_units, 0,
    "SELECT u.code, u.name, u.head_nopek, e.full_name"
    " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
    " WHERE u.kind = 'UNIT' AND u.active ORDER BY u.name");
PSERV_SQL(form_platforms, 0,
    "SELECT code, name FROM platforms WHERE active"
    " ORDER BY sort_order, name");
/* nopek -> the HR master's row with unit and supervisor */
PSERV_SQL(employee, 1,
    "SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code,"
    " u.name, u.kind, e.supervisor_nopek, s.full_name, s.email,"
    " e.employment_type"
    " FROM employees e JOIN units u ON u.code = e.unit_code"
    " LEFT JOIN employees s ON s.nopek = e.supervisor_nopek AND s.active"
    " WHERE e.nopek = %s AND e.active");
/* unit code -> name and head (BUH) of a UNIT */
PSERV_SQL(unit_head, 1,
    "SELECT u.name, u.head_nopek, e.full_name, e.email"
    " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
    " WHERE u.code = %s AND u.kind = 'UNIT' AND u.active");
/* nopek (or ''), e-mail -> (kind, what): open requests, accounts */
PSERV_SQL(req_warnings, 2,
    "WITH arg AS (SELECT nullif(%s, '') AS nopek, lower(%s) AS email)"
    " (SELECT 'open', r.nomor FROM requests r, arg"
    "   WHERE r.status NOT IN ('completed', 'rejected')"
    "   AND (r.nopek = arg.nopek OR lower(r.email) = arg.email)"
    "   ORDER BY r.id LIMIT 3)"
    " UNION ALL"
    " (SELECT 'account', a.username FROM accounts a, arg WHERE a.active"
    "   AND (a.nopek = arg.nopek OR lower(a.email) = arg.email) LIMIT 3)");
/* hash -> the ticket a submitted form made */
PSERV_SQL(req_by_token, 1,
    "SELECT r.id, r.nomor, r.full_name, e.full_name FROM requests r"
    " JOIN employees e ON e.nopek = r.atasan_nopek"
    " WHERE r.form_token = decode(%s, 'hex')");
/* nomor, kind, nopek, full name, position, email, unit, atasan, note,
 * form token hash, status token hash, now -> id (no row when this form
 * was submitted already: its token or its Nomor is taken) */
PSERV_SQL(req_insert, 12,
    "INSERT INTO requests (nomor, kind, nopek, full_name, position, email,"
    " unit_code, atasan_nopek, note, form_token, status_token, created_at,"
    " updated_at)"
    " SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, decode(%s, 'hex'),"
    " decode(%s, 'hex'), arg.t, arg.t FROM (SELECT %s::timestamptz AS t) arg"
    " ON CONFLICT DO NOTHING RETURNING id");
/* request id, note, platform code (no row for an unknown platform) */
PSERV_SQL(req_platform_add, 3,
    "INSERT INTO request_platforms (request_id, platform_code, note)"
    " SELECT %s::bigint, code, %s FROM platforms"
    " WHERE code = %s AND active");
/* request id, hash */
PSERV_SQL(req_attach_copy, 2,
    "INSERT INTO attachments (request_id, filename, content_type, size,"
    " data, created_at) SELECT %s::bigint, filename, content_type, size,"
    " data, created_at FROM draft_attachments"
    " WHERE token_hash = decode(%s, 'hex') ORDER BY id");

const pserv_stmt *const pserv_sql_table_handle_request[] = {
    &pserv_sql_draft_new,
    &pserv_sql_draft_sweep,
    &pserv_sql_draft_get,
    &pserv_sql_draft_delete,
    &pserv_sql_draft_files,
    &pserv_sql_draft_file_del,
    &pserv_sql_form_units,
    &pserv_sql_form_platforms,
    &pserv_sql_employee,
    &pserv_sql_unit_head,
    &pserv_sql_req_warnings,
    &pserv_sql_req_by_token,
    &pserv_sql_req_insert,
    &pserv_sql_req_platform_add,
    &pserv_sql_req_attach_copy,
    NULL
};

/* ---- the form's data ---------------------------------------------------- */

typedef struct {
    const char *code, *name;
    int checked;
    const char *note, *error;
} pserv_platform;

typedef struct {
    const char *kind, *nopek, *full_name, *position, *email;
    const char *unit_code, *atasan_nopek, *note;
    /* looked up: display values and where mail goes */
    const char *unit_name, *atasan_name, *atasan_email;
    int hr_found;
    apr_array_header_t *platforms;  /* pserv_platform, every active one */
    apr_table_t *errors;            /* field -> message */
    apr_array_header_t *general;    /* messages not tied to a field */
    const char *token, *hash, *nomor;
    const char *status_token;       /* the requester's status link, made
                                     * at submit; only its hash is stored */
} pserv_rform;

#define K_UNIT 1
#define K_HO   2
#define K_ALL  (K_UNIT | K_HO)
#define PSERV_RF(f) APR_OFFSETOF(pserv_rform, f)

static int pserv_valid_kind(const char *s) { return !!pserv_kind_label(s); }
static int pserv_valid_unit_code(const char *s)
{
    apr_size_t i;

    for (i = 0; s[i]; i++)
        if (!(apr_isupper(s[i]) || apr_isdigit(s[i]) || s[i] == '-'
              || s[i] == '_') || i >= 32)
            return 0;
    return i > 0;
}

/* The fields of Data Pemohon and Catatan Pemohon: where the requester types
 * them (the HO kinds take the rest from the HR master), and their checks. */
static const struct {
    const char *name, *label;
    int typed_in;
    int required;
    apr_size_t max_chars;
    int multiline;
    int (*check)(const char *);
    const char *invalid;
    apr_size_t offset;
} pserv_rform_rules[] = {
    { "kind", "Jenis User ID", K_ALL, 1, 16, 0, pserv_valid_kind,
      "Pilih salah satu Jenis User ID.", PSERV_RF(kind) },
    { "nopek", "Nopek", K_HO, 1, 20, 0, pserv_valid_nopek,
      "Nopek harus berupa angka (4 sampai 20 digit).", PSERV_RF(nopek) },
    { "full_name", "Nama Lengkap", K_UNIT, 1, 200, 0, NULL, NULL,
      PSERV_RF(full_name) },
    { "position", "Pangkat/Jabatan", K_UNIT, 1, 200, 0, NULL, NULL,
      PSERV_RF(position) },
    { "email", "E-mail", K_UNIT, 1, 254, 0, pserv_valid_email,
      "Format E-mail tidak valid (contoh: nama@perusahaan.co.id).",
      PSERV_RF(email) },
    { "unit_code", "Divisi/Cab/Unit", K_UNIT, 1, 32, 0, pserv_valid_unit_code,
      "Pilih Divisi/Cab/Unit dari daftar.", PSERV_RF(unit_code) },
    { "atasan_nopek", "Atasan", K_UNIT, 1, 20, 0, pserv_valid_nopek,
      "Pilih Atasan dari daftar.", PSERV_RF(atasan_nopek) },
    { "note", "Catatan Pemohon", K_ALL, 0, 4000, 1, NULL, NULL,
      PSERV_RF(note) },
};
#define PSERV_NRULES (sizeof pserv_rform_rules / sizeof pserv_rform_rules[0])

#define PSERV_RF_VAL(f, i) \
    (*(const char **)((char *)(f) + pserv_rform_rules[i].offset))

static void pserv_rform_error(pserv_rform *f, const char *field,
                              const char *msg)
{
    if (field && !apr_table_get(f->errors, field))
        apr_table_setn(f->errors, field, msg);
    else if (!field)
        *(const char **)apr_array_push(f->general) = msg;
}

/* Trimmed value of name, "" when absent. */
static const char *pserv_field(request_rec *r, apr_table_t *in,
                               const char *name)
{
    return pserv_trim(r->pool, apr_table_get(in, name));
}

static apr_array_header_t *pserv_load_platforms(request_rec *r, pserv_db *db)
{
    apr_array_header_t *a = apr_array_make(r->pool, 8, sizeof(pserv_platform));
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, form_platforms, &res) != 0)
        return NULL;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_platform *p = apr_array_push(a);
        memset(p, 0, sizeof *p);
        p->code = pserv_db_col(db, row, 0);
        p->name = pserv_db_col(db, row, 1);
        p->note = "";
    }
    return a;
}

static pserv_rform *pserv_rform_new(request_rec *r, pserv_db *db)
{
    pserv_rform *f = apr_pcalloc(r->pool, sizeof *f);
    apr_size_t i;

    for (i = 0; i < PSERV_NRULES; i++)
        PSERV_RF_VAL(f, i) = "";
    f->errors = apr_table_make(r->pool, 8);
    f->general = apr_array_make(r->pool, 2, sizeof(const char *));
    f->platforms = pserv_load_platforms(r, db);
    return f->platforms ? f : NULL;
}

/* Take the posted values (no judgement yet). */
static void pserv_rform_read(request_rec *r, pserv_rform *f, apr_table_t *in)
{
    const apr_array_header_t *arr = apr_table_elts(in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_size_t i;
    int j, k;

    for (i = 0; i < PSERV_NRULES; i++)
        PSERV_RF_VAL(f, i) = pserv_field(r, in, pserv_rform_rules[i].name);
    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        p->note = pserv_field(r, in, apr_pstrcat(r->pool, "note_", p->code,
                                                 NULL));
        for (j = 0; j < arr->nelts; j++)
            if (strcmp(e[j].key, "platform") == 0 && e[j].val
                && strcmp(e[j].val, p->code) == 0)
                p->checked = 1;
    }
}

/* The HR master's data for an HO request: fills the read-only fields.
 * An explicit look-up (lookup set: the JSON auto-fill or Cari Data Pekerja)
 * counts against the per-address limit. OK when found;
 * HTTP_TOO_MANY_REQUESTS past the limit; DECLINED otherwise (with the
 * reason on the nopek field when report is set). */
static int pserv_rform_hr(request_rec *r, pserv_db *db, pserv_rform *f,
                          int report, int lookup)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *err = NULL;

    f->full_name = f->position = f->email = f->unit_code = "";
    f->atasan_nopek = "";
    if (!*f->nopek || !pserv_valid_nopek(f->nopek))
        return DECLINED;
    if (lookup && pserv_rate_limited(r, "hr-lookup", PSERV_LOOKUP_MAX,
                                     PSERV_LOOKUP_WINDOW)) {
        pserv_rform_error(f, "nopek", "Terlalu banyak pencarian Nopek. "
                          "Coba lagi dalam beberapa menit.");
        return HTTP_TOO_MANY_REQUESTS;
    }
    if (pserv_db_select(db, employee, &res, f->nopek) != 0)
        err = "Data pekerja tidak dapat dibaca saat ini. Coba lagi.";
    else if (!(row = pserv_db_row(db, res, 1)))
        err = "Nopek tidak ditemukan di data pekerja.";
    else {
        const char *type = pserv_db_col(db, row, 10);
        if (!pserv_kind_allows(f->kind, type))
            err = apr_psprintf(r->pool, "Nopek %s berstatus %s; tidak sesuai "
                               "dengan Jenis User ID %s.", f->nopek, type,
                               pserv_kind_label(f->kind));
        else if (strcmp(pserv_db_col(db, row, 6), "HO") != 0)
            err = "Nopek ini bukan pekerja Head Office; pilih Jenis User ID "
                  "User ID Unit.";
        else if (!pserv_db_col(db, row, 8))
            err = "Nopek ini belum memiliki Atasan di data pekerja; hubungi "
                  "ICT Helpdesk.";
        else {
            f->full_name = pserv_db_col(db, row, 1);
            f->position = pserv_db_col(db, row, 2);
            f->email = pserv_db_col(db, row, 3);
            f->unit_code = pserv_db_col(db, row, 4);
            f->unit_name = pserv_db_col(db, row, 5);
            f->atasan_nopek = pserv_db_col(db, row, 7);
            f->atasan_name = pserv_db_col(db, row, 8);
            f->atasan_email = pserv_db_col(db, row, 9);
            f->hr_found = 1;
        }
    }
    if (err && report)
        pserv_rform_error(f, "nopek", err);
    return err ? DECLINED : OK;
}

/* Judge everything: the rules table, then what needs the database. */
static void pserv_rform_validate(request_rec *r, pserv_db *db,
                                 pserv_rform *f)
{
    int mask = pserv_kind_is_ho(f->kind) ? K_HO : K_UNIT, k, any = 0;
    apr_size_t i;

    for (i = 0; i < PSERV_NRULES; i++) {
        const char *v = PSERV_RF_VAL(f, i), *name = pserv_rform_rules[i].name;
        const char *label = pserv_rform_rules[i].label;

        if (!(pserv_rform_rules[i].typed_in & mask))
            continue;
        if (!*v) {
            if (pserv_rform_rules[i].required)
                pserv_rform_error(f, name, apr_pstrcat(r->pool, label,
                                  " wajib diisi.", NULL));
        }
        else if (!pserv_valid_text(v, pserv_rform_rules[i].max_chars,
                                   pserv_rform_rules[i].multiline))
            pserv_rform_error(f, name, apr_psprintf(r->pool,
                "%s terlalu panjang (maksimal %" APR_SIZE_T_FMT " karakter) "
                "atau berisi karakter yang tidak diizinkan.", label,
                pserv_rform_rules[i].max_chars));
        else if (pserv_rform_rules[i].check && !pserv_rform_rules[i].check(v))
            pserv_rform_error(f, name, pserv_rform_rules[i].invalid);
    }

    if (mask == K_HO)
        (void)pserv_rform_hr(r, db, f, 1, 0);
    else if (!apr_table_get(f->errors, "unit_code")) {
        apr_dbd_results_t *res = NULL;
        apr_dbd_row_t *row = NULL;
        if (pserv_db_select(db, unit_head, &res, f->unit_code) != 0
            || !(row = pserv_db_row(db, res, 1)))
            pserv_rform_error(f, "unit_code",
                              "Pilih Divisi/Cab/Unit dari daftar.");
        else if (strcmp(pserv_db_col(db, row, 1), f->atasan_nopek) != 0) {
            if (!apr_table_get(f->errors, "atasan_nopek"))
                pserv_rform_error(f, "atasan_nopek", "Atasan harus BUH dari "
                                  "Divisi/Cab/Unit yang dipilih.");
        }
        else {
            f->unit_name = pserv_db_col(db, row, 0);
            f->atasan_name = pserv_db_col(db, row, 2);
            f->atasan_email = pserv_db_col(db, row, 3);
        }
    }

    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        const char *field = apr_pstrcat(r->pool, "note_", p->code, NULL);
        if (!p->checked)
            continue;
        any = 1;
        if (!*p->note)
            p->error = apr_pstrcat(r->pool, "Catatan untuk ", p->name,
                                   " wajib diisi.", NULL);
        else if (!pserv_valid_text(p->note, PSERV_PLATFORM_NOTE_MAX, 1))
            p->error = apr_psprintf(r->pool, "Catatan untuk %s terlalu "
                                    "panjang (maksimal %d karakter).",
                                    p->name, PSERV_PLATFORM_NOTE_MAX);
        if (p->error)
            pserv_rform_error(f, field, p->error);
    }
    if (!any)
        pserv_rform_error(f, "platform", "Pilih minimal satu Platform System.");
}

static int pserv_rform_ok(const pserv_rform *f)
{
    return apr_is_empty_table(f->errors) && apr_is_empty_array(f->general);
}

/* ---- drafts and attachments --------------------------------------------- */

/* A new draft: its token goes to the form, its Nomor is shown at once. */
static int pserv_draft_new(request_rec *r, pserv_db *db, pserv_rform *f)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *now = pserv_now_sql(r);

    f->token = pserv_token_new(r->pool);
    if (!f->token)
        return HTTP_INTERNAL_SERVER_ERROR;
    f->hash = pserv_token_hash(r->pool, f->token);
    pserv_db_query(db, draft_sweep, NULL);
    if (pserv_db_select(db, draft_new, &res, f->hash, now,
                        apr_itoa(r->pool, PSERV_DRAFT_LIFETIME)) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return HTTP_SERVICE_UNAVAILABLE;
    f->nomor = pserv_db_col(db, row, 0);
    return OK;
}

/* The draft named by the posted token; 0 when it is gone (expired or
 * already submitted). */
static int pserv_draft_find(request_rec *r, pserv_db *db, pserv_rform *f,
                            const char *token)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_token_valid(token))
        return 0;
    f->token = token;
    f->hash = pserv_token_hash(r->pool, token);
    if (pserv_db_select(db, draft_get, &res, f->hash,
                        pserv_now_sql(r)) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    f->nomor = pserv_db_col(db, row, 0);
    return 1;
}

/* The type a name's extension promises, or NULL when not allowed. */
static const char *pserv_type_by_name(const char *name)
{
    const char *dot = strrchr(name, '.');

    if (!dot)
        return NULL;
    if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
        return "image/jpeg";
    if (!strcasecmp(dot, ".png"))
        return "image/png";
    if (!strcasecmp(dot, ".pdf"))
        return "application/pdf";
    return NULL;
}

static int pserv_draft_count_files(pserv_db *db, pserv_rform *f)
{
    apr_dbd_results_t *res = NULL;
    int n = 0;

    if (pserv_db_select(db, draft_files, &res, f->hash) == 0)
        while (pserv_db_row(db, res, n + 1))
            n++;
    return n;
}

/* Removals ticked on the form, then the new files: each judged by its
 * name and its first bytes, which must agree (a PNG named .pdf is
 * refused: what the approvers open must be what the name says). */
static void pserv_draft_files(request_rec *r, pserv_db *db, pserv_rform *f,
                              apr_table_t *in, apr_array_header_t *uploads)
{
    const apr_array_header_t *arr = apr_table_elts(in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    const pserv_dir_conf *c = pserv_conf(r);
    int i, have;

    for (i = 0; i < arr->nelts; i++)
        if (strcmp(e[i].key, "remove_attachment") == 0 && e[i].val
            && apr_isdigit(*e[i].val))
            pserv_db_query(db, draft_file_del, NULL, e[i].val,
                           f->hash);
    have = pserv_draft_count_files(db, f);
    for (i = 0; uploads && i < uploads->nelts; i++) {
        pserv_upload *u = &APR_ARRAY_IDX(uploads, i, pserv_upload);
        const char *want = pserv_type_by_name(u->filename);

        if (u->too_many || have >= c->upload_max_files) {
            pserv_rform_error(f, NULL, apr_psprintf(r->pool, "File %s tidak "
                              "disimpan: maksimal %d file lampiran.",
                              u->filename, c->upload_max_files));
            continue;
        }
        if (u->too_large) {
            pserv_rform_error(f, NULL, apr_psprintf(r->pool, "File %s "
                              "melebihi batas %s.", u->filename,
                              pserv_format_size(r->pool, c->upload_max_file)));
            continue;
        }
        if (!want) {
            pserv_rform_error(f, NULL, apr_pstrcat(r->pool, "File ",
                              u->filename, " tidak diterima: hanya JPG, "
                              "JPEG, PNG atau PDF.", NULL));
            continue;
        }
        if (!u->content_type || strcmp(u->content_type, want) != 0) {
            pserv_rform_error(f, NULL, apr_pstrcat(r->pool, "Isi file ",
                              u->filename, " tidak sesuai dengan jenisnya "
                              "(JPG, JPEG, PNG atau PDF).", NULL));
            continue;
        }
        if (!u->spool
            || pserv_db_draft_file_copy(db, f->hash, u->filename,
                                        u->content_type, u->size, u->spool))
            pserv_rform_error(f, NULL, apr_pstrcat(r->pool, "File ",
                              u->filename, " gagal disimpan. Coba lagi.",
                              NULL));
        else
            have++;
    }
}

/* ---- the views ------------------------------------------------------------ */

static void pserv_view_field(pserv_view *v, pserv_rform *f, const char *name,
                             const char *value)
{
    xmlNodePtr n = pserv_view_add(v->content, "field", NULL);

    pserv_view_attr(n, "name", name);
    pserv_view_attr(n, "value", value ? value : "");
    pserv_view_attr(n, "error", apr_table_get(f->errors, name));
}

static void pserv_view_rform_lists(pserv_view *v, pserv_db *db)
{
    xmlNodePtr kinds = pserv_view_add(v->content, "kinds", NULL);
    xmlNodePtr units = pserv_view_add(v->content, "units", NULL);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    for (i = 0; i < pserv_kind_count(); i++) {
        xmlNodePtr k = pserv_view_add(kinds, "kind", NULL);
        pserv_view_attr(k, "code", pserv_kind_code_at(i));
        pserv_view_attr(k, "label", pserv_kind_label(pserv_kind_code_at(i)));
    }
    if (pserv_db_select(db, form_units, &res) != 0)
        return;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr u = pserv_view_add(units, "unit", NULL);
        pserv_view_attr(u, "code", pserv_db_col(db, row, 0));
        pserv_view_attr(u, "name", pserv_db_col(db, row, 1));
        pserv_view_attr(u, "head_nopek", pserv_db_col(db, row, 2));
        pserv_view_attr(u, "head_name", pserv_db_col(db, row, 3));
    }
}

static void pserv_view_rform_files(pserv_view *v, pserv_db *db,
                                   pserv_rform *f)
{
    xmlNodePtr list = pserv_view_add(v->content, "attachments", NULL);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, draft_files, &res, f->hash) != 0)
        return;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        xmlNodePtr a = pserv_view_add(list, "attachment", NULL);
        pserv_view_attr(a, "id", pserv_db_col(db, row, 0));
        pserv_view_attr(a, "filename", pserv_db_col(db, row, 1));
        pserv_view_attr(a, "size", pserv_db_col(db, row, 2));
        pserv_view_attr(a, "size_label", pserv_format_size(v->r->pool,
                        apr_atoi64(pserv_db_col(db, row, 2))));
        pserv_view_attr(a, "content_type", pserv_db_col(db, row, 3));
    }
}

/* Open requests or accounts for the same person: said before submitting. */
static void pserv_view_rform_warnings(pserv_view *v, pserv_db *db,
                                      pserv_rform *f)
{
    request_rec *r = v->r;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, req_warnings, &res, f->nopek,
                        f->email) != 0)
        return;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        const char *what = pserv_db_col(db, row, 1);
        pserv_view_add(v->content, "warning",
            strcmp(pserv_db_col(db, row, 0), "open") == 0
            ? apr_psprintf(r->pool, "Pemohon ini masih memiliki permohonan "
                           "yang sedang diproses (%s).", what)
            : apr_psprintf(r->pool, "Pemohon ini sudah memiliki User ID "
                           "P-Serv (%s).", what));
    }
}

static int pserv_rform_send(request_rec *r, pserv_db *db, pserv_rform *f,
                            const char *mode, int status)
{
    pserv_view *v = pserv_view_new(r, "request_form",
                                   "Form Pendaftaran User ID Baru");
    const pserv_dir_conf *c = pserv_conf(r);
    xmlNodePtr list, n;
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    apr_size_t i;
    int k;

    pserv_view_crumb(v, "/login", "Login");
    pserv_view_attr(v->content, "mode", mode);
    pserv_view_attr(v->content, "nomor", f->nomor);
    pserv_view_attr(v->content, "form_token", f->token);
    pserv_view_attr(v->content, "max_file_size",
                    apr_off_t_toa(r->pool, c->upload_max_file));
    pserv_view_attr(v->content, "max_files",
                    apr_itoa(r->pool, c->upload_max_files));
    for (i = 0; i < PSERV_NRULES; i++)
        pserv_view_field(v, f, pserv_rform_rules[i].name, PSERV_RF_VAL(f, i));
    pserv_view_rform_lists(v, db);
    if (pserv_kind_is_ho(f->kind) && f->hr_found) {
        n = pserv_view_add(v->content, "hr", NULL);
        pserv_view_attr(n, "unit_name", f->unit_name);
        pserv_view_attr(n, "atasan_name", f->atasan_name);
    }
    list = pserv_view_add(v->content, "platforms", NULL);
    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        n = pserv_view_add(list, "platform", NULL);
        pserv_view_attr(n, "code", p->code);
        pserv_view_attr(n, "name", p->name);
        if (p->checked)
            pserv_view_attr(n, "checked", "1");
        pserv_view_attr(n, "note", p->note);
        pserv_view_attr(n, "error", p->error);
    }
    pserv_view_rform_files(v, db, f);
    list = pserv_view_add(v->content, "errors", NULL);
    arr = apr_table_elts(f->errors);
    e = (const apr_table_entry_t *)arr->elts;
    for (k = 0; k < arr->nelts; k++)
        pserv_view_attr(pserv_view_add(list, "error", e[k].val), "field",
                        e[k].key);
    for (k = 0; k < f->general->nelts; k++)
        pserv_view_attr(pserv_view_add(list, "error",
                        APR_ARRAY_IDX(f->general, k, const char *)),
                        "field", "");
    if (strcmp(mode, "review") == 0)
        pserv_view_rform_warnings(v, db, f);
    return pserv_view_send(v, status);
}

static int pserv_done_send(request_rec *r, const char *nomor,
                           const char *full_name, const char *atasan_name)
{
    pserv_view *v = pserv_view_new(r, "request_done",
                                   "Permohonan Berhasil Di-Submit");

    pserv_view_attr(v->content, "nomor", nomor);
    pserv_view_attr(v->content, "full_name", full_name);
    pserv_view_attr(v->content, "atasan_name", atasan_name);
    return pserv_view_send(v, HTTP_OK);
}

/* The ticket this form already made, shown again (double submit). */
static int pserv_done_again(request_rec *r, pserv_db *db, const char *hash)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!hash || pserv_db_select(db, req_by_token, &res, hash) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return DECLINED;
    return pserv_done_send(r, pserv_db_col(db, row, 1),
                           pserv_db_col(db, row, 2),
                           pserv_db_col(db, row, 3));
}

/* ---- handlers --------------------------------------------------------------- */

int pserv_handle_request_new(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_db *db = pserv_db_get(r);
    pserv_rform *f;
    int rv;

    (void)id;
    (void)s;
    if (!db || !(f = pserv_rform_new(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = pserv_draft_new(r, db, f)) != OK)
        return pserv_error_page(r, rv);
    return pserv_rform_send(r, db, f, "edit", HTTP_OK);
}

/* The same form again with what the requester has given so far. */
int pserv_handle_request_post(request_rec *r, pserv_session *s, apr_int64_t id)
{
    const pserv_dir_conf *c = pserv_conf(r);
    pserv_form_limits lim = { c->upload_max_file, c->upload_max_files,
                              PSERV_TEXT_FIELD_MAX, c->body_max };
    apr_table_t *in;
    apr_array_header_t *uploads;
    pserv_db *db;
    pserv_rform *f;
    const char *action;
    int rv, status = HTTP_OK;

    (void)id;
    (void)s;
    rv = pserv_form_read_multipart(r, &lim, &in, &uploads);
    if (rv != OK && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_error_page(r, rv);
    if (!pserv_csrf_ok(r, apr_table_get(in, "csrf")))
        return pserv_error_page(r, HTTP_FORBIDDEN);
    if (!(db = pserv_db_get(r)) || !(f = pserv_rform_new(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_draft_find(r, db, f, apr_table_get(in, "form_token"))) {
        if (pserv_done_again(r, db, f->hash) == OK)
            return OK;
        if ((rv = pserv_draft_new(r, db, f)) != OK)
            return pserv_error_page(r, rv);
        pserv_rform_error(f, NULL, "Sesi formulir telah berakhir; lampiran "
                          "perlu diunggah ulang.");
    }
    pserv_rform_read(r, f, in);
    pserv_draft_files(r, db, f, in, uploads);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE) {
        status = rv;
        if (apr_is_empty_array(f->general))
            pserv_rform_error(f, NULL, "Data yang dikirim terlalu besar.");
    }

    action = apr_table_get(in, "action");
    if (status == HTTP_OK && (!action || strcmp(action, "review") == 0)) {
        pserv_rform_validate(r, db, f);
        if (pserv_rform_ok(f))
            return pserv_rform_send(r, db, f, "review", HTTP_OK);
        return pserv_rform_send(r, db, f, "edit", HTTP_OK);
    }
    /* lookup, kind, edit: show the form filled, judging only the nopek
     * when it was looked up. */
    if (pserv_kind_is_ho(f->kind))
        (void)pserv_rform_hr(r, db, f, action && !strcmp(action, "lookup"),
                             action && !strcmp(action, "lookup"));
    return pserv_rform_send(r, db, f, "edit", status);
}

static const char *pserv_platform_list(request_rec *r, pserv_rform *f)
{
    const char *s = NULL;
    int k;

    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        if (p->checked)
            s = s ? apr_pstrcat(r->pool, s, ", ", p->name, NULL) : p->name;
    }
    return s ? s : "";
}

/* The notifications of a new ticket: the Atasan (who acts next) and the
 * requester (who gets the Nomor and the link to the status page). */
static int pserv_submit_mail(request_rec *r, pserv_db *db, pserv_rform *f,
                             apr_int64_t rid)
{
    const char *platforms = pserv_platform_list(r, f);
    const char *link = pserv_mail_link(r, apr_pstrcat(r->pool, "/requests/",
                                                      pserv_i64s(r, rid), NULL));
    const char *status_link = pserv_mail_link(r, apr_pstrcat(r->pool,
                                              "/status/", f->status_token,
                                              NULL));
    const char *facts = apr_psprintf(r->pool,
        "Nomor           : %s\n"
        "Pemohon         : %s\n"
        "Jenis User ID   : %s\n"
        "Divisi/Cab/Unit : %s\n"
        "Platform System : %s\n"
        "Status          : %s\n",
        f->nomor, f->full_name, pserv_kind_label(f->kind), f->unit_name,
        platforms, pserv_status_label("atasan"));

    if (pserv_mail_queue(db, rid, f->atasan_email,
            apr_psprintf(r->pool, "[P-Serv] Permohonan User ID %s menunggu "
                         "persetujuan Anda", f->nomor),
            apr_psprintf(r->pool, "Yth. %s,\n\n%s mengajukan permohonan User "
                         "ID baru dan menunggu persetujuan Anda sebagai "
                         "Atasan Pemohon.\n\n%s\nBuka tiket untuk menyetujui "
                         "atau menolak:\n%s\n\n-- \nP-Serv, PT Pertamina "
                         "Retail\n", f->atasan_name, f->full_name, facts,
                         link)) != 0)
        return APR_EGENERAL;
    return pserv_mail_queue(db, rid, f->email,
            apr_psprintf(r->pool, "[P-Serv] Permohonan User ID %s telah "
                         "diterima", f->nomor),
            apr_psprintf(r->pool, "Yth. %s,\n\nPermohonan User ID Anda telah "
                         "diterima dan diteruskan kepada %s untuk "
                         "persetujuan.\n\n%s\nLihat status dan progres "
                         "persetujuan permohonan ini kapan saja melalui link "
                         "berikut (khusus untuk Anda; jangan bagikan link "
                         "ini):\n%s\n\nSimpan Nomor di atas untuk "
                         "menanyakan status permohonan ke ICT Helpdesk.\n\n"
                         "-- \nP-Serv, PT Pertamina Retail\n", f->full_name,
                         f->atasan_name, facts, status_link));
}

/* Everything of a ticket in one transaction: the request, its platforms
 * and notes, the attachments, the Activity Log's first entry and the
 * notifications; the draft goes. 0, or DECLINED when this form was
 * submitted meanwhile. */
static int pserv_submit_store(request_rec *r, pserv_db *db, pserv_rform *f,
                              apr_int64_t *rid)
{
    const char *now = pserv_now_sql(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int k, n;

    if (!(f->status_token = pserv_token_new(r->pool)))
        return APR_EGENERAL;
    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    if (pserv_db_select(db, req_insert, &res, f->nomor, f->kind,
                        pserv_kind_is_ho(f->kind) ? f->nopek : NULL,
                        f->full_name, f->position, f->email, f->unit_code,
                        f->atasan_nopek, *f->note ? f->note : NULL, f->hash,
                        pserv_token_hash(r->pool, f->status_token),
                        now) != 0) {
        pserv_db_rollback(db);
        return APR_EGENERAL;
    }
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return DECLINED;
    }
    *rid = apr_atoi64(pserv_db_col(db, row, 0));
    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        if (p->checked
            && (pserv_db_query(db, req_platform_add, &n,
                               pserv_i64s(r, *rid), p->note, p->code) != 0
                || n != 1))
            db->failed = 1;
    }
    pserv_db_query(db, req_attach_copy, NULL, pserv_i64s(r, *rid),
                   f->hash);
    pserv_ticket_log_add(db, pserv_i64s(r, *rid), now, NULL, f->full_name,
                         "Pemohon", "Submitted", NULL);
    if (pserv_submit_mail(r, db, f, *rid) != 0)
        db->failed = 1;
    pserv_db_query(db, draft_delete, NULL, f->hash);
    return pserv_db_end(db);
}

/* POST /request/submit: the review page's Submit Permohonan. */
int pserv_handle_request_submit(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    pserv_rform *f;
    apr_int64_t rid = 0;
    int rv;

    (void)id;
    (void)s;
    if ((rv = pserv_form_post(r, 128 * 1024, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)) || !(f = pserv_rform_new(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_draft_find(r, db, f, apr_table_get(in, "form_token"))) {
        if (pserv_done_again(r, db, f->hash) == OK)
            return OK;
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    }
    pserv_rform_read(r, f, in);
    pserv_rform_validate(r, db, f);
    if (!pserv_rform_ok(f))
        return pserv_rform_send(r, db, f, "edit", HTTP_OK);

    rv = pserv_submit_store(r, db, f, &rid);
    if (rv == DECLINED && pserv_done_again(r, db, f->hash) == OK)
        return OK;
    if (rv != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[REQ01]: storing request %s failed", f->nomor);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "pserv[REQ02]: request %s submitted (id %" APR_INT64_T_FMT
                  ")", f->nomor, rid);
    return pserv_done_send(r, f->nomor, f->full_name, f->atasan_name);
}

/* ---- JSON look-up ----------------------------------------------------------- */

/* The JSON writer's text (core/json.c: <, > and & escaped too, so it is
 * safe anywhere). */
static int pserv_json_send(request_rec *r, int status, pserv_json *j)
{
    const char *body = pserv_json_finish(j, NULL);

    r->status = body ? status : HTTP_INTERNAL_SERVER_ERROR;
    ap_set_content_type(r, "application/json; charset=UTF-8");
    if (!r->header_only)
        ap_rputs(body ? body : "{\"ok\":false}", r);
    return OK;
}

/* {"ok":false,"error":message} */
static int pserv_lookup_refuse(request_rec *r, int status, const char *message)
{
    pserv_json *j = pserv_json_new(r->pool);

    pserv_json_object(j);
    pserv_json_kbool(j, "ok", 0);
    pserv_json_kstr(j, "error", message ? message : "");
    pserv_json_end(j);
    return pserv_json_send(r, status, j);
}

/* GET /request/lookup?nopek=..&kind=..: only what the form shows. */
int pserv_handle_request_lookup(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    pserv_db *db = pserv_db_get(r);
    pserv_rform *f;
    int rv;
    static const char *const fields[] = {
        "nopek", "full_name", "position", "email", "unit_code", "unit_name",
        "atasan_nopek", "atasan_name"
    };
    const char *values[sizeof fields / sizeof fields[0]];
    pserv_json *j;
    apr_size_t i;

    (void)id;
    (void)s;
    if (!db || !(f = pserv_rform_new(r, db)))
        return pserv_lookup_refuse(r, HTTP_SERVICE_UNAVAILABLE,
                                   "Layanan sedang tidak tersedia.");
    rv = pserv_lookup_input(r->pool, r->args, &f->kind, &f->nopek);
    if (rv == PSERV_LOOKUP_BAD_KIND)
        return pserv_lookup_refuse(r, HTTP_BAD_REQUEST,
                                   "Pilih Jenis User ID HO terlebih dahulu.");
    if (rv == PSERV_LOOKUP_BAD_NOPEK)
        return pserv_lookup_refuse(r, HTTP_OK, "Nopek harus berupa angka (4 "
                                   "sampai 20 digit).");
    rv = pserv_rform_hr(r, db, f, 1, 1);
    if (rv != OK)
        return pserv_lookup_refuse(r, rv == HTTP_TOO_MANY_REQUESTS ? rv
                                                                  : HTTP_OK,
                                   apr_table_get(f->errors, "nopek"));
    values[0] = f->nopek;
    values[1] = f->full_name;
    values[2] = f->position;
    values[3] = f->email;
    values[4] = f->unit_code;
    values[5] = f->unit_name;
    values[6] = f->atasan_nopek;
    values[7] = f->atasan_name;
    j = pserv_json_new(r->pool);
    pserv_json_object(j);
    pserv_json_kbool(j, "ok", 1);
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        pserv_json_kstr(j, fields[i], values[i] ? values[i] : "");
    pserv_json_end(j);
    return pserv_json_send(r, HTTP_OK, j);
}
