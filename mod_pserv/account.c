/*
 * account.c: the account service: the set-password link that the
 * Executor's account creation, its resend, Lupa Password? and the
 * Administrator all send.
 */
#include "mail.h"
#include "account.h"

#include "apr_strings.h"

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
