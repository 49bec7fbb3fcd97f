/*
 * account.c: the account service: the set-password link that the
 * Executor's account creation, its resend, Lupa Password? and the
 * Administrator all send.
 */
#include "mail.h"
#include "account.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* username, now: forget its failures, and everybody's older than a day */
PSERV_SQL(login_fail_clear, 2,
          "DELETE FROM login_failures"
          " WHERE username = %s OR at < %s::timestamptz - interval '1 day'");
/* now, account id: earlier unused set-password links stop working */
PSERV_SQL(token_revoke, 2,
          "UPDATE one_time_tokens SET revoked_at = %s::timestamptz"
          " WHERE account_id = %s::bigint AND purpose = 'set_password'"
          " AND used_at IS NULL AND revoked_at IS NULL");
/* now, account id, address: the earlier unused links whose mail went to
 * that address (the outbox row written with the link, naming its token)
 * stop working; a link mailed elsewhere, or never mailed, keeps working
 * until it is used or expires. */
PSERV_SQL(token_revoke_to, 3,
          "WITH arg AS (SELECT %s::timestamptz AS now, %s::bigint AS id,"
          " lower(%s) AS addr)"
          " UPDATE one_time_tokens t SET revoked_at = arg.now FROM arg"
          " WHERE t.account_id = arg.id AND t.purpose = 'set_password'"
          " AND t.used_at IS NULL AND t.revoked_at IS NULL"
          " AND t.expires_at > arg.now"
          " AND EXISTS (SELECT 1 FROM mail_outbox m"
          "   WHERE m.created_at = t.created_at AND lower(m.to_addr) = arg.addr"
          "   AND sha256(convert_to(substring(m.body_text"
          "     FROM '/password/set\\?token=([A-Za-z0-9_-]{43})'), 'UTF8'))"
          "     = t.token_hash)");
/* hash, account id, lifetime (s), now */
PSERV_SQL(token_add, 4,
          "INSERT INTO one_time_tokens (token_hash, purpose, account_id,"
          " created_at, expires_at) SELECT decode(%s, 'hex'), 'set_password',"
          " %s::bigint, arg.t, arg.t + make_interval(secs => %s::int)"
          " FROM (SELECT %s::timestamptz AS t) arg");
/* username, nopek, full name, e-mail, unit, password source, now -> id
 * (none if taken) */
PSERV_SQL(account_create, 7,
          "INSERT INTO accounts (username, nopek, full_name, email, unit_code,"
          " password_source, created_at, updated_at)"
          " SELECT %s, %s, %s, %s, %s, %s, arg.t, arg.t"
          " FROM (SELECT %s::timestamptz AS t) arg"
          " ON CONFLICT (username) DO NOTHING RETURNING id");
/* account id -> where its password lives (migration 017) */
PSERV_SQL(account_source, 1,
          "SELECT password_source FROM accounts WHERE id = %s::bigint");
/* username -> 1 row when its password lives in a directory */
PSERV_SQL(account_directory, 1,
          "SELECT 1 FROM accounts WHERE username = %s"
          " AND password_source <> 'pserv'");
/* username */
PSERV_SQL(account_exists, 1, "SELECT 1 FROM accounts WHERE username = %s");
/* account id: every session of the account ends */
PSERV_SQL(sessions_end, 1,
          "DELETE FROM sessions WHERE account_id = %s::bigint");

const pserv_stmt *const pserv_sql_table_account[] = {
    &pserv_sql_login_fail_clear,  &pserv_sql_token_revoke,
    &pserv_sql_token_revoke_to,   &pserv_sql_token_add,
    &pserv_sql_sessions_end,      &pserv_sql_account_create,
    &pserv_sql_account_exists,    &pserv_sql_account_source,
    &pserv_sql_account_directory, NULL,
};

int pserv_account_create(request_rec *r, pserv_db *db, const char *username,
                         const char *nopek, const char *full_name,
                         const char *email, const char *unit_code,
                         const char **account_id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, account_create, &res, username, nopek, full_name,
                        email, unit_code, pserv_conf(r)->new_account_source,
                        pserv_now_sql(r))
        != 0)
        return APR_EGENERAL;
    if (!(row = pserv_db_row(db, res, 1)))
        return HTTP_CONFLICT;
    *account_id = pserv_db_col(db, row, 0);
    return 0;
}

int pserv_account_directory(pserv_db *db, const char *username)
{
    apr_dbd_results_t *res = NULL;

    return pserv_db_select(db, account_directory, &res, username) == 0
           && pserv_db_row(db, res, 1);
}

int pserv_account_username_taken(pserv_db *db, const char *username)
{
    apr_dbd_results_t *res = NULL;

    return pserv_db_select(db, account_exists, &res, username) == 0
           && pserv_db_row(db, res, 1);
}

const char *pserv_account_source(pserv_db *db, const char *account_id)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    if (pserv_db_select(db, account_source, &res, account_id) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return NULL;
    return pserv_db_col(db, row, 0);
}

/* The mail instead of a link, for an account whose password lives in the
 * company's directory (password_source not "pserv"): the same subject and
 * lead, and where the password is; earlier links stop working. */
static int pserv_directory_mail_send(request_rec *r, pserv_db *db,
                                     apr_int64_t request_id,
                                     const char *account_id, const char *to,
                                     int lang, const char *full_name,
                                     const char *username, const char *facts,
                                     const char *subject, const char *lead)
{
    if (pserv_mail_queue(
            db, request_id, to, subject,
            pserv_mail_signed(
                r->pool, pserv_msgf(r->pool, lang, "mail.password.directory",
                                    "%s%s%s%s%s", full_name, lead, facts,
                                    username, pserv_mail_link(r, "/login"))))
        || pserv_db_query(db, token_revoke, NULL, pserv_now_sql(r), account_id))
        return APR_EGENERAL;
    return 0;
}

int pserv_password_link_send(request_rec *r, pserv_db *db,
                             apr_int64_t request_id, const char *account_id,
                             const char *to, const char *full_name,
                             const char *username, const char *nomor,
                             const pserv_mail_ticket *about, pserv_link_why why)
{
    const pserv_dir_conf *c = pserv_conf(r);
    const char *token = pserv_token_new(r->pool), *now = pserv_now_sql(r);
    const char *link, *hours, *subject, *lead, *source, *facts;
    int lang;

    if (!token || !to || !(source = pserv_account_source(db, account_id)))
        return APR_EGENERAL;
    /* the reader's language: their account's choice, else (a new
     * account's first mail) the language of their request's form */
    lang = pserv_mail_lang(db, to, request_id);
    facts = pserv_mail_facts(r->pool, lang, about);
    link = pserv_mail_link(
        r, apr_pstrcat(r->pool, "/password/set?token=", token, NULL));
    hours = apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                         apr_time_sec(c->token_lifetime) / 3600);
    if (why == PSERV_LINK_CREATED) {
        subject = pserv_msgf(r->pool, lang, "mail.password.created.subject",
                             "%s", nomor);
        lead = pserv_msgf(r->pool, lang, "mail.password.created.lead", "%s%s",
                          nomor, pserv_status_label("completed"));
    }
    else if (why == PSERV_LINK_RESENT) {
        subject = pserv_msgf(r->pool, lang, "mail.password.resent.subject",
                             "%s", nomor);
        lead = pserv_msg(lang, "mail.password.resent.lead");
    }
    else if (why == PSERV_LINK_ADMIN) {
        subject = pserv_msg(lang, "mail.password.admin.subject");
        lead = pserv_msg(lang, "mail.password.admin.lead");
    }
    else if (why == PSERV_LINK_NEW_ACCOUNT) {
        subject = pserv_msg(lang, "mail.password.new_account.subject");
        lead = pserv_msg(lang, "mail.password.new_account.lead");
    }
    else {
        subject = pserv_msg(lang, "mail.password.reset.subject");
        lead = pserv_msg(lang, "mail.password.reset.lead");
    }
    if (strcmp(source, "pserv") != 0)
        return pserv_directory_mail_send(r, db, request_id, account_id, to,
                                         lang, full_name, username, facts,
                                         subject, lead);
    /* The mail first: older links are revoked only once the new one is
     * queued. Lupa Password? (anyone may ask) revokes only the links
     * mailed to this same address, so asking cannot take away a working
     * link that went elsewhere (an onboarding mail to the address of the
     * request, the account's e-mail changed since). The staff's links
     * replace every earlier one. */
    if (pserv_mail_queue(
            db, request_id, to, subject,
            pserv_mail_signed(r->pool,
                              pserv_msgf(r->pool, lang, "mail.password.link",
                                         "%s%s%s%s%s%s", full_name, lead, facts,
                                         username, hours, link)))
        || (why == PSERV_LINK_RESET
                ? pserv_db_query(db, token_revoke_to, NULL, now, account_id, to)
                : pserv_db_query(db, token_revoke, NULL, now, account_id))
        || pserv_db_query(db, token_add, NULL, pserv_token_hash(r->pool, token),
                          account_id,
                          apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                       apr_time_sec(c->token_lifetime)),
                          now))
        return APR_EGENERAL;
    return 0;
}

int pserv_account_failures_clear(pserv_db *db, const char *username,
                                 const char *now)
{
    return pserv_db_query(db, login_fail_clear, NULL, username, now);
}

int pserv_account_links_revoke(pserv_db *db, const char *account_id,
                               const char *now)
{
    return pserv_db_query(db, token_revoke, NULL, now, account_id);
}

int pserv_account_sessions_end(pserv_db *db, const char *account_id, int *ended)
{
    return pserv_db_query(db, sessions_end, ended, account_id);
}
