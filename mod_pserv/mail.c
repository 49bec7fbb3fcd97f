/*
 * mail.c: the outbox. A mail is a row written in the same transaction as
 * the change that causes it, so a change never loses its mail; delivery
 * over SMTP happens later, with retries.
 */
#include "pserv.h"

#include "apr_strings.h"

/* Queue one message (inside the caller's transaction). Header values are
 * single lines: CR and LF become spaces, so no value can add a header. */
int pserv_mail_queue(pserv_db *db, apr_int64_t request_id, const char *to,
                     const char *subject, const char *text)
{
    request_rec *r = db->r;
    char *subj = apr_pstrdup(r->pool, subject), *c;

    if (!to || !*to || strpbrk(to, "\r\n"))
        return APR_EGENERAL;
    for (c = subj; *c; c++)
        if (*c == '\r' || *c == '\n')
            *c = ' ';
    return pserv_db_query(db, PSERV_SQL_MAIL_QUEUE, NULL,
                          request_id > 0 ? pserv_i64s(r, request_id) : NULL,
                          to, subj, text, NULL, pserv_now_sql(r));
}

/* A link for e-mail: always from PservBaseURL, never the Host header. */
const char *pserv_mail_link(request_rec *r, const char *path)
{
    return apr_pstrcat(r->pool, pserv_conf(r)->base_url, path, NULL);
}
