/*
 * handle_request.c: the public request form (manual 3.1), no login needed.
 *
 *   GET  /request/new      a fresh form: a draft with its Nomor
 *   POST /request/new      multipart: fields and attachments; action
 *                          "lookup" / "kind" / "edit" redisplay the form,
 *                          "review" validates and shows the review page
 *   POST /request/submit   the review page's Submit Permohonan (with
 *                          the version of the Pemberitahuan Privasi it
 *                          showed: another one shows the review again)
 *   GET  /request/lookup   JSON auto-fill from the HR master by nopek
 *   GET  /request/revise/TOKEN
 *                          Perbaiki Permohonan: the form of a ticket
 *                          returned for revision (TOKEN: its status link's),
 *                          filled with all of it on a draft of its own;
 *                          its Submit Permohonan updates that ticket
 *
 * Every field is checked by one table (core/rform.c); the draft
 * (request_drafts, rform.c) keeps the attachments across edit and review,
 * and its token, stored on the ticket, makes a double submit create one
 * ticket. Here: the handlers and the views.
 */
#include "rform.h"
#include "privacy.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"

#include "core/json.h"

#define PSERV_TEXT_FIELD_MAX 16384
/* A request's files up to this much in all are kept in memory, once, and
 * go from there to PostgreSQL; more, or more than the child's requests
 * may hold together (form.c), is spooled to a temporary file as before
 * (issue 21: a write, a read and an unlink of the file cost a third of
 * Apache's time for a 1 MB upload). */
#define PSERV_UPLOAD_MEM_MAX (2 * 1024 * 1024)
/* r->notes: why the ticket was returned, for the first Perbaiki
 * Permohonan page */
#define PSERV_REVISE_REASON "pserv-revise-reason"

/* ---- the views ------------------------------------------------------------ */

static void pserv_view_field(pserv_view *v, pserv_rform *f, const char *name,
                             const char *value)
{
    xmlNodePtr n = pserv_view_add(v->content, "field", NULL);

    pserv_view_attr(n, "name", name);
    pserv_view_attr(n, "value", value ? value : "");
    pserv_view_attr(n, "error", apr_table_get(f->errors, name));
}

/* A field's value as the form shows it: an HO kind's e-mail comes from the
 * HR master and is shown masked to whoever typed a nopek (the ticket and
 * the mail get the whole address, read again from the HR master). */
static const char *pserv_rform_shown(request_rec *r, const pserv_rform *f,
                                     apr_size_t i)
{
    const char *value = pserv_rform_field(f, i);

    if (pserv_kind_is_ho(f->kind)
        && strcmp(pserv_rform_field_name(i), "email") == 0)
        return pserv_mask_email(r->pool, value);
    return value;
}

static void pserv_view_rform_lists(pserv_view *v, pserv_db *db)
{
    xmlNodePtr kinds = pserv_view_add(v->content, "kinds", NULL);
    xmlNodePtr units = pserv_view_add(v->content, "units", NULL);
    apr_array_header_t *a;
    int i;

    for (i = 0; i < pserv_kind_count(); i++) {
        xmlNodePtr k = pserv_view_add(kinds, "kind", NULL);
        pserv_view_attr(k, "code", pserv_kind_code_at(i));
        pserv_view_attr(k, "label", pserv_kind_label(pserv_kind_code_at(i)));
    }
    if (!(a = pserv_rform_units(v->r, db)))
        return;
    for (i = 0; i < a->nelts; i++) {
        const pserv_form_unit *fu = &APR_ARRAY_IDX(a, i, pserv_form_unit);
        xmlNodePtr u = pserv_view_add(units, "unit", NULL);
        pserv_view_attr(u, "code", fu->code);
        pserv_view_attr(u, "name", fu->name);
        pserv_view_attr(u, "head_nopek", fu->head_nopek);
        pserv_view_attr(u, "head_name", fu->head_name);
    }
}

static void pserv_view_rform_files(pserv_view *v, pserv_db *db, pserv_rform *f)
{
    xmlNodePtr list = pserv_view_add(v->content, "attachments", NULL);
    apr_array_header_t *files;
    int i;

    if (!(files = pserv_draft_file_list(v->r, db, f)))
        return;
    for (i = 0; i < files->nelts; i++) {
        const pserv_draft_file *d = &APR_ARRAY_IDX(files, i, pserv_draft_file);
        xmlNodePtr a = pserv_view_add(list, "attachment", NULL);
        pserv_view_attr(a, "id", d->id);
        pserv_view_attr(a, "filename", d->filename);
        pserv_view_attr(a, "size", d->size);
        pserv_view_attr(a, "size_label",
                        pserv_format_size_in(v->r->pool, apr_atoi64(d->size),
                                             pserv_lang(v->r)));
        pserv_view_attr(a, "content_type", d->content_type);
    }
}

static int pserv_rform_send(request_rec *r, pserv_db *db, pserv_rform *f,
                            const char *mode, int status)
{
    pserv_view *v =
        pserv_view_new(r, "request_form", pserv_tr(r, "form.title"));
    const pserv_dir_conf *c = pserv_conf(r);
    xmlNodePtr list, n;
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    apr_size_t i;
    int k;

    pserv_view_crumb(v, "/login", pserv_tr(r, "status.crumb.login"));
    pserv_view_attr(v->content, "mode", mode);
    if (f->revise_id)
        pserv_view_attr(pserv_view_add(v->content, "revise", NULL), "reason",
                        apr_table_get(r->notes, PSERV_REVISE_REASON));
    pserv_view_attr(v->content, "nomor", f->nomor);
    pserv_view_attr(v->content, "form_token", f->token);
    pserv_view_attr(v->content, "max_file_size",
                    apr_off_t_toa(r->pool, c->upload_max_file));
    pserv_view_attr(v->content, "max_files",
                    apr_itoa(r->pool, c->upload_max_files));
    for (i = 0; i < pserv_rform_nfields(); i++)
        pserv_view_field(v, f, pserv_rform_field_name(i),
                         pserv_rform_shown(r, f, i));
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
    /* the Pemberitahuan Privasi above Submit Permohonan, its version in
     * the submit's form */
    if (strcmp(mode, "review") == 0)
        pserv_view_privacy(v->content, pserv_privacy_notice(r));
    list = pserv_view_add(v->content, "errors", NULL);
    arr = apr_table_elts(f->errors);
    e = (const apr_table_entry_t *)arr->elts;
    for (k = 0; k < arr->nelts; k++)
        pserv_view_attr(pserv_view_add(list, "error", e[k].val), "field",
                        e[k].key);
    for (k = 0; k < f->general->nelts; k++)
        pserv_view_attr(
            pserv_view_add(list, "error",
                           APR_ARRAY_IDX(f->general, k, const char *)),
            "field", "");
    return pserv_view_send(v, status);
}

static int pserv_done_send(request_rec *r, const char *nomor,
                           const char *full_name, const char *atasan_name)
{
    pserv_view *v =
        pserv_view_new(r, "request_done", pserv_tr(r, "done.title"));

    pserv_view_attr(v->content, "nomor", nomor);
    pserv_view_attr(v->content, "full_name", full_name);
    pserv_view_attr(v->content, "atasan_name", atasan_name);
    return pserv_view_send(v, HTTP_OK);
}

/* The ticket this form already made, shown again (double submit). */
static int pserv_done_again(request_rec *r, pserv_db *db, const char *hash)
{
    pserv_rform_done done;

    if (!pserv_rform_done_find(db, hash, &done))
        return DECLINED;
    return pserv_done_send(r, done.nomor, done.full_name, done.atasan_name);
}

/* ---- handlers --------------------------------------------------------------- */

int pserv_handle_request_new(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_db *db = pserv_db_get(r);
    pserv_rform *f;
    int rv;

    (void)id;
    (void)s;
    if (!db || !(f = pserv_rform_start(r, db)))
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
                              PSERV_TEXT_FIELD_MAX, c->body_max,
                              PSERV_UPLOAD_MEM_MAX };
    apr_table_t *in;
    apr_array_header_t *uploads;
    pserv_db *db;
    pserv_rform *f;
    const char *action;
    int rv, found, status = HTTP_OK;

    (void)id;
    (void)s;
    rv = pserv_form_read_multipart(r, &lim, &in, &uploads);
    if (rv != OK && rv != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return pserv_error_page(r, rv);
    if (!pserv_csrf_ok(r, apr_table_get(in, "csrf")))
        return pserv_error_page(r, HTTP_FORBIDDEN);
    if (!(db = pserv_db_get(r)) || !(f = pserv_rform_start(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((found = pserv_draft_find(r, db, f, apr_table_get(in, "form_token")))
        < 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!found) {
        int made;
        if (pserv_done_again(r, db, f->hash) == OK)
            return OK;
        if ((made = pserv_draft_new(r, db, f)) != OK)
            return pserv_error_page(r, made);
        pserv_rform_error(f, NULL, pserv_tr(r, "form.expired"));
    }
    pserv_rform_read(r->pool, f, in);
    pserv_draft_files(r, db, f, in, uploads);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE) {
        status = rv;
        if (apr_is_empty_array(f->general)
            && !apr_table_get(f->errors, "attachments"))
            pserv_rform_error(f, NULL, pserv_tr(r, "form.too_large"));
    }

    action = apr_table_get(in, "action");
    if (status == HTTP_OK && (!action || strcmp(action, "review") == 0)) {
        pserv_rform_check(r, db, f);
        if (pserv_rform_ok(f))
            return pserv_rform_send(r, db, f, "review", HTTP_OK);
        return pserv_rform_send(r, db, f, "edit", HTTP_OK);
    }
    /* lookup, kind, edit: show the form filled, judging only the nopek
     * when it was looked up (each counts against the look-up limit). */
    if (pserv_kind_is_ho(f->kind))
        (void)pserv_rform_lookup(r, db, f, action && !strcmp(action, "lookup"));
    return pserv_rform_send(r, db, f, "edit", status);
}

/* POST /request/submit: the review page's Submit Permohonan. */
int pserv_handle_request_submit(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    pserv_rform *f;
    apr_int64_t rid = 0;
    const char *limited, *shown;
    const pserv_privacy *notice;
    int rv;

    (void)id;
    (void)s;
    if ((rv = pserv_form_post(r, 128 * 1024, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)) || !(f = pserv_rform_start(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = pserv_draft_find(r, db, f, apr_table_get(in, "form_token"))) < 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!rv) {
        if (pserv_done_again(r, db, f->hash) == OK)
            return OK;
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    }
    pserv_rform_read(r->pool, f, in);
    pserv_rform_check(r, db, f);
    if (!pserv_rform_ok(f))
        return pserv_rform_send(r, db, f, "edit", HTTP_OK);
    /* the notice the requester read is the one in force (it changed since
     * the review, or the review showed none: the review again, with the
     * notice as it is now; nothing stored) */
    notice = pserv_privacy_notice(r);
    shown = apr_table_get(in, "privacy_notice");
    if (!shown || strcmp(shown, notice->version) != 0) {
        pserv_audit(r, "request.refused", NULL, "nomor", f->nomor, "reason",
                    "privacy-notice-changed", NULL);
        pserv_rform_error(f, NULL, pserv_tr(r, "privacy.changed"));
        return pserv_rform_send(r, db, f, "review", HTTP_CONFLICT);
    }
    f->privacy_notice = notice->version;
    /* the mail goes to a typed address from our trusted sender: not
     * without limit (the review page again, to submit later) */
    if ((limited = pserv_rform_submit_limited(r))) {
        pserv_rform_error(f, NULL, limited);
        apr_table_setn(r->err_headers_out, "Retry-After", "3600");
        return pserv_rform_send(r, db, f, "review", HTTP_TOO_MANY_REQUESTS);
    }

    rv = f->revise_id ? pserv_rform_resubmit(r, db, f)
                      : pserv_rform_submit(r, db, f, &rid);
    if (rv == DECLINED && pserv_done_again(r, db, f->hash) == OK)
        return OK;
    if (rv == DECLINED && f->revise_id) {
        pserv_rform_error(f, NULL, pserv_tr(r, "form.revise.gone"));
        return pserv_rform_send(r, db, f, "review", HTTP_CONFLICT);
    }
    if (f->revise_id) {
        rid = apr_atoi64(f->revise_id);
        pserv_audit(r, "request.resubmit", NULL, "nomor", f->nomor, NULL);
    }
    if (rv != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[REQ01]: storing request %s failed", f->nomor);
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "pserv[REQ02]: request %s submitted (id %" APR_INT64_T_FMT
                  ")",
                  f->nomor, rid);
    return pserv_done_send(r, f->nomor, f->full_name, f->atasan_name);
}

/* GET /request/revise/TOKEN: Perbaiki Permohonan, from the mail of a
 * return for revision (or the Status Permintaan page). */
int pserv_handle_request_revise(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    const char *token = r->uri + sizeof "/request/revise/" - 1;
    const char *reason = NULL;
    pserv_db *db = pserv_db_get(r);
    pserv_rform *f;
    pserv_view *v;
    int rv;

    (void)id;
    (void)s;
    /* Like the status page: the link is the key, never sent on. */
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    if (!db || !(f = pserv_rform_start(r, db)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    rv = pserv_draft_revise(r, db, f, token, &reason);
    if (rv == HTTP_NOT_FOUND || rv == HTTP_CONFLICT) {
        v = pserv_view_new(r, "error",
                           pserv_tr(r, rv == HTTP_NOT_FOUND
                                           ? "form.revise.invalid.title"
                                           : "form.revise.conflict.title"));
        pserv_audit(r, "not-visible", NULL, "revise-link",
                    rv == HTTP_NOT_FOUND ? "unknown" : "not-returned", "nomor",
                    rv == HTTP_CONFLICT ? f->nomor : NULL, NULL);
        pserv_view_attr(v->content, "status", apr_itoa(r->pool, rv));
        pserv_view_attr(
            v->content, "message",
            rv == HTTP_NOT_FOUND
                ? pserv_tr(r, "form.revise.invalid")
                : pserv_trf(r, "form.revise.conflict", "%s", f->nomor));
        return pserv_view_send(v, rv);
    }
    if (rv != OK)
        return pserv_error_page(r, rv);
    apr_table_setn(r->notes, PSERV_REVISE_REASON, reason ? reason : "");
    pserv_audit(r, "request.revise", NULL, "nomor", f->nomor, NULL);
    return pserv_rform_send(r, db, f, "edit", HTTP_OK);
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

/* GET /request/lookup?nopek=..&kind=..: only what the form shows (the
 * e-mail masked). */
int pserv_handle_request_lookup(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    pserv_db *db = pserv_db_get(r);
    pserv_rform *f;
    int rv;
    static const char *const fields[] = { "nopek",        "full_name",
                                          "position",     "email",
                                          "unit_code",    "unit_name",
                                          "atasan_nopek", "atasan_name" };
    const char *values[sizeof fields / sizeof fields[0]];
    pserv_json *j;
    apr_size_t i;

    (void)id;
    (void)s;
    if (!db || !(f = pserv_rform_start(r, db)))
        return pserv_lookup_refuse(r, HTTP_SERVICE_UNAVAILABLE,
                                   pserv_tr(r, "form.lookup.unavailable"));
    rv = pserv_lookup_input(r->pool, r->args, &f->kind, &f->nopek);
    if (rv == PSERV_LOOKUP_BAD_KIND)
        return pserv_lookup_refuse(r, HTTP_BAD_REQUEST,
                                   pserv_tr(r, "form.lookup.kind"));
    if (rv == PSERV_LOOKUP_BAD_NOPEK)
        return pserv_lookup_refuse(r, HTTP_OK,
                                   pserv_tr(r, "form.err.invalid.nopek"));
    rv = pserv_rform_lookup(r, db, f, 1);
    if (rv != OK)
        return pserv_lookup_refuse(r,
                                   rv == HTTP_TOO_MANY_REQUESTS ? rv : HTTP_OK,
                                   apr_table_get(f->errors, "nopek"));
    values[0] = f->nopek;
    values[1] = f->full_name;
    values[2] = f->position;
    values[3] = pserv_mask_email(r->pool, f->email);
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
