/*
 * handle_notify.c: Pengaturan Notifikasi (issue 18 section 5): how the
 * logged-in account hears of the tickets that wait for it.
 *
 *   GET  /settings/notifications   the choice: Setiap tiket, Satu e-mail
 *                                  sehari pukul 08:00 WIB, or Keduanya
 *   POST /settings/notifications   Simpan Pengaturan (CSRF; a value that is
 *                                  none of the three is refused, nothing
 *                                  stored)
 *   POST /_test/digest             under PservTestHooks only (404
 *                                  otherwise): one look for digests at the
 *                                  request's clock, as the mail worker's,
 *                                  so that tests can stand at 08:00 WIB
 *   POST /_test/mail-look          under PservTestHooks only (404
 *                                  otherwise): one look of the mail
 *                                  worker now (mail_worker.c), so that
 *                                  tests need not wait for its next one
 *   POST /_test/retention          under PservTestHooks only (404
 *                                  otherwise): one look of the retention
 *                                  rules (retain.c) at the request's
 *                                  clock, with this server's settings;
 *                                  answers the counts, one "rule n" a line
 *
 * The choice and the digest are the service's (digest.c). Each change and
 * each refusal is one audit line.
 */
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "digest.h"
#include "mail.h"
#include "retain.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_NOTIFY_FORM_MAX 1024

static const char *const pserv_notify_order[] = {
    PSERV_NOTIFY_TICKET,
    PSERV_NOTIFY_DIGEST,
    PSERV_NOTIFY_BOTH,
};

/* A mode's label in r's language (digest.c's pserv_notify_label is the
 * Indonesian one). */
static const char *pserv_notify_text(request_rec *r, const char *mode)
{
    if (mode && strcmp(mode, PSERV_NOTIFY_TICKET) == 0)
        return pserv_tr(r, "notify.mode.ticket");
    if (mode && strcmp(mode, PSERV_NOTIFY_DIGEST) == 0)
        return pserv_tr(r, "notify.mode.digest");
    if (mode && strcmp(mode, PSERV_NOTIFY_BOTH) == 0)
        return pserv_tr(r, "notify.mode.both");
    return pserv_notify_label(mode);
}

static int pserv_notify_page(request_rec *r, const pserv_session *s,
                             const char *mode, const char *flash,
                             const char *flash_type, int status)
{
    pserv_view *v = pserv_view_new(r, "notify", pserv_tr(r, "notify.title"));
    xmlNodePtr n;
    apr_size_t i;

    pserv_view_crumb(v, "/home", pserv_tr(r, "home.title"));
    pserv_view_attr(v->content, "mode", mode);
    pserv_view_attr(v->content, "email", s->email ? s->email : "");
    for (i = 0; i < sizeof pserv_notify_order / sizeof *pserv_notify_order;
         i++) {
        n = pserv_view_add(v->content, "option", NULL);
        pserv_view_attr(n, "value", pserv_notify_order[i]);
        pserv_view_attr(n, "label",
                        pserv_notify_text(r, pserv_notify_order[i]));
    }
    if (flash)
        pserv_view_attr(pserv_view_add(v->page, "flash", flash), "type",
                        flash_type);
    return pserv_view_send(v, status);
}

int pserv_handle_notify(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *args = NULL;
    const char *mode = NULL, *done, *flash = NULL;
    pserv_db *db;
    int got;

    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((got = pserv_notify_get(db, s->account_id, &mode)) != 0)
        return pserv_error_page(r, got < 0 ? HTTP_INTERNAL_SERVER_ERROR
                                           : HTTP_NOT_FOUND);
    ap_args_to_table(r, &args);
    done = apr_table_get(args, "done");
    if (done && strcmp(done, "saved") == 0)
        flash = pserv_trf(r, "notify.saved", "%s", pserv_notify_text(r, mode));
    return pserv_notify_page(r, s, mode, flash, "success", HTTP_OK);
}

int pserv_handle_notify_save(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *in;
    const char *mode, *was = NULL;
    pserv_db *db;
    int rv;

    (void)id;
    if ((rv = pserv_form_post(r, PSERV_NOTIFY_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    mode = apr_table_get(in, "notify");
    if (!pserv_notify_valid(mode)) {
        pserv_audit(r, "notify.refused", s->username, "reason", "invalid",
                    NULL);
        if ((rv = pserv_notify_get(db, s->account_id, &was)) != 0)
            return pserv_error_page(r, rv < 0 ? HTTP_INTERNAL_SERVER_ERROR
                                              : HTTP_NOT_FOUND);
        return pserv_notify_page(r, s, was, pserv_tr(r, "notify.invalid"),
                                 "error", HTTP_BAD_REQUEST);
    }
    if ((rv = pserv_notify_set(db, s->account_id, mode, &was)) != 0)
        return pserv_error_page(r, rv < 0 ? HTTP_INTERNAL_SERVER_ERROR
                                          : HTTP_NOT_FOUND);
    pserv_audit(r, "notify.set", s->username, "from", was, "to", mode, NULL);
    return pserv_redirect(r, "/settings/notifications?done=saved");
}

int pserv_handle_test_digest(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_db *db;
    int n;

    (void)s;
    (void)id;
    if (!pserv_conf_test_hooks(pserv_conf(r)))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    n = pserv_digest_sweep(db->dbd, r->pool, r->server, pserv_now_sql(r),
                           pserv_conf(r)->base_url);
    if (n < 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    ap_set_content_type(r, "text/plain; charset=utf-8");
    ap_rprintf(r, "%d\n", n);
    return OK;
}

int pserv_handle_test_mail_look(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    (void)s;
    (void)id;
    if (!pserv_conf_test_hooks(pserv_conf(r)))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    if (pserv_mail_look_now(r) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    ap_set_content_type(r, "text/plain; charset=utf-8");
    ap_rputs("looked\n", r);
    return OK;
}

int pserv_handle_test_retention(request_rec *r, pserv_session *s,
                                apr_int64_t id)
{
    pserv_srv_conf c;
    pserv_retain_counts n;
    pserv_db *db;

    (void)s;
    (void)id;
    if (!pserv_conf_test_hooks(pserv_conf(r)))
        return pserv_error_page(r, HTTP_NOT_FOUND);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_srv_conf_get(r->server, &c);
    if (pserv_retain_look(db->dbd, r->pool, r->server, &c, pserv_now_sql(r), &n)
        != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_audit(r, "retention.look", "-", "attachments",
                apr_itoa(r->pool, n.attach_files), "anonymised",
                apr_itoa(r->pool, n.anonymised), "drafts",
                apr_itoa(r->pool, n.drafts), "mail",
                apr_itoa(r->pool, n.mail_sent + n.mail_failed), NULL);
    ap_set_content_type(r, "text/plain; charset=utf-8");
    ap_rprintf(r,
               "attach_tickets %d\nattach_files %d\nanonymised %d\n"
               "drafts %d\ndraft_files %d\nmail_sent %d\nmail_failed %d\n"
               "sessions %d\ntokens %d\nlinks %d\nmfa %d\n",
               n.attach_tickets, n.attach_files, n.anonymised, n.drafts,
               n.draft_files, n.mail_sent, n.mail_failed, n.sessions, n.tokens,
               n.links, n.mfa);
    return OK;
}
