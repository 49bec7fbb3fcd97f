/*
 * mail.c: the outbox. A mail is a row written in the same transaction as
 * the change that causes it, so a change never loses its mail; delivery
 * over SMTP happens later, with retries.
 */
#include "mail.h"
#include "i18n.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* subject, text, html, request id, to, now; the language is the reader's
 * (migration 021's pserv_mail_lang, as pserv_mail_lang below) */
PSERV_SQL(mail_queue, 6,
          "INSERT INTO mail_outbox (request_id, to_addr, subject, body_text,"
          " body_html, created_at, next_attempt_at, lang)"
          " SELECT arg.id, arg.to_addr, %s, %s, %s, arg.t, now(),"
          " pserv_mail_lang(arg.to_addr, arg.id)"
          " FROM (SELECT %s::bigint AS id, %s AS to_addr,"
          " %s::timestamptz AS t) arg");
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

/* e-mail, request id (NULL for none) -> the language of the mails to
 * that address (pserv_mail_lang): an active account's choice, else the
 * language of the ticket's form when the address is its requester's */
PSERV_SQL(mail_lang, 2, "SELECT pserv_mail_lang(%s, %s::bigint)");

/* language code, request id: the language the requester used on the
 * form (migration 020) */
PSERV_SQL(request_lang_set, 2,
          "UPDATE requests SET lang = %s WHERE id = %s::bigint");

const pserv_stmt *const pserv_sql_table_mail[] = {
    &pserv_sql_mail_queue,       &pserv_sql_role_emails,
    &pserv_sql_mail_digest_only, &pserv_sql_mail_lang,
    &pserv_sql_request_lang_set, NULL,
};

/* ---- the recipient's language -------------------------------------------- */

/* A language code from the database as an index; Bahasa Indonesia for
 * none or one this build does not know. */
static int pserv_mail_lang_of(const char *code)
{
    int lang = code && *code ? pserv_lang_index(code) : -1;

    return lang < 0 ? 0 : lang;
}

int pserv_mail_lang(pserv_db *db, const char *to, apr_int64_t request_id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (!to || !*to
        || pserv_db_select(db, mail_lang, &res, to,
                           request_id > 0 ? pserv_i64s(db->r, request_id)
                                          : NULL)
               != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    return pserv_mail_lang_of(pserv_db_col(db, row, 0));
}

int pserv_mail_lang_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       const char *to, apr_int64_t request_id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;

    if (!to || !*to
        || pserv_db_select_on(
               dbd, p, s, mail_lang, &res, to,
               request_id > 0 ? apr_psprintf(p, "%" APR_INT64_T_FMT, request_id)
                              : NULL)
               != 0
        || apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0)
        return 0;
    return pserv_mail_lang_of(apr_dbd_get_entry(dbd->driver, row, 0));
}

int pserv_mail_form_lang(pserv_db *db, apr_int64_t request_id)
{
    return pserv_db_query(db, request_lang_set, NULL,
                          pserv_lang_codes[pserv_lang(db->r)],
                          pserv_i64s(db->r, request_id));
}

const char *pserv_mail_signed(apr_pool_t *p, const char *text)
{
    return apr_pstrcat(p, text, PSERV_MAIL_SIGNATURE, NULL);
}

const char *pserv_mail_cta(int lang, const char *status)
{
    if (status && strcmp(status, "executor") == 0)
        return pserv_msg(lang, "mail.cta.executor");
    return pserv_msg(lang, "mail.cta.decide");
}

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
    return pserv_db_query(db, mail_queue, NULL,
                          pserv_mail_subject(r->pool, subject), text, NULL,
                          request_id > 0 ? pserv_i64s(r, request_id) : NULL, to,
                          pserv_now_sql(r));
}

int pserv_mail_queue_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                        apr_int64_t request_id, const char *to,
                        const char *subject, const char *text, const char *now)
{
    if (!to || !*to || strpbrk(to, "\r\n"))
        return APR_EGENERAL;
    return pserv_db_query_on(
        dbd, p, s, mail_queue, NULL, pserv_mail_subject(p, subject), text, NULL,
        request_id > 0 ? apr_psprintf(p, "%" APR_INT64_T_FMT, request_id)
                       : NULL,
        to, now);
}

const char *pserv_mail_facts(apr_pool_t *p, int lang,
                             const pserv_mail_ticket *t)
{
    if (!t)
        return "";
    return pserv_msgf(p, lang, "mail.facts", "%s%s%s%s%s%s", t->nomor,
                      t->full_name, pserv_kind_label(t->kind), t->unit_name,
                      t->platforms && *t->platforms ? t->platforms : "-",
                      pserv_status_label(t->status));
}

/* The mail to the Atasan that a ticket waits on: at the submit
 * (rform.c) and when a unit's BUH changes (master.c). */
int pserv_mail_atasan(request_rec *r, pserv_db *db, apr_int64_t request_id,
                      const char *to, int lang, const char *atasan_name,
                      const char *requester, const pserv_mail_ticket *about,
                      const char *links)
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
        pserv_msgf(r->pool, lang, "mail.atasan.subject", "%s", about->nomor),
        pserv_mail_signed(r->pool,
                          pserv_msgf(r->pool, lang, "mail.atasan.body",
                                     "%s%s%s%s%s", atasan_name, requester,
                                     pserv_mail_facts(r->pool, lang, about),
                                     links ? links : "", link)));
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
