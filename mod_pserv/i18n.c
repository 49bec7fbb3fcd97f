/*
 * i18n.c: which language a request's pages speak. The account's choice
 * comes with the session (session.c reads accounts.lang in the statement
 * it runs anyway), the cookie and Accept-Language from the request: no
 * statement of its own unless the person switches.
 */
#include "i18n.h"

#include "apr_strings.h"

#include "core/cookie.h"

#define PSERV_LANG_COOKIE  "pserv_lang"
#define PSERV_LANG_MAX_AGE "31536000" /* a year */

/* ---- statements (db.h: PSERV_SQL) ---- */

/* language, account -> the language before */
PSERV_SQL(lang_set, 2,
          "UPDATE accounts a SET lang = %s FROM (SELECT id, lang"
          " FROM accounts WHERE id = %s::bigint FOR UPDATE) o"
          " WHERE a.id = o.id RETURNING o.lang");

const pserv_stmt *const pserv_sql_table_i18n[] = {
    &pserv_sql_lang_set,
    NULL,
};

static int pserv_lang_cookie_line(void *ctx, const char *key, const char *val)
{
    request_rec *r = ((void **)ctx)[0];

    (void)key;
    pserv_cookie_scan(r->pool, val, PSERV_LANG_COOKIE, ((void **)ctx)[1]);
    return 1;
}

int pserv_lang_cookie(request_rec *r)
{
    pserv_cookie_found f;
    void *ctx[2];

    memset(&f, 0, sizeof f);
    ctx[0] = r;
    ctx[1] = &f;
    apr_table_do(pserv_lang_cookie_line, ctx, r->headers_in, "Cookie", NULL);
    return f.duplicated ? -1 : pserv_lang_index(f.value);
}

int pserv_lang(request_rec *r)
{
    pserv_req *q = pserv_req_get(r);
    pserv_session *s;
    int lang;

    if (q->lang)
        return q->lang - 1;
    if (!((s = pserv_session_load(r))
          && (lang = pserv_lang_index(s->lang)) >= 0)
        && (lang = pserv_lang_cookie(r)) < 0
        && (lang = pserv_lang_accept(
                apr_table_get(r->headers_in, "Accept-Language")))
               < 0)
        lang = 0;
    q->lang = lang + 1;
    return lang;
}

void pserv_lang_use(request_rec *r, const char *code)
{
    int lang = pserv_lang_index(code);

    if (lang >= 0)
        pserv_req_get(r)->lang = lang + 1;
}

int pserv_lang_choose(request_rec *r, pserv_session *s, int lang,
                      const char **was)
{
    const char *code = pserv_lang_codes[lang];
    pserv_db *db;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;

    *was = NULL;
    apr_table_addn(
        r->err_headers_out, "Set-Cookie",
        apr_pstrcat(
            r->pool, PSERV_LANG_COOKIE "=", code,
            ";Path=/;Max-Age=" PSERV_LANG_MAX_AGE ";HttpOnly;SameSite=Lax",
            pserv_conf_cookie_secure(pserv_conf(r)) ? ";Secure" : "", NULL));
    pserv_req_get(r)->lang = lang + 1;
    if (!s)
        return 0;
    if (!(db = pserv_db_get(r))
        || pserv_db_select(db, lang_set, &res, code,
                           pserv_i64s(r, s->account_id))
               != 0)
        return -1;
    if ((row = pserv_db_row(db, res, 1)))
        *was = pserv_db_col(db, row, 0);
    s->lang = code;
    return 0;
}

const char *pserv_tr(request_rec *r, const char *key)
{
    return pserv_msg(pserv_lang(r), key);
}

const char *pserv_trf(request_rec *r, const char *key, const char *args, ...)
{
    va_list ap;
    const char *text;

    va_start(ap, args);
    text = pserv_msgv(r->pool, pserv_lang(r), key, args, ap);
    va_end(ap);
    return text;
}
