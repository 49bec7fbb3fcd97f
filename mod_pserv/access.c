/*
 * access.c: the access record (access.h): rows of access_log written for
 * the reads that are not a ticket page or an attachment (those write
 * theirs in the statement that reads them).
 */
#include "access.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

/* now, account id, username, kind, client address, request ids as an
 * array literal "{1,2}": one row per ticket, with its Nomor */
PSERV_SQL(access_add, 6,
          "INSERT INTO access_log (at, account_id, username, request_id,"
          " nomor, kind, client_ip) SELECT arg.now, arg.account, arg.who,"
          " r.id, r.nomor, arg.kind, arg.ip"
          " FROM (SELECT %s::timestamptz AS now, %s::bigint AS account,"
          "   %s::text AS who, %s::text AS kind, %s::text AS ip,"
          "   %s::bigint[] AS ids) arg"
          " JOIN requests r ON r.id = ANY (arg.ids)");

const pserv_stmt *const pserv_sql_table_access[] = {
    &pserv_sql_access_add,
    NULL,
};

int pserv_access_record(request_rec *r, pserv_db *db, const pserv_session *s,
                        const char *kind, const apr_array_header_t *ids)
{
    if (!ids || !ids->nelts)
        return 0;
    return pserv_db_query(
        db, access_add, NULL, pserv_now_sql(r), pserv_i64s(r, s->account_id),
        s->username, kind, r->useragent_ip,
        apr_pstrcat(r->pool, "{",
                    apr_array_pstrcat(r->pool, (apr_array_header_t *)ids, ','),
                    "}", NULL));
}
