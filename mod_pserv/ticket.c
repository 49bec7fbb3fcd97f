/*
 * ticket.c: the ticket service the pages and the API share: one ticket
 * with everything its page shows, who may act on it, and the list (its
 * filter as the query string gives it, its links, its statement).
 * Handlers call these; these call the session, the database and core/.
 */
#include "audit.h"
#include "ticket.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_SEARCH_MAX 100
#define PSERV_PAGE_MAX   10000

/* The ticket with everything its page shows, if s may see it; NULL
 * otherwise (*rv: 404 or 503). One statement. */
pserv_ticket *pserv_ticket_load(request_rec *r, pserv_db *db,
                                const pserv_session *s, apr_int64_t id,
                                int *rv)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_ticket *t;
    int i, k, n;

    if (pserv_db_select(db, PSERV_SQL_TICKET_GET, &res, pserv_i64s(r, id),
                        pserv_session_scope(s)) != 0) {
        *rv = HTTP_SERVICE_UNAVAILABLE;
        return NULL;
    }
    /* Rows are asked for by number up to the count only: apr_dbd_pgsql
     * frees the result when asked for one past the end. */
    n = apr_dbd_num_tuples(db->dbd->driver, res);
    if (n < 1 || !(row = pserv_db_row(db, res, 1))
        || strcmp(pserv_db_col(db, row, 0), "0") != 0) {
        /* Not there, or not this user's to see: one answer, one line. */
        pserv_audit(r, "not-visible", s->username, "ticket",
                    pserv_i64s(r, id), NULL);
        *rv = HTTP_NOT_FOUND;
        return NULL;
    }
    t = apr_pcalloc(r->pool, sizeof *t);
    t->id = pserv_db_col(db, row, 2);
    t->nomor = pserv_db_col(db, row, 3);
    t->status = pserv_db_col(db, row, 4);
    t->created = apr_atoi64(pserv_db_col(db, row, 5));
    t->kind = pserv_db_col(db, row, 6);
    t->nopek = pserv_db_col(db, row, 7);
    t->full_name = pserv_db_col(db, row, 8);
    t->position = pserv_db_col(db, row, 9);
    t->email = pserv_db_col(db, row, 10);
    t->unit_name = pserv_db_col(db, row, 11);
    t->atasan_nopek = pserv_db_col(db, row, 12);
    t->atasan_name = pserv_db_col(db, row, 13);
    t->note = pserv_db_col(db, row, 14);
    t->account_username = pserv_db_col(db, row, 15);
    t->unit_code = pserv_db_col(db, row, 16);
    for (k = 1; k <= PSERV_PART_LOG; k++)
        t->part[k] = apr_array_make(r->pool, 8, sizeof(pserv_trow));
    for (i = 2; i <= n && (row = pserv_db_row(db, res, i)); i++) {
        pserv_trow *tr;
        k = atoi(pserv_db_col(db, row, 0));
        if (k < PSERV_PART_PLATFORMS || k > PSERV_PART_LOG)
            continue;
        tr = apr_array_push(t->part[k]);
        for (n = 0; n < PSERV_TICKET_COLS; n++)
            tr->c[n] = pserv_db_col(db, row, n + 2);
        n = apr_dbd_num_tuples(db->dbd->driver, res);
    }
    return t;
}

/* Whether s may decide on t now, given whether s already decided an
 * earlier stage: PSERV_ACT_OK or the reason not. */
int pserv_ticket_may_act(const pserv_session *s, const pserv_ticket *t,
                         int decided_before)
{
    pserv_actor who = { s->nopek, s->roles };
    pserv_ticket_facts facts = { t->status, t->atasan_nopek, t->nopek,
                                 decided_before };

    return pserv_may_act(&who, &facts);
}

/* 1 when account decided a stage of t (from the approvals). */
int pserv_ticket_decided_by(const pserv_ticket *t, apr_int64_t account)
{
    int i;

    for (i = 0; i < t->part[PSERV_PART_APPROVALS]->nelts; i++)
        if (apr_atoi64(PSERV_TROW(t, PSERV_PART_APPROVALS, i)->c[4])
            == account)
            return 1;
    return 0;
}

/* What waits for this user: their first stage in the chain. */
static const char *pserv_list_default_status(const pserv_session *s)
{
    int i;

    for (i = 0; i < pserv_stage_count(); i++) {
        const char *st = pserv_stage_status_at(i);
        const char *role = pserv_status_role(st);
        if (role && pserv_session_has_role(s, role))
            return st;
    }
    return pserv_session_has_role(s, "admin") ? "" : "atasan";
}

/* The query string as a table. The filter form is a GET form, which sends
 * a space as '+' (a '+' typed comes as %2B); ap_args_to_table only undoes
 * %XX, so the '+' become spaces first. */
static apr_table_t *pserv_list_args(request_rec *r)
{
    apr_table_t *a = NULL;
    char *saved = r->args, *c;

    if (saved) {
        r->args = apr_pstrdup(r->pool, saved);
        for (c = r->args; *c; c++)
            if (*c == '+')
                *c = ' ';
    }
    ap_args_to_table(r, &a);
    r->args = saved;
    return a;
}

/* The filter from the query string; anything malformed is dropped
 * rather than refused, so an edited URL still shows a page. The search is
 * trimmed. */
void pserv_list_filter_read(request_rec *r, const pserv_session *s,
                            pserv_list_filter *f)
{
    apr_table_t *a = pserv_list_args(r);
    const char *v;
    int size;

    f->status = apr_table_get(a, "status");
    if (!f->status)
        f->status = (r->args && *r->args) ? ""
                                          : pserv_list_default_status(s);
    else if (*f->status && !pserv_status_label(f->status))
        f->status = "";
    f->kind = apr_table_get(a, "kind");
    if (!f->kind || !pserv_kind_label(f->kind))
        f->kind = "";
    f->from = apr_table_get(a, "from");
    if (!f->from || !pserv_valid_date(f->from))
        f->from = "";
    f->to = apr_table_get(a, "to");
    if (!f->to || !pserv_valid_date(f->to))
        f->to = "";
    f->q = apr_table_get(a, "q");
    if (!f->q || !pserv_valid_text(f->q, PSERV_SEARCH_MAX, 0))
        f->q = "";
    v = apr_table_get(a, "sort");
    f->sort = v && strcmp(v, "asc") == 0 ? "asc" : "desc";
    v = apr_table_get(a, "size");
    size = v ? atoi(v) : 25;
    f->size = size == 10 || size == 50 || size == 100 ? size : 25;
    v = apr_table_get(a, "page");
    f->page = v ? atoi(v) : 1;
    if (f->page < 1 || f->page > PSERV_PAGE_MAX)
        f->page = 1;
    f->q = pserv_trim(r->pool, f->q);
}

/* The filter as a query string (without size and page). */
const char *pserv_list_query(request_rec *r, const pserv_list_filter *f)
{
    return apr_psprintf(r->pool, "status=%s&kind=%s&from=%s&to=%s&q=%s&sort=%s",
                        ap_escape_urlencoded(r->pool, f->status),
                        ap_escape_urlencoded(r->pool, f->kind), f->from, f->to,
                        ap_escape_urlencoded(r->pool, f->q), f->sort);
}

const char *pserv_list_href(request_rec *r, const char *base,
                            const pserv_list_filter *f, int page)
{
    return apr_psprintf(r->pool, "%s?%s&size=%d&page=%d", base,
                        pserv_list_query(r, f), f->size, page);
}

int pserv_list_select(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, apr_dbd_results_t **res)
{
    return pserv_db_select(db, strcmp(f->sort, "asc") == 0
                               ? PSERV_SQL_LIST_ASC : PSERV_SQL_LIST_DESC,
                           res, pserv_session_scope(s), f->status, f->kind, f->from,
                           f->to, pserv_like_escape(r->pool, f->q),
                           apr_itoa(r->pool, f->size + 1),
                           apr_itoa(r->pool, (f->page - 1) * f->size));
}
