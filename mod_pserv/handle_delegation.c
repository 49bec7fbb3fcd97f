/*
 * handle_delegation.c: Delegasi Persetujuan (issue 17): an account that
 * approves hands its approvals to another account for some days, and
 * keeps the right to act itself.
 *
 *   GET  /delegations                    the user's delegations, given and
 *                                        received, and the form
 *   POST /delegations                    Simpan Delegasi
 *   POST /delegations/N/end              Akhiri Delegasi (the delegator or
 *                                        an Administrator); without
 *                                        confirm=1 a confirmation page
 *   GET  /admin/accounts/N/delegations   the same for account N, set by an
 *   POST /admin/accounts/N/delegations   Administrator (sick leave)
 *
 * The fields: Delegasikan kepada (an active account, by name or username,
 * found here without JavaScript), Mulai and Sampai (Jakarta dates, core's
 * pserv_delegation_dates_check), Alasan. The rules that need the database
 * (not oneself, an active delegate, no overlap, no chain) and the saving
 * are the service's (delegation.c). Each change and each refusal is one
 * audit line; a refusal stores nothing.
 */
#include "i18n.h"
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "delegation.h"
#include "handlers.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_DELEG_FORM_MAX    8192
#define PSERV_DELEG_TO_MAX      100
#define PSERV_DELEG_OPTIONS_MAX 300

/* What the form holds, and what is wrong with it. */
typedef struct {
    const char *to, *start, *end, *reason;
    apr_table_t *errors;         /* field -> message */
    apr_array_header_t *matches; /* pserv_deleg_account, when ambiguous */
    const char *flash, *flash_type;
} pserv_deleg_form;

/* The page for account a (the user's own, or, admin, one an
 * Administrator acts for). */
static int pserv_deleg_page(request_rec *r, const pserv_session *s,
                            pserv_db *db, const pserv_deleg_account *a,
                            int admin, const pserv_deleg_form *f, int status)
{
    pserv_view *v;
    xmlNodePtr form, n;
    const apr_array_header_t *e;
    int i;

    v = pserv_view_new(
        r, "delegation",
        admin ? pserv_trf(r, "delegation.title.admin", "%s", a->full_name)
              : pserv_tr(r, "delegation.title"));
    pserv_view_crumb(v, "/home", pserv_tr(r, "ticket.crumb.home"));
    if (admin) {
        pserv_view_crumb(v, "/admin/accounts",
                         pserv_tr(r, "delegation.crumb.accounts"));
        pserv_view_crumb(
            v,
            apr_psprintf(r->pool, "/admin/accounts/%" APR_INT64_T_FMT, a->id),
            pserv_trf(r, "delegation.crumb.account", "%s", a->username));
        pserv_view_attr(v->content, "mode", "admin");
        pserv_view_attr(v->content, "action",
                        apr_psprintf(r->pool,
                                     "/admin/accounts/%" APR_INT64_T_FMT
                                     "/delegations",
                                     a->id));
    }
    else {
        pserv_view_attr(v->content, "mode", "self");
        pserv_view_attr(v->content, "action", "/delegations");
    }
    pserv_view_attr(v->content, "account_id", pserv_i64s(r, a->id));
    pserv_view_attr(v->content, "full_name", a->full_name);
    pserv_view_attr(v->content, "username", a->username);
    pserv_view_attr(v->content, "approver", a->approver ? "1" : "0");
    pserv_view_attr(v->content, "active", a->active ? "1" : "0");
    pserv_view_attr(v->content, "today",
                    pserv_date_wib(r->pool, apr_time_sec(pserv_now(r))));
    pserv_view_attr(v->content, "max_days",
                    apr_itoa(r->pool, PSERV_DELEGATION_MAX_DAYS));
    if (f && f->flash)
        pserv_view_attr(pserv_view_add(v->page, "flash", f->flash), "type",
                        f->flash_type ? f->flash_type : "info");
    form = pserv_view_add(v->content, "form", NULL);
    if (f) {
        pserv_view_attr(form, "to", f->to);
        pserv_view_attr(form, "start", f->start);
        pserv_view_attr(form, "end", f->end);
        pserv_view_attr(form, "reason", f->reason);
        if (f->errors) {
            e = apr_table_elts(f->errors);
            for (i = 0; i < e->nelts; i++) {
                const apr_table_entry_t *t =
                    &APR_ARRAY_IDX(e, i, apr_table_entry_t);
                n = pserv_view_add(form, "error", t->val);
                pserv_view_attr(n, "field", t->key);
            }
        }
        for (i = 0; f->matches && i < f->matches->nelts; i++) {
            const pserv_deleg_account *m =
                &APR_ARRAY_IDX(f->matches, i, pserv_deleg_account);
            n = pserv_view_add(form, "match", NULL);
            pserv_view_attr(n, "username", m->username);
            pserv_view_attr(n, "full_name", m->full_name);
        }
    }
    if (a->approver
        && pserv_deleg_options(r, db, PSERV_DELEG_OPTIONS_MAX,
                               pserv_view_add(v->content, "accounts", NULL))
               != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (pserv_deleg_view(r, db, a->id, !admin,
                         pserv_view_add(v->content, "delegations", NULL))
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    (void)s;
    return pserv_view_send(v, status);
}

/* The account the page is for: the user's own, or account id for an
 * Administrator. NULL after answering (*rv). */
static pserv_deleg_account *pserv_deleg_target(request_rec *r,
                                               const pserv_session *s,
                                               pserv_db *db, apr_int64_t id,
                                               int *rv)
{
    pserv_deleg_account *a = apr_pcalloc(r->pool, sizeof *a);
    int got = pserv_deleg_account_get(db, id ? id : s->account_id, a);

    if (got < 0) {
        *rv = pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        return NULL;
    }
    if (got > 0) {
        *rv = pserv_error_page(r, HTTP_NOT_FOUND);
        return NULL;
    }
    return a;
}

static const char *const pserv_deleg_not_approver =
    PSERV_MSG_KEY("delegation.not-approver");

static const struct {
    const char *done, *type, *message;
} pserv_deleg_done[] = {
    { "created", "success", PSERV_MSG_KEY("delegation.done.created") },
    { "gone", "info", PSERV_MSG_KEY("delegation.gone") },
    { "ended", "success", PSERV_MSG_KEY("delegation.done.ended") },
};

static int pserv_deleg_show(request_rec *r, pserv_session *s, apr_int64_t id,
                            int admin)
{
    apr_table_t *args = NULL;
    pserv_deleg_account *a;
    pserv_deleg_form f;
    pserv_db *db;
    const char *done;
    apr_size_t i;
    int rv = OK;

    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(a = pserv_deleg_target(r, s, db, admin ? id : 0, &rv)))
        return rv;
    memset(&f, 0, sizeof f);
    ap_args_to_table(r, &args);
    done = apr_table_get(args, "done");
    for (i = 0;
         done && i < sizeof pserv_deleg_done / sizeof pserv_deleg_done[0]; i++)
        if (strcmp(done, pserv_deleg_done[i].done) == 0) {
            f.flash = pserv_tr(r, pserv_deleg_done[i].message);
            f.flash_type = pserv_deleg_done[i].type;
        }
    if (!a->approver) {
        f.flash =
            pserv_tr(r, admin ? PSERV_MSG_KEY("delegation.not-approver.admin")
                              : pserv_deleg_not_approver);
        f.flash_type = "info";
    }
    return pserv_deleg_page(r, s, db, a, admin, &f, HTTP_OK);
}

int pserv_handle_delegations(request_rec *r, pserv_session *s, apr_int64_t id)
{
    (void)id;
    return pserv_deleg_show(r, s, 0, 0);
}

int pserv_handle_admin_delegations(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    return pserv_deleg_show(r, s, id, 1);
}

/* "a, b, c" of an array of strings. */
static const char *pserv_deleg_join(request_rec *r,
                                    const apr_array_header_t *names)
{
    const char *out = "";
    int i;

    for (i = 0; i < names->nelts; i++)
        out = apr_pstrcat(r->pool, out, i ? ", " : "",
                          APR_ARRAY_IDX(names, i, const char *), NULL);
    return out;
}

/* Why the dates break a rule of core/delegation.c (PSERV_DELEG_...), in
 * r's language; NULL for PSERV_DELEG_OK. */
static const char *pserv_deleg_dates_message(request_rec *r, int code)
{
    switch (code) {
    case PSERV_DELEG_NO_START:
        return pserv_tr(r, "delegation.err.start");
    case PSERV_DELEG_NO_END:
        return pserv_tr(r, "delegation.err.end");
    case PSERV_DELEG_PAST:
        return pserv_tr(r, "delegation.err.past");
    case PSERV_DELEG_END_BEFORE:
        return pserv_tr(r, "delegation.err.end-before");
    case PSERV_DELEG_TOO_LONG:
        return pserv_trf(r, "delegation.err.too-long", "%d",
                         PSERV_DELEGATION_MAX_DAYS);
    case PSERV_DELEG_TOO_FAR:
        return pserv_tr(r, "delegation.err.too-far");
    default:
        return NULL;
    }
}

/* The form's fields, judged; 0 when nothing is wrong (f->errors empty). */
static int pserv_deleg_read(request_rec *r, pserv_db *db, apr_table_t *in,
                            pserv_deleg_form *f, pserv_deleg_account *to)
{
    const char *v;
    int rule, found;

    f->errors = apr_table_make(r->pool, 4);
    v = apr_table_get(in, "to");
    f->to = v && pserv_valid_text(v, PSERV_DELEG_TO_MAX, 0)
                ? pserv_trim(r->pool, v)
                : "";
    v = apr_table_get(in, "start");
    f->start = v && pserv_valid_text(v, 20, 0) ? pserv_trim(r->pool, v) : "";
    v = apr_table_get(in, "end");
    f->end = v && pserv_valid_text(v, 20, 0) ? pserv_trim(r->pool, v) : "";
    v = apr_table_get(in, "reason");
    f->reason = v ? pserv_trim(r->pool, v) : "";

    if (!*f->to)
        apr_table_setn(f->errors, "to", pserv_tr(r, "delegation.err.to"));
    else {
        found = pserv_deleg_resolve(r, db, f->to, to, &f->matches);
        if (found == PSERV_DELEG_ERROR)
            return -1;
        if (found == PSERV_DELEG_NONE)
            apr_table_setn(f->errors, "to",
                           pserv_trf(r, "delegation.err.to.none", "%s", f->to));
        else if (found == PSERV_DELEG_INACTIVE)
            apr_table_setn(f->errors, "to",
                           pserv_trf(r, "delegation.err.inactive", "%s %s",
                                     to->full_name, to->username));
        else if (found == PSERV_DELEG_MANY) {
            apr_array_header_t *names =
                apr_array_make(r->pool, 4, sizeof(const char *));
            int i;
            for (i = 0; i < f->matches->nelts; i++) {
                const pserv_deleg_account *m =
                    &APR_ARRAY_IDX(f->matches, i, pserv_deleg_account);
                APR_ARRAY_PUSH(names, const char *) =
                    apr_psprintf(r->pool, "%s (%s)", m->full_name, m->username);
            }
            apr_table_setn(f->errors, "to",
                           pserv_trf(r, "delegation.err.to.many", "%s %d %s %s",
                                     f->to, f->matches->nelts,
                                     f->matches->nelts > 10 ? pserv_tr(
                                         r, "delegation.err.to.many.more")
                                                            : "",
                                     pserv_deleg_join(r, names)));
        }
        else
            f->matches = NULL;
    }
    if (!*f->start || !*f->end || !pserv_valid_date(f->start)
        || !pserv_valid_date(f->end)) {
        if (!pserv_valid_date(f->start))
            apr_table_setn(f->errors, "start",
                           pserv_deleg_dates_message(r, PSERV_DELEG_NO_START));
        if (!pserv_valid_date(f->end))
            apr_table_setn(f->errors, "end",
                           pserv_deleg_dates_message(r, PSERV_DELEG_NO_END));
    }
    else if ((rule = pserv_delegation_dates_check(
                  f->start, f->end,
                  pserv_date_wib(r->pool, apr_time_sec(pserv_now(r)))))
             != PSERV_DELEG_OK)
        apr_table_setn(f->errors,
                       rule == PSERV_DELEG_PAST || rule == PSERV_DELEG_TOO_FAR
                           ? "start"
                           : "end",
                       pserv_deleg_dates_message(r, rule));
    if (!*f->reason)
        apr_table_setn(f->errors, "reason",
                       pserv_tr(r, "delegation.err.reason"));
    else if (!pserv_valid_text(f->reason, PSERV_DELEG_REASON_MAX, 1))
        apr_table_setn(f->errors, "reason",
                       pserv_tr(r, "delegation.err.reason.long"));
    return apr_is_empty_table(f->errors) ? 0 : 1;
}

/* The names of the fields in errors, "to,start". */
static const char *pserv_deleg_fields(request_rec *r, apr_table_t *errors)
{
    const apr_array_header_t *e = apr_table_elts(errors);
    const char *names = NULL;
    int i;

    for (i = 0; i < e->nelts; i++)
        names = apr_pstrcat(r->pool, names ? names : "", names ? "," : "",
                            APR_ARRAY_IDX(e, i, apr_table_entry_t).key, NULL);
    return names;
}

static int pserv_deleg_save(request_rec *r, pserv_session *s, apr_int64_t id,
                            int admin)
{
    apr_table_t *in;
    pserv_deleg_account *a, to;
    pserv_deleg_form f;
    pserv_deleg_new n;
    pserv_db *db;
    const char *message, *why;
    apr_int64_t did = 0;
    int rv;

    if ((rv = pserv_form_post(r, PSERV_DELEG_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(a = pserv_deleg_target(r, s, db, admin ? id : 0, &rv)))
        return rv;
    memset(&f, 0, sizeof f);
    memset(&to, 0, sizeof to);
    if (!a->approver || (admin && !a->active)) {
        pserv_audit(r, "delegation.refused", s->username, "delegator",
                    a->username, "reason",
                    a->approver ? "inactive-delegator" : "not-approver", NULL);
        f.flash = pserv_tr(
            r, !a->approver
                   ? (admin ? PSERV_MSG_KEY("delegation.refused.not-approver")
                            : pserv_deleg_not_approver)
                   : PSERV_MSG_KEY("delegation.refused.inactive"));
        f.flash_type = "error";
        return pserv_deleg_page(r, s, db, a, admin, &f, HTTP_FORBIDDEN);
    }
    if ((rv = pserv_deleg_read(r, db, in, &f, &to)) < 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    if (rv > 0) {
        pserv_audit(r, "delegation.refused", s->username, "delegator",
                    a->username, "reason", "invalid", "fields",
                    pserv_deleg_fields(r, f.errors), NULL);
        f.flash = pserv_tr(r, "delegation.refused.invalid");
        f.flash_type = "error";
        return pserv_deleg_page(r, s, db, a, admin, &f, HTTP_BAD_REQUEST);
    }
    n.delegator = a;
    n.delegate = &to;
    n.start = f.start;
    n.end = f.end;
    n.reason = f.reason;
    n.created_by = s->account_id;
    rv = pserv_deleg_create(r, db, &n, &did, &message, &why);
    if (rv == HTTP_CONFLICT) {
        pserv_audit(r, "delegation.refused", s->username, "delegator",
                    a->username, "delegate", to.username, "from", f.start, "to",
                    f.end, "reason", why, NULL);
        f.errors = apr_table_make(r->pool, 1);
        apr_table_setn(f.errors, strcmp(why, "overlap") == 0 ? "start" : "to",
                       message);
        f.flash = pserv_trf(r, "delegation.refused.conflict", "%s", message);
        f.flash_type = "error";
        return pserv_deleg_page(r, s, db, a, admin, &f, HTTP_CONFLICT);
    }
    if (rv != OK)
        return pserv_error_page(r, rv);
    pserv_audit(r, "delegation.create", s->username, "delegation",
                pserv_i64s(r, did), "delegator", a->username, "delegate",
                to.username, "from", f.start, "to", f.end, "on_behalf",
                admin && a->id != s->account_id ? "admin" : NULL, NULL);
    return pserv_redirect(
        r, admin ? apr_psprintf(
               r->pool, "/admin/accounts/%" APR_INT64_T_FMT "?done=delegation",
               a->id)
                 : "/delegations?done=created");
}

int pserv_handle_delegation_create(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    (void)id;
    return pserv_deleg_save(r, s, 0, 0);
}

int pserv_handle_admin_delegation_create(request_rec *r, pserv_session *s,
                                         apr_int64_t id)
{
    return pserv_deleg_save(r, s, id, 1);
}

/* Akhiri Delegasi: the confirmation page (no JavaScript), then the end. */
int pserv_handle_delegation_end(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    apr_table_t *in;
    pserv_deleg d;
    pserv_db *db;
    pserv_view *v;
    const char *message, *back;
    int rv, admin, got;

    if ((rv = pserv_form_post(r, PSERV_DELEG_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((got = pserv_deleg_get(r, db, id, &d)) != 0)
        return pserv_error_page(r, got < 0 ? HTTP_INTERNAL_SERVER_ERROR
                                           : HTTP_NOT_FOUND);
    admin = pserv_session_has_role(s, "admin");
    /* Another's delegation is "not found" but to an Administrator. */
    if (d.delegator_id != s->account_id && !admin)
        return pserv_error_page(r, HTTP_NOT_FOUND);
    back = apr_table_get(in, "back");
    back = admin && back && strcmp(back, "admin") == 0 ? apr_psprintf(
               r->pool, "/admin/accounts/%" APR_INT64_T_FMT, d.delegator_id)
                                                       : "/delegations";
    if (!apr_table_get(in, "confirm")) {
        v = pserv_view_new(r, "delegation",
                           pserv_tr(r, "ticket.confirm.title"));
        pserv_view_crumb(v, "/home", pserv_tr(r, "ticket.crumb.home"));
        pserv_view_crumb(v, back, pserv_tr(r, "delegation.title"));
        pserv_view_attr(v->content, "mode", "confirm");
        pserv_view_attr(v->content, "back", back);
        pserv_view_attr(v->content, "back_field",
                        strcmp(back, "/delegations") ? "admin" : "");
        pserv_view_attr(v->content, "id", pserv_i64s(r, d.id));
        pserv_view_attr(v->content, "delegator", d.delegator);
        pserv_view_attr(v->content, "delegate", d.delegate);
        pserv_view_attr(v->content, "delegate_username", d.delegate_username);
        pserv_view_attr(v->content, "start", d.start);
        pserv_view_attr(v->content, "end", d.end);
        pserv_view_attr(v->content, "reason", d.reason);
        pserv_view_attr(v->content, "status", d.status);
        return pserv_view_send(v, HTTP_OK);
    }
    rv = pserv_deleg_end(r, db, &d, s->account_id, &message);
    if (rv == HTTP_CONFLICT) {
        pserv_audit(r, "delegation.refused", s->username, "delegation",
                    pserv_i64s(r, d.id), "action", "end", "reason", "ended",
                    NULL);
        return pserv_redirect(r, apr_pstrcat(r->pool, back,
                                             strcmp(back, "/delegations")
                                                 ? "?done=delegation-gone"
                                                 : "?done=gone",
                                             NULL));
    }
    if (rv != OK)
        return pserv_error_page(r, rv);
    pserv_audit(r, "delegation.end", s->username, "delegation",
                pserv_i64s(r, d.id), "delegate", d.delegate_username, "from",
                d.start, "to", d.end, "was", d.status, NULL);
    return pserv_redirect(r, apr_pstrcat(r->pool, back,
                                         strcmp(back, "/delegations")
                                             ? "?done=delegation-ended"
                                             : "?done=ended",
                                         NULL));
}
