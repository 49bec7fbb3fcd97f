/*
 * mail.c: the outbox. A mail is a row written in the same transaction as
 * the change that causes it, so a change never loses its mail; delivery
 * over SMTP happens later, with retries.
 */
#include "mail.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* request id, to, subject, text, html, now */
PSERV_SQL(mail_queue, 6,
          "INSERT INTO mail_outbox (request_id, to_addr, subject, body_text,"
          " body_html, created_at, next_attempt_at)"
          " SELECT %s::bigint, %s, %s, %s, %s, arg.t, now()"
          " FROM (SELECT %s::timestamptz AS t) arg");
/* role -> e-mail and name of everyone who holds it */
PSERV_SQL(role_emails, 1,
          "SELECT a.email, a.full_name FROM accounts a"
          " JOIN account_roles ar ON ar.account_id = a.id"
          " WHERE ar.role = %s AND a.active AND a.email IS NOT NULL"
          " ORDER BY a.username");

/* e-mail -> a row when the active accounts with this address all chose
 * the daily digest only (Pengaturan Notifikasi, migration 016) */
PSERV_SQL(mail_digest_only, 1,
          "SELECT 1 FROM accounts WHERE active AND lower(email) = lower(%s)"
          " HAVING bool_and(notify = 'digest')");

const pserv_stmt *const pserv_sql_table_mail[] = {
    &pserv_sql_mail_queue,
    &pserv_sql_role_emails,
    &pserv_sql_mail_digest_only,
    NULL,
};

/* Queue one message (inside the caller's transaction). Header values are
 * single lines: CR and LF become spaces, so no value can add a header. */
static const char *pserv_mail_subject(apr_pool_t *p, const char *subject)
{
    char *subj = apr_pstrdup(p, subject), *c;

    for (c = subj; *c; c++)
        if (*c == '\r' || *c == '\n')
            *c = ' ';
    return subj;
}

int pserv_mail_queue(pserv_db *db, apr_int64_t request_id, const char *to,
                     const char *subject, const char *text)
{
    request_rec *r = db->r;

    if (!to || !*to || strpbrk(to, "\r\n"))
        return APR_EGENERAL;
    return pserv_db_query(
        db, mail_queue, NULL, request_id > 0 ? pserv_i64s(r, request_id) : NULL,
        to, pserv_mail_subject(r->pool, subject), text, NULL, pserv_now_sql(r));
}

int pserv_mail_queue_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_int64_t request_id, const char *to,
                        const char *subject, const char *text, const char *now)
{
    if (!to || !*to || strpbrk(to, "\r\n"))
        return APR_EGENERAL;
    return pserv_db_query_on(
        dbd, p, s, mail_queue, NULL,
        request_id > 0 ? apr_psprintf(p, "%" APR_INT64_T_FMT, request_id)
                       : NULL,
        to, pserv_mail_subject(p, subject), text, NULL, now);
}

const char *pserv_mail_facts(apr_pool_t *p, const char *nomor,
                             const char *full_name, const char *kind,
                             const char *unit_name, const char *platforms,
                             const char *status)
{
    return apr_psprintf(
        p,
        "Nomor           : %s\nPemohon         : %s\nJenis User ID   : %s\n"
        "Divisi/Cab/Unit : %s\nPlatform System : %s\nStatus          : %s\n",
        nomor, full_name, pserv_kind_label(kind), unit_name,
        platforms && *platforms ? platforms : "-", pserv_status_label(status));
}

/* The mail to the Atasan that a ticket waits on: at the submit
 * (rform.c) and when a unit's BUH changes (master.c). */
int pserv_mail_atasan(request_rec *r, pserv_db *db, apr_int64_t request_id,
                      const char *to, const char *atasan_name,
                      const char *nomor, const char *requester,
                      const char *facts, const char *links)
{
    const char *link = pserv_mail_link(
        r, apr_psprintf(r->pool, "/requests/%" APR_INT64_T_FMT, request_id));
    apr_dbd_results_t *res = NULL;

    /* An Atasan who chose the daily digest only hears of it there. */
    if (!to || pserv_db_select(db, mail_digest_only, &res, to) != 0)
        return APR_EGENERAL;
    if (pserv_db_row(db, res, 1))
        return 0;
    return pserv_mail_queue(
        db, request_id, to,
        apr_psprintf(r->pool,
                     "[P-Serv] Permohonan User ID %s menunggu "
                     "persetujuan Anda",
                     nomor),
        apr_psprintf(r->pool,
                     "Yth. %s,\n\n%s mengajukan permohonan User "
                     "ID baru dan menunggu persetujuan Anda sebagai "
                     "Atasan Pemohon.\n\n%s\n%sBuka tiket untuk menyetujui "
                     "atau menolak:\n%s\n\n-- \nP-Serv, PT Pertamina "
                     "Retail\n",
                     atasan_name, requester, facts, links ? links : "", link));
}

/* A link for e-mail: always from PservBaseURL, never the Host header. */
const char *pserv_mail_link(request_rec *r, const char *path)
{
    return apr_pstrcat(r->pool, pserv_conf(r)->base_url, path, NULL);
}

int pserv_mail_role_emails(pserv_db *db, const char *role,
                           apr_dbd_results_t **res)
{
    return pserv_db_select(db, role_emails, res, role);
}

int pserv_mail_role_emails_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                              const char *role, apr_dbd_results_t **res)
{
    return pserv_db_select_on(dbd, p, s, role_emails, res, role);
}
