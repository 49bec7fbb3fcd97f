/*
 * handle_status.c: the requester's own status page, reached from the mail
 * the requester gets on submit. No login: the link is the key.
 *
 *   GET /status/TOKEN?perbaiki
 *                       a returned ticket: to Perbaiki Permohonan
 *                       (/request/revise/TOKEN, handle_request.c)
 *   POST /status/TOKEN  Batalkan Permohonan (issue 18): until the
 *                       Executor has acted, with an optional reason; the
 *                       confirmation page first without JavaScript
 *   GET /status/TOKEN   Status Permintaan: the Nomor, the status, Jenis
 *                       User ID, the platforms asked for, Progres
 *                       Persetujuan (each stage and when it was decided,
 *                       never by whom), Menunggu (the stage it waits at and
 *                       since when, never who may act) and the reason of a
 *                       reject
 *
 * TOKEN is 256 random bits made at submit; the ticket keeps only its
 * SHA-256 (requests.status_token) and the page is found by that hash
 * alone. A malformed and an unknown token get the same 404 page. The page
 * tells the browser to send no more than our origin as Referer, and a
 * Referer that still names a status link is cut before anything is logged
 * (audit.c); the audit line names the ticket, never the token.
 */
#include "db.h"
#include "audit.h"
#include "form.h"
#include "revise.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"

#define PSERV_STATUS_PREFIX "/status/"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* status token hash: what the requester's status page shows, in one
 * round trip. Rows of (part, order, c0 .. c5): part 0 the ticket (id,
 * nomor, status, created, kind, since when its stage waits), 1 its
 * platforms (name), 2 its decisions
 * (stage, decision, when, the reason of a reject or a return only, "1"
 * when before its last return for revision); none for an unknown token.
 * Never who decided. */
PSERV_SQL(status_get, 1,
          "WITH t AS MATERIALIZED (SELECT r.id, r.nomor, r.status,"
          "   extract(epoch FROM r.created_at)::bigint AS created, r.kind,"
          "   extract(epoch FROM r.updated_at)::bigint AS since, r.revision"
          "   FROM requests r WHERE r.status_token = decode(%s, 'hex'))"
          " SELECT 0 AS part, 0::bigint AS ord, t.id::text, t.nomor, t.status,"
          "   t.created::text, t.kind, t.since::text FROM t"
          " UNION ALL SELECT 1,"
          "   row_number() OVER (ORDER BY p.sort_order, p.name), p.name,"
          "   NULL, NULL, NULL, NULL, NULL"
          "   FROM t JOIN request_platforms rp ON rp.request_id = t.id"
          "   JOIN platforms p ON p.code = rp.platform_code"
          " UNION ALL SELECT 2,"
          "   row_number() OVER (ORDER BY ap.decided_at, ap.id), ap.stage,"
          "   ap.decision, extract(epoch FROM ap.decided_at)::bigint::text,"
          "   CASE WHEN ap.decision IN ('reject', 'return') THEN ap.reason END,"
          "   (ap.round < t.revision)::int::text, NULL"
          "   FROM t JOIN approvals ap ON ap.request_id = t.id"
          " ORDER BY 1, 2");

const pserv_stmt *const pserv_sql_table_handle_status[] = {
    &pserv_sql_status_get,
    NULL,
};

/* The columns of status_get after part and order. */
#define PSERV_STATUS_COLS 6

static int pserv_status_invalid(request_rec *r)
{
    pserv_view *v =
        pserv_view_new(r, "error", pserv_tr(r, "status.invalid.title"));

    pserv_audit(r, "not-visible", NULL, "status-link", "unknown", NULL);
    pserv_view_attr(v->content, "status", "404");
    pserv_view_attr(v->content, "message", pserv_tr(r, "status.invalid"));
    return pserv_view_send(v, HTTP_NOT_FOUND);
}

int pserv_handle_status(request_rec *r, pserv_session *s, apr_int64_t id)
{
    const char *token = r->uri + sizeof PSERV_STATUS_PREFIX - 1;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_array_header_t *steps;
    pserv_db *db;
    pserv_view *v;
    xmlNodePtr list, rej;
    const char *ret_stage = NULL, *ret_reason = NULL;
    apr_int64_t ret_at = 0;
    const char *c[PSERV_STATUS_COLS], *tid, *nomor, *status;
    apr_int64_t created, since;
    int i, k, n, lang;

    (void)id;
    (void)s;
    /* Whatever this page asks for next (its CSS, the way to the login
     * page) names only our origin, never this URL with its token. */
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    if (!pserv_token_valid(token))
        return pserv_status_invalid(r);
    if (!(db = pserv_db_get(r))
        || pserv_db_select(db, status_get, &res,
                           pserv_token_hash(r->pool, token))
               != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    /* Rows by number up to the count only: apr_dbd_pgsql frees the result
     * when asked for one past the end. */
    n = apr_dbd_num_tuples(db->dbd->driver, res);
    if (n < 1 || !(row = pserv_db_row(db, res, 1))
        || strcmp(pserv_db_col(db, row, 0), "0") != 0)
        return pserv_status_invalid(r);
    tid = pserv_db_col(db, row, 2);
    nomor = pserv_db_col(db, row, 3);
    status = pserv_db_col(db, row, 4);
    created = apr_atoi64(pserv_db_col(db, row, 5));
    since = apr_atoi64(pserv_db_col(db, row, 7));

    /* Perbaiki Permohonan (status.xsl links ?perbaiki: the page never
     * holds its own token): the form's page, for a returned ticket */
    if (r->args && strcmp(r->args, "perbaiki") == 0
        && strcmp(status, "returned") == 0)
        return pserv_redirect(
            r, apr_pstrcat(r->pool, "/request/revise/", token, NULL));
    lang = pserv_lang(r);
    v = pserv_view_new(r, "status", pserv_tr(r, "status.title"));
    pserv_view_crumb(v, "/login", pserv_tr(r, "status.crumb.login"));
    pserv_view_attr(v->content, "nomor", nomor);
    pserv_view_attr(v->content, "status", status);
    pserv_view_attr(v->content, "status_label", pserv_status_label(status));
    pserv_view_attr(v->content, "created",
                    pserv_format_wib_in(r->pool, created, lang, 0));
    pserv_view_attr(v->content, "created_iso",
                    pserv_format_iso(r->pool, created));
    pserv_view_attr(pserv_view_add(v->content, "detail", NULL), "kind_label",
                    pserv_kind_label(pserv_db_col(db, row, 6)));

    list = pserv_view_add(v->content, "platforms", NULL);
    steps = apr_array_make(r->pool, 4, sizeof(pserv_step));
    for (i = 2; i <= n && (row = pserv_db_row(db, res, i)); i++) {
        const char *part = pserv_db_col(db, row, 0);
        for (k = 0; k < PSERV_STATUS_COLS; k++)
            c[k] = pserv_db_col(db, row, k + 2);
        if (strcmp(part, "1") == 0)
            pserv_view_attr(pserv_view_add(list, "platform", NULL), "name",
                            c[0]);
        else if (strcmp(part, "2") == 0 && strcmp(c[1], "return") == 0) {
            /* the last return: why, on a returned ticket */
            ret_stage = c[0];
            ret_at = apr_atoi64(c[2]);
            ret_reason = c[3];
        }
        else if (strcmp(part, "2") == 0 && c[4] && strcmp(c[4], "1") == 0)
            continue; /* before the last revision: no longer counts */
        else if (strcmp(part, "2") == 0) {
            pserv_step *s = apr_array_push(steps);
            s->stage = c[0];
            s->decision = c[1];
            s->actor = NULL; /* who decided is not the requester's */
            s->at = apr_atoi64(c[2]);
            if (strcmp(c[1], "reject") == 0) {
                rej = pserv_view_add(v->content, "rejection", NULL);
                pserv_view_attr(rej, "stage_label", pserv_stage_label(c[0]));
                pserv_view_attr(rej, "at",
                                pserv_format_wib_in(r->pool, s->at, lang, 0));
                pserv_view_attr(rej, "reason", c[3] ? c[3] : "");
            }
        }
    }
    if (ret_stage && strcmp(status, "returned") == 0) {
        rej = pserv_view_add(v->content, "returned", NULL);
        pserv_view_attr(rej, "stage_label", pserv_stage_label(ret_stage));
        pserv_view_attr(rej, "at",
                        pserv_format_wib_in(r->pool, ret_at, lang, 0));
        pserv_view_attr(rej, "reason", ret_reason ? ret_reason : "");
    }
    if (pserv_status_open(status))
        pserv_view_add(v->content, "cancel", NULL);
    if (r->args && strcmp(r->args, "done=cancel") == 0)
        pserv_view_add(v->content, "cancelled", NULL);
    pserv_view_progress(v, status, (const pserv_step *)steps->elts,
                        steps->nelts);
    /* Menunggu: the stage and since when, never who may act. */
    if (pserv_stage_index(status) >= 0 && strcmp(status, "completed") != 0) {
        xmlNodePtr w = pserv_view_add(v->content, "waiting", NULL);
        pserv_view_attr(w, "stage_label", pserv_stage_label(status));
        pserv_view_attr(w, "since",
                        pserv_format_wib_in(r->pool, since, lang, 0));
        pserv_view_attr(w, "since_iso", pserv_format_iso(r->pool, since));
    }
    pserv_audit(r, "status.view", NULL, "ticket", tid, "nomor", nomor, NULL);
    return pserv_view_send(v, HTTP_OK);
}

/* ---- Batalkan Permohonan ------------------------------------------------- */

static int pserv_cancel_refused(request_rec *r, int status, const char *msg)
{
    pserv_view *v =
        pserv_view_new(r, "error", pserv_tr(r, "status.cancel.refused.title"));

    pserv_view_attr(v->content, "status", apr_itoa(r->pool, status));
    pserv_view_attr(v->content, "message", msg);
    return pserv_view_send(v, status);
}

int pserv_handle_status_cancel(request_rec *r, pserv_session *s, apr_int64_t id)
{
    const char *token = r->uri + sizeof PSERV_STATUS_PREFIX - 1;
    const char *reason, *seen;
    pserv_withdrawn t;
    apr_table_t *in;
    pserv_db *db;
    pserv_view *v;
    int rv;

    (void)id;
    (void)s;
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    if ((rv = pserv_form_post(r, 16384, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!pserv_token_valid(token))
        return pserv_status_invalid(r);
    reason = pserv_trim(r->pool, apr_table_get(in, "reason")
                                     ? apr_table_get(in, "reason")
                                     : "");
    seen = apr_table_get(in, "status");
    if (!pserv_valid_text(reason, 2000, 1))
        return pserv_cancel_refused(r, HTTP_BAD_REQUEST,
                                    pserv_tr(r, "status.cancel.bad_reason"));
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!apr_table_get(in, "confirm")) {
        /* without JavaScript: the question on a page of its own */
        v = pserv_view_new(r, "status_cancel",
                           pserv_tr(r, "status.cancel.confirm.title"));
        pserv_view_crumb(v, "/login", pserv_tr(r, "status.crumb.login"));
        pserv_view_attr(v->content, "status", seen ? seen : "");
        pserv_view_attr(v->content, "reason", reason);
        return pserv_view_send(v, HTTP_OK);
    }
    rv = pserv_withdraw(r, db, pserv_token_hash(r->pool, token), seen, reason,
                        &t);
    switch (rv) {
    case PSERV_WITHDRAW_OK:
        pserv_audit(r, "request.cancel", NULL, "ticket", t.id, "nomor", t.nomor,
                    "status", t.status, NULL);
        return pserv_redirect(r, apr_pstrcat(r->pool, PSERV_STATUS_PREFIX,
                                             token, "?done=cancel", NULL));
    case PSERV_WITHDRAW_UNKNOWN:
        return pserv_status_invalid(r);
    case PSERV_WITHDRAW_ENDED:
        pserv_audit_deny(r, "ended", "nomor", t.nomor, "status", t.status,
                         NULL);
        return pserv_cancel_refused(r, HTTP_CONFLICT,
                                    pserv_trf(r, "status.cancel.ended", "%s%s",
                                              t.nomor,
                                              pserv_status_label(t.status)));
    case PSERV_WITHDRAW_MOVED:
        return pserv_cancel_refused(r, HTTP_CONFLICT,
                                    pserv_trf(r, "status.cancel.moved", "%s%s",
                                              t.nomor,
                                              pserv_status_label(t.status)));
    default:
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    }
}
