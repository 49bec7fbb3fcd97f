/*
 * handle_maildecide.c: a decision from the e-mail, without logging in
 * (issue 18, section 3). The stage mails and the reminders carry Setujui,
 * Tolak and Kembalikan untuk Revisi (maildecide.c makes them):
 *
 *   GET  /mail/decide?t=TOKEN&a=approve|reject|return
 *        the confirmation page: the ticket's essentials, the reason
 *        (required), the button; a GET never decides (mail scanners and
 *        link previews open links)
 *   POST /mail/decide   t, a, status (the stage shown), reason, csrf:
 *        decides through decide.c's pserv_decide_check and
 *        pserv_decide_apply (channel "e-mail"), as the link's own account
 *        (session.c's pserv_session_of_account), exactly as the ticket page
 *
 * The token is the key: it names one account, one ticket, one stage. It is
 * refused once used, once the ticket left that stage (any decision there
 * revokes every link to it), after PservTokenLifetime, and for an account
 * that may no longer act; such a link gets a page saying what happened to
 * the ticket, with the way to the login. Unknown tokens are counted per
 * client address (ratelimit.c); past the limit every link is refused for
 * the hour, so guessing learns nothing. The token travels in the query
 * string, which the access log never records (conf/pserv.conf's LogFormat
 * logs the path), and the page sends no more than our origin as Referer.
 */
#include "form.h"
#include "audit.h"
#include "view.h"
#include "respond.h"
#include "decide.h"
#include "maildecide.h"
#include "ratelimit.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_WRONG_LINKS_MAX    20   /* unknown tokens per address ... */
#define PSERV_WRONG_LINKS_WINDOW 3600 /* ... an hour */
#define PSERV_WRONG_LINKS_BUCKET "mail-decide"

/* What the page knows of one visit. */
typedef struct {
    const char *token, *action;
    pserv_maildecide_link link;
    pserv_session *as; /* the link's account */
    pserv_ticket *t;
    const char *reason, *reason_error, *notice;
} pserv_md;

static const char *pserv_md_login(request_rec *r, const pserv_md *m)
{
    return apr_psprintf(r->pool, "/login?next=/requests/%" APR_INT64_T_FMT,
                        m->link.request_id);
}

/* A page that only says something, with the way to the login (and to the
 * ticket after it, when the link named one); title: the key of its
 * title. */
static int pserv_md_message(request_rec *r, const pserv_md *m,
                            const char *title, const char *type,
                            const char *message, int status)
{
    pserv_view *v = pserv_view_new(r, "mail_decide", pserv_tr(r, title));

    pserv_view_attr(v->content, "state", type);
    pserv_view_attr(v->content, "message", message);
    if (m && m->link.request_id) {
        pserv_view_attr(v->content, "nomor", m->link.nomor);
        pserv_view_attr(v->content, "login", pserv_md_login(r, m));
    }
    else
        pserv_view_attr(v->content, "login", "/login");
    return pserv_view_send(v, status);
}

/* An unknown or malformed token: counted against the address. */
static int pserv_md_unknown(request_rec *r)
{
    pserv_audit(r, "not-visible", NULL, "decide-link", "unknown", NULL);
    pserv_rate_limited(r, PSERV_WRONG_LINKS_BUCKET, PSERV_WRONG_LINKS_MAX,
                       PSERV_WRONG_LINKS_WINDOW);
    return pserv_md_message(r, NULL, PSERV_MSG_KEY("maildecide.invalid.title"),
                            "error", pserv_tr(r, "maildecide.invalid"),
                            HTTP_NOT_FOUND);
}

/* A link that no longer decides: what happened to its ticket. */
static int pserv_md_stale(request_rec *r, const pserv_md *m)
{
    pserv_audit(r, "decide-link", NULL, "nomor", m->link.nomor, "stage",
                m->link.stage, "state",
                m->link.used      ? "used"
                : m->link.revoked ? "revoked"
                : m->link.expired ? "expired"
                                  : "moved",
                NULL);
    return pserv_md_message(
        r, m, PSERV_MSG_KEY("maildecide.stale.title"), "stale",
        pserv_maildecide_story(r->pool, pserv_lang(r), &m->link), HTTP_GONE);
}

/* The link's account may not decide now (a delegation ended, separation
 * of duties, the account was deactivated). */
static int pserv_md_refused(request_rec *r, const pserv_md *m, int why)
{
    return pserv_md_message(
        r, m, PSERV_MSG_KEY("maildecide.refused.title"), "refused",
        why == PSERV_ACT_OWN_REQUEST
            ? pserv_trf(r, "maildecide.refused.own", "%s", m->link.nomor)
        : why == PSERV_ACT_TWICE
            ? pserv_trf(r, "maildecide.refused.twice", "%s", m->link.nomor)
            : pserv_trf(r, "maildecide.refused.gone", "%s %s", m->link.nomor,
                        pserv_stage_label(m->link.stage)),
        HTTP_FORBIDDEN);
}

/* Refused, unless the ticket moved on meanwhile (decided on the page or
 * through another link a moment ago): then what happened to it. */
static int pserv_md_refused_or_moved(request_rec *r, pserv_db *db, pserv_md *m,
                                     int why)
{
    if (pserv_maildecide_find(r, db, m->token, &m->link) == 1
        && !pserv_maildecide_live(&m->link))
        return pserv_md_stale(r, m);
    return pserv_md_refused(r, m, why);
}

/* Whom the link's account decides as: the stage, for a delegate "on
 * behalf of" the holder, for an assignee the reassignment (actors.c's
 * pserv_candidate_as, in r's language). */
static const char *pserv_md_as(request_rec *r, const pserv_candidate *as,
                               const char *stage)
{
    if (as && strcmp(as->via, "delegate") == 0)
        return pserv_trf(r, "maildecide.as.delegate", "%s %s", stage,
                         as->for_name);
    if (as && strcmp(as->via, "assigned") == 0)
        return pserv_trf(r, "maildecide.as.assigned", "%s", stage);
    return stage;
}

/* The confirmation page: the ticket's essentials, the reason, the
 * button. */
static int pserv_md_form(request_rec *r, const pserv_md *m, int status)
{
    const pserv_ticket *t = m->t;
    const pserv_candidate *as = NULL;
    const char *stage = pserv_stage_label(t->status);
    int approve = strcmp(m->action, "approve") == 0;
    int reject = strcmp(m->action, "reject") == 0;
    pserv_view *v =
        pserv_view_new(r, "mail_decide",
                       pserv_tr(r, approve  ? "maildecide.title.approve"
                                   : reject ? "maildecide.title.reject"
                                            : "maildecide.title.return"));
    xmlNodePtr d, list;
    int i;

    pserv_ticket_may_act(m->as, t, &as);
    pserv_view_attr(v->content, "state", "form");
    pserv_view_attr(v->content, "token", m->token);
    pserv_view_attr(v->content, "action", m->action);
    pserv_view_attr(v->content, "status", t->status);
    pserv_view_attr(v->content, "nomor", t->nomor);
    pserv_view_attr(v->content, "login", pserv_md_login(r, m));
    pserv_view_attr(v->content, "question",
                    pserv_trf(r,
                              approve  ? "maildecide.question.approve"
                              : reject ? "maildecide.question.reject"
                                       : "maildecide.question.return",
                              "%s", t->nomor));
    pserv_view_attr(v->content, "actor", m->as->full_name);
    pserv_view_attr(v->content, "acting_as", pserv_md_as(r, as, stage));
    pserv_view_attr(v->content, "reason", m->reason ? m->reason : "");
    pserv_view_attr(v->content, "reason_error", m->reason_error);
    pserv_view_attr(v->content, "notice", m->notice);
    d = pserv_view_add(v->content, "detail", NULL);
    pserv_view_attr(d, "full_name", t->full_name);
    pserv_view_attr(d, "kind_label", pserv_kind_label(t->kind));
    pserv_view_attr(d, "unit_name", t->unit_name);
    pserv_view_attr(d, "stage_label", stage);
    pserv_view_attr(d, "status_label", pserv_status_label(t->status));
    pserv_view_attr(d, "created",
                    pserv_format_wib_in(r->pool, t->created, pserv_lang(r), 0));
    list = pserv_view_add(v->content, "platforms", NULL);
    for (i = 0; i < t->part[PSERV_PART_PLATFORMS]->nelts; i++) {
        const pserv_trow *p = PSERV_TROW(t, PSERV_PART_PLATFORMS, i);
        xmlNodePtr n = pserv_view_add(list, "platform", NULL);
        pserv_view_attr(n, "name", p->c[0]);
        pserv_view_attr(n, "note", p->c[1]);
    }
    return pserv_view_send(v, status);
}

/* The link of m->token, its account and its ticket: OK when it may still
 * decide; else the page that says why not has been sent (*rv). */
static int pserv_md_open(request_rec *r, pserv_db *db, pserv_md *m, int *rv)
{
    int found, why;

    if (pserv_rate_over(r, PSERV_WRONG_LINKS_BUCKET, PSERV_WRONG_LINKS_MAX,
                        PSERV_WRONG_LINKS_WINDOW)) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      "pserv[MDL01]: decision link refused: too many unknown "
                      "links from this address");
        *rv = pserv_md_message(
            r, NULL, PSERV_MSG_KEY("maildecide.limited.title"), "error",
            pserv_tr(r, "maildecide.limited"), HTTP_TOO_MANY_REQUESTS);
        return 0;
    }
    if (!m->token || !pserv_token_valid(m->token)) {
        *rv = pserv_md_unknown(r);
        return 0;
    }
    if ((found = pserv_maildecide_find(r, db, m->token, &m->link)) < 0) {
        *rv = pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        return 0;
    }
    if (!found) {
        *rv = pserv_md_unknown(r);
        return 0;
    }
    /* The link's account speaks as if it were logged in: its own choice
     * of language before the browser's. */
    if ((m->as = pserv_session_of_account(r, db, m->link.account_id)))
        pserv_lang_use(r, m->as->lang);
    if (!pserv_maildecide_live(&m->link)) {
        *rv = pserv_md_stale(r, m);
        return 0;
    }
    if (!m->action
        || (strcmp(m->action, "approve") && strcmp(m->action, "reject")
            && strcmp(m->action, "return"))) {
        *rv = pserv_error_page(r, HTTP_BAD_REQUEST);
        return 0;
    }
    if (!m->as) {
        *rv = pserv_md_refused(r, m, PSERV_ACT_NOT_YOURS);
        return 0;
    }
    if (!(m->t = pserv_ticket_load(r, db, m->as, m->link.request_id, rv))) {
        if (*rv == HTTP_NOT_FOUND)
            *rv = pserv_md_refused(r, m, PSERV_ACT_NOT_YOURS);
        else
            *rv = pserv_error_page(r, *rv);
        return 0;
    }
    if ((why = pserv_ticket_may_act(m->as, m->t, NULL)) != PSERV_ACT_OK) {
        *rv = pserv_md_refused_or_moved(r, db, m, why);
        return 0;
    }
    return 1;
}

/* Whatever this page asks for next (its CSS, its own POST, the login)
 * names only our origin as Referer, never this URL with its token; the
 * incoming Referer loses its query before anything logs it. Not
 * "no-referrer": under it browsers send "Origin: null" with the form's
 * POST (Fetch, "serializing a request origin"), which pserv_csrf_ok
 * rightly refuses as not our origin. */
static void pserv_md_headers(request_rec *r)
{
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->err_headers_out, "X-Robots-Tag", "noindex, nofollow");
    pserv_audit_scrub_referer(r);
}

int pserv_handle_mail_decide_page(request_rec *r, pserv_session *s,
                                  apr_int64_t id)
{
    apr_table_t *args = NULL;
    pserv_md m;
    pserv_db *db;
    int rv = OK;

    (void)s;
    (void)id;
    pserv_md_headers(r);
    memset(&m, 0, sizeof m);
    ap_args_to_table(r, &args);
    m.token = apr_table_get(args, "t");
    m.action = apr_table_get(args, "a");
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_md_open(r, db, &m, &rv))
        return rv;
    return pserv_md_form(r, &m, HTTP_OK);
}

int pserv_handle_mail_decide(request_rec *r, pserv_session *s, apr_int64_t id)
{
    apr_table_t *in;
    pserv_decision d;
    pserv_md m;
    pserv_db *db;
    int rv = OK;

    (void)s;
    (void)id;
    pserv_md_headers(r);
    /* the CSRF token is checked below, once the link is known: a stale
     * form is shown again rather than refused blankly */
    if ((rv = pserv_form_read(r, 16384, &in)) != OK)
        return pserv_error_page(r, rv);
    memset(&m, 0, sizeof m);
    m.token = apr_table_get(in, "t");
    m.action = apr_table_get(in, "a");
    m.reason = apr_table_get(in, "reason");
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_md_open(r, db, &m, &rv))
        return rv;
    /* The form's own token (the double-submit cookie, or the session's
     * when a browser also has one) and our origin: a page of ours sent
     * it. A stale form is shown again with a fresh token, nothing lost. */
    if (!pserv_csrf_ok(r, apr_table_get(in, "csrf"))) {
        m.notice = pserv_tr(r, "maildecide.form_expired");
        return pserv_md_form(r, &m, HTTP_FORBIDDEN);
    }

    memset(&d, 0, sizeof d);
    d.decision = m.action;
    d.seen = apr_table_get(in, "status");
    d.reason = m.reason;
    d.channel = "e-mail";
    switch ((rv = pserv_decide_check(r, db, m.as, &m.t, &d))) {
    case PSERV_DECIDE_OK:
        break;
    case PSERV_DECIDE_BAD:
        return pserv_error_page(r, HTTP_BAD_REQUEST);
    case PSERV_DECIDE_MOVED:
        break; /* told below, from the link's own look */
    case PSERV_DECIDE_REFUSED:
        return pserv_md_refused_or_moved(r, db, &m, d.why);
    case PSERV_DECIDE_INVALID:
        m.reason = d.reason;
        m.reason_error = d.reason_error;
        return pserv_md_form(r, &m, HTTP_OK);
    default:
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    }
    if (rv == PSERV_DECIDE_OK) {
        switch (pserv_decide_apply(r, db, m.as, &m.t, &d)) {
        case PSERV_DECIDE_OK:
            pserv_maildecide_spent(r, db, m.token);
            return pserv_md_message(
                r, &m,
                d.approve ? PSERV_MSG_KEY("maildecide.done.approve.title")
                : strcmp(d.decision, "reject") == 0
                    ? PSERV_MSG_KEY("maildecide.done.reject.title")
                    : PSERV_MSG_KEY("maildecide.done.return.title"),
                "success",
                d.approve ? pserv_trf(r, "maildecide.done.approve", "%s",
                                      m.link.nomor)
                : strcmp(d.decision, "reject") == 0
                    ? pserv_trf(r, "maildecide.done.reject", "%s", m.link.nomor)
                    : pserv_trf(r, "maildecide.done.return", "%s",
                                m.link.nomor),
                HTTP_OK);
        case PSERV_DECIDE_MOVED:
            break;
        default:
            return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
        }
    }
    /* Another decider (the ticket page, another link) won: say who. */
    if (pserv_maildecide_find(r, db, m.token, &m.link) != 1)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    return pserv_md_stale(r, &m);
}
