/*
 * master.c: the master-data service (master.h). A unit's BUH is the
 * Atasan of its UNIT requests, stored on each ticket at the submit
 * (requests.atasan_nopek); when the Administrator changes the BUH, the
 * tickets still waiting at stage 1 move to the new one.
 */
#include "mail.h"
#include "ticket.h"
#include "master.h"
#include "actors.h"
#include "maildecide.h"

#include "apr_strings.h"

/* ---- statements (db.h: PSERV_SQL) ---- */

#define PSERV_UNIT_WAITING_WHERE                                               \
    " r.unit_code = arg.unit AND r.kind = 'UNIT' AND r.status = 'atasan'"      \
    " AND r.atasan_nopek IS DISTINCT FROM arg.head"

/* unit code, new head -> PSERV_WAIT_* */
PSERV_SQL(unit_waiting, 2,
          "WITH arg AS (SELECT %s::text AS unit, %s::text AS head)"
          " SELECT r.id, r.nomor, r.full_name,"
          " extract(epoch FROM r.updated_at)::bigint, r.atasan_nopek,"
          " e.full_name FROM arg, requests r"
          " LEFT JOIN employees e ON e.nopek = r.atasan_nopek"
          " WHERE" PSERV_UNIT_WAITING_WHERE " ORDER BY r.updated_at, r.id");
/* unit code, new head -> id, nomor, full name, kind, unit name,
 * platforms, old atasan's nopek and name. updated_at stays: the reminder
 * sweep reads it as the stage's start. */
PSERV_SQL(
    unit_reroute, 2,
    "WITH arg AS (SELECT %s::text AS unit, %s::text AS head),"
    " o AS (SELECT r.id, r.atasan_nopek AS old FROM arg, requests r"
    "   WHERE" PSERV_UNIT_WAITING_WHERE " FOR UPDATE OF r)"
    " UPDATE requests r SET atasan_nopek = arg.head FROM arg, o"
    " WHERE r.id = o.id"
    " RETURNING r.id, r.nomor, r.full_name, r.kind,"
    " (SELECT u.name FROM units u WHERE u.code = r.unit_code),"
    " (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order, p.name)"
    "   FROM request_platforms rp JOIN platforms p"
    "   ON p.code = rp.platform_code WHERE rp.request_id = r.id),"
    " o.old, (SELECT e.full_name FROM employees e WHERE e.nopek = o.old)");

const pserv_stmt *const pserv_sql_table_master[] = {
    &pserv_sql_unit_waiting,
    &pserv_sql_unit_reroute,
    NULL,
};

int pserv_unit_waiting(pserv_db *db, const char *unit_code,
                       const char *head_nopek, apr_dbd_results_t **res)
{
    return pserv_db_select(db, unit_waiting, res, unit_code, head_nopek);
}

/* "Rina Wulandari (10010002)", or the nopek alone. */
static const char *pserv_unit_person(request_rec *r, const char *name,
                                     const char *nopek)
{
    return name && *name ? apr_psprintf(r->pool, "%s (%s)", name, nopek)
                         : nopek;
}

int pserv_unit_reroute(request_rec *r, pserv_db *db, const pserv_session *s,
                       const char *unit_code, const char *head_nopek,
                       const char *head_name, const char *head_email,
                       apr_array_header_t **moved)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *now = pserv_now_sql(r);
    const char *to = pserv_unit_person(r, head_name, head_nopek);
    pserv_actx x;
    int i;

    pserv_actx_of(r, db, &x);
    *moved = apr_array_make(r->pool, 4, sizeof(const char *));
    if (pserv_db_select(db, unit_reroute, &res, unit_code, head_nopek) != 0)
        return APR_EGENERAL;
    for (i = 1; (row = pserv_db_row(db, res, i)); i++) {
        const char *id = pserv_db_col(db, row, 0);
        const char *nomor = pserv_db_col(db, row, 1);
        const char *full_name = pserv_db_col(db, row, 2);
        const char *old = pserv_db_col(db, row, 6);
        const char *from = pserv_unit_person(r, pserv_db_col(db, row, 7), old);
        const char *links;
        pserv_mail_ticket about = { nomor,
                                    full_name,
                                    pserv_db_col(db, row, 3),
                                    pserv_db_col(db, row, 4),
                                    pserv_db_col(db, row, 5),
                                    "atasan" };
        /* the new Atasan's mail in their language */
        int lang = pserv_mail_lang(db, head_email, apr_atoi64(id));

        if (pserv_ticket_log_add(db, id, now, pserv_i64s(r, s->account_id),
                                 s->full_name, "Administrator",
                                 apr_psprintf(r->pool,
                                              "Atasan dialihkan dari %s ke %s",
                                              from, to),
                                 NULL)
                != 0
            || !(links = pserv_maildecide_atasan_links(&x, apr_atoi64(id),
                                                       head_email, lang))
            || pserv_mail_atasan(r, db, apr_atoi64(id), head_email, lang,
                                 head_name, full_name, &about, links)
                   != 0
            /* the new Atasan's delegates; nobody who may act: stuck */
            || pserv_stage_arrived(&x, apr_atoi64(id), NULL, 1) != 0)
            return APR_EGENERAL;
        APR_ARRAY_PUSH(*moved, const char *) = nomor;
    }
    return 0;
}
