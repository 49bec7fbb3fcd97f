/*
 * rform.c: the public request form's service (rform.h). The rules are in
 * core/rform.c; here is what needs the database: the look-ups they are
 * given (the HR master, the units' heads), the rate limit on every
 * look-up in the HR master, the drafts (request_drafts) that keep the attachments across
 * edit and review, the submit with its mail, and what the pages show.
 */
#include "rform.h"
#include "mail.h"
#include "ratelimit.h"
#include "ticket.h"
#include "maildecide.h"
#include "i18n.h"

#include "apr_strings.h"
#include "apr_lib.h"

#define PSERV_DRAFT_LIFETIME (24 * 3600)
#define PSERV_LOOKUP_MAX     30   /* HR look-ups per address ... */
#define PSERV_LOOKUP_WINDOW  600  /* ... per 10 minutes */
#define PSERV_SUBMIT_WINDOW  3600 /* the submit limits count per hour */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* hash, now, lifetime (s) -> nomor */
PSERV_SQL(
    draft_new, 3,
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
/* hash, now -> nomor, the returned ticket it fixes (NULL: a new one) */
PSERV_SQL(
    draft_get, 2,
    "SELECT nomor, request_id FROM request_drafts"
    " WHERE token_hash = decode(%s, 'hex') AND expires_at > %s::timestamptz");
/* hash */
PSERV_SQL(draft_delete, 1,
          "DELETE FROM request_drafts WHERE token_hash = decode(%s, 'hex')");
/* hash -> attachments of the draft */
PSERV_SQL(draft_files, 1,
          "SELECT id, filename, size, content_type FROM draft_attachments"
          " WHERE token_hash = decode(%s, 'hex') ORDER BY id");
/* id, hash: the file goes and frees its place */
PSERV_SQL(draft_file_del, 2,
          "WITH gone AS (DELETE FROM draft_attachments"
          " WHERE id = %s::bigint AND token_hash = decode(%s, 'hex')"
          " RETURNING token_hash)"
          " UPDATE request_drafts d SET files = greatest(d.files - 1, 0)"
          " FROM gone WHERE d.token_hash = gone.token_hash");
/* hash, max files, now -> a row when there was room for one more file and
 * it is now taken: one conditional statement (the row's lock, held to the
 * end of the file's transaction, orders parallel uploads: each sees the
 * count and the files the one before left). The transaction commits
 * asynchronously: a draft's file is not yet a ticket's (the submit
 * commits synchronously), and a crash of PostgreSQL losing the last
 * moment's draft files shows them missing from the form, to send again. */
PSERV_SQL(draft_file_reserve, 3,
          "UPDATE request_drafts SET files = files + 1"
          " WHERE token_hash = decode(%s, 'hex') AND files < %s::int"
          " AND expires_at > %s::timestamptz"
          " AND set_config('synchronous_commit', 'off', true) = 'off'"
          " RETURNING files");
/* hash: a file sent again (the same name and bytes as one the draft
 * already has: the back button, or a browser resending a POST whose
 * connection closed before the answer) is kept once, and frees its place */
PSERV_SQL(draft_file_dedupe, 1,
          "WITH gone AS (DELETE FROM draft_attachments n"
          " WHERE n.token_hash = decode(%s, 'hex') AND EXISTS (SELECT 1"
          " FROM draft_attachments o WHERE o.token_hash = n.token_hash"
          " AND o.id < n.id AND o.filename = n.filename AND o.size = n.size"
          " AND o.data = n.data) RETURNING n.token_hash)"
          " UPDATE request_drafts d SET files = greatest(d.files -"
          " (SELECT count(*) FROM gone), 0) WHERE d.token_hash = ANY"
          " (SELECT token_hash FROM gone)");
PSERV_SQL(
    form_units, 0,
    "SELECT u.code, u.name, u.head_nopek, e.full_name"
    " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
    " WHERE u.kind = 'UNIT' AND u.active ORDER BY u.name");
PSERV_SQL(form_platforms, 0,
          "SELECT code, name FROM platforms WHERE active"
          " ORDER BY sort_order, name");
/* hash -> the nopek this draft last read from the HR master */
PSERV_SQL(draft_hr_nopek, 1,
          "SELECT hr_nopek FROM request_drafts"
          " WHERE token_hash = decode(%s, 'hex')");
/* nopek, hash */
PSERV_SQL(draft_hr_nopek_set, 2,
          "UPDATE request_drafts SET hr_nopek = %s"
          " WHERE token_hash = decode(%s, 'hex')");
/* nopek -> the HR master's row with unit and supervisor */
PSERV_SQL(employee, 1,
          "SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code,"
          " u.name, u.kind, e.supervisor_nopek, s.full_name, s.email,"
          " e.employment_type"
          " FROM employees e JOIN units u ON u.code = e.unit_code"
          " LEFT JOIN employees s ON s.nopek = e.supervisor_nopek AND s.active"
          " WHERE e.nopek = %s AND e.active");
/* unit code -> name and head (BUH) of a UNIT */
PSERV_SQL(
    unit_head, 1,
    "SELECT u.name, u.head_nopek, e.full_name, e.email"
    " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
    " WHERE u.code = %s AND u.kind = 'UNIT' AND u.active");
/* request id, nopek (or ''), e-mail -> (kind, what): the other open
 * requests and the active accounts of the same person */
PSERV_SQL(req_warnings, 3,
          "WITH arg AS (SELECT %s::bigint AS id, nullif(%s, '') AS nopek,"
          " lower(%s) AS email)"
          " (SELECT 'open', r.nomor FROM requests r, arg"
          "   WHERE r.status NOT IN ('completed', 'rejected', 'cancelled')"
          "   AND r.id <> arg.id"
          "   AND (r.nopek = arg.nopek OR lower(r.email) = arg.email)"
          "   ORDER BY r.id LIMIT 3)"
          " UNION ALL"
          " (SELECT 'account', a.username FROM accounts a, arg WHERE a.active"
          "   AND (a.nopek = arg.nopek OR lower(a.email) = arg.email)"
          "   ORDER BY a.username LIMIT 3)");
/* hash -> the ticket a submitted form made */
PSERV_SQL(req_by_token, 1,
          "SELECT r.id, r.nomor, r.full_name, e.full_name FROM requests r"
          " JOIN employees e ON e.nopek = r.atasan_nopek"
          " WHERE r.form_token = decode(%s, 'hex')");
/* nomor, kind, nopek, full name, position, email, unit, atasan, note,
 * form token hash, status token hash, now, privacy notice version -> id
 * (no row when this form was submitted already: its token or its Nomor
 * is taken) */
PSERV_SQL(
    req_insert, 13,
    "INSERT INTO requests (nomor, kind, nopek, full_name, position, email,"
    " unit_code, atasan_nopek, note, form_token, status_token, created_at,"
    " updated_at, privacy_notice)"
    " SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, decode(%s, 'hex'),"
    " decode(%s, 'hex'), arg.t, arg.t, arg.pn"
    " FROM (SELECT %s::timestamptz AS t, %s AS pn) arg"
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

/* ---- Perbaiki Permohonan (issue 18): a returned ticket's own draft ---- */
/* status token hash -> the ticket: id, nomor, status, kind, nopek, name,
 * position, e-mail, unit, atasan, note */
PSERV_SQL(revise_ticket, 1,
          "SELECT id, nomor, status, kind, coalesce(nopek, ''), full_name,"
          " position, email, unit_code, atasan_nopek, coalesce(note, '')"
          " FROM requests WHERE status_token = decode(%s, 'hex')");
/* request id -> its platforms: code, note */
PSERV_SQL(revise_platforms, 1,
          "SELECT platform_code, note FROM request_platforms"
          " WHERE request_id = %s::bigint");
/* request id -> the reason of its last return */
PSERV_SQL(revise_reason, 1,
          "SELECT reason FROM approvals WHERE request_id = %s::bigint"
          " AND decision = 'return' ORDER BY decided_at DESC, id DESC LIMIT 1");
/* request id: an earlier Perbaiki Permohonan draft goes (one per ticket) */
PSERV_SQL(revise_draft_drop, 1,
          "DELETE FROM request_drafts WHERE request_id = %s::bigint");
/* hash, nomor, now, lifetime (s), request id, nopek read: the draft with
 * the ticket's attachments, counted */
PSERV_SQL(
    revise_draft_new, 6,
    "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s AS nomor,"
    " %s::timestamptz AS now, make_interval(secs => %s::int) AS ttl,"
    " %s::bigint AS id, nullif(%s, '') AS nopek),"
    " d AS (INSERT INTO request_drafts (token_hash, nomor, created_at,"
    "  expires_at, request_id, hr_nopek, files)"
    "  SELECT arg.h, arg.nomor, arg.now, arg.now + arg.ttl, arg.id, arg.nopek,"
    "  (SELECT count(*) FROM attachments f WHERE f.request_id = arg.id)"
    "  FROM arg RETURNING token_hash)"
    " INSERT INTO draft_attachments (token_hash, filename, content_type, size,"
    " data, created_at) SELECT d.token_hash, f.filename, f.content_type,"
    " f.size, f.data, f.created_at FROM d, arg"
    " JOIN attachments f ON f.request_id = arg.id ORDER BY f.id");
/* kind, nopek, name, position, e-mail, unit, atasan, note, form token
 * hash, now, privacy notice version, request id -> id when it was still
 * returned (once: a second submit of the same form finds it moved on) */
PSERV_SQL(revise_update, 12,
          "UPDATE requests SET kind = %s, nopek = %s, full_name = %s,"
          " position = %s, email = %s, unit_code = %s, atasan_nopek = %s,"
          " note = %s, form_token = decode(%s, 'hex'), status = 'atasan',"
          " revision = revision + 1, updated_at = %s::timestamptz,"
          " privacy_notice = %s,"
          " stuck_since = NULL WHERE id = %s::bigint AND status = 'returned'"
          " RETURNING id");
/* request id: what the fix replaces, and the stage reminders of the
 * earlier round */
PSERV_SQL(revise_clear_platforms, 1,
          "DELETE FROM request_platforms WHERE request_id = %s::bigint");
PSERV_SQL(revise_clear_files, 1,
          "DELETE FROM attachments WHERE request_id = %s::bigint");
PSERV_SQL(revise_clear_reminders, 1,
          "DELETE FROM stage_reminders WHERE request_id = %s::bigint");

const pserv_stmt *const pserv_sql_table_rform[] = {
    &pserv_sql_revise_ticket,
    &pserv_sql_revise_platforms,
    &pserv_sql_revise_reason,
    &pserv_sql_revise_draft_drop,
    &pserv_sql_revise_draft_new,
    &pserv_sql_revise_update,
    &pserv_sql_revise_clear_platforms,
    &pserv_sql_revise_clear_files,
    &pserv_sql_revise_clear_reminders,
    &pserv_sql_draft_new,
    &pserv_sql_draft_sweep,
    &pserv_sql_draft_get,
    &pserv_sql_draft_delete,
    &pserv_sql_draft_files,
    &pserv_sql_draft_file_del,
    &pserv_sql_draft_file_reserve,
    &pserv_sql_draft_file_dedupe,
    &pserv_sql_form_units,
    &pserv_sql_form_platforms,
    &pserv_sql_draft_hr_nopek,
    &pserv_sql_draft_hr_nopek_set,
    &pserv_sql_employee,
    &pserv_sql_unit_head,
    &pserv_sql_req_warnings,
    &pserv_sql_req_by_token,
    &pserv_sql_req_insert,
    &pserv_sql_req_platform_add,
    &pserv_sql_req_attach_copy,
    NULL,
};

/* ---- the form and its look-ups ------------------------------------------- */

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

/* A field's name as its messages name it, and what its rule takes, by
 * the rules table's name (core/rform.c). */
static const struct {
    const char *name, *label, *invalid;
} pserv_rform_texts[] = {
    { "kind", PSERV_MSG_KEY("form.label.kind"),
      PSERV_MSG_KEY("form.err.invalid.kind") },
    { "nopek", PSERV_MSG_KEY("form.label.nopek"),
      PSERV_MSG_KEY("form.err.invalid.nopek") },
    { "full_name", PSERV_MSG_KEY("form.label.full_name"),
      PSERV_MSG_KEY("form.err.invalid.full_name") },
    { "position", PSERV_MSG_KEY("form.label.position"), NULL },
    { "email", PSERV_MSG_KEY("form.label.email"),
      PSERV_MSG_KEY("form.err.invalid.email") },
    { "unit_code", PSERV_MSG_KEY("form.label.unit_code"),
      PSERV_MSG_KEY("form.err.invalid.unit_code") },
    { "atasan_nopek", PSERV_MSG_KEY("form.label.atasan_nopek"),
      PSERV_MSG_KEY("form.err.invalid.atasan_nopek") },
    { "note", PSERV_MSG_KEY("form.label.note"), NULL },
};

/* The findings without arguments, by code. */
static const struct {
    int code;
    const char *key;
} pserv_rform_plain[] = {
    { PSERV_RFM_LOOK_LIMITED, PSERV_MSG_KEY("form.err.look_limited") },
    { PSERV_RFM_HR_ERROR, PSERV_MSG_KEY("form.err.hr_error") },
    { PSERV_RFM_NOPEK_UNKNOWN, PSERV_MSG_KEY("form.err.nopek_unknown") },
    { PSERV_RFM_NOPEK_NOT_HO, PSERV_MSG_KEY("form.err.nopek_not_ho") },
    { PSERV_RFM_NOPEK_NO_ATASAN, PSERV_MSG_KEY("form.err.nopek_no_atasan") },
    { PSERV_RFM_UNIT_UNKNOWN, PSERV_MSG_KEY("form.err.invalid.unit_code") },
    { PSERV_RFM_ATASAN_NOT_HEAD, PSERV_MSG_KEY("form.err.atasan_not_head") },
    { PSERV_RFM_NO_PLATFORM, PSERV_MSG_KEY("form.err.no_platform") },
};

/* The rules' findings in the request's language (msg-CODE.xml). */
static const char *pserv_rform_say_tr(void *ctx, apr_pool_t *p,
                                      const pserv_rform_why *w)
{
    request_rec *r = ctx;
    int lang = pserv_lang(r);
    const char *label = w->field, *invalid = NULL;
    apr_size_t i;

    for (i = 0; i < sizeof pserv_rform_texts / sizeof pserv_rform_texts[0]; i++)
        if (strcmp(w->field, pserv_rform_texts[i].name) == 0) {
            label = pserv_msg(lang, pserv_rform_texts[i].label);
            invalid = pserv_rform_texts[i].invalid;
        }
    switch (w->code) {
    case PSERV_RFM_REQUIRED:
        return pserv_msgf(p, lang, "form.err.required", "%s", label);
    case PSERV_RFM_TOO_LONG:
        return pserv_msgf(p, lang, "form.err.too_long", "%s%d", label,
                          (int)w->n);
    case PSERV_RFM_INVALID:
        return pserv_msg(lang, invalid ? invalid : "form.err.invalid");
    case PSERV_RFM_NOPEK_KIND:
        return pserv_msgf(p, lang, "form.err.nopek_kind", "%s%s%s",
                          w->a ? w->a : "", w->b ? w->b : "", w->c ? w->c : "");
    case PSERV_RFM_NOTE_REQUIRED:
        return pserv_msgf(p, lang, "form.err.note_required", "%s",
                          w->a ? w->a : "");
    case PSERV_RFM_NOTE_TOO_LONG:
        return pserv_msgf(p, lang, "form.err.note_too_long", "%s%d",
                          w->a ? w->a : "", (int)w->n);
    }
    for (i = 0; i < sizeof pserv_rform_plain / sizeof pserv_rform_plain[0]; i++)
        if (pserv_rform_plain[i].code == w->code)
            return pserv_msg(lang, pserv_rform_plain[i].key);
    return pserv_msg(lang, "form.err.invalid");
}

pserv_rform *pserv_rform_start(request_rec *r, pserv_db *db)
{
    apr_array_header_t *platforms = pserv_load_platforms(r, db);
    pserv_rform *f;

    if (!platforms)
        return NULL;
    f = pserv_rform_new(r->pool, platforms);
    f->say = pserv_rform_say_tr;
    f->say_ctx = r;
    return f;
}

/* What the look-ups are given: the request (for the limit), its database
 * and the form's draft (NULL for the JSON look-up, which has none). */
typedef struct {
    request_rec *r;
    pserv_db *db;
    const char *hash;
} pserv_look_ctx;

/* 1 when f's draft already read this nopek (nothing new to show). */
static int pserv_look_seen(pserv_look_ctx *lc, const char *nopek)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *seen;

    return lc->hash
           && pserv_db_select(lc->db, draft_hr_nopek, &res, lc->hash) == 0
           && (row = pserv_db_row(lc->db, res, 1))
           && (seen = pserv_db_col(lc->db, row, 0)) && !strcmp(seen, nopek);
}

/* Every read of the HR master counts against one per-address limit
 * (bucket hr-lookup), whichever path asks: the JSON auto-fill, the form's
 * Cari Data Pekerja, Jenis User ID and Ubah Data, the review and the
 * submit. Only reading again the nopek a draft has already read is free:
 * it shows nothing new. */
static int pserv_look_employee(void *ctx, const char *nopek, pserv_hr_row *h)
{
    pserv_look_ctx *lc = ctx;
    pserv_db *db = lc->db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_look_seen(lc, nopek)) {
        if (pserv_rate_limited(lc->r, "hr-lookup", PSERV_LOOKUP_MAX,
                               PSERV_LOOKUP_WINDOW))
            return PSERV_LOOK_LIMITED;
        if (lc->hash)
            pserv_db_query(db, draft_hr_nopek_set, NULL, nopek, lc->hash);
    }
    if (pserv_db_select(db, employee, &res, nopek) != 0)
        return PSERV_LOOK_ERROR;
    if (!(row = pserv_db_row(db, res, 1)))
        return PSERV_LOOK_NOT_FOUND;
    h->nopek = pserv_db_col(db, row, 0);
    h->full_name = pserv_db_col(db, row, 1);
    h->position = pserv_db_col(db, row, 2);
    h->email = pserv_db_col(db, row, 3);
    h->unit_code = pserv_db_col(db, row, 4);
    h->unit_name = pserv_db_col(db, row, 5);
    h->unit_kind = pserv_db_col(db, row, 6);
    h->atasan_nopek = pserv_db_col(db, row, 7);
    h->atasan_name = pserv_db_col(db, row, 8);
    h->atasan_email = pserv_db_col(db, row, 9);
    h->employment_type = pserv_db_col(db, row, 10);
    return PSERV_LOOK_FOUND;
}

static int pserv_look_unit_head(void *ctx, const char *unit_code,
                                pserv_unit_head *u)
{
    pserv_db *db = ((pserv_look_ctx *)ctx)->db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, unit_head, &res, unit_code) != 0)
        return PSERV_LOOK_ERROR;
    if (!(row = pserv_db_row(db, res, 1)))
        return PSERV_LOOK_NOT_FOUND;
    u->name = pserv_db_col(db, row, 0);
    u->head_nopek = pserv_db_col(db, row, 1);
    u->head_name = pserv_db_col(db, row, 2);
    u->head_email = pserv_db_col(db, row, 3);
    return PSERV_LOOK_FOUND;
}

static pserv_rform_lookups pserv_rform_db_lookups(request_rec *r, pserv_db *db,
                                                  const pserv_rform *f)
{
    pserv_look_ctx *lc = apr_palloc(r->pool, sizeof *lc);
    pserv_rform_lookups lk = { pserv_look_employee, pserv_look_unit_head, lc };

    lc->r = r;
    lc->db = db;
    lc->hash = f->hash;
    return lk;
}

int pserv_rform_lookup(request_rec *r, pserv_db *db, pserv_rform *f, int report)
{
    pserv_rform_lookups lk = pserv_rform_db_lookups(r, db, f);

    switch (pserv_rform_hr(r->pool, f, &lk, report)) {
    case PSERV_LOOK_FOUND:
        return OK;
    case PSERV_LOOK_LIMITED:
        return HTTP_TOO_MANY_REQUESTS;
    default:
        return DECLINED;
    }
}

void pserv_rform_check(request_rec *r, pserv_db *db, pserv_rform *f)
{
    pserv_rform_lookups lk = pserv_rform_db_lookups(r, db, f);

    pserv_rform_validate(r->pool, f, &lk);
}

apr_array_header_t *pserv_rform_units(request_rec *r, pserv_db *db)
{
    apr_array_header_t *a;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, form_units, &res) != 0)
        return NULL;
    a = apr_array_make(r->pool, 16, sizeof(pserv_form_unit));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_form_unit *u = apr_array_push(a);
        u->code = pserv_db_col(db, row, 0);
        u->name = pserv_db_col(db, row, 1);
        u->head_nopek = pserv_db_col(db, row, 2);
        u->head_name = pserv_db_col(db, row, 3);
    }
    return a;
}

apr_array_header_t *pserv_rform_warnings(request_rec *r, pserv_db *db,
                                         const char *rid, const char *nopek,
                                         const char *email)
{
    apr_array_header_t *a;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, req_warnings, &res, rid, nopek ? nopek : "",
                        email ? email : "")
        != 0)
        return NULL;
    a = apr_array_make(r->pool, 4, sizeof(pserv_rform_warning));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_rform_warning *w = apr_array_push(a);
        w->open = strcmp(pserv_db_col(db, row, 0), "open") == 0;
        w->what = pserv_db_col(db, row, 1);
    }
    return a;
}

/* ---- drafts and attachments ---------------------------------------------- */

int pserv_draft_new(request_rec *r, pserv_db *db, pserv_rform *f)
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
                        apr_itoa(r->pool, PSERV_DRAFT_LIFETIME))
            != 0
        || !(row = pserv_db_row(db, res, 1)))
        return HTTP_SERVICE_UNAVAILABLE;
    f->nomor = pserv_db_col(db, row, 0);
    return OK;
}

int pserv_draft_find(request_rec *r, pserv_db *db, pserv_rform *f,
                     const char *token)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_token_valid(token))
        return 0;
    f->token = token;
    f->hash = pserv_token_hash(r->pool, token);
    if (pserv_db_select(db, draft_get, &res, f->hash, pserv_now_sql(r)) != 0)
        return -1; /* the database, not the draft: a 503, not "expired" */
    if (!(row = pserv_db_row(db, res, 1)))
        return 0;
    f->nomor = pserv_db_col(db, row, 0);
    f->revise_id = pserv_db_col(db, row, 1);
    return 1;
}

int pserv_draft_revise(request_rec *r, pserv_db *db, pserv_rform *f,
                       const char *status_token, const char **reason)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *id;
    int i, k;

    if (!pserv_token_valid(status_token))
        return HTTP_NOT_FOUND;
    if (pserv_db_select(db, revise_ticket, &res,
                        pserv_token_hash(r->pool, status_token))
        != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (!(row = pserv_db_row(db, res, 1)))
        return HTTP_NOT_FOUND;
    id = pserv_db_col(db, row, 0);
    f->nomor = pserv_db_col(db, row, 1);
    if (strcmp(pserv_db_col(db, row, 2), "returned") != 0)
        return HTTP_CONFLICT;
    f->kind = pserv_db_col(db, row, 3);
    f->nopek = pserv_db_col(db, row, 4);
    f->full_name = pserv_db_col(db, row, 5);
    f->position = pserv_db_col(db, row, 6);
    f->email = pserv_db_col(db, row, 7);
    f->unit_code = pserv_db_col(db, row, 8);
    f->atasan_nopek = pserv_db_col(db, row, 9);
    f->note = pserv_db_col(db, row, 10);
    f->revise_id = id;
    if (pserv_db_select(db, revise_platforms, &res, id) != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++)
        for (k = 0; k < f->platforms->nelts; k++) {
            pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
            if (strcmp(p->code, pserv_db_col(db, row, 0)) == 0) {
                p->checked = 1;
                p->note = pserv_db_col(db, row, 1);
            }
        }
    *reason = "";
    if (pserv_db_select(db, revise_reason, &res, id) == 0
        && (row = pserv_db_row(db, res, 1)))
        *reason = pserv_db_col(db, row, 0);
    if (!(f->token = pserv_token_new(r->pool)))
        return HTTP_INTERNAL_SERVER_ERROR;
    f->hash = pserv_token_hash(r->pool, f->token);
    pserv_db_query(db, draft_sweep, NULL);
    if (pserv_db_begin(db) != 0)
        return HTTP_SERVICE_UNAVAILABLE;
    pserv_db_query(db, revise_draft_drop, NULL, id);
    pserv_db_query(db, revise_draft_new, NULL, f->hash, f->nomor,
                   pserv_now_sql(r), apr_itoa(r->pool, PSERV_DRAFT_LIFETIME),
                   id, pserv_kind_is_ho(f->kind) ? f->nopek : "");
    return pserv_db_end(db) == 0 ? OK : HTTP_SERVICE_UNAVAILABLE;
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

/* Take a place for one more file on f's draft (at most max): 1 when
 * taken. */
static int pserv_draft_file_reserve(request_rec *r, pserv_db *db,
                                    pserv_rform *f, int max)
{
    apr_dbd_results_t *res = NULL;

    return pserv_db_select(db, draft_file_reserve, &res, f->hash,
                           apr_itoa(r->pool, max), pserv_now_sql(r))
               == 0
           && pserv_db_row(db, res, 1) != NULL;
}

/* A PNG named .pdf is refused: what the approvers open must be what the
 * name says. */
void pserv_draft_files(request_rec *r, pserv_db *db, pserv_rform *f,
                       apr_table_t *in, apr_array_header_t *uploads)
{
    const apr_array_header_t *arr = apr_table_elts(in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    const pserv_dir_conf *c = pserv_conf(r);
    int i;

    for (i = 0; i < arr->nelts; i++)
        if (strcmp(e[i].key, "remove_attachment") == 0 && e[i].val
            && apr_isdigit(*e[i].val))
            pserv_db_query(db, draft_file_del, NULL, e[i].val, f->hash);
    for (i = 0; uploads && i < uploads->nelts; i++) {
        pserv_upload *u = &APR_ARRAY_IDX(uploads, i, pserv_upload);
        const char *want = pserv_type_by_name(u->filename);

        if (u->too_many) {
            pserv_rform_file_error(f,
                                   pserv_trf(r, "form.file.too_many", "%s%d",
                                             u->filename, c->upload_max_files));
            continue;
        }
        if (u->too_large) {
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.too_large", "%s%s", u->filename,
                             pserv_format_size_in(r->pool, c->upload_max_file,
                                                  pserv_lang(r))));
            continue;
        }
        if (!want) {
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.type", "%s", u->filename));
            continue;
        }
        if (!u->content_type || strcmp(u->content_type, want) != 0) {
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.content", "%s", u->filename));
            continue;
        }
        /* One transaction: the place (one conditional statement), the
         * file, the same file sent again dropped. A file not stored (the
         * COPY failed or was cut short) leaves no row and gives its
         * place back by the rollback. */
        if (pserv_db_begin(db) != 0) {
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.failed", "%s", u->filename));
            continue;
        }
        if (!pserv_draft_file_reserve(r, db, f, c->upload_max_files)) {
            pserv_db_rollback(db);
            pserv_rform_file_error(f,
                                   pserv_trf(r, "form.file.too_many", "%s%d",
                                             u->filename, c->upload_max_files));
            continue;
        }
        if ((!u->mem && !u->spool)
            || pserv_db_draft_file_copy(db, f->hash, u->filename,
                                        u->content_type, u->size, u->mem,
                                        u->spool)) {
            pserv_db_rollback(db);
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.failed", "%s", u->filename));
            continue;
        }
        pserv_db_query(db, draft_file_dedupe, NULL, f->hash);
        if (pserv_db_end(db) != 0)
            pserv_rform_file_error(
                f, pserv_trf(r, "form.file.failed", "%s", u->filename));
    }
}

apr_array_header_t *pserv_draft_file_list(request_rec *r, pserv_db *db,
                                          const pserv_rform *f)
{
    apr_array_header_t *a;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    int i;

    if (pserv_db_select(db, draft_files, &res, f->hash) != 0)
        return NULL;
    a = apr_array_make(r->pool, 4, sizeof(pserv_draft_file));
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_draft_file *d = apr_array_push(a);
        d->id = pserv_db_col(db, row, 0);
        d->filename = pserv_db_col(db, row, 1);
        d->size = pserv_db_col(db, row, 2);
        d->content_type = pserv_db_col(db, row, 3);
    }
    return a;
}

/* ---- the submit ---------------------------------------------------------- */

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

/* The ticket rid's rows from the form: its platforms (a platform no longer
 * active fails the transaction) and the draft's attachments. */
static void pserv_rform_rows(pserv_db *db, pserv_rform *f, const char *rid)
{
    int k, n;

    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *p = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        if (p->checked
            && (pserv_db_query(db, req_platform_add, &n, rid, p->note, p->code)
                    != 0
                || n != 1))
            db->failed = 1;
    }
    pserv_db_query(db, req_attach_copy, NULL, rid, f->hash);
}

/* The ticket as its mails describe it, as it waits for the Atasan. */
static const pserv_mail_ticket *pserv_rform_about(request_rec *r,
                                                  pserv_rform *f)
{
    pserv_mail_ticket *t = apr_pcalloc(r->pool, sizeof *t);

    t->nomor = f->nomor;
    t->full_name = f->full_name;
    t->kind = f->kind;
    t->unit_name = f->unit_name;
    t->platforms = pserv_platform_list(r, f);
    t->status = "atasan";
    return t;
}

/* The Atasan (who acts next) told in their language, with their own
 * Setujui, Tolak, ... (maildecide.c). */
static int pserv_rform_mail_atasan(request_rec *r, pserv_db *db, pserv_rform *f,
                                   apr_int64_t rid)
{
    int lang = pserv_mail_lang(db, f->atasan_email, rid);
    const char *links;
    pserv_actx x;

    pserv_actx_of(r, db, &x);
    if (!(links =
              pserv_maildecide_atasan_links(&x, rid, f->atasan_email, lang)))
        return APR_EGENERAL;
    return pserv_mail_atasan(r, db, rid, f->atasan_email, lang, f->atasan_name,
                             f->full_name, pserv_rform_about(r, f), links);
}

/* The end of a submit or a resubmit: the Atasan's delegates are told too;
 * nobody who may act: stuck; nobody at a later stage: the Administrators
 * are told now. The draft goes; the transaction ends. */
static int pserv_rform_arrived(request_rec *r, pserv_db *db, pserv_rform *f,
                               apr_int64_t rid)
{
    pserv_actx x;

    pserv_actx_of(r, db, &x);
    if (pserv_submit_arrived(&x, rid) != 0)
        db->failed = 1;
    pserv_db_query(db, draft_delete, NULL, f->hash);
    return pserv_db_end(db);
}

/* The notifications of a new ticket: the Atasan (who acts next) and the
 * requester (who gets the Nomor and the link to the status page). */
static int pserv_submit_mail(request_rec *r, pserv_db *db, pserv_rform *f,
                             apr_int64_t rid)
{
    const char *status_link = pserv_mail_link(
        r, apr_pstrcat(r->pool, "/status/", f->status_token, NULL));
    int lang;

    if (pserv_rform_mail_atasan(r, db, f, rid) != 0)
        return APR_EGENERAL;
    /* the requester's: the language of the form (requests.lang) */
    lang = pserv_mail_lang(db, f->email, rid);
    return pserv_mail_queue(
        db, rid, f->email,
        pserv_msgf(r->pool, lang, "mail.submit.subject", "%s", f->nomor),
        pserv_mail_signed(
            r->pool,
            pserv_msgf(r->pool, lang, "mail.submit.body", "%s%s%s%s",
                       f->full_name, f->atasan_name,
                       pserv_mail_facts(r->pool, lang, pserv_rform_about(r, f)),
                       status_link)));
}

const char *pserv_rform_submit_limited(request_rec *r)
{
    const pserv_dir_conf *c = pserv_conf(r);

    if (c->submit_max_address > 0
        && pserv_rate_limited(r, "submit", c->submit_max_address,
                              PSERV_SUBMIT_WINDOW))
        return pserv_tr(r, "form.limit.address");
    /* Everybody's submits together: one counter, bucket submit-all. */
    if (c->submit_max_hour > 0
        && pserv_rate_limited_key(r, "submit-all", "*", c->submit_max_hour,
                                  PSERV_SUBMIT_WINDOW))
        return pserv_tr(r, "form.limit.all");
    return NULL;
}

int pserv_rform_submit(request_rec *r, pserv_db *db, pserv_rform *f,
                       apr_int64_t *rid)
{
    const char *now = pserv_now_sql(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!(f->status_token = pserv_token_new(r->pool)))
        return APR_EGENERAL;
    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    if (pserv_db_select(db, req_insert, &res, f->nomor, f->kind,
                        pserv_kind_is_ho(f->kind) ? f->nopek : NULL,
                        f->full_name, f->position, f->email, f->unit_code,
                        f->atasan_nopek, *f->note ? f->note : NULL, f->hash,
                        pserv_token_hash(r->pool, f->status_token), now,
                        f->privacy_notice)
        != 0) {
        pserv_db_rollback(db);
        return APR_EGENERAL;
    }
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return DECLINED;
    }
    *rid = apr_atoi64(pserv_db_col(db, row, 0));
    pserv_rform_rows(db, f, pserv_i64s(r, *rid));
    pserv_ticket_log_add(db, pserv_i64s(r, *rid), now, NULL, f->full_name,
                         "Pemohon", "Submitted", NULL);
    pserv_mail_form_lang(db, *rid); /* its mails' language (mail.h) */
    if (pserv_submit_mail(r, db, f, *rid) != 0)
        db->failed = 1;
    return pserv_rform_arrived(r, db, f, *rid);
}

int pserv_rform_resubmit(request_rec *r, pserv_db *db, pserv_rform *f)
{
    const char *now = pserv_now_sql(r);
    const char *id = f->revise_id;
    apr_dbd_results_t *res = NULL;

    if (pserv_db_begin(db) != 0)
        return APR_EGENERAL;
    if (pserv_db_select(db, revise_update, &res, f->kind,
                        pserv_kind_is_ho(f->kind) ? f->nopek : NULL,
                        f->full_name, f->position, f->email, f->unit_code,
                        f->atasan_nopek, *f->note ? f->note : NULL, f->hash,
                        now, f->privacy_notice, id)
        != 0) {
        pserv_db_rollback(db);
        return APR_EGENERAL;
    }
    if (!pserv_db_row(db, res, 1)) {
        pserv_db_rollback(db);
        return DECLINED; /* no longer returned: submitted, or cancelled */
    }
    /* the form's platforms and files replace the ticket's */
    pserv_db_query(db, revise_clear_platforms, NULL, id);
    pserv_db_query(db, revise_clear_files, NULL, id);
    pserv_rform_rows(db, f, id);
    pserv_db_query(db, revise_clear_reminders, NULL, id);
    pserv_mail_form_lang(db, apr_atoi64(id)); /* its mails' language */
    pserv_ticket_log_add(db, id, now, NULL, f->full_name, "Pemohon",
                         "Diperbaiki dan diajukan kembali", NULL);
    /* as at the submit: the Atasan with their own decision links, the
     * Atasan's delegates, the stuck mark and the look ahead */
    if (pserv_rform_mail_atasan(r, db, f, apr_atoi64(id)) != 0)
        db->failed = 1;
    return pserv_rform_arrived(r, db, f, apr_atoi64(id));
}

int pserv_rform_done_find(pserv_db *db, const char *hash,
                          pserv_rform_done *done)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!hash || pserv_db_select(db, req_by_token, &res, hash) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    done->nomor = pserv_db_col(db, row, 1);
    done->full_name = pserv_db_col(db, row, 2);
    done->atasan_name = pserv_db_col(db, row, 3);
    return 1;
}
