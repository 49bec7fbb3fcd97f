/*
 * handle_admin_subject.c: Permintaan Data Pribadi, the Administrator's
 * answer to a data subject's request (issue 23, UU No. 27/2022;
 * docs/PRIVACY.md "Subject requests").
 *
 *   GET  /admin/subject?nopek=..&email=..   everything held about one
 *                               person: the HR master's row, the accounts,
 *                               the requests with their attachments (name,
 *                               size, type), the mails to the person's
 *                               addresses
 *   POST /admin/subject/export  the same as a JSON file (attachments listed,
 *                               their bytes not included); one access_log
 *                               row (kind 'subject') per request exported
 *   POST /admin/subject/requests/N/anonymise
 *                               a confirmation, then migration 023's
 *                               pserv_anonymise_request at the request's
 *                               clock; refused while the ticket is in the
 *                               flow, or completed with an active account
 *
 * The person is named exactly: requests, accounts and the employee row
 * whose nopek is the one given or whose e-mail is the one given (case
 * aside); mails to the e-mail given and to the addresses the nopek's own
 * rows hold. A prefix or part of an address matches nothing. Their routes
 * are PSERV_ADMIN (route.c); every POST checks the CSRF token and writes
 * an audit line. An account's own data is not anonymised here: it is
 * changed or deactivated on the account's page.
 */
#include "form.h"
#include "audit.h"
#include "db.h"
#include "view.h"
#include "respond.h"
#include "handlers.h"
#include "i18n.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_SUBJECT_FORM_MAX  4096
#define PSERV_SUBJECT_EMAIL_MAX 254

/* ---- statements (db.h: PSERV_SQL) ---- */

/* Every statement starts with the person: nopek ('' for none), e-mail
 * ('' for none; compared in lower case). */
#define PSERV_SUBJECT_ARG                                                      \
    "WITH arg AS (SELECT nullif(%s, '') AS nopek,"                             \
    " nullif(lower(%s), '') AS email)"
#define PSERV_SUBJECT_MINE(t)                                                  \
    " (" t ".nopek = arg.nopek OR lower(" t ".email) = arg.email)"

/* person -> the requests: id, Nomor, kind, nopek, name, position, e-mail,
 * unit code, unit name, Atasan's nopek, note, status, created, updated,
 * anonymised, attachments purged (epochs), its account's username and
 * whether it is active, the notice's version */
PSERV_SQL(
    subject_requests, 2,
    PSERV_SUBJECT_ARG
    " SELECT r.id, r.nomor, r.kind, r.nopek, r.full_name, r.position,"
    " r.email, r.unit_code, coalesce(u.name, r.unit_code), r.atasan_nopek,"
    " r.note, r.status, extract(epoch FROM r.created_at)::bigint,"
    " extract(epoch FROM r.updated_at)::bigint,"
    " extract(epoch FROM r.anonymised_at)::bigint,"
    " extract(epoch FROM r.attachments_purged_at)::bigint,"
    " a.username, coalesce(a.active, false), r.privacy_notice"
    " FROM arg, requests r LEFT JOIN units u ON u.code = r.unit_code"
    " LEFT JOIN accounts a ON a.id = r.account_id"
    " WHERE" PSERV_SUBJECT_MINE("r") " ORDER BY r.created_at DESC, r.id DESC");

/* person -> the attachments of the requests: request id, file name, type,
 * size, stored (epoch) */
PSERV_SQL(subject_attachments, 2,
          PSERV_SUBJECT_ARG
          " SELECT f.request_id, f.filename, f.content_type, f.size,"
          " extract(epoch FROM f.created_at)::bigint"
          " FROM arg, attachments f JOIN requests r ON r.id = f.request_id"
          " WHERE" PSERV_SUBJECT_MINE("r") " ORDER BY f.request_id, f.id");

/* person -> the platforms asked for: request id, code, name, note */
PSERV_SQL(
    subject_platforms, 2,
    PSERV_SUBJECT_ARG
    " SELECT p.request_id, p.platform_code, coalesce(pl.name,"
    " p.platform_code), p.note"
    " FROM arg, request_platforms p JOIN requests r ON r.id = p.request_id"
    " LEFT JOIN platforms pl ON pl.code = p.platform_code"
    " WHERE" PSERV_SUBJECT_MINE("r") " ORDER BY p.request_id, p.platform_code");

/* person -> the accounts: id, username, name, nopek, e-mail, unit, active,
 * created, last login (epochs), roles (space-separated) */
PSERV_SQL(
    subject_accounts, 2,
    PSERV_SUBJECT_ARG
    " SELECT a.id, a.username, a.full_name, a.nopek, a.email, a.unit_code,"
    " a.active, extract(epoch FROM a.created_at)::bigint,"
    " extract(epoch FROM a.last_login_at)::bigint,"
    " (SELECT string_agg(role, ' ' ORDER BY role) FROM account_roles"
    "  WHERE account_id = a.id)"
    " FROM arg, accounts a WHERE" PSERV_SUBJECT_MINE(
        "a") " ORDER BY a.username");

/* person -> the HR master's rows: nopek, name, position, e-mail, unit
 * code, unit name, supervisor's nopek, employment type, active, updated */
PSERV_SQL(subject_employees, 2,
          PSERV_SUBJECT_ARG
          " SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code,"
          " coalesce(u.name, e.unit_code), e.supervisor_nopek,"
          " e.employment_type, e.active,"
          " extract(epoch FROM e.updated_at)::bigint"
          " FROM arg, employees e LEFT JOIN units u ON u.code = e.unit_code"
          " WHERE" PSERV_SUBJECT_MINE("e") " ORDER BY e.nopek");

/* person -> the mails to the person's addresses (the e-mail given, and
 * those the nopek's own rows hold): to, subject, status, queued, sent
 * (epochs), the ticket's Nomor */
PSERV_SQL(subject_mails, 2,
          PSERV_SUBJECT_ARG
          ", addr AS ("
          " SELECT arg.email AS a FROM arg WHERE arg.email IS NOT NULL"
          " UNION SELECT lower(e.email) FROM arg, employees e"
          "  WHERE e.nopek = arg.nopek"
          " UNION SELECT lower(a.email) FROM arg, accounts a"
          "  WHERE a.nopek = arg.nopek AND a.email IS NOT NULL"
          " UNION SELECT lower(r.email) FROM arg, requests r"
          "  WHERE r.nopek = arg.nopek)"
          " SELECT m.to_addr, m.subject, m.status,"
          " extract(epoch FROM m.created_at)::bigint,"
          " extract(epoch FROM m.sent_at)::bigint, r.nomor"
          " FROM mail_outbox m LEFT JOIN requests r ON r.id = m.request_id"
          " WHERE lower(m.to_addr) IN (SELECT a FROM addr)"
          " ORDER BY m.created_at DESC, m.id DESC LIMIT 1000");

/* person, now, account id, username, client address -> one access_log row
 * per request of the person (kind 'subject') */
PSERV_SQL(
    subject_access, 6,
    PSERV_SUBJECT_ARG
    " INSERT INTO access_log (at, account_id, username, request_id,"
    " nomor, kind, client_ip)"
    " SELECT %s::timestamptz, %s::bigint, %s, r.id, r.nomor, 'subject', %s"
    " FROM arg, requests r WHERE" PSERV_SUBJECT_MINE("r"));

/* person, request id -> Nomor, status, anonymised already, its account
 * active, whether it is the person's; the ticket locked */
PSERV_SQL(
    subject_anon_check, 3,
    PSERV_SUBJECT_ARG
    " SELECT r.nomor, r.status, r.anonymised_at IS NOT NULL,"
    " coalesce((SELECT a.active FROM accounts a"
    "  WHERE a.id = r.account_id), false),"
    " coalesce(" PSERV_SUBJECT_MINE(
        "r") ", false)"
             " FROM arg, requests r WHERE r.id = %s::bigint FOR UPDATE OF r");

/* request id, now -> true when anonymised now (migration 023) */
PSERV_SQL(subject_anonymise, 2,
          "SELECT pserv_anonymise_request(%s::bigint, %s::timestamptz)");

const pserv_stmt *const pserv_sql_table_handle_admin_subject[] = {
    &pserv_sql_subject_requests,  &pserv_sql_subject_attachments,
    &pserv_sql_subject_platforms, &pserv_sql_subject_accounts,
    &pserv_sql_subject_employees, &pserv_sql_subject_mails,
    &pserv_sql_subject_access,    &pserv_sql_subject_anon_check,
    &pserv_sql_subject_anonymise, NULL,
};

/* ---- the person -------------------------------------------------------- */

typedef struct {
    const char *nopek, *email;             /* as typed, trimmed ("": none) */
    const char *nopek_error, *email_error; /* NULL: fine */
} pserv_subject;

/* The person from a table (the query or the form); 1 when one is named
 * and what is named is valid. */
static int pserv_subject_read(request_rec *r, apr_table_t *in, pserv_subject *p)
{
    const char *v;

    memset(p, 0, sizeof *p);
    v = in ? apr_table_get(in, "nopek") : NULL;
    p->nopek = v && pserv_valid_text(v, 100, 0) ? pserv_trim(r->pool, v) : "";
    v = in ? apr_table_get(in, "email") : NULL;
    p->email = v && pserv_valid_text(v, 300, 0) ? pserv_trim(r->pool, v) : "";
    if (*p->nopek && !pserv_valid_nopek(p->nopek))
        p->nopek_error = pserv_tr(r, "subject.nopek.invalid");
    if (*p->email
        && (strlen(p->email) > PSERV_SUBJECT_EMAIL_MAX
            || !pserv_valid_email(p->email)))
        p->email_error = pserv_tr(r, "subject.email.invalid");
    return (*p->nopek || *p->email) && !p->nopek_error && !p->email_error;
}

/* "?nopek=..&email=.." of the page for p */
static const char *pserv_subject_query(request_rec *r, const pserv_subject *p)
{
    return apr_pstrcat(
        r->pool, "nopek=", ap_escape_urlencoded(r->pool, p->nopek),
        "&email=", ap_escape_urlencoded(r->pool, p->email), NULL);
}

/* Whether request (status, anonymised, its account active) may be
 * anonymised: 0, or why not. */
enum {
    PSERV_SUBJECT_ANON_OK = 0,
    PSERV_SUBJECT_ANON_DONE,    /* already */
    PSERV_SUBJECT_ANON_FLOW,    /* waiting at a stage or returned */
    PSERV_SUBJECT_ANON_ACCOUNT, /* completed, its account active */
};

static int pserv_subject_anon_why(const char *status, int anonymised,
                                  int account_active)
{
    if (anonymised)
        return PSERV_SUBJECT_ANON_DONE;
    if (strcmp(status, "completed") == 0)
        return account_active ? PSERV_SUBJECT_ANON_ACCOUNT
                              : PSERV_SUBJECT_ANON_OK;
    if (strcmp(status, "rejected") == 0 || strcmp(status, "cancelled") == 0)
        return PSERV_SUBJECT_ANON_OK;
    return PSERV_SUBJECT_ANON_FLOW; /* atasan ... executor, returned */
}

static const char *const pserv_subject_anon_code[] = {
    "ok",
    "done",
    "flow",
    "account",
};

/* ---- the page ---------------------------------------------------------- */

typedef struct {
    const char *notice, *notice_kind; /* a message on top: ok | refused */
    apr_int64_t confirm_id;           /* the request to confirm, or 0 */
} pserv_subject_show;

/* The page for p (looked up when p names a person validly). */
static int pserv_subject_page(request_rec *r, pserv_db *db,
                              const pserv_subject *p, int valid,
                              const pserv_subject_show *show, int status)
{
    pserv_view *v =
        pserv_view_new(r, "admin_subject", pserv_tr(r, "subject.title"));
    xmlNodePtr c = v->content, n;
    apr_dbd_results_t *res = NULL, *files = NULL;
    apr_dbd_row_t *row, *frow;
    apr_hash_t *nodes = apr_hash_make(r->pool);
    int i, count = 0;
    const char *nopek = apr_pstrdup(r->pool, p->nopek),
               *email = apr_pstrdup(r->pool, p->email);

    pserv_view_crumb(v, "/home", pserv_tr(r, "admin.crumb.home"));
    pserv_view_attr(c, "nopek", p->nopek);
    pserv_view_attr(c, "email", p->email);
    pserv_view_attr(c, "nopek_error", p->nopek_error);
    pserv_view_attr(c, "email_error", p->email_error);
    if (show && show->notice) {
        n = pserv_view_add(c, "notice", show->notice);
        pserv_view_attr(n, "kind", show->notice_kind);
    }
    if (!valid)
        return pserv_view_send(v, status);
    pserv_view_attr(c, "searched", "1");
    pserv_view_attr(c, "query", pserv_subject_query(r, p));

    if (pserv_db_select(db, subject_employees, &res, nopek, email) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        n = pserv_view_add(c, "employee", NULL);
        pserv_view_attr(n, "nopek", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "full_name", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "position", pserv_db_col(db, row, 2));
        pserv_view_attr(n, "email", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "unit_name", pserv_db_col(db, row, 5));
        pserv_view_attr(n, "employment_type", pserv_db_col(db, row, 7));
        pserv_view_attr(n, "active",
                        *pserv_db_col(db, row, 8) == 't' ? "1" : "0");
    }
    if (pserv_db_select(db, subject_accounts, &res, nopek, email) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        n = pserv_view_add(c, "account", NULL);
        pserv_view_attr(n, "id", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "username", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "full_name", pserv_db_col(db, row, 2));
        pserv_view_attr(n, "nopek", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "email", pserv_db_col(db, row, 4));
        pserv_view_attr(n, "active",
                        *pserv_db_col(db, row, 6) == 't' ? "1" : "0");
        pserv_view_time(r, n, "created", pserv_db_col(db, row, 7));
        pserv_view_time(r, n, "last_login", pserv_db_col(db, row, 8));
        pserv_view_attr(n, "roles", pserv_db_col(db, row, 9));
    }
    if (pserv_db_select(db, subject_requests, &res, nopek, email) != 0
        || pserv_db_select(db, subject_attachments, &files, nopek, email) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        const char *id = pserv_db_col(db, row, 0),
                   *st = pserv_db_col(db, row, 11);
        const char *anon = pserv_db_col(db, row, 14);
        int why = pserv_subject_anon_why(st, anon != NULL,
                                         *pserv_db_col(db, row, 17) == 't');
        count++;
        n = pserv_view_add(c, "request", NULL);
        apr_hash_set(nodes, id, APR_HASH_KEY_STRING, n);
        pserv_view_attr(n, "id", id);
        pserv_view_attr(n, "nomor", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "kind_label",
                        pserv_kind_label(pserv_db_col(db, row, 2)));
        pserv_view_attr(n, "nopek", pserv_db_col(db, row, 3));
        pserv_view_attr(n, "full_name", pserv_db_col(db, row, 4));
        pserv_view_attr(n, "email", pserv_db_col(db, row, 6));
        pserv_view_attr(n, "unit_name", pserv_db_col(db, row, 8));
        pserv_view_attr(n, "status", st);
        pserv_view_attr(n, "status_label", pserv_status_label(st));
        pserv_view_time(r, n, "created", pserv_db_col(db, row, 12));
        pserv_view_time(r, n, "updated", pserv_db_col(db, row, 13));
        pserv_view_time(r, n, "anonymised", anon);
        pserv_view_time(r, n, "purged", pserv_db_col(db, row, 15));
        pserv_view_attr(n, "account", pserv_db_col(db, row, 16));
        pserv_view_attr(n, "anon", pserv_subject_anon_code[why]);
        if (show && show->confirm_id == apr_atoi64(id))
            pserv_view_attr(n, "confirm", "1");
    }
    pserv_view_attr(c, "count", apr_itoa(r->pool, count));
    for (i = 1; (frow = pserv_db_row(db, files, i)); i++) {
        xmlNodePtr parent =
            apr_hash_get(nodes, pserv_db_col(db, frow, 0), APR_HASH_KEY_STRING);
        if (!parent)
            continue;
        n = pserv_view_add(parent, "attachment", NULL);
        pserv_view_attr(n, "filename", pserv_db_col(db, frow, 1));
        pserv_view_attr(n, "content_type", pserv_db_col(db, frow, 2));
        pserv_view_attr(
            n, "size",
            pserv_format_size_in(r->pool, apr_atoi64(pserv_db_col(db, frow, 3)),
                                 pserv_lang(r)));
    }
    if (pserv_db_select(db, subject_mails, &res, nopek, email) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        n = pserv_view_add(c, "mail", NULL);
        pserv_view_attr(n, "to", pserv_db_col(db, row, 0));
        pserv_view_attr(n, "subject", pserv_db_col(db, row, 1));
        pserv_view_attr(n, "status", pserv_db_col(db, row, 2));
        pserv_view_time(r, n, "queued", pserv_db_col(db, row, 3));
        pserv_view_time(r, n, "sent", pserv_db_col(db, row, 4));
        pserv_view_attr(n, "nomor", pserv_db_col(db, row, 5));
    }
    return pserv_view_send(v, status);
}

int pserv_handle_admin_subject(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_subject_show show = { NULL, NULL, 0 };
    apr_table_t *args = NULL;
    pserv_subject p;
    pserv_db *db;
    const char *done;
    int valid;

    (void)id;
    ap_args_to_table(r, &args);
    valid = pserv_subject_read(r, args, &p);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if ((done = apr_table_get(args, "done")) && strcmp(done, "anonymised") == 0
        && (done = apr_table_get(args, "nomor"))
        && pserv_valid_text(done, 40, 0)) {
        show.notice = pserv_trf(r, "subject.anon.done", "%s", done);
        show.notice_kind = "ok";
    }
    if (valid)
        pserv_audit(r, "subject.lookup", s->username, "nopek",
                    *p.nopek ? p.nopek : NULL, "email",
                    *p.email ? "given" : NULL, NULL);
    return pserv_subject_page(r, db, &p, valid, &show, HTTP_OK);
}

/* ---- the export -------------------------------------------------------- */

/* epoch column -> ISO 8601 in WIB, or null */
static void pserv_subject_json_time(request_rec *r, pserv_json *j,
                                    const char *key, const char *epoch)
{
    pserv_json_kstr(
        j, key,
        epoch && *epoch ? pserv_format_iso(r->pool, apr_atoi64(epoch)) : NULL);
}

/* The rows of res, each its first ncols columns (a result set can be read
 * through once: db.c's pserv_db_col). */
static apr_array_header_t *pserv_subject_rows(pserv_db *db,
                                              apr_dbd_results_t *res, int ncols)
{
    apr_array_header_t *all =
        apr_array_make(db->r->pool, 8, sizeof(const char **));
    apr_dbd_row_t *row;
    int i, k;

    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        const char **v = apr_pcalloc(db->r->pool, ncols * sizeof *v);
        for (k = 0; k < ncols; k++)
            v[k] = pserv_db_col(db, row, k);
        APR_ARRAY_PUSH(all, const char **) = v;
    }
    return all;
}

/* The bundle for p, or NULL when the database failed. */
static pserv_json *pserv_subject_json(request_rec *r, pserv_db *db,
                                      pserv_session *s, const pserv_subject *p,
                                      int *nrequests)
{
    apr_dbd_results_t *res = NULL, *files = NULL, *plats = NULL;
    apr_array_header_t *fa, *pa;
    apr_dbd_row_t *row;
    pserv_json *j = pserv_json_new(r->pool);
    const char *nopek = apr_pstrdup(r->pool, p->nopek),
               *email = apr_pstrdup(r->pool, p->email);
    int i, k;

    *nrequests = 0;
    pserv_json_object(j);
    pserv_json_kstr(j, "format", "p-serv-subject-export/1");
    pserv_json_kstr(j, "generated_at",
                    pserv_format_iso(r->pool, apr_time_sec(pserv_now(r))));
    pserv_json_kstr(j, "generated_by", s->username);
    pserv_json_key(j, "subject");
    pserv_json_object(j);
    pserv_json_kstr(j, "nopek", *p->nopek ? p->nopek : NULL);
    pserv_json_kstr(j, "email", *p->email ? p->email : NULL);
    pserv_json_end(j);
    pserv_json_kstr(j, "attachments_note",
                    "attachments are listed by file name, type and size; "
                    "their contents are not included");

    if (pserv_db_select(db, subject_employees, &res, nopek, email) != 0)
        return NULL;
    pserv_json_key(j, "employee");
    pserv_json_array(j);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_json_object(j);
        pserv_json_kstr(j, "nopek", pserv_db_col(db, row, 0));
        pserv_json_kstr(j, "full_name", pserv_db_col(db, row, 1));
        pserv_json_kstr(j, "position", pserv_db_col(db, row, 2));
        pserv_json_kstr(j, "email", pserv_db_col(db, row, 3));
        pserv_json_kstr(j, "unit_code", pserv_db_col(db, row, 4));
        pserv_json_kstr(j, "unit_name", pserv_db_col(db, row, 5));
        pserv_json_kstr(j, "supervisor_nopek", pserv_db_col(db, row, 6));
        pserv_json_kstr(j, "employment_type", pserv_db_col(db, row, 7));
        pserv_json_kbool(j, "active", *pserv_db_col(db, row, 8) == 't');
        pserv_subject_json_time(r, j, "updated_at", pserv_db_col(db, row, 9));
        pserv_json_end(j);
    }
    pserv_json_end(j);

    if (pserv_db_select(db, subject_accounts, &res, nopek, email) != 0)
        return NULL;
    pserv_json_key(j, "accounts");
    pserv_json_array(j);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_json_object(j);
        pserv_json_kstr(j, "username", pserv_db_col(db, row, 1));
        pserv_json_kstr(j, "full_name", pserv_db_col(db, row, 2));
        pserv_json_kstr(j, "nopek", pserv_db_col(db, row, 3));
        pserv_json_kstr(j, "email", pserv_db_col(db, row, 4));
        pserv_json_kstr(j, "unit_code", pserv_db_col(db, row, 5));
        pserv_json_kbool(j, "active", *pserv_db_col(db, row, 6) == 't');
        pserv_subject_json_time(r, j, "created_at", pserv_db_col(db, row, 7));
        pserv_subject_json_time(r, j, "last_login_at",
                                pserv_db_col(db, row, 8));
        pserv_json_kstr(j, "roles", pserv_db_col(db, row, 9));
        pserv_json_end(j);
    }
    pserv_json_end(j);

    if (pserv_db_select(db, subject_requests, &res, nopek, email) != 0
        || pserv_db_select(db, subject_attachments, &files, nopek, email) != 0
        || pserv_db_select(db, subject_platforms, &plats, nopek, email) != 0)
        return NULL;
    fa = pserv_subject_rows(db, files, 5);
    pa = pserv_subject_rows(db, plats, 4);
    pserv_json_key(j, "requests");
    pserv_json_array(j);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        const char *id = pserv_db_col(db, row, 0),
                   *st = pserv_db_col(db, row, 11);
        (*nrequests)++;
        pserv_json_object(j);
        pserv_json_kstr(j, "nomor", pserv_db_col(db, row, 1));
        pserv_json_kstr(j, "kind", pserv_db_col(db, row, 2));
        pserv_json_kstr(j, "nopek", pserv_db_col(db, row, 3));
        pserv_json_kstr(j, "full_name", pserv_db_col(db, row, 4));
        pserv_json_kstr(j, "position", pserv_db_col(db, row, 5));
        pserv_json_kstr(j, "email", pserv_db_col(db, row, 6));
        pserv_json_kstr(j, "unit_code", pserv_db_col(db, row, 7));
        pserv_json_kstr(j, "unit_name", pserv_db_col(db, row, 8));
        pserv_json_kstr(j, "atasan_nopek", pserv_db_col(db, row, 9));
        pserv_json_kstr(j, "note", pserv_db_col(db, row, 10));
        pserv_json_kstr(j, "status", st);
        pserv_json_kstr(j, "status_label", pserv_status_label(st));
        pserv_subject_json_time(r, j, "created_at", pserv_db_col(db, row, 12));
        pserv_subject_json_time(r, j, "updated_at", pserv_db_col(db, row, 13));
        pserv_subject_json_time(r, j, "anonymised_at",
                                pserv_db_col(db, row, 14));
        pserv_subject_json_time(r, j, "attachments_purged_at",
                                pserv_db_col(db, row, 15));
        pserv_json_kstr(j, "privacy_notice", pserv_db_col(db, row, 18));
        pserv_json_key(j, "platforms");
        pserv_json_array(j);
        for (k = 0; k < pa->nelts; k++) {
            const char **x = APR_ARRAY_IDX(pa, k, const char **);
            if (strcmp(x[0], id) != 0)
                continue;
            pserv_json_object(j);
            pserv_json_kstr(j, "code", x[1]);
            pserv_json_kstr(j, "name", x[2]);
            pserv_json_kstr(j, "note", x[3]);
            pserv_json_end(j);
        }
        pserv_json_end(j);
        pserv_json_key(j, "attachments");
        pserv_json_array(j);
        for (k = 0; k < fa->nelts; k++) {
            const char **x = APR_ARRAY_IDX(fa, k, const char **);
            if (strcmp(x[0], id) != 0)
                continue;
            pserv_json_object(j);
            pserv_json_kstr(j, "filename", x[1]);
            pserv_json_kstr(j, "content_type", x[2]);
            pserv_json_kint(j, "size", apr_atoi64(x[3]));
            pserv_subject_json_time(r, j, "stored_at", x[4]);
            pserv_json_end(j);
        }
        pserv_json_end(j);
        pserv_json_end(j);
    }
    pserv_json_end(j);

    if (pserv_db_select(db, subject_mails, &res, nopek, email) != 0)
        return NULL;
    pserv_json_key(j, "mails");
    pserv_json_array(j);
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        pserv_json_object(j);
        pserv_json_kstr(j, "to", pserv_db_col(db, row, 0));
        pserv_json_kstr(j, "subject", pserv_db_col(db, row, 1));
        pserv_json_kstr(j, "status", pserv_db_col(db, row, 2));
        pserv_subject_json_time(r, j, "queued_at", pserv_db_col(db, row, 3));
        pserv_subject_json_time(r, j, "sent_at", pserv_db_col(db, row, 4));
        pserv_json_kstr(j, "nomor", pserv_db_col(db, row, 5));
        pserv_json_end(j);
    }
    pserv_json_end(j);
    pserv_json_end(j);
    return j;
}

int pserv_handle_admin_subject_export(request_rec *r, pserv_session *s,
                                      apr_int64_t id)
{
    apr_table_t *in;
    apr_time_exp_t t;
    pserv_subject p;
    pserv_json *j;
    pserv_db *db;
    const char *body;
    apr_size_t len = 0;
    int rv, rows = 0, n = 0;

    (void)id;
    if ((rv = pserv_form_post(r, PSERV_SUBJECT_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_subject_read(r, in, &p))
        return pserv_subject_page(r, db, &p, 0, NULL, HTTP_BAD_REQUEST);
    /* The record first: no export leaves without its access lines. */
    if (pserv_db_query(db, subject_access, &rows, apr_pstrdup(r->pool, p.nopek),
                       apr_pstrdup(r->pool, p.email), pserv_now_sql(r),
                       pserv_i64s(r, s->account_id), s->username,
                       r->useragent_ip ? r->useragent_ip : "")
        != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!(j = pserv_subject_json(r, db, s, &p, &n))
        || !(body = pserv_json_finish(j, &len))) {
        pserv_audit(r, "subject.export", s->username, "nopek",
                    *p.nopek ? p.nopek : NULL, "email",
                    *p.email ? "given" : NULL, "result", "failed", NULL);
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    }
    pserv_audit(r, "subject.export", s->username, "nopek",
                *p.nopek ? p.nopek : NULL, "email", *p.email ? "given" : NULL,
                "requests", apr_itoa(r->pool, n), "result", "complete", NULL);
    apr_time_exp_tz(&t, pserv_now(r), 7 * 3600);
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_psprintf(r->pool,
                                "attachment; filename=\"p-serv-subject-"
                                "%04d%02d%02d.json\"",
                                t.tm_year + 1900, t.tm_mon + 1, t.tm_mday));
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    ap_set_content_type(r, "application/json; charset=utf-8");
    ap_set_content_length(r, len);
    if (!r->header_only)
        ap_rwrite(body, (int)len, r);
    return OK;
}

/* ---- anonymise ----------------------------------------------------------- */

int pserv_handle_admin_subject_anonymise(request_rec *r, pserv_session *s,
                                         apr_int64_t id)
{
    pserv_subject_show show = { NULL, "refused", 0 };
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    apr_table_t *in;
    pserv_subject p;
    pserv_db *db;
    const char *nomor, *status;
    int rv, why, mine, done = 0;

    if ((rv = pserv_form_post(r, PSERV_SUBJECT_FORM_MAX, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (!pserv_subject_read(r, in, &p))
        return pserv_subject_page(r, db, &p, 0, NULL, HTTP_BAD_REQUEST);
    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, subject_anon_check, &res,
                        apr_pstrdup(r->pool, p.nopek),
                        apr_pstrdup(r->pool, p.email), pserv_i64s(r, id))
        != 0) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    }
    if (!(row = pserv_db_row(db, res, 1))) {
        pserv_db_rollback(db);
        return pserv_error_page(r, HTTP_NOT_FOUND);
    }
    nomor = pserv_db_col(db, row, 0);
    status = pserv_db_col(db, row, 1);
    why = pserv_subject_anon_why(status, *pserv_db_col(db, row, 2) == 't',
                                 *pserv_db_col(db, row, 3) == 't');
    mine = *pserv_db_col(db, row, 4) == 't';
    if (!mine && why != PSERV_SUBJECT_ANON_DONE) {
        pserv_db_rollback(db);
        pserv_audit(r, "subject.anonymise.refused", s->username, "nomor", nomor,
                    "reason", "not-this-person", NULL);
        show.notice = pserv_trf(r, "subject.anon.not_mine", "%s", nomor);
        return pserv_subject_page(r, db, &p, 1, &show, HTTP_CONFLICT);
    }
    if (why == PSERV_SUBJECT_ANON_OK && !apr_table_get(in, "confirm")) {
        pserv_db_rollback(db);
        show.confirm_id = id;
        show.notice = pserv_trf(r, "subject.anon.confirm", "%s", nomor);
        show.notice_kind = "confirm";
        return pserv_subject_page(r, db, &p, 1, &show, HTTP_OK);
    }
    if (why == PSERV_SUBJECT_ANON_OK) {
        if (pserv_db_select(db, subject_anonymise, &res, pserv_i64s(r, id),
                            pserv_now_sql(r))
                != 0
            || !(row = pserv_db_row(db, res, 1))) {
            pserv_db_rollback(db);
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        }
        done = *pserv_db_col(db, row, 0) == 't';
        if (pserv_db_end(db) != 0)
            return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
        if (done) {
            pserv_audit(r, "subject.anonymise", s->username, "nomor", nomor,
                        "status", status, NULL);
            return pserv_redirect(
                r, apr_pstrcat(r->pool, "/admin/subject?",
                               pserv_subject_query(r, &p),
                               "&done=anonymised&nomor=",
                               ap_escape_urlencoded(r->pool, nomor), NULL));
        }
        why = PSERV_SUBJECT_ANON_DONE; /* done meanwhile */
    }
    else
        pserv_db_rollback(db);
    pserv_audit(r, "subject.anonymise.refused", s->username, "nomor", nomor,
                "status", status, "reason", pserv_subject_anon_code[why], NULL);
    show.notice = why == PSERV_SUBJECT_ANON_DONE
                      ? pserv_trf(r, "subject.anon.already", "%s", nomor)
                  : why == PSERV_SUBJECT_ANON_FLOW
                      ? pserv_trf(r, "subject.anon.flow", "%s%s", nomor,
                                  pserv_status_label(status))
                      : pserv_trf(r, "subject.anon.account", "%s", nomor);
    return pserv_subject_page(r, db, &p, 1, &show,
                              why == PSERV_SUBJECT_ANON_DONE ? HTTP_OK
                                                             : HTTP_CONFLICT);
}
