/*
 * handle_password.c: setting a password through an e-mailed link (manual
 * 3.2), and asking for a new link (Lupa Password?).
 *
 *   GET  /password/set?token=T   the page: Username (not editable), the new
 *                                password twice, Show Password, Ubah Password
 *   POST /password/set           sets it; the link is spent only now
 *   GET  /password/forgot        Lupa Password?
 *   POST /password/forgot        a fresh link if the account exists; the
 *                                same answer either way
 *
 * A link is 256 random bits; only its SHA-256 is stored. Opening it spends
 * nothing (mail scanners open links); setting the password spends it with
 * one conditional UPDATE, so two tabs cannot both use it. A new link
 * revokes the older ones.
 */
#include "pserv.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_FORGOT_MAX     5          /* requests per address ... */
#define PSERV_FORGOT_WINDOW  900        /* ... per 15 minutes */

int pserv_password_link_send(request_rec *r, pserv_db *db,
                             apr_int64_t request_id, const char *account_id,
                             const char *to, const char *full_name,
                             const char *username, const char *nomor,
                             const char *facts, pserv_link_why why)
{
    const pserv_dir_conf *c = pserv_conf(r);
    const char *token = pserv_token_new(r->pool), *now = pserv_now_sql(r);
    const char *link, *hours, *subject, *lead;

    if (!token || !to)
        return APR_EGENERAL;
    if (pserv_db_query(db, PSERV_SQL_TOKEN_REVOKE, NULL, now, account_id)
        || pserv_db_query(db, PSERV_SQL_TOKEN_ADD, NULL,
                          pserv_token_hash(r->pool, token), account_id,
                          apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                       apr_time_sec(c->token_lifetime)), now))
        return APR_EGENERAL;
    link = pserv_mail_link(r, apr_pstrcat(r->pool, "/password/set?token=",
                                          token, NULL));
    hours = apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                         apr_time_sec(c->token_lifetime) / 3600);
    if (why == PSERV_LINK_CREATED) {
        subject = apr_psprintf(r->pool, "[P-Serv] User ID Anda telah dibuat "
                               "(%s)", nomor);
        lead = apr_psprintf(r->pool, "Permohonan User ID Anda (Nomor %s) "
                            "telah disetujui oleh semua pihak dan status "
                            "permohonan kini %s. User ID Anda telah dibuat.",
                            nomor, pserv_status_label("completed"));
    }
    else if (why == PSERV_LINK_RESENT) {
        subject = apr_psprintf(r->pool, "[P-Serv] Link pembuatan password "
                               "User ID Anda (%s)", nomor);
        lead = "ICT Helpdesk mengirim ulang link untuk membuat password "
               "User ID Anda. Link yang dikirim sebelumnya tidak berlaku "
               "lagi.";
    }
    else if (why == PSERV_LINK_ADMIN) {
        subject = "[P-Serv] Link pembuatan password User ID Anda";
        lead = "Administrator P-Serv mengirim link untuk membuat password "
               "User ID Anda. Link yang dikirim sebelumnya tidak berlaku "
               "lagi.";
    }
    else {
        subject = "[P-Serv] Permintaan password baru";
        lead = "Kami menerima permintaan untuk membuat password baru bagi "
               "User ID Anda. Abaikan e-mail ini jika Anda tidak memintanya.";
    }
    return pserv_mail_queue(db, request_id, to, subject,
        apr_psprintf(r->pool, "Yth. %s,\n\n%s\n\n%sUser ID         : %s\n\n"
                     "Buat password Anda melalui link berikut (berlaku %s jam, "
                     "hanya sekali pakai):\n%s\n\nSetelah itu, login ke P-Serv "
                     "dengan User ID dan password tersebut.\n\n-- \nP-Serv, "
                     "PT Pertamina Retail\n", full_name, lead,
                     facts ? facts : "", username, hours, link));
}

/* ---- pages ---------------------------------------------------------------- */

static int pserv_message_send(request_rec *r, const char *title,
                              const char *message, const char *type,
                              int status)
{
    pserv_view *v = pserv_view_new(r, "message", title);

    pserv_view_crumb(v, "/login", "Login");
    pserv_view_attr(v->content, "type", type);
    pserv_view_attr(v->content, "message", message);
    pserv_view_attr(v->content, "href", "/login");
    pserv_view_attr(v->content, "link", "Kembali ke Halaman Login");
    return pserv_view_send(v, status);
}

static int pserv_link_invalid(request_rec *r, int used)
{
    return pserv_message_send(r, "Link Tidak Berlaku", used
        ? "Link ini sudah digunakan: password untuk User ID ini sudah dibuat. "
          "Silakan login. Jika lupa password, pilih Lupa Password? di "
          "halaman Login."
        : "Link ini sudah tidak berlaku (kedaluwarsa atau sudah diganti "
          "dengan link yang lebih baru). Minta link baru melalui Lupa "
          "Password? di halaman Login.", "error", HTTP_GONE);
}

typedef struct {
    const char *account_id, *username, *full_name;
    int used, invalid;
} pserv_link;

/* What the link in the request names; 0 when it names nothing. */
static int pserv_link_load(request_rec *r, pserv_db *db, const char *token,
                           pserv_link *l)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!pserv_token_valid(token)
        || pserv_db_select(db, PSERV_SQL_TOKEN_GET, &res, pserv_now_sql(r),
                           pserv_token_hash(r->pool, token)) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    l->account_id = pserv_db_col(db, row, 0);
    l->username = pserv_db_col(db, row, 1);
    l->full_name = pserv_db_col(db, row, 2);
    l->used = *pserv_db_col(db, row, 3) == 't';
    l->invalid = *pserv_db_col(db, row, 4) == 't';
    return 1;
}

static int pserv_set_form(request_rec *r, const char *token,
                          const pserv_link *l, const char *error)
{
    pserv_view *v = pserv_view_new(r, "password_set", "Ubah Password");

    pserv_view_crumb(v, "/login", "Login");
    pserv_view_attr(v->content, "token", token);
    pserv_view_attr(v->content, "username", l->username);
    pserv_view_attr(v->content, "full_name", l->full_name);
    pserv_view_attr(v->content, "error", error);
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_password_set_page(request_rec *r, apr_int64_t id)
{
    apr_table_t *args = NULL;
    pserv_db *db = pserv_db_get(r);
    const char *token;
    pserv_link l;

    (void)id;
    if (!db)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    ap_args_to_table(r, &args);
    token = apr_table_get(args, "token");
    if (!pserv_link_load(r, db, token, &l))
        return pserv_link_invalid(r, 0);
    if (l.used || l.invalid)
        return pserv_link_invalid(r, l.used);
    /* Requests from this page (its form, its CSS) name only our origin,
     * never this URL with its token. */
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "strict-origin");
    return pserv_set_form(r, token, &l, NULL);
}

int pserv_handle_password_set(request_rec *r, apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    const char *token, *problem, *hash;
    pserv_link l;
    int rv;

    (void)id;
    /* The page this comes from holds the token in its URL. */
    pserv_audit_scrub_referer(r);
    if ((rv = pserv_form_post(r, 8192, &in)) != OK)
        return pserv_error_page(r, rv);
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    token = apr_table_get(in, "token");
    if (!pserv_link_load(r, db, token, &l))
        return pserv_link_invalid(r, 0);
    if (l.used || l.invalid)
        return pserv_link_invalid(r, l.used);
    problem = pserv_password_problem(l.username,
                                     apr_table_get(in, "password"),
                                     apr_table_get(in, "password2"));
    if (problem)
        return pserv_set_form(r, token, &l, problem);
    if (!(hash = pserv_password_hash(r->pool, apr_table_get(in, "password"))))
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);

    if (pserv_db_begin(db) != 0)
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_db_select(db, PSERV_SQL_TOKEN_USE, &res, pserv_now_sql(r),
                        pserv_token_hash(r->pool, token)) != 0
        || !pserv_db_row(db, res, 1)) {
        /* Another tab (or a replay) spent it first. */
        pserv_db_rollback(db);
        return pserv_link_invalid(r, 1);
    }
    pserv_db_query(db, PSERV_SQL_PASSWORD_SET, NULL, hash, pserv_now_sql(r),
                   l.account_id);
    pserv_db_query(db, PSERV_SQL_SESSIONS_END, NULL, l.account_id);
    if (pserv_db_end(db) != 0)
        return pserv_error_page(r, HTTP_INTERNAL_SERVER_ERROR);
    pserv_audit(r, "password.set", l.username, "account", l.username,
                NULL);
    return pserv_message_send(r, "Password Berhasil Diubah",
        apr_pstrcat(r->pool, "Password untuk User ID ", l.username,
                    " berhasil dibuat. Silakan login dengan User ID dan "
                    "password baru Anda.", NULL), "success", HTTP_OK);
}

static int pserv_forgot_form(request_rec *r, const char *message,
                             const char *type)
{
    pserv_view *v = pserv_view_new(r, "password_forgot", "Lupa Password?");

    pserv_view_crumb(v, "/login", "Login");
    if (message)
        pserv_view_attr(pserv_view_add(v->content, "message", message),
                        "type", type);
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_password_forgot_page(request_rec *r, apr_int64_t id)
{
    (void)id;
    return pserv_forgot_form(r, NULL, NULL);
}

/* The answer does not depend on whether the account exists. */
int pserv_handle_password_forgot(request_rec *r, apr_int64_t id)
{
    apr_table_t *in;
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *who;
    int rv;

    (void)id;
    if ((rv = pserv_form_post(r, 4096, &in)) != OK)
        return pserv_error_page(r, rv);
    who = apr_table_get(in, "login");
    if (!who || !*who || !pserv_valid_text(who, 254, 0))
        return pserv_forgot_form(r, "Isi Username atau E-mail.", "error");
    if (!(db = pserv_db_get(r)))
        return pserv_error_page(r, HTTP_SERVICE_UNAVAILABLE);
    if (pserv_rate_limited(r, "forgot", PSERV_FORGOT_MAX,
                           PSERV_FORGOT_WINDOW)) {
        pserv_audit(r, "password.forgot", NULL, "login", who,
                    "refused", "rate-limited", NULL);
        return pserv_forgot_form(r, "Terlalu banyak permintaan dari alamat "
                                 "ini. Coba lagi dalam 15 menit.", "error");
    }
    if (pserv_db_select(db, PSERV_SQL_ACCOUNT_FIND, &res, who) == 0
        && (row = pserv_db_row(db, res, 1))) {
        const char *aid = pserv_db_col(db, row, 0);
        const char *account = pserv_db_col(db, row, 1);
        int queued = 0;             /* the worker sends it later */
        if (pserv_db_begin(db) == 0) {
            if (pserv_password_link_send(r, db, 0, aid,
                                         pserv_db_col(db, row, 3),
                                         pserv_db_col(db, row, 2),
                                         account, NULL,
                                         NULL, PSERV_LINK_RESET) != 0)
                pserv_db_rollback(db);
            else
                queued = pserv_db_end(db) == 0;
        }
        pserv_audit(r, "password.forgot", NULL, "login", who,
                    "account", account, "link", queued ? "queued" : "failed",
                    NULL);
    }
    else
        pserv_audit(r, "password.forgot", NULL, "login", who,
                    "account", NULL, NULL);
    return pserv_forgot_form(r, "Jika Username atau E-mail tersebut "
                             "terdaftar, link untuk membuat password baru "
                             "telah dikirim ke e-mail akun tersebut. Periksa "
                             "kotak masuk Anda.", "success");
}
