/*
 * handle_mfa.c: the second factor's pages (issue 19, part 3; mfa.c does
 * the work).
 *
 *   GET  /login/mfa     after the password, for a browser in the pending
 *                       state only: Kode Verifikasi, or, for an account
 *                       PservRequireMFA names that has none yet,
 *                       Aktifkan Verifikasi Dua Langkah (QR code, the
 *                       secret in text, one code to confirm)
 *   POST /login/mfa     the code (or a recovery code); right: the session
 *                       opens (signin.c), after an enrolment the ten
 *                       recovery codes are shown, once
 *   GET  /settings/mfa  the user menu's Aktifkan Verifikasi Dua Langkah for
 *                       a logged-in account (or its state when enrolled)
 *   POST /settings/mfa  its confirmation
 *   POST /admin/accounts/N/mfa-reset
 *                       the Administrator forgets the account's second
 *                       factor and ends its sessions (it enrols again)
 *
 * Without a pending state (none, expired after 5 minutes, another
 * browser) /login/mfa says to log in again. Every POST carries its CSRF
 * token; every outcome is an audit line (mfa.c, signin.c, here).
 */
#include "form.h"
#include "audit.h"
#include "account.h"
#include "view.h"
#include "respond.h"
#include "signin.h"
#include "mfa.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"

#define PSERV_MFA_FORM_MAX 1024

/* the pages' titles: keys of i18n/msg-CODE.xml */
#define PSERV_MFA_T_CODE   PSERV_MSG_KEY("mfa.title.code")
#define PSERV_MFA_T_ENROL  PSERV_MSG_KEY("mfa.title.enrol")
#define PSERV_MFA_T_STATUS PSERV_MSG_KEY("mfa.title.status")

static const char *pserv_mfa_message(request_rec *r, int rv)
{
    switch (rv) {
    case PSERV_MFA_WRONG:
        return pserv_tr(r, "mfa.wrong");
    case PSERV_MFA_REPLAY:
        return pserv_tr(r, "mfa.replay");
    case PSERV_MFA_LOCKED:
        return pserv_tr(r, "mfa.locked");
    default:
        return pserv_tr(r, "mfa.malformed");
    }
}

/* The page for mode (code, enrol, recovery, status, expired,
 * unavailable), title the key of its title; action: where its form
 * posts. */
static pserv_view *pserv_mfa_view(request_rec *r, const char *mode,
                                  const char *title, const char *action)
{
    pserv_view *v = pserv_view_new(r, "mfa", pserv_tr(r, title));

    pserv_view_attr(v->content, "mode", mode);
    pserv_view_attr(v->content, "action", action);
    return v;
}

static void pserv_mfa_error(pserv_view *v, const char *message)
{
    if (message)
        pserv_view_attr(pserv_view_add(v->page, "flash", message), "type",
                        "error");
}

/* Aktifkan Verifikasi Dua Langkah: the QR code and the secret. */
static int pserv_mfa_enrol_page(request_rec *r, pserv_db *db,
                                apr_int64_t account, const char *username,
                                const char *action, const char *error,
                                int status)
{
    const char *b32, *uri, *path;
    int size, rv;
    pserv_view *v;
    xmlNodePtr q;

    if ((rv = pserv_mfa_enrol_secret(r, db, account, username, &b32, &uri,
                                     &path, &size))
        != 0)
        return pserv_error_page(r, rv);
    v = pserv_mfa_view(r, "enrol", PSERV_MFA_T_ENROL, action);
    if (strcmp(action, "/settings/mfa") == 0)
        pserv_view_crumb(v, "/home", pserv_tr(r, "home.title"));
    pserv_mfa_error(v, error);
    pserv_view_attr(v->content, "username", username);
    pserv_view_attr(v->content, "secret", b32);
    pserv_view_attr(v->content, "uri", uri);
    q = pserv_view_add(v->content, "qr", NULL);
    pserv_view_attr(q, "size", apr_itoa(r->pool, size));
    pserv_view_attr(q, "path", path);
    return pserv_view_send(v, status);
}

static int pserv_mfa_code_page(request_rec *r, const pserv_mfa_pending *p,
                               const char *error, int status)
{
    pserv_view *v = pserv_mfa_view(r, "code", PSERV_MFA_T_CODE, "/login/mfa");

    pserv_mfa_error(v, error);
    pserv_view_attr(v->content, "username", p->username);
    return pserv_view_send(v, status);
}

/* The ten recovery codes, once; then on to next. */
static int pserv_mfa_recovery_page(request_rec *r, apr_array_header_t *codes,
                                   const char *next)
{
    pserv_view *v = pserv_mfa_view(r, "recovery",
                                   PSERV_MSG_KEY("mfa.title.recovery"), NULL);
    int i;

    pserv_view_attr(v->content, "next", next);
    for (i = 0; i < codes->nelts; i++)
        pserv_view_add(v->content, "code", APR_ARRAY_IDX(codes, i, char *));
    /* shown once: no copy in any cache */
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    return pserv_view_send(v, HTTP_OK);
}

static int pserv_mfa_expired(request_rec *r)
{
    return pserv_view_send(pserv_mfa_view(r, "expired", PSERV_MFA_T_CODE, NULL),
                           HTTP_OK);
}

int pserv_handle_mfa_page(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_mfa_pending *p;
    pserv_db *db;
    int failed;

    (void)s;
    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(p = pserv_mfa_pending_load(r, db, &failed)))
        return failed ? pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE)
                      : pserv_mfa_expired(r);
    if (!p->enrolled)
        return pserv_mfa_enrol_page(r, db, p->account, p->username,
                                    "/login/mfa", NULL, HTTP_OK);
    return pserv_mfa_code_page(r, p, NULL, HTTP_OK);
}

int pserv_handle_mfa(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *f;
    pserv_mfa_pending *p;
    pserv_db *db;
    apr_array_header_t *codes = NULL;
    const char *how = "totp", *to, *typed;
    int failed, rv, left = 0;

    (void)s;
    (void)id;
    if ((rv = pserv_form_post(r, PSERV_MFA_FORM_MAX, &f)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(p = pserv_mfa_pending_load(r, db, &failed))) {
        if (failed)
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        pserv_audit(r, "mfa.fail", "", "reason", "expired", NULL);
        return pserv_mfa_expired(r);
    }
    typed = apr_table_get(f, "code");
    rv = p->enrolled ? pserv_mfa_check(r, db, p->account, p->username, typed,
                                       &how, &left)
                     : pserv_mfa_enrol_confirm(r, db, p->account, p->username,
                                               typed, &codes);
    if (rv == PSERV_MFA_ERROR)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (rv != PSERV_MFA_OK)
        return p->enrolled
                   ? pserv_mfa_code_page(r, p, pserv_mfa_message(r, rv),
                                         HTTP_OK)
                   : pserv_mfa_enrol_page(r, db, p->account, p->username,
                                          "/login/mfa",
                                          pserv_mfa_message(r, rv), HTTP_OK);
    pserv_mfa_pending_end(r, db);
    if ((rv = pserv_signin_open(r, db, p->account, p->username, p->via, how,
                                p->next, &to))
        != 0)
        return pserv_error_page(r, rv);
    if (codes)
        return pserv_mfa_recovery_page(r, codes, to);
    return pserv_redirect(r, to);
}

/* ---- the user menu's Aktifkan Verifikasi Dua Langkah ---- */

int pserv_handle_mfa_settings(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_db *db;
    pserv_view *v;
    const char *since;
    int enabled, left, rv;

    (void)id;
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = pserv_mfa_status(r, db, s->account_id, &enabled, &since, &left))
        != 0)
        return pserv_error_page(r, rv);
    if (!enabled && pserv_mfa_enabled(r))
        return pserv_mfa_enrol_page(r, db, s->account_id, s->username,
                                    "/settings/mfa", NULL, HTTP_OK);
    v = pserv_mfa_view(r, enabled ? "status" : "unavailable",
                       enabled ? PSERV_MFA_T_STATUS : PSERV_MFA_T_ENROL, NULL);
    pserv_view_crumb(v, "/home", pserv_tr(r, "home.title"));
    if (enabled) {
        pserv_view_attr(
            v->content, "since",
            pserv_format_wib_in(r->pool, apr_atoi64(since), pserv_lang(r), 0));
        pserv_view_attr(v->content, "left", apr_itoa(r->pool, left));
    }
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_mfa_settings_save(request_rec *r, pserv_session *s,
                                   apr_int64_t id)
{
    apr_table_t *f;
    pserv_db *db;
    apr_array_header_t *codes = NULL;
    const char *since;
    int rv, enabled, left;

    (void)id;
    if ((rv = pserv_form_post(r, PSERV_MFA_FORM_MAX, &f)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = pserv_mfa_status(r, db, s->account_id, &enabled, &since, &left))
        != 0)
        return pserv_error_page(r, rv);
    if (enabled || !pserv_mfa_enabled(r))
        return pserv_redirect(r, "/settings/mfa");
    rv = pserv_mfa_enrol_confirm(r, db, s->account_id, s->username,
                                 apr_table_get(f, "code"), &codes);
    if (rv == PSERV_MFA_ERROR)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (rv != PSERV_MFA_OK)
        return pserv_mfa_enrol_page(r, db, s->account_id, s->username,
                                    "/settings/mfa", pserv_mfa_message(r, rv),
                                    HTTP_OK);
    return pserv_mfa_recovery_page(r, codes, "/home");
}

/* ---- the Administrator's reset ---- */

int pserv_handle_admin_mfa_reset(request_rec *r, pserv_session *s,
                                 apr_int64_t id)
{
    apr_table_t *f;
    pserv_db *db;
    const char *aid = pserv_i64s(r, id), *user = NULL;
    int rv, had = 0, ended = 0;

    if ((rv = pserv_form_post(r, PSERV_MFA_FORM_MAX, &f)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_mfa_reset(r, db, id, &had, &user) != 0 || !user
        || pserv_account_sessions_end(db, aid, &ended) != 0) {
        pserv_db_rollback(db);
        return pserv_error_page(r, user ? HTTP_SERVICE_UNAVAILABLE
                                        : HTTP_NOT_FOUND);
    }
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    pserv_audit(r, "mfa.reset", s->username, "account", user, "was_enrolled",
                had ? "1" : "0", "sessions_ended", apr_itoa(r->pool, ended),
                NULL);
    return pserv_redirect(r, apr_pstrcat(r->pool, "/admin/accounts/", aid,
                                         "?done=mfa-reset", NULL));
}
